"""Reading and writing scenario files (YAML), with errors that point at the line.

Reading never raises anything but :class:`ScenarioError`, whatever the bytes: every
problem found carries the file, line and column, the path in the document and what
would be valid. Writing is atomic: a temporary file in the same folder, then a rename.
"""

from __future__ import annotations

import codecs
import datetime as dt
import enum
import os
import re
import tempfile
import types
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from accord.model.actors import Actor, Source
from accord.model.checks import Parts, check_parts
from accord.model.events import Constraint, Event
from accord.model.issues import Issue
from accord.model.levers import Lever
from accord.model.problems import Path as DocPath
from accord.model.problems import Problem, ScenarioError, known_list, suggest
from accord.model.proposals import Proposal
from accord.model.scenario import Scenario
from accord.model.stances import Stance

#: Scenario files larger than this are refused before they are read.
MAX_BYTES = 10 * 1024 * 1024
#: libyaml's parser when PyYAML has it: about 20x faster on large files. Files it finds
#: fault with are parsed again by the pure-Python parser, whose messages are the ones
#: worded and tested here.
_FAST: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Deeper nesting than any scenario needs is refused (it also guards the recursive parser).
MAX_DEPTH = 40
#: Refusals found before composing (anchors, aliases, tags) reported before giving up.
MAX_REFUSALS = 20

_COLLECTIONS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "actors": Actor,
    "issues": Issue,
    "stances": Stance,
    "proposals": Proposal,
    "events": Event,
    "constraints": Constraint,
    "levers": Lever,
}
_HEADER_FIELDS = [name for name in Scenario.model_fields if name not in _COLLECTIONS]
_REQUIRED = [n for n, f in Scenario.model_fields.items() if f.is_required()]
_NEEDS = "a scenario needs at least " + ", ".join(f"'{n}'" for n in _REQUIRED)
_SAFE_TAGS = {"!", *(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null"))}

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
    try:
        raw, marks, problems = _parse_yaml(data)
    except ScenarioError as exc:
        return None, exc.problems
    problems.extend(validate_document(raw, marks))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))  # document order
    if any(p.severity == "error" for p in problems):
        return None, problems
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:  # pragma: no cover - the checks above mirror the model
        return None, [*problems, *_pydantic_problems(exc, (), marks)]
    return scenario, problems


def _whole(message: str) -> Problem:
    return Problem((), message)


def _marked(path: DocPath, message: str, mark: Any) -> Problem:
    return Problem(path, message, line=mark.line + 1, column=mark.column + 1)


def parse_yaml(data: bytes | str) -> tuple[Any, Marks]:
    """Parse YAML safely into plain data plus the line and column of every node.

    Refuses what a scenario never needs and an attacker could use: aliases (the
    "billion laughs"), nesting deeper than MAX_DEPTH, tags outside the safe set.
    """
    value, marks, problems = _parse_yaml(data)
    if problems:
        raise ScenarioError(None, problems)
    return value, marks


def _parse_yaml(data: bytes | str) -> tuple[dict[str, Any], Marks, list[Problem]]:
    # The document, the marks and the problems that still let it be validated (duplicate
    # keys); ScenarioError for anything that stops reading.
    text = _decode(data) if isinstance(data, bytes) else data
    if not text.strip():
        raise ScenarioError(None, [_whole(f"the file is empty; {_NEEDS}")])
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise ScenarioError(None, [_whole(f"the file has only comments; {_NEEDS}")])
    # First pass over events: cheap, iterative, and catches aliases and deep nesting before
    # the recursive composer sees them.
    refused = _refusals(text, _FAST)
    if refused and _FAST is not yaml.SafeLoader:
        # Report in the pure-Python parser's words; where the two parsers disagree (libyaml
        # is stricter in a few corners) the pure one, the YAML reference, decides.
        refused = _refusals(text, yaml.SafeLoader)
        if not refused:
            return _compose(text, yaml.SafeLoader)
    if refused:
        raise ScenarioError(None, refused)
    try:
        return _compose(text, _FAST)
    except ScenarioError:
        if _FAST is yaml.SafeLoader:
            raise
        return _compose(text, yaml.SafeLoader)


def _compose(text: str, loader_class: Any) -> tuple[dict[str, Any], Marks, list[Problem]]:
    loader = loader_class(text)
    problems: list[Problem] = []
    try:
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError(None, [_whole(f"the file holds no YAML document; {_NEEDS}")])
        marks: Marks = {}
        value = _construct(node, (), marks, loader, problems)
    except yaml.YAMLError as exc:
        raise ScenarioError(None, [_yaml_problem(exc, text, ())]) from None
    finally:
        loader.dispose()
    if not isinstance(value, dict):
        raise ScenarioError(
            None,
            [
                Problem(
                    (),
                    f"the document is {_doc_kind(value)}; a scenario is a mapping with keys "
                    "id, title, actors, issues, ...",
                    line=node.start_mark.line + 1,
                    column=1,
                )
            ],
        )
    return value, marks, problems


def _doc_kind(value: object) -> str:
    if isinstance(value, list) or value is None:
        return "a list" if value is not None else "empty (null)"
    return f"a single value ({_show(value)})"


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ScenarioError(None, [_whole("the file is UTF-16 text; save it as UTF-8")])
    if b"\x00" in data[:8192]:
        message = "this is a binary file, not YAML text; give a .yaml scenario file"
        raise ScenarioError(None, [_whole(message)])
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        start = body.rfind(b"\n", 0, exc.start) + 1
        column = len(body[start : exc.start].decode("utf-8", "replace")) + 1
        message = (
            f"invalid UTF-8 (byte 0x{body[exc.start]:02x}); save the file as UTF-8 "
            "(it looks like another encoding, such as Latin-1 or Windows-1252)"
        )
        raise ScenarioError(None, [Problem((), message, line=line, column=column)]) from None


def _refusals(text: str, loader_class: Any) -> list[Problem]:
    """Anchors, aliases, tags and deep nesting, found in one iterative pass over the events."""
    found: list[Problem] = []
    stack: list[list[Any]] = []  # per open collection: path, is-mapping, items seen, last key
    last: tuple[DocPath, int] = ((), -1)  # the latest node's path and line
    try:
        for event in yaml.parse(text, Loader=loader_class):
            if isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
            if isinstance(event, yaml.DocumentStartEvent) and event.explicit and last[1] >= 0:
                message = "a file holds one scenario; remove this '---' and the document after it"
                return [*found, _marked((), message, event.start_mark)]
            if not isinstance(event, yaml.NodeEvent):
                continue
            path = _event_path(stack, event)
            mark = event.start_mark
            last = (path, mark.line)
            if isinstance(event, yaml.AliasEvent) or event.anchor:
                found.append(
                    _marked(
                        path,
                        "YAML anchors and aliases (&name, *name) are not "
                        "supported; write the value out in full",
                        mark,
                    )
                )
            tag = getattr(event, "tag", None)
            if tag and tag not in _SAFE_TAGS:
                short = tag.replace("tag:yaml.org,2002:", "!!")
                found.append(
                    _marked(
                        path,
                        f"the YAML tag '{short}' is not allowed; write a plain "
                        "value (text, number, true/false, list or mapping)",
                        mark,
                    )
                )
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append([path, isinstance(event, yaml.MappingStartEvent), 0, None])
                if len(stack) > MAX_DEPTH:
                    message = f"nesting deeper than {MAX_DEPTH} levels; a scenario never needs this"
                    return [*found, _marked(path, message, mark)]
            if len(found) >= MAX_REFUSALS:
                return [*found, _marked(path, f"stopped after {MAX_REFUSALS} such problems", mark)]
    except yaml.YAMLError as exc:
        found.append(_yaml_problem(exc, text, stack[-1][0] if stack else (), last))
    return found


def _event_path(stack: list[list[Any]], event: yaml.NodeEvent) -> DocPath:
    # The document path of a node event, given the collections open around it.
    if not stack:
        return ()
    top = stack[-1]
    path, is_map, seen, key = top
    top[2] += 1
    if not is_map:
        return (*path, seen)
    if seen % 2 == 0:  # a key
        top[3] = str(getattr(event, "value", "?"))
        return (*path, top[3])
    return (*path, key)


_SYNTAX_HINTS = [
    (
        "mapping values are not allowed",
        "a value with ': ' in it needs quotes (title: \"A: B\"); otherwise check the indentation",
    ),
    ("expected a single document", "a file holds one scenario; remove the extra '---'"),
    (
        "expected '<document start>'",
        "a file holds one scenario; remove the '...' line and what follows it",
    ),
    ("could not find expected ':'", "each key needs ':' after it, and a quote may not be closed"),
    ("expected <block end>", "check the indentation: this line does not line up with those above"),
    ("did not find expected", "check the indentation: this line does not line up with those above"),
    ("cannot start any token", "this character cannot start a value; put the value in quotes"),
]


def _yaml_problem(
    exc: yaml.YAMLError, text: str, outer: DocPath = (), last: tuple[DocPath, int] = ((), -1)
) -> Problem:
    """A YAML syntax error, with a hint; at the latest node when on its line, else ``outer``."""
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow
        pos = exc.position
        line, column = text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1])
        message = f"the character U+{char:04X} is not allowed in YAML text; remove it"
        return Problem(outer, message, line=line, column=column)
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem(outer, f"not valid YAML: {exc}")
    context, opened = str(exc.context or ""), exc.context_mark
    what = str(exc.problem or context or "unreadable")
    mark = exc.problem_mark or opened
    lines = text.splitlines()
    here = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in here[: len(here) - len(here.lstrip())] or "'\\t'" in what or "tab" in what:
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    else:
        hint = next((h for key, h in _SYNTAX_HINTS if key in f"{context} {what}"), "")
    if opened and ("flow" in context or "quoted" in context):
        line = lines[opened.line] if opened.line < len(lines) else ""
        char = "quote" if "quoted" in context else f"'{line[opened.column : opened.column + 1]}'"
        hint = f"the {char} opened on line {opened.line + 1} is not closed"
        if "end of stream" in what:  # the end of the file says nothing: point at the opening
            mark = opened
    message = f"not valid YAML: {what}" + (f"; {hint}" if hint else "")
    if mark is None:
        return Problem(outer, message)
    return _marked(last[0] if last[1] == mark.line else outer, message, mark)


def _construct(
    node: yaml.Node, path: DocPath, marks: Marks, loader: yaml.SafeLoader, problems: list[Problem]
) -> Any:
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    _marked(
                        path, "a key must be plain text, not a list or mapping", key_node.start_mark
                    )
                )
                continue
            key = str(loader.construct_scalar(key_node))  # "yes", "1", dates: keys stay text
            kpath = (*path, key)
            if key in out:
                first = marks[(*kpath, "<key>")][0]
                problems.append(
                    _marked(
                        kpath,
                        f"key '{key}' appears twice in the same mapping "
                        f"(first on line {first}); keep one",
                        key_node.start_mark,
                    )
                )
                continue
            kmark = key_node.start_mark
            marks[(*kpath, "<key>")] = (kmark.line + 1, kmark.column + 1)
            out[key] = _construct(value_node, kpath, marks, loader, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = enumerate(node.value)
        return [_construct(item, (*path, k), marks, loader, problems) for k, item in items]
    try:
        return loader.construct_object(node)
    except (ValueError, LookupError, OverflowError):  # 2024-13-01, !!int x: keep the text
        return loader.construct_scalar(node)


# --- validating ----------------------------------------------------------------------------
def _header_adapter(name: str) -> TypeAdapter[Any]:
    field = Scenario.model_fields[name]
    tp = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    return TypeAdapter(tp)


_HEADER_ADAPTERS = {name: _header_adapter(name) for name in _HEADER_FIELDS}


def validate_document(raw: dict[str, Any], marks: Marks) -> list[Problem]:
    """Every problem in a parsed scenario document: per record, then across records."""
    problems: list[Problem] = []
    for key in raw:
        if key not in _HEADER_FIELDS and key not in _COLLECTIONS:
            problems.append(_unknown_key((key,), key, [*_HEADER_FIELDS, *_COLLECTIONS], marks))
    for name in _HEADER_FIELDS:
        if name not in raw:
            if Scenario.model_fields[name].is_required():
                message = f"missing required key '{name}' ({_NEEDS})"
                problems.append(_at((name,), message, marks))
            continue
        try:
            _HEADER_ADAPTERS[name].validate_python(raw[name])
        except ValidationError as exc:
            problems.extend(_pydantic_problems(exc, (name,), marks))
            continue
        if name == "conflict" and raw[name] is not None:
            try:  # the type is checked above; this checks the name is a built-in conflict
                Scenario._known_conflict(raw[name])
            except ValueError as exc:
                problems.append(_at((name,), str(exc), marks))

    parts = Parts()
    for name, model in _COLLECTIONS.items():
        items = raw.get(name)
        required = Scenario.model_fields[name].is_required()
        if (not items and required) or (name in raw and not isinstance(items, list)):
            parts.unreadable.add(name)  # references to it would only repeat this problem
        if items is None:
            if required:
                state = "is empty" if name in raw else "is missing"
                message = f"'{name}' {state}; give a list with at least one entry"
                problems.append(_at_key((name,), message, marks))
            continue
        if not isinstance(items, list):
            message = f"'{name}' must be a list (one '- ' entry per item), not {_show(items)}"
            problems.append(_at_key((name,), message, marks))
            continue
        if not items and required:
            message = f"'{name}' is empty; give a list with at least one entry"
            problems.append(_at_key((name,), message, marks))
        ids: set[str] = set()
        good: list[tuple[int, Any]] = []
        for idx, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ids.add(item["id"])
            try:
                good.append((idx, model.model_validate(item)))
            except ValidationError as exc:
                problems.extend(_pydantic_problems(exc, (name, idx), marks, item))
        setattr(parts, name, good)
        parts.raw_ids[name] = ids
    for problem in check_parts(parts):
        line, col = _locate(problem.path, marks)
        problems.append(Problem(problem.path, problem.message, problem.severity, line, col))
    return problems


def _locate(path: DocPath, marks: Marks) -> tuple[int | None, int | None]:
    for n in range(len(path), -1, -1):
        if path[:n] in marks:
            return marks[path[:n]]
    return None, None


def _at(path: DocPath, message: str, marks: Marks) -> Problem:
    line, col = _locate(path, marks)
    return Problem(path, message, line=line, column=col)


def _at_key(path: DocPath, message: str, marks: Marks) -> Problem:
    # at the key rather than its value: 'actors:' rather than the line below it
    line, col = marks.get((*path, "<key>"), _locate(path, marks))
    return Problem(path, message, line=line, column=col)


def _unknown_key(path: DocPath, key: str, allowed: list[str], marks: Marks) -> Problem:
    message = f"unknown key '{key}'{suggest(key, allowed)}; allowed keys here: "
    return _at_key(path, message + known_list(allowed, 30), marks)


# --- pydantic errors as problems -----------------------------------------------------------
_BRANCH_LABELS = {
    "bool": "true/false",
    "int": "a number",
    "float": "a number",
    "str": "an option id",
    "Unknown": "'unknown'",
    "list[...]": "a list of these",
}


def _pydantic_problems(
    exc: ValidationError, prefix: DocPath, marks: Marks, item: Any = None
) -> list[Problem]:
    """Problems for a pydantic error, one per path; ``item`` is the raw record, if any."""
    errors = [(_walk((*prefix, *err["loc"])), err) for err in exc.errors(include_url=False)]
    paths = [w.path for w, _ in errors]
    out: list[Problem] = []
    # a union ("a number, true/false or an option id") reports each member: when the input
    # went deeper (a mapping for 'unknown'), those errors say more; else merge into one
    merged: dict[DocPath, tuple[list[str], Any]] = {}
    for where, err in errors:
        kind, path = err["type"], where.path
        if where.branches and kind.endswith(("_type", "_parsing")):
            if any(len(q) > len(path) and q[: len(path)] == path for q in paths):
                continue
            labels, _ = merged.setdefault(path, ([], err.get("input")))
            labels.append(_BRANCH_LABELS.get(where.branches[-1], where.branches[-1]))
            continue
        if kind == "extra_forbidden":
            model = _model_in(_walk((*prefix, *err["loc"][:-1])).type)
            allowed = list(model.model_fields) if model else []
            out.append(_unknown_key(path, str(path[-1]), allowed, marks))
            continue
        if kind == "value_error" and not err["loc"] and isinstance(item, dict):
            path = _record_error_path(prefix, item, str((err.get("ctx") or {}).get("error")))
        out.append(_at(path, _friendly(err, where, prefix), marks))
    for path, (labels, value) in merged.items():
        options = sorted(dict.fromkeys(labels), key=lambda label: label == "'unknown'")
        expected = " or ".join([", ".join(options[:-1]), options[-1]] if options[1:] else options)
        out.append(_at(path, f"must be {expected}; got {_show(value)}", marks))
    unique: dict[tuple[DocPath, str], Problem] = {}
    for p in out:
        unique.setdefault((p.path, p.message), p)
    return list(unique.values())


class _Where:
    """Where a pydantic location points: document path, union branches taken, type, field."""

    def __init__(self) -> None:
        self.path: DocPath = ()
        self.branches: list[str] = []
        self.type: Any = Scenario
        self.field: FieldInfo | None = None


def _walk(loc: tuple[Any, ...]) -> _Where:
    # Follow a pydantic location from the Scenario model down, telling the document path
    # apart from the names pydantic gives union members ('int', 'Unknown', 'list[...]').
    where = _Where()
    path: list[str | int] = []
    for part in loc:
        options = _members(where.type)
        if (
            isinstance(part, str)
            and (len(options) > 1 or where.type is None)
            and (part in _BRANCH_LABELS or "[" in part)
        ):
            where.branches.append(part)
            where.type = next((o for o in options if _member_name(o) == part), None)
            continue
        path.append(part)
        where.type, where.field = _step(options, part)
    where.path = tuple(path)
    return where


def _members(tp: Any) -> list[Any]:
    """The members of a union (without None), Annotated wrappers removed."""
    if tp is None:
        return []
    origin = get_origin(tp)
    if origin is Annotated:
        return _members(get_args(tp)[0])
    if origin in (Union, types.UnionType):
        return [m for arg in get_args(tp) if arg is not type(None) for m in _members(arg)]
    return [tp]


def _member_name(tp: Any) -> str:
    return "list[...]" if get_origin(tp) is list else getattr(tp, "__name__", "")


def _step(options: list[Any], part: str | int) -> tuple[Any, FieldInfo | None]:
    for tp in options:
        origin = get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel) and str(part) in tp.model_fields:
            field = tp.model_fields[str(part)]
            return field.annotation, field
        if origin is list and isinstance(part, int):
            return get_args(tp)[0], None
        if origin is dict and isinstance(part, str):
            return get_args(tp)[1], None
    return None, None


def _model_in(tp: Any) -> type[BaseModel] | None:
    for member in _members(tp):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def _record_error_path(prefix: DocPath, item: dict[str, Any], message: str) -> DocPath:
    # A rule about a whole record (an issue's options, min and max): point at the key it
    # names, or at the option that breaks an order, rather than at the record's first line.
    options = item.get("options")
    if "position" in message and isinstance(options, list):
        pos = [o.get("position") if isinstance(o, dict) else None for o in options]
        for k in range(1, len(pos)):
            a, b = pos[k - 1], pos[k]
            if (a is None) != (b is None) or (a is not None and b is not None and b <= a):
                return (*prefix, "options", k, "position" if b is not None else "id")
    for key in re.findall(r"'(\w+)'", message):
        if key in item:
            return (*prefix, key)
    return prefix


def _show(value: object) -> str:
    """A value as a message shows it: 'text', 12, true, a list, a mapping, nothing."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return repr(value[:37] + "...") if isinstance(value, str) and len(value) > 40 else repr(value)


def _range(where: _Where) -> str:
    """'a number from 0 to 1' (or 'at least 0', 'a whole number ...') for a number field."""
    lo = hi = None
    for meta in where.field.metadata if where.field else []:
        lo, hi = getattr(meta, "ge", lo), getattr(meta, "le", hi)
    noun = "a whole number" if int in _members(where.type) else "a number"
    if lo is not None and hi is not None:
        return f"{noun} from {lo:g} to {hi:g}" if lo != hi else f"{hi:g}"
    if lo is not None:
        return f"{noun} of at least {lo:g}"
    return f"{noun} of at most {hi:g}" if hi is not None else noun


_ID_CHARS = r"[^A-Za-z0-9_.\-]+"
_SCALARS = (bool, int, float, dt.date)


def _friendly(err: Any, where: _Where, prefix: DocPath) -> str:
    kind, msg, value = err["type"], err["msg"], err.get("input")
    ctx = err.get("ctx") or {}
    shown = _show(value)
    name = next((str(p) for p in reversed(where.path) if isinstance(p, str)), "")
    if kind == "missing":
        model = _model_in(_walk((*prefix, *err["loc"][:-1])).type)
        fields = [n for n, f in model.model_fields.items() if f.is_required()] if model else []
        return f"missing required key '{name}'" + (
            f" (required here: {', '.join(fields)})" if fields else ""
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{shown} is out of range; valid: {_range(where)}"
    if kind.startswith(("float_", "int_")):
        return f"must be {_range(where)}; got {shown}"
    pattern = str(ctx.get("pattern", ""))
    choices = kind == "string_pattern_mismatch" and "|" in pattern
    if kind.startswith(("enum", "literal")) or choices:
        tp = where.type
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            allowed = [str(m.value) for m in tp]
        else:  # a pattern of choices: ^(uniform|triangular|normal)$
            allowed = re.findall(r"\w+", pattern) or [str(ctx.get("expected", ""))]
        hint = suggest(str(value), allowed)
        return f"{shown} is not a valid {name}{hint}; valid: {', '.join(allowed)}"
    if kind == "string_pattern_mismatch":
        fixed = re.sub(_ID_CHARS, "_", str(value)).strip("_")
        example = f", e.g. '{fixed}'" if fixed else ""
        return f"{shown} is not a valid id: use letters, digits, '_', '.' and '-' only{example}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is {len(str(value))} characters long; valid: at most {ctx.get('max_length')}"
    if kind == "string_type":
        quote = "; put it in quotes to keep it as text" if isinstance(value, _SCALARS) else ""
        return f"must be text; got {shown}{quote}"
    if kind.startswith("date"):
        reason = msg.split(", ", 1)[1] if ", " in msg else ""
        why = f" ({reason})" if reason and value is not None else ""
        return f"{shown} is not a valid date{why}; write dates as YYYY-MM-DD, e.g. 2024-05-01"
    if kind.startswith("bool"):
        return f"must be true or false; got {shown}"
    if kind == "model_type":
        model = _model_in(where.type)
        fields = [n for n, f in model.model_fields.items() if f.is_required()] if model else []
        keys = f" with keys {', '.join(fields)}" if fields else " (key: value lines)"
        return f"must be a mapping{keys}; got {shown}"
    if kind == "dict_type":
        return f"must be a mapping (key: value lines); got {shown}"
    if kind == "list_type":
        hint = f"; write [{value}]" if isinstance(value, str | int | float) else ""
        return f"must be a list ('- ' lines or [a, b]); got {shown}{hint}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} entry; got none"
    if kind == "value_error":
        return str(ctx.get("error", msg))
    return f"{msg[0].lower()}{msg[1:]} (got {shown})"


# --- writing -------------------------------------------------------------------------------
def scenario_to_data(scenario: Scenario) -> dict[str, Any]:
    """Plain data for a scenario, without empty and default values, keys in model order."""
    return scenario.model_dump(mode="json", exclude_defaults=True, exclude_none=True)


class _Dumper(yaml.SafeDumper):
    """Writes text that PyYAML would otherwise not read back as written."""


# Line separators other than \n (NEL, U+2028, U+2029) are folded to spaces when read back
# from plain or single-quoted scalars; double quotes escape them.
_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(c in value for c in _LINE_BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """Plain data as YAML text that reads back exactly (key order kept)."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def dump_scenario(scenario: Scenario) -> str:
    return dump_yaml(scenario_to_data(scenario))


def write_atomically(path: str | os.PathLike[str], text: str, newline: str | None = None) -> None:
    """Write a text file atomically: a reader sees the old file or the new one, never half.

    A temporary file in the same folder, flushed to disk, then renamed over the target. The
    new file keeps the mode of the file it replaces; a new file follows the umask.
    """
    target = Path(path)
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            fh.write(text)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Write a scenario file atomically (see :func:`write_atomically`)."""
    write_atomically(path, dump_scenario(scenario))
