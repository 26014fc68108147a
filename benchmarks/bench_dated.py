"""Which dated values hold on each day: one binary search per record against the literal rule.

A seeded random set of ``--records`` stances, each with 0 to ``--entries`` earlier entries
(distinct days in one year, the last one its ``since``), queried on every day of the year
and a month either side (``--days``). Timed in one run:

* :func:`accord.model.dated.period_at`: each record's periods for all days at once (a NumPy
  binary search over its entries' dates);
* the oracle (``tests/oracle_dated.py``): the rule word for word, one record and one day at
  a time, with the period read back as an index.

The two must give the same period for every record and day; the ratio of their times is
printed (and, with ``--json``, written as one JSON line).

    .venv/bin/python benchmarks/bench_dated.py [--seed 2025] [--records 2000] [--entries 12]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np

from accord.model.dated import period_at

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from oracle_dated import values_on

DAY0 = dt.date(2025, 1, 1)

Record = tuple[dt.date | None, list[dt.date]]  # since, the entries' from dates


def records(n: int, most: int, seed: int) -> list[Record]:
    rng = np.random.default_rng(seed)
    out: list[Record] = []
    for _ in range(n):
        k = int(rng.integers(0, most + 1))
        days = np.sort(rng.choice(365, size=k + 1, replace=False))
        dates = [DAY0 + dt.timedelta(days=int(d)) for d in days]
        since = dates[-1] if k or rng.random() < 0.5 else None
        out.append((since, dates[:-1]))
    return out


def fast(recs: list[Record], days: np.ndarray) -> np.ndarray:
    return np.stack([period_at(since, froms, days) for since, froms in recs])


def oracle(recs: list[Record], days: list[dt.date]) -> np.ndarray:
    out = np.empty((len(recs), len(days)), dtype=np.intp)
    for r, (since, froms) in enumerate(recs):
        entries = [(f, {"from": f}) for f in froms]
        for c, d in enumerate(days):
            got, kind = values_on({"from": None}, since, entries, d)
            now = kind in ("current", "unrecorded")
            out[r, c] = len(froms) if now else froms.index(got["from"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--entries", type=int, default=12)
    ap.add_argument("--days", type=int, default=425, help="days queried, from 30 before the year")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    recs = records(args.records, args.entries, args.seed)
    days = [DAY0 + dt.timedelta(days=d - 30) for d in range(args.days)]
    as_array = np.array(days, dtype="datetime64[D]")
    t0 = time.perf_counter()
    got = fast(recs, as_array)
    t1 = time.perf_counter()
    want = oracle(recs, days)
    t2 = time.perf_counter()
    assert np.array_equal(got, want), "period_at and the oracle differ"
    result = {
        "records": args.records,
        "days": args.days,
        "entries_max": args.entries,
        "seed": args.seed,
        "fast_s": round(t1 - t0, 4),
        "oracle_s": round(t2 - t1, 4),
        "ratio": round((t2 - t1) / (t1 - t0), 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{args.records} records x {args.days} days (seed {args.seed}): period_at "
            f"{result['fast_s']} s, oracle {result['oracle_s']} s; the oracle takes "
            f"{result['ratio']}x as long; same periods for every record and day"
        )


if __name__ == "__main__":
    main()
