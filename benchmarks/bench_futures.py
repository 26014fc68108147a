"""Futures, indicators and options of the built-in Ukraine scenario, timed against the goal.

The whole set (every future's Monte Carlo, the indicators' draws, the options' lever runs)
should take about 20 s for ukraine-2025 on the two shared cores of the development machine.
For scale, the same run also times the plain oracle of one future (a Python loop over the
draws, one ZOPA per draw, ``tests/oracle_futures.chance``) on the wage scenario of the tests
against the fast path on the same draws, and prints the ratio; and the threshold search
(``crossing``) against its plain scan on 2,000 draws.

    .venv/bin/python benchmarks/bench_futures.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

import oracle_futures as oracle
from accord.io import load_builtin, load_scenario
from accord.overview import run_overview
from accord.overview.chances import run_chance
from accord.overview.futures import futures
from accord.overview.indicators import crossing, indicators
from accord.overview.options import options

TARGET_S = 20.0
DRAWS = 300
SEED = 0
WAGE = Path(__file__).parent.parent / "tests" / "data" / "futures" / "wage.yaml"


def timed(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    o = run_overview(load_builtin("ukraine-2025"), draws=50, monte_carlo=False)
    fs, t_f = timed(lambda: futures(o, draws=DRAWS, seed=SEED))
    ind, t_i = timed(lambda: indicators(o, fs, seed=SEED))
    opt, t_o = timed(lambda: options(o, fs))
    total = t_f + t_i + t_o
    verdict = "ok" if total < TARGET_S else "MISSED"
    print(
        f"ukraine-2025, {DRAWS} draws: futures {t_f:.1f} s ({len(fs)}), indicators {t_i:.1f} s "
        f"({len(ind)}), options {t_o:.1f} s ({len(opt)}); total {total:.1f} s "
        f"< {TARGET_S:g} s: {verdict}"
    )
    # one future, fast against the plain per-draw loop, on the same draws
    wage = load_scenario(WAGE)
    data = wage.model_dump(mode="python")
    data["stances"][1]["firmness"] = None  # the oracle draws BATNAs only
    data["stances"][1]["red_line"] = None
    plain_s = type(wage).model_validate(data)
    parties = ["union", "firm"]
    n = 400
    fast, t_fast = timed(lambda: run_chance(plain_s, parties, draws=n, seed=SEED).chance)
    slow, t_slow = timed(lambda: oracle.chance(plain_s, parties, n, SEED))
    assert fast == slow, (fast, slow)
    print(
        f"one future, {n} draws: fast {t_fast * 1000:.0f} ms, plain loop {t_slow * 1000:.0f} ms,"
        f" ratio {t_slow / t_fast:.0f}x"
    )
    rng = np.random.default_rng(SEED)
    x = np.round(rng.random(2000), 3)
    deal = (rng.random(2000) < 0.2 + 0.5 * (x < 0.3)).astype(float)
    _, t_c = timed(lambda: crossing(x, deal, 0.6, "below"))
    _, t_p = timed(lambda: oracle.crossing(x, deal, 0.6, "below", 0.1, 20))
    print(
        f"threshold search, 2,000 draws: fast {t_c * 1000:.1f} ms, plain scan "
        f"{t_p * 1000:.0f} ms, ratio {t_p / t_c:.0f}x"
    )


if __name__ == "__main__":
    main()
