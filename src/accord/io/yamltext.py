"""YAML text out: plain data dumped as YAML, files written atomically, and values changed
in the user's own text with every comment, blank line, quote and indent kept.

Dumping goes through ruamel.yaml's libyaml emitter with YAML 1.1's rules deciding what must
be quoted (``'yes'``, ``'2024-05-01'``), so the text reads back exactly as written, by
accord and by any YAML 1.1 reader. An edit (:func:`edit_text`) works on the text itself: the
located reader (:mod:`accord.io.located`) tells where each value, key and mapping stands, a
changed value is written over the old one, a new key gets a line of its own (or its place in
a ``{...}`` mapping) and a removed key loses its line; the result is read back and used only
if it holds exactly the data asked for.
"""

from __future__ import annotations

import copy
import io
import math
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import SafeRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from accord.io.located import Spans, read_yaml
from accord.io.yaml11 import resolve
from accord.model.problems import Path as DocPath
from accord.model.problems import ScenarioError

try:  # libyaml's emitter, through ruamel.yaml.clib
    from _ruamel_yaml import CEmitter
except ImportError:  # pragma: no cover - ruamel's own emitter: the same data, laid out a bit
    CEmitter = None  # differently (long words on a line of their own, "it's" double-quoted)


# --- dumping -------------------------------------------------------------------------------
class _Resolver(VersionedResolver):
    """Quotes what YAML 1.1 would read as something else than the text it is."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            return _tag(resolve(value))
        return super().resolve(kind, value, (False, False) if kind is ScalarNode else implicit)


@cache
def _tag(suffix: str) -> Tag:
    # One Tag per kind of scalar: a Tag decodes its text on first use, character by
    # character, and a new one per scalar made a list of a million numbers take a minute.
    return Tag(suffix=suffix)


class _Representer(SafeRepresenter):
    pass


def _int(rep: SafeRepresenter, value: int) -> Any:
    return rep.represent_scalar(_tag("tag:yaml.org,2002:int"), str(value))


def _float(rep: SafeRepresenter, value: float) -> Any:
    if math.isnan(value):
        text = ".nan"
    elif math.isinf(value):
        text = ".inf" if value > 0 else "-.inf"
    else:  # YAML 1.1 wants a dot in a float: 1e-07 would read back as text
        text = repr(value).lower()
        if "." not in text and "e" in text:
            text = text.replace("e", ".0e", 1)
    return rep.represent_scalar("tag:yaml.org,2002:float", text)


#: Line separators other than \n (NEL, U+2028, U+2029) are folded to spaces when read back
#: from plain or single-quoted scalars; double quotes escape them.
_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


def _str(rep: SafeRepresenter, value: str) -> Any:
    style = '"' if any(c in value for c in _LINE_BREAKS) else None
    return rep.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class Flow(list[Any]):
    """A list dumped in flow style, ``[1, 2, [3, 4]]`` wrapped at the line width: a long list
    of numbers (a ranking of thousands of states) that would otherwise take a line each."""


def _flow(rep: SafeRepresenter, value: Flow) -> Any:
    return rep.represent_sequence(_tag("tag:yaml.org,2002:seq"), value, flow_style=True)


_Representer.add_representer(int, _int)
_Representer.add_representer(float, _float)
_Representer.add_representer(str, _str)
_Representer.add_representer(Flow, _flow)


class _Dumper(CEmitter or object, _Representer, _Resolver):  # type: ignore[misc]
    def __init__(self, stream: io.StringIO) -> None:
        CEmitter.__init__(self, stream, width=100, allow_unicode=True)
        _Representer.__init__(self, default_flow_style=False)
        _Resolver.__init__(self)
        self.sort_base_mapping_type_on_output = False  # keys in the order given


def dump_yaml(data: Any) -> str:
    """Plain data as YAML text that reads back exactly (key order kept, block style)."""
    out = io.StringIO()
    if CEmitter is None:  # pragma: no cover - see the import
        pure = YAML(typ="safe", pure=True)
        pure.Representer, pure.Resolver = _Representer, _Resolver
        pure.default_flow_style, pure.width = False, 100
        pure.allow_unicode = True
        pure.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
        pure.dump(data, out)
        return out.getvalue()
    dumper = _Dumper(out)
    dumper.open()
    dumper.represent(data)
    dumper.close()
    return out.getvalue()


# --- writing -------------------------------------------------------------------------------
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


# --- editing -------------------------------------------------------------------------------
class _Drop:
    def __repr__(self) -> str:
        return "DROP"


#: The value of a :class:`Change` that removes its key.
DROP: Any = _Drop()


@dataclass(frozen=True)
class Change:
    """Set the key at ``path`` to ``value`` (or remove it: :data:`DROP`). A new key goes
    after the last of ``after`` its mapping has (at the end when it has none of them)."""

    path: DocPath
    value: Any = DROP
    after: tuple[str, ...] = ()
    #: ``path`` ends with an index into a list: ``value`` is a new item inserted there
    #: (the list's length appends it)
    insert: bool = False


def apply_changes(data: Any, changes: Sequence[Change]) -> None:
    """Make the changes in plain data: a new key goes last (a dict keeps no other place);
    removing a key that is not there, or under a value that is not a mapping, does nothing."""
    for change in changes:
        parent = _parent(data, change)
        key = change.path[-1]
        if change.insert:
            parent.insert(key, change.value)
        elif change.value is not DROP:
            parent[key] = change.value
        elif isinstance(parent, dict):
            parent.pop(key, None)


def _parent(data: Any, change: Change) -> Any:
    """The collection that holds the changed key; None for a key to remove that is not
    there. A missing key on the way to a value to set raises LookupError."""
    for step in change.path[:-1]:
        if change.value is DROP and not (
            (isinstance(data, dict) and step in data) or isinstance(data, list)
        ):
            return None
        data = data[step]
    return data


_GAP_BEFORE_COMMENT = re.compile(r"([ \t]+)#")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break


class _Cannot(Exception):
    """The change cannot be made in the text (the caller writes the data out instead)."""


def edit_text(text: str, changes: Sequence[Change]) -> str | None:
    """``text`` with the changes made where the values stand, every other character kept;
    None when that cannot be done (the text does not read, a value spans lines, ...)."""
    spans = Spans()
    try:
        original, _, problems = read_yaml(text, spans=spans)
    except ScenarioError:
        return None
    expected = copy.deepcopy(original)
    apply_changes(expected, changes)
    if problems:
        return None
    doc = _Doc(text, original, spans)
    try:
        pieces = [piece for change in changes for piece in doc.edit(change)]
    except (_Cannot, LookupError, TypeError):
        return None
    pieces.sort(key=lambda p: (p[0], p[1]))
    if any(a[1] > b[0] for a, b in pairwise(pieces)):
        return None  # two edits in the same place
    for start, end, new in reversed(pieces):
        text = text[:start] + new + text[end:]
    try:
        again, _, problems = read_yaml(text)
    except ScenarioError:
        return None
    return text if again == expected and not problems else None


class _Doc:
    """The text with its spans: turns one change into (start, end, new text) pieces."""

    def __init__(self, text: str, data: Any, spans: Spans) -> None:
        self.text, self.data, self.spans = text, data, spans
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))]  # offset of each line

    def at(self, line: int, column: int) -> int:
        return self.starts[line] + column

    def last_line(self, path: DocPath) -> int:
        """The last line a node's text is on (a block scalar ends at the next line's start)."""
        line0, _, line, column = self.spans.nodes[path]
        return line - 1 if column == 0 and line > line0 else line

    def line_after(self, line: int) -> int:
        return self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)

    def edit(self, change: Change) -> list[tuple[int, int, str]]:
        parent_path, key = change.path[:-1], change.path[-1]
        parent = _parent(self.data, change)
        if change.insert:
            if not isinstance(parent, list) or not isinstance(key, int):
                raise _Cannot
            return self.insert_item(parent_path, parent, key, change.value)
        if change.value is DROP:
            if not isinstance(parent, dict) or key not in parent:
                return []
            return self.drop(parent_path, parent, str(key))
        if not isinstance(parent, dict):
            raise _Cannot
        if key in parent:
            return self.replace(change.path, change.value)
        return self.insert(parent_path, parent, str(key), change)

    def replace(self, path: DocPath, value: Any) -> list[tuple[int, int, str]]:
        if path in self.spans.flow or isinstance(self.data_at(path), dict | list):
            raise _Cannot
        line0, col0, line1, col1 = self.spans.nodes[path]
        start, end = self.at(line0, col0), self.at(line1, col1)
        new = scalar_text(value)
        gap = _GAP_BEFORE_COMMENT.match(self.text, end)
        if gap:  # an end-of-line comment keeps its column (one space at least)
            width = len(gap.group(1)) - (len(new) - (end - start))
            end, new = gap.end(1), new + " " * max(1, width)
        return [(start, end, new)]

    def data_at(self, path: DocPath) -> Any:
        node = self.data
        for step in path:
            node = node[step]
        return node

    def insert(
        self, path: DocPath, mapping: dict[str, Any], key: str, change: Change
    ) -> list[tuple[int, int, str]]:
        keys = list(mapping)
        if not keys:
            raise _Cannot
        prev = keys[max((keys.index(k) for k in change.after if k in mapping), default=-1)]
        indent = self.spans.keys[(*path, keys[0])][1]
        if isinstance(change.value, dict | list) and change.value:
            entry = block_entry(key, change.value, indent)
            if path in self.spans.flow and "\n" in entry:  # inside {...}: one line or nothing
                raise _Cannot
        else:
            entry = f"{key}: {scalar_text(change.value)}"
        if path in self.spans.flow:
            end = self.spans.nodes[(*path, prev)]
            return [(self.at(end[2], end[3]),) * 2 + (f", {entry}",)]
        line = self.last_line((*path, prev))
        at = self.line_after(line)
        if at == len(self.text) and not self.text.endswith(("\n", "\r")):
            return [(at, at, "\n" + " " * indent + entry)]
        eol = self.text[self.at(line, 0) : at]
        newline = eol[len(eol.rstrip("\r\n\x85\u2028\u2029")) :] or "\n"
        return [(at, at, " " * indent + entry.replace("\n", newline) + newline)]

    def drop(self, path: DocPath, mapping: dict[str, Any], key: str) -> list[tuple[int, int, str]]:
        keys = list(mapping)
        k = keys.index(key)
        kline, kcol = self.spans.keys[(*path, key)][:2]
        start = self.at(kline, kcol)
        if path in self.spans.flow:
            if k + 1 < len(keys):
                after = self.spans.keys[(*path, keys[k + 1])]
                return [(start, self.at(*after[:2]), "")]
            end = self.spans.nodes[(*path, key)]
            if k > 0:
                before = self.spans.nodes[(*path, keys[k - 1])]
                start = self.at(before[2], before[3])
            return [(start, self.at(end[2], end[3]), "")]
        if len(keys) == 1:  # the mapping becomes empty: 'key: {}', as a dump writes it
            if not path or not isinstance(path[-1], str):
                raise _Cannot
            outer = self.spans.keys[path]
            colon = self.text.index(":", self.at(outer[2], outer[3]))
            stop = self.line_after(self.last_line(path))
            eol = self.text[colon:stop]
            newline = eol[len(eol.rstrip("\r\n\x85\u2028\u2029")) :]
            return [(colon + 1, stop, " {}" + newline)]
        if self.text[self.at(kline, 0) : start].strip():  # '- key: ...': the next key moves up
            if k + 1 == len(keys):
                raise _Cannot
            after = self.spans.keys[(*path, keys[k + 1])]
            return [(start, self.at(*after[:2]), "")]
        return [(self.at(kline, 0), self.line_after(self.last_line((*path, key))), "")]

    def insert_item(
        self, path: DocPath, items: list[Any], index: int, value: Any
    ) -> list[tuple[int, int, str]]:
        """A new item at ``index`` of a list: in ``[...]`` a scalar between commas; in a
        block list an item of its own, at the column of the list's dashes. An index past
        the end appends: items an earlier change of the same edit appended come first (the
        result is checked against the data, as every edit is)."""
        if index < 0:
            raise _Cannot
        index = min(index, len(items))
        if path in self.spans.flow:
            new = scalar_text(value)
            if not items:  # '[]': the item goes inside the brackets
                line0, col0 = self.spans.nodes[path][:2]
                at = self.at(line0, col0) + 1
                return [(at, at, new)]
            if index == len(items):
                end = self.spans.nodes[(*path, index - 1)]
                return [(self.at(end[2], end[3]),) * 2 + (f", {new}",)]
            start = self.spans.nodes[(*path, index)]
            return [(self.at(start[0], start[1]),) * 2 + (f"{new}, ",)]
        if not items:
            raise _Cannot
        line0, dash = self.spans.nodes[path][:2]
        if self.text[self.at(line0, dash)] != "-":
            raise _Cannot
        newline = "\r\n" if "\r\n" in self.text else "\n"
        block = "".join(
            (" " * dash + ln if ln.strip() else ln) + newline
            for ln in dump_yaml([flowed(value)]).splitlines()
        )
        if index == 0:  # before the first item's dash line
            at = self.at(self.spans.nodes[(*path, 0)][0], 0)
            return [(at, at, block)]
        at = self.line_after(self.last_line((*path, index - 1)))
        # A block scalar ends after the blank lines that follow it: the new item goes after
        # the last line of text, and the blank lines stay before what comes next.
        k = self.starts.index(at) if at in self.starts else len(self.starts)
        while k > 1 and not self.text[self.starts[k - 1] : at].strip():
            k -= 1
            at = self.starts[k]
        if at == len(self.text) and not self.text.endswith(("\n", "\r")):
            block = newline + block.removesuffix(newline)
        return [(at, at, block)]


def block_entry(key: str, value: dict[str, Any] | list[Any], indent: int) -> str:
    """``key: value`` for a new key at ``indent``: a list of scalars in flow style on the
    key's line when it fits (as the hand-written ``sources: [a, b]``), otherwise a block
    under it; the line break after the last line is the caller's."""
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        one = dump_yaml(Flow(value)).rstrip("\n")
        if "\n" not in one and indent + len(key) + 2 + len(one) <= 100:
            return f"{key}: {one}"
    body = dump_yaml(flowed(value)).splitlines()
    step = 0 if isinstance(value, list) else 2  # '- ' items sit under the key, as dumps do
    lines = [f"{key}:", *((" " * (indent + step) + ln if ln.strip() else ln) for ln in body)]
    return "\n".join(lines)


def flowed(value: Any) -> Any:
    """``value`` with every list of scalars as a :class:`Flow` list (``sources: [a, b]``)."""
    if isinstance(value, dict):
        return {k: flowed(v) for k, v in value.items()}
    if isinstance(value, list):
        if value and all(not isinstance(v, dict | list) for v in value):
            return Flow(value)
        return [flowed(v) for v in value]
    return value


def scalar_text(value: Any) -> str:
    """A scalar as one line of YAML, as :func:`dump_yaml` writes it (``'yes'``, ``1.0e-07``)."""
    lines = dump_yaml(value).splitlines()
    if len(lines) > 2 or lines[1:] not in ([], ["..."]):
        raise _Cannot
    return lines[0]
