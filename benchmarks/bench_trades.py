"""``accord trades`` on the Ukraine case, against the brute-force oracle in the same run.

``sequence`` times :func:`accord.analysis.trades.trade_sequence` on ``ukraine-2025`` with the
four actors that hold stances and a party's or mediator's role (russia, ukraine, usa,
europe: 6 pairs), from the status quo (target: under 5 s). ``pair`` times the vectorised
pair search (:func:`accord.analysis.trades.pair_trades`) for russia and ukraine from the
status quo, and ``oracle`` the plain loop of ``tests/oracle_trades.py`` on the same
question; ``ratio`` is oracle / pair. The two must find the same trades, which the script
checks.

    .venv/bin/python benchmarks/bench_trades.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import oracle_trades
from accord.analysis.reference import STATUS_QUO, reference_package
from accord.analysis.space import outcome_space
from accord.analysis.trades import pair_trades, trade_sequence
from accord.io import resolve_scenario

TARGET_SECONDS = 5.0
PARTIES = ["russia", "ukraine", "usa", "europe"]


def best_of(repeat: int, fn: Any) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    s = resolve_scenario("ukraine-2025")
    seq_time, result = best_of(args.repeat, lambda: trade_sequence(s, PARTIES))
    space = outcome_space(s)
    codes = reference_package(s, space, STATUS_QUO).codes
    package = space.decode(codes)
    grid = {iid: list(space.settings[i]) for i, iid in enumerate(space.issues)}
    pair_time, fast = best_of(
        args.repeat, lambda: pair_trades(space, codes, "russia", "ukraine").trades
    )
    oracle_time, slow = best_of(
        1,
        lambda: oracle_trades.trades(s, grid, package, "russia", "ukraine", list(space.actors)),
    )
    same = {(t.gives, t.gets) for t in fast} == {(t.gives, t.gets) for t in slow}
    print(f"ukraine-2025, {len(space.issues)} issues, parties {', '.join(PARTIES)}")
    print(
        f"sequence  {seq_time:8.3f} s   {len(result.trades)} trades "
        f"(target < {TARGET_SECONDS:g} s: {'ok' if seq_time < TARGET_SECONDS else 'SLOW'})"
    )
    print(f"pair      {pair_time:8.4f} s   {len(fast)} trades russia-ukraine")
    print(f"oracle    {oracle_time:8.3f} s   {len(slow)} trades (same: {same})")
    print(f"ratio     {oracle_time / pair_time:8.0f} x")
    if not same:
        raise SystemExit("the pair search and the oracle disagree")


if __name__ == "__main__":
    main()
