"""``accord forecast ukraine-2025 --json``: a forecast with its intervals and the chance of a
deal, end to end, against a 2 s target; then where the time goes in-process.

The command runs the compromise forecast, its calibrated intervals and the outlook (500
Monte Carlo draws, seed 0, the ZOPA decided exactly in 100, plus 500 mediated process runs).

    .venv/bin/python benchmarks/bench_forecast.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

#: Seconds the whole command may take (a fresh interpreter, imports included).
TARGET = 2.0
SCENARIO = "ukraine-2025"


def wall_time(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def parts() -> dict[str, float]:
    """Seconds of each step, in-process (imports done)."""
    from accord.forecast.calibration import forecast_intervals
    from accord.forecast.models import forecast
    from accord.io import load_builtin
    from accord.overview.deal import outlook

    s = load_builtin(SCENARIO)
    times: dict[str, float] = {}
    start = time.perf_counter()
    f = forecast(s, "compromise")
    times["forecast"] = time.perf_counter() - start
    start = time.perf_counter()
    forecast_intervals(s, f)
    times["intervals"] = time.perf_counter() - start
    start = time.perf_counter()
    outlook(s, f)
    times["outlook (deal chance: 500 draws, 100 ZOPA solves, 500 mediated runs)"] = (
        time.perf_counter() - start
    )
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs (default 5)")
    args = parser.parse_args()
    argv = [sys.executable, "-m", "accord", "forecast", SCENARIO, "--json"]
    wall_time(argv)  # warm the file cache and the bytecode
    median = statistics.median(wall_time(argv) for _ in range(args.runs))
    verdict = "within" if median <= TARGET else "OVER"
    print(f"accord forecast {SCENARIO} --json: {median:.2f} s median of {args.runs} "
          f"({verdict} the {TARGET:g} s target)")  # fmt: skip
    for step, seconds in parts().items():
        print(f"  {step}: {seconds:.3f} s")


if __name__ == "__main__":
    main()
