"""The mixed-integer model of acceptance, solved and then checked exactly.

The model is built over an :class:`~accord.analysis.space.OutcomeSpace`: one binary per row
of every factor (a factor is one issue, or a group of issues tied by scenario constraints,
with its allowed joint settings), and exactly one row chosen per factor, so every feasible
point is an outcome the scenario allows and every actor's utility is a linear function of the
binaries (linked terms and conditional red lines included: they are per factor row too).
Continuous issues are taken as the space discretises them (its grid of evenly
spaced values plus every actor's position and red line). Each :class:`~.items.Item` is a
linear row: a BATNA bounds the actor's utility from below, a red line forces the binaries of
the crossing rows to 0.

The solver works to its own feasibility tolerance (about 1e-7), looser than
:data:`TOLERANCE`; every solution is therefore checked exactly against the items with numpy,
and one the check rejects is cut off and the model solved again (:func:`solve`), so the
answers hold with the same tolerance as the rest of :mod:`accord.analysis`.

:func:`find_acceptable` is the plain question the model answers: an outcome every chosen
actor accepts, if there is one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from accord.analysis.milp.highs import Mip
from accord.analysis.milp.items import Item
from accord.analysis.space import OutcomeSpace
from accord.analysis.utility import TOLERANCE

#: Objectives :func:`find_acceptable` and :func:`~.amendments.smallest_amendment` know.
OBJECTIVES = ("utilitarian", "maximin")
#: Rounds of solve, exact check, cut before giving up (a handful is the most ever seen).
MAX_ROUNDS = 200

Objective = Literal["utilitarian", "maximin"]


# --- the question -------------------------------------------------------------------------------
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
    lay = build_layout(space, actors)
    found = solve(lay, enforced_items(lay, relax), allowed_columns(lay, fix), goal=objective)
    return None if found is None else found.codes


def items(space: OutcomeSpace, actors: Iterable[str] | None = None) -> tuple[Item, ...]:
    """Every item (BATNA and red-line requirement) of the chosen actors, actor by actor."""
    return build_layout(space, actors).items


def violated(
    space: OutcomeSpace, codes: Sequence[int] | np.ndarray, actors: Iterable[str] | None = None
) -> tuple[Item, ...]:
    """The items an outcome (setting indices [I]) breaks, for the chosen actors."""
    return tuple(build_layout(space, actors).violated(np.asarray(codes, dtype=np.intp)))


# --- the model ----------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Layout:
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
        """The items an outcome (setting indices [I]) breaks, checked exactly with numpy."""
        space = self.space
        u = space.utilities(codes[None, :])[:, 0]
        cross = space.crossing_issues(codes[None, :])[:, 0]  # conditional red lines included
        out = []
        for item in self.items:
            a, i = self.where[item]
            if item.kind == "batna":
                if u[a] < space.batna[a] - TOLERANCE:
                    out.append(item)
            elif cross[a, i]:
                out.append(item)
        return out


def build_layout(space: OutcomeSpace, actors: Iterable[str] | None) -> Layout:
    """The columns of ``space``'s model and the items of ``actors`` (default all).

    Raises ValueError for an actor the space does not have.
    """
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
    # Factors of linked issues: their rows' crossings include conditional red lines.
    joined = {frozenset(j.issues) for j in space.joints}
    linked = {
        f: space.factor_crossing(f)
        for f, factor in enumerate(space.factors)
        if any(j <= set(factor.issues) for j in joined)
    }
    for a in chosen:
        aid = space.actors[a]
        if not np.isnan(space.batna[a]):
            item = Item("batna", aid, batna=float(space.batna[a]))
            found.append(item)
            where[item] = (a, -1)
        for i, iid in enumerate(space.issues):
            inside = codes[:, i] >= 0
            hit = np.zeros(n_cols, dtype=bool)
            hit[inside] = space.crosses[a, i, codes[inside, i]]
            for f, rows_cross in linked.items():
                if i in space.factors[f].issues:
                    j = space.factors[f].issues.index(i)
                    hit[start[f] : start[f + 1]] |= rows_cross[a, j]
            if not (space.crosses[a, i, : len(space.settings[i])].any() or hit.any()):
                continue
            item = Item("red_line", aid, iid)
            found.append(item)
            where[item] = (a, i)
            crossing[item] = np.flatnonzero(hit)
    return Layout(space, chosen, start, codes, util, tuple(found), where, crossing)


def enforced_items(lay: Layout, relax: Iterable[Item]) -> list[Item]:
    """The layout's items less those in ``relax`` (whose actors must be in the space)."""
    dropped = set(relax)
    for item in dropped:
        if item.actor not in lay.space.actors:
            raise ValueError(f"cannot relax {item.text()}: no such actor in the outcome space")
    return [it for it in lay.items if it not in dropped]


def allowed_columns(lay: Layout, fix: Mapping[str, object] | None) -> np.ndarray:
    """[N] bool: the columns whose rows agree with the settings ``fix`` pins."""
    allowed = np.ones(lay.n_cols, dtype=bool)
    for iid, value in (fix or {}).items():
        i = _issue_index(lay.space, iid)
        k, _ = setting_code(lay.space, i, value)
        inside = lay.codes[:, i] >= 0
        allowed[inside & (lay.codes[:, i] != k)] = False
    return allowed


@dataclass(frozen=True, eq=False)
class Found:
    """An outcome the model found and the exact check accepted."""

    codes: np.ndarray  # [I] the outcome
    violated: frozenset[Item]  # the enforced or relaxable items it breaks (relaxed ones)


def solve(
    lay: Layout,
    enforced: Sequence[Item],
    allowed: np.ndarray,
    *,
    relaxable: Sequence[Item] = (),
    goal: str | None = None,
    cost: np.ndarray | None = None,
    cap: int | None = None,
) -> Found | None:
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
    for _ in range(MAX_ROUNDS):
        mip = Mip()
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
        cols = chosen_rows(lay, values)
        codes = lay.codes[cols].max(axis=0)  # each issue is set by exactly one factor
        broken = set(lay.violated(codes)) & considered
        relaxed = {it for it in relaxable if it in z and values[z[it]] > 0.5}
        bad = broken - relaxed
        if not bad:
            return Found(codes, frozenset(broken))
        if bad - relax_set:
            no_goods.append(cols)
        implied += [(cols, it) for it in bad & relax_set]
    raise RuntimeError("the MIP kept returning solutions that fail the exact check")


# --- settings -----------------------------------------------------------------------------------
def _issue_index(space: OutcomeSpace, iid: str) -> int:
    try:
        return space.issues.index(iid)
    except ValueError:
        raise ValueError(f"no issue {iid!r} in the outcome space") from None


def setting_code(space: OutcomeSpace, i: int, value: object) -> tuple[int, bool]:
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


def chosen_rows(lay: Layout, values: np.ndarray) -> np.ndarray:
    """The row each factor takes in a solution ``values`` of a model over ``lay``: its
    largest binary (exactly one is 1 up to the solver's tolerance)."""
    return np.array(
        [
            lay.start[f] + int(np.argmax(values[lay.start[f] : lay.start[f + 1]]))
            for f in range(len(lay.start) - 1)
        ],
        dtype=np.intp,
    )
