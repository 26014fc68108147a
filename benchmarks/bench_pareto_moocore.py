"""The dominance filter: accord's ``pareto_mask`` against moocore's compiled filter.

moocore (PyPI, "Core Algorithms for Multi-Objective Optimization", C) decides which points
no other point dominates: ``moocore.is_nondominated(points, maximise=True,
keep_weakly=True)``, a sweep for up to three columns and Kung, Luccio and Preparata's
O(N log^(A-2) N) divide and conquer for four and more. ``keep_weakly=True`` keeps every
copy of an undominated point, as ``pareto_mask`` does. Both are given the same integer
levels (values within the tolerance of a neighbour are one level, see
:mod:`accord.analysis.pareto`), so their masks must be identical; every row checks that.

Three parts, seeded random additive utilities as ``bench_pareto_many.py``:

1. ``steps``: the candidates of every merge step of the exact frontier (the sums of the
   kept partial sums with one issue's options), for each shape and seed; the library's
   ``pareto_mask`` against three ways of calling moocore on the same levels: ``whole``
   (one call on every candidate), ``after pass`` (on the points the library's cheap first
   pass leaves: those no pivot, a best point for a positive weighting, dominates) and
   ``chunked`` (candidates by decreasing level sum, a chunk at a time against the frontier
   found so far: what a cancellable call needs);
2. ``frontier``: the whole ``pareto_frontier(space, epsilon=0)`` per seed, the library as it
   is at this commit against the same merge with ``pareto_mask`` replaced by ``whole``
   moocore (the rows must be equal);
3. ``small``: random clouds of 16 to 16,384 points, 2 to 5 columns, with ties (values on a
   grid of 10) and without, to find where one is faster than the other.

``library`` is ``pareto_mask`` as it is at the commit run: since moocore was adopted for four
or more columns it is the first pass then moocore, so on the five-party steps it should
equal ``whole``; the figures of the NumPy filter it replaced (run on commit cd76371) are in
docs/negotiation-analysis.md.

CPU time (``time.process_time``) is printed beside wall time, each the best of
``--repeat`` runs, and the load average (/proc/loadavg) before and after: wall time depends
on what else the machine runs.

    .venv/bin/python benchmarks/bench_pareto_moocore.py [--seeds 2025,1,2,3,4,5,6,7]
        [--shapes 5x12,2x40,3x20] [--parts steps,frontier,small] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any
from unittest import mock

import moocore
import numpy as np

from bench_montecarlo import loadavg
from bench_pareto_many import EXACT_TARGET, space_of

#: Steps with fewer candidates are not printed (they take well under a millisecond).
MIN_PRINTED = 1_000
#: ``chunked``: candidates per moocore call at least (and at least the frontier so far).
CHUNK = 1 << 18


def levels_of(points: np.ndarray, atol: np.ndarray) -> np.ndarray:
    """Each value's rank among its column's values, values within ``atol`` of a neighbour
    counting as one (the library's documented tolerance rule)."""
    out = np.empty(points.shape, dtype=np.int64)
    for c in range(points.shape[1]):
        order = np.argsort(points[:, c])
        out[order[0], c] = 0
        out[order[1:], c] = np.cumsum(np.diff(points[order, c]) > atol[c])
    return out


def whole(levels: np.ndarray) -> np.ndarray:
    return np.asarray(moocore.is_nondominated(levels, maximise=True, keep_weakly=True))


def after_pass(levels: np.ndarray) -> np.ndarray:
    """moocore on the points no pivot dominates (pivots: the best points for the weightings
    1 + A e_k and all ones), as the library's first pass."""
    n_cols = levels.shape[1]
    weights = np.ones((n_cols + 1, n_cols), dtype=np.int64)
    weights[1:] += n_cols * np.eye(n_cols, dtype=np.int64)
    maybe = np.ones(len(levels), dtype=bool)
    for p in np.unique(np.argmax(levels @ weights.T, axis=0)):
        pivot = levels[p]
        ge = (pivot >= levels).all(axis=1)
        le = (pivot <= levels).all(axis=1)
        maybe &= ~ge | le  # not covered, or a copy
    mask = np.zeros(len(levels), dtype=bool)
    mask[maybe] = whole(levels[maybe])
    return mask


def chunked(levels: np.ndarray) -> np.ndarray:
    """By decreasing level sum (a dominator has a larger sum, a copy the same), a chunk of
    at least ``CHUNK`` points (and at least as many as the frontier so far) at a time,
    filtered together with that frontier: later points never dominate earlier ones."""
    order = np.argsort(-levels.sum(axis=1), kind="stable")
    mask = np.zeros(len(levels), dtype=bool)
    front = order[:0]
    at = 0
    while at < len(order):
        size = max(CHUNK, len(front))
        block = order[at : at + size]
        both = np.concatenate([front, block])
        keep = whole(levels[both])
        assert keep[: len(front)].all()  # the sum order guarantees it
        front = both[keep]
        at += size
    mask[front] = True
    return mask


def best_of(run: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Best wall and best CPU seconds over ``repeat`` runs, and the last result."""
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus), result


def fmt(wall: float, cpu: float) -> str:
    return f"{wall:.3f} ({cpu:.3f})"


def step_candidates(space: Any) -> list[np.ndarray]:
    """The candidate sums of every merge step, with the partial sums the library keeps."""
    from accord.analysis.pareto import SMALL, pareto_mask, space_tolerance

    atol = space_tolerance(space)
    sums = np.zeros((1, len(space.actors)))
    out = []
    for factor in space.factors:
        gains = factor.utility.T
        if len(sums) * len(gains) > SMALL:  # as the merge: dominated options dropped first
            gains = gains[pareto_mask(gains, atol=atol)]
        cand = (sums[:, None, :] + gains[None, :, :]).reshape(-1, sums.shape[1])
        out.append(cand)
        sums = cand[pareto_mask(cand, atol=atol)]
    return out


def part_steps(shapes: list[tuple[int, int]], seeds: list[int], repeat: int) -> None:
    from accord.analysis.pareto import pareto_mask, space_tolerance

    print("\n== steps: wall s (cpu s) per merge step; every mask equal to the library's")
    head = f"{'shape':>6} {'seed':>5} {'cands':>8} {'front':>7} {'library':>14}"
    print(head + "".join(f" {name:>14}" for name in ("whole", "after pass", "chunked")))
    for parties, issues in shapes:
        for seed in seeds:
            space = space_of(parties, issues, 5, seed)
            atol = space_tolerance(space)
            totals = np.zeros((4, 2))
            for cand in step_candidates(space):
                wall, cpu, expected = best_of(lambda c=cand, t=atol: pareto_mask(c, atol=t), repeat)
                row = [(wall, cpu)]
                for way in (whole, after_pass, chunked):
                    w, c, got = best_of(lambda c=cand, f=way, t=atol: f(levels_of(c, t)), repeat)
                    if not np.array_equal(got, expected):
                        raise SystemExit(f"{way.__name__}: mask differs, seed {seed}")
                    row.append((w, c))
                totals += np.array(row)
                if len(cand) >= MIN_PRINTED:
                    print(
                        f"{parties}x{issues:<4} {seed:>5} {len(cand):>8,} {int(expected.sum()):>7,}"
                        + "".join(f" {fmt(*t):>14}" for t in row),
                        flush=True,
                    )
            print(
                f"{parties}x{issues:<4} {seed:>5} {'all steps':>16}"
                + "".join(f" {fmt(*t):>14}" for t in totals)
                + f"  library / whole {totals[0, 0] / totals[1, 0]:.1f}x",
                flush=True,
            )


def part_frontier(shapes: list[tuple[int, int]], seeds: list[int], repeat: int) -> None:
    from accord.analysis import pareto

    def moocore_mask(points: Any, *, atol: Any = None, cancel: Any = None) -> np.ndarray:
        pts = np.asarray(points, dtype=float)
        if atol is None:
            atol = pareto.RTOL * np.abs(pts).max(axis=0)
        return whole(levels_of(pts, np.broadcast_to(np.asarray(atol, float), pts.shape[1:])))

    print("\n== frontier: pareto_frontier(space, epsilon=0), wall s (cpu s)")
    print(f"{'shape':>6} {'seed':>5} {'rows':>7} {'library':>14} {'moocore':>14} {'ratio':>6}")
    for parties, issues in shapes:
        lib_times, moo_times = [], []
        for seed in seeds:
            space = space_of(parties, issues, 5, seed)
            w0, c0, lib = best_of(lambda s=space: pareto.pareto_frontier(s, epsilon=0), repeat)
            with mock.patch.object(pareto, "pareto_mask", moocore_mask):
                w1, c1, moo = best_of(lambda s=space: pareto.pareto_frontier(s, epsilon=0), repeat)
            same = np.array_equal(lib.codes, moo.codes)
            if not (same and np.array_equal(lib.utilities, moo.utilities)):
                raise SystemExit(f"frontiers differ: {parties}x{issues} seed {seed}")
            lib_times.append(w0)
            moo_times.append(w1)
            print(
                f"{parties}x{issues:<4} {seed:>5} {lib.size:>7,} {fmt(w0, c0):>14} "
                f"{fmt(w1, c1):>14} {w0 / w1:>5.1f}x",
                flush=True,
            )
        if (parties, issues) == (5, 12):
            print(
                f"5x12 exact < {EXACT_TARGET:g} s: library on "
                f"{sum(t < EXACT_TARGET for t in lib_times)} of {len(seeds)} seeds, moocore on "
                f"{sum(t < EXACT_TARGET for t in moo_times)} of {len(seeds)}"
            )


def part_small(repeat: int) -> None:
    from accord.analysis.pareto import pareto_mask

    print("\n== small: random clouds, microseconds per call (cpu); ties: values on a grid of 10")
    print(
        f"{'cols':>4} {'ties':>5} {'points':>7} {'library':>14} {'whole':>14} "
        f"{'after pass':>14} {'lib/whole':>9} {'lib/after':>9}"
    )
    rng = np.random.default_rng(2025)  # seeded: the clouds are reproducible
    for n_cols in (2, 3, 4, 5):
        for ties in (True, False):
            for n in (4, 16, 64, 256, 1024, 4096, 16384, 65536):
                pts = rng.random((n, n_cols))
                if ties:
                    pts = np.floor(pts * 10)
                atol = np.zeros(n_cols)
                calls = max(1, 20_000 // n)  # enough calls that the clock resolves them

                def many(run: Callable[[], np.ndarray], k: int = calls) -> Callable[[], Any]:
                    def loop() -> np.ndarray:
                        for _ in range(k):
                            out = run()
                        return out

                    return loop

                w0, c0, m0 = best_of(many(lambda p=pts, t=atol: pareto_mask(p, atol=t)), repeat)
                row = [(w0, c0)]
                for way in (whole, after_pass):
                    w, c, m = best_of(many(lambda p=pts, f=way, t=atol: f(levels_of(p, t))), repeat)
                    if not np.array_equal(m0, m):
                        raise SystemExit(f"masks differ: {n} points, {n_cols} columns")
                    row.append((w, c))
                us = 1e6 / calls
                print(
                    f"{n_cols:>4} {ties!s:>5} {n:>7,}"
                    + "".join(f" {f'{w * us:.0f} ({c * us:.0f})':>14}" for w, c in row)
                    + f" {row[0][0] / row[1][0]:>8.1f}x {row[0][0] / row[2][0]:>8.1f}x",
                    flush=True,
                )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="2025,1,2,3,4,5,6,7", help="comma-separated seeds")
    ap.add_argument("--shapes", default="5x12,2x40,3x20", help="parties x issues (5 options)")
    ap.add_argument("--parts", default="steps,frontier,small")
    ap.add_argument("--repeat", type=int, default=3, help="runs per timing (the best is kept)")
    args = ap.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    shapes = [(int(p), int(i)) for p, i in (s.split("x") for s in args.shapes.split(","))]
    parts = set(args.parts.split(","))
    print(f"moocore {moocore.__version__}; seeds {seeds}; load average before: {loadavg()}")
    if "steps" in parts:
        part_steps(shapes, seeds, args.repeat)
    if "frontier" in parts:
        part_frontier(shapes, seeds, args.repeat)
    if "small" in parts:
        part_small(args.repeat)
    print(f"\nload average after: {loadavg()}")


if __name__ == "__main__":
    main()
