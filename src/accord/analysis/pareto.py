"""The exact Pareto frontier of an outcome space, and non-dominated filtering of points.

An outcome is on the frontier when no other outcome is at least as good for every actor and
better for one. Outcomes with the same utilities for everyone are mutually non-dominated,
so all of them are kept (a frontier lists outcomes, not utility vectors).

Because utility is additive over factors (see :mod:`accord.analysis.space`; linked terms
make their issues one factor, so this holds with links too), the frontier
is built without enumerating the space: merge the factors one at a time and keep only the
non-dominated *partial* sums. A partial outcome dominated on its partial sum stays
dominated whatever the remaining factors add, so nothing on the frontier is lost, and the
work is bounded by the sizes of the intermediate frontiers, not by the size of the space.

**Floating point.** The same total reached through different sums can differ in the last
bits, so utilities are compared with a tolerance: within each column, values that differ
from a neighbouring value by at most ``atol`` are one level (equal), and dominance is
decided exactly on those levels (which keeps it transitive, so sort-based algorithms stay
exact). For a space, ``atol`` is ``RTOL`` (1e-12) times the largest total each actor's
utilities can reach, the same at every merge step and for enumeration. The result is
exact provided utilities that really differ do so by more than the tolerance, as they do
in any scenario whose numbers are not contrived to nearly cancel.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

import numpy as np

from accord.analysis.space import ENUMERATION_LIMIT, OutcomeSpace

#: Relative tolerance: utilities closer than this (times their scale) count as equal.
RTOL = 1e-12
#: ``method="auto"`` enumerates spaces up to this size and merges larger ones.
AUTO_ENUMERATE = 4096
#: Up to this many points, ``pareto_mask`` compares every pair.
SMALL = 256
#: A merge step refuses more candidate rows than this (a frontier nearly as large as the
#: space, e.g. when most utilities tie, is not worth listing).
MERGE_LIMIT = 10_000_000


@dataclass(frozen=True, eq=False)
class Frontier:
    """The Pareto frontier of a space for its actors.

    ``codes[f]`` is outcome f as setting indices (one per issue of the space) and
    ``utilities[f, a]`` its total utility for ``actors[a]`` (summed issue by issue).
    Rows are sorted by utilities, highest first for the first actor, then the next actor,
    and so on (tolerance-equal utilities compare equal), then by codes; the order therefore
    does not depend on the method.
    """

    actors: tuple[str, ...]
    codes: np.ndarray  # [F, I] intp
    utilities: np.ndarray  # [F, A] float

    @property
    def size(self) -> int:
        return int(self.codes.shape[0])

    def outcomes(self, space: OutcomeSpace) -> list[dict[str, object]]:
        """Each frontier outcome as issue id -> setting value."""
        return [space.decode(row) for row in self.codes]


def pareto_mask(points: np.ndarray, *, atol: float | np.ndarray | None = None) -> np.ndarray:
    """Which of ``points`` [N, A] no other point dominates (every column is maximised).

    q dominates p when q >= p in every column and q > p in one. Copies of a point (equal
    in every column, up to ``atol``) do not dominate each other: all copies are kept.
    ``atol`` (a number, or one per column) defaults to ``RTOL`` times the column's largest
    absolute value. Runs in O(N log N) for two columns, O(N log^2 N) for three, and in
    O(N x frontier size) for more.
    """
    pts = np.asarray(points, dtype=float)
    if pts.ndim != 2:
        raise ValueError(f"points must be a 2-d array [N, A], got shape {pts.shape}")
    if np.isnan(pts).any():
        raise ValueError("points contain NaN")
    n, n_cols = pts.shape
    if n == 0 or n_cols == 0:
        return np.ones(n, dtype=bool)
    if atol is None:
        atol = RTOL * np.abs(pts).max(axis=0)
    levels = _levels(pts, np.broadcast_to(np.asarray(atol, dtype=float), (n_cols,)))
    columns = levels.T
    if n <= SMALL:  # every pair at once: cheaper than any set-up below
        covers = _covers(columns, columns)  # covers[i, j]: point i >= point j everywhere
        return ~(covers & ~covers.T).any(axis=0)
    mask = np.zeros(n, dtype=bool)
    # Cheap first pass: drop the points that a few known frontier points dominate (the best
    # points for some positive weighting of the columns), often most of a large cloud.
    weights = np.ones((n_cols + 1, n_cols), dtype=np.int64)
    weights[1:] += n_cols * np.eye(n_cols, dtype=np.int64)
    maybe = np.ones(n, dtype=bool)
    for p in np.unique(np.argmax(levels @ weights.T, axis=0)):
        pivot = columns[:, p : p + 1]
        maybe &= ~_covers(pivot, columns)[0] | _covers(columns, pivot)[:, 0]  # or a copy
    mask[maybe] = _undominated(levels[maybe])
    return mask


def _undominated(levels: np.ndarray) -> np.ndarray:
    """``pareto_mask`` on integer levels."""
    n, n_cols = levels.shape
    # Sort descending, lexicographically: a point's dominators all come before it, and
    # copies become neighbours. Dominance is decided on one representative per copy group.
    spans = [int(s) + 1 for s in levels.max(axis=0)]
    first = np.ones(n, dtype=bool)
    if prod(spans) < 2**62:  # one integer key per point sorts faster than a lexsort
        key = levels[:, 0].astype(np.int64)
        for c in range(1, n_cols):
            key = key * spans[c] + levels[:, c]
        order = np.argsort(-key)
        key = key[order]
        first[1:] = key[1:] != key[:-1]
        unique = levels[order[first]]
    else:
        order = np.lexsort(-levels[:, ::-1].T)
        ranked = levels[order]
        first[1:] = (ranked[1:] != ranked[:-1]).any(axis=1)
        unique = ranked[first]
    if n_cols == 1:
        dominated = np.arange(len(unique)) > 0
    elif n_cols == 2:
        dominated = _dominated_2(unique)
    elif n_cols == 3:
        dominated = _dominated_3(unique)
    else:
        dominated = _dominated_blocks(unique)
    mask = np.empty(n, dtype=bool)
    mask[order] = ~dominated[np.cumsum(first) - 1]
    return mask


def _levels(pts: np.ndarray, atol: np.ndarray) -> np.ndarray:
    """Each value's rank among its column's distinct values, values within ``atol`` of a
    neighbour counting as one: [N, A] integers."""
    out = np.empty(pts.shape, dtype=np.int32 if len(pts) < 2**31 else np.int64)
    for c in range(pts.shape[1]):
        order = np.argsort(pts[:, c])  # equal values share a level: no need for stable
        steps = np.diff(pts[order, c]) > atol[c]
        out[order[0], c] = 0
        out[order[1:], c] = np.cumsum(steps)
    return out


# The three helpers below take distinct integer points sorted descending lexicographically
# and return which are dominated. In that order, p is dominated exactly when some earlier
# point is >= p in every column (earlier and distinct means greater somewhere).


def _dominated_2(q: np.ndarray) -> np.ndarray:
    """Two columns: the sweep. The first column never decreases going back, so p is
    dominated when an earlier point has at least its second column."""
    best_before = np.maximum.accumulate(q[:, 1])
    dominated = np.zeros(len(q), dtype=bool)
    dominated[1:] = best_before[:-1] >= q[1:, 1]
    return dominated


def _dominated_3(q: np.ndarray) -> np.ndarray:
    """Three columns: for each point, is there an earlier one with y and z at least its own?

    Divide and conquer on the position, bottom-up and vectorised per level: at block size b
    every point of an odd block is checked against the points of the even block just before
    it (each earlier point shares such a pair of blocks with p at exactly one level). The
    check is a staircase query: among the even block's points with y >= y_p, the largest z.
    The points are kept sorted by (block, y), as in a merge sort: the query's search also
    says where each odd-block point goes in its pair's merged order. Points found dominated
    drop out (whatever they would dominate, their own dominator does).
    """
    n = len(q)
    y, z = q[:, 1], q[:, 2]
    y_span, z_span = int(y.max()) + 1, int(z.max()) + 1
    dominated = np.zeros(n, dtype=bool)
    at = np.arange(n)  # live points, sorted by (block, y)
    b = 1
    while b < n:
        block = at // b
        pair = block // 2
        even = block % 2 == 0
        red, red_pair = at[even], pair[even]  # sorted by (pair, y): one even block per pair
        blue, blue_pair = at[~even], pair[~even]
        key = red_pair * y_span + y[red]
        first = np.searchsorted(key, blue_pair * y_span + y[blue], side="left")
        if len(red) and len(blue):
            # Largest z at or after each position within the same pair: offsetting each pair
            # by (last pair - pair) * z_span keeps one running maximum from leaking across.
            shift = (red_pair[-1] - red_pair) * z_span
            best_z = np.maximum.accumulate((z[red] + shift)[::-1])[::-1] - shift
            safe = np.minimum(first, len(key) - 1)
            hit = (first < len(key)) & (red_pair[safe] == blue_pair) & (best_z[safe] >= z[blue])
            dominated[blue[hit]] = True
        # Merge: an odd-block point goes after the even-block points with a smaller key.
        is_blue = np.zeros(len(at), dtype=bool)
        is_blue[np.arange(len(blue)) + first] = True
        at = np.empty_like(at)
        at[is_blue], at[~is_blue] = blue, red
        at = at[~dominated[at]]
        b *= 2
    return dominated


def _dominated_blocks(q: np.ndarray, block: int = 256) -> np.ndarray:
    """Any number of columns: points in order of decreasing sum (dominators come first), a
    block at a time, against the frontier found so far and then within the block. The
    frontier is tried a slice at a time, highest sums first and in growing slices: those
    dominate the most, so most points drop out after a few comparisons."""
    order = np.argsort(-q.sum(axis=1), kind="stable")
    pts = np.ascontiguousarray(q[order].T)  # [A, N]: one row per column, compared in turn
    dominated = np.zeros(pts.shape[1], dtype=bool)
    front = pts[:, :0]
    for start in range(0, pts.shape[1], block):
        blk = pts[:, start : start + block]
        live = np.arange(blk.shape[1])
        lo, step = 0, 32
        while lo < front.shape[1] and len(live):
            live = live[~_covers(front[:, lo : lo + step], blk[:, live]).any(axis=0)]
            lo, step = lo + step, 2 * step
        covers = _covers(blk[:, live], blk[:, live])  # distinct points: j >= i means j > i
        np.fill_diagonal(covers, False)
        live = live[~covers.any(axis=0)]
        dominated[start : start + blk.shape[1]] = True
        dominated[start + live] = False
        front = np.concatenate([front, blk[:, live]], axis=1)
    out = np.empty(len(dominated), dtype=bool)
    out[order] = dominated
    return out


def _covers(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """[A, Na] and [A, Nb] -> [Na, Nb]: whether a_i >= b_j in every column."""
    out = a[0][:, None] >= b[0][None, :]
    for c in range(1, a.shape[0]):
        out &= a[c][:, None] >= b[c][None, :]
    return out


def space_tolerance(space: OutcomeSpace) -> np.ndarray:
    """The tolerance for each actor's utilities: ``RTOL`` times the largest total the issue
    grid allows it (the sum over issues of its largest setting utility), whatever
    constraints and red lines remove."""
    if not space.issues:
        return np.zeros(len(space.actors))
    top = np.nanmax(np.abs(space.table), axis=2).sum(axis=1)
    for joint in space.joints:  # linked terms: their largest part, on top
        top = top + np.abs(joint.extra).max(axis=1)
    return RTOL * top


def frontier_of(space: OutcomeSpace, codes: np.ndarray) -> Frontier:
    """The frontier among the given outcomes [N, I] (setting indices) of ``space``."""
    codes = np.asarray(codes, dtype=np.intp).reshape(-1, len(space.issues))
    # Summed issue by issue, in place: space.utilities builds an [A, N, I] array first,
    # too large when N is in the millions. Both methods report these same sums.
    utilities = np.zeros((codes.shape[0], len(space.actors)))
    for i in range(len(space.issues)):
        utilities += space.table[:, i, codes[:, i]].T
    for joint in space.joints:
        utilities += joint.extra[:, joint.rows(codes)].T
    atol = space_tolerance(space)
    keep = pareto_mask(utilities, atol=atol)
    codes, utilities = codes[keep], utilities[keep]
    # Deterministic order: utilities (as tolerance levels) descending, then codes.
    levels = _levels(utilities, atol) if len(utilities) else utilities.astype(np.int64)
    order = np.lexsort((*codes.T[::-1], *(-levels.T[::-1])))
    codes, utilities = codes[order], utilities[order]
    codes.setflags(write=False)
    utilities.setflags(write=False)
    return Frontier(actors=space.actors, codes=codes, utilities=utilities)


def pareto_frontier(space: OutcomeSpace, *, method: str = "auto") -> Frontier:
    """The exact Pareto frontier of ``space`` for its actors.

    ``method``: ``"enumerate"`` lists every outcome (small spaces only);
    ``"merge"`` merges factor by factor and never lists the space; ``"auto"`` enumerates
    spaces of at most ``AUTO_ENUMERATE`` outcomes and merges larger ones. Both methods give
    the same rows in the same order.
    """
    if method == "auto":
        method = "enumerate" if space.size <= AUTO_ENUMERATE else "merge"
    if method == "enumerate":
        if space.size > ENUMERATION_LIMIT:
            raise ValueError(
                f"the space has {space.size:,.0f} outcomes, more than the {ENUMERATION_LIMIT:,} "
                "that may be enumerated; use method='merge'"
            )
        return frontier_of(space, space.enumerate())
    if method == "merge":
        return frontier_of(space, _merge(space))
    raise ValueError(f"unknown method {method!r}: use 'auto', 'merge' or 'enumerate'")


def _merge(space: OutcomeSpace) -> np.ndarray:
    """The outcomes whose partial sums survive every merge step: a superset of the frontier
    (equal to it unless the final sums, taken issue by issue, reorder a near-tie)."""
    atol = space_tolerance(space)
    sums = np.zeros((1, len(space.actors)))
    # For each step, the surviving rows' parent (a row of the previous step) and the factor
    # row added: back-pointers, cheaper than carrying every partial outcome's codes along.
    steps: list[tuple[np.ndarray, np.ndarray]] = []
    for factor in space.factors:
        gains = factor.utility.T  # [K, A]
        rows = np.arange(len(gains))
        if len(sums) * len(rows) > SMALL:
            # A row worse than another row of the same factor never helps: drop it first.
            rows = rows[pareto_mask(gains, atol=atol)]
        if len(sums) * len(rows) > MERGE_LIMIT:
            raise ValueError(
                f"the Pareto merge needs more than {MERGE_LIMIT:,} partial outcomes at once "
                "(the frontier is too large to list; do utilities mostly tie?)"
            )
        candidates = (sums[:, None, :] + gains[None, rows, :]).reshape(-1, sums.shape[1])
        keep = np.flatnonzero(pareto_mask(candidates, atol=atol))
        parent, row = np.divmod(keep, len(rows))
        steps.append((parent, rows[row]))
        sums = candidates[keep]
    codes = np.empty((len(sums), len(space.issues)), dtype=np.intp)
    at = np.arange(len(sums))
    for factor, (parent, row) in zip(space.factors[::-1], steps[::-1], strict=True):
        codes[:, list(factor.issues)] = factor.codes[row[at]]
        at = parent[at]
    return codes
