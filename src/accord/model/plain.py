"""The one serialiser: result records to plain, JSON-ready data.

:func:`to_plain` turns a record into dicts, lists, strings, numbers, booleans and None, the
way every output writes it (the CLI's ``--json``, the web API, stored run results, evidence
files):

- a dataclass field by field, in declaration order (:func:`plain_fields`); a field declared
  with ``metadata=rename("key")`` is written under that key, one with ``metadata=omit()``
  is left out;
- a record whose JSON shape differs from its fields (computed values, a different order)
  defines ``__plain__(self)``, returning the mapping to write; its values are converted in
  turn, so the hook names what differs and nothing else;
- a pydantic record as pydantic dumps it in JSON mode (``omit_none`` leaves out fields that
  are None);
- enums as their values, dates and times as ISO 8601 text, paths as text, NumPy scalars and
  arrays as Python numbers and (nested) lists, tuples and sets as lists, mapping keys as
  JSON writes them (``1`` -> ``"1"``, ``True`` -> ``"true"``);
- floats as they are: NaN and infinities stay floats, written as ``NaN``/``Infinity`` by the
  CLI and refused by the run store, as before.

Anything else raises :class:`TypeError`, unless ``default`` says what to write instead.
NumPy and pydantic are recognised without being imported, so the light commands stay light.

>>> from dataclasses import dataclass, field
>>> @dataclass
... class Point:
...     x: float
...     label: str = field(default="", metadata=rename("name"))
...     cache: object = field(default=None, metadata=omit())
>>> to_plain({"p": (Point(0.5, "a"),), 2: None})
{'p': [{'x': 0.5, 'name': 'a'}], '2': None}
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from typing import Any

#: The key under which a dataclass field's metadata says how the field is written.
PLAIN = "plain"

_SCALARS = (str, int, float, bool, type(None))


def rename(key: str) -> dict[str, Any]:
    """Field metadata: write the field under ``key`` instead of its name."""
    return {PLAIN: key}


def omit() -> dict[str, Any]:
    """Field metadata: leave the field out of the plain data (caches, big arrays, links)."""
    return {PLAIN: None}


def plain_fields(record: Any) -> dict[str, Any]:
    """A dataclass's fields by the keys they are written under, values not yet converted."""
    out: dict[str, Any] = {}
    for f in fields(record):
        key = f.metadata.get(PLAIN, f.name)
        if key is not None:
            out[key] = getattr(record, f.name)
    return out


def to_plain(
    obj: Any, *, omit_none: bool = False, default: Callable[[Any], Any] | None = None
) -> Any:
    """``obj`` as plain JSON-ready data (see the module docstring for the rules)."""
    if type(obj) in _SCALARS:
        return obj

    def again(value: Any) -> Any:
        return to_plain(value, omit_none=omit_none, default=default)

    if isinstance(obj, enum.Enum):
        return again(obj.value)
    if isinstance(obj, float):  # subclasses: NumPy's float64
        return float(obj)
    if isinstance(obj, str | int):
        return str(obj) if isinstance(obj, str) else int(obj)
    hook = getattr(obj, "__plain__", None)
    if hook is not None and not isinstance(obj, type):
        return again(hook())
    if is_dataclass(obj) and not isinstance(obj, type):
        items = plain_fields(obj)
        if omit_none:
            items = {k: v for k, v in items.items() if v is not None}
        return again(items)
    if isinstance(obj, Mapping):
        return {_key(again(k)): again(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [again(v) for v in obj]
    if isinstance(obj, dt.date | dt.time):  # datetime is a date
        return obj.isoformat()
    if isinstance(obj, os.PathLike):
        return os.fspath(obj)
    if callable(getattr(obj, "model_dump", None)):  # pydantic
        return obj.model_dump(mode="json", exclude_none=omit_none)
    if callable(getattr(obj, "tolist", None)):  # NumPy arrays and scalars
        return again(obj.tolist())
    if default is not None:
        return again(default(obj))
    raise TypeError(f"{type(obj).__name__} has no plain form: {obj!r}")


def _key(key: Any) -> str:
    """A mapping key as JSON writes it."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return {None: "null", True: "true", False: "false"}[key]
    if isinstance(key, float):
        return json.dumps(float(key))  # NaN and Infinity as JSON writes them
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"a mapping key must be text or a number, not {type(key).__name__}")
