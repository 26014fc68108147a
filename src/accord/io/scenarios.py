"""Reading and writing scenario files (YAML), with errors that point at the line.

Reading never raises anything but :class:`ScenarioError`, whatever the bytes: every
problem found carries the file, line and column, the path in the document and what
would be valid. The YAML itself is read by :mod:`accord.io.located` and problems are worded
by :mod:`accord.io.validation`; this module knows what a scenario holds. Writing is atomic
(:func:`accord.io.yamltext.write_atomically`).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from accord.io.located import MAX_BYTES, MAX_DEPTH, Marks, Wording, read_yaml, show
from accord.io.located import parse_yaml as _parse_located
from accord.io.validation import at, at_key, locate, pydantic_problems, unknown_key
from accord.io.yamltext import dump_yaml, write_atomically
from accord.model.actors import Actor, Source
from accord.model.checks import Parts, check_parts
from accord.model.events import Constraint, Event
from accord.model.issues import Issue
from accord.model.levers import Lever
from accord.model.links import Link
from accord.model.problems import Problem, ScenarioError
from accord.model.proposals import Proposal
from accord.model.ratification import Ratification
from accord.model.scenario import Scenario
from accord.model.sequencing import Belief
from accord.model.stances import Stance

__all__ = [  # the YAML layer's names, as the readers and writers of scenario files use them
    "MAX_BYTES",
    "MAX_DEPTH",
    "Marks",
    "dump_scenario",
    "dump_yaml",
    "load_scenario",
    "parse_scenario",
    "parse_yaml",
    "read_scenario",
    "save_scenario",
    "scenario_to_data",
    "validate_document",
    "write_atomically",
]

_COLLECTIONS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "actors": Actor,
    "issues": Issue,
    "stances": Stance,
    "proposals": Proposal,
    "events": Event,
    "constraints": Constraint,
    "levers": Lever,
    "links": Link,
    "beliefs": Belief,
    "ratification": Ratification,
}
_HEADER_FIELDS = [name for name in Scenario.model_fields if name not in _COLLECTIONS]
_REQUIRED = [n for n, f in Scenario.model_fields.items() if f.is_required()]
_NEEDS = "a scenario needs at least " + ", ".join(f"'{n}'" for n in _REQUIRED)
#: How messages about the whole file name a scenario.
WORDING = Wording(noun="a scenario", needs=_NEEDS, keys="id, title, actors, issues, ...")


# --- reading -------------------------------------------------------------------------------
def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read and validate a scenario file; raise :class:`ScenarioError` listing every problem."""
    scenario, problems = read_scenario(path)
    if scenario is None:
        raise ScenarioError(str(path), problems)
    return scenario


def read_scenario(path: str | os.PathLike[str]) -> tuple[Scenario | None, list[Problem]]:
    """Read a scenario file: the scenario (None if it has errors) and every problem found."""
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            return None, [_whole(f"'{name}' is a directory; give a scenario .yaml file inside it")]
        size = p.stat().st_size
        if not p.is_file():
            return None, [_whole(f"'{name}' is not a regular file; give a scenario .yaml file")]
        if size <= MAX_BYTES:
            with p.open("rb") as fh:  # read at most one byte past the limit, whatever stat said
                data = fh.read(MAX_BYTES + 1)
            size = len(data)
    except FileNotFoundError:
        message = f"no such file '{name}'; give a path to a .yaml file or a built-in name"
        return None, [_whole(message)]
    except (OSError, ValueError) as exc:
        return None, [_whole(f"cannot read '{name}': {getattr(exc, 'strerror', None) or exc}")]
    if size > MAX_BYTES:
        mib = MAX_BYTES // 2**20
        return None, [
            _whole(f"the file is {size / 2**20:.1f} MiB; scenario files are limited to {mib} MiB")
        ]
    return parse_scenario(data, name)


def parse_scenario(
    data: bytes | str, name: str = "<text>"
) -> tuple[Scenario | None, list[Problem]]:
    """Validate scenario text (bytes or str): the scenario, or None, and the problems found."""
    scenario, problems, _ = parse_scenario_document(data, name)
    return scenario, problems


def parse_scenario_document(
    data: bytes | str, name: str = "<text>"
) -> tuple[Scenario | None, list[Problem], dict[str, Any] | None]:
    """As :func:`parse_scenario`, with the document the text holds (None where it is not
    YAML), for callers that edit the document as well as read the scenario."""
    try:
        raw, marks, problems = read_yaml(data, WORDING)
    except ScenarioError as exc:
        return None, exc.problems, None
    problems.extend(validate_document(raw, marks))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))  # document order
    if any(p.severity == "error" for p in problems):
        return None, problems, raw
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:  # pragma: no cover - the checks above mirror the model
        return None, [*problems, *pydantic_problems(exc, (), marks, root=Scenario)], raw
    return scenario, problems, raw


def _whole(message: str) -> Problem:
    return Problem((), message)


def parse_yaml(data: bytes | str) -> tuple[Any, Marks]:
    """Parse YAML safely into plain data plus the line and column of every node (see
    :func:`accord.io.located.parse_yaml`); messages about the whole file name a scenario."""
    return _parse_located(data, WORDING)


# --- validating ----------------------------------------------------------------------------
def _header_adapter(name: str) -> TypeAdapter[Any]:
    field = Scenario.model_fields[name]
    tp: Any = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    return TypeAdapter(tp)


_HEADER_ADAPTERS = {name: _header_adapter(name) for name in _HEADER_FIELDS}


def validate_document(raw: dict[str, Any], marks: Marks) -> list[Problem]:
    """Every problem in a parsed scenario document: per record, then across records."""
    problems: list[Problem] = []
    for key in raw:
        if key not in _HEADER_FIELDS and key not in _COLLECTIONS:
            problems.append(unknown_key((key,), key, [*_HEADER_FIELDS, *_COLLECTIONS], marks))
    for name in _HEADER_FIELDS:
        if name not in raw:
            if Scenario.model_fields[name].is_required():
                message = f"missing required key '{name}' ({_NEEDS})"
                problems.append(at((name,), message, marks))
            continue
        try:
            _HEADER_ADAPTERS[name].validate_python(raw[name])
        except ValidationError as exc:
            problems.extend(pydantic_problems(exc, (name,), marks, root=Scenario))
            continue
        if name == "conflict" and raw[name] is not None:
            try:  # the type is checked above; this checks the name is a built-in conflict
                Scenario._known_conflict(raw[name])
            except ValueError as exc:
                problems.append(at((name,), str(exc), marks))

    parts = Parts()
    # a bad as_of is reported above; the dated values are then not checked against it
    with contextlib.suppress(ValidationError):
        parts.as_of = _HEADER_ADAPTERS["as_of"].validate_python(raw.get("as_of"))
    for name, model in _COLLECTIONS.items():
        items = raw.get(name)
        required = Scenario.model_fields[name].is_required()
        if (not items and required) or (name in raw and not isinstance(items, list)):
            parts.unreadable.add(name)  # references to it would only repeat this problem
        if items is None:
            if required:
                state = "is empty" if name in raw else "is missing"
                message = f"'{name}' {state}; give a list with at least one entry"
                problems.append(at_key((name,), message, marks))
            continue
        if not isinstance(items, list):
            message = f"'{name}' must be a list (one '- ' entry per item), not {show(items)}"
            problems.append(at_key((name,), message, marks))
            continue
        if not items and required:
            message = f"'{name}' is empty; give a list with at least one entry"
            problems.append(at_key((name,), message, marks))
        ids: set[str] = set()
        good: list[tuple[int, Any]] = []
        for idx, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ids.add(item["id"])
            try:
                good.append((idx, model.model_validate(item)))
            except ValidationError as exc:
                problems.extend(pydantic_problems(exc, (name, idx), marks, item, root=Scenario))
        setattr(parts, name, good)
        parts.raw_ids[name] = ids
    for problem in check_parts(parts):
        line, col = locate(problem.path, marks)
        problems.append(Problem(problem.path, problem.message, problem.severity, line, col))
    return problems


# --- writing -------------------------------------------------------------------------------
def scenario_to_data(scenario: Scenario) -> dict[str, Any]:
    """Plain data for a scenario, without empty and default values, keys in model order."""
    return scenario.model_dump(mode="json", exclude_defaults=True, exclude_none=True)


def dump_scenario(scenario: Scenario) -> str:
    """A scenario as the YAML text of a scenario file, without empty and default values (see
    :func:`scenario_to_data`); reading it back gives an equal scenario. Comments of the file
    the scenario came from are not kept: to change a file and keep its comments, edit its
    text instead.

    Example:
        >>> from accord.io.builtins import load_builtin
        >>> s = load_builtin("uaw-detroit-2023")
        >>> text = dump_scenario(s)
        >>> text.startswith("id: uaw-detroit-2023")
        True
        >>> parse_scenario(text, "copy")[0] == s
        True
    """
    return dump_yaml(scenario_to_data(scenario))


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Write a scenario file atomically (see :func:`write_atomically`)."""
    write_atomically(path, dump_scenario(scenario))
