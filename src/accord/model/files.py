"""Reading and writing scenario files (YAML), with errors that point at the line.

Reading never raises anything but :class:`ScenarioError`, whatever the bytes: every
problem found carries the file, line and column, the path in the document and what
would be valid. Writing is atomic: a temporary file in the same folder, then a rename.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from accord.model.actors import Actor, Source
from accord.model.checks import Parts, check_parts, known_list, suggest
from accord.model.issues import Issue
from accord.model.problems import Path as DocPath
from accord.model.problems import Problem, ScenarioError
from accord.model.proposals import Proposal
from accord.model.scenario import Constraint, Event, Scenario
from accord.model.stances import Stance

#: Scenario files larger than this are refused before they are read.
MAX_BYTES = 10 * 1024 * 1024
#: Deeper nesting than any scenario needs is refused (it also guards the recursive parser).
MAX_DEPTH = 40

_COLLECTIONS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "actors": Actor,
    "issues": Issue,
    "stances": Stance,
    "proposals": Proposal,
    "events": Event,
    "constraints": Constraint,
}
_HEADER_FIELDS = [name for name in Scenario.model_fields if name not in _COLLECTIONS]

Marks = dict[DocPath, tuple[int, int]]


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
    if p.is_dir():
        return None, [_whole(f"'{name}' is a directory; give a scenario .yaml file inside it")]
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        return None, [_whole(f"no such file '{name}'; give a path to a .yaml file or a built-in name")]
    except OSError as exc:
        return None, [_whole(f"cannot read '{name}': {exc.strerror or exc}")]
    if not p.is_file():
        return None, [_whole(f"'{name}' is not a regular file; give a scenario .yaml file")]
    if size > MAX_BYTES:
        return None, [
            _whole(f"the file is {size / 1e6:.1f} MB; scenario files are limited to {MAX_BYTES // 2**20} MiB")
        ]
    try:
        data = p.read_bytes()
    except OSError as exc:
        return None, [_whole(f"cannot read '{name}': {exc.strerror or exc}")]
    return parse_scenario(data, name)


def parse_scenario(data: bytes | str, name: str = "<text>") -> tuple[Scenario | None, list[Problem]]:
    """Validate scenario text (bytes or str): the scenario, or None, and the problems found."""
    try:
        raw, marks = parse_yaml(data)
    except ScenarioError as exc:
        return None, exc.problems
    problems = validate_document(raw, marks)
    if any(p.severity == "error" for p in problems):
        return None, problems
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:  # pragma: no cover - the checks above mirror the model
        return None, [*problems, *_pydantic_problems(exc, (), marks)]
    return scenario, problems


def _whole(message: str) -> Problem:
    return Problem((), message)


def parse_yaml(data: bytes | str) -> tuple[Any, Marks]:
    """Parse YAML safely into plain data plus the line and column of every node.

    Refuses what a scenario never needs and an attacker could use: aliases (the
    "billion laughs"), nesting deeper than MAX_DEPTH, tags outside the safe set.
    """
    if isinstance(data, bytes):
        if b"\x00" in data[:8192]:
            raise ScenarioError(None, [_whole("this is a binary file, not YAML text; give a .yaml scenario file")])
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            raise ScenarioError(
                None, [Problem((), f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line=line, column=col)]
            ) from None
    else:
        text = data
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise ScenarioError(
            None, [_whole("the file is empty; a scenario needs at least 'id', 'title', 'actors' and 'issues'")]
        )
    # First pass over events: cheap, iterative, and catches aliases and deep nesting before
    # the recursive composer sees them.
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise ScenarioError(
                    None,
                    [Problem((), "YAML anchors and aliases (&name, *name) are not supported; write values out",
                             line=mark.line + 1, column=mark.column + 1)],
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise ScenarioError(
                        None,
                        [Problem((), f"nesting deeper than {MAX_DEPTH} levels; a scenario never needs this",
                                 line=mark.line + 1, column=mark.column + 1)],
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise ScenarioError(None, [_whole("the file holds no YAML document; a scenario is a mapping")])
            marks: Marks = {}
            value = _construct(node, (), marks, loader)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        raise ScenarioError(
            None,
            [Problem((), f"not valid YAML: {what}",
                     line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None)],
        ) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(None, [_whole(f"not valid YAML: {exc}")]) from None
    if not isinstance(value, dict):
        raise ScenarioError(
            None,
            [Problem((), f"the document is a {_kind(value)}; a scenario is a mapping with keys "
                     "id, title, actors, issues, ...", line=node.start_mark.line + 1, column=1)],
        )
    return value, marks


def _kind(value: object) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def _construct(node: yaml.Node, path: DocPath, marks: Marks, loader: yaml.SafeLoader) -> Any:
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.MarkedYAMLError(problem="a mapping key must be plain text", problem_mark=key_node.start_mark)
            key = loader.construct_object(key_node)
            if isinstance(key, bool | int | float) or key is None:
                key = loader.construct_scalar(key_node)  # "yes", "1": keys are always text
            key = str(key)
            if key in out:
                raise yaml.MarkedYAMLError(
                    problem=f"key '{key}' appears twice in the same mapping; keep one",
                    problem_mark=key_node.start_mark,
                )
            marks[(*path, key, "<key>")] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _construct(value_node, (*path, key), marks, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, k), marks, loader) for k, item in enumerate(node.value)]
    return loader.construct_object(node)


# --- validating ----------------------------------------------------------------------------
def validate_document(raw: dict[str, Any], marks: Marks) -> list[Problem]:
    """Every problem in a parsed scenario document: per record, then across records."""
    problems: list[Problem] = []
    header = {k: v for k, v in raw.items() if k not in _COLLECTIONS}
    for key in header:
        if key not in _HEADER_FIELDS:
            problems.append(_unknown_key((key,), key, [*_HEADER_FIELDS, *_COLLECTIONS], marks))
    for name in _HEADER_FIELDS:
        field = Scenario.model_fields[name]
        if name not in raw:
            if field.is_required():
                problems.append(_at((name,), f"missing required key '{name}'", marks))
            continue
        try:
            TypeAdapter(field.annotation).validate_python(raw[name])  # type: ignore[arg-type]
            _field_constraints(name, raw[name])
        except ValidationError as exc:
            problems.extend(_pydantic_problems(exc, (name,), marks))
        except ValueError as exc:
            problems.append(_at((name,), str(exc), marks))

    parts = Parts()
    for name, model in _COLLECTIONS.items():
        items = raw.get(name)
        if items is None:
            if Scenario.model_fields[name].is_required():
                problems.append(_at((name,), f"missing required key '{name}'; give a list with at least one entry", marks))
            continue
        if not isinstance(items, list):
            problems.append(_at((name,), f"'{name}' must be a list (one '- ' entry per item), not {_kind(items)}", marks))
            continue
        if not items and Scenario.model_fields[name].is_required():
            problems.append(_at((name,), f"'{name}' is empty; give at least one", marks))
        ids: set[str] = set()
        good: list[tuple[int, Any]] = []
        for idx, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ids.add(item["id"])
            try:
                good.append((idx, model.model_validate(item)))
            except ValidationError as exc:
                problems.extend(_pydantic_problems(exc, (name, idx), marks))
        setattr(parts, name, good)
        parts.raw_ids[name] = ids
    for problem in check_parts(parts):
        line, col = _locate(problem.path, marks)
        problems.append(Problem(problem.path, problem.message, problem.severity, line, col))
    return problems


def _field_constraints(name: str, value: Any) -> None:
    # The header fields' own constraints (pydantic Field(...)) that a bare TypeAdapter skips.
    field = Scenario.model_fields[name]
    for meta in field.metadata:
        ge, le, min_len = getattr(meta, "ge", None), getattr(meta, "le", None), getattr(meta, "min_length", None)
        if ge is not None and isinstance(value, int | float) and value < ge:
            raise ValueError(f"must be at least {ge}; got {value}")
        if le is not None and isinstance(value, int | float) and value > le:
            raise ValueError(f"this version reads format {le} or older; got {value}")
        if min_len is not None and isinstance(value, str) and len(value) < min_len:
            raise ValueError("must not be empty")


def _locate(path: DocPath, marks: Marks) -> tuple[int | None, int | None]:
    for n in range(len(path), -1, -1):
        if path[:n] in marks:
            return marks[path[:n]]
    return None, None


def _at(path: DocPath, message: str, marks: Marks) -> Problem:
    line, col = _locate(path, marks)
    return Problem(path, message, line=line, column=col)


def _unknown_key(path: DocPath, key: str, allowed: list[str], marks: Marks) -> Problem:
    line, col = marks.get((*path, "<key>"), _locate(path, marks))
    return Problem(
        path,
        f"unknown key '{key}'{suggest(key, allowed)}; allowed keys here: {known_list(allowed, 30)}",
        line=line,
        column=col,
    )


def _pydantic_problems(exc: ValidationError, prefix: DocPath, marks: Marks) -> list[Problem]:
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"])
        path = (*prefix, *loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            model = _model_at(prefix, loc[:-1])
            allowed = list(model.model_fields) if model else []
            out.append(_unknown_key(path, str(loc[-1]), allowed, marks))
            continue
        message = _friendly(err)
        if kind == "missing":
            model = _model_at(prefix, loc[:-1])
            fields = [n for n, f in model.model_fields.items() if f.is_required()] if model else []
            message = f"missing required key '{loc[-1]}'" + (f" (required here: {', '.join(fields)})" if fields else "")
        out.append(_at(path, message, marks))
    # one message per path and text: unions report each branch
    unique: dict[tuple[DocPath, str], Problem] = {}
    for p in out:
        unique.setdefault((p.path, p.message), p)
    return list(unique.values())


def _clean_loc(loc: tuple[Any, ...]) -> DocPath:
    # pydantic adds union-branch and validator names to locations; drop them from the path.
    noise = {"bool", "int", "float", "str", "Unknown", "list[...]", "function-before[_unknown_from_word(), union[Unknown,bool,int,float,str]]"}
    return tuple(part for part in loc if not (isinstance(part, str) and (part in noise or "[" in part)))


def _model_at(prefix: DocPath, loc: DocPath) -> type[BaseModel] | None:
    model: type[BaseModel] | None = _COLLECTIONS.get(str(prefix[0])) if prefix else Scenario
    for part in loc:
        if model is None or isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        model = _inner_model(field.annotation) if field else None
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _friendly(err: Any) -> str:
    kind, msg, value = err["type"], err["msg"], err.get("input")
    ctx = err.get("ctx") or {}
    shown = repr(value) if not isinstance(value, dict | list) else _kind(value)
    if kind == "missing":
        return "missing required key"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{msg[0].lower()}{msg[1:]} (got {shown})"
    if kind == "enum":
        return f"{shown} is not allowed; valid: {ctx.get('expected', '')}"
    if kind.startswith("string_") or kind in ("literal_error",):
        return f"{msg[0].lower()}{msg[1:]} (got {shown})"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{msg[0].lower()}{msg[1:]}; got {shown}"
    if kind == "value_error":
        return str(ctx.get("error", msg))
    return f"{msg[0].lower()}{msg[1:]} (got {shown})"


# --- writing -------------------------------------------------------------------------------
def scenario_to_data(scenario: Scenario) -> dict[str, Any]:
    """Plain data for a scenario, without empty and default values, keys in model order."""
    return scenario.model_dump(mode="json", exclude_defaults=True, exclude_none=True)


def dump_scenario(scenario: Scenario) -> str:
    return yaml.safe_dump(
        scenario_to_data(scenario), sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Write a scenario atomically: a reader sees the old file or the new one, never half."""
    target = Path(path)
    text = dump_scenario(scenario)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
