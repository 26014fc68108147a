"""Start-up time of the command line: ``accord --help`` against importing Typer and Rich.

Typer and Rich are what any ``accord`` command needs before it can print a line, so their
import time is the floor; the target is ``accord --help`` within twice that. Both are timed
in the same run, alternating, as fresh interpreters (the median of ``--runs`` each), so a
loaded machine slows both alike and the ratio stays meaningful.

    .venv/bin/python benchmarks/bench_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

#: The ratio ``accord --help`` / ``import typer, rich.console`` to stay within.
TARGET = 2.0

COMMANDS = {
    "accord --help": [sys.executable, "-m", "accord", "--help"],
    "import typer, rich.console": [sys.executable, "-c", "import typer, rich.console"],
}


def wall_time(argv: list[str]) -> float:
    """Seconds from starting ``argv`` to its exit (which must be 0)."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each (default 10)")
    args = parser.parse_args()
    for argv in COMMANDS.values():  # warm the file cache and the bytecode
        wall_time(argv)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, argv in COMMANDS.items():
            times[name].append(wall_time(argv))
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    for name, median in medians.items():
        print(f"{name:28} median {median * 1000:7.1f} ms over {args.runs} runs")
    ratio = medians["accord --help"] / medians["import typer, rich.console"]
    verdict = "within" if ratio <= TARGET else "over"
    print(f"ratio {ratio:.2f} ({verdict} the target of {TARGET:g})")


if __name__ == "__main__":
    main()
