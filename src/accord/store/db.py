"""Connecting to the store's database: URLs, per-connection settings and migrations.

SQLite (the default, one file in the user's data directory) and PostgreSQL are supported.
On SQLite every connection runs in WAL mode with ``synchronous=FULL`` (a committed save
survives a crash of the process or the machine) and waits up to ``BUSY_SECONDS`` for a
lock instead of failing. Transactions that write begin with ``BEGIN IMMEDIATE``: they take
the write lock before reading, so the read of "the latest version" and the insert of the
next one cannot interleave with another writer's. Writers of one process also queue on a
lock of their own before asking SQLite: a writer SQLite makes wait polls (sleeping up to
100 ms between tries), so under a burst of saves a writer could sleep long after the lock
was free; the in-process queue hands it on at once. Other processes still wait through
SQLite's busy timeout.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import platformdirs
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, Row, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import Executable

from accord.store.errors import StoreError

#: How long a SQLite connection waits for another writer before giving up.
BUSY_SECONDS = 10.0
#: Execution option marking a connection whose transaction will write (see module doc).
WRITE = "accord_write"
#: Alembic's configuration, shipped inside the package next to ``migrations/``.
ALEMBIC_INI = Path(__file__).with_name("alembic.ini")


def default_url() -> str:
    """SQLite in the user's data directory (created if missing)."""
    folder = Path(platformdirs.user_data_dir("accord", appauthor=False))
    return f"sqlite:///{folder / 'accord.db'}"


def normalise_url(url: str | None) -> URL:
    """The URL to connect to: None -> the default file; a bare path -> SQLite at that path;
    ``postgresql://`` -> psycopg 3."""
    text = default_url() if url is None or not url.strip() else url.strip()
    if "://" not in text:  # a plain file path is friendlier on a command line
        text = f"sqlite:///{Path(text).expanduser().absolute()}"
    try:
        parsed = make_url(text)
    except ArgumentError:
        raise StoreError(f"not a database URL: '{text}'") from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        return parsed
    if backend != "sqlite":
        raise StoreError(f"unsupported database '{backend}': use sqlite:///FILE or postgresql://")
    if parsed.database in (None, "", ":memory:") or parsed.database.startswith("file::memory:"):
        # Each pooled connection would get its own empty database.
        raise StoreError("an in-memory SQLite database cannot be shared; give a file path")
    Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return parsed


def make_engine(url: URL) -> Engine:
    """An SQLAlchemy engine for ``url`` with the store's connection settings.

    PostgreSQL gets a ping before each pooled connection is reused (a server may have dropped
    it). SQLite gets WAL mode, ``synchronous=FULL``, foreign keys, a busy timeout of
    ``BUSY_SECONDS`` and ``BEGIN IMMEDIATE`` for writing transactions (see the module doc),
    and connections usable from any thread of the web server.

    Args:
        url: A URL from :func:`normalise_url`.
    """
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(
        url,
        # No ping before each use: a SQLite file has no server to drop a connection, and
        # the ping was one more query on every request of the web app.
        pool_pre_ping=False,
        # Sessions are short and per call, but the pool hands connections across threads.
        connect_args={"check_same_thread": False, "timeout": BUSY_SECONDS},
    )
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


#: The in-process queue of SQLite writers, one per engine (see the module doc).
_WRITERS: WeakKeyDictionary[Engine, threading.RLock] = WeakKeyDictionary()
_WRITERS_LOCK = threading.Lock()


def _writer_queue(sessions: sessionmaker[Session]) -> threading.RLock | None:
    engine = sessions.kw.get("bind")
    if not isinstance(engine, Engine) or engine.dialect.name != "sqlite":
        return None  # PostgreSQL queues writers on rows itself, without polling
    with _WRITERS_LOCK:
        lock = _WRITERS.get(engine)
        if lock is None:
            lock = _WRITERS[engine] = threading.RLock()
        return lock


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module (it would not BEGIN before a
    # SELECT, and cannot BEGIN IMMEDIATE); _sqlite_begin emits BEGIN instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
    finally:
        cursor.close()


def _sqlite_begin(conn: Any) -> None:
    write = conn.get_execution_options().get(WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def alembic_config(url: URL | None = None) -> Config:
    """Alembic's configuration for the store's migrations (``alembic.ini`` in the package).

    Args:
        url: The database to migrate, written into the configuration (password included,
            ``%`` escaped for the ini syntax); None when the caller hands Alembic a
            connection instead, as :func:`upgrade` does.

    Example:
        >>> alembic_config().get_main_option("script_location").endswith("migrations")
        True
    """
    config = Config(str(ALEMBIC_INI))
    if url is not None:
        # '%' is interpolation syntax in the ini file
        rendered = url.render_as_string(hide_password=False).replace("%", "%%")
        config.set_main_option("sqlalchemy.url", rendered)
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (creating it when empty), in one transaction."""
    config = alembic_config()
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database's schema is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    """The newest Alembic revision shipped with this version of accord: what opening a store
    migrates to.

    Example:
        >>> isinstance(head_revision(), str)
        True
    """
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def first_line(exc: BaseException) -> str:
    """The first line of a database error, for a one-line user-facing message."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__


@contextmanager
def reading(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A session for reads; a database error becomes a StoreError."""
    try:
        with sessions() as session:
            yield session
    except IntegrityError:
        raise
    except DBAPIError as exc:
        raise StoreError(f"database error: {first_line(exc)}") from exc


def first_row(sessions: sessionmaker[Session], statement: Executable) -> Row[Any] | None:
    """The first row of a plain query, without an ORM session: for the lookups every web
    request makes (its session, the latest version's number), where the ORM's bookkeeping
    cost three times the query. A database error becomes a StoreError, as in
    :func:`reading`."""
    engine = sessions.kw["bind"]
    try:
        with engine.connect() as conn:
            return conn.execute(statement).first()
    except DBAPIError as exc:
        raise StoreError(f"database error: {first_line(exc)}") from exc


@contextmanager
def writing(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction, committed on leaving the block, that takes the write lock first
    (see the module doc); IntegrityError is left to the caller (it is how a lost race
    shows), any other database error becomes a StoreError."""
    queue = _writer_queue(sessions)
    try:
        with queue or nullcontext(), sessions() as session, session.begin():
            session.connection(execution_options={WRITE: True})  # BEGIN IMMEDIATE
            yield session
    except IntegrityError:
        raise
    except DBAPIError as exc:
        raise StoreError(f"database error: {first_line(exc)}") from exc
