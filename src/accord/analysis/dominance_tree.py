"""Which of many distinct integer points another point dominates, for four or more columns.

With four or more columns no sweep is known that NumPy can run over whole arrays, and
comparing every point with every earlier one costs O(N x frontier size): for a five-party
frontier of 50,000 outcomes that is over a billion pairs. This module compares boxes first.

The points are put in k-d order (split at the median of one column, then of the next,
recursively), so consecutive runs of 8, 64, 512 ... points are small boxes. A box of
possible dominators can hold a point >= some point of a box of queries only when its upper
corner is >= the query box's lower corner in every column; pairs of boxes are refined from
the top down, eight children by eight at a time (one array operation per level, a chunk of
pairs at a time), and only pairs of single points that pass are dominance. On a frontier
of 54,000 five-party outcomes this compares about 4 x 10^7 pairs of points instead of
1.5 x 10^9. Points with many dominators (deep in a cloud) make many pairs pass, so the
caller first drops those the cheap way (:func:`accord.analysis.pareto.pareto_mask`).
"""

from __future__ import annotations

import numpy as np

from accord.analysis.frontier_cost import CancelToken, check_cancel

#: Children per box: each refinement compares BRANCH x BRANCH pairs of child boxes.
BRANCH = 8
#: The top boxes hold about this many points or fewer (fewer top pairs to start from).
TOP_POINTS = 4096
#: Pairs of boxes refined at once (memory: BRANCH^2 x columns bytes per pair).
PAIRS_PER_STEP = 1 << 16
#: Each point is first compared with the points of its run of this many in k-d order.
NEARBY = 256
#: Runs compared at once (memory: NEARBY^2 bytes each).
CHUNK_RUNS = 256


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


def dominated_tree(points: np.ndarray, cancel: CancelToken | None = None) -> np.ndarray:
    """Which of the distinct integer ``points`` [N, A] (non-negative) some other point is
    >= in every column (so dominates: the points are distinct). ``cancel`` is checked
    between chunks (:class:`accord.analysis.frontier_cost.Cancelled`)."""
    n = len(points)
    if n < 2:
        return np.zeros(n, dtype=bool)
    order = kd_order(points)
    # First each point against its neighbours in k-d order: a dominated point near the
    # frontier is usually dominated by a nearby one, and dropping it here spares the many
    # pairs of boxes it would pass below. Frontier points are never dropped, and whatever
    # is dominated is dominated by one of them, so the rest is decided among the rest.
    near = _dominated_nearby(points[order])
    if near.any():
        out = np.zeros(n, dtype=bool)
        out[order[near]] = True
        rest = order[~near]
        out[rest] = _dominated_boxes(points[rest], cancel)
        return out
    return _dominated_boxes(points, cancel, order)


def _dominated_nearby(points: np.ndarray, window: int = NEARBY) -> np.ndarray:
    """Which of ``points`` [N, A] (in k-d order) a point of the same run of ``window``
    consecutive points dominates (two passes, the second shifted by half a window)."""
    n, n_cols = points.shape
    dominated = np.zeros(n, dtype=bool)
    for shift in (0, window // 2):
        m = (n - shift) // window * window
        if m == 0:
            continue
        runs = points[shift : shift + m].reshape(-1, window, n_cols)
        for at in range(0, len(runs), CHUNK_RUNS):
            part = runs[at : at + CHUNK_RUNS]
            covers = part[:, :, None, 0] >= part[:, None, :, 0]  # [r, i, j]: i >= j
            for c in range(1, n_cols):
                covers &= part[:, :, None, c] >= part[:, None, :, c]
            covers[:, np.arange(window), np.arange(window)] = False
            dominated[shift + at * window : shift + (at + len(part)) * window] |= covers.any(
                axis=1
            ).ravel()
    return dominated


def _dominated_boxes(
    points: np.ndarray, cancel: CancelToken | None, order: np.ndarray | None = None
) -> np.ndarray:
    """:func:`dominated_tree` without the pass over neighbours (``order``: the k-d order)."""
    n, n_cols = points.shape
    if n < 2:
        return np.zeros(n, dtype=bool)
    order = kd_order(points) if order is None else order
    depth = 1
    while BRANCH**depth * BRANCH < min(n, TOP_POINTS):
        depth += 1
    top = BRANCH**depth
    padded = -(-n // top) * top
    # Padding never dominates (-1) and is never dominated (the largest value): it changes
    # no box's upper corner among dominators, nor any lower corner among queries.
    dom = np.full((padded, n_cols), -1, dtype=np.int32)
    dom[:n] = points[order]
    query = np.full((padded, n_cols), np.iinfo(np.int32).max, dtype=np.int32)
    query[:n] = points[order]

    def corners(pts: np.ndarray, size: int, upper: bool) -> np.ndarray:
        """Each box's corner, as [A, boxes / BRANCH, BRANCH]: one row of children per parent."""
        boxes = pts.reshape(-1, size, n_cols)
        corner = boxes.max(axis=1) if upper else boxes.min(axis=1)
        return np.ascontiguousarray(corner.reshape(-1, BRANCH, n_cols).transpose(2, 0, 1))

    upper = [corners(dom, BRANCH**k, True) for k in range(depth)]
    lower = [corners(query, BRANCH**k, False) for k in range(depth)]
    top_upper = dom.reshape(-1, top, n_cols).max(axis=1).T
    top_lower = query.reshape(-1, top, n_cols).min(axis=1).T
    n_top = padded // top
    qi, di = np.divmod(np.arange(n_top * n_top), n_top)
    ok = np.ones(len(qi), dtype=bool)
    for c in range(n_cols):
        ok &= top_upper[c][di] >= top_lower[c][qi]
    dominated = np.zeros(padded, dtype=bool)
    others = ~np.eye(BRANCH, dtype=bool)  # a point does not dominate itself
    # Pairs of boxes still to refine, per level, deepest first: memory stays bounded by
    # the chunk, and small sets of pairs are refined together (fewer, larger operations).
    pending: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in range(depth + 1)]
    pending[depth].append((qi[ok], di[ok]))
    while any(pending):
        level = next(k for k in range(1, depth + 1) if pending[k])
        check_cancel(cancel)
        items = pending[level]
        qi, di = items[0] if len(items) == 1 else map(np.concatenate, zip(*items, strict=True))
        pending[level] = []
        if len(qi) > PAIRS_PER_STEP:  # the rest waits, as a view: no copy
            pending[level].append((qi[PAIRS_PER_STEP:], di[PAIRS_PER_STEP:]))
            qi, di = qi[:PAIRS_PER_STEP], di[:PAIRS_PER_STEP]
        level -= 1
        hi, lo = upper[level], lower[level]
        # ok[p, a, b]: child b of the dominator box may be >= child a of the query box
        ok = hi[0][di][:, None, :] >= lo[0][qi][:, :, None]
        for c in range(1, n_cols):
            ok &= hi[c][di][:, None, :] >= lo[c][qi][:, :, None]
        if level == 0:  # children are points
            ok[qi == di] &= others
            p, a = np.nonzero(ok.any(axis=2))
            dominated[qi[p] * BRANCH + a] = True
        else:
            p, a, b = np.nonzero(ok)
            pending[level].append((qi[p] * BRANCH + a, di[p] * BRANCH + b))
    out = np.empty(n, dtype=bool)
    out[order] = dominated[:n]
    return out
