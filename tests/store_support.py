"""Shared by the store tests: fresh databases (SQLite, and PostgreSQL when
ACCORD_TEST_POSTGRES is set) and distinct valid scenario texts.

``source .ci/postgres`` sets ACCORD_TEST_POSTGRES on a Debian machine.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from accord.data import scenario_text

#: The built-in the tests edit: the smaller one, so that saves (which validate) are quick.
BUILTIN = "uaw-detroit-2023"
SCENARIO_ID = BUILTIN
POSTGRES_ENV = "ACCORD_TEST_POSTGRES"


def backends() -> list[Any]:
    """The backends to parametrise over: SQLite, and PostgreSQL, which shows as skipped (with
    the reason) when ACCORD_TEST_POSTGRES is not set."""
    import pytest  # here: store_worker.py, a process of its own, imports this module too

    postgres = pytest.param(
        "postgres",
        id="postgres",
        marks=pytest.mark.skipif(
            not os.environ.get(POSTGRES_ENV),
            reason=f"{POSTGRES_ENV} is not set (`source .ci/postgres` starts a local server)",
        ),
    )
    return ["sqlite", postgres]


@cache
def base_text() -> str:
    return scenario_text(BUILTIN)


def text_for(tag: object) -> str:
    """A valid scenario text, the same for the same tag and different for different tags."""
    text, n = re.subn(
        r"^title: .*$", f"title: UAW talks, edit {tag}", base_text(), count=1, flags=re.M
    )
    assert n == 1
    return text


@contextmanager
def fresh_url(backend: str, folder: Path) -> Iterator[str]:
    """A URL to an empty database, removed afterwards (PostgreSQL: a schema of its own)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'store.db'}"
        return
    import psycopg

    server = os.environ[POSTGRES_ENV]
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in server else "?"
    try:
        # libpq's options: every connection of the store works in the test's own schema.
        yield f"{server}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
