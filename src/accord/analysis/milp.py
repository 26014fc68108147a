"""Exact bargaining questions as mixed-integer programs, solved with HiGHS.

The model is built over an :class:`~accord.analysis.space.OutcomeSpace`: one binary per row
of every factor (a factor is one issue, or a group of issues tied by scenario constraints,
with its allowed joint settings), and exactly one row chosen per factor, so every feasible
point is an outcome the scenario allows and every actor's utility is a linear function of the
binaries. Continuous issues are taken as the space discretises them (its grid of evenly
spaced values plus every actor's position and red line): "every outcome" below means every
outcome on that grid.

What makes an outcome *acceptable* to an actor is a set of **items**, requirements that can be
switched on or off one at a time:

* its **BATNA**: its utility is at least its BATNA utility (within
  :data:`~accord.analysis.utility.TOLERANCE`); actors whose BATNA is unknown have no such
  item;
* its **red lines**: for each issue on which some setting crosses its red line, "no crossing
  setting on this issue" (linear: the binaries of the rows that cross sum to 0).

Build the space *without* red lines applied (``outcome_space(..., red_lines=())``, the
default) so that red lines are items that can be relaxed and named; red lines already
applied to the space are hard, never reported.

Three questions are answered exactly (over the grid):

* :func:`find_acceptable`: an outcome every chosen actor accepts, if there is one;
* :func:`diagnose`: when there is none, why: an irreducible set of clashing items, the fewest
  items whose relaxation opens a zone of possible agreement, and which;
* :func:`smallest_amendment`: the fewest issue changes that make a draft acceptable.

The solver works to its own feasibility tolerance (about 1e-7), looser than
:data:`TOLERANCE`; every solution is therefore checked exactly against the items with numpy,
and one the check rejects is cut off and the model solved again, so the answers hold with
the same tolerance as the rest of :mod:`accord.analysis`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from math import comb
from typing import Any, Literal

import highspy
import numpy as np

from accord.analysis.space import OutcomeSpace
from accord.analysis.utility import TOLERANCE
from accord.model import Scenario, Unknown

#: Objectives :func:`find_acceptable` and :func:`smallest_amendment` know.
OBJECTIVES = ("utilitarian", "maximin")
#: :func:`diagnose` looks for a smaller conflicting set than the deletion filter's when this
#: many feasibility checks or fewer settle the question.
SUBSET_BUDGET = 256
#: Rounds of solve, exact check, cut before giving up (a handful is the most ever seen).
_MAX_ROUNDS = 200

Objective = Literal["utilitarian", "maximin"]
ItemKind = Literal["batna", "red_line"]


# --- results ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    """One requirement of acceptance: an actor's BATNA, or its red line on one issue.

    Items compare and hash by ``(kind, actor, issue)``, so ``Item("red_line", "russia",
    "donbas")`` names the same item wherever it came from; ``batna`` only carries the value
    for display.
    """

    kind: ItemKind
    actor: str
    issue: str | None = None
    batna: float | None = field(default=None, compare=False)

    def text(self, scenario: Scenario | None = None) -> str:
        """The item in words: "Russia's BATNA (0.35)", "Ukraine's red line on Donbas"."""
        actor = _actor_name(scenario, self.actor)
        if self.kind == "batna":
            value = "" if self.batna is None else f" ({self.batna:.2f})"
            return f"{actor}'s BATNA{value}"
        return f"{actor}'s red line on {_issue_name(scenario, self.issue or '')}"

    def detail(self, scenario: Scenario) -> str | None:
        """What the red line is, in words (None for a BATNA or without the stance)."""
        if self.kind != "red_line" or self.issue is None:
            return None
        stance = scenario.stance(self.actor, self.issue)
        if stance is None or stance.red_line is None:
            return None
        label = _label(scenario, self.issue, stance.red_line)
        return f'{self.text(scenario)}: at worst "{label}"'

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "actor": self.actor, "issue": self.issue, "batna": self.batna}


@dataclass(frozen=True)
class Diagnosis:
    """Why no outcome is acceptable to ``actors``.

    ``conflict`` is an irreducible conflicting set of items: they cannot all hold together,
    but any proper subset can. It comes from a deletion filter, so it is irreducible but not
    necessarily the smallest such set; ``smallest`` is True when it is proven to be of
    minimum size (a search of all smaller subsets, run when that takes at most
    :data:`SUBSET_BUDGET` checks). ``conflict`` is empty when the scenario's constraints (and
    any fixed settings) alone rule out every outcome.

    ``min_relaxations`` is the fewest items that must be dropped for an acceptable outcome to
    exist (None when no relaxation helps, i.e. ``conflict`` is empty) and ``relax`` one such
    set. ``single`` lists every item whose relaxation alone suffices (empty unless
    ``min_relaxations`` is 1).
    """

    actors: tuple[str, ...]
    conflict: tuple[Item, ...]
    smallest: bool
    min_relaxations: int | None
    relax: tuple[Item, ...]
    single: tuple[Item, ...]
    scenario: Scenario | None = field(default=None, repr=False, compare=False)

    def render(self, scenario: Scenario | None) -> str:
        """:meth:`text` with names and labels from ``scenario``."""
        sc = scenario
        if not self.conflict:
            return (
                "No outcome is possible at all: the scenario's constraints (and any settings "
                "fixed) rule out every combination of settings."
            )
        lines = [_conflict_sentence(self.conflict, sc)]
        if sc is not None:
            lines += [f"  {d}" for it in self.conflict if (d := it.detail(sc)) is not None]
        if not self.smallest:
            lines.append(
                "  (Dropping any one of these removes the clash; a smaller clashing set may exist.)"
            )
        if self.min_relaxations == 1:
            if set(self.single) == set(self.conflict):
                which = "either" if len(self.conflict) == 2 else "any one"
                lines.append(
                    f"Relaxing {which} of them is enough for an acceptable outcome to exist."
                )
            else:
                names = _join([it.text(sc) for it in self.single], "or")
                lines.append(
                    "Relaxing one requirement is enough for an acceptable outcome to exist: "
                    f"{names}."
                )
        elif self.min_relaxations is not None:
            names = _join([it.text(sc) for it in self.relax], "and")
            lines.append(
                f"At least {self.min_relaxations} requirements must be relaxed for an acceptable "
                f"outcome to exist, for example {names}."
            )
        return "\n".join(lines)

    def text(self) -> str:
        """The diagnosis in plain words, with names if a scenario was given to :func:`diagnose`."""
        return self.render(self.scenario)

    def to_dict(self) -> dict[str, Any]:
        return {
            "actors": list(self.actors),
            "conflict": [it.to_dict() for it in self.conflict],
            "smallest": self.smallest,
            "min_relaxations": self.min_relaxations,
            "relax": [it.to_dict() for it in self.relax],
            "single": [it.to_dict() for it in self.single],
        }


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
    snapped: Mapping[str, tuple[object, object]] = field(default_factory=dict)
    diagnosis: Diagnosis | None = None
    scenario: Scenario | None = field(default=None, repr=False, compare=False)

    def render(self, scenario: Scenario | None) -> str:
        sc = scenario
        who = _join([_actor_name(sc, a) for a in self.actors], "and")
        if not self.possible:
            why = self.diagnosis.render(sc) if self.diagnosis is not None else ""
            return f"No outcome is acceptable to {who}, whatever is changed.\n{why}".rstrip()
        if self.n_changes == 0:
            lines = [f"The draft is acceptable to {who} as it stands."]
        else:
            what = "1 change makes" if self.n_changes == 1 else f"{self.n_changes} changes make"
            lines = [f"{what} the draft acceptable to {who}:"]
        for iid, (old, new) in self.changes.items():
            lines.append(
                f"  {_issue_name(sc, iid)}: {_label(sc, iid, old)} -> {_label(sc, iid, new)}"
            )
        if self.fills:
            lines.append("Open points it needs settled so:")
            lines += [
                f"  {_issue_name(sc, iid)}: {_label(sc, iid, v)}" for iid, v in self.fills.items()
            ]
        parts = []
        for aid, u in self.utilities.items():
            b = self.batna.get(aid)
            ref = "" if b is None else f" (BATNA {b:.2f})"
            parts.append(f"{_actor_name(sc, aid)} {u:.3f}{ref}")
        lines.append("Utilities after: " + ", ".join(parts) + ".")
        return "\n".join(lines)

    def text(self) -> str:
        """The amendment in plain words (names if a scenario was given)."""
        return self.render(self.scenario)

    def to_dict(self) -> dict[str, Any]:
        return {
            "possible": self.possible,
            "actors": list(self.actors),
            "n_changes": self.n_changes,
            "changes": {k: [_plain(o), _plain(n)] for k, (o, n) in self.changes.items()},
            "fills": {k: _plain(v) for k, v in self.fills.items()},
            "outcome": None if self.outcome is None else dict(self.outcome),
            "utilities": dict(self.utilities),
            "batna": dict(self.batna),
            "diagnosis": None if self.diagnosis is None else self.diagnosis.to_dict(),
        }


# --- public functions ---------------------------------------------------------------------------
def find_acceptable(
    space: OutcomeSpace,
    actors: Iterable[str] | None = None,
    *,
    fix: Mapping[str, object] | None = None,
    objective: Objective | None = None,
    relax: Iterable[Item] = (),
) -> np.ndarray | None:
    """An outcome (setting indices [I]) every chosen actor accepts, or None if there is none.

    Accepts means: utility at least its BATNA (within :data:`TOLERANCE`; no requirement where
    the BATNA is unknown) and none of its red lines crossed. ``actors`` defaults to all of
    the space's actors. ``fix`` pins issues to settings (issue id -> value; a continuous value
    is taken at the nearest grid value). ``objective``: None (any acceptable outcome),
    ``"utilitarian"`` (the largest sum of the chosen actors' utilities) or ``"maximin"``
    (the largest smallest margin of utility over BATNA, utility itself where the BATNA is
    unknown). ``relax`` lists items not to enforce. Continuous issues are searched on the
    space's grid only.
    """
    if objective is not None and objective not in OBJECTIVES:
        raise ValueError(f"unknown objective {objective!r}; use one of {', '.join(OBJECTIVES)}")
    lay = _layout(space, actors)
    found = _solve(lay, _enforced(lay, relax), _allowed(lay, fix), goal=objective)
    return None if found is None else found.codes


def diagnose(
    space: OutcomeSpace,
    actors: Iterable[str] | None = None,
    *,
    fix: Mapping[str, object] | None = None,
    relax: Iterable[Item] = (),
    scenario: Scenario | None = None,
    budget: int = SUBSET_BUDGET,
) -> Diagnosis | None:
    """Why no outcome is acceptable to every chosen actor; None when one is.

    The conflicting set comes from a deletion filter: start from every item, try dropping
    each (BATNAs first, so that clashes between red lines are preferred); keep it dropped if
    the rest still admits no acceptable outcome. The result is irreducible (every proper
    subset can hold) but not necessarily the smallest; when at most ``budget`` checks cover
    every smaller subset they are all tried, and the first clashing one (then a smallest)
    replaced it. A second model, with one relaxation binary per item, finds the fewest items
    to relax. ``scenario`` supplies names for :meth:`Diagnosis.text`. ``fix`` and ``relax``
    as in :func:`find_acceptable` (fixed settings are hard, never blamed). Continuous issues
    are searched on the space's grid only.
    """
    lay = _layout(space, actors)
    allowed = _allowed(lay, fix)
    items = _enforced(lay, relax)
    names = tuple(space.actors[a] for a in lay.chosen)

    def feasible(subset: Sequence[Item]) -> bool:
        return _solve(lay, subset, allowed) is not None

    if feasible(items):
        return None
    if not feasible(()):
        return Diagnosis(names, (), True, None, (), (), scenario)

    working = list(items)
    for item in sorted(items, key=lambda it: it.kind != "batna"):
        trial = [it for it in working if it != item]
        if not feasible(trial):
            working = trial
    conflict = working
    smallest = len(conflict) <= 1
    if not smallest and sum(comb(len(items), s) for s in range(1, len(conflict))) <= budget:
        smallest = True
        for size in range(1, len(conflict)):
            hit = next((c for c in combinations(items, size) if not feasible(c)), None)
            if hit is not None:
                conflict = list(hit)
                break

    best = _solve(lay, (), allowed, relaxable=items, goal="relaxations")
    assert best is not None  # the empty set is feasible, so relaxing everything is
    relaxed = tuple(it for it in items if it in best.violated)
    single: tuple[Item, ...] = ()
    if len(relaxed) == 1:
        single = tuple(it for it in conflict if feasible([o for o in items if o != it]))
    return Diagnosis(names, tuple(conflict), smallest, len(relaxed), relaxed, single, scenario)


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
    lay = _layout(space, actors)
    free, snapped = _read_draft(space, draft)
    names = tuple(space.actors[a] for a in lay.chosen)
    cost = np.zeros(lay.n_cols)
    for i in range(len(space.issues)):
        inside = lay.codes[:, i] >= 0
        cost[inside] += ~free[i][lay.codes[inside, i]]
    enforced = _enforced(lay, relax)
    allowed = np.ones(lay.n_cols, dtype=bool)
    found = _solve(lay, enforced, allowed, goal="changes", cost=cost)
    if found is None:
        why = diagnose(space, names, relax=relax, scenario=scenario)
        return Amendment(False, names, diagnosis=why, scenario=scenario)
    n_changes = sum(int(not free[i][k]) for i, k in enumerate(found.codes))
    if tie_break is not None:
        better = _solve(lay, enforced, allowed, goal=tie_break, cost=cost, cap=n_changes)
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


def items(space: OutcomeSpace, actors: Iterable[str] | None = None) -> tuple[Item, ...]:
    """Every item (BATNA and red-line requirement) of the chosen actors, actor by actor."""
    return _layout(space, actors).items


def violated(
    space: OutcomeSpace, codes: Sequence[int] | np.ndarray, actors: Iterable[str] | None = None
) -> tuple[Item, ...]:
    """The items an outcome (setting indices [I]) breaks, for the chosen actors."""
    return tuple(_layout(space, actors).violated(np.asarray(codes, dtype=np.intp)))


# --- the model ----------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class _Layout:
    """The binaries of the model: one column per factor row, factors one after another."""

    space: OutcomeSpace
    chosen: tuple[int, ...]  # rows of space.actors whose acceptance counts
    start: np.ndarray  # [F + 1] first column of each factor
    codes: np.ndarray  # [N, I] setting of each issue in each column, -1 outside its factor
    util: np.ndarray  # [A, N] each column's contribution to each actor's utility
    items: tuple[Item, ...]
    where: dict[Item, tuple[int, int]]  # item -> (actor row, issue index or -1)
    crossing: dict[Item, np.ndarray]  # red-line item -> columns that cross it

    @property
    def n_cols(self) -> int:
        return int(self.start[-1])

    @property
    def n_factors(self) -> int:
        return len(self.start) - 1

    def violated(self, codes: np.ndarray) -> list[Item]:
        space = self.space
        u = space.utilities(codes[None, :])[:, 0]
        out = []
        for item in self.items:
            a, i = self.where[item]
            if item.kind == "batna":
                if u[a] < space.batna[a] - TOLERANCE:
                    out.append(item)
            elif space.crosses[a, i, codes[i]]:
                out.append(item)
        return out


def _layout(space: OutcomeSpace, actors: Iterable[str] | None) -> _Layout:
    if actors is None:
        chosen = tuple(range(len(space.actors)))
    else:
        wanted = list(actors)
        unknown = [a for a in wanted if a not in space.actors]
        if unknown:
            raise ValueError(
                f"actor(s) {', '.join(unknown)} not in the outcome space; "
                f"its actors are {', '.join(space.actors)}"
            )
        chosen = tuple(sorted({space.actors.index(a) for a in wanted}))
    sizes = [f.size for f in space.factors]
    start = np.concatenate([[0], np.cumsum(sizes, dtype=np.intp)]).astype(np.intp)
    n_cols = int(start[-1])
    codes = np.full((n_cols, len(space.issues)), -1, dtype=np.intp)
    util = np.zeros((len(space.actors), n_cols))
    for f, factor in enumerate(space.factors):
        codes[start[f] : start[f + 1], list(factor.issues)] = factor.codes
        util[:, start[f] : start[f + 1]] = factor.utility
    found: list[Item] = []
    where: dict[Item, tuple[int, int]] = {}
    crossing: dict[Item, np.ndarray] = {}
    for a in chosen:
        aid = space.actors[a]
        if not np.isnan(space.batna[a]):
            item = Item("batna", aid, batna=float(space.batna[a]))
            found.append(item)
            where[item] = (a, -1)
        for i, iid in enumerate(space.issues):
            if not space.crosses[a, i, : len(space.settings[i])].any():
                continue
            item = Item("red_line", aid, iid)
            found.append(item)
            where[item] = (a, i)
            inside = codes[:, i] >= 0
            hit = np.zeros(n_cols, dtype=bool)
            hit[inside] = space.crosses[a, i, codes[inside, i]]
            crossing[item] = np.flatnonzero(hit)
    return _Layout(space, chosen, start, codes, util, tuple(found), where, crossing)


def _enforced(lay: _Layout, relax: Iterable[Item]) -> list[Item]:
    dropped = set(relax)
    for item in dropped:
        if item.actor not in lay.space.actors:
            raise ValueError(f"cannot relax {item.text()}: no such actor in the outcome space")
    return [it for it in lay.items if it not in dropped]


def _allowed(lay: _Layout, fix: Mapping[str, object] | None) -> np.ndarray:
    allowed = np.ones(lay.n_cols, dtype=bool)
    for iid, value in (fix or {}).items():
        i = _issue_index(lay.space, iid)
        k, _ = _code(lay.space, i, value)
        inside = lay.codes[:, i] >= 0
        allowed[inside & (lay.codes[:, i] != k)] = False
    return allowed


@dataclass(frozen=True, eq=False)
class _Found:
    codes: np.ndarray  # [I] the outcome
    violated: frozenset[Item]  # the enforced or relaxable items it breaks (relaxed ones)


def _solve(
    lay: _Layout,
    enforced: Sequence[Item],
    allowed: np.ndarray,
    *,
    relaxable: Sequence[Item] = (),
    goal: str | None = None,
    cost: np.ndarray | None = None,
    cap: int | None = None,
) -> _Found | None:
    """Solve, check the solution exactly, cut it off if the check fails, repeat.

    ``enforced`` items must hold; ``relaxable`` ones get a relaxation binary each. ``goal``:
    None (feasibility), "relaxations" (fewest relaxed), "changes" (least ``cost``),
    "utilitarian" or "maximin" (maximised). ``cap`` bounds ``cost`` from above.
    """
    space = lay.space
    n, n_f = lay.n_cols, lay.n_factors
    for f in range(n_f):
        if not allowed[lay.start[f] : lay.start[f + 1]].any():
            return None
    upper = allowed.astype(float)
    for item in enforced:
        if item.kind == "red_line":
            upper[lay.crossing[item]] = 0.0
    low_util = np.array(
        [
            sum(
                lay.util[a, lay.start[f] : lay.start[f + 1]][
                    allowed[lay.start[f] : lay.start[f + 1]]
                ].min()
                for f in range(n_f)
            )
            for a in range(len(space.actors))
        ]
    )
    relax_set = set(relaxable)
    considered = set(enforced) | relax_set
    no_goods: list[np.ndarray] = []
    implied: list[tuple[np.ndarray, Item]] = []
    for _ in range(_MAX_ROUNDS):
        mip = _Mip()
        x = mip.add(n, np.zeros(n), upper)
        for f in range(n_f):
            mip.row(x[lay.start[f] : lay.start[f + 1]], 1.0, 1.0, 1.0)
        for item in enforced:
            if item.kind == "batna":
                a, _i = lay.where[item]
                mip.row(x, lay.util[a], space.batna[a] - TOLERANCE, np.inf)
        z: dict[Item, int] = {}
        for item in relaxable:
            zi = int(mip.add(1, np.zeros(1), np.ones(1), cost=1.0)[0])
            z[item] = zi
            if item.kind == "red_line":
                cols = x[lay.crossing[item]]
                mip.row(np.append(cols, zi), np.append(np.ones(len(cols)), -1.0), -np.inf, 0.0)
            else:
                a, _i = lay.where[item]
                need = space.batna[a] - TOLERANCE
                if need > low_util[a]:
                    big = need - low_util[a]
                    mip.row(np.append(x, zi), np.append(lay.util[a], big), need, np.inf)
        maximise = goal in OBJECTIVES
        if goal == "changes" and cost is not None:
            mip.cost[x] = cost
        elif goal == "utilitarian":
            mip.cost[x] = lay.util[list(lay.chosen)].sum(axis=0)
        elif goal == "maximin" and lay.chosen:
            t = int(mip.add(1, np.array([-2.0]), np.array([2.0]), cost=1.0, integer=False)[0])
            for a in lay.chosen:
                floor = 0.0 if np.isnan(space.batna[a]) else float(space.batna[a])
                mip.row(np.append(x, t), np.append(lay.util[a], -1.0), floor, np.inf)
        if cap is not None and cost is not None:
            mip.row(x, cost, -np.inf, cap + 0.5)
        for cols in no_goods:
            mip.row(x[cols], 1.0, -np.inf, n_f - 1)
        for cols, item in implied:
            mip.row(
                np.append(x[cols], z[item]), np.append(np.ones(len(cols)), -1.0), -np.inf, n_f - 1
            )
        values = mip.solve(maximise)
        if values is None:
            return None
        cols = np.array(
            [
                lay.start[f] + int(np.argmax(values[lay.start[f] : lay.start[f + 1]]))
                for f in range(n_f)
            ],
            dtype=np.intp,
        )
        codes = lay.codes[cols].max(axis=0)  # each issue is set by exactly one factor
        broken = set(lay.violated(codes)) & considered
        relaxed = {it for it in relaxable if it in z and values[z[it]] > 0.5}
        bad = broken - relaxed
        if not bad:
            return _Found(codes, frozenset(broken))
        if bad - relax_set:
            no_goods.append(cols)
        implied += [(cols, it) for it in bad & relax_set]
    raise RuntimeError("the MIP kept returning solutions that fail the exact check")


class _Mip:
    """A small MIP in arrays, solved by HiGHS (minimised unless told to maximise)."""

    def __init__(self) -> None:
        self.lower = np.zeros(0)
        self.upper = np.zeros(0)
        self.cost = np.zeros(0)
        self.integer: list[bool] = []
        self.rows: list[tuple[np.ndarray, np.ndarray, float, float]] = []

    def add(
        self,
        n: int,
        lower: np.ndarray,
        upper: np.ndarray,
        *,
        cost: float = 0.0,
        integer: bool = True,
    ) -> np.ndarray:
        first = len(self.lower)
        self.lower = np.append(self.lower, lower)
        self.upper = np.append(self.upper, upper)
        self.cost = np.append(self.cost, np.full(n, cost))
        self.integer += [integer] * n
        return np.arange(first, first + n, dtype=np.intp)

    def row(self, index: np.ndarray, value: float | np.ndarray, lower: float, upper: float) -> None:
        index = np.asarray(index, dtype=np.intp)
        values = np.broadcast_to(np.asarray(value, dtype=float), index.shape)
        keep = values != 0.0
        self.rows.append((index[keep], values[keep].copy(), float(lower), float(upper)))

    def solve(self, maximise: bool = False) -> np.ndarray | None:
        inf = highspy.kHighsInf
        lp = highspy.HighsLp()
        n, m = len(self.lower), len(self.rows)
        lp.num_col_, lp.num_row_ = n, m
        lp.col_cost_ = self.cost
        lp.col_lower_ = self.lower
        lp.col_upper_ = self.upper
        lp.row_lower_ = np.array([max(r[2], -inf) for r in self.rows], dtype=float)
        lp.row_upper_ = np.array([min(r[3], inf) for r in self.rows], dtype=float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
        lp.a_matrix_.start_ = np.concatenate(
            [[0], np.cumsum([len(r[0]) for r in self.rows])]
        ).astype(np.int32)
        lp.a_matrix_.index_ = np.concatenate([r[0] for r in self.rows] or [np.zeros(0)]).astype(
            np.int32
        )
        lp.a_matrix_.value_ = np.concatenate([r[1] for r in self.rows] or [np.zeros(0)])
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if k else highspy.HighsVarType.kContinuous
            for k in self.integer
        ]
        lp.sense_ = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        h = highs_solver()
        h.passModel(lp)
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return np.asarray(h.getSolution().col_value, dtype=float)
        if status in (
            highspy.HighsModelStatus.kInfeasible,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,  # every model here is bounded
        ):
            return None
        raise RuntimeError(f"HiGHS stopped without an answer: {h.modelStatusToString(status)}")


_BANNER = {"hidden": False}


def highs_solver() -> highspy.Highs:
    """A silent solver. HiGHS prints a banner to the process's stdout the first time a solver
    is made, before options can be set; the first one is made with stdout sent to devnull."""
    if _BANNER["hidden"]:
        h = highspy.Highs()
    else:
        _BANNER["hidden"] = True
        try:
            sys.stdout.flush()
            saved = os.dup(1)
        except (OSError, ValueError):
            saved = -1
        if saved < 0:
            h = highspy.Highs()
        else:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            try:
                h = highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(null)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-9)
    return h


# --- drafts and settings ------------------------------------------------------------------------
def _issue_index(space: OutcomeSpace, iid: str) -> int:
    try:
        return space.issues.index(iid)
    except ValueError:
        raise ValueError(f"no issue {iid!r} in the outcome space") from None


def _code(space: OutcomeSpace, i: int, value: object) -> tuple[int, bool]:
    """(setting index, whether a continuous value was moved to the nearest grid value)."""
    values = space.settings[i]
    if isinstance(values[0], float) and not isinstance(values[0], bool):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"issue {space.issues[i]!r} takes a number, not {value!r}")
        grid = np.asarray(values, dtype=float)
        k = int(np.argmin(np.abs(grid - float(value))))
        return k, abs(grid[k] - float(value)) > 1e-9 * max(1.0, abs(float(value)))
    for k, v in enumerate(values):
        if (v is value) if isinstance(v, bool) or isinstance(value, bool) else v == value:
            return k, False
    shown = ", ".join(map(str, values))
    raise ValueError(f"{value!r} is not a setting of issue {space.issues[i]!r} ({shown})")


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
            k, moved = _code(space, i, value)
            ok[k] = True
            if moved:
                snapped[iid] = (value, space.settings[i][k])
        free.append(ok)
    return free, snapped


def _needed(
    lay: _Layout, enforced: Sequence[Item], codes: np.ndarray, i: int, free: np.ndarray
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


# --- words --------------------------------------------------------------------------------------
def _actor_name(scenario: Scenario | None, actor_id: str) -> str:
    if scenario is None:
        return actor_id
    try:
        return scenario.actor(actor_id).name
    except (KeyError, ValueError, LookupError):
        return actor_id


def _issue_name(scenario: Scenario | None, issue_id: str) -> str:
    if scenario is None:
        return issue_id
    try:
        return scenario.issue(issue_id).name
    except (KeyError, ValueError, LookupError):
        return issue_id


def _label(scenario: Scenario | None, issue_id: str, value: object) -> str:
    if value is None:
        return "open"
    if isinstance(value, Unknown):
        if value.one_of is None:
            return "unknown"
        return "one of " + ", ".join(_label(scenario, issue_id, v) for v in value.one_of)
    if scenario is None:
        return str(value)
    try:
        return scenario.issue(issue_id).label(value)
    except (KeyError, ValueError, LookupError):
        return str(value)


def _plain(value: object) -> object:
    if isinstance(value, Unknown):
        return {"one_of": value.one_of} if value.one_of is not None else "unknown"
    return value


def _join(parts: Sequence[str], word: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {word} {parts[-1]}"


def _conflict_sentence(conflict: Sequence[Item], scenario: Scenario | None) -> str:
    batnas = [it.text(scenario) for it in conflict if it.kind == "batna"]
    lines = [it.text(scenario) for it in conflict if it.kind == "red_line"]
    if len(conflict) == 1:
        if batnas:
            return f"{batnas[0]} cannot be met by any possible outcome."
        return f"{lines[0]} cannot hold: every possible outcome crosses it."
    if not batnas:
        return f"{_join(lines, 'and')} cannot {'both' if len(lines) == 2 else 'all'} hold."
    if not lines:
        return f"{_join(batnas, 'and')} cannot {'both' if len(batnas) == 2 else 'all'} be met."
    return f"{_join(batnas, 'and')} cannot be met together with {_join(lines, 'and')}."
