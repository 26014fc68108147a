"""What one honest chance of a deal costs: the overview deciding every draw of its run.

The report's first page, futures, indicators and forecasts quote the overview's own Monte
Carlo chance of a zone of agreement. Deciding every one of its 500 draws (one MILP each,
with the ratified ZOPA on the same draws) instead of a systematic 100 narrows the 95%
interval from about +-9 to +-4 points; the indicators then read the overview's per-draw
results instead of running their own 200 draws. This prints, for ukraine-2025 on the shared
development machine: the main simulation at 100 and at 500 decided draws, the indicators'
former separate run (saved now), the net extra cost, the two intervals, and the ratio of
the two main runs.

    .venv/bin/python benchmarks/bench_one_chance.py
"""

from __future__ import annotations

import os
import time

from accord.forecast.montecarlo import simulate
from accord.io import load_builtin
from accord.overview.indicators import DRAWS as INDICATOR_DRAWS
from accord.overview.indicators import deal_draws
from accord.overview.run import MAIN_MODEL, ZOPA_SOLVES

SEED = 0
DRAWS = 500


def timed(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    s = load_builtin("ukraine-2025")
    parties = [a.id for a in s.actors if a.role == "party"]
    runs: dict[int, float] = {}
    for solves in (100, min(DRAWS, ZOPA_SOLVES)):
        # as the overview runs it: with the ratified ZOPA and commitments on the same draws
        sim, t = timed(
            lambda n=solves: simulate(
                s,
                MAIN_MODEL,
                draws=DRAWS,
                seed=SEED,
                parties=parties,
                zopa_solves=n,
                honour=True,
            )
        )
        z = sim.zopa
        lo, hi = z.interval or (float("nan"), float("nan"))
        runs[solves] = t
        print(
            f"main simulation, {DRAWS} draws, {z.draws_evaluated} decided: {t:.1f} s; "
            f"chance {z.probability:.3f}, 95% interval {lo:.3f}-{hi:.3f} "
            f"(width {hi - lo:.3f})"
        )
    _, t_ind = timed(lambda: deal_draws(s, parties, draws=INDICATOR_DRAWS, seed=SEED))
    print(f"indicators' own run of {INDICATOR_DRAWS} draws (no longer made): {t_ind:.1f} s")
    extra = runs[DRAWS] - runs[100] - t_ind
    print(
        f"net extra cost of one figure: {extra:+.1f} s; main run ratio 500/100 decided "
        f"{runs[DRAWS] / runs[100]:.1f}x"
    )


if __name__ == "__main__":
    main()
