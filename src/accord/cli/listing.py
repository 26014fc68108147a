"""``accord scenarios``: the built-in scenarios, listed without loading the scenario model.

A title, a date and three counts need neither validation nor NumPy and pydantic, so each
built-in file is read as a stream of ruamel.yaml parse events (about 20 ms a file with
libyaml) and only its top-level keys are looked at. The built-ins are validated by the test
suite, and ``tests/test_startup.py`` checks these rows against the model's, so the numbers
are those the full reader gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from rich.table import Table
from ruamel.yaml import YAML
from ruamel.yaml.events import (
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceStartEvent,
)

from accord.cli.common import emit_json, out
from accord.cli.options import JsonOpt
from accord.data import scenario_names, scenario_text

try:  # libyaml, through ruamel.yaml.clib, as accord.io reads files
    from _ruamel_yaml import CParser
except ImportError:  # pragma: no cover - the pure parser gives the same events, slower
    CParser = None

#: The top-level lists the listing counts.
COUNTED = ("actors", "issues", "proposals")
#: Plain scalars that YAML reads as null.
NULLS = ("", "~", "null", "Null", "NULL")


def parse_events(text: str) -> Iterator[Any]:
    """The parse events of a YAML text."""
    if CParser is None:
        yield from YAML(typ="safe", pure=True).parse(text)
        return
    parser = CParser(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


def scalar_value(event: ScalarEvent) -> Any:
    """A top-level scalar as the listing shows it: null, a date, or its text."""
    if not event.style and event.value in NULLS:
        return None
    try:
        return dt.date.fromisoformat(event.value)
    except ValueError:
        return event.value


def scenario_row(name: str) -> dict[str, Any]:
    """Name, title, as-of date and the numbers of actors, issues and drafts of a built-in."""
    scalars: dict[str, ScalarEvent] = {}
    counts = dict.fromkeys(COUNTED, 0)
    depth = 0  # 1: among the top mapping's keys and values
    key: str | None = None  # the top-level key whose value comes next
    counting: str | None = None  # the top-level list being counted
    for event in parse_events(scenario_text(name)):
        if isinstance(event, CollectionEndEvent):
            depth -= 1
            if depth == 1:
                counting = None
            continue
        if not isinstance(event, NodeEvent):  # stream and document events
            continue
        if depth == 1:
            if key is None:
                key = event.value if isinstance(event, ScalarEvent) else ""
            else:
                if isinstance(event, ScalarEvent):
                    scalars[key] = event
                elif isinstance(event, SequenceStartEvent) and key in counts:
                    counting = key
                key = None
        elif depth == 2 and counting is not None:
            counts[counting] += 1  # one item of the list (a scalar or a collection's start)
        if isinstance(event, CollectionStartEvent):
            depth += 1
    title, as_of = scalars.get("title"), scalars.get("as_of")
    return {
        "name": name,
        "title": None if title is None else scalar_value(title),
        "as_of": None if as_of is None else scalar_value(as_of),
        **counts,
    }


def scenarios(json_: JsonOpt = False) -> None:
    """List the built-in scenarios."""
    rows = [scenario_row(name) for name in scenario_names()]
    if json_:
        emit_json(rows)
        return
    t = Table(title="Built-in scenarios", title_justify="left")
    for col in ("name", "title", "as of", "actors", "issues", "drafts"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(
            r["name"],
            r["title"],
            str(r["as_of"] or "—"),
            str(r["actors"]),
            str(r["issues"]),
            str(r["proposals"]),
        )
    out.print(t)
