"""The calibrated DEU III backtest: every model, with leave-one-dossier-out intervals.

Times ``backtest(..., intervals=True)`` of every model on the 160-issue development file
(target: under 30 s), the same backtest without intervals, and the vectorised
leave-one-dossier-out quantiles against the plain oracle of ``tests/``, checking that they
agree. Prints the interval table.

    .venv/bin/python benchmarks/bench_backtest.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import oracle_calibration as oracle
from accord.forecast.backtest import backtest
from accord.forecast.calibration import LEVELS, held_out_quantiles
from accord.io import read_deu3

ROOT = Path(__file__).resolve().parents[1]
DEU3 = ROOT / "tests" / "data" / "deu3" / "deu3-dev.tsv"
MODELS = ("compromise", "median", "eum", "nash", "ensemble")
TARGET_SECONDS = 30.0


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = read_deu3(str(DEU3))
    with_ = best_of(args.repeat, lambda: backtest(data, MODELS))
    without = best_of(args.repeat, lambda: backtest(data, MODELS, intervals=False))
    bt = backtest(data, MODELS)
    assert bt.spread is not None
    scores = np.abs(bt.outcome - bt.predictions["compromise"]) / bt.spread
    fast = best_of(args.repeat, lambda: held_out_quantiles(scores, bt.dossiers, LEVELS))
    start = time.perf_counter()
    plain = [
        [oracle.conformal_quantile(
            [s for s, h in zip(scores, bt.dossiers, strict=True) if h != g], p) for p in LEVELS]
        for g in bt.dossiers
    ]  # fmt: skip
    slow = time.perf_counter() - start
    assert np.array_equal(held_out_quantiles(scores, bt.dossiers, LEVELS), np.array(plain))
    print(f"calibrated backtest, {len(MODELS)} models, {len(bt.issues)} issues: {with_:.2f} s "
          f"(target {TARGET_SECONDS:.0f} s); without intervals {without:.2f} s")  # fmt: skip
    print(f"leave-one-dossier-out quantiles: vectorised {fast * 1e3:.2f} ms, "
          f"plain {slow * 1e3:.1f} ms (same numbers)")  # fmt: skip
    heads = " ".join(f"{round(p * 100)}% cov/width".rjust(16) for p in LEVELS)
    print(f"{'model':<11} {'n':>4} {heads}   score   naive")
    for m in MODELS:
        c = bt.calibration[m]
        cells = " ".join(
            f"{v.coverage * 100:5.1f} / {v.width:5.1f}".rjust(16) for v in c.intervals.values()
        )
        print(f"{m:<11} {c.n:>4} {cells}  {c.interval_score:6.2f}  {c.naive_interval_score:6.2f}")
    return 0 if with_ < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
