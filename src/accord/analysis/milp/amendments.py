"""The fewest issue changes that make a draft acceptable to every chosen actor.

A draft pins some issues and leaves others open; :func:`smallest_amendment` minimises the
number of pinned issues whose setting changes (a cost on the model's binaries), then breaks
ties by an objective among the amendments with that many changes, and reports the settings
the open issues need. When no outcome at all is acceptable it returns the
:class:`~accord.analysis.milp.diagnosis.Diagnosis` instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.milp.diagnosis import Diagnosis, diagnose
from accord.analysis.milp.items import Item
from accord.analysis.milp.model import (
    OBJECTIVES,
    Layout,
    Objective,
    build_layout,
    enforced_items,
    setting_code,
    solve,
)
from accord.analysis.milp.words import (
    actor_name,
    issue_name,
    join_words,
    plain_value,
    setting_label,
)
from accord.analysis.space import OutcomeSpace
from accord.model import Scenario, Unknown
from accord.model.plain import omit, plain_fields


@dataclass(frozen=True)
class Amendment:
    """The fewest issue changes that make a draft acceptable to ``actors``.

    ``changes``: issue -> (the draft's entry, the new setting) for every issue the draft pins
    (to a value, or to ``Unknown(one_of=...)``) whose setting has to change; ``n_changes`` is
    their number. ``fills``: open issues (the draft leaves them unknown, or silent without a
    status quo, or narrows them to ``one_of`` a few settings) whose setting is not free:
    with the rest of the amended outcome as it is, some other setting the draft allows would
    make it unacceptable; the value is the setting the amendment uses. ``outcome`` is the
    whole amended outcome, ``utilities`` every actor's utility for it (all actors of the
    space, chosen or not), ``batna`` their BATNAs (None if unknown). ``snapped``: draft
    values of continuous issues that are not on the space's grid -> (value, grid value used).

    When no outcome at all is acceptable, ``possible`` is False, the rest is empty and
    ``diagnosis`` says which red lines and BATNAs clash.
    """

    possible: bool
    actors: tuple[str, ...]
    n_changes: int | None = None
    changes: Mapping[str, tuple[object, object]] = field(default_factory=dict)
    fills: Mapping[str, object] = field(default_factory=dict)
    outcome: Mapping[str, object] | None = None
    utilities: Mapping[str, float] = field(default_factory=dict)
    batna: Mapping[str, float | None] = field(default_factory=dict)
    snapped: Mapping[str, tuple[object, object]] = field(default_factory=dict, metadata=omit())
    diagnosis: Diagnosis | None = None
    scenario: Scenario | None = field(default=None, repr=False, compare=False, metadata=omit())

    def render(self, scenario: Scenario | None) -> str:
        sc = scenario
        who = join_words([actor_name(sc, a) for a in self.actors], "and")
        if not self.possible:
            why = self.diagnosis.render(sc) if self.diagnosis is not None else ""
            return f"No outcome is acceptable to {who}, whatever is changed.\n{why}".rstrip()
        if self.n_changes == 0:
            lines = [f"The draft is acceptable to {who} as it stands."]
        else:
            what = "1 change makes" if self.n_changes == 1 else f"{self.n_changes} changes make"
            lines = [f"{what} the draft acceptable to {who}:"]
        for iid, (old, new) in self.changes.items():
            was, now = setting_label(sc, iid, old), setting_label(sc, iid, new)
            lines.append(f"  {issue_name(sc, iid)}: {was} -> {now}")
        if self.fills:
            lines.append("Open points it needs settled so:")
            lines += [
                f"  {issue_name(sc, iid)}: {setting_label(sc, iid, v)}"
                for iid, v in self.fills.items()
            ]
        parts = []
        for aid, u in self.utilities.items():
            b = self.batna.get(aid)
            ref = "" if b is None else f" (BATNA {b:.2f})"
            parts.append(f"{actor_name(sc, aid)} {u:.3f}{ref}")
        lines.append("Utilities after: " + ", ".join(parts) + ".")
        return "\n".join(lines)

    def text(self) -> str:
        """The amendment in plain words (names if a scenario was given)."""
        return self.render(self.scenario)

    def __plain__(self) -> dict[str, Any]:
        """The fields, with the draft's unknown entries in ``changes`` and ``fills`` written
        as ``unknown`` or ``{one_of: [...]}``."""
        changes = {k: [plain_value(o), plain_value(n)] for k, (o, n) in self.changes.items()}
        fills = {k: plain_value(v) for k, v in self.fills.items()}
        return {**plain_fields(self), "changes": changes, "fills": fills}


def smallest_amendment(
    space: OutcomeSpace,
    draft: Mapping[str, object | None],
    actors: Iterable[str] | None = None,
    *,
    relax: Iterable[Item] = (),
    tie_break: Objective | None = "maximin",
    scenario: Scenario | None = None,
) -> Amendment:
    """The fewest issue changes that make ``draft`` acceptable to every chosen actor.

    ``draft`` maps issue ids to the draft's settings: a value (it pins the issue), ``None``
    (open: unknown, or silent without a status quo), or an :class:`~accord.model.Unknown`
    (``unknown`` is open; ``one_of`` narrows it). Issues missing from the mapping are open;
    :func:`proposal_draft` turns a scenario's proposal into this form, silent issues taking
    their status quo as in the scorecard.

    Cost: each pinned issue whose setting changes counts 1; an open issue counts 0 whatever
    setting it takes (the draft does not pin it), and a ``one_of`` issue 0 inside its list and
    1 outside it. The amendment reports the settings open issues need (``fills``). Among the
    amendments with fewest changes, ``tie_break`` picks one: ``"maximin"`` (default, the
    largest smallest margin over BATNA for the chosen actors), ``"utilitarian"``, or None
    (any). Continuous values off the space's grid are moved to the nearest grid value (and
    reported in ``snapped``); the search covers the grid only.

    ``actors`` names the actors who must accept (default all of the space's), e.g.
    ``["russia", "ukraine"]``; ``relax`` lists items not to enforce. When no outcome at all
    is acceptable the result has ``possible=False`` and a :class:`Diagnosis`.
    """
    if tie_break is not None and tie_break not in OBJECTIVES:
        raise ValueError(f"unknown tie_break {tie_break!r}; use one of {', '.join(OBJECTIVES)}")
    lay = build_layout(space, actors)
    free, snapped = _read_draft(space, draft)
    names = tuple(space.actors[a] for a in lay.chosen)
    cost = np.zeros(lay.n_cols)
    for i in range(len(space.issues)):
        inside = lay.codes[:, i] >= 0
        cost[inside] += ~free[i][lay.codes[inside, i]]
    enforced = enforced_items(lay, relax)
    allowed = np.ones(lay.n_cols, dtype=bool)
    found = solve(lay, enforced, allowed, goal="changes", cost=cost)
    if found is None:
        why = diagnose(space, names, relax=relax, scenario=scenario)
        return Amendment(False, names, diagnosis=why, scenario=scenario)
    n_changes = sum(int(not free[i][k]) for i, k in enumerate(found.codes))
    if tie_break is not None:
        better = solve(lay, enforced, allowed, goal=tie_break, cost=cost, cap=n_changes)
        if better is not None:
            found = better
    codes = found.codes
    changes: dict[str, tuple[object, object]] = {}
    fills: dict[str, object] = {}
    for i, iid in enumerate(space.issues):
        new = space.settings[i][int(codes[i])]
        entry = draft.get(iid)
        if not free[i][codes[i]]:
            changes[iid] = (entry, new)
        elif not _pinned(entry) and _needed(lay, enforced, codes, i, free[i]):
            fills[iid] = new
    util = space.utilities(codes[None, :])[:, 0]
    return Amendment(
        possible=True,
        actors=names,
        n_changes=len(changes),
        changes=changes,
        fills=fills,
        outcome=space.decode(codes),
        utilities={a: float(u) for a, u in zip(space.actors, util, strict=True)},
        batna={
            a: None if np.isnan(b) else float(b)
            for a, b in zip(space.actors, space.batna, strict=True)
        },
        snapped=snapped,
        scenario=scenario,
    )


def proposal_draft(scenario: Scenario, proposal_id: str) -> dict[str, object | None]:
    """A scenario's proposal as a draft for :func:`smallest_amendment`.

    Set issues keep their value; ``unknown`` becomes None (open) and ``one_of`` stays an
    :class:`~accord.model.Unknown`; a silent issue takes the issue's status quo, or None
    (open) without one, as in the scorecard.
    """
    settings = scenario.proposal(proposal_id).settings()
    out: dict[str, object | None] = {}
    for issue in scenario.issues:
        value = settings.get(issue.id)
        if value is None:
            out[issue.id] = issue.status_quo
        elif isinstance(value, Unknown):
            out[issue.id] = None if value.one_of is None else value
        else:
            out[issue.id] = value
    return out


# --- drafts -------------------------------------------------------------------------------------
def _pinned(entry: object) -> bool:
    return entry is not None and not isinstance(entry, Unknown)


def _read_draft(
    space: OutcomeSpace, draft: Mapping[str, object | None]
) -> tuple[list[np.ndarray], dict[str, tuple[object, object]]]:
    """Per issue, the settings the draft allows at no cost; and snapped continuous values."""
    unknown = [iid for iid in draft if iid not in space.issues]
    if unknown:
        raise ValueError(f"the draft sets issue(s) not in the outcome space: {', '.join(unknown)}")
    free = []
    snapped: dict[str, tuple[object, object]] = {}
    for i, iid in enumerate(space.issues):
        n_k = len(space.settings[i])
        entry = draft.get(iid)
        if entry is None or (isinstance(entry, Unknown) and entry.one_of is None):
            free.append(np.ones(n_k, dtype=bool))
            continue
        listed = entry.one_of if isinstance(entry, Unknown) else [entry]
        ok = np.zeros(n_k, dtype=bool)
        for value in listed or []:
            k, moved = setting_code(space, i, value)
            ok[k] = True
            if moved:
                snapped[iid] = (value, space.settings[i][k])
        free.append(ok)
    return free, snapped


def _needed(
    lay: Layout, enforced: Sequence[Item], codes: np.ndarray, i: int, free: np.ndarray
) -> bool:
    """Whether some other no-cost setting of open issue i would break an enforced item."""
    space = lay.space
    f = next(f for f, factor in enumerate(space.factors) if i in factor.issues)
    factor = space.factors[f]
    must = set(enforced)
    for k in np.flatnonzero(free):
        if k == codes[i]:
            continue
        alt = codes.copy()
        alt[i] = k
        if not np.all(factor.codes == alt[list(factor.issues)], axis=1).any():
            continue  # a constraint rules this combination out anyway
        if must & set(lay.violated(alt)):
            return True
    return False
