"""An order of integer points in which runs of consecutive points are small boxes.

Split the points at the median of one column, each half at the median of the next, and so
on: consecutive runs of ``BRANCH``, 2 ``BRANCH``, 4 ``BRANCH`` ... points then lie in small
boxes. The ε-frontier (:func:`accord.analysis.pareto.epsilon_frontier`) bounds a run of
rows by the upper corner of its box, and skips a block of pairs whose bound is covered.
"""

from __future__ import annotations

import numpy as np

#: Groups are split until they hold at most this many points.
BRANCH = 8


def kd_order(points: np.ndarray) -> np.ndarray:
    """An order of ``points`` [N, A] in which runs of consecutive points are small boxes:
    every group is split at its median in one column, then each half in the next column,
    until groups hold at most ``BRANCH`` points."""
    n, n_cols = points.shape
    order = np.arange(n)
    group = np.zeros(n, dtype=np.int64)
    size, level = n, 0
    span = int(points.max(initial=0)) + 2
    while size > BRANCH:
        values = points[order, level % n_cols].astype(np.int64) + 1  # >= 0, < span
        key = group * span + values  # group first, then value: one sort per level
        ranked = np.argsort(key, kind="stable")
        order, group = order[ranked], group[ranked]
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
        counts = np.diff(np.r_[starts, n])
        rank = np.arange(n) - np.repeat(starts, counts)
        group = group * 2 + (rank >= np.repeat((counts + 1) // 2, counts))
        size, level = (size + 1) // 2, level + 1
    return order
