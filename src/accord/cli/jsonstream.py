"""JSON text written a piece at a time, for ``--json`` output too large to build as one string.

:func:`write_json` writes what ``json.dumps(data, indent=2, ensure_ascii=False,
default=default)`` returns, byte for byte, but walks the data as it writes: a record is
turned into plain data one level at a time (``default`` is one step of
:func:`accord.model.plain.to_plain`, :func:`accord.model.plain.plain_step`), and an iterator
(a :class:`accord.model.plain.Chunked` frontier, a NumPy array row by row) is written as an
array item by item. Memory therefore stays that of the data already held plus one chunk of
rows and a buffer of text, however long the output.

Like the JSON module with ``indent``: items on lines of their own, ``", "`` never used,
``": "`` after keys, NaN and infinities as ``NaN``/``Infinity``, mapping keys that are numbers,
booleans or None as JSON writes them. Only the standard library is imported here, so
``accord scenarios --json`` stays light.
"""

from __future__ import annotations

import json.encoder
from collections.abc import Callable, Iterator
from typing import Any

#: Text gathered before one write: large enough that writes cost nothing, small beside the data.
BUFFER = 1 << 16

_encode_str: Callable[[str], str] = json.encoder.encode_basestring
_NATIVE_KEYS = (str, int, float, bool, type(None))


def write_json(
    data: Any,
    write: Callable[[str], Any],
    *,
    default: Callable[[Any], Any],
    indent: int = 2,
) -> None:
    """Write ``data`` as indented JSON through ``write`` (see the module docstring).

    ``default(value)`` is called for any value that is not a ``str``, ``int``, ``float``,
    ``bool``, None, ``list``, ``tuple``, ``dict`` or iterator, and returns it one step closer
    to plain data; :class:`TypeError` if it cannot (as the JSON module raises).
    """
    _Writer(write, default, indent).run(data)


class _Writer:
    def __init__(self, write: Callable[[str], Any], default: Callable[[Any], Any], indent: int):
        self.write = write
        self.default = default
        self.step = " " * indent
        self.parts: list[str] = []
        self.size = 0

    def run(self, data: Any) -> None:
        self.value(data, "\n")
        self.flush()

    def put(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= BUFFER:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.write("".join(self.parts))
            self.parts.clear()
            self.size = 0

    def value(self, o: Any, newline: str) -> None:
        """Write ``o``; ``newline`` is a line break and the indent of the line ``o`` is on."""
        while True:
            text = _scalar(o)
            if text is not None:
                self.put(text)
                return
            if isinstance(o, list | tuple):
                self.array(iter(o), newline)
                return
            if isinstance(o, dict):
                self.mapping(o, newline)
                return
            if isinstance(o, Iterator):
                self.array(o, newline)
                return
            o = self.default(o)

    def array(self, items: Iterator[Any], newline: str) -> None:
        inner = newline + self.step
        first = True
        for item in items:
            self.put("[" + inner if first else "," + inner)
            first = False
            self.value(item, inner)
        self.put("[]" if first else newline + "]")

    def mapping(self, o: dict[Any, Any], newline: str) -> None:
        if not o:
            self.put("{}")
            return
        inner = newline + self.step
        first = True
        for key, item in o.items():
            head = "{" + inner if first else "," + inner
            first = False
            text = _scalar(item)
            if text is not None:  # the common leaf: key and value in one piece
                self.put(f"{head}{self.key(key)}: {text}")
            else:
                self.put(f"{head}{self.key(key)}: ")
                self.value(item, inner)
        self.put(newline + "}")

    def key(self, key: Any) -> str:
        # The JSON module refuses keys other than these; to_plain converts them first, and
        # so does ``default`` here.
        while not isinstance(key, _NATIVE_KEYS):
            key = self.default(key)
            if isinstance(key, list | tuple | dict | Iterator):
                raise TypeError(f"a mapping key must be text or a number, not {type(key).__name__}")
        if isinstance(key, str):
            return _encode_str(key)
        if isinstance(key, float):
            return '"' + _float(key) + '"'
        if key is True or key is False or key is None:
            return {True: '"true"', False: '"false"', None: '"null"'}[key]
        return '"' + int.__repr__(key) + '"'


def _scalar(o: Any) -> str | None:
    """A scalar's JSON text as the JSON module writes it; None for anything else."""
    if isinstance(o, str):
        return _encode_str(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        return _float(o)
    return None


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == float("inf"):
        return "Infinity"
    if o == -float("inf"):
        return "-Infinity"
    return float.__repr__(o)
