"""Load on ``accord serve``: N concurrent clients scoring and analysing the Ukraine scenario.

Starts a real server (create_app + uvicorn, as ``accord serve`` does) on a free loopback
port with a fresh SQLite store, then N threads (default 50) each loop over the scorecard,
analysis, Pareto and diff endpoints for some seconds. Prints p50 and p95 latency, the error
count, and p95 against the 500 ms target. Results are cached per (scenario, version), so
after the first request every answer is a lookup plus JSON.

    .venv/bin/python benchmarks/bench_web_load.py [--clients 50] [--seconds 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.web_support import SID, free_port, start_server

TARGET_MS = 500.0
PATHS = (
    f"/api/scenarios/{SID}/scorecard",
    f"/api/scenarios/{SID}/analysis",
    f"/api/scenarios/{SID}/pareto?a=russia&b=ukraine",
    f"/api/scenarios/{SID}/diff?a=us-28&b=framework-20",
)


def client_loop(base: str, until: float, latencies: list[float], errors: list[str]) -> None:
    with httpx2.Client(base_url=base, timeout=30) as http:
        k = 0
        while time.monotonic() < until:
            path = PATHS[k % len(PATHS)]
            k += 1
            start = time.perf_counter()
            try:
                r = http.get(path)
                ok = r.status_code == 200
            except httpx2.HTTPError as exc:
                ok, r = False, exc
            latencies.append((time.perf_counter() - start) * 1000)
            if not ok:
                errors.append(f"{path}: {r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=10.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc = start_server(f"sqlite:///{Path(tmp) / 'bench.db'}", port)
        base = f"http://127.0.0.1:{port}"
        try:
            httpx2.post(f"{base}/api/scenarios/builtin", json={"name": SID, "author": "bench"})
            latencies: list[float] = []
            errors: list[str] = []
            until = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=client_loop, args=(base, until, latencies, errors))
                for _ in range(args.clients)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            proc.kill()
            proc.wait()
    q = statistics.quantiles(latencies, n=100)
    p50, p95 = q[49], q[94]
    print(
        f"clients {args.clients}, {args.seconds:g} s, {len(latencies)} requests "
        f"({len(latencies) / args.seconds:.0f}/s)"
    )
    print(f"p50 {p50:.1f} ms  p95 {p95:.1f} ms  errors {len(errors)}")
    print(f"p95 / {TARGET_MS:.0f} ms target = {p95 / TARGET_MS:.2f}")
    for e in errors[:5]:
        print("error:", e)


if __name__ == "__main__":
    main()
