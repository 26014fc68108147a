"""Problems placed in the document: the path of a problem to its line and column, and
pydantic's validation errors in words a scenario's or a conflict's author can act on.

Shared by every located reader (scenarios, conflicts): what a key's value must be, which
keys are allowed, the nearest valid spelling, all pointing at the line in the file.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from accord.io.located import Marks, show
from accord.model.problems import Path as DocPath
from accord.model.problems import Problem, known_list, suggest


# --- placing problems ----------------------------------------------------------------------
def locate(path: DocPath, marks: Marks) -> tuple[int | None, int | None]:
    """The line and column (1-based) of the part of the document at ``path``, or of the
    nearest enclosing part that has a mark (a missing key has none: its record does);
    ``(None, None)`` when nothing on the path was marked.

    Example:
        >>> marks = {("actors",): (3, 1), ("actors", 0): (4, 5)}
        >>> locate(("actors", 0, "batna"), marks), locate(("issues",), marks)
        ((4, 5), (None, None))
    """
    for n in range(len(path), -1, -1):
        if path[:n] in marks:
            return marks[path[:n]]
    return None, None


def at(path: DocPath, message: str, marks: Marks) -> Problem:
    """A problem with ``message`` at ``path``, placed at its line and column by :func:`locate`."""
    line, col = locate(path, marks)
    return Problem(path, message, line=line, column=col)


def at_key(path: DocPath, message: str, marks: Marks) -> Problem:
    """Like :func:`at`, but placed at the key's own mark when there is one (``actors:`` rather
    than the line of its value below it): the key is what the message is about.

    Example:
        >>> marks = {("actors",): (4, 3), ("actors", "<key>"): (3, 1)}
        >>> problem = at_key(("actors",), "'actors' must be a list", marks)
        >>> problem.line, problem.column
        (3, 1)
    """
    # at the key rather than its value: 'actors:' rather than the line below it
    line, col = marks.get((*path, "<key>"), locate(path, marks))
    return Problem(path, message, line=line, column=col)


def unknown_key(path: DocPath, key: str, allowed: list[str], marks: Marks) -> Problem:
    """The problem for a key a record does not allow: the closest allowed spelling, if one is
    close, and the keys allowed there, placed at the key.

    Args:
        path: The key's path (the record's path and the key).
        key: The key as written.
        allowed: The keys the record allows.
        marks: Where each part of the document starts.

    Example:
        >>> marks = {("actors", 0, "nmae", "<key>"): (6, 5)}
        >>> problem = unknown_key(("actors", 0, "nmae"), "nmae", ["id", "name", "batna"], marks)
        >>> problem.message
        "unknown key 'nmae' (did you mean 'name'?); allowed keys here: id, name, batna"
        >>> problem.line, problem.column
        (6, 5)
    """
    message = f"unknown key '{key}'{suggest(key, allowed)}; allowed keys here: "
    return at_key(path, message + known_list(allowed, 30), marks)


# --- pydantic errors as problems -----------------------------------------------------------
BRANCH_LABELS = {
    "bool": "true/false",
    "int": "a number",
    "float": "a number",
    "str": "an option id",
    "Unknown": "'unknown'",
    "list[...]": "a list of these",
}


def pydantic_problems(
    exc: ValidationError, prefix: DocPath, marks: Marks, item: Any = None, *, root: Any
) -> list[Problem]:
    """Problems for a pydantic error met validating the part of a ``root`` document at
    ``prefix``, one per path; ``item`` is the raw record, if any."""
    errors = [(walk((*prefix, *err["loc"]), root), err) for err in exc.errors(include_url=False)]
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
            labels.append(BRANCH_LABELS.get(where.branches[-1], where.branches[-1]))
            continue
        if kind == "extra_forbidden":
            model = model_in(walk((*prefix, *err["loc"][:-1]), root).type)
            allowed = keys_of(model) if model else []
            out.append(unknown_key(path, str(path[-1]), allowed, marks))
            continue
        if kind == "value_error" and not err["loc"] and isinstance(item, dict):
            path = record_error_path(prefix, item, str((err.get("ctx") or {}).get("error")))
        out.append(at(path, friendly(err, where, prefix, root=root), marks))
    for path, (labels, value) in merged.items():
        options = sorted(dict.fromkeys(labels), key=lambda label: label == "'unknown'")
        expected = " or ".join([", ".join(options[:-1]), options[-1]] if options[1:] else options)
        out.append(at(path, f"must be {expected}; got {show(value)}", marks))
    unique: dict[tuple[DocPath, str], Problem] = {}
    for p in out:
        unique.setdefault((p.path, p.message), p)
    return list(unique.values())


class Where:
    """Where a pydantic location points: document path, union branches taken, type, field."""

    def __init__(self, root: Any = None) -> None:
        self.path: DocPath = ()
        self.branches: list[str] = []
        self.type: Any = root
        self.field: FieldInfo | None = None


def walk(loc: tuple[Any, ...], root: Any) -> Where:
    """Follow a pydantic location from the ``root`` model down, telling the document path
    apart from the names pydantic gives union members ('int', 'Unknown', 'list[...]')."""
    where = Where(root)
    path: list[str | int] = []
    for part in loc:
        options = members(where.type)
        if (
            isinstance(part, str)
            and (len(options) > 1 or where.type is None)
            and (part in BRANCH_LABELS or "[" in part)
        ):
            where.branches.append(part)
            where.type = next((o for o in options if member_name(o) == part), None)
            continue
        path.append(part)
        where.type, where.field = step(options, part)
    where.path = tuple(path)
    return where


def members(tp: Any) -> list[Any]:
    """The members of a union (without None), Annotated wrappers removed."""
    if tp is None:
        return []
    origin = get_origin(tp)
    if origin is Annotated:
        return members(get_args(tp)[0])
    if origin in (Union, types.UnionType):
        return [m for arg in get_args(tp) if arg is not type(None) for m in members(arg)]
    return [tp]


def member_name(tp: Any) -> str:
    """The name pydantic gives a union member in an error's location (``int``, ``Actor``, or
    ``list[...]`` for any list), so it can be told apart from a key of the document.

    Example:
        >>> member_name(int), member_name(list[str])
        ('int', 'list[...]')
    """
    return "list[...]" if get_origin(tp) is list else getattr(tp, "__name__", "")


def keys_of(model: type[BaseModel], *, required: bool = False) -> list[str]:
    """The keys a record is written with: a field's alias where it has one ('from')."""
    fields = model.model_fields.items()
    return [f.alias or n for n, f in fields if f.is_required() or not required]


def step(options: list[Any], part: str | int) -> tuple[Any, FieldInfo | None]:
    """One step down a type along a pydantic location: the type of the field, list item or
    dict value ``part`` leads to in the first of ``options`` that has it, and the field's
    info (None for a list item or dict value); ``(None, None)`` when none has it.

    Example:
        >>> from pydantic import BaseModel
        >>> class Party(BaseModel):
        ...     name: str
        >>> step([list[Party]], 0)
        (<class 'accord.io.validation.Party'>, None)
        >>> step([Party], "name")[0]
        <class 'str'>
    """
    for tp in options:
        origin = get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = next((f for n, f in tp.model_fields.items() if str(part) in (n, f.alias)), None)
            if field is not None:
                return field.annotation, field
        if origin is list and isinstance(part, int):
            return get_args(tp)[0], None
        if origin is dict and isinstance(part, str):
            return get_args(tp)[1], None
    return None, None


def model_in(tp: Any) -> type[BaseModel] | None:
    """The pydantic model among the members of ``tp`` (``Actor | None`` gives ``Actor``), or
    None when there is none: what a raw record is validated as.

    Example:
        >>> from pydantic import BaseModel
        >>> class Party(BaseModel):
        ...     name: str
        >>> model_in(Party | None) is Party, model_in(int | None)
        (True, None)
    """
    for member in members(tp):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def record_error_path(prefix: DocPath, item: dict[str, Any], message: str) -> DocPath:
    """Where in a record to place a rule about the record as a whole, so the problem points at
    the line to change rather than at the record's first line.

    An order rule over an issue's option positions points at the first option out of order;
    otherwise the first key the message quotes ('min', 'max'...) that the record has;
    otherwise the record.

    Args:
        prefix: The record's path.
        item: The record as written.
        message: The rule's message.

    Example:
        >>> item = {"id": "x", "options": [{"id": "a", "position": 1}, {"id": "b", "position": 0}]}
        >>> record_error_path(("issues", 2), item, "option positions must increase")
        ('issues', 2, 'options', 1, 'position')
        >>> record_error_path(("issues", 2), {"id": "x", "min": 3}, "'min' is above 'max'")
        ('issues', 2, 'min')
    """
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


def number_range(where: Where) -> str:
    """'a number from 0 to 1' (or 'at least 0', 'a whole number ...') for a number field."""
    lo = hi = None
    for meta in where.field.metadata if where.field else []:
        lo, hi = getattr(meta, "ge", lo), getattr(meta, "le", hi)
    noun = "a whole number" if int in members(where.type) else "a number"
    if where.path and where.path[-1] == "probability":  # say what the number is
        noun = "a probability"
    if lo is not None and hi is not None:
        return f"{noun} from {lo:g} to {hi:g}" if lo != hi else f"{hi:g}"
    if lo is not None:
        return f"{noun} of at least {lo:g}"
    return f"{noun} of at most {hi:g}" if hi is not None else noun


_ID_CHARS = r"[^A-Za-z0-9_.\-]+"
_SCALARS = (bool, int, float, dt.date)


def friendly(err: Any, where: Where, prefix: DocPath, *, root: Any) -> str:
    """A pydantic error in words: what the value must be, what it is, the nearest valid one."""
    kind, msg, value = err["type"], err["msg"], err.get("input")
    ctx = err.get("ctx") or {}
    shown = show(value)
    name = next((str(p) for p in reversed(where.path) if isinstance(p, str)), "")
    if kind == "missing":
        model = model_in(walk((*prefix, *err["loc"][:-1]), root).type)
        fields = keys_of(model, required=True) if model else []
        return f"missing required key '{name}'" + (
            f" (required here: {', '.join(fields)})" if fields else ""
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{shown} is out of range; valid: {number_range(where)}"
    if kind.startswith(("float_", "int_")):
        return f"must be {number_range(where)}; got {shown}"
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
        model = model_in(where.type)
        fields = keys_of(model, required=True) if model else []
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
