"""The two parties a two-dimensional picture shows, and their exact frontier and solutions."""

from __future__ import annotations

import numpy as np

from accord.analysis import pareto_frontier
from accord.analysis.bargaining import Analysis, bargain
from accord.analysis.space import outcome_space
from accord.model import Scenario
from accord.overview.records import PairFrontier


def choose_pair(s: Scenario, chosen: list[str]) -> tuple[tuple[str, str], str] | None:
    """The two parties with the most opposed interests, and why they were chosen.

    Opposition of a pair: what each loses, in its own utility, at the other's ideal outcome
    (every issue at the other's best setting), summed over the two. Ties go to the pair that
    comes first in the scenario.
    """
    if len(chosen) < 2:
        return None
    if len(chosen) == 2:
        return (chosen[0], chosen[1]), "the scenario's two parties"
    space = outcome_space(s, chosen)
    table = np.where(np.isnan(space.table), -np.inf, space.table)  # [A, I, K]
    best = table.argmax(axis=2)  # [A, I]: each party's best setting of each issue
    top = table.max(axis=2).sum(axis=1)  # [A]: each party's best total
    # at[a, b]: party a's utility at party b's ideal outcome
    at = np.take_along_axis(
        np.where(np.isinf(table), 0.0, table)[:, None, :, :],
        best[None, :, :, None],
        axis=3,
    )[..., 0].sum(axis=2)
    loss = top[:, None] - at
    opposed = loss + loss.T
    opposed[np.tril_indices(len(chosen))] = -np.inf
    a, b = np.unravel_index(int(np.argmax(opposed)), opposed.shape)
    why = (
        f"the two of the {len(chosen)} parties with the most opposed interests: together they "
        f"lose {opposed[a, b]:.2f} in utility at each other's ideal outcome"
    )
    return (chosen[int(a)], chosen[int(b)]), why


def pair_frontier(
    s: Scenario, pair: tuple[str, str], why: str, analysis: Analysis | None = None
) -> PairFrontier | None:
    """Frontier and solutions for ``pair``: red lines binding when some outcome respecting
    them gives a solution, else soft (:func:`accord.analysis.bargaining.bargain`).

    ``analysis``, when it is the pair's own, gives them without computing them again. None
    when a frontier is too large to list (utilities that mostly tie).
    """
    ids = list(pair)
    if analysis is not None and list(analysis.parties) == ids:
        if analysis.relaxed is None:
            a = analysis
            return PairFrontier(pair, why, a.space, a.frontier, a.bargaining, False)
        # the analysis keeps the relaxed solutions but not the space they were found in
        plain = outcome_space(s, ids, resolution=analysis.space.resolution)
        return PairFrontier(pair, why, plain, pareto_frontier(plain), analysis.relaxed, True)
    try:
        strict, soft = bargain(s, ids)
    except ValueError:  # a frontier too large to list
        return None
    shown = soft or strict
    return PairFrontier(pair, why, shown.space, shown.frontier, shown.bargaining, soft is not None)
