"""The database tables, as SQLAlchemy 2 typed ORM classes.

Changing anything here needs a new migration in ``migrations/versions/`` (the store runs
them on open; it never creates tables from these classes directly).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Ids are the model's (at most 64 characters); authors and kinds are short labels.
ID_LENGTH = 64
AUTHOR_LENGTH = 200
KIND_LENGTH = 40
#: Account names are short labels; a session is known by the SHA-256 (hex) of its secret.
USER_LENGTH = 64
SESSION_ID_LENGTH = 64
#: Roles, from least to most allowed (each can do what the ones before it can).
ROLES = ("viewer", "editor", "admin")

# Named constraints, so that later migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def now() -> datetime:
    """The current time in UTC, timezone-aware: every time the store writes is UTC, so versions
    saved from different machines order and compare correctly.

    Example:
        >>> now().tzinfo
        datetime.timezone.utc
    """
    return datetime.now(UTC)


def utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """The declarative base of every table: names constraints by one convention (so later
    migrations can refer to them on SQLite and PostgreSQL alike), stores datetimes with their
    timezone and JSON-like dicts as JSON.
    """

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
    }


class ScenarioRow(Base):
    """A scenario: its id (the scenario file's ``id``), when it was created and by whom. Its
    content lives in its versions.
    """

    __tablename__ = "scenarios"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    created: Mapped[datetime]
    author: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))  # who created it


class VersionRow(Base):
    """One saved version of a scenario: its number (1, 2, ... per scenario), the full YAML text,
    the title read from it (so a list of scenarios need not parse texts), author, time, note
    and, for a restore, the number of the version it copies.
    """

    __tablename__ = "versions"
    __table_args__ = (
        # The conflict rule rests on this: two saves on the same base both insert
        # number = base + 1, and the database lets exactly one of them commit.
        UniqueConstraint("scenario_id", "number", name="uq_versions_scenario_number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(
        ForeignKey("scenarios.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))
    created: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")
    restored_from: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text)


class ConflictRow(Base):
    """A save refused because its base was no longer the latest: kept, never lost."""

    __tablename__ = "conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(
        ForeignKey("scenarios.id", ondelete="CASCADE"), index=True
    )
    base: Mapped[int]
    author: Mapped[str] = mapped_column(String(AUTHOR_LENGTH))
    created: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)


class RunRow(Base):
    """A forecast or simulation of one version, with its parameters, progress and result."""

    __tablename__ = "runs"
    __table_args__ = (
        ForeignKeyConstraint(
            ["scenario_id", "version"],
            ["versions.scenario_id", "versions.number"],
            ondelete="CASCADE",
            name="fk_runs_version",
        ),
        CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed', 'interrupted')", name="status_known"
        ),
        CheckConstraint("progress >= 0 AND progress <= 1", name="progress_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(KIND_LENGTH))
    params: Mapped[dict[str, Any]]
    seed: Mapped[int | None] = mapped_column(BigInteger)
    # who started it; runs stored before accounts existed were started by "anonymous"
    author: Mapped[str] = mapped_column(String(AUTHOR_LENGTH), server_default="anonymous")
    status: Mapped[str] = mapped_column(String(16))
    progress: Mapped[float]
    created: Mapped[datetime]
    finished: Mapped[datetime | None]
    result: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(Text)


class UserRow(Base):
    """An account of ``accord serve``: a name, a role and an Argon2id hash of its password."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="role_known"),)

    name: Mapped[str] = mapped_column(String(USER_LENGTH), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime]
    password_changed: Mapped[datetime]


class SessionRow(Base):
    """A signed-in browser or API client. ``id`` is the SHA-256 of the secret the client
    holds, so a copy of the database does not hand out live sessions; ``user_name`` is None
    for a session of the single-token mode."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(SESSION_ID_LENGTH), primary_key=True)
    user_name: Mapped[str | None] = mapped_column(
        ForeignKey("users.name", ondelete="CASCADE"), index=True
    )
    created: Mapped[datetime]
    expires: Mapped[datetime] = mapped_column(index=True)
