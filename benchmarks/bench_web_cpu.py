"""Where a request's time goes in ``accord serve``: server CPU per request, by route, signed
in or not, measured from /proc (Linux): a figure the machine's load moves far less than
latencies (it still does: a busy machine's caches and switches cost some CPU too).

Two real servers (create_app + uvicorn, as ``accord serve`` runs them) on fresh SQLite
stores with the Ukraine scenario: one without accounts (anonymous, the baseline) and one
with accounts, whose clients send a signed-in viewer's session cookie (each request: the
session check). After one request per route fills the result cache, N client threads
(default 50, closed loop: each sends its next request when the last is answered) ask for
one route at a time for some seconds; the server's CPU over that time divided by the
requests answered is the route's CPU per request. The clients' own CPU is printed too:
they run on the same machine and take from the server's share of it.

With N closed-loop clients and a server that is busy all the time on one core (Python's
GIL), a request's mean latency is N x (server CPU per request) / (the share of a core the
server gets): the queue, not the request's own cost. The script prints that prediction
next to the measured mean and p95, and the ratios signed in / anonymous, measured in the
same run. ``--before REF`` adds a third server running the code of git commit REF
(signed in), measured in the same run, route by route in turn with the others, and prints
the ratio now / before. See docs/web.md ("Under load").

    .venv/bin/python benchmarks/bench_web_cpu.py [--clients 50] [--seconds 5] [--before REF]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.web_support import SERVER, SID, free_port

from accord.store import Store

PAGE = f"/s/{SID}"
ROUTES = (
    PAGE,
    f"/api/scenarios/{SID}/scorecard",
    f"/api/scenarios/{SID}/analysis",
    "/static/app.css",
)


def process_cpu(pids: list[int]) -> float:
    """CPU seconds (user and system) the processes (and their waited-for children) used."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        total += sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return total


def server_pids(pid: int) -> list[int]:
    """The server and, with uvicorn workers, its worker processes."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = task / "children"
        if children.exists():
            found += [int(c) for c in children.read_text().split()]
    return found


def client_cpu() -> float:
    t = os.times()
    return t.user + t.system


def hammer(
    base: str, path: str, cookies: dict[str, str] | None, clients: int, seconds: float
) -> tuple[list[float], int]:
    """N closed-loop clients on one path: their latencies (ms) and the failures."""
    times: list[float] = []
    failed = [0]
    lock = threading.Lock()
    until = time.monotonic() + seconds

    def one() -> None:
        with httpx2.Client(base_url=base, timeout=60, cookies=cookies) as http:
            while time.monotonic() < until:
                start = time.perf_counter()
                ok = http.get(path).status_code == 200
                ms = (time.perf_counter() - start) * 1000
                with lock:
                    times.append(ms)
                    failed[0] += not ok

    threads = [threading.Thread(target=one) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, failed[0]


def warm(base: str, cookies: dict[str, str] | None) -> None:
    for path in ROUTES:  # the cache fills (the overview's analyses: seconds)
        httpx2.get(base + path, cookies=cookies, timeout=300).raise_for_status()


def measure(
    base: str, pids: list[int], path: str, cookies: dict[str, str] | None, args: argparse.Namespace
) -> dict[str, float]:
    s0, c0, w0 = process_cpu(pids), client_cpu(), time.monotonic()
    times, failed = hammer(base, path, cookies, args.clients, args.seconds)
    s1, c1, w1 = process_cpu(pids), client_cpu(), time.monotonic()
    n = max(len(times), 1)
    q = statistics.quantiles(times, n=100) if len(times) > 1 else [times[0]] * 99
    return {
        "n": len(times),
        "rate": len(times) / (w1 - w0),
        "server_ms": 1000 * (s1 - s0) / n,
        "client_ms": 1000 * (c1 - c0) / n,
        "share": (s1 - s0) / (w1 - w0),
        "mean": statistics.fmean(times),
        "p95": q[94],
        "failed": failed,
    }


def start(db: str, source: Path | None) -> tuple[subprocess.Popen[bytes], str]:
    """A server as ``accord serve`` runs it; with ``source``, of the code in that tree."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "ACCORD_TEST_TOKEN": ""}
    if source is not None:
        env["PYTHONPATH"] = str(source / "src")
    proc = subprocess.Popen([sys.executable, "-c", SERVER, db, str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx2.get(base + "/static/app.css", timeout=2).status_code == 200:
                return proc, base
        except httpx2.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument(
        "--before",
        metavar="REF",
        help="also measure, signed in, the code of this git commit (e.g. the one before a "
        "change), in the same run",
    )
    args = ap.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        open_db = f"sqlite:///{Path(tmp) / 'open.db'}"
        team_db = f"sqlite:///{Path(tmp) / 'team.db'}"
        with Store(open_db) as s:
            s.create_from_builtin(SID, author="bench")
        with Store(team_db) as s:
            s.create_from_builtin(SID, author="bench")
            s.accounts.add("ann", "bench password", "viewer")
            secret, _ = s.accounts.start_session("ann", timedelta(hours=1))
        signed = {"accord_session": secret}
        configs: list[tuple[str, str, dict[str, str] | None, Path | None]] = [
            ("anonymous", open_db, None, None),
            ("signed in", team_db, signed, None),
        ]
        if args.before:
            old = Path(tmp) / "before"
            old.mkdir()
            archive = subprocess.run(
                ["git", "archive", args.before, "src"], check=True, capture_output=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
            configs.append((f"signed in, {args.before}", team_db, signed, old))
        servers = [start(db, source) for _, db, _, source in configs]
        results: dict[tuple[str, str], dict[str, float]] = {}
        try:
            for (_, _, cookies, _), (_, base) in zip(configs, servers, strict=True):
                warm(base, cookies)
            # route by route, every server in turn: a change in the machine's load falls
            # on all of them alike
            for path in ROUTES:
                for (name, _, cookies, _), (proc, base) in zip(configs, servers, strict=True):
                    results[name, path] = measure(base, server_pids(proc.pid), path, cookies, args)
        finally:
            for proc, _ in servers:
                proc.terminate()
                proc.wait()
    load_after = os.getloadavg()
    print(
        f"clients {args.clients}, {args.seconds:g} s a route and server; load average "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after"
    )
    print(
        "route: server CPU ms a request, clients' CPU ms a request, requests/s, the server's "
        "share of a core, latency mean/p95 ms, predicted mean = clients x CPU / share"
    )
    for path in ROUTES:
        print(path)
        for name, *_ in configs:
            r = results[name, path]
            predicted = args.clients * r["server_ms"] / max(r["share"], 1e-9)
            print(
                f"  {name:22s} server {r['server_ms']:5.2f}  clients {r['client_ms']:5.2f}"
                f"  {r['rate']:5.0f}/s  {r['share']:4.0%}  mean {r['mean']:6.1f}"
                f"  p95 {r['p95']:6.1f}  predicted {predicted:6.1f}  failed {r['failed']:.0f}"
            )
        a, s = results["anonymous", path], results["signed in", path]
        line = f"  server CPU: signed in / anonymous {s['server_ms'] / a['server_ms']:.2f}"
        if args.before:
            b = results[f"signed in, {args.before}", path]
            line += f"; now / {args.before} (signed in) {s['server_ms'] / b['server_ms']:.2f}"
        print(line)


if __name__ == "__main__":
    main()
