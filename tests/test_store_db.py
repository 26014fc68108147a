"""The store's database: URLs, SQLite settings (WAL, synchronous FULL, foreign keys),
migrations (a fresh database is created at head, an old one upgraded) and packaging."""

from __future__ import annotations

import sqlite3
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from accord.store import Store, StoreError, default_url
from accord.store.db import (
    WRITE,
    alembic_config,
    current_revision,
    head_revision,
    normalise_url,
)
from accord.store.tables import Base
from store_support import BUILTIN, SCENARIO_ID, backends, fresh_url

ROOT = Path(__file__).resolve().parents[1]
TABLES = {"scenarios", "versions", "conflicts", "runs", "users", "sessions"}


@pytest.fixture(params=backends())
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_url(request.param, tmp_path) as u:
        yield u


def test_urls() -> None:
    pg = normalise_url("postgresql://u:secret@db.example:5432/accord")
    assert pg.drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u@h/d").drivername == "postgresql+psycopg"
    assert normalise_url("postgresql+psycopg://u@h/d").drivername == "postgresql+psycopg"
    with pytest.raises(StoreError, match="unsupported database 'mysql'"):
        normalise_url("mysql://u@h/d")
    with pytest.raises(StoreError, match="in-memory"):
        normalise_url("sqlite://")
    with pytest.raises(StoreError, match="in-memory"):
        normalise_url("sqlite:///:memory:")
    with pytest.raises(StoreError, match="not a database URL"):
        normalise_url("::://")


def test_plain_path_and_masked_repr(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "a.db"  # missing folders are made
    with Store(str(path)) as store:
        assert store.url == f"sqlite:///{path}"
        assert path.exists()
    # the password never shows in repr or str, only in .url
    from accord.store.api import Store as _Store

    fake = object.__new__(_Store)
    fake._url = normalise_url("postgresql://ann:hunter2@h/d")  # type: ignore[attr-defined]
    assert "hunter2" not in repr(fake) and "hunter2" not in str(fake)
    assert "***" in repr(fake)
    assert fake.url == "postgresql+psycopg://ann:hunter2@h/d"


def test_default_is_sqlite_in_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    expected = tmp_path / "data" / "accord" / "accord.db"
    assert default_url() == f"sqlite:///{expected}"
    with Store() as store:
        assert store.url == f"sqlite:///{expected}"
        store.create_from_builtin(BUILTIN, author="ann")
    assert expected.exists()


def test_sqlite_settings_on_every_connection(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(f"sqlite:///{path}") as store:
        engine = store._engine
        with engine.connect() as a, engine.connect() as b:  # two pooled connections
            for conn in (a, b):
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        store.create_from_builtin(BUILTIN, author="ann")
    # WAL is a property of the file: any other program sees it
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_sqlite_writes_take_the_lock_first(tmp_path: Path) -> None:
    # A write transaction begins with BEGIN IMMEDIATE: it holds the write lock before it
    # reads the latest version, so nobody else can write in between.
    with Store(f"sqlite:///{tmp_path / 'l.db'}") as store:
        engine = store._engine
        with engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                conn.exec_driver_sql("SELECT 1")
                other = sqlite3.connect(tmp_path / "l.db", timeout=0.1)
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
                other.close()


def test_store_writes_begin_immediate(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'w.db'}") as store:
        with store._write() as s:
            s.execute(text("SELECT 1"))
            other = sqlite3.connect(tmp_path / "w.db", timeout=0.1)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
        with store._read() as s:  # reads take no write lock
            s.execute(text("SELECT 1"))
            other = sqlite3.connect(tmp_path / "w.db", timeout=0.1)
            other.execute("BEGIN IMMEDIATE")
            other.rollback()
            other.close()


def test_foreign_keys_are_enforced(url: str) -> None:
    with Store(url) as store, store._engine.connect() as conn, pytest.raises(Exception):  # noqa: B017
        conn.execute(
            text(
                "INSERT INTO versions (scenario_id, number, title, author, created, note, text)"
                " VALUES ('missing', 1, 't', 'a', CURRENT_TIMESTAMP, '', 'x')"
            )
        )
        conn.commit()


def test_fresh_database_is_at_head(url: str) -> None:
    with Store(url) as store:
        assert current_revision(store._engine) == head_revision() == "0003"
        names = set(inspect(store._engine).get_table_names())
        assert names >= TABLES | {"alembic_version"}
        # the migrations build exactly the tables the ORM classes describe
        with store._engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_old_database_is_upgraded_and_data_kept(url: str) -> None:
    with Store(url) as store:
        store.create_from_builtin(BUILTIN, author="ann")
    with Store(url) as store:  # reopening: already at head, nothing lost
        assert store.get(SCENARIO_ID).info.author == "ann"
        # back to before the first revision, as a database older than the store would be
        with store._engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        assert TABLES.isdisjoint(inspect(store._engine).get_table_names())
        assert current_revision(store._engine) is None
    with Store(url) as store:  # opening upgrades it
        assert current_revision(store._engine) == "0003"
        assert store.scenarios() == []


def test_interrupted_status_migration_keeps_runs(url: str) -> None:
    # A database at 0001 (before "interrupted" existed) with a run left running: upgrading
    # keeps the run, the new status is accepted, an unknown one still refused.
    with Store(url) as store:
        store.create_from_builtin(BUILTIN, author="ann")
        run = store.add_run(SCENARIO_ID, 1, "forecast", {"model": "median"}, 1)
        store.update_run(run.id, status="running")
        with store._engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.downgrade(config, "0001")
        assert current_revision(store._engine) == "0001"
    with Store(url) as store:
        assert current_revision(store._engine) == "0003"
        assert store.run(run.id).status == "running"
        assert store.interrupt_runs("stopped") == [run.id]
        assert store.run(run.id).status == "interrupted"
        with store._engine.connect() as conn, pytest.raises(Exception):  # noqa: B017
            conn.execute(text(f"UPDATE runs SET status = 'bogus' WHERE id = {run.id}"))
            conn.commit()
        # downgrading turns interrupted runs into failed ones, which 0001 allows
        with store._engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.downgrade(config, "0001")
        # read as 0001 has it (the ORM now expects the runs' author column of 0003)
        with store._engine.connect() as conn:
            status = conn.execute(text(f"SELECT status FROM runs WHERE id = {run.id}")).scalar()
        assert status == "failed"


def test_accounts_migration_keeps_runs_as_anonymous(url: str) -> None:
    # A database at 0002 (before accounts) with a run: upgrading gives the run the author
    # "anonymous" (what the pages said of it), adds the users and sessions tables, and
    # downgrading removes them again with the runs kept.
    with Store(url) as store:
        store.create_from_builtin(BUILTIN, author="ann")
        run = store.add_run(SCENARIO_ID, 1, "forecast", {"model": "median"}, 1, author="bob")
        with store._engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.downgrade(config, "0002")
        names = set(inspect(store._engine).get_table_names())
        assert "users" not in names and "sessions" not in names
        columns = {c["name"] for c in inspect(store._engine).get_columns("runs")}
        assert "author" not in columns
    with Store(url) as store:
        assert current_revision(store._engine) == "0003"
        assert store.run(run.id).author == "anonymous"
        assert store.accounts.count() == 0


def test_alembic_history_has_the_initial_revision() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    revisions = list(script.walk_revisions())
    assert revisions[-1].revision == "0001"
    assert revisions[-1].down_revision is None
    assert script.get_heads() == [head_revision()]


def test_migrations_are_package_data() -> None:
    folder = resources.files("accord.store")
    assert (folder / "alembic.ini").is_file()
    assert (folder / "migrations" / "env.py").is_file()
    assert (folder / "migrations" / "script.py.mako").is_file()
    assert (folder / "migrations" / "versions" / "0001_initial_schema.py").is_file()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    data = pyproject["tool"]["setuptools"]["package-data"]["accord.store"]
    assert {"migrations/*", "migrations/versions/*", "alembic.ini"} <= set(data)
    # the store comes with the web extra; PostgreSQL's driver with the postgres extra
    extras = pyproject["project"]["optional-dependencies"]
    web, postgres = " ".join(extras["web"]), " ".join(extras["postgres"])
    for dep in ("sqlalchemy", "alembic", "platformdirs"):
        assert dep in web
    assert "psycopg[binary]" in postgres


def test_unreachable_database_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "not-a-db").write_text("this is not SQLite\n" * 100)
    with pytest.raises(StoreError, match="cannot open the database"):
        Store(f"sqlite:///{tmp_path / 'not-a-db'}")
    with pytest.raises(StoreError, match="cannot open the database"):
        Store("postgresql://nobody:pw@127.0.0.1:1/none?connect_timeout=2")
