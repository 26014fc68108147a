"""The overview page's briefing: how long its first paint waits, and what the futures cost.

On a fresh store (an empty cache), in one process: the overview page cold (its first paint:
the version's one overview with the report's Monte Carlo, the bottom line and the key
judgements), then the futures fragment cold (the report's futures, indicators and options),
then both warm (from the cache). Against them, measured in the same run, the report's own
calls made directly: ``run_overview`` and ``accord.report.sections.futures.compute``.

Prints each time and three ratios: the first paint against the page's whole briefing (the
share of the wait a reader has before the judgements show; the futures are not in it), the
web's cold total against the direct calls (the web adds only rendering and caching: about
1), and a warm page against a cold one.

    .venv/bin/python benchmarks/bench_web_briefing.py [--scenario ukraine-2025]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.web_support import client

from accord.io import load_builtin
from accord.overview import run_overview
from accord.report.sections.futures import compute


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="ukraine-2025")
    args = parser.parse_args()
    sid = args.scenario
    with tempfile.TemporaryDirectory() as tmp:
        c = client(Path(tmp), builtin=False)
        made = c.post("/api/scenarios/builtin", json={"name": sid, "author": "bench"})
        assert made.status_code == 201, made.text

        def page() -> None:
            assert c.get(f"/s/{sid}").status_code == 200

        def futures() -> None:
            assert c.get(f"/s/{sid}/futures").status_code == 200

        paint = timed(page)
        fragment = timed(futures)
        warm_page = timed(page)
        warm_fragment = timed(futures)
    s = load_builtin(sid)
    held: list[object] = []
    direct_overview = timed(lambda: held.append(run_overview(s)))
    direct_futures = timed(lambda: compute(held[0]))  # type: ignore[arg-type]
    web, direct = paint + fragment, direct_overview + direct_futures
    print(f"scenario {sid}")
    print(f"first paint (cold page)        {paint:7.2f} s")
    print(f"futures fragment (cold)        {fragment:7.2f} s")
    print(f"page, fragment (warm)          {warm_page:7.3f} s, {warm_fragment:7.3f} s")
    print(f"direct: run_overview, compute  {direct_overview:7.2f} s, {direct_futures:7.2f} s")
    print(f"first paint / whole briefing   {paint / web:7.2f}")
    print(f"web cold / direct calls        {web / direct:7.2f}")
    print(f"warm page / cold page          {warm_page / paint:7.3f}")


if __name__ == "__main__":
    main()
