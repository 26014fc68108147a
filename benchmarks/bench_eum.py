"""Benchmark of the vectorised expected-utility model (``accord.forecast.eum``), all in one
run, with the ``scholz-2011`` preset for 10 rounds (no early stop):

* one run of 200 actors x 1 issue (well under 1 s);
* one 20-actor issue: the plain oracle (``tests/oracle_eum.py``) against one vectorised
  call on the same inputs, checked for equal results (positions and risks within 1e-9, dyad
  codes exactly). Target: at least 150x. A call this small costs NumPy's fixed overhead per
  operation, not arithmetic, so this ratio is about call count, not throughput. Both sides
  are timed in CPU seconds (``time.process_time``, which other work on the machine does
  not inflate as it does wall time), alternating, ``--repeat`` times: the vectorised side
  as the mean of 50 calls, the oracle as one call, each side's best taken; the ratio is of
  the bests, and the range of the ratios of each repeat is shown beside it;
* 20 actors x 14 issues (one scenario's worth), oracle issue by issue against one call;
* the built-in ``ukraine-2025`` Monte Carlo (``simulate(..., "eum")``, 1,000 draws, the
  whole run with its drawing), CPU seconds with instances whose positions repeat skipped
  (the default, :mod:`accord.forecast.eum.repeats`) and with every round played, checked
  for equal forecasts;
* the Monte Carlo batch, draws x 14 issues x 20 actors x 10 rounds with ``record=False``
  (positions only), each run in a fresh process so that its peak memory (resident set) is
  its own: once on an idle machine and once while another process keeps one core busy (a
  ``while True`` loop in a subprocess this script starts and stops). Targets for 10,000
  draws: under 20 s with the busy core, peak under 500 MB.

Other work on the machine changes every wall time, so the script prints the load average
(``/proc/loadavg``) before and after, and each case is timed ``--repeat`` times (median
and best shown).

Usage: ``python benchmarks/bench_eum.py [--draws N] [--repeat K] [--no-batch]
[--ukraine-draws N]``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

from accord.forecast.eum import PRESETS, eum

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from oracle_eum import run

TARGET_RATIO = 150.0
TARGET_SECONDS = 20.0
TARGET_MB = 500.0
SEED = 2011


def loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()
    except OSError:
        return "unknown"


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    """Wall times of ``repeat`` calls, and the last result."""
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return times, out


def cpu_per_call(fn: Callable[[], Any], calls: int) -> float:
    """CPU seconds per call, the mean of ``calls`` calls."""
    start = time.process_time()
    for _ in range(calls):
        fn()
    return (time.process_time() - start) / calls


def ukraine(draws: int, repeat: int) -> tuple[list[float], list[float], bool]:
    """CPU seconds of ``simulate(ukraine-2025, "eum")`` with repeats skipped and with every
    round played (alternating, ``repeat`` times each), and whether the forecasts agree."""
    from accord.forecast.eum import repeats
    from accord.forecast.montecarlo import simulate
    from accord.io.builtins import load_builtin

    scenario = load_builtin("ukraine-2025")
    skipped, played, same = [], [], True
    simulate(scenario, "eum", draws=draws, seed=SEED, parties=[])  # warm-up, untimed
    for k in range(repeat):
        runs = []
        sides = [(True, skipped), (False, played)]
        for skip, times in sides if k % 2 == 0 else sides[::-1]:  # each side goes first in turn
            with mock.patch.object(repeats, "SKIP", skip):
                start = time.process_time()
                runs.append(simulate(scenario, "eum", draws=draws, seed=SEED, parties=[]))
                times.append(time.process_time() - start)
        same = same and np.array_equal(runs[0].forecasts, runs[1].forecasts, equal_nan=True)
    return skipped, played, same


def oracle_issues(x: np.ndarray, c: np.ndarray, s: np.ndarray, options: Any) -> list[dict]:
    """The plain oracle on each issue (row) in turn."""
    return [run(x[k].tolist(), c[k].tolist(), s[k].tolist(), options) for k in range(len(x))]


def equal(result: Any, refs: list[dict]) -> bool:
    """Whether the vectorised result ``[R+1, issues, A]`` equals the oracle's, issue by
    issue (positions and risks within 1e-9, dyad codes exactly)."""
    for k, ref in enumerate(refs):
        if not (
            np.allclose(result.positions[:, k], ref["positions"], atol=1e-9, rtol=0)
            and (result.dyads[:, k] == np.array(ref["dyads"])).all()
            and np.allclose(result.risk[:, k], ref["risk"], atol=1e-9, rtol=0)
        ):
            return False
    return True


def batch(draws: int, seed: int) -> tuple[float, float, float]:
    """In a fresh process: the Monte Carlo batch's wall and CPU seconds, and the process's
    peak resident memory in MB (inputs, outputs and the interpreter with NumPy)."""
    options = PRESETS["scholz-2011"].with_(rounds=10)
    rng = np.random.default_rng(seed)
    shape = (draws, 14, 20)
    x, c, s = rng.uniform(0, 100, shape), rng.random(shape), rng.random(shape)
    cpu, start = time.process_time(), time.perf_counter()
    eum(x, c, s, options, record=False)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    return wall, cpu, peak


def batch_in_child(draws: int, seed: int) -> tuple[float, float, float]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(batch, (draws, seed))


def busy_core() -> subprocess.Popen[bytes]:
    """Another process keeping one core busy until stopped."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-batch", action="store_true", help="only the oracle ratios")
    parser.add_argument("--ukraine-draws", type=int, default=1000)
    args = parser.parse_args()
    options = PRESETS["scholz-2011"].with_(rounds=10)
    rng = np.random.default_rng(SEED)
    print(f"cores: {os.cpu_count()}; load average before: {loadavg()}; seed {SEED}")
    verdicts: list[str] = []
    rows: list[tuple[str, str, str]] = []

    x, c, s = rng.uniform(0, 100, 200), rng.random(200), rng.random(200)
    times, _ = timed(lambda: eum(x, c, s, options), args.repeat)
    rows.append(("200 actors x 1 issue x 10 rounds (best)", f"{min(times):.4f}", ""))

    for label, issues in (("20 actors x 1 issue", 1), ("20 actors x 14 issues", 14)):
        shape = (issues, 20)
        x, c, s = rng.uniform(0, 100, shape), rng.random(shape), rng.random(shape)
        # CPU time, the oracle and the vectorised model alternating, so that a change of
        # load on the machine falls on both; each side's best (the least disturbed by other
        # work), and the ratio of each repeat to show the spread
        result = eum(x, c, s, options)
        refs = oracle_issues(x, c, s, options)
        fast_times, slow_times = [], []
        for _ in range(args.repeat):
            fast_times.append(cpu_per_call(lambda x=x, c=c, s=s: eum(x, c, s, options), 50))
            slow_times.append(
                cpu_per_call(lambda x=x, c=c, s=s: oracle_issues(x, c, s, options), 1)
            )
        fast, slow = min(fast_times), min(slow_times)
        same = equal(result, refs)
        ratio = slow / fast
        each = sorted(a / b for a, b in zip(slow_times, fast_times, strict=True))
        spread = f"{ratio:.0f}x (each {each[0]:.0f}-{each[-1]:.0f}x)"
        rows.append(
            (f"{label}, oracle (plain Python), CPU best of {args.repeat}", f"{slow:.4f}", "")
        )
        rows.append((f"{label}, vectorised (equal: {same}), CPU best", f"{fast:.5f}", spread))
        if issues == 1:
            meets = same and ratio >= TARGET_RATIO
            verdicts.append(
                f"one 20-actor issue: {ratio:.0f}x the oracle, results "
                f"{'equal' if same else 'DIFFERENT'} -> target {TARGET_RATIO:.0f}x "
                f"{'met' if meets else 'NOT met'}"
            )

    skipped, played, same = ukraine(args.ukraine_draws, args.repeat)
    rows.append(
        (
            f"ukraine-2025 Monte Carlo, {args.ukraine_draws} draws, every round played, CPU best",
            f"{min(played):.3f}",
            "",
        )
    )
    rows.append(
        (
            f"ukraine-2025 Monte Carlo, repeats skipped (equal forecasts: {same}), CPU best",
            f"{min(skipped):.3f}",
            f"{min(played) / min(skipped):.2f}x",
        )
    )

    if not args.no_batch:
        case = f"{args.draws} draws x 14 issues x 20 actors x 10 rounds"
        for label, busy in (("idle", False), ("one core kept busy", True)):
            other = busy_core() if busy else None
            try:
                runs = [batch_in_child(args.draws, SEED) for _ in range(args.repeat)]
            finally:
                if other is not None:
                    other.kill()
                    other.wait()
            walls = [r[0] for r in runs]
            wall, cpu = statistics.median(walls), statistics.median(r[1] for r in runs)
            peak = max(r[2] for r in runs)
            rows.append(
                (
                    f"{case}, {label} (median of {len(runs)}, best {min(walls):.1f} s; "
                    f"CPU {cpu:.1f} s; peak {peak:.0f} MB)",
                    f"{wall:.2f}",
                    "",
                )
            )
            if busy:
                scaled = wall * 10_000 / args.draws
                verdicts.append(
                    f"Monte Carlo batch with a busy core: {wall:.1f} s (for 10,000 draws: "
                    f"{scaled:.1f} s) -> target {TARGET_SECONDS:.0f} s "
                    f"{'met' if scaled < TARGET_SECONDS else 'NOT met'}"
                )
            verdicts.append(
                f"peak memory ({label}): {peak:.0f} MB -> target {TARGET_MB:.0f} MB "
                f"{'met' if peak < TARGET_MB else 'NOT met'}"
            )

    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  {'seconds':>10}  ratio")
    for name, sec, ratio in rows:
        print(f"{name:<{width}}  {sec:>10}  {ratio}")
    for line in verdicts:
        print(line)
    print(f"load average after: {loadavg()}")


if __name__ == "__main__":
    main()
