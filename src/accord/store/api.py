"""The Store: versioned scenarios, refused saves and runs, in SQLite or PostgreSQL.

Every public method is one short transaction in its own session, so a Store can be shared
by the threads of a web server. Every write is one transaction: a save that was
acknowledged (returned) is committed, and a crash never leaves half of one behind.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from accord.data import scenario_text
from accord.io.builtins import builtin_names
from accord.store import runs as _runs
from accord.store import versions as _versions
from accord.store.accounts import Accounts
from accord.store.db import (
    first_line,
    first_row,
    make_engine,
    normalise_url,
    reading,
    upgrade,
    writing,
)
from accord.store.errors import EditConflict, NotFound, StoreError
from accord.store.records import (
    FINISHED,
    IN_FLIGHT,
    ConflictInfo,
    RunInfo,
    ScenarioInfo,
    Version,
    VersionInfo,
)
from accord.store.tables import ConflictRow, RunRow, ScenarioRow, VersionRow, now
from accord.store.texts import Checked, changed_records, check_id, unified_diff

#: How often restore tries again when another save takes the next number first.
RESTORE_TRIES = 5


class Store:
    """Versioned scenarios and their runs, in the database at ``url``.

    ``url``: None for SQLite in the user's data directory, ``sqlite:///path`` (or a plain
    path), or ``postgresql://user:password@host/db``. Opening migrates the schema to the
    newest revision, creating it in an empty database.
    """

    def __init__(self, url: str | None = None) -> None:
        self._url = normalise_url(url)
        self._engine = make_engine(self._url)
        try:
            upgrade(self._engine)
        except SQLAlchemyError as exc:
            self._engine.dispose()
            raise StoreError(f"cannot open the database {self}: {first_line(exc)}") from exc
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        #: Users, their roles and passwords, and sign-in sessions (see :class:`Accounts`).
        self.accounts = Accounts(self._sessions)
        #: Texts that validated lately (a text kept aside again is not parsed again).
        self._checked = Checked()

    @property
    def url(self) -> str:
        """The full URL (with any password: pass it to another Store, do not show it)."""
        return self._url.render_as_string(hide_password=False)

    @property
    def display_url(self) -> str:
        """The URL with the password masked, for logs and pages."""
        return self._url.render_as_string(hide_password=True)

    def __repr__(self) -> str:
        return f"Store({self.display_url!r})"

    def __str__(self) -> str:
        return self.display_url

    def close(self) -> None:
        """Close the database connections (the Store is unusable after). ``with Store(...)`` calls
        this on leaving the block.
        """
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- sessions ---------------------------------------------------------------------------
    @contextmanager
    def _read(self) -> Iterator[Session]:
        with reading(self._sessions) as session:
            yield session

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One transaction, committed on leaving the block; IntegrityError is left to the
        caller (it is how a lost race shows)."""
        with writing(self._sessions) as session:
            yield session

    # --- scenarios and versions -------------------------------------------------------------
    def scenarios(self) -> list[ScenarioInfo]:
        """Every scenario, by id, with its latest version's title, number, time and author."""
        with self._read() as s:
            return _versions.scenario_infos(s)

    def create(self, text: str, *, author: str, note: str = "") -> Version:
        """A new scenario from its YAML (its id is the YAML's), as version 1."""
        author, note = _versions.check_author(author), _versions.check_note(note)
        scenario = self._checked.validate(text, "the new scenario")
        exists = StoreError(
            f"a scenario '{scenario.id}' already exists; open it and save a new version, "
            "or change the id"
        )
        try:
            with self._write() as s:
                if s.get(ScenarioRow, scenario.id) is not None:
                    raise exists
                when = now()
                s.add(ScenarioRow(id=scenario.id, created=when, author=author))
                s.flush()  # the version's foreign key needs the scenario first
                row = VersionRow(
                    scenario_id=scenario.id,
                    number=1,
                    title=scenario.title,
                    author=author,
                    created=when,
                    note=note,
                    restored_from=None,
                    text=text,
                )
                s.add(row)
                s.flush()
                return Version(_versions.version_info(row), text)
        except IntegrityError:  # created by someone else between the check and the insert
            raise exists from None

    def create_from_builtin(self, name: str, *, author: str) -> Version:
        """A new scenario from a built-in one (its id is the built-in's)."""
        names = builtin_names()
        if name not in names:
            raise NotFound(f"no built-in scenario '{name}'; built-ins: {', '.join(names)}")
        return self.create(scenario_text(name), author=author, note=f"from built-in '{name}'")

    def get(self, scenario_id: str, number: int | None = None) -> Version:
        """One version, the latest when ``number`` is None."""
        with self._read() as s:
            row = _versions.version(s, scenario_id, number)
            return Version(_versions.version_info(row), row.text)

    def info(self, scenario_id: str, number: int | None = None) -> VersionInfo:
        """What :meth:`get` says of a version but its text (the latest when ``number`` is
        None; NotFound if there is none): pages ask it on every request, and a scenario's
        text is hundreds of kilobytes."""
        row = (
            first_row(self._sessions, _versions.info_query(scenario_id, number))
            if _is_int(number) or number is None
            else None
        )
        if row is None:  # no such version (or not a number): the ORM's path says which
            with self._read() as s:
                found = _versions.version(s, scenario_id, number, text=False)
                return _versions.version_info(found)
        return _versions.version_info(row)

    def versions(self, scenario_id: str) -> list[VersionInfo]:
        """Every version of a scenario, newest first."""
        with self._read() as s:
            _versions.require_scenario(s, scenario_id)
            rows = s.scalars(
                select(VersionRow)
                .where(VersionRow.scenario_id == scenario_id)
                .order_by(VersionRow.number.desc())
            )
            return [_versions.version_info(r) for r in rows]

    def save(
        self, scenario_id: str, text: str, *, base: int, author: str, note: str = ""
    ) -> Version:
        """Save ``text`` as the version after ``base``, the version the editor started from.

        Refused with EditConflict when ``base`` is no longer the latest (the text is kept
        as a conflict record), with InvalidScenario when the text does not validate or its
        id is not ``scenario_id`` (then nothing is stored).
        """
        author, note = _versions.check_author(author), _versions.check_note(note)
        if isinstance(base, bool) or not isinstance(base, int):
            raise StoreError(f"the base version must be an integer, not {base!r}")
        name = f"{scenario_id} (edit of v{base})"
        scenario = self._checked.validate(text, name)  # before the transaction: it is slow
        try:
            with self._write() as s:
                newest = _versions.latest(s, scenario_id)  # NotFound first
                check_id(text, scenario, scenario_id, name)
                if not 1 <= base <= newest.number:
                    raise NotFound(
                        f"scenario '{scenario_id}' has no version {base} (latest: {newest.number})"
                    )
                if base == newest.number:
                    row = VersionRow(
                        scenario_id=scenario_id,
                        number=base + 1,
                        title=scenario.title,
                        author=author,
                        created=now(),
                        note=note,
                        restored_from=None,
                        text=text,
                    )
                    s.add(row)
                    # Another transaction that inserted base + 1 first makes this fail,
                    # whichever process or database server it ran in.
                    s.flush()
                    return Version(_versions.version_info(row), text)
                # A stale base: kept aside in this same transaction (one turn at the
                # write lock, not two).
                refused = _kept(s, scenario_id, text, newest, base=base, author=author, note=note)
        except IntegrityError:
            # lost the race for base + 1: a conflict like any other
            self._keep_conflict(scenario_id, text, base=base, author=author, note=note)
        raise refused

    def _keep_conflict(
        self, scenario_id: str, text: str, *, base: int, author: str, note: str
    ) -> NoReturn:
        """Store a refused save's text as a conflict record, then raise EditConflict."""
        with self._write() as s:
            newest = _versions.latest(s, scenario_id)
            refused = _kept(s, scenario_id, text, newest, base=base, author=author, note=note)
        raise refused

    def restore(self, scenario_id: str, number: int, *, author: str, note: str = "") -> Version:
        """A new version whose text is that of version ``number``."""
        author, note = _versions.check_author(author), _versions.check_note(note)
        for _ in range(RESTORE_TRIES):
            try:
                with self._write() as s:
                    old = _versions.version(s, scenario_id, number)
                    newest = _versions.latest(s, scenario_id)
                    row = VersionRow(
                        scenario_id=scenario_id,
                        number=newest.number + 1,
                        title=old.title,
                        author=author,
                        created=now(),
                        note=note or f"restored version {number}",
                        restored_from=number,
                        text=old.text,
                    )
                    s.add(row)
                    s.flush()
                    return Version(_versions.version_info(row), row.text)
            except IntegrityError:
                continue  # another save took the next number (PostgreSQL only): try again
        raise StoreError(f"could not restore '{scenario_id}': it kept changing; try again")

    def diff(self, scenario_id: str, a: int, b: int) -> str:
        """A unified diff of the YAML of versions ``a`` and ``b`` ("" when equal)."""
        old, new = self.get(scenario_id, a), self.get(scenario_id, b)
        return unified_diff(old.text, new.text, f"{scenario_id} v{a}", f"{scenario_id} v{b}")

    def changes(self, scenario_id: str, a: int, b: int) -> list[str]:
        """Which header fields and top-level records differ between versions ``a`` and ``b``,
        e.g. ``["title: changed", "actors: added 'eu'", "stances: changed 'usa/nato'"]``."""
        old, new = self.get(scenario_id, a), self.get(scenario_id, b)
        return changed_records(old.scenario(), new.scenario())

    def conflicts(self, scenario_id: str) -> list[ConflictInfo]:
        """The saves of a scenario refused as conflicts, newest first."""
        with self._read() as s:
            _versions.require_scenario(s, scenario_id)
            rows = s.scalars(
                select(ConflictRow)
                .where(ConflictRow.scenario_id == scenario_id)
                .order_by(ConflictRow.id.desc())
            )
            return [_versions.conflict_info(r) for r in rows]

    def conflict(self, conflict_id: int) -> ConflictInfo:
        """One refused save, by its number (the ``#N`` in the message that refused it), with the
        text that was kept.

        Raises:
            NotFound: no conflict with that id.
        """
        with self._read() as s:
            row = s.get(ConflictRow, conflict_id) if _is_int(conflict_id) else None
            if row is None:
                raise NotFound(f"no conflict #{conflict_id}")
            return _versions.conflict_info(row)

    def delete(self, scenario_id: str) -> None:
        """Delete a scenario with all its versions, conflicts and runs."""
        with self._write() as s:
            _versions.require_scenario(s, scenario_id)
            # Explicit rather than ON DELETE CASCADE alone: it holds even with foreign keys off.
            s.execute(delete(RunRow).where(RunRow.scenario_id == scenario_id))
            s.execute(delete(ConflictRow).where(ConflictRow.scenario_id == scenario_id))
            s.execute(delete(VersionRow).where(VersionRow.scenario_id == scenario_id))
            s.execute(delete(ScenarioRow).where(ScenarioRow.id == scenario_id))

    # --- runs -------------------------------------------------------------------------------
    def add_run(
        self,
        scenario_id: str,
        version: int,
        kind: str,
        params: dict[str, Any],
        seed: int | None,
        *,
        author: str = "anonymous",
    ) -> RunInfo:
        """Record a queued forecast or simulation run of one version, started by ``author``."""
        author = _versions.check_author(author)
        kind = _runs.check_kind(kind)
        params = _runs.check_json(params, "run parameters")
        seed = _runs.check_seed(seed)
        with self._write() as s:
            _versions.version(s, scenario_id, version)  # NotFound
            row = RunRow(
                scenario_id=scenario_id,
                version=version,
                kind=kind,
                params=params,
                seed=seed,
                author=author,
                status="queued",
                progress=0.0,
                created=now(),
                finished=None,
                result=None,
                error=None,
            )
            s.add(row)
            s.flush()
            return _runs.run_info(row)

    def update_run(
        self,
        run_id: int,
        *,
        status: str | None = None,
        progress: float | None = None,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> RunInfo:
        """Change what is given; a run that becomes done or failed gets its finish time
        (and a done run progress 1). A finished run's status cannot change again, and a
        progress report arriving after it finished is ignored."""
        status = _runs.check_status(status) if status is not None else None
        progress = _runs.check_progress(progress) if progress is not None else None
        result = _runs.check_json(result, "a run result") if result is not None else None
        if error is not None and not isinstance(error, str):
            raise StoreError("a run error must be text")
        with self._write() as s:
            # FOR UPDATE (PostgreSQL): a worker's progress report and the final status
            # must not interleave their reads and writes (SQLite's BEGIN IMMEDIATE already
            # serialises them).
            row = s.get(RunRow, run_id, with_for_update=True) if _is_int(run_id) else None
            if row is None:
                raise NotFound(f"no run #{run_id}")
            if progress is not None and status is None and row.status in FINISHED:
                progress = None  # late report from the worker: the final value stands
            if status is not None and status != row.status:
                if row.status in FINISHED:
                    raise StoreError(f"run #{run_id} is already {row.status}")
                row.status = status
                if status in FINISHED:
                    row.finished = now()
                    if status == "done" and progress is None:
                        row.progress = 1.0
            if progress is not None:
                row.progress = progress
            if result is not None:
                row.result = result
            if error is not None:
                row.error = error
            s.flush()
            return _runs.run_info(row)

    def interrupt_runs(self, message: str, *, keep: Collection[int] = ()) -> list[int]:
        """Mark every queued or running run not in ``keep`` as interrupted, with ``message``
        as its error; the ids marked, in order.

        For a server starting up: no thread of a process that stopped is still working on
        its runs, so without this they would show "running" for ever. ``keep``: the runs
        this process's own workers are working on.
        """
        if not isinstance(message, str):
            raise StoreError("an interruption message must be text")
        keep = [k for k in keep if _is_int(k)]
        with self._write() as s:
            query = select(RunRow.id).where(RunRow.status.in_(IN_FLIGHT))
            if keep:
                query = query.where(RunRow.id.not_in(keep))
            ids = sorted(s.scalars(query.with_for_update()))
            if ids:
                s.execute(
                    update(RunRow)
                    .where(RunRow.id.in_(ids))
                    .values(status="interrupted", finished=now(), error=message)
                )
            return ids

    def run(self, run_id: int) -> RunInfo:
        """One run, by id: its parameters, seed, status, progress and, once done, its result.

        Raises:
            NotFound: no run with that id.

        Example:
            >>> import tempfile, pathlib
            >>> folder = pathlib.Path(tempfile.mkdtemp())
            >>> with Store(str(folder / "accord.db")) as store:
            ...     v = store.create_from_builtin("iran-2015", author="ana")
            ...     queued = store.add_run("iran-2015", 1, "forecast", {"model": "median"}, 7)
            ...     _ = store.update_run(queued.id, status="done", result={"ok": True})
            ...     run = store.run(queued.id)
            >>> run.status, run.seed, run.progress, run.result
            ('done', 7, 1.0, {'ok': True})
        """
        with self._read() as s:
            row = s.get(RunRow, run_id) if _is_int(run_id) else None
            if row is None:
                raise NotFound(f"no run #{run_id}")
            return _runs.run_info(row)

    def runs(self, scenario_id: str) -> list[RunInfo]:
        """The runs of a scenario (all versions), newest first."""
        with self._read() as s:
            _versions.require_scenario(s, scenario_id)
            rows = s.scalars(
                select(RunRow).where(RunRow.scenario_id == scenario_id).order_by(RunRow.id.desc())
            )
            return [_runs.run_info(r) for r in rows]


def _kept(
    s: Session,
    scenario_id: str,
    text: str,
    newest: VersionRow,
    *,
    base: int,
    author: str,
    note: str,
) -> EditConflict:
    """Add a refused save's text as a conflict record; the EditConflict to raise once the
    transaction is committed."""
    row = ConflictRow(
        scenario_id=scenario_id, base=base, author=author, created=now(), note=note, text=text
    )
    s.add(row)
    s.flush()
    message = _versions.conflict_message(scenario_id, base, newest, row.id)
    return EditConflict(message, latest=_versions.version_info(newest), conflict_id=row.id)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
