"""What every request asks the database, kept while the database has not changed.

Every request checks its session, and every page reads the latest version's number: two
queries a request, about a third of a warm page's CPU. Their answers change only when the
database does, so they are kept in memory, each with the database's change count read
*before* the query that produced it, and used only while that count is still the same.

The change count is SQLite's ``PRAGMA data_version`` on a connection of its own that never
writes: it moves whenever any other connection, of this process or another, commits (a
sign-out, a password change, a user removed or given another role, ``accord users passwd``
in a shell, a saved version, a run). So a kept answer is never used after a change that
could make it wrong: signing out and a password change still end sessions at once, in
every process. Reading the count is one call into SQLite (microseconds, no table read).

What it assumes: the store is an SQLite file (PostgreSQL has no such count: there nothing
is kept and every request asks the database, as before); and expiry is a matter of time,
not of a change, so a kept session is checked against its expiry on each use.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from accord.store import SessionInfo, Store
from accord.store.accounts import session_key

T = TypeVar("T")

#: Answers kept at most (sessions and version numbers): a bound on memory, not a policy.
MAX_KEPT = 4096


def sqlite_file(url: str) -> str | None:
    """The file of an SQLite URL (None for another database or an in-memory one)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite":
        return None
    path = parsed.database or ""
    if path in ("", ":memory:") or path.startswith("file:") or parsed.query.get("mode"):
        return None
    return path


class ChangeCount:
    """The database's change count (None: unknown, so nothing kept may be used)."""

    def __init__(self, url: str) -> None:
        path = sqlite_file(url)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        if path is not None:
            try:
                # timeout 0: the count is asked on the event loop; a busy database answers
                # "unknown" (the request then queries, in a worker thread) rather than wait
                self._conn = sqlite3.connect(path, timeout=0, check_same_thread=False)
                self._conn.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error:
                self._conn = None

    @property
    def watching(self) -> bool:
        """Whether the count can be read (an SQLite file opened); if not, nothing is ever kept."""
        return self._conn is not None

    def now(self) -> int | None:
        """The database's change count now, or None when it is unknown (not SQLite, or the
        database is busy: the caller then asks the database itself).
        """
        if self._conn is None:
            return None
        with self._lock:
            try:
                row = self._conn.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error:
                return None
        return int(row[0])

    def close(self) -> None:
        """Close the connection the count is read on; the count is unknown from then on."""
        if self._conn is not None:
            with self._lock:
                self._conn.close()
                self._conn = None


class Fresh:
    """The store's answers to the questions every request asks, kept while the database's
    change count stays the same (see the module doc)."""

    def __init__(self, store: Store, clock: Callable[[], datetime] | None = None) -> None:
        self.store = store
        self.count = ChangeCount(store.url)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self._kept: dict[Hashable, tuple[int, object]] = {}
        #: asked, and answered from memory (for the tests and the benchmarks)
        self.asked = 0
        self.kept_answers = 0

    def _cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        before = self.count.now()  # before the query: a change during it moves the count
        with self._lock:
            self.asked += 1
            found = self._kept.get(key)
            if before is not None and found is not None and found[0] == before:
                self.kept_answers += 1
                return found[1]  # type: ignore[return-value]
        value = compute()
        if before is not None:
            with self._lock:
                if len(self._kept) >= MAX_KEPT:
                    self._kept.clear()  # rare: refilled from the database as asked
                self._kept[key] = (before, value)
        return value

    def kept(self, key: Hashable) -> bool:
        """Whether an answer under ``key`` is kept and still good (the count unchanged)."""
        now = self.count.now()
        with self._lock:
            found = self._kept.get(key)
        return now is not None and found is not None and found[0] == now

    def session(self, secret: str) -> SessionInfo | None:
        """The store's ``accounts.session(secret)``: the live session, or None. A missing
        or ended session is not kept (the next request asks again), nor one past expiry."""
        if not isinstance(secret, str) or not secret:
            return None
        key = ("session", session_key(secret))
        found = self._cached(key, lambda: self.store.accounts.session(secret))
        if found is None:
            with self._lock:
                self._kept.pop(key, None)  # guessed secrets must not fill the memory
            return None
        return found if found.expires > self._clock() else None

    def version_number(self, sid: str, number: int | None = None) -> int:
        """The number of version ``number`` of ``sid`` (the latest when None); NotFound
        as the store's ``info`` says it."""
        return self._cached(("version", sid, number), lambda: self.store.info(sid, number).number)

    def close(self) -> None:
        """Stop watching the database (close the change count's connection); nothing kept is used
        after this.
        """
        self.count.close()
