"""Accounts in the store: users, roles, Argon2id passwords, server-side sessions.

Runs on SQLite, and on PostgreSQL too when ACCORD_TEST_POSTGRES holds a URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, text

from accord.store import NotFound, Store, StoreError
from accord.store.tables import SessionRow, UserRow
from store_support import BUILTIN, SCENARIO_ID, backends, fresh_url

#: Cheap parameters: the tests check behaviour, not the cost.
QUICK = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
HOUR = timedelta(hours=1)


@pytest.fixture(params=backends())
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with fresh_url(request.param, tmp_path) as url:
        s = Store(url)
        s.accounts.hasher = QUICK
        try:
            yield s
        finally:
            s.close()


def stored_hash(store: Store, name: str) -> str:
    with store._sessions() as s:
        return s.scalars(select(UserRow.password_hash).where(UserRow.name == name)).one()


def test_add_list_and_remove(store: Store) -> None:
    acc = store.accounts
    assert acc.count() == 0 and acc.users() == []
    ann = acc.add("ann", "correct horse", "admin")
    acc.add("bob.k@x", "battery staple", "viewer")
    assert (ann.name, ann.role) == ("ann", "admin")
    assert [(u.name, u.role) for u in acc.users()] == [("ann", "admin"), ("bob.k@x", "viewer")]
    assert acc.count() == 2
    assert acc.user("ann") == ann
    acc.remove("bob.k@x")
    assert [u.name for u in acc.users()] == ["ann"]
    with pytest.raises(NotFound, match=r"no user 'bob\.k@x'"):
        acc.remove("bob.k@x")
    with pytest.raises(NotFound):
        acc.user("zed")


def test_password_is_stored_as_an_argon2id_hash(store: Store) -> None:
    store.accounts.add("ann", "correct horse", "editor")
    hashed = stored_hash(store, "ann")
    assert hashed.startswith("$argon2id$") and "correct horse" not in hashed
    # the same password for another user gets another salt
    store.accounts.add("bob", "correct horse", "editor")
    assert stored_hash(store, "bob") != hashed


def test_verify(store: Store) -> None:
    acc = store.accounts
    acc.add("ann", "correct horse", "editor")
    user = acc.verify("ann", "correct horse")
    assert user is not None and user.name == "ann" and user.role == "editor"
    assert acc.verify("ann", "correct horsE") is None
    assert acc.verify("ann", "") is None
    assert acc.verify("nobody", "correct horse") is None
    assert acc.verify("bad name!", "correct horse") is None
    assert acc.verify("ann", "x" * 5000) is None


def test_hash_with_old_parameters_is_replaced_at_sign_in(store: Store) -> None:
    acc = store.accounts
    acc.add("ann", "correct horse", "editor")
    old = stored_hash(store, "ann")
    acc.hasher = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    assert acc.verify("ann", "wrong horse") is None
    assert stored_hash(store, "ann") == old  # a failed sign-in changes nothing
    assert acc.verify("ann", "correct horse") is not None
    new = stored_hash(store, "ann")
    assert new != old and "t=2" in new and "m=16" in new
    assert acc.verify("ann", "correct horse") is not None


@pytest.mark.parametrize(
    ("name", "password", "role", "message"),
    [
        ("", "correct horse", "viewer", "a user name is 1 to 64"),
        ("a b", "correct horse", "viewer", "a user name is 1 to 64"),
        ("-ann", "correct horse", "viewer", "a user name is 1 to 64"),
        ("a" * 65, "correct horse", "viewer", "a user name is 1 to 64"),
        ("<script>", "correct horse", "viewer", "a user name is 1 to 64"),
        ("Anonymous", "correct horse", "viewer", "reserved"),
        ("ann", "short", "viewer", "at least 8 characters"),
        ("ann", "p" * 1025, "viewer", "at most 1024"),
        ("annette1", "ANNETTE1", "viewer", "cannot be the user name"),
        ("ann", "correct horse", "owner", "unknown role 'owner'; roles: viewer, editor, admin"),
    ],
)
def test_bad_users_are_refused(
    store: Store, name: str, password: str, role: str, message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        store.accounts.add(name, password, role)
    assert store.accounts.count() == 0


def test_names_are_unique(store: Store) -> None:
    store.accounts.add("ann", "correct horse", "viewer")
    with pytest.raises(StoreError, match="a user 'ann' already exists"):
        store.accounts.add("ann", "battery staple", "admin")
    assert store.accounts.user("ann").role == "viewer"


def test_the_last_admin_stays(store: Store) -> None:
    acc = store.accounts
    acc.add("ann", "correct horse", "admin")
    acc.add("bob", "battery staple", "editor")
    with pytest.raises(StoreError, match="'ann' is the last admin"):
        acc.remove("ann")
    with pytest.raises(StoreError, match="'ann' is the last admin"):
        acc.set_role("ann", "viewer")
    assert acc.set_role("bob", "admin").role == "admin"
    assert acc.set_role("ann", "viewer").role == "viewer"
    acc.remove("ann")
    acc.remove("bob")  # the last user of all may go: no one is left to manage
    assert acc.count() == 0


def test_sessions_live_until_they_expire(store: Store) -> None:
    acc = store.accounts
    acc.add("ann", "correct horse", "editor")
    secret, info = acc.start_session("ann", HOUR)
    assert len(secret) >= 43 and info.user is not None and info.user.name == "ann"
    assert info.expires - info.created == HOUR
    # the database keeps a hash of the secret, never the secret
    with store._sessions() as s:
        ids = list(s.scalars(select(SessionRow.id)))
    assert ids == [info.key] and secret not in ids
    found = acc.session(secret)
    assert found is not None and found.key == info.key and found.user == info.user
    assert acc.session(secret, at=info.expires - timedelta(seconds=1)) is not None
    assert acc.session(secret, at=info.expires) is None
    assert acc.session(secret, at=info.expires + HOUR) is None
    assert acc.session("not-a-session") is None
    assert acc.session("") is None and acc.session("x" * 10_000) is None
    second, _ = acc.start_session("ann", HOUR)
    assert second != secret


def test_expired_sessions_are_swept(store: Store) -> None:
    acc = store.accounts
    acc.add("ann", "correct horse", "editor")
    acc.start_session("ann", timedelta(microseconds=1))
    acc.start_session("ann", HOUR)
    with store._sessions() as s:
        assert len(list(s.scalars(select(SessionRow.id)))) == 1


def test_sign_out_ends_one_session(store: Store) -> None:
    acc = store.accounts
    acc.add("ann", "correct horse", "editor")
    one, _ = acc.start_session("ann", HOUR)
    two, _ = acc.start_session("ann", HOUR)
    acc.end_session(one)
    assert acc.session(one) is None and acc.session(two) is not None
    acc.end_session(one)  # twice is harmless


def test_password_change_and_removal_end_sessions(store: Store) -> None:
    acc = store.accounts
    acc.add("ann", "correct horse", "editor")
    acc.add("bob", "battery staple", "admin")
    a1, _ = acc.start_session("ann", HOUR)
    a2, _ = acc.start_session("ann", HOUR)
    b1, _ = acc.start_session("bob", HOUR)
    assert acc.set_password("ann", "new horse staple") == 2
    assert acc.session(a1) is None and acc.session(a2) is None
    assert acc.session(b1) is not None
    assert acc.verify("ann", "correct horse") is None
    assert acc.verify("ann", "new horse staple") is not None
    a3, _ = acc.start_session("ann", HOUR)
    acc.remove("ann")
    assert acc.session(a3) is None
    with pytest.raises(NotFound):
        acc.set_password("ann", "whatever123")
    with pytest.raises(NotFound):
        acc.start_session("ann", HOUR)


def test_a_role_change_shows_in_live_sessions(store: Store) -> None:
    acc = store.accounts
    acc.add("ann", "correct horse", "admin")
    acc.add("bob", "battery staple", "viewer")
    secret, _ = acc.start_session("bob", HOUR)
    acc.set_role("bob", "editor")
    found = acc.session(secret)
    assert found is not None and found.user is not None and found.user.role == "editor"


def test_token_sessions_have_no_user(store: Store) -> None:
    acc = store.accounts
    acc.add("ann", "correct horse", "admin")
    t1, info = acc.start_session(None, HOUR)
    a1, _ = acc.start_session("ann", HOUR)
    assert info.user is None
    found = acc.session(t1)
    assert found is not None and found.user is None
    assert acc.end_sessions(None) == 1
    assert acc.session(t1) is None and acc.session(a1) is not None
    assert acc.end_sessions("ann") == 1
    with pytest.raises(StoreError, match="lifetime must be positive"):
        acc.start_session(None, timedelta(0))


def test_runs_record_their_author(store: Store) -> None:
    store.create_from_builtin(BUILTIN, author="ann")
    run = store.add_run(SCENARIO_ID, 1, "forecast", {"model": "median"}, 1, author="bob")
    assert run.author == "bob" and store.run(run.id).author == "bob"
    assert store.runs(SCENARIO_ID)[0].author == "bob"
    with pytest.raises(StoreError, match="an author is required"):
        store.add_run(SCENARIO_ID, 1, "forecast", {}, 1, author=" ")


def test_users_table_refuses_unknown_roles(store: Store) -> None:
    now = datetime.now(UTC)
    with store._engine.connect() as conn, pytest.raises(Exception):  # noqa: B017
        conn.execute(
            text(
                "INSERT INTO users (name, role, password_hash, created, password_changed)"
                " VALUES ('eve', 'owner', 'x', :t, :t)"
            ),
            {"t": now},
        )
        conn.commit()
