"""Alembic environment for accord's store.

Run by the store itself (which passes its open connection in ``config.attributes``), or
by the alembic command line (which connects to ``-x url=...`` or the default database).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from accord.store.db import WRITE, make_engine, normalise_url
from accord.store.tables import Base

config = context.config
#: Any fixed number: an advisory lock so that two processes opening a fresh PostgreSQL
#: database at once migrate one after the other (SQLite serialises them by BEGIN IMMEDIATE).
PG_LOCK = 0x0ACC0D


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_LOCK})")
        context.run_migrations()


def run_offline() -> None:
    url = context.get_x_argument(as_dictionary=True).get("url")
    context.configure(url=str(normalise_url(url)), target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    given = config.attributes.get("connection")
    if given is not None:
        run(given)
        return
    url = context.get_x_argument(as_dictionary=True).get("url")
    url = url or config.get_main_option("sqlalchemy.url")
    engine = make_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            run(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
