"""Would skipping blocks of pairs speed up the EXACT five-party frontier? An upper bound.

The ε-frontier skips a block of pairs (a run of one side's rows in k-d order x a run of the
other's) when a kept box covers the sum of the runs' upper corners. The exact analogue: a
block whose upper corner c some point p of the merged frontier dominates (p >= c for every
party, better by more than the tolerance for one) holds only dominated pairs (each pair
q <= c), so it need not be formed. This script measures how many pairs that could spare
*at best*: p is drawn from the whole true frontier, known in advance (no algorithm knows
more), and the corners are tested against all of it. Two arrangements of the exact merge:

- ``step``: the last merge step as the library runs it (frontier of the first 11 issues x
  the 12th issue's options; runs of the first side only, the other has 5 rows);
- ``halves``: frontier of issues 1-6 x frontier of issues 7-12 (runs of both sides).

For each run length r it prints the blocks, the share that could be skipped, the pairs
left to filter, and their ratio to the candidates of the library's last step (what the
dominance filter gets today). Blocks are sampled (seeded) where there are more than
``--sample``. Random additive utilities as ``bench_pareto.py``.

    .venv/bin/python benchmarks/bench_pareto_blocks.py [--seeds 3,5] [--sample 20000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from bench_montecarlo import loadavg
from bench_pareto_many import space_of

OPTIONS = 5


def frontier_of_factors(factors: list[np.ndarray], atol: np.ndarray) -> np.ndarray:
    """Utility vectors of the exact frontier of the sum of ``factors`` ([K, A] each),
    merged one at a time (a partial sum dominated stays dominated)."""
    from accord.analysis.pareto import pareto_mask

    sums = np.zeros((1, factors[0].shape[1]))
    for gains in factors:
        cand = (sums[:, None, :] + gains[None, :, :]).reshape(-1, sums.shape[1])
        sums = cand[pareto_mask(cand, atol=atol)]
    return sums


def run_tops(points: np.ndarray, r: int) -> np.ndarray:
    """Upper corners of runs of ``r`` consecutive points in k-d order (on ranks per party:
    only the order matters for the medians)."""
    from accord.analysis.kd_order import kd_order

    order = kd_order(np.argsort(np.argsort(points, axis=0), axis=0))
    ranked = points[order]
    return np.maximum.reduceat(ranked, np.arange(0, len(ranked), r), axis=0)


def skippable(corners: np.ndarray, front: np.ndarray, atol: np.ndarray) -> np.ndarray:
    """Which corners some frontier point dominates (>= everywhere, > by atol somewhere)."""
    ft = np.ascontiguousarray(front.T)
    out = np.zeros(len(corners), dtype=bool)
    for at in range(0, len(corners), 1000):
        c = corners[at : at + 1000]
        cover = ft[0][:, None] >= c[None, :, 0]
        strict = ft[0][:, None] > c[None, :, 0] + atol[0]
        for k in range(1, ft.shape[0]):
            cover &= ft[k][:, None] >= c[None, :, k]
            strict |= ft[k][:, None] > c[None, :, k] + atol[k]
        out[at : at + 1000] = (cover & strict).any(axis=0)
    return out


def main() -> None:
    from accord.analysis.pareto import space_tolerance

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="3,5")
    ap.add_argument("--sample", type=int, default=20_000, help="blocks tested at most")
    ap.add_argument("--runs", default="64,16,4", help="run lengths r")
    args = ap.parse_args()
    print(f"load average before: {loadavg()}")
    print(
        f"{'seed':>5} {'layout':>7} {'r':>3} {'blocks':>9} {'skippable':>9} "
        f"{'pairs left':>11} {'/ last-step candidates':>22}"
    )
    for seed in (int(s) for s in args.seeds.split(",")):
        space = space_of(5, 12, OPTIONS, seed)
        atol = space_tolerance(space)
        factors = [f.utility.T for f in space.factors]
        t0 = time.perf_counter()
        before_last = frontier_of_factors(factors[:-1], atol)
        last = factors[-1]
        front = frontier_of_factors([before_last, last], atol)
        seconds = time.perf_counter() - t0
        candidates = len(before_last) * len(last)
        print(
            f"{seed:>5} frontier {len(front):,}; last step {candidates:,} candidates; "
            f"merge {seconds:.2f} s"
        )
        half = len(factors) // 2
        sides = {
            "step": (before_last, last),
            "halves": (
                frontier_of_factors(factors[:half], atol),
                frontier_of_factors(factors[half:], atol),
            ),
        }
        rng = np.random.default_rng([seed, 11])  # seeded: the sample is reproducible
        for layout, (sa, sb) in sides.items():
            for r in (int(v) for v in args.runs.split(",")):
                ta = run_tops(sa, r)
                rb = r if layout == "halves" else 1
                tb = run_tops(sb, rb) if rb > 1 else sb
                n_blocks = len(ta) * len(tb)
                pick = np.arange(n_blocks)
                if n_blocks > args.sample:
                    pick = rng.choice(n_blocks, args.sample, replace=False)
                ia, ib = np.divmod(pick, len(tb))
                share = float(skippable(ta[ia] + tb[ib], front, atol).mean())
                left = (1 - share) * len(sa) * len(sb)
                print(
                    f"{seed:>5} {layout:>7} {r:>3} {n_blocks:>9,} {share:>9.1%} "
                    f"{left:>11,.0f} {left / candidates:>22.2f}"
                )
    print(f"load average after: {loadavg()}")


if __name__ == "__main__":
    main()
