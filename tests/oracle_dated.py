"""The plain, obviously correct reading of dated values, for tests only.

A record has current values (holding from ``since``) and earlier entries, oldest first, each
naming some values and holding from its ``from`` until the next entry's. On a date the
values are found by reading the rule word for word: on or after ``since`` (or with no
``since``), the current ones; before ``since`` with no entries, the current ones
(nothing earlier is recorded); before the first entry, the first entry's (the earliest
known); else the last entry whose ``from`` is on or before the date, over the current ones.
A move is a value that differs between the day before a date the record gives and that date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

Entry = tuple[dt.date, dict[str, Any]]  # from, the values it names


def values_on(
    current: dict[str, Any], since: dt.date | None, entries: list[Entry], day: dt.date
) -> tuple[dict[str, Any], str]:
    """The values on ``day`` and the kind of period: current, unrecorded, earliest, dated."""
    if since is None or day >= since:
        return dict(current), "current"
    if not entries:
        return dict(current), "unrecorded"
    if day < entries[0][0]:
        return {**current, **entries[0][1]}, "earliest"
    held = entries[0]
    for entry in entries:
        if entry[0] <= day:
            held = entry
    return {**current, **held[1]}, "dated"


def same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def moves_of(
    current: dict[str, Any], since: dt.date | None, entries: list[Entry]
) -> list[tuple[dt.date, str, Any, Any]]:
    """(date, value name, old, new) for every change, by date then the order of the values."""
    if since is None or not entries:
        return []
    out = []
    for day in [e[0] for e in entries[1:]] + [since]:
        before, _ = values_on(current, since, entries, day - dt.timedelta(days=1))
        after, _ = values_on(current, since, entries, day)
        for name in current:
            if not same(before[name], after[name]):
                out.append((day, name, before[name], after[name]))
    return out
