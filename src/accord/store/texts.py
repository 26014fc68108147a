"""Checking scenario text before it is stored, and comparing two stored texts."""

from __future__ import annotations

import difflib
import hashlib
import threading
from collections import OrderedDict
from typing import Any

from accord.io.scenarios import parse_scenario, parse_yaml
from accord.model.problems import Problem, ScenarioError
from accord.model.scenario import COLLECTIONS, Scenario
from accord.store.errors import InvalidScenario


def validate(text: str, name: str) -> Scenario:
    """The scenario in ``text``, or InvalidScenario with every located problem."""
    if not isinstance(text, str):
        raise InvalidScenario(f"{name}: scenario text must be a string", [])
    scenario, problems = parse_scenario(text, name)
    if scenario is None:
        errors = [p for p in problems if p.severity == "error"]
        first = errors[0].render() if errors else "unknown problem"
        raise InvalidScenario(
            f"{name} is not a valid scenario: {len(errors)} error(s); first: {first}", problems
        )
    return scenario


class Checked:
    """The last few texts that validated, by their SHA-256: a text is what it is, so one
    that validated once validates again, and the store need not read hundreds of kilobytes
    of YAML a second time when the same text comes back (a retried or repeated save, kept
    aside as a conflict each time). Texts that do not validate are not remembered: each
    try reports its problems afresh. Thread-safe; bounded (``size`` scenarios)."""

    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._items: OrderedDict[str, Scenario] = OrderedDict()
        self._lock = threading.Lock()

    def validate(self, text: str, name: str) -> Scenario:
        """:func:`validate`, answered from memory for a text that validated before."""
        if not isinstance(text, str):
            return validate(text, name)  # refused with its message
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        scenario = validate(text, name)  # outside the lock: parsing takes a while
        with self._lock:
            self._items[key] = scenario
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return scenario


def check_id(text: str, scenario: Scenario, scenario_id: str, name: str) -> None:
    """A scenario keeps its id for life (a new id is a new scenario, made with create)."""
    if scenario.id == scenario_id:
        return
    line, column = _id_mark(text)
    problem = Problem(
        ("id",),
        f"the id is '{scenario.id}' but this is scenario '{scenario_id}'; an id cannot "
        "change (create a new scenario for a new id)",
        line=line,
        column=column,
    )
    raise InvalidScenario(f"{name}: {problem.render()}", [problem])


def _id_mark(text: str) -> tuple[int | None, int | None]:
    try:
        _, marks = parse_yaml(text)
    except ScenarioError:  # pragma: no cover - the text has just parsed
        return None, None
    return marks.get(("id",), (None, None))


def unified_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    """A unified diff of two texts; empty when they are equal."""
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), fromfile=old_name, tofile=new_name, lineterm=""
    )
    out = "\n".join(lines)
    return out + "\n" if out else ""


def changed_records(old: Scenario, new: Scenario) -> list[str]:
    """Which header fields and top-level records differ, e.g. ``actors: changed 'usa'``."""
    out: list[str] = []
    for field in type(old).model_fields:
        if field in COLLECTIONS:
            continue
        if getattr(old, field) != getattr(new, field):
            out.append(f"{field}: changed")
    for name in COLLECTIONS:
        before = _keyed(getattr(old, name))
        after = _keyed(getattr(new, name))
        out += [f"{name}: removed '{k}'" for k in before if k not in after]
        out += [f"{name}: added '{k}'" for k in after if k not in before]
        out += [f"{name}: changed '{k}'" for k in after if k in before and before[k] != after[k]]
    return out


def _keyed(records: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n, record in enumerate(records):
        key = getattr(record, "id", None)
        if key is None and hasattr(record, "actor") and hasattr(record, "issue"):
            key = f"{record.actor}/{record.issue}"  # stances are keyed by actor and issue
        out[str(key) if key is not None else f"#{n + 1}"] = record
    return out
