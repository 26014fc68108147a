"""Red lines that can give: soft red lines as a utility penalty instead of a wall.

A hard red line rules out every outcome that crosses it. A *soft* one (``firmness`` in the
scenario file, :class:`accord.model.stances.SoftRedLine`) is a commitment its actor may not
in the end hold (Schelling 1960): crossing it costs the actor ``cost`` on its own utility
scale, and the outcome stays possible. With ``C(x)`` the soft red lines outcome ``x``
crosses, the actor's utility becomes

    U'_a(x) = U_a(x) - sum of cost_l over the lines l of a in C(x)

:func:`soften` turns an :class:`~accord.analysis.space.OutcomeSpace` into that space: the
penalty is added per setting (per joint setting for conditional red lines) and per factor
row, so every factor-wise algorithm (Pareto merge, ZOPA, the mixed-integer models, the
bargaining solutions) runs unchanged on it. A scenario without soft red lines is never
softened, so its numbers do not change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from accord.analysis.space import Factor, OutcomeSpace
from accord.model import Scenario


@dataclass(frozen=True)
class SoftLine:
    """One actor's soft red line on one issue, with its cost and credibility (0..1)."""

    actor: str
    issue: str
    cost: float
    credibility: float


def soft_lines(scenario: Scenario, actors: Iterable[str] | None = None) -> tuple[SoftLine, ...]:
    """The soft red lines of ``actors`` (default: every actor), in stance order."""
    wanted = None if actors is None else set(actors)
    return tuple(
        SoftLine(s.actor, s.issue, float(soft.cost), float(soft.credibility))
        for s in scenario.stances
        if (soft := s.soft) is not None and (wanted is None or s.actor in wanted)
    )


def soften(space: OutcomeSpace, lines: Iterable[SoftLine], *, hard: bool = False) -> OutcomeSpace:
    """``space`` with ``lines`` as penalties: crossing one costs its actor its ``cost``.

    ``space`` must have no red lines applied (they would already have removed the rows a
    penalty is for). Lines of actors outside the space are ignored. With ``hard``, every
    other red line of the space's actors removes the rows that cross it, as
    ``outcome_space(..., red_lines=actors)`` does (rows in the same order).
    """
    if space.red_lines_applied:
        raise ValueError("soften needs a space without red lines applied")
    at_a = {a: r for r, a in enumerate(space.actors)}
    at_i = {iid: c for c, iid in enumerate(space.issues)}
    soft = np.zeros(space.crosses.shape[:2], dtype=bool)  # [A, I]
    cost = np.zeros(space.crosses.shape[:2])
    for line in lines:
        if line.actor in at_a:
            soft[at_a[line.actor], at_i[line.issue]] = True
            cost[at_a[line.actor], at_i[line.issue]] = line.cost
    table = np.where(space.crosses & soft[:, :, None], space.table - cost[:, :, None], space.table)
    crosses = space.crosses & ~soft[:, :, None]
    joints = tuple(
        replace(
            j,
            extra=j.extra - (j.cross * cost[:, list(j.issues)][:, None, :]).sum(axis=2),
            cross=j.cross & ~soft[:, list(j.issues)][:, None, :],
        )
        for j in space.joints
    )
    factors = []
    for f, factor in enumerate(space.factors):
        rows = space.factor_crossing(f)  # [A, g, K], conditional red lines included
        cols = list(factor.issues)
        on = soft[:, cols][:, :, None]
        util = factor.utility - np.einsum("agk,ag->ak", rows & on, cost[:, cols])
        codes = factor.codes
        if hard:
            keep = ~(rows & ~on).any(axis=(0, 1))
            util, codes = util[:, keep], codes[keep]
        factors.append(Factor(issues=factor.issues, codes=codes, utility=util))
    return replace(
        space,
        table=table,
        crosses=crosses,
        factors=tuple(factors),
        joints=joints,
        red_lines_applied=space.actors if hard else (),
    )
