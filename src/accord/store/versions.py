"""Scenario versions and refused saves, as queries on one session (the Store opens them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session, defer

from accord.store.errors import NotFound, StoreError
from accord.store.records import ConflictInfo, ScenarioInfo, VersionInfo
from accord.store.tables import AUTHOR_LENGTH, ConflictRow, ScenarioRow, VersionRow, utc


def check_author(author: str) -> str:
    if not isinstance(author, str) or not author.strip():
        raise StoreError("an author is required")
    author = author.strip()
    if len(author) > AUTHOR_LENGTH:
        raise StoreError(f"the author name is longer than {AUTHOR_LENGTH} characters")
    return author


def check_note(note: str) -> str:
    if not isinstance(note, str):
        raise StoreError("a note must be text")
    return note.strip()


def version_info(row: VersionRow | Row[Any]) -> VersionInfo:
    """The VersionInfo of a stored version, or of a row of :func:`info_query` (the same
    names, without the text)."""
    return VersionInfo(
        scenario_id=row.scenario_id,
        number=row.number,
        author=row.author,
        created=utc(row.created),
        note=row.note,
        restored_from=row.restored_from,
    )


#: What :func:`info_query` reads of a version: all but its text.
INFO_COLUMNS = (
    VersionRow.scenario_id,
    VersionRow.number,
    VersionRow.author,
    VersionRow.created,
    VersionRow.note,
    VersionRow.restored_from,
)


def info_query(
    scenario_id: str, number: int | None
) -> Select[str, int, str, datetime, str, int | None]:
    """The query of one version's :class:`VersionInfo` (the newest when ``number`` is
    None), without its text; no row when there is no such version."""
    query = select(*INFO_COLUMNS).where(VersionRow.scenario_id == scenario_id)
    if number is None:
        return query.order_by(VersionRow.number.desc()).limit(1)
    return query.where(VersionRow.number == number)


def conflict_info(row: ConflictRow) -> ConflictInfo:
    return ConflictInfo(
        id=row.id,
        scenario_id=row.scenario_id,
        base=row.base,
        author=row.author,
        created=utc(row.created),
        note=row.note,
        text=row.text,
    )


def require_scenario(session: Session, scenario_id: str) -> ScenarioRow:
    row = session.get(ScenarioRow, scenario_id) if isinstance(scenario_id, str) else None
    if row is None:
        raise NotFound(f"no scenario '{scenario_id}'")
    return row


def latest(session: Session, scenario_id: str) -> VersionRow:
    return newest(session, scenario_id, text=True)


def newest(session: Session, scenario_id: str, *, text: bool) -> VersionRow:
    """The newest version's row; ``text=False`` leaves its text unread (a whole scenario,
    hundreds of kilobytes, when only the number or author is wanted)."""
    query = (
        select(VersionRow)
        .where(VersionRow.scenario_id == scenario_id)
        .order_by(VersionRow.number.desc())
        .limit(1)
    )
    row = session.scalars(query if text else query.options(defer(VersionRow.text))).first()
    if row is None:
        # one query when the scenario exists (pages ask on every request); else why not
        require_scenario(session, scenario_id)
        raise NotFound(f"scenario '{scenario_id}' has no versions")  # pragma: no cover
    return row


def version(
    session: Session, scenario_id: str, number: int | None, *, text: bool = True
) -> VersionRow:
    """One version's row (the newest when ``number`` is None); ``text`` as for :func:`newest`."""
    if number is None:
        return latest(session, scenario_id) if text else newest(session, scenario_id, text=False)
    if isinstance(number, bool) or not isinstance(number, int):
        raise StoreError(f"a version number must be an integer, not {number!r}")
    query = select(VersionRow).where(
        VersionRow.scenario_id == scenario_id, VersionRow.number == number
    )
    row = session.scalars(query if text else query.options(defer(VersionRow.text))).first()
    if row is None:
        last = newest(session, scenario_id, text=False).number  # NotFound for an unknown scenario
        raise NotFound(f"scenario '{scenario_id}' has no version {number} (latest: {last})")
    return row


def scenario_infos(session: Session) -> list[ScenarioInfo]:
    newest = (
        select(VersionRow.scenario_id, func.max(VersionRow.number).label("number"))
        .group_by(VersionRow.scenario_id)
        .subquery()
    )
    rows = session.scalars(
        select(VersionRow)
        .join(
            newest,
            (VersionRow.scenario_id == newest.c.scenario_id)
            & (VersionRow.number == newest.c.number),
        )
        .order_by(VersionRow.scenario_id)
    )
    return [
        ScenarioInfo(
            id=r.scenario_id,
            title=r.title,
            latest=r.number,
            updated=utc(r.created),
            author=r.author,
        )
        for r in rows
    ]


def conflict_message(scenario_id: str, base: int, newest: VersionRow, conflict_id: int) -> str:
    when = utc(newest.created).strftime("%Y-%m-%d %H:%M:%S UTC")
    what = f" ({newest.note})" if newest.note else ""
    return (
        f"edit conflict on '{scenario_id}': your save was based on version {base}, but "
        f"{newest.author} saved version {newest.number}{what} at {when}; your text was kept "
        f"as conflict #{conflict_id}, so nothing is lost: merge it into version "
        f"{newest.number} and save again"
    )
