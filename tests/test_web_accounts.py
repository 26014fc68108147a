"""Accounts, roles, sessions and sign-in limits of ``accord serve``; secrets off argv.

Each failure the review reported that these cover is a test here that the code before
accounts fails: the token's cookie outlived signing out, wrong guesses were never slowed,
anyone with access could do anything, every change was by "anonymous" unless a cookie said
otherwise, and the token and a database password were taken as arguments.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.routing import Route
from tests.web_support import BASE, SID, browser

import oracle_limits
from accord.store import Store
from accord.web.access import COOKIE, required_role
from accord.web.app import create_app
from accord.web.limits import LoginLimiter

QUICK = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse"
ROLES = ("viewer", "editor", "admin")
RANK = {None: 0, "viewer": 1, "editor": 2, "admin": 3}


def team_store(tmp_path: Path, builtin: bool = True) -> Store:
    """A store with a viewer, an editor and an admin (vic, eda, ada), all with PASSWORD."""
    store = Store(f"sqlite:///{tmp_path / 'team.db'}")
    store.accounts.hasher = QUICK
    if builtin:
        store.create_from_builtin(SID, author="tester")
    for name, role in (("vic", "viewer"), ("eda", "editor"), ("ada", "admin")):
        store.accounts.add(name, PASSWORD, role)
    return store


def api(app: Any) -> TestClient:
    return TestClient(app, base_url=BASE, raise_server_exceptions=False)


def bearer(store: Store, user: str | None) -> dict[str, str]:
    secret, _ = store.accounts.start_session(user, timedelta(hours=1))
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = team_store(tmp_path)
    yield s
    s.close()


# --- roles on every route -------------------------------------------------------------------
PARAMS = {"sid": SID, "name": "zed"}


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: PARAMS.get(m.group(1), "1"), path)


def walk(routes: list[Any]) -> Iterator[Route]:
    for route in routes:
        # FastAPI 0.165 keeps an included router as one entry holding the router's routes
        # (the routers here have no prefix of their own)
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from walk(inner.routes)
        elif isinstance(route, APIRoute | Route) and route.methods:
            yield route


def every_route(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every route of the app, path parameters filled in."""
    return [
        (method, concrete(route.path))
        for route in walk(app.routes)
        for method in sorted(route.methods or ())
    ]


def ask(c: TestClient, method: str, path: str, headers: dict[str, str]) -> Any:
    if method in ("GET", "HEAD"):
        return c.request(method, path, headers=headers, follow_redirects=False)
    # a single forecast if the route starts runs: quick, and the same role rule
    if path.startswith("/api/"):
        body: dict[str, Any] = {"json": {"mode": "single", "model": "median"}}
    else:
        body = {"data": {"mode": "single", "model": "median"}}
    return c.request(method, path, headers=headers, follow_redirects=False, **body)


def refused_for_access(r: Any) -> bool:
    """Whether an answer is a refusal for want of a session or a role (a wrong password
    at /login is a 401 too, and signing out redirects to /login, but those are the
    handlers')."""
    if r.status_code == 303 and r.request.method in ("GET", "HEAD"):
        return bool(r.headers.get("location") == "/login")
    return (r.status_code == 401 and "authentication required" in r.text) or (
        r.status_code == 403 and "role" in r.text
    )


def test_roles_on_every_route(store: Store) -> None:
    app = create_app(store)
    c = browser(app)  # sends the CSRF token, as the app's pages do: roles are what is tested
    routes = every_route(app)
    assert len(routes) > 40  # the app's routes were found
    store.accounts.add("zed", PASSWORD, "viewer")  # the {name} of the user routes
    checked = 0
    for method, path in routes:
        need = required_role(method, path)
        for role in (None, *ROLES):
            user = {None: None, "viewer": "vic", "editor": "eda", "admin": "ada"}[role]
            headers = bearer(store, user) if user else {}
            r = ask(c, method, path, headers)
            where = f"{method} {path} as {role}: {r.status_code} {r.text[:200]}"
            assert r.status_code < 500, where
            if need is None or RANK[role] >= RANK[need]:
                assert not refused_for_access(r), where
            elif role is None:
                api_like = path.startswith("/api/") or method != "GET"
                assert r.status_code == (401 if api_like or path == "/openapi.json" else 303)
            else:
                assert r.status_code == 403, where
                assert f"needs the {need} role" in r.text, where
            checked += 1
    assert checked == 4 * len(routes)


def test_the_role_rule() -> None:
    assert required_role("GET", "/") == "viewer"
    assert required_role("GET", f"/s/{SID}/edit") == "viewer"
    assert required_role("HEAD", "/api/scenarios") == "viewer"
    assert required_role("POST", f"/s/{SID}/batna") == "editor"
    assert required_role("POST", "/api/scenarios/upload") == "editor"
    assert required_role("PUT", "/anything/new") == "editor"
    assert required_role("DELETE", f"/api/scenarios/{SID}") == "editor"
    assert required_role("GET", "/api/users") == "admin"
    assert required_role("DELETE", "/api/users/bob") == "admin"
    assert required_role("GET", "/users/x") == "admin"
    assert required_role("GET", "/usersx") == "viewer"  # a prefix is a whole path segment
    assert required_role("POST", "/logout") == "viewer"
    assert required_role("POST", "/api/account/password") == "viewer"
    assert required_role("POST", "/login") is None
    assert required_role("POST", "/api/login") is None


def test_a_new_route_is_covered(store: Store) -> None:
    app = create_app(store)

    @app.post("/api/scenarios/{sid}/something-new")
    def something_new(sid: str) -> dict[str, str]:
        return {"done": sid}

    c = api(app)
    r = c.post(f"/api/scenarios/{SID}/something-new", headers=bearer(store, "vic"))
    assert r.status_code == 403 and r.json()["role_needed"] == "editor"
    r = c.post(f"/api/scenarios/{SID}/something-new", headers=bearer(store, "eda"))
    assert r.status_code == 200 and r.json() == {"done": SID}
    assert c.post(f"/api/scenarios/{SID}/something-new", json={}).status_code == 401


def test_viewer_cannot_change_a_scenario(store: Store) -> None:
    c = api(create_app(store))
    edit = {"actor": "russia", "base": 1, "utility": 0.99}
    r = c.post(f"/api/scenarios/{SID}/batna", json=edit, headers=bearer(store, "vic"))
    assert r.status_code == 403
    assert r.json() == {
        "error": "this needs the editor role; vic is a viewer: ask an admin to change your role",
        "role_needed": "editor",
        "role": "viewer",
    }
    assert store.get(SID).info.number == 1
    r = c.get("/api/users", headers=bearer(store, "eda"))
    assert r.status_code == 403 and "needs the admin role" in r.json()["error"]


# --- sessions --------------------------------------------------------------------------------
def sign_in_page(c: TestClient, **form: str) -> Any:
    return c.post("/login", data=form, follow_redirects=False)


def test_page_sign_in_and_out_ends_the_session(store: Store) -> None:
    c = browser(create_app(store))
    assert c.get("/", follow_redirects=False).headers["location"] == "/login"
    page = c.get("/login").text
    assert 'name="password"' in page and 'name="token"' not in page
    r = sign_in_page(c, name="eda", password="wrong horse")
    assert r.status_code == 401 and "wrong user name or password" in r.text
    r = sign_in_page(c, name="eda", password=PASSWORD)
    assert r.status_code == 303
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    secret = c.cookies[COOKIE]
    assert c.get("/api/account").json()["user"] == "eda"
    assert "eda (editor)" in c.get(f"/s/{SID}").text
    assert c.post("/logout", follow_redirects=False).status_code == 303
    # the old cookie, sent again, is refused: the session ended on the server
    stale = api(c.app)
    stale.cookies.set(COOKIE, secret)
    assert stale.get("/api/scenarios").status_code == 401
    assert store.accounts.session(secret) is None


def test_token_cookie_is_a_server_side_session_ended_by_sign_out(tmp_path: Path) -> None:
    # Before: the cookie was a fixed HMAC of the token, valid after signing out and the
    # same for every sign-in.
    store = Store(f"sqlite:///{tmp_path / 'tok.db'}")
    store.create_from_builtin(SID, author="tester")
    c = browser(create_app(store, token="s3cret-token"))
    assert sign_in_page(c, token="s3cret-token").status_code == 303
    first = c.cookies[COOKIE]
    assert c.get("/api/scenarios").status_code == 200
    c.post("/logout", follow_redirects=False)
    stale = api(c.app)
    stale.cookies.set(COOKIE, first)
    assert stale.get("/api/scenarios").status_code == 401
    c2 = browser(c.app)
    assert sign_in_page(c2, token="s3cret-token").status_code == 303
    assert c2.cookies[COOKIE] != first  # random each time
    # another token (a restart with a new one) ends the sessions of the old
    second = c2.cookies[COOKIE]
    other = api(create_app(store, token="another-token"))
    other.cookies.set(COOKIE, second)
    assert other.get("/api/scenarios").status_code == 401


def test_sessions_expire(store: Store) -> None:
    app = create_app(store, session_lifetime=timedelta(milliseconds=300))
    c = api(app)
    r = c.post("/api/login", json={"name": "vic", "password": PASSWORD})
    assert r.status_code == 200
    h = {"Authorization": f"Bearer {r.json()['session']}"}
    assert c.get("/api/scenarios", headers=h).status_code == 200
    time.sleep(0.4)
    assert c.get("/api/scenarios", headers=h).status_code == 401


def test_password_change_ends_every_session(store: Store) -> None:
    c = api(create_app(store))
    one, two = bearer(store, "eda"), bearer(store, "eda")
    other = bearer(store, "vic")
    r = c.post(
        "/api/account/password", json={"current": "wrong horse", "new": "n3w pass"}, headers=one
    )
    assert r.status_code == 401 and "current password is not right" in r.json()["error"]
    r = c.post(
        "/api/account/password",
        json={"current": PASSWORD, "new": "new horse staple"},
        headers=one,
    )
    assert r.status_code == 200
    assert c.get("/api/scenarios", headers=one).status_code == 401
    assert c.get("/api/scenarios", headers=two).status_code == 401
    assert c.get("/api/scenarios", headers=other).status_code == 200
    assert c.post("/api/login", json={"name": "eda", "password": PASSWORD}).status_code == 401
    r = c.post("/api/login", json={"name": "eda", "password": "new horse staple"})
    assert r.status_code == 200
    # an admin's reset ends them too
    h = {"Authorization": f"Bearer {r.json()['session']}"}
    r = c.post(
        "/api/users/eda/password", json={"password": "reset by ada"}, headers=bearer(store, "ada")
    )
    assert r.status_code == 200 and r.json() == {"sessions_ended": 1}
    assert c.get("/api/scenarios", headers=h).status_code == 401


def test_removing_a_user_and_changing_a_role_apply_at_once(store: Store) -> None:
    c = api(create_app(store))
    admin = bearer(store, "ada")
    eda = bearer(store, "eda")
    assert (
        c.post(f"/api/scenarios/{SID}/versions/1/restore", json={}, headers=eda).status_code == 201
    )
    r = c.post("/api/users/eda/role", json={"role": "viewer"}, headers=admin)
    assert r.status_code == 200 and r.json()["role"] == "viewer"
    r = c.post(f"/api/scenarios/{SID}/versions/1/restore", json={}, headers=eda)
    assert r.status_code == 403
    assert c.delete("/api/users/eda", headers=admin).status_code == 200
    assert c.get("/api/scenarios", headers=eda).status_code == 401
    r = c.post("/api/users", json={"name": "new", "password": "long enough", "role": "editor"})
    assert r.status_code == 401
    r = c.post(
        "/api/users",
        json={"name": "new", "password": "long enough", "role": "editor"},
        headers=admin,
    )
    assert r.status_code == 201 and r.json()["role"] == "editor"
    assert [u["name"] for u in c.get("/api/users", headers=admin).json()] == ["ada", "new", "vic"]
    r = c.post(
        "/api/users", json={"name": "x", "password": "short", "role": "editor"}, headers=admin
    )
    assert r.status_code == 400 and "at least 8 characters" in r.json()["error"]


# --- authorship ------------------------------------------------------------------------------
def test_the_author_is_the_signed_in_user(store: Store) -> None:
    # Before: the author was whatever the form or the accord_author cookie said.
    c = api(create_app(store))
    eda = bearer(store, "eda")
    c.cookies.set("accord_author", "cookie-name")
    r = c.post(
        f"/api/scenarios/{SID}/batna",
        json={"actor": "russia", "base": 1, "utility": 0.3, "author": "mallory"},
        headers=eda,
    )
    assert r.status_code == 201, r.text
    assert store.get(SID).info.author == "eda"
    r = c.post(f"/api/scenarios/{SID}/versions/1/restore", json={"author": "x"}, headers=eda)
    assert r.status_code == 201 and store.get(SID).info.author == "eda"
    r = c.post(
        f"/api/scenarios/{SID}/forecasts", json={"mode": "single", "model": "median"}, headers=eda
    )
    assert r.status_code == 202, r.text
    assert r.json()["author"] == "eda" and store.run(r.json()["id"]).author == "eda"
    store.delete(SID)
    r = c.post("/api/scenarios/builtin", json={"name": SID, "author": "mallory"}, headers=eda)
    assert r.status_code == 201 and store.get(SID).info.author == "eda"


def test_without_accounts_the_author_is_as_before(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'open.db'}")
    store.create_from_builtin(SID, author="tester")
    c = api(create_app(store))
    r = c.post(f"/api/scenarios/{SID}/forecasts", json={"mode": "single", "model": "median"})
    assert r.status_code == 202 and r.json()["author"] == "anonymous"
    r = c.post(f"/api/scenarios/{SID}/versions/1/restore", json={"author": "kim"})
    assert r.status_code == 201 and store.get(SID).info.author == "kim"


# --- modes -----------------------------------------------------------------------------------
def test_modes(tmp_path: Path) -> None:
    empty = Store(f"sqlite:///{tmp_path / 'empty.db'}")
    assert api(create_app(empty)).get("/api/scenarios").status_code == 200  # open
    assert api(create_app(empty, accounts=True)).get("/api/scenarios").status_code == 401
    (tmp_path / "team").mkdir()
    store = team_store(tmp_path / "team")
    assert api(create_app(store)).get("/api/scenarios").status_code == 401  # accounts
    with pytest.raises(ValueError, match="not both"):
        create_app(store, token="tok", accounts=True)
    # a token-mode session is worth nothing to a server with accounts, and the other way
    c = api(create_app(store))
    assert c.get("/api/scenarios", headers=bearer(store, None)).status_code == 401
    tok = api(create_app(store, token="tok-en", accounts=False))
    assert tok.get("/api/scenarios", headers=bearer(store, "ada")).status_code == 401
    assert tok.get("/api/scenarios", headers={"Authorization": "Bearer tok-en"}).status_code == 200


# --- rate limiting ---------------------------------------------------------------------------
def test_wrong_guesses_are_slowed_with_429(store: Store) -> None:
    # Before: 100 wrong guesses in 1.2 s, every one a 401.
    limiter = LoginLimiter(free=3, base=30.0)
    c = api(create_app(store, login_limiter=limiter))
    for _ in range(3):
        r = c.post("/api/login", json={"name": "vic", "password": "guess"})
        assert r.status_code == 401
    r = c.post("/api/login", json={"name": "vic", "password": "guess"})
    assert r.status_code == 401  # the fourth failure is counted, and locks
    r = c.post("/api/login", json={"name": "vic", "password": PASSWORD})
    assert r.status_code == 429  # locked: even the right password is not checked
    assert r.headers["retry-after"] == str(r.json()["retry_after"])
    assert 0 < r.json()["retry_after"] <= 30
    assert "try again in" in r.json()["error"]
    # the page says the same
    page = browser(c.app)
    r = sign_in_page(page, name="vic", password=PASSWORD)
    assert r.status_code == 429 and "try again in" in r.text and "retry-after" in r.headers


def test_token_guesses_are_slowed(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'tok.db'}")
    c = api(create_app(store, token="s3cret-token", login_limiter=LoginLimiter(free=5)))
    codes = [c.post("/api/login", json={"token": f"guess{i}"}).status_code for i in range(8)]
    assert codes[:6] == [401] * 6 and codes[6:] == [429, 429]


def test_limiter_counts_accounts_and_addresses_apart() -> None:
    now = [0.0]
    lim = LoginLimiter(free=2, base=1.0, cap=8.0, forget=100.0, clock=lambda: now[0])
    for _ in range(3):
        lim.failed(["account:ann", "address:1.2.3.4"])
    assert lim.retry_after(["account:ann"]) == 1
    assert lim.retry_after(["address:1.2.3.4"]) == 1
    assert lim.retry_after(["account:bob", "address:5.6.7.8"]) == 0
    for _ in range(10):
        lim.failed(["account:ann"])
    assert lim.retry_after(["account:ann"]) == 8  # capped
    lim.succeeded("account:ann")
    assert lim.retry_after(["account:ann"]) == 0
    assert lim.retry_after(["address:1.2.3.4"]) == 1  # a success does not clear an address


def test_limiter_admits_few_at_once() -> None:
    lim = LoginLimiter(in_flight=2)
    keys = ["account:ann", "address:x"]
    assert lim.admit(keys) == 0 and lim.admit(keys) == 0
    assert lim.admit(keys) == 1  # a third concurrent check of the same account waits
    assert lim.admit(["account:bob", "address:x"]) == 0  # one address: an office
    assert lim.admit(["account:cy", "address:x"]) == 0
    lim.done(keys)
    assert lim.admit(keys) == 0


def test_limiter_memory_is_bounded() -> None:
    lim = LoginLimiter(free=0, max_keys=3)
    for k in range(10):
        lim.failed([f"address:{k}"])
    assert lim.retry_after(["address:9"]) > 0
    assert lim.retry_after(["address:0"]) == 0  # dropped, oldest first


EVENTS = st.lists(
    st.tuples(
        st.floats(0.0, 50.0, allow_nan=False),  # seconds since the previous event
        st.sampled_from(["a", "b"]),
        st.sampled_from(["fail", "fail", "fail", "ok", "ask"]),
    ),
    max_size=40,
)


@settings(max_examples=300)
@given(
    EVENTS,
    st.integers(0, 4),
    st.sampled_from([0.5, 1.0, 3.0]),
    st.sampled_from([4.0, 60.0]),
    st.sampled_from([10.0, 120.0]),
)
def test_limiter_matches_the_oracle(
    events: list[tuple[float, str, str]], free: int, base: float, cap: float, forget: float
) -> None:
    cap = max(cap, base)
    now = [0.0]
    lim = LoginLimiter(free=free, base=base, cap=cap, forget=forget, clock=lambda: now[0])
    history: dict[str, list[tuple[float, str]]] = {"a": [], "b": []}
    for gap, key, what in events:
        now[0] += gap
        if what == "fail":
            lim.failed([key])
            history[key].append((now[0], "fail"))
        elif what == "ok":
            lim.succeeded(key)
            history[key].append((now[0], "ok"))
        for k in ("a", "b"):
            expected = oracle_limits.retry_after(
                history[k], now[0], free=free, base=base, cap=cap, forget=forget
            )
            assert lim.retry_after([k]) == expected, (k, history[k], now[0])
        assert lim.retry_after(["a", "b"]) == max(lim.retry_after(["a"]), lim.retry_after(["b"]))


# --- the command line: secrets and hosts -----------------------------------------------------
def run_accord(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> Any:
    base = {"COLUMNS": "160", "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "accord", *args],
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
        env={**base, **(env or {})},
    )
    assert "Traceback" not in proc.stderr
    return proc


def test_serve_refuses_secrets_on_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    r = run_accord("serve", "--token", "s3cret", "--db", db)
    assert r.returncode == 2
    assert "the token on the command line is visible" in r.stderr
    assert "ACCORD_TOKEN" in r.stderr and "--token-file" in r.stderr
    r = run_accord("serve", "--db", "postgresql://u:pw@127.0.0.1:1/db")
    assert r.returncode == 2 and "ACCORD_DATABASE_URL" in r.stderr
    assert "--database-url-file" in r.stderr
    r = run_accord("serve", "--db", "postgresql://127.0.0.1:1/db?password=pw")
    assert r.returncode == 2 and "a database password on the command line" in r.stderr


def test_serve_off_loopback_needs_accounts_or_a_token(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    r = run_accord("serve", "--host", "0.0.0.0", "--db", db)
    assert r.returncode == 2 and "without accounts or a token" in r.stderr
    assert "accord users add" in r.stderr
    # with a token, or with accounts, the checks pass (the port is taken, so it stops there)
    from accord.cli import serve as serve_module
    from accord.cli.common import UsageProblem

    token_file = tmp_path / "token"
    token_file.write_text("from-a-file\n")
    token_file.chmod(0o600)
    seen: dict[str, Any] = {}

    def fake_run(app: Any, **kw: Any) -> None:
        seen.update(kw, mode=app.state.access_mode, token=app.state.token)

    mp = pytest.MonkeyPatch()
    try:
        import uvicorn

        mp.setattr(uvicorn, "run", fake_run)
        mp.delenv("ACCORD_TOKEN", raising=False)
        serve_module.serve_command(host="0.0.0.0", port=8000, db=db, token_file=token_file)
        assert seen["mode"] == "token" and seen["token"] == "from-a-file"
        mp.setenv("ACCORD_TOKEN", "from-the-env")
        serve_module.serve_command(host="0.0.0.0", port=8000, db=db)
        assert seen["token"] == "from-the-env"
        Store(db).accounts.add("ada", PASSWORD, "admin")
        with pytest.raises(UsageProblem, match="a token was given"):
            serve_module.serve_command(host="0.0.0.0", port=8000, db=db)
        mp.delenv("ACCORD_TOKEN")
        serve_module.serve_command(host="0.0.0.0", port=8000, db=db)
        assert seen["mode"] == "accounts" and seen["host"] == "0.0.0.0"
        url_file = tmp_path / "url"
        url_file.write_text(f"sqlite:///{db}\n")
        serve_module.serve_command(host="127.0.0.1", port=8000, database_url_file=url_file)
        assert seen["mode"] == "accounts"
        mp.setenv("ACCORD_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
        serve_module.serve_command(host="127.0.0.1", port=8000)
        assert seen["mode"] == "open"  # the other, empty, database
    finally:
        mp.undo()


def test_accord_users(tmp_path: Path) -> None:
    db = str(tmp_path / "u.db")
    r = run_accord("users", "add", "ada", "--role", "admin", "--db", db)
    assert r.returncode == 2 and "no password for 'ada'" in r.stderr
    assert "ACCORD_PASSWORD" in r.stderr and "--password-file" in r.stderr
    r = run_accord(
        "users", "add", "ada", "--role", "admin", "--db", db, env={"ACCORD_PASSWORD": PASSWORD}
    )
    assert r.returncode == 0 and "added ada (admin)" in r.stdout
    pw = tmp_path / "pw"
    pw.write_text("battery staple\n")
    pw.chmod(0o600)
    r = run_accord(
        "users", "add", "eda", "--role", "editor", "--password-file", str(pw), "--db", db
    )
    assert r.returncode == 0, r.stderr
    r = run_accord("users", "add", "vic", "--password-file", "-", "--db", db, stdin="viewer pass\n")
    assert r.returncode == 0 and "added vic (viewer)" in r.stdout
    r = run_accord("users", "add", "bad name", "--db", db, env={"ACCORD_PASSWORD": PASSWORD})
    assert r.returncode == 2 and "a user name is 1 to 64" in r.stderr
    r = run_accord("users", "list", "--json", "--db", db)
    import json

    assert [(u["name"], u["role"]) for u in json.loads(r.stdout)] == [
        ("ada", "admin"),
        ("eda", "editor"),
        ("vic", "viewer"),
    ]
    assert "password" not in r.stdout.replace("password_changed", "")
    store = Store(db)
    assert store.accounts.verify("eda", "battery staple") is not None
    assert store.accounts.verify("vic", "viewer pass") is not None
    secret, _ = store.accounts.start_session("eda", timedelta(hours=1))
    r = run_accord("users", "passwd", "eda", "--db", db, env={"ACCORD_PASSWORD": "fresh horse"})
    assert r.returncode == 0 and "1 session(s) ended" in r.stdout
    assert store.accounts.session(secret) is None
    assert store.accounts.verify("eda", "fresh horse") is not None
    r = run_accord("users", "role", "vic", "editor", "--db", db)
    assert r.returncode == 0 and store.accounts.user("vic").role == "editor"
    r = run_accord("users", "remove", "ada", "--db", db)
    assert r.returncode == 2 and "last admin" in r.stderr
    r = run_accord("users", "remove", "vic", "--db", db)
    assert r.returncode == 0 and [u.name for u in store.accounts.users()] == ["ada", "eda"]
    r = run_accord("users", "passwd", "ghost", "--db", db, env={"ACCORD_PASSWORD": "whatever1"})
    assert r.returncode == 2 and "no user 'ghost'" in r.stderr
    r = run_accord("users", "list", "--db", "postgresql://u:pw@127.0.0.1:1/db")
    assert r.returncode == 2 and "ACCORD_DATABASE_URL" in r.stderr
    store.close()
    assert os.environ.get("ACCORD_PASSWORD") is None  # nothing leaked into this process


def test_admin_manages_users_on_the_users_page(store: Store) -> None:
    c = browser(create_app(store))
    assert sign_in_page(c, name="ada", password=PASSWORD).status_code == 303
    page = c.get(f"/s/{SID}/edit").text
    assert 'href="/users"' in page and "saving as <strong>ada</strong>" in page
    assert 'name="author"' not in c.get("/").text  # the author is the account
    assert "vic" in c.get("/users").text
    r = c.post("/users", data={"name": "new", "password": "long enough", "role": "editor"})
    assert r.status_code == 200 and "added new" in r.text
    assert store.accounts.user("new").role == "editor"
    r = c.post("/users", data={"name": "new", "password": "long enough", "role": "editor"})
    assert r.status_code == 400 and "already exists" in r.text
    r = c.post("/users/new/role", data={"role": "viewer"})
    assert r.status_code == 200 and store.accounts.user("new").role == "viewer"
    secret, _ = store.accounts.start_session("new", timedelta(hours=1))
    r = c.post("/users/new/password", data={"password": "another one"})
    assert r.status_code == 200 and store.accounts.session(secret) is None
    assert store.accounts.verify("new", "another one") is not None
    r = c.post("/users/ghost/remove")
    assert r.status_code == 404 and "no user &#39;ghost&#39;" in r.text
    assert c.post("/users/new/remove").status_code == 200
    assert [u.name for u in store.accounts.users()] == ["ada", "eda", "vic"]
    viewer = browser(c.app)
    sign_in_page(viewer, name="vic", password=PASSWORD)
    assert 'href="/users"' not in viewer.get("/").text
    r = viewer.get("/users")
    assert r.status_code == 403 and "needs the admin role" in r.text
