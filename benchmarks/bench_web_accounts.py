"""What accounts cost ``accord serve``: the scorecard page under load, signed in or not.

Two real servers (create_app + uvicorn, as ``accord serve`` runs them) on fresh SQLite
stores with the Ukraine scenario: one without accounts (no sign-in: the baseline), one with
N viewer accounts (passwords hashed with the real Argon2id parameters). On the second,
each of N client threads signs in first (POST /api/login: one Argon2id verification,
at most two at a time per process) and then sends its session cookie with every request,
so each page costs a session check (a database lookup, or the kept answer while the
database is unchanged: accord.web.fresh). Both runs load the overview page
(``/s/ukraine-2025``, the scorecard heat map) from N clients for some seconds, after one
request that fills the result cache (its time is printed as the cold start).

Prints the sign-in latency, p50/p95 of the page for both servers, the ratio of the p95s
(accounts / none, measured in the same run) and the p95 against the 300 ms target.

    .venv/bin/python benchmarks/bench_web_accounts.py [--clients 50] [--seconds 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.web_support import SID, free_port, start_server

from accord.store import Store
from accord.web.fresh import Fresh

TARGET_MS = 300.0
PAGE = f"/s/{SID}"
SCORECARD = f"/api/scenarios/{SID}/scorecard"
PATHS = (PAGE, SCORECARD)
PASSWORD = "bench password"


def load(
    base: str, sessions: list[str | None], seconds: float
) -> tuple[dict[str, list[float]], list[str]]:
    latencies: dict[str, list[float]] = {p: [] for p in PATHS}
    errors: list[str] = []
    until = time.monotonic() + seconds

    def client(secret: str | None) -> None:
        cookies = {"accord_session": secret} if secret else None
        with httpx2.Client(base_url=base, timeout=60, cookies=cookies) as http:
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
                latencies[path].append((time.perf_counter() - start) * 1000)
                if not ok:
                    errors.append(f"{path}: {r}")

    threads = [threading.Thread(target=client, args=(s,)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors


def checks_in_process(n: int = 2000) -> tuple[float, float, float]:
    """Milliseconds per session check, the database lookup and as the app makes it (kept
    while the database is unchanged, accord.web.fresh), and per Argon2id verification
    (each sign-in), measured on their own."""
    with tempfile.TemporaryDirectory() as tmp, Store(f"sqlite:///{Path(tmp) / 'c.db'}") as s:
        s.accounts.add("ann", PASSWORD, "viewer")
        secret, _ = s.accounts.start_session("ann", timedelta(hours=1))
        start = time.perf_counter()
        for _ in range(n):
            assert s.accounts.session(secret) is not None
        check = (time.perf_counter() - start) * 1000 / n
        fresh = Fresh(s)
        start = time.perf_counter()
        for _ in range(n):
            assert fresh.session(secret) is not None
        kept = (time.perf_counter() - start) * 1000 / n
        fresh.close()
        start = time.perf_counter()
        for _ in range(5):
            assert s.accounts.verify("ann", PASSWORD) is not None
        verify = (time.perf_counter() - start) * 1000 / 5
    return check, kept, verify


def sign_in_all(base: str, names: list[str]) -> tuple[list[str], list[float]]:
    secrets: list[str] = [""] * len(names)
    times: list[float] = [0.0] * len(names)
    failed: list[str] = []

    def one(k: int) -> None:
        start = time.perf_counter()
        for _ in range(10):  # a 429 says when to come back; a browser user would, too
            r = httpx2.post(
                f"{base}/api/login", json={"name": names[k], "password": PASSWORD}, timeout=60
            )
            if r.status_code != 429:
                break
            time.sleep(float(r.headers.get("retry-after", "1")))
        times[k] = (time.perf_counter() - start) * 1000
        if r.status_code == 200:
            secrets[k] = r.json()["session"]
        else:
            failed.append(f"sign-in of {names[k]}: {r.status_code} {r.text[:100]}")

    threads = [threading.Thread(target=one, args=(k,)) for k in range(len(names))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failed:
        raise SystemExit("\n".join(failed[:5]))
    return secrets, times


def serve(db: str, run: object) -> tuple[float, object]:
    port = free_port()
    proc = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        return run(base)  # type: ignore[operator,no-any-return]
    finally:
        proc.kill()
        proc.wait()


def quantiles(values: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(values, n=100)
    return q[49], q[94]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=10.0)
    args = ap.parse_args()
    names = [f"analyst{k:02d}" for k in range(args.clients)]
    with tempfile.TemporaryDirectory() as tmp:
        plain_db = f"sqlite:///{Path(tmp) / 'open.db'}"
        team_db = f"sqlite:///{Path(tmp) / 'team.db'}"
        with Store(plain_db) as s:
            s.create_from_builtin(SID, author="bench")
        with Store(team_db) as s:
            s.create_from_builtin(SID, author="bench")
            for name in names:
                s.accounts.add(name, PASSWORD, "viewer")

        def open_run(base: str) -> tuple[float, object]:
            start = time.perf_counter()
            httpx2.get(base + PAGE, timeout=120).raise_for_status()
            cold = (time.perf_counter() - start) * 1000
            return cold, load(base, [None] * args.clients, args.seconds)

        def team_run(base: str) -> tuple[float, object]:
            secrets, sign_ins = sign_in_all(base, names)
            start = time.perf_counter()
            cookies = {"accord_session": secrets[0]}
            httpx2.get(base + PAGE, cookies=cookies, timeout=120).raise_for_status()
            cold = (time.perf_counter() - start) * 1000
            return cold, (sign_ins, load(base, list(secrets), args.seconds))

        open_cold, open_result = serve(plain_db, open_run)
        team_cold, team_result = serve(team_db, team_run)
    open_lat, open_err = open_result  # type: ignore[misc]
    sign_ins, (team_lat, team_err) = team_result  # type: ignore[misc]
    check, kept, verify = checks_in_process()
    s50, s95 = quantiles(sign_ins)
    print(f"clients {args.clients}, {args.seconds:g} s each")
    print(
        f"session check: in the database {check:.3f} ms, kept (the app's) {kept:.3f} ms "
        f"(ratio {kept / check:.2f}); Argon2id verification {verify:.0f} ms"
    )
    print(f"sign-in ({args.clients} at once): p50 {s50:.0f} ms  p95 {s95:.0f} ms")
    print(
        f"cold start (first page, empty cache): no accounts {open_cold:.0f} ms, "
        f"accounts {team_cold:.0f} ms"
    )
    for path in PATHS:
        o50, o95 = quantiles(open_lat[path])
        t50, t95 = quantiles(team_lat[path])
        print(f"{path}")
        print(f"  no accounts: {len(open_lat[path])} requests  p50 {o50:.1f} ms  p95 {o95:.1f} ms")
        print(f"  accounts:    {len(team_lat[path])} requests  p50 {t50:.1f} ms  p95 {t95:.1f} ms")
        print(
            f"  p95 accounts / no accounts = {t95 / o95:.2f}; p95 / {TARGET_MS:.0f} ms = "
            f"{t95 / TARGET_MS:.2f}"
        )
    print(f"errors: no accounts {len(open_err)}, accounts {len(team_err)}")
    for e in (open_err + team_err)[:5]:
        print("error:", e)


if __name__ == "__main__":
    main()
