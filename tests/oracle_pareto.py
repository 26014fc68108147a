"""Plain, obviously-correct reference for Pareto frontiers, for tests only.

Every outcome against every other, in Python loops; nothing is shared with
:mod:`accord.analysis.pareto`. Utilities closer than a tolerance count as equal
(floating-point noise: the same total summed in another order differs in the last bits):
for a space, 1e-12 times the largest total each actor's settings allow, as documented for
the library.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from accord.analysis.space import OutcomeSpace

#: Relative tolerance of utilities.
RTOL = 1e-12


def dominates(u: Sequence[float], v: Sequence[float], tol: float | Sequence[float] = 0.0) -> bool:
    """u is at least as good as v for everyone and better for someone."""
    tols = [tol] * len(u) if isinstance(tol, int | float) else list(tol)
    at_least = all(a >= b - t for a, b, t in zip(u, v, tols, strict=True))
    better = any(a > b + t for a, b, t in zip(u, v, tols, strict=True))
    return at_least and better


def pareto_mask(
    points: Sequence[Sequence[float]], tol: float | Sequence[float] = 0.0
) -> list[bool]:
    """For each point, whether no other point dominates it (``tol``: one, or one per column)."""
    keep = []
    for i, p in enumerate(points):
        dominated = False
        for j, q in enumerate(points):
            if j != i and dominates(q, p, tol):
                dominated = True
                break
        keep.append(not dominated)
    return keep


def outcomes(space: OutcomeSpace) -> list[tuple[tuple[int, ...], tuple[float, ...]]]:
    """Every outcome of the space as (setting index per issue, utility per actor)."""
    n_issues, n_actors = len(space.issues), len(space.actors)
    out = []
    for rows in itertools.product(*[range(f.size) for f in space.factors]):
        codes = [0] * n_issues
        for factor, r in zip(space.factors, rows, strict=True):
            for j, i in enumerate(factor.issues):
                codes[i] = int(factor.codes[r, j])
        utils = tuple(
            sum(float(space.table[a, i, codes[i]]) for i in range(n_issues))
            for a in range(n_actors)
        )
        out.append((tuple(codes), utils))
    return out


def tolerance(space: OutcomeSpace) -> list[float]:
    """For each actor, RTOL times the sum over issues of its largest setting utility."""
    table = space.table.tolist()
    return [
        RTOL
        * sum(max(abs(v) for v in settings if v == v) for settings in issues)  # v == v: not NaN
        for issues in table
    ]


def frontier(space: OutcomeSpace) -> set[tuple[int, ...]]:
    """The codes of every outcome no other outcome of the space dominates."""
    every = outcomes(space)
    keep = pareto_mask([u for _, u in every], tolerance(space))
    return {codes for (codes, _), k in zip(every, keep, strict=True) if k}
