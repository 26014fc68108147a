"""What a key judgement rests on: its driving inputs, each sourced or the analyst's judgement.

A scenario marks every value with the ``sources`` it cites and, where the analyst filled a
gap, a ``judgement:`` note. Which value is which matters to the reader: a capability of 1.00
or a BATNA of 0.35 next to a source list reads as sourced when it is the analyst's call. The
rule, by the kind of value (docs/report.md, "Key judgements"):

- **a stated red line or position** is sourced when its stance cites at least one outside
  source (any reliability but ``analyst judgement``): it is what a party said;
- **a BATNA, a salience, a belief about commitments, a conflict preference** is sourced
  only when it cites an outside source *and* carries no ``judgement:`` note: these are
  numbers or rankings the analyst assigns, which a source can anchor but rarely states;
- **a capability** is always judgement: no source states a party's power as a number.

:func:`basis_of` turns a list of :class:`Input` into the
:class:`~accord.overview.briefing_records.Basis` of a judgement: the sourced share and the
inputs named, sourced first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from accord.model import Scenario
from accord.model.actors import Reliability
from accord.model.conflict import Conflict
from accord.overview.briefing_records import Basis
from accord.overview.words import fmt_range, name

__all__ = [
    "Input",
    "basis_of",
    "batna_input",
    "belief_inputs",
    "conflict_inputs",
    "outside",
    "red_line_input",
    "stance_input",
    "tornado_inputs",
]


@dataclass(frozen=True)
class Input:
    """One value a judgement depends on: ``label`` in words, ``sourced`` per the rule."""

    label: str
    sourced: bool


def outside(s: Scenario | Conflict, ids: Iterable[str]) -> bool:
    """Whether ``ids`` cite at least one source that is not the analyst's own judgement
    (an id the scenario does not list counts as outside: the checks flag it elsewhere)."""
    reliability = {src.id: src.reliability for src in s.sources}
    return any(reliability.get(i) != Reliability.analyst for i in ids)


def _owner(s: Scenario, actor: str) -> str:
    n = name(s, actor)
    return f"{n}'" if n.endswith("s") else f"{n}'s"


def batna_input(s: Scenario, actor: str) -> Input | None:
    """An actor's BATNA as an input (None: it has none): sourced only without a judgement."""
    b = s.actor(actor).batna
    if b is None:
        return None
    value = "unknown" if b.utility is None else f"{b.utility:.2f}"
    u = b.uncertainty
    if u is not None and isinstance(u.low, int | float) and isinstance(u.high, int | float):
        value += f" ({fmt_range(float(u.low), float(u.high))})"
    sourced = outside(s, b.sources) and b.judgement is None
    return Input(f"{_owner(s, actor)} BATNA {value}", sourced)


def _stance(s: Scenario, actor: str, issue: str):
    return next((st for st in s.stances if st.actor == actor and st.issue == issue), None)


def red_line_input(s: Scenario, actor: str, issue: str) -> Input | None:
    """An actor's red line on an issue (None: no such stance): sourced when cited."""
    st = _stance(s, actor, issue)
    if st is None:
        return None
    return Input(f"{_owner(s, actor)} red line on {s.issue(issue).name}", outside(s, st.sources))


def stance_input(s: Scenario, actor: str, issue: str, field: str) -> Input | None:
    """One field (``position``, ``salience``, ``red_line``) of an actor's stance on an issue."""
    st = _stance(s, actor, issue)
    if st is None:
        return None
    cited = outside(s, st.sources)
    sourced = cited if field in ("position", "red_line") else cited and st.judgement is None
    what = field.replace("_", " ")
    return Input(f"{_owner(s, actor)} {what} on {s.issue(issue).name}", sourced)


def tornado_inputs(s: Scenario, names: Sequence[str]) -> list[Input]:
    """The sensitivity tornado's input names (``russia.capability``, ``usa/donbas.position``,
    ``europe.batna``, ``russia.batna.trend``) as inputs, by the rule."""
    out: list[Input] = []
    for key in names:
        if "/" in key:
            actor, rest = key.split("/", 1)
            issue, _, field = rest.partition(".")
            found = stance_input(s, actor, issue, field or "position")
        else:
            actor, _, field = key.partition(".")
            if field == "capability":
                found = Input(f"{_owner(s, actor)} capability (judgement: no source states it)",
                              False)  # fmt: skip
            elif field.startswith("batna"):
                found = batna_input(s, actor)
            else:
                found = None
        if found is not None and found not in out:
            out.append(found)
    return out


def belief_inputs(s: Scenario, parties: Sequence[str]) -> list[Input]:
    """The parties' beliefs that others keep their commitments (shared beliefs included)."""
    out = []
    for b in s.beliefs:
        if b.holder is not None and b.holder not in parties:
            continue
        holder = "every party" if b.holder is None else name(s, b.holder)
        label = f"{holder}'s belief that {name(s, b.about)} keeps {b.kind} ({b.probability:.0%})"
        out.append(Input(label, outside(s, b.sources) and b.judgement is None))
    return out


def conflict_inputs(s: Scenario, c: Conflict) -> list[Input]:
    """Each decision maker's preferences in the conflict model (named as the scenario
    names the actor, where it does)."""
    return [
        Input(
            f"{_owner(s, p.dm)} preferences over the conflict's states",
            outside(c, p.sources) and p.judgement is None,
        )
        for p in c.preferences
    ]


def basis_of(inputs: Iterable[Input | None]) -> Basis:
    """The basis of a judgement resting on ``inputs`` (None entries skipped, repeats once):
    the share sourced (NaN when there are none), sourced inputs first."""
    seen = list(dict.fromkeys(i for i in inputs if i is not None))
    sourced = tuple(i.label for i in seen if i.sourced)
    judged = tuple(i.label for i in seen if not i.sourced)
    share = len(sourced) / len(seen) if seen else math.nan
    return Basis(share, sourced, judged)
