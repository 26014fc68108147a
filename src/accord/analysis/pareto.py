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

**Large frontiers.** Before merging, the frontier's size and cost are estimated
(:func:`estimate_frontier`); beyond a budget an ε-frontier is returned instead
(:func:`epsilon_frontier`), with a note. The module is longer than 500 lines because the
exact and the ε merge are one merge loop over one dominance filter, and splitting them
would make the lower half import the upper.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from math import prod

import moocore
import numpy as np

from accord.analysis.frontier_cost import (
    AUTO_EPSILON,
    EXACT_BUDGET_POINTS,
    EXACT_BUDGET_SECONDS,
    PREFIX_POINTS,
    BoxGrid,
    CancelToken,
    FrontierEstimate,
    box_frontier,
    check_cancel,
    extrapolate,
)
from accord.analysis.kd_order import kd_order
from accord.analysis.memory import available_memory
from accord.analysis.space import ENUMERATION_LIMIT, OutcomeSpace

#: Called after each merge step with (steps done, steps in all).
Progress = Callable[[int, int], None]

#: Relative tolerance: utilities closer than this (times their scale) count as equal.
RTOL = 1e-12
#: ``method="auto"`` enumerates spaces up to this size and merges larger ones.
AUTO_ENUMERATE = 4096
#: Up to this many points, ``pareto_mask`` hands them to moocore at once, with no first pass.
SMALL = 256
#: A merge step refuses more candidate rows than this (a frontier nearly as large as the
#: space, e.g. when most utilities tie, is not worth listing).
MERGE_LIMIT = 10_000_000
#: The ε-frontier lists a half of the factors exactly while its frontier stays this small.
EXACT_PART = 30_000
#: With four or more columns, moocore filters at most this many points per call (or the
#: frontier found so far and as many more, when that is larger), so a cancel or Ctrl-C waits
#: for one call: on the 2-core development machine, about half a second at this size.
CHUNK = 1 << 18
#: The most columns (parties) moocore's filter takes.
MAX_COLUMNS = 255
#: Pairs of rows whose sums the ε-frontier boxes at once (memory: 40 bytes per pair).
PAIRS_PER_CHUNK = 2_000_000
#: The ε-frontier bounds blocks of pairs by runs of rows in k-d order, each run made of
#: this many shorter ones ...
BRANCH = 4
#: ... and the longest runs of the second side at most this many.
TOP_RUNS = 64
#: ... taking every SPREAD-th run of the first side first, so early chunks span it all.
SPREAD = 64


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
    #: 0 for the exact frontier; else every exact frontier outcome is within ``epsilon`` of
    #: some row for every actor (an ε-frontier, see :func:`pareto_frontier`)
    epsilon: float = 0.0
    #: why an ε-frontier was returned, in words ("" when exact as asked)
    note: str = ""
    #: the size and cost estimated before computing (None for enumerated spaces)
    estimate: FrontierEstimate | None = None

    @property
    def size(self) -> int:
        return int(self.codes.shape[0])

    def outcomes(self, space: OutcomeSpace) -> list[dict[str, object]]:
        """Each frontier outcome as issue id -> setting value."""
        return [space.decode(row) for row in self.codes]


def pareto_mask(
    points: np.ndarray,
    *,
    atol: float | np.ndarray | None = None,
    cancel: CancelToken | None = None,
) -> np.ndarray:
    """Which of ``points`` [N, A] no other point dominates (every column is maximised).

    q dominates p when q >= p in every column and q > p in one. Copies of a point (equal
    in every column, up to ``atol``) do not dominate each other: all copies are kept.
    ``atol`` (a number, or one per column) defaults to ``RTOL`` times the column's largest
    absolute value. ``cancel`` (a ``threading.Event``) stops the work between blocks
    (:class:`Cancelled`). Runs in O(N log N) for two columns, O(N log^2 N) for three; with
    more, moocore's compiled filter decides (Kung, Luccio and Preparata's divide and
    conquer, O(N log^(A-2) N)), at most ``MAX_COLUMNS`` columns.
    """
    pts = np.asarray(points, dtype=float)
    if pts.ndim != 2:
        raise ValueError(f"points must be a 2-d array [N, A], got shape {pts.shape}")
    if np.isnan(pts).any():
        raise ValueError("points contain NaN")
    n, n_cols = pts.shape
    if n_cols > MAX_COLUMNS:
        raise ValueError(
            f"points have {n_cols} columns (parties): at most {MAX_COLUMNS} can be compared"
        )
    if n == 0 or n_cols == 0:
        return np.ones(n, dtype=bool)
    if atol is None:
        atol = RTOL * np.abs(pts).max(axis=0)
    levels = _levels(pts, np.broadcast_to(np.asarray(atol, dtype=float), (n_cols,)))
    if n <= SMALL:  # one compiled call: faster than any set-up below (bench_pareto_moocore)
        return _nondominated(levels)
    columns = levels.T
    mask = np.zeros(n, dtype=bool)
    # Cheap first pass: drop the points that a few known frontier points dominate (the best
    # points for some positive weighting of the columns), often most of a large cloud.
    weights = np.ones((n_cols + 1, n_cols), dtype=np.int64)
    weights[1:] += n_cols * np.eye(n_cols, dtype=np.int64)
    maybe = np.ones(n, dtype=bool)
    for p in np.unique(np.argmax(levels @ weights.T, axis=0)):
        pivot = columns[:, p : p + 1]
        maybe &= ~_covers(pivot, columns)[0] | _covers(columns, pivot)[:, 0]  # or a copy
    mask[maybe] = _undominated(levels[maybe], cancel)
    return mask


def _undominated(levels: np.ndarray, cancel: CancelToken | None = None) -> np.ndarray:
    """``pareto_mask`` on integer levels."""
    n, n_cols = levels.shape
    if n_cols >= 4:
        return _nondominated_chunked(levels, cancel)
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
    else:
        dominated = _dominated_3(unique)
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


# The two helpers below take distinct integer points sorted descending lexicographically
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


def _nondominated(levels: np.ndarray) -> np.ndarray:
    """``pareto_mask`` on integer levels, by moocore in one call (copies all kept)."""
    return np.asarray(moocore.is_nondominated(levels, maximise=True, keep_weakly=True))


def _nondominated_chunked(levels: np.ndarray, cancel: CancelToken | None) -> np.ndarray:
    """``pareto_mask`` on integer levels with four or more columns: moocore's filter, with
    ``cancel`` checked between calls of at most ``CHUNK`` new points each.

    For four or more columns NumPy has no sweep over whole arrays; the compiled
    divide and conquer is three times faster than the box comparisons it replaces on the
    five-party merge steps (bench_pareto_moocore). One call cannot be stopped, so a large
    cloud is filtered a chunk at a time in order of decreasing level sum: a dominator has a
    larger sum than what it dominates and a copy the same, so no point dominates one taken
    before it, and each chunk is filtered together with the frontier of the chunks before
    (a chunk at least as large as that frontier: at most about 2N points go through moocore
    in all)."""
    n = len(levels)
    if n <= CHUNK:
        check_cancel(cancel)
        return _nondominated(levels)
    order = np.argsort(-levels.sum(axis=1, dtype=np.int64), kind="stable")
    front = order[:0]
    at = 0
    while at < n:
        check_cancel(cancel)
        size = max(CHUNK, len(front))
        both = np.concatenate([front, order[at : at + size]])
        front = both[_nondominated(levels[both])]
        at += size
    mask = np.zeros(n, dtype=bool)
    mask[front] = True
    return mask


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


def frontier_of(space: OutcomeSpace, codes: np.ndarray, *, filtered: bool = False) -> Frontier:
    """The frontier among the given outcomes [N, I] (setting indices) of ``space``
    (``filtered``: they are known not to dominate one another; only sort them)."""
    codes = np.asarray(codes, dtype=np.intp).reshape(-1, len(space.issues))
    # Summed issue by issue, in place: space.utilities builds an [A, N, I] array first,
    # too large when N is in the millions. Both methods report these same sums.
    utilities = np.zeros((codes.shape[0], len(space.actors)))
    for i in range(len(space.issues)):
        utilities += space.table[:, i, codes[:, i]].T
    for joint in space.joints:
        utilities += joint.extra[:, joint.rows(codes)].T
    atol = space_tolerance(space)
    if not filtered:
        keep = pareto_mask(utilities, atol=atol)
        codes, utilities = codes[keep], utilities[keep]
    # Deterministic order: utilities (as tolerance levels) descending, then codes.
    levels = _levels(utilities, atol) if len(utilities) else utilities.astype(np.int64)
    order = np.lexsort((*codes.T[::-1], *(-levels.T[::-1])))
    codes, utilities = codes[order], utilities[order]
    codes.setflags(write=False)
    utilities.setflags(write=False)
    return Frontier(actors=space.actors, codes=codes, utilities=utilities)


@dataclass(frozen=True)
class FrontierOptions:
    """Defaults for :func:`pareto_frontier` within a :func:`frontier_options` block."""

    epsilon: float | None = None
    cancel: CancelToken | None = None
    progress: Progress | None = None


_OPTIONS: ContextVar[FrontierOptions | None] = ContextVar("frontier_options", default=None)


@contextmanager
def frontier_options(
    *,
    epsilon: float | None = None,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
) -> Iterator[None]:
    """Within the block, every :func:`pareto_frontier` call that does not say otherwise uses
    these: a whole analysis (ZOPA, bargaining, verdicts) then shares one ε, one cancel
    token and one progress display, without each layer passing them on."""
    token = _OPTIONS.set(FrontierOptions(epsilon, cancel, progress))
    try:
        yield
    finally:
        _OPTIONS.reset(token)


def pareto_frontier(
    space: OutcomeSpace,
    *,
    method: str = "auto",
    epsilon: float | None = None,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
) -> Frontier:
    """The Pareto frontier of ``space`` for its actors: exact, or an ε-frontier.

    ``method``: ``"enumerate"`` lists every outcome (small spaces only);
    ``"merge"`` merges factor by factor and never lists the space; ``"auto"`` enumerates
    spaces of at most ``AUTO_ENUMERATE`` outcomes and merges larger ones. Both methods give
    the same rows in the same order.

    ``epsilon`` (on the utility scale, where each party's utility runs from 0 to 1):
    ``0`` asks for the exact frontier; a positive E for an ε-frontier: a set of real
    outcomes such that every exact frontier outcome is within E of one of them for *every*
    actor (:func:`epsilon_frontier`); ``None`` (the default) gives the exact frontier
    unless its size and cost, estimated first (:func:`estimate_frontier`), exceed
    ``EXACT_BUDGET_POINTS`` or ``EXACT_BUDGET_SECONDS``: then an ε-frontier with
    ``AUTO_EPSILON``, and ``Frontier.note`` says so and why. The exact frontier is refused
    (ValueError, saying what would fit) when its estimated memory exceeds what the machine
    has. ``cancel`` (a ``threading.Event``) stops the work (:class:`Cancelled`);
    ``progress(done, total)`` is called after each merge step. Defaults for all three
    come from :func:`frontier_options`.
    """
    opts = _OPTIONS.get() or FrontierOptions()
    epsilon = opts.epsilon if epsilon is None else epsilon
    cancel = opts.cancel if cancel is None else cancel
    progress = opts.progress if progress is None else progress
    if epsilon is not None and not (isinstance(epsilon, int | float) and 0 <= epsilon < 1e9):
        raise ValueError(
            f"epsilon must be a number >= 0 on the utility scale (0 for the exact frontier, "
            f"e.g. 0.01 for an ε-frontier), got {epsilon!r}"
        )
    if method == "auto":
        method = "enumerate" if space.size <= AUTO_ENUMERATE else "merge"
    if method == "enumerate":
        if space.size > ENUMERATION_LIMIT:
            raise ValueError(
                f"the space has {space.size:,.0f} outcomes, more than the {ENUMERATION_LIMIT:,} "
                "that may be enumerated; use method='merge'"
            )
        return frontier_of(space, space.enumerate())
    if method != "merge":
        raise ValueError(f"unknown method {method!r}: use 'auto', 'merge' or 'enumerate'")
    if epsilon:
        return epsilon_frontier(space, epsilon, cancel=cancel, progress=progress)
    estimate, state = _estimate(space, cancel, progress)
    if not estimate.exact and estimate.over_budget():
        if epsilon is None:
            note = (
                f"the exact frontier would have {estimate.describe()}: beyond the budget of "
                f"{EXACT_BUDGET_POINTS:,} outcomes or {EXACT_BUDGET_SECONDS:.0f} s, so this is "
                f"an ε-frontier with ε = {AUTO_EPSILON:g} (every exact frontier outcome is "
                f"within {AUTO_EPSILON:g} of a listed one for every party; 1% of the utility "
                "scale, finer than the scenario's numbers are known); ask for epsilon 0 for "
                "the exact frontier"
            )
            return epsilon_frontier(
                space, AUTO_EPSILON, cancel=cancel, progress=progress, note=note, estimate=estimate
            )
        memory = available_memory()
        if estimate.bytes > memory:
            raise ValueError(
                f"the exact Pareto frontier is estimated at {estimate.describe()}, more than "
                f"the {memory / 2**20:,.0f} MiB of memory available: ask for an ε-frontier "
                "(epsilon 0.01: every exact frontier outcome within 0.01 of a listed one), "
                "give the issues fewer options (a lower resolution), or analyse a coalition "
                "of fewer parties"
            )
    groups = _groups(space, 0)
    sums, steps = _merge_steps(groups, space_tolerance(space), state, cancel, progress)
    # The last merge step kept only undominated sums: sorting them is all that is left.
    codes = _codes(space, groups, len(sums), steps)
    return replace(frontier_of(space, codes, filtered=True), estimate=estimate)


def estimate_frontier(
    space: OutcomeSpace, *, cancel: CancelToken | None = None
) -> FrontierEstimate:
    """The size, time and memory of ``space``'s exact frontier, estimated from the exact
    frontier of its first factors (see :mod:`accord.analysis.frontier_cost`); exact when the
    whole frontier stays under ``PREFIX_POINTS`` outcomes."""
    return _estimate(space, cancel)[0]


def _estimate(
    space: OutcomeSpace, cancel: CancelToken | None, progress: Progress | None = None
) -> tuple[FrontierEstimate, tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]]:
    """The estimate, and the merge state it reached (to go on from, not start again)."""
    groups = _groups(space, 0)
    stats: list[tuple[int, int]] = []  # per step: candidate rows, frontier rows
    start = time.perf_counter()
    state = _merge_steps(
        groups,
        space_tolerance(space),
        (np.zeros((1, len(space.actors))), []),
        cancel,
        progress,
        until=PREFIX_POINTS,
        stats=stats,
    )
    seconds = time.perf_counter() - start
    sizes = [f for _, f in stats]
    outcomes = list(np.cumprod([f.size for f in space.factors[: len(sizes)]], dtype=object))
    estimate = extrapolate(
        sizes or [1],
        [int(n) for n in outcomes] or [1],
        [f.size for f in space.factors],
        len(space.actors),
        seconds,
        [c for c, _ in stats] or [1],
    )
    return estimate, state


def epsilon_frontier(
    space: OutcomeSpace,
    epsilon: float,
    *,
    cancel: CancelToken | None = None,
    progress: Progress | None = None,
    note: str = "",
    estimate: FrontierEstimate | None = None,
) -> Frontier:
    """An ε-frontier of ``space``: real outcomes such that every exact frontier outcome x is
    within ``epsilon`` of one of them, y, for every actor a: u_a(y) >= u_a(x) - epsilon.

    How: the factors are split into two halves, and each half's exact frontier computed
    (a half too large for that is split again, with a share of ``epsilon``); the sums of
    every pair of rows from the two halves are then grouped in boxes of side delta
    (Laumanns et al. 2002's ε-box dominance), a chunk at a time, never all held at once;
    of each box no other occupied box weakly dominates, one pair is kept (the first found:
    the bound does not depend on which). Blocks of pairs whose boxes are all covered
    already are skipped unsummed, which spares most of the pairs (see ``_box_pairs``).

    Why the guarantee holds (utilities are additive over factors, linked terms included: a
    linked group is one factor). (1) If x = (a, b) is on the frontier, a is on the frontier
    of its half: were a' to dominate a, (a', b) would dominate x. So the sums of the two
    halves' frontiers include every frontier utility vector. (2) A half found to within
    e_A (every frontier outcome a of the half has a kept r_A >= u(a) - e_A), the other to
    within e_B, give for x a pair with r_A + r_B >= u(x) - e_A - e_B. (3) Box pruning keeps,
    for any sum c, either the representative of c's box (>= c - delta, same box) or that of
    a box B' >= B (its representative is >= B' delta >= B delta > c - delta, per column).
    So the result is within e_A + e_B + delta, and the split keeps that at most
    ``epsilon``: an exact half has e = 0; a split half gets a quarter of what its parent
    has. (4) A block of pairs is never summed when a kept box is >= the box of the sum of
    the two runs' upper corners: every pair of the block has a box <= that one, so (3)
    applies to it as to a pair dropped one by one (see ``_box_pairs``). Representatives of
    undominated boxes do not dominate one another (one would sit in a box at least as
    high), so no filter is needed after. Every row is a real outcome: its
    codes are traced back and its utilities recomputed from the space.
    """
    if not epsilon > 0:
        raise ValueError(f"epsilon must be > 0, got {epsilon!r}")
    groups = _groups(space, 0)
    atol = space_tolerance(space)
    spent: list[float] = []
    _, codes = _cover(space, groups, epsilon, atol, cancel, progress, spent)
    front = frontier_of(space, codes, filtered=bool(spent))
    return replace(front, epsilon=max(spent, default=0.0), note=note, estimate=estimate)


def _cover(
    space: OutcomeSpace,
    groups: list[Group],
    epsilon: float,
    atol: np.ndarray,
    cancel: CancelToken | None,
    progress: Progress | None,
    spent: list[float],
) -> tuple[np.ndarray, np.ndarray]:
    """Partial sums and codes covering the frontier of ``groups`` to within ``epsilon``
    (exact when small; ``spent`` gets the error actually allowed, when any)."""
    start: tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]] = (
        np.zeros((1, len(space.actors))),
        [],
    )
    if len(groups) <= 2:
        sums, steps = _merge_steps(groups, atol, start, cancel, None)
        return sums, _codes(space, groups, len(sums), steps)
    half = len(groups) // 2
    parts = []
    for part in (groups[:half], groups[half:]):
        sums, steps = _merge_steps(part, atol, start, cancel, None, until=EXACT_PART)
        if len(steps) == len(part):
            parts.append((sums, _codes(space, part, len(sums), steps), 0.0))
        else:  # too large to list exactly: cover it too, with a quarter of the error
            inner: list[float] = []
            s, c = _cover(space, part, epsilon / 4, atol, cancel, progress, inner)
            parts.append((s, c, max(inner, default=0.0)))
    (sa, ca, ea), (sb, cb, eb) = parts
    delta = epsilon - ea - eb
    rows = _box_pairs(sa, sb, delta, cancel, progress)
    ia, ib = np.divmod(rows, len(sb))
    spent.append(ea + eb + delta)
    return sa[ia] + sb[ib], ca[ia] + cb[ib]


def _box_pairs(
    sa: np.ndarray,
    sb: np.ndarray,
    delta: float,
    cancel: CancelToken | None,
    progress: Progress | None,
) -> np.ndarray:
    """Pairs (as ``i * len(sb) + j``) of rows of ``sa`` and ``sb``: one per undominated box
    of side ``delta`` of their sums; a chunk of ``sa`` at a time, so the sums of all pairs
    are never held at once.

    Most pairs sum to a box that a box already kept is >= everywhere: they add nothing. So
    the rows of each side are put in k-d order, where runs of ``BRANCH``, ``BRANCH``^2 ...
    consecutive rows are small boxes, and a run of ``sa`` with a run of ``sb`` is bounded
    by the box of the sum of their upper corners: when a kept box is >= that box, it is >=
    the box of every pair of the two runs (floor is monotone, and so is floating-point
    addition), and the whole block is skipped unsummed. Blocks that pass are refined, the
    longer run split into its ``BRANCH`` parts, down to single pairs. The runs of ``sa``
    are taken in a spread order (every ``SPREAD``-th first), so the first chunks already
    reach every part of the frontier and the kept boxes prune well early.
    """
    lo = np.floor((sa.min(axis=0) + sb.min(axis=0)) / delta) - 1
    span = np.floor((sa.max(axis=0) + sb.max(axis=0)) / delta) - lo + 2
    shape = tuple(int(v) for v in span)
    if prod(shape) >= 2**62:
        raise ValueError(
            f"epsilon {delta:g} is too fine for this space's utility ranges: choose a larger one"
        )
    # In box units, shifted to start at 1: a pair's box is then its sum truncated, with no
    # division or floor per pair (the sums are positive, so truncating is flooring).
    ua, ub = sa / delta - lo, sb / delta
    per_chunk = max(1, PAIRS_PER_CHUNK // max(len(sb), 1))  # rows of sa summed at once
    depth_a = 0  # a chunk is whole runs of sa: at most per_chunk rows
    while BRANCH ** (depth_a + 1) <= per_chunk:
        depth_a += 1
    order_a, tops_a = _run_corners(ua, depth_a)
    order_b, tops_b = _run_corners(ub, _run_depth(len(sb)))
    n_runs = len(tops_a[-1][0])
    # every SPREAD-th run first, then the next offset: early chunks sample the whole side
    spread = np.argsort(np.arange(n_runs) % SPREAD, kind="stable")
    runs_per_chunk = max(1, per_chunk // BRANCH**depth_a)
    keys, pair = np.zeros(0, np.int64), np.zeros(0, np.int64)
    last = int(np.argmax(shape))  # the widest axis: the grid over the others is smallest
    grid = BoxGrid(shape, last)
    pruned = 0  # boxes kept after the last dominance pass
    waiting: list[tuple[np.ndarray, np.ndarray]] = []  # (boxes, pairs) found since
    n_waiting = 0
    done = 0  # rows of sa summed
    for n_chunk, at in enumerate(range(0, n_runs, runs_per_chunk)):
        check_cancel(cancel)
        first_runs = spread[at : at + runs_per_chunk]
        ka, kb = depth_a, len(tops_b) - 1
        ra = np.repeat(first_runs, len(tops_b[kb][0]))
        rb = np.tile(np.arange(len(tops_b[kb][0])), len(first_runs))
        while True:
            # blocks whose upper corner some kept box is >= everywhere: skipped whole
            # (``up`` may be a few chunks old: a box kept then and dropped since was
            # dropped for a box >= it, so what it covers is still covered)
            if ka == kb == 0:  # single pairs: their boxes are wanted too
                fresh, key = grid.fresh_keys(tops_a[0], tops_b[0], ra, rb)
                ra, rb, key = ra[fresh], rb[fresh], key[fresh]
                break
            fresh = grid.fresh(tops_a[ka], tops_b[kb], ra, rb)
            ra, rb = ra[fresh], rb[fresh]
            if ka >= kb:  # split the longer run into its parts (the last run may be short)
                ka -= 1
                ra, rb = _children(ra, len(tops_a[ka][0])), np.repeat(rb, BRANCH)
                rb, ra = rb[ra >= 0], ra[ra >= 0]
            else:
                kb -= 1
                rb, ra = _children(rb, len(tops_b[kb][0])), np.repeat(ra, BRANCH)
                ra, rb = ra[rb >= 0], rb[rb >= 0]
        waiting.append((key, order_a[ra] * len(sb) + order_b[rb]))
        n_waiting += len(ra)
        done += int(np.minimum(BRANCH**depth_a, len(sa) - first_runs * BRANCH**depth_a).sum())
        if progress is not None:
            progress(done, len(sa))
        # The dominance pass builds the whole grid: after chunks 1, 2, 4, 8 ... (the grid
        # prunes the next blocks, so it pays to refresh it early) and when the boxes have
        # doubled since the last pass, not after every chunk. New boxes wait for it in a
        # list: one sort then, not one per chunk.
        if (
            at + runs_per_chunk < n_runs
            and n_chunk & (n_chunk + 1)
            and n_waiting < pruned + PAIRS_PER_CHUNK // 8
        ):
            continue
        # Any member of a box serves as its representative (the bound does not depend on
        # which): the first one, and boxes already kept keep theirs.
        keys, first = np.unique(np.concatenate([keys, *(k for k, _ in waiting)]), return_index=True)
        pair = np.concatenate([pair, *(p for _, p in waiting)])[first]
        waiting, n_waiting = [], 0
        every = np.stack(np.unravel_index(keys, shape), axis=1)
        found = box_frontier(every, shape, last)
        if found is None:  # too fine a grid to hold: the same question, point by point
            keep = pareto_mask(every.astype(float), atol=0.0, cancel=cancel)
        else:
            keep, grid.up = found[0], found[1].ravel()  # that of the undominated boxes
        keys, pair = keys[keep], pair[keep]  # dominated boxes dropped as we go
        pruned = len(keys)
    return np.sort(pair)


def _run_depth(n: int) -> int:
    """Levels of runs for ``n`` rows: the longest runs at most ``TOP_RUNS`` of them."""
    depth = 0
    while -(-n // BRANCH**depth) > TOP_RUNS:
        depth += 1
    return depth


def _run_corners(units: np.ndarray, depth: int) -> tuple[np.ndarray, list[list[np.ndarray]]]:
    """Rows [N, A] in k-d order (on their floors: only closeness matters), and the upper
    corner of each run of ``BRANCH``^k consecutive rows in that order, for k = 0 ... depth,
    as one array per axis (run j of level k is runs BRANCH j ... BRANCH j + BRANCH - 1 of
    level k-1)."""
    order = kd_order(np.floor(units - units.min(axis=0)).astype(np.int64))
    tops = [units[order]]
    for _ in range(depth):
        tops.append(np.maximum.reduceat(tops[-1], np.arange(0, len(tops[-1]), BRANCH), axis=0))
    return order, [[np.ascontiguousarray(t[:, a]) for a in range(t.shape[1])] for t in tops]


def _children(runs: np.ndarray, n_below: int) -> np.ndarray:
    """The ``BRANCH`` parts of each run, one level down; -1 past the last."""
    parts = (runs[:, None] * BRANCH + np.arange(BRANCH)).ravel()
    return np.where(parts < n_below, parts, -1)


Group = tuple[list[int], np.ndarray, np.ndarray]  # issues, codes [K, len(issues)], gains [K, A]


def _groups(space: OutcomeSpace, max_rows: int) -> list[Group]:
    """The factors as merge steps, consecutive ones joined while their joint rows stay at
    most ``max_rows`` (0: one factor per step)."""
    out: list[Group] = []
    for factor in space.factors:
        gains = factor.utility.T
        if out and len(out[-1][1]) * factor.size <= max_rows:
            issues, codes, prev = out[-1]
            a, b = np.divmod(np.arange(len(codes) * factor.size), factor.size)
            joined = np.concatenate([codes[a], factor.codes[b]], axis=1)
            out[-1] = ([*issues, *factor.issues], joined, prev[a] + gains[b])
        else:
            out.append((list(factor.issues), factor.codes, gains))
    return out


def _merge_steps(
    groups: list[Group],
    atol: np.ndarray,
    state: tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]],
    cancel: CancelToken | None,
    progress: Progress | None,
    *,
    until: int | None = None,
    stats: list[tuple[int, int]] | None = None,
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """Merge ``groups`` from where ``state`` (partial sums, back-pointers per step) stands,
    stopping early once more than ``until`` partial sums are kept."""
    sums, steps = state[0], list(state[1])
    for g in range(len(steps), len(groups)):
        if until is not None and len(sums) > until:
            break
        check_cancel(cancel)
        gains = groups[g][2]  # [K, A]
        rows = np.arange(len(gains))
        if len(sums) * len(rows) > SMALL:
            # A row worse than another row of the same factor never helps: drop it first.
            rows = rows[pareto_mask(gains, atol=atol)]
        if len(sums) * len(rows) > MERGE_LIMIT:
            raise ValueError(
                f"the Pareto merge needs more than {MERGE_LIMIT:,} partial outcomes at once "
                "(the frontier is too large to list exactly: ask for an ε-frontier, e.g. "
                "epsilon 0.01)"
            )
        candidates = (sums[:, None, :] + gains[None, rows, :]).reshape(-1, sums.shape[1])
        keep = np.flatnonzero(pareto_mask(candidates, atol=atol, cancel=cancel))
        parent, row = np.divmod(keep, len(rows))
        steps.append((parent, rows[row]))
        sums = candidates[keep]
        if stats is not None:
            stats.append((len(candidates), len(keep)))
        if progress is not None:
            progress(g + 1, len(groups))
    return sums, steps


def _codes(
    space: OutcomeSpace,
    groups: list[Group],
    n: int,
    steps: list[tuple[np.ndarray, np.ndarray]],
) -> np.ndarray:
    """The outcomes [n, I] that the final partial sums stand for, traced back step by step."""
    codes = np.zeros((n, len(space.issues)), dtype=np.intp)  # zeros: halves' codes add up
    at = np.arange(n)
    for (issues, group_codes, _), (parent, row) in zip(
        groups[: len(steps)][::-1], steps[::-1], strict=True
    ):
        codes[:, issues] = group_codes[row[at]]
        at = parent[at]
    return codes
