"""The cheapest set of soft red lines to give, as a mixed-integer program.

When no outcome respects every red line and gives every party its BATNA, some soft red lines
(:mod:`accord.analysis.softening`) must give. The model adds one binary ``z_l`` per soft red
line to the acceptance model of :mod:`.model`: the columns that cross line ``l`` sum to at
most ``z_l``, each party's BATNA row becomes ``U_a(x) - sum_l cost_l z_l >= d_a`` over its
own lines, hard red lines force their crossing columns to 0, and the objective is the least
total cost ``sum_l cost_l z_l``. At the optimum ``z`` is exactly the set of lines the outcome
crosses (a ``z_l`` set without crossing only adds cost), so the result is a cheapest set:
*minimum total cost* over the actors, summed on their own utility scales (ties: any one). As
everywhere in :mod:`accord.analysis.milp`, each solution is checked exactly with numpy and
cut off and solved again if the check fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.milp.highs import Mip
from accord.analysis.milp.items import Item
from accord.analysis.milp.model import MAX_ROUNDS, build_layout, chosen_rows
from accord.analysis.softening import SoftLine
from accord.analysis.space import OutcomeSpace
from accord.analysis.utility import TOLERANCE


@dataclass(frozen=True, eq=False)
class Given:
    """An outcome every party accepts once the soft red lines it crosses have given."""

    codes: np.ndarray  # [I]
    lines: tuple[SoftLine, ...]  # the soft red lines it crosses
    cost: float  # their total cost


def cheapest_give(
    space: OutcomeSpace,
    lines: Sequence[SoftLine],
    *,
    actors: Iterable[str] | None = None,
    hold: Iterable[SoftLine] = (),
) -> Given | None:
    """The outcome whose crossed soft red lines cost least in total, or None if none exists.

    ``space`` has no red lines applied; every red line of the chosen ``actors`` (default:
    the space's) not in ``lines`` is hard. ``hold`` lists soft lines that must hold (be
    treated as hard). An outcome qualifies when it crosses no hard red line and every chosen
    party's utility less the costs of its crossed soft lines is at least its BATNA (within
    :data:`TOLERANCE`; unknown BATNAs set no floor).
    """
    lay = build_layout(space, actors)
    if any(f.size == 0 for f in space.factors):
        return None  # the constraints rule out every outcome
    held = set(hold)
    soft = {Item("red_line", ln.actor, ln.issue): ln for ln in lines if ln not in held}
    n, n_f = lay.n_cols, lay.n_factors
    upper = np.ones(n)
    chosen = [space.actors[a] for a in lay.chosen]
    for item in lay.items:
        if item.kind == "red_line" and item not in soft:
            upper[lay.crossing[item]] = 0.0
    active = [(it, ln) for it, ln in soft.items() if it in lay.crossing]
    a_of = {it: lay.where[it][0] for it, _ in active}
    no_goods: list[np.ndarray] = []
    for _ in range(MAX_ROUNDS):
        mip = Mip()
        x = mip.add(n, np.zeros(n), upper)
        for f in range(n_f):
            mip.row(x[lay.start[f] : lay.start[f + 1]], 1.0, 1.0, 1.0)
        z = {}
        for it, ln in active:
            zi = int(mip.add(1, np.zeros(1), np.ones(1), cost=ln.cost)[0])
            z[it] = zi
            cols = x[lay.crossing[it]]
            mip.row(np.append(cols, zi), np.append(np.ones(len(cols)), -1.0), -np.inf, 0.0)
        for a in lay.chosen:
            if np.isnan(space.batna[a]):
                continue
            own = [(z[it], ln.cost) for it, ln in active if a_of[it] == a]
            idx = np.append(x, [c for c, _ in own]).astype(np.intp)
            val = np.append(lay.util[a], [-k for _, k in own])
            mip.row(idx, val, space.batna[a] - TOLERANCE, np.inf)
        for cols in no_goods:
            mip.row(x[cols], 1.0, -np.inf, n_f - 1)
        values = mip.solve()
        if values is None:
            return None
        cols = chosen_rows(lay, values)
        codes = lay.codes[cols].max(axis=0)
        found = check(space, codes, [ln for _, ln in active], chosen, lines)
        if found is not None:
            return found
        no_goods.append(cols)
    raise RuntimeError("the MIP kept returning solutions that fail the exact check")


def check(
    space: OutcomeSpace,
    codes: np.ndarray,
    soft: Sequence[SoftLine],
    actors: Sequence[str],
    every: Sequence[SoftLine] = (),
) -> Given | None:
    """``codes`` as a :class:`Given` when it qualifies (exactly, with numpy), else None.

    ``soft`` are the lines allowed to give; the chosen ``actors``' other red lines are hard.
    ``every`` lists all soft lines (only for their order in the result).
    """
    cross = space.crossing_issues(codes[None, :])[:, 0]  # [A, I]
    u = space.utilities(codes[None, :])[:, 0]
    allowed = {(ln.actor, ln.issue): ln for ln in soft}
    crossed = []
    for aid in actors:
        a = space.actors.index(aid)
        for i in np.flatnonzero(cross[a]):
            line = allowed.get((aid, space.issues[i]))
            if line is None:
                return None
            crossed.append(line)
            u[a] -= line.cost
        if not np.isnan(space.batna[a]) and u[a] < space.batna[a] - TOLERANCE:
            return None
    order = {ln: k for k, ln in enumerate(every or soft)}
    crossed.sort(key=lambda ln: order.get(ln, len(order)))
    return Given(codes, tuple(crossed), float(sum(ln.cost for ln in crossed)))
