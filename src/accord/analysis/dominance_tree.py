"""Which of many distinct integer points another point dominates, for four or more columns.

With four or more columns no sweep is known that NumPy can run over whole arrays, and
comparing every point with every earlier one costs O(N x frontier size): for a five-party
frontier of 50,000 outcomes that is over a billion pairs. This module compares boxes first.

The points are put in k-d order (split at the median of one column, then of the next,
recursively), so consecutive runs of 8, 64, 512 ... points are small boxes. A box of
possible dominators can hold a point >= some point of a box of queries only when its upper
corner is >= the query box's lower corner in every column. Pairs of boxes are refined from
the top down, the larger box of a pair split into its eight children at a time (one array
operation per step, a chunk of pairs at a time), and a pair of single points that passes
is a dominance. Points with many dominators (deep in a cloud) make many pairs pass, so
each point is first compared with its neighbours in k-d order, and the caller drops the
points that the best few frontier points dominate
(:func:`accord.analysis.pareto.pareto_mask`). On the last merge step of a five-party
frontier of 54,000 outcomes this takes about a second of CPU where comparing every
standing point with every earlier one took about ten.
"""

from __future__ import annotations

import numpy as np

from accord.analysis.frontier_cost import CancelToken, check_cancel

#: Children per box: each refinement compares BRANCH x BRANCH pairs of child boxes.
BRANCH = 8
#: The top boxes hold about this many points or fewer (fewer top pairs to start from).
TOP_POINTS = 4096
#: Pairs of boxes refined at once (memory: BRANCH x columns bytes per pair).
PAIRS_PER_STEP = 1 << 14
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


def _dominated_nearby(points: np.ndarray) -> np.ndarray:
    """Which of ``points`` [N, A] (in k-d order) a point of the same run of ``NEARBY``
    consecutive points dominates (two passes, the second shifted by half a run)."""
    window = NEARBY  # read at call time, so that tests can shrink it
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

    # Corners per level k (boxes of BRANCH^k points), [A, boxes]: the children of box j
    # are boxes BRANCH j ... BRANCH j + BRANCH - 1 of the level below.
    upper = [np.ascontiguousarray(dom.T)]
    lower = [np.ascontiguousarray(query.T)]
    for _ in range(depth):
        upper.append(np.ascontiguousarray(upper[-1].reshape(n_cols, -1, BRANCH).max(axis=2)))
        lower.append(np.ascontiguousarray(lower[-1].reshape(n_cols, -1, BRANCH).min(axis=2)))
    n_top = padded // top
    qi, di = np.divmod(np.arange(n_top * n_top), n_top)
    dominated = np.zeros(padded, dtype=bool)
    # Pairs (query box, dominator box) still to refine, by their levels; one side is split
    # at a time (the larger box), so a pair costs BRANCH tests, and the deepest pairs go
    # first: memory stays bounded by the chunk, and small sets of pairs are refined
    # together (fewer, larger operations).
    pending: dict[tuple[int, int], list[tuple[np.ndarray, np.ndarray]]] = {
        (depth, depth): [(qi, di)]
    }
    while pending:
        levels = min(pending, key=sum)
        check_cancel(cancel)
        items = pending.pop(levels)
        qi, di = items[0] if len(items) == 1 else map(np.concatenate, zip(*items, strict=True))
        if len(qi) > PAIRS_PER_STEP:  # the rest waits, as a view: no copy
            pending[levels] = [(qi[PAIRS_PER_STEP:], di[PAIRS_PER_STEP:])]
            qi, di = qi[:PAIRS_PER_STEP], di[:PAIRS_PER_STEP]
        lq, ld = levels
        if lq >= ld and lq > 0:  # split the query box: ok[p, a] for its child a
            lq -= 1
            hi = upper[ld][:, di][:, :, None]
            lo = lower[lq].reshape(n_cols, -1, BRANCH)[:, qi]
            ok = hi[0] >= lo[0]
            for c in range(1, n_cols):
                ok &= hi[c] >= lo[c]
            p, a = np.nonzero(ok)
            qi, di = qi[p] * BRANCH + a, di[p]
        else:  # split the dominator box
            ld -= 1
            hi = upper[ld].reshape(n_cols, -1, BRANCH)[:, di]
            lo = lower[lq][:, qi][:, :, None]
            ok = hi[0] >= lo[0]
            for c in range(1, n_cols):
                ok &= hi[c] >= lo[c]
            p, b = np.nonzero(ok)
            qi, di = qi[p], di[p] * BRANCH + b
        if lq == ld == 0:  # two points: one >= the other everywhere, and not itself
            dominated[qi[qi != di]] = True
        elif len(qi):
            pending.setdefault((lq, ld), []).append((qi, di))
    out = np.empty(n, dtype=bool)
    out[order] = dominated[:n]
    return out
