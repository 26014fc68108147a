"""Benchmark of the vectorised expected-utility model (``accord.forecast.eum``).

Cases, all with the ``scholz-2011`` preset run for 10 rounds (no early stop):

* one run of 200 actors x 1 issue (target: well under 1 s);
* the "at least 100x faster than the plain reference on 20 actors, with equal results"
  requirement, two ways, each checked for equal results against the plain oracle
  (``tests/oracle_eum.py``):

  (a) 20 actors x 1 issue: one oracle run against one vectorised call. A call this small
      is dominated by NumPy's fixed cost per operation (it runs on the same round loop as a
      batch, as a chunk of one instance: about 1.5 ms for 10 rounds), so this ratio says
      little about throughput;
  (b) 20 actors x 14 issues (one scenario's worth): the oracle run issue by issue against
      one vectorised call over all 14;

* a batch of draws x 14 issues x 20 actors with ``record=False`` (positions only; target
  for 10,000 draws: under 25 s on 2 cores).

Usage: ``python benchmarks/bench_eum.py [--draws N]`` (default 10,000). Prints a table: case,
seconds, ratio.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

from accord.forecast.eum import PRESETS, eum

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from oracle_eum import run

TARGET_RATIO = 100.0


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    """Best wall time of ``repeat`` calls, and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def oracle_issues(x: np.ndarray, c: np.ndarray, s: np.ndarray, options) -> list[dict]:
    """The plain oracle on each issue (row) in turn."""
    return [run(x[k].tolist(), c[k].tolist(), s[k].tolist(), options) for k in range(len(x))]


def equal(result, refs: list[dict]) -> bool:
    """Whether the vectorised result ``[R+1, issues, A]`` equals the oracle's, issue by
    issue (positions and risks within 1e-9, dyad codes exactly)."""
    for k, ref in enumerate(refs):
        if not (
            np.allclose(result.positions[:, k], ref["positions"], atol=1e-9)
            and (result.dyads[:, k] == np.array(ref["dyads"])).all()
            and np.allclose(result.risk[:, k], ref["risk"], atol=1e-9)
        ):
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draws", type=int, default=10_000)
    args = parser.parse_args()
    options = PRESETS["scholz-2011"].with_(rounds=10)
    rng = np.random.default_rng(2011)
    rows: list[tuple[str, float, str]] = []
    verdicts: list[str] = []

    x, c, s = rng.uniform(0, 100, 200), rng.random(200), rng.random(200)
    seconds, _ = timed(lambda: eum(x, c, s, options), repeat=3)
    rows.append(("200 actors x 1 issue x 10 rounds", seconds, ""))

    for label, issues in (("(a) 20 actors x 1 issue", 1), ("(b) 20 actors x 14 issues", 14)):
        shape = (issues, 20)
        x, c, s = rng.uniform(0, 100, shape), rng.random(shape), rng.random(shape)
        fast, result = timed(lambda x=x, c=c, s=s: eum(x, c, s, options), repeat=5)
        slow, refs = timed(lambda x=x, c=c, s=s: oracle_issues(x, c, s, options))
        same = equal(result, refs)
        ratio = slow / fast
        rows.append((f"{label}, oracle (plain Python)", slow, ""))
        rows.append((f"{label}, vectorised (equal: {same})", fast, f"{ratio:.0f}x"))
        meets = same and ratio >= TARGET_RATIO
        verdicts.append(
            f"{label}: {ratio:.0f}x, results {'equal' if same else 'DIFFERENT'} -> "
            f"{'meets' if meets else 'does NOT meet'} the {TARGET_RATIO:.0f}x requirement"
        )

    shape = (args.draws, 14, 20)
    x, c, s = rng.uniform(0, 100, shape), rng.random(shape), rng.random(shape)
    seconds, big = timed(lambda: eum(x, c, s, options, record=False))
    per = seconds / (args.draws * 14)
    rows.append((f"{args.draws} draws x 14 issues x 20 actors x 10 rounds", seconds, ""))
    rows.append(("  per instance (issue x draw), microseconds", per * 1e6, ""))
    del big

    print(f"cores available: {os.cpu_count()}")
    for line in verdicts:
        print(line)
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  {'seconds':>10}  ratio")
    for case, sec, ratio in rows:
        print(f"{case:<{width}}  {sec:>10.4f}  {ratio}")


if __name__ == "__main__":
    main()
