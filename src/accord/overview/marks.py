"""Which of a scenario's numbers rest on the analyst's judgement, marked for the reader.

A capability of 1.00 or a BATNA of 0.35 printed next to a source list reads as sourced when
it is the analyst's call. Every front end that prints such a number marks it with
:data:`~accord.overview.words.JUDGEMENT_MARK` and its spread (``0.32 ◆ (0.20-0.48)``) and
says once what the mark means (:data:`MARK_KEY`). Which value counts as judgement follows
the one rule of :mod:`accord.overview.basis`: a capability always; a BATNA, a perceived
BATNA, a salience or a soft red line's cost and credibility unless it cites an outside
source and carries no ``judgement:`` note.
"""

from __future__ import annotations

from collections.abc import Mapping

from accord.model import Actor, Scenario, Stance
from accord.model.actors import Uncertainty
from accord.overview.basis import batna_input, outside, stance_input
from accord.overview.words import JUDGEMENT_MARK, batna_text, fmt_range, judged_text

__all__ = [
    "MARK_KEY",
    "batna_marked",
    "batnas_marked",
    "capability_marked",
    "firmness_marked",
    "judged_mark",
    "salience_marked",
]

#: The one-line key printed under output that carries the mark.
MARK_KEY = (
    f"{JUDGEMENT_MARK}: rests on the analyst's judgement, not on a source; the spread the "
    "scenario gives it in brackets (Monte Carlo draws it)."
)


def _spread(u: Uncertainty | None) -> tuple[float | None, float | None]:
    """The numeric ends of a spread (an ordinal spread of option ids has none to show)."""
    if u is None or not isinstance(u.low, int | float) or not isinstance(u.high, int | float):
        return None, None
    return float(u.low), float(u.high)


def _keyed(spreads: Mapping[str, Uncertainty] | None, key: str) -> Uncertainty | None:
    return (spreads or {}).get(key)


def judged_mark(u: Uncertainty | None) -> str:
    """What follows a judged value: `` ◆ (0.20-0.48)``, or `` ◆`` without a spread."""
    low, high = _spread(u)
    return f" {JUDGEMENT_MARK}" + (
        "" if low is None or high is None else f" ({fmt_range(low, high)})"
    )


def capability_marked(a: Actor) -> str:
    """An actor's capability: always judgement (no source states power as a number)."""
    return judged_text(float(a.capability), *_spread(_keyed(a.uncertainty, "capability")))


def batna_marked(s: Scenario, actor: str, view: str) -> str:
    """:func:`~accord.overview.words.batna_text` of ``actor`` in ``view``, each value that
    rests on judgement marked with its spread: ``0.55 ◆ (0.40-0.65) perceived (assessed
    0.32 ◆ (0.20-0.48))``. ``s`` is the scenario as loaded (a view drops the perceived
    values)."""
    b = s.actor(actor).batna
    if b is None:
        return "unknown"
    found = batna_input(s, actor)
    a_mark = (
        ""
        if b.utility is None or (found is not None and found.sourced)
        else judged_mark(b.uncertainty)
    )
    p = b.perceived
    p_mark = ""
    if p is not None and not (outside(s, p.sources) and p.judgement is None):
        p_mark = judged_mark(p.uncertainty)
    return batna_text(view, b.utility, None if p is None else p.utility, (a_mark, p_mark))


def batnas_marked(s: Scenario, view: str) -> dict[str, str]:
    """:func:`batna_marked` of every actor of ``s`` (as loaded), by actor id."""
    return {a.id: batna_marked(s, a.id, view) for a in s.actors}


def salience_marked(s: Scenario, st: Stance, *, bare: bool = False) -> str:
    """A stance's salience, ``0.60``, or ``0.60 ◆ (0.40-0.80)`` when it rests on judgement;
    ``bare``: the spread without brackets (``0.60 ◆ 0.40-0.80``), for text already in them."""
    found = stance_input(s, st.actor, st.issue, "salience")
    if found is not None and found.sourced:
        return f"{st.salience:.2f}"
    text = judged_text(float(st.salience), *_spread(_keyed(st.uncertainty, "salience")))
    return text.replace(" (", " ").removesuffix(")") if bare else text


def firmness_marked(s: Scenario, st: Stance) -> str | None:
    """A soft red line's terms, ``soft: costs 0.10 to cross, holds with 70% ◆ (50-90%)``;
    None for a hard red line or none. Cost and credibility are the analyst's numbers
    unless the soft line cites an outside source and carries no judgement note."""
    soft = st.soft
    if soft is None:
        return None
    judged = not (outside(s, soft.sources) and soft.judgement is None)
    cost_mark = judged_mark(_keyed(soft.uncertainty, "cost")) if judged else ""
    held = _keyed(soft.uncertainty, "credibility")
    low, high = _spread(held)
    spread = "" if low is None or high is None else f" ({100 * low:.0f}–{100 * high:.0f}%)"
    held_mark = f" {JUDGEMENT_MARK}{spread}" if judged else ""
    return (
        f"soft: costs {soft.cost:.2f}{cost_mark} to cross, "
        f"holds with {100 * soft.credibility:.0f}%{held_mark}"
    )
