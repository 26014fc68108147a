"""What the web app keeps between requests (the session check, the versions' numbers, the
overview page) is never used after a change that could make it wrong: signing out, a
password change, a new role, a removed user, a saved version, from this process or another.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.web_support import BASE, SID, BrowserClient, browser

from accord.store import Store, StoreError
from accord.web.access import COOKIE
from accord.web.app import create_app
from accord.web.fresh import ChangeCount, Fresh, sqlite_file

QUICK = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse"
META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path / 'team.db'}")
    s.accounts.hasher = QUICK
    s.create_from_builtin(SID, author="tester")
    for name, role in (("vic", "viewer"), ("eda", "editor"), ("ada", "admin")):
        s.accounts.add(name, PASSWORD, role)
    yield s
    s.close()


def elsewhere(url: str, code: str) -> None:
    """Run ``code`` (with ``s``, a Store of ``url``) in another process, as ``accord users``
    run in a shell would."""
    program = f"from accord.store import Store\ns = Store({url!r})\n{code}\ns.close()\n"
    subprocess.run([sys.executable, "-c", program], check=True, timeout=120)


def api(app: FastAPI) -> TestClient:
    return TestClient(app, base_url=BASE, raise_server_exceptions=False)


def signed_in(app: FastAPI, name: str) -> BrowserClient:
    c = browser(app)
    r = c.post("/login", data={"name": name, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303
    return c


def test_a_second_request_is_answered_from_memory(store: Store) -> None:
    app = create_app(store)
    fresh: Fresh = app.state.services.fresh
    assert fresh.count.watching
    c = signed_in(app, "vic")
    c.get("/api/scenarios")
    before = fresh.kept_answers
    for _ in range(3):
        assert c.get("/api/scenarios").status_code == 200
    assert fresh.kept_answers - before == 3  # the session check, each time


def test_sign_out_ends_a_kept_session_at_once(store: Store) -> None:
    app = create_app(store)
    c = signed_in(app, "eda")
    secret = c.cookies[COOKIE]
    for _ in range(2):
        assert "eda (editor)" in c.get(f"/s/{SID}").text
    assert c.post("/logout", follow_redirects=False).status_code == 303
    stale = browser(app)
    stale.cookies.set(COOKIE, secret)
    assert stale.get("/api/scenarios").status_code == 401
    assert stale.get(f"/s/{SID}", follow_redirects=False).headers["location"] == "/login"


@pytest.mark.parametrize(
    ("change", "then"),
    [
        ("s.accounts.end_sessions('eda')", 401),  # accord users logout, in a shell
        ("s.accounts.set_password('eda', 'another horse')", 401),  # accord users passwd
        ("s.accounts.remove('eda')", 401),
        ("s.accounts.set_role('eda', 'viewer')", 403),  # the restore needs an editor
    ],
)
def test_a_change_from_another_process_applies_at_once(
    store: Store, change: str, then: int
) -> None:
    app = create_app(store)
    secret, _ = store.accounts.start_session("eda", timedelta(hours=1))
    h = {"Authorization": f"Bearer {secret}"}
    c = api(app)
    for _ in range(3):  # the session is kept now
        assert c.get("/api/scenarios", headers=h).status_code == 200
    assert app.state.services.fresh.kept(("session", _key(secret)))
    elsewhere(store.url, change)
    r = c.post(f"/api/scenarios/{SID}/versions/1/restore", json={}, headers=h)
    assert r.status_code == then, r.text


def _key(secret: str) -> str:
    from accord.store.accounts import session_key

    return session_key(secret)


def test_a_kept_session_still_expires(store: Store) -> None:
    now = [datetime.now(UTC)]
    fresh = Fresh(store, clock=lambda: now[0])
    secret, info = store.accounts.start_session("vic", timedelta(minutes=5))
    assert fresh.session(secret) == info
    assert fresh.session(secret) == info and fresh.kept_answers == 1
    now[0] = info.expires + timedelta(seconds=1)
    assert fresh.session(secret) is None


def test_unknown_secrets_are_not_kept(store: Store) -> None:
    fresh = Fresh(store)
    for k in range(50):
        assert fresh.session(f"guess-{k}") is None
    assert fresh.kept_answers == 0 and not fresh._kept


def test_a_saved_version_moves_the_latest_number(store: Store) -> None:
    fresh = Fresh(store)
    assert fresh.version_number(SID) == 1
    assert fresh.version_number(SID) == 1 and fresh.kept_answers == 1
    text = store.get(SID).text
    other = Store(store.url)  # another connection, as another process's would be
    other.save(SID, text + "\n# v2\n", base=1, author="elsewhere")
    other.close()
    assert fresh.version_number(SID) == 2


def test_without_an_sqlite_file_nothing_is_kept(store: Store) -> None:
    assert sqlite_file("sqlite:///:memory:") is None
    assert sqlite_file("postgresql://u@h/db") is None
    assert sqlite_file(store.url) is not None and Path(sqlite_file(store.url) or "").exists()
    fresh = Fresh(store)
    fresh.count = ChangeCount("postgresql://u@h/db")  # what PostgreSQL gets: no count
    assert not fresh.count.watching
    assert [fresh.version_number(SID) for _ in range(3)] == [1, 1, 1]
    secret, _ = store.accounts.start_session("vic", timedelta(hours=1))
    assert [fresh.session(secret) is not None for _ in range(3)] == [True] * 3
    assert fresh.kept_answers == 0 and fresh.asked == 6


# --- the overview page, drawn once per version and reader ---------------------------------
def test_the_kept_page_follows_versions_roles_and_sign_out(store: Store) -> None:
    app = create_app(store)
    admin = {"Authorization": f"Bearer {store.accounts.start_session('ada', timedelta(1))[0]}"}
    eda = signed_in(app, "eda")
    vic = signed_in(app, "vic")
    page_e = eda.get(f"/s/{SID}").text
    page_v = vic.get(f"/s/{SID}").text
    assert "eda (editor)" in page_e and "vic (viewer)" in page_v
    # each reader's own CSRF token, which their state changes are checked against
    token_e, token_v = META.search(page_e), META.search(page_v)
    assert token_e and token_v and token_e.group(1) != token_v.group(1)
    assert "csrf-slot-" not in page_e + page_v
    assert eda.get(f"/s/{SID}").text == page_e
    # a new version: the page says it and the old version's page says it is old
    text = store.get(SID).text
    r = eda.post(
        f"/api/scenarios/{SID}/versions",
        json={"text": text + "\n# v2\n", "base": 1, "author": "eda"},
        headers={"X-CSRF-Token": token_e.group(1)},
    )
    assert r.status_code == 201, r.text
    newest = eda.get(f"/s/{SID}").text
    assert "old-version" not in newest and newest != page_e
    old = eda.get(f"/s/{SID}?version=1").text
    assert "Viewing version 1 of 2" in old
    # a new role shows at once on the same (kept) page
    r = api(app).post("/api/users/eda/role", json={"role": "viewer"}, headers=admin)
    assert r.status_code == 200
    assert "eda (viewer)" in eda.get(f"/s/{SID}").text
    # signed out: the page is not served from memory, the sign-in form is
    eda.post("/logout", follow_redirects=False)
    r = eda.get(f"/s/{SID}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"


# --- the kept session check against the store's own, on random histories ------------------
ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["sign in", "sign out", "passwd", "role", "remove", "add", "ask"]),
        st.sampled_from(["vic", "eda", "ada"]),
        st.integers(0, 5),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=15, deadline=None)
@given(ACTIONS)
def test_kept_answers_match_the_store(
    tmp_path_factory: pytest.TempPathFactory, actions: list[tuple[str, str, int]]
) -> None:
    # The oracle: the store's own lookup, a query every time. Another Store on the same
    # file makes the changes, as another process would.
    path = tmp_path_factory.mktemp("fresh") / "f.db"
    with Store(f"sqlite:///{path}") as s, Store(f"sqlite:///{path}") as other:
        s.accounts.hasher = other.accounts.hasher = QUICK
        fresh = Fresh(s)
        secrets: list[str] = []
        for what, name, k in actions:
            users = {u.name for u in other.accounts.users()}
            role = ("viewer", "editor", "admin")[k % 3]
            try:
                if what == "sign in" and name in users:
                    secrets.append(other.accounts.start_session(name, timedelta(hours=1))[0])
                elif what == "sign out" and secrets:
                    other.accounts.end_session(secrets[k % len(secrets)])
                elif what == "passwd" and name in users:
                    other.accounts.set_password(name, "another horse")
                elif what == "role" and name in users:
                    other.accounts.set_role(name, role)
                elif what == "remove" and name in users:
                    other.accounts.remove(name)
                elif what == "add" and name not in users:
                    other.accounts.add(name, PASSWORD, role)
            except StoreError:  # the last admin stays: refused, nothing changed
                pass
            for secret in secrets:  # every session, asked twice: the second may be kept
                assert fresh.session(secret) == s.accounts.session(secret)
                assert fresh.session(secret) == s.accounts.session(secret)
        fresh.close()
