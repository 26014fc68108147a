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

Output too large to hold at once (a frontier of a million outcomes) is written a piece at a
time: :func:`plain_step` is one level of :func:`to_plain` (a record becomes a mapping whose
values are still records), so a writer can convert as it goes (the CLI's ``--json`` does);
a long array is a :class:`Chunked` (rows made on demand from NumPy arrays) and a NumPy array
of one or more dimensions is given row by row. ``to_plain`` is ``plain_step`` applied all
the way down, so both give the same data.

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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import fields, is_dataclass
from typing import Any

#: The key under which a dataclass field's metadata says how the field is written.
PLAIN = "plain"

_SCALARS = (str, int, float, bool, type(None))

#: Rows made at once when a long array is written a piece at a time: a few hundred kB of
#: plain data for a frontier of 80 issues, and few enough calls that their cost is nothing.
CHUNK = 1024


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


class Chunked:
    """A long array whose items are made on demand, ``chunk`` at a time.

    ``make(start, stop)`` returns items ``start`` to ``stop - 1`` (records or plain data);
    iterating calls it chunk after chunk, so a writer never holds more than one chunk of a
    million rows. :func:`to_plain` makes it a list; :func:`plain_step` an iterator.

    >>> squares = Chunked(5, lambda a, b: [i * i for i in range(a, b)], chunk=2)
    >>> to_plain({"squares": squares})
    {'squares': [0, 1, 4, 9, 16]}
    """

    __slots__ = ("chunk", "length", "make")

    def __init__(
        self, length: int, make: Callable[[int, int], Sequence[Any]], *, chunk: int = CHUNK
    ) -> None:
        if length < 0 or chunk < 1:
            raise ValueError(
                f"a chunked array needs length >= 0 and chunk >= 1, got {length}, {chunk}"
            )
        self.length = length
        self.make = make
        self.chunk = chunk

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> Iterator[Any]:
        for start in range(0, self.length, self.chunk):
            yield from self.make(start, min(start + self.chunk, self.length))

    def __repr__(self) -> str:
        return f"Chunked({self.length} items, {self.chunk} at a time)"


def to_plain(
    obj: Any, *, omit_none: bool = False, default: Callable[[Any], Any] | None = None
) -> Any:
    """``obj`` as plain JSON-ready data (see the module docstring for the rules)."""
    if type(obj) in _SCALARS:
        return obj
    step = plain_step(obj, omit_none=omit_none, default=default)
    if type(step) in _SCALARS:
        return step

    def again(value: Any) -> Any:
        return to_plain(value, omit_none=omit_none, default=default)

    if type(step) is dict:
        return {_key(again(k)): again(v) for k, v in step.items()}
    if type(step) is list or type(step) is tuple or isinstance(step, Iterator):
        return [again(v) for v in step]
    return again(step)


def plain_step(
    obj: Any, *, omit_none: bool = False, default: Callable[[Any], Any] | None = None
) -> Any:
    """One level of :func:`to_plain`: ``obj`` as a JSON scalar, or a container whose items
    may still need converting: a ``dict`` (keys not yet written as JSON keys), a ``list`` or
    ``tuple``, or an iterator (a :class:`Chunked`, a NumPy array row by row) to write as an
    array. Anything else returned is one step closer to plain and goes through again.
    """
    if type(obj) in _SCALARS or type(obj) is dict or type(obj) is list or type(obj) is tuple:
        return obj
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, float):  # subclasses: NumPy's float64
        return float(obj)
    if isinstance(obj, str | int):
        return str(obj) if isinstance(obj, str) else int(obj)
    if isinstance(obj, Chunked):
        return iter(obj)
    hook = getattr(obj, "__plain__", None)
    if hook is not None and not isinstance(obj, type):
        return hook()
    if is_dataclass(obj) and not isinstance(obj, type):
        items = plain_fields(obj)
        if omit_none:
            items = {k: v for k, v in items.items() if v is not None}
        return items
    if isinstance(obj, Mapping):
        return dict(obj.items())
    if isinstance(obj, list | tuple | set | frozenset):
        return list(obj)
    if isinstance(obj, dt.date | dt.time):  # datetime is a date
        return obj.isoformat()
    if isinstance(obj, os.PathLike):
        return os.fspath(obj)
    if callable(getattr(obj, "model_dump", None)):  # pydantic
        return obj.model_dump(mode="json", exclude_none=omit_none)
    if callable(getattr(obj, "tolist", None)):  # NumPy arrays and scalars
        if getattr(obj, "ndim", 0) >= 1 and len(obj) > CHUNK:
            return _rows(obj)
        return obj.tolist()
    if default is not None:
        return default(obj)
    raise TypeError(f"{type(obj).__name__} has no plain form: {obj!r}")


def _rows(array: Any) -> Iterator[Any]:
    """A long NumPy array's rows (or items) as plain lists, converted a chunk at a time."""
    for start in range(0, len(array), CHUNK):
        yield from array[start : start + CHUNK].tolist()


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
