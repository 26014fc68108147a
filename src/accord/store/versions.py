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
    """The author of a save, stripped, if it is non-empty and at most ``AUTHOR_LENGTH``
    characters: every version says who saved it.

    Raises:
        StoreError: empty, blank, not text or too long.

    Example:
        >>> check_author("  ana ")
        'ana'
        >>> check_author(" ")
        Traceback (most recent call last):
        ...
        accord.store.errors.StoreError: an author is required
    """
    if not isinstance(author, str) or not author.strip():
        raise StoreError("an author is required")
    author = author.strip()
    if len(author) > AUTHOR_LENGTH:
        raise StoreError(f"the author name is longer than {AUTHOR_LENGTH} characters")
    return author


def check_note(note: str) -> str:
    """A save's note (what changed and why), stripped; empty is allowed.

    Raises:
        StoreError: not text.

    Example:
        >>> check_note(" new scale for the ceasefire issue ")
        'new scale for the ceasefire issue'
    """
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
    """The :class:`ConflictInfo` of a stored refused save, with its time in UTC."""
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
    """The scenario's row, for a caller about to act on the scenario.

    Raises:
        NotFound: no scenario with that id.
    """
    row = session.get(ScenarioRow, scenario_id) if isinstance(scenario_id, str) else None
    if row is None:
        raise NotFound(f"no scenario '{scenario_id}'")
    return row


def latest(session: Session, scenario_id: str) -> VersionRow:
    """The newest version's row, text included.

    Raises:
        NotFound: no scenario with that id.
    """
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
    """One :class:`ScenarioInfo` per scenario, ordered by id, each read from its newest version
    (title, number, time, author) in one query.
    """
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
    """What a user whose save was refused is told: which version their edit was based on, who
    saved the newer one and when, and that their text is kept as conflict ``conflict_id``.

    Args:
        scenario_id: The scenario edited.
        base: The version the refused save started from.
        newest: The row of the version saved in between.
        conflict_id: Where the refused text was kept.

    Example:
        >>> from datetime import UTC, datetime
        >>> when = datetime(2025, 11, 21, tzinfo=UTC)
        >>> row = VersionRow(number=4, author="ben", note="", created=when)
        >>> print(conflict_message("ukraine-2025", 3, row, 12))  # doctest: +NORMALIZE_WHITESPACE
        edit conflict on 'ukraine-2025': your save was based on version 3, but ben saved
        version 4 at 2025-11-21 00:00:00 UTC; your text was kept as conflict #12, so nothing
        is lost: merge it into version 4 and save again
    """
    when = utc(newest.created).strftime("%Y-%m-%d %H:%M:%S UTC")
    what = f" ({newest.note})" if newest.note else ""
    return (
        f"edit conflict on '{scenario_id}': your save was based on version {base}, but "
        f"{newest.author} saved version {newest.number}{what} at {when}; your text was kept "
        f"as conflict #{conflict_id}, so nothing is lost: merge it into version "
        f"{newest.number} and save again"
    )
