"""Stances and BATNAs as they stood on a date, and every move they made.

A stance (or a BATNA) holds its current values from ``since``; its ``history`` lists
earlier values, oldest first, each holding from its ``from`` until the next entry's
``from`` (or ``since``), and naming only the values that differed from the current ones.
On a date ``D`` the values are (:func:`period_at` decides which, for many dates at once):

- ``D`` on or after ``since`` (or no ``since``): the current values;
- ``D`` before ``since``, with history: the last entry whose ``from`` is on or before ``D``,
  its named values over the current ones; before the earliest entry's ``from``, the
  earliest entry's values (the *earliest known*: nothing older is recorded);
- ``D`` before ``since`` without history: the current values, with a note that no earlier
  value is recorded.

:func:`stances_as_of` gives the records as they stood, each valid on its own: its values
those of the period, its ``since`` the date they held from, its ``history`` the earlier
entries, each restated against the values of the period (an entry still names only what
differed). :func:`moves` lists every change, in date order. The model assumes a value holds
unchanged from the date recorded until the next one: it does not interpolate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import numpy as np

from accord.model.actors import Actor, Batna, EarlierBatna
from accord.model.earlier import EarlierValues
from accord.model.problems import known_list
from accord.model.stances import EarlierStance, Stance

#: The values a stance's history may date, and a BATNA's.
STANCE_VALUES = EarlierStance.VALUES
BATNA_VALUES = EarlierBatna.VALUES

#: What a period is: the current values, a dated entry's, the earliest entry's for a date
#: before it, or the current values for a date before ``since`` where nothing older is known.
Status = Literal["current", "dated", "earliest", "unrecorded"]

_DAY = "datetime64[D]"


def period_at(
    since: dt.date | None, froms: Sequence[dt.date], dates: Sequence[dt.date] | np.ndarray
) -> np.ndarray:
    """For each of ``dates``, the index of the period whose values hold on it.

    ``0 .. len(froms) - 1`` are the history entries (oldest first), ``len(froms)`` the
    current values. One binary search over the entries for all dates at once.
    """
    when = np.asarray(dates, dtype=_DAY)
    n = len(froms)
    # the last entry starting on or before each date; before the first, the first (the
    # earliest known values stand for every earlier date)
    k = np.maximum(np.searchsorted(np.asarray(froms, dtype=_DAY), when, side="right") - 1, 0)
    if since is None:
        return np.full(when.shape, n, dtype=np.intp)
    return np.where(when >= np.datetime64(since, "D"), n, k).astype(np.intp)


@dataclass(frozen=True)
class Standing:
    """How one stance (``issue`` set) or one BATNA (``issue`` None) stood on a date."""

    actor: str
    issue: str | None
    status: Status
    #: the date the values held from (None: not known, the record gives no ``since``)
    holds_from: dt.date | None
    #: the values that came from a dated entry, not the current ones
    fields: tuple[str, ...] = ()
    #: the entry's note, where it gives one
    note: str | None = None

    @property
    def what(self) -> str:
        """``us on nato``, or ``us's BATNA``."""
        return f"{self.actor}'s BATNA" if self.issue is None else f"{self.actor} on {self.issue}"


@dataclass(frozen=True)
class StancesAsOf:
    """The stances and actors (their BATNAs) as they stood on ``date``, with notes."""

    date: dt.date
    stances: list[Stance]
    actors: list[Actor]
    standings: tuple[Standing, ...]
    notes: tuple[str, ...]

    def standing(self, actor: str, issue: str | None) -> Standing | None:
        """How ``actor``'s stance on ``issue`` (None: its BATNA) stood, if it is dated."""
        return next((s for s in self.standings if (s.actor, s.issue) == (actor, issue)), None)


_R = TypeVar("_R", Stance, Batna)


def same(a: object, b: object) -> bool:
    """Equal and of one type: 1, 1.0 and true are three different settings."""
    return type(a) is type(b) and a == b


def periods(record: Stance | Batna, names: Sequence[str]) -> list[dict[str, Any]]:
    """The full values of each period of ``record``: each history entry's, then the current."""
    now = {n: getattr(record, n) for n in names}
    return [{**now, **e.named()} for e in record.history] + [now]


def record_as_of(record: _R, date: dt.date, names: Sequence[str]) -> tuple[_R, Status, int]:
    """``record`` as it stood on ``date``: the record, the kind of period, and its index."""
    entries: Sequence[EarlierValues] = record.history
    n = len(entries)
    k = int(period_at(record.since, [e.from_ for e in entries], [date])[0])
    if k == n:
        if record.since is not None and date < record.since:
            return record.model_copy(update={"since": None}), "unrecorded", k
        return record, "current", k
    values = periods(record, names)
    entry: EarlierValues = entries[k]
    earliest = date < entry.from_
    before = zip(entries[:k], values[:k], strict=True)
    history = [] if earliest else [_restate(e, v, values[k]) for e, v in before]
    update: dict[str, Any] = {
        **values[k],
        "since": None if earliest else entry.from_,
        "history": history,
        "sources": list(dict.fromkeys([*entry.sources, *record.sources])),
        "judgement": "; ".join(j for j in (entry.judgement, record.judgement) if j) or None,
    }
    if isinstance(record, Stance):
        update["note"] = entry.note or record.note
    return record.model_copy(update=update), "earliest" if earliest else "dated", k


def _restate(entry: EarlierValues, full: dict[str, Any], top: dict[str, Any]) -> Any:
    """``entry`` (whose full values are ``full``) naming what differs from ``top``."""
    data: dict[str, Any] = {n: v for n, v in full.items() if not same(v, top[n])}
    data["from"] = entry.from_
    data |= {k: getattr(entry, k) for k in ("sources", "judgement", "note") if getattr(entry, k)}
    return type(entry).model_validate(data)


def stances_as_of(stances: Sequence[Stance], actors: Sequence[Actor], date: dt.date) -> StancesAsOf:
    """The stances and the actors' BATNAs as they stood on ``date`` (module docstring)."""
    standings: list[Standing] = []
    out_stances = []
    for st in stances:
        now, status, k = record_as_of(st, date, STANCE_VALUES)
        out_stances.append(now)
        if st.since is not None:
            standings.append(_standing(st, st.actor, st.issue, status, k))
    out_actors = []
    for actor in actors:
        b = actor.batna
        if b is None:
            out_actors.append(actor)
            continue
        now_b, status, k = record_as_of(b, date, BATNA_VALUES)
        out_actors.append(actor if now_b is b else actor.model_copy(update={"batna": now_b}))
        if b.since is not None:
            standings.append(_standing(b, actor.id, None, status, k))
    return StancesAsOf(
        date=date,
        stances=out_stances,
        actors=out_actors,
        standings=tuple(standings),
        notes=_notes(standings, stances, actors, date),
    )


def _standing(
    record: Stance | Batna, actor: str, issue: str | None, status: Status, k: int
) -> Standing:
    if status in ("current", "unrecorded"):
        return Standing(actor, issue, status, record.since if status == "current" else None)
    entry: EarlierValues = record.history[k]
    return Standing(actor, issue, status, entry.from_, tuple(entry.named()), entry.note)


def _notes(
    standings: list[Standing], stances: Sequence[Stance], actors: Sequence[Actor], date: dt.date
) -> tuple[str, ...]:
    day = date.isoformat()
    by = {s: [x for x in standings if x.status == s] for s in ("dated", "earliest", "unrecorded")}
    notes = []
    if by["dated"]:
        said = [f"{x.what} (from {x.holds_from})" for x in by["dated"]]
        notes.append(f"as they stood on {day}, earlier values replayed: {known_list(said, 8)}")
    if by["earliest"]:
        said = [f"{x.what} (recorded from {x.holds_from})" for x in by["earliest"]]
        notes.append(
            f"{day} is before every recorded value of {known_list(said, 8)}: "
            "the earliest known values are used"
        )
    if by["unrecorded"]:
        said = [x.what for x in by["unrecorded"]]
        notes.append(
            f"no value before the current one is recorded for {known_list(said, 8)}: "
            "the current values are kept"
        )
    bare = sum(st.since is None for st in stances)
    bare_b = sum(a.batna is not None and a.batna.since is None for a in actors)
    if bare or bare_b:
        notes.append(
            f"{bare} stance(s) and {bare_b} BATNA(s) are not dated (no 'since'): kept as the "
            "scenario reads them now"
        )
    return tuple(notes)


# --- moves -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Move:
    """One value of one stance (``issue`` set) or BATNA (``issue`` None) changing on ``date``."""

    date: dt.date
    actor: str
    issue: str | None
    field: str
    old: Any
    new: Any
    #: where the new value comes from: the sources (and judgement, note) of the entry, or of
    #: the current stance for the move to the current values
    sources: tuple[str, ...]
    judgement: str | None = None
    note: str | None = None


def moves(stances: Sequence[Stance], actors: Sequence[Actor]) -> list[Move]:
    """Every recorded change of a stance's or a BATNA's values, in date order (then actor,
    issue, the BATNA last, and the order of the values)."""
    found: list[tuple[tuple[Any, ...], Move]] = []
    records: list[tuple[str, str | None, Stance | Batna, Sequence[str]]] = [
        (st.actor, st.issue, st, STANCE_VALUES) for st in stances
    ]
    records += [(a.id, None, a.batna, BATNA_VALUES) for a in actors if a.batna is not None]
    for actor, issue, record, names in records:
        if not record.history or record.since is None:
            continue
        values = periods(record, names)
        starts = [e.from_ for e in record.history] + [record.since]
        # the values of period j are said by entry j, or by the record for the current ones
        sayers: list[EarlierValues | Stance | Batna] = [*record.history[1:], record]
        for j in range(1, len(values)):
            said = sayers[j - 1]
            for f, name in enumerate(names):
                old, new = values[j - 1][name], values[j][name]
                if same(old, new):
                    continue
                move = Move(
                    date=starts[j],
                    actor=actor,
                    issue=issue,
                    field=name,
                    old=old,
                    new=new,
                    sources=tuple(said.sources),
                    judgement=said.judgement,
                    note=getattr(said, "note", None),
                )
                found.append(((starts[j], actor, issue is None, issue or "", f), move))
    return [m for _, m in sorted(found, key=lambda pair: pair[0])]


def value_dates(stances: Sequence[Stance], actors: Sequence[Actor]) -> list[dt.date]:
    """Every date the stances and BATNAs give: each ``since`` and each entry's ``from``."""
    records: list[Stance | Batna] = [*stances, *(a.batna for a in actors if a.batna)]
    return [d for r in records for d in (r.since, *(e.from_ for e in r.history)) if d]


def last_dated(
    as_of: dt.date | None,
    stances: Sequence[Stance],
    actors: Sequence[Actor],
    others: Sequence[dt.date | None] = (),
) -> dt.date | None:
    """The latest date a scenario gives: its ``as_of``, ``others`` (draft and event dates),
    and every stance's and BATNA's ``since`` and ``from`` (None: the scenario is undated)."""
    dates = [d for d in (as_of, *others) if d is not None]
    return max([*dates, *value_dates(stances, actors)], default=None)
