"""Edits made in the stance editor, as new scenario text.

An edit changes only the targeted values in the stored text of the version being edited.
A value changed where it stands (the usual edit) has its text replaced at the place PyYAML
found it; an edit that adds or removes a key (a red line, a BATNA utility) goes through
ruamel.yaml's round trip. Either way the user's comments, blank lines, key order, quoting
and indentation are kept and the new text differs from the old one only on the edited
lines. Text in JSON (which the YAML reader also accepts,
and which holds no comments) is written back as before: the scenario's plain data
(``scenario_to_data``) changed and dumped as YAML (``dump_yaml``); so is text that
ruamel.yaml cannot read. New values are written as that path writes them, so both read
back to the same scenario. Validation is the store's (the same as ``accord validate``).
"""

from __future__ import annotations

import copy
import difflib
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import CommentMark
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from accord.io.scenarios import dump_yaml, scenario_to_data
from accord.model import Scenario
from accord.web.errors import WebError

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Keys that come before ``red_line`` in a stance and ``utility`` in a BATNA (model order):
#: a new key is written after the last of these the mapping has.
_BEFORE_RED_LINE = ("actor", "issue", "position", "salience")
_BEFORE_UTILITY = ("description",)


def setting(s: Scenario, issue_id: str, text: str) -> Any:
    """A setting typed into a form, as the scenario stores it (option id, number or bool)."""
    issue = s.issue(issue_id)
    text = text.strip()
    kind = issue.kind.value
    if kind == "boolean":
        if text.lower() not in ("true", "false", "yes", "no"):
            raise WebError(422, f"{issue.name}: give yes or no, not '{text}'")
        return text.lower() in ("true", "yes")
    if kind == "continuous":
        try:
            return float(text)
        except ValueError:
            raise WebError(422, f"{issue.name}: '{text}' is not a number") from None
    return text


def number(text: str | float | None, what: str) -> float | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        return float(text)
    except ValueError:
        raise WebError(422, f"{what}: '{text}' is not a number") from None


def stance_text(
    s: Scenario,
    source: str,
    actor: str,
    issue: str,
    *,
    position: str | None,
    salience: str | float | None,
    red_line: str | None,
) -> str:
    """``source`` (the text of scenario ``s``) with one stance changed.

    ``None`` leaves a value as it is; ``red_line`` '' removes the red line and its spread.
    Only the edited lines of YAML text change (see the module's note on JSON).
    """
    index = next(
        (k for k, st in enumerate(s.stances) if st.actor == actor and st.issue == issue), None
    )
    if index is None:
        raise WebError(404, f"no stance of '{actor}' on '{issue}'")
    new_position = setting(s, issue, position) if position is not None else None
    new_salience = number(salience, "salience")
    new_red_line = setting(s, issue, red_line) if red_line and red_line.strip() else None

    def change(doc: dict[str, Any]) -> None:
        st = doc["stances"][index]
        if position is not None:
            _put(st, "position", new_position, _BEFORE_RED_LINE[:2])
        if new_salience is not None:
            _put(st, "salience", new_salience, _BEFORE_RED_LINE[:3])
        if red_line is not None:
            if new_red_line is not None:
                _put(st, "red_line", new_red_line, _BEFORE_RED_LINE)
            else:
                _drop(st, "red_line")
                if isinstance(st.get("uncertainty"), dict):
                    _drop(st["uncertainty"], "red_line")

    return _rewrite(s, source, change)


def batna_text(s: Scenario, source: str, actor: str, utility: str | float | None) -> str:
    """``source`` (the text of scenario ``s``) with one actor's BATNA utility changed.

    '' or ``None`` removes the utility (unknown). Only the edited line of YAML text changes.
    """
    index = next((k for k, a in enumerate(s.actors) if a.id == actor), None)
    if index is None:
        raise WebError(404, f"no actor '{actor}'")
    if s.actors[index].batna is None:
        raise WebError(422, f"actor '{actor}' has no BATNA to change; describe one in the file")
    value = number(utility, "BATNA")

    def change(doc: dict[str, Any]) -> None:
        batna = doc["actors"][index]["batna"]
        if value is None:
            _drop(batna, "utility")
        else:
            _put(batna, "utility", value, _BEFORE_UTILITY)

    return _rewrite(s, source, change)


# --- rewriting the text ----------------------------------------------------------------------
def _rewrite(s: Scenario, source: str, change: Callable[[dict[str, Any]], None]) -> str:
    if not _is_json(source):
        # The new text must read (with PyYAML, as the store reads it) as the old text's
        # document with the change made; else, or when ruamel.yaml cannot read the text,
        # it is written out from the data as before.
        try:
            original = _read(source)
            expected = copy.deepcopy(original)
            change(expected)
            # most edits change a value where it stands: put its new text over the old one
            # (milliseconds); keys added or removed take the round trip (about half a second
            # on a large scenario: ruamel.yaml is pure Python)
            quick = _in_place(source, original, expected)
            if quick is not None and _read(quick) == expected:
                return quick
            for text in _round_trip(source, change):
                if _read(text) == expected:
                    return text
        except (RuamelError, yaml.YAMLError, LookupError, TypeError):
            pass
    data = scenario_to_data(s)
    change(data)
    return dump_yaml(data)


_GAP_BEFORE_COMMENT = re.compile(r"([ \t]+)#")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break


def _in_place(source: str, original: Any, expected: Any) -> str | None:
    """``source`` with each scalar that differs between the two documents rewritten where
    PyYAML found it, every other character kept; None if the change adds or removes keys
    or items, or a value cannot be found."""
    changed: list[tuple[tuple[Any, ...], Any]] = []
    if not _changed_scalars(original, expected, (), changed) or not changed:
        return None
    root = yaml.compose(source, Loader=_LOADER)
    starts = [0, *(m.end() for m in _BREAK.finditer(source))]  # offset of each line
    spans = []
    for path, value in changed:
        node = root
        for step in path:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == step), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                node = node.value[step]
            else:
                return None
        lines = dump_yaml(value).splitlines()
        if (
            not isinstance(node, yaml.ScalarNode)
            or len(lines) > 2
            or lines[1:] not in ([], ["..."])
        ):
            return None  # only one-line scalars are rewritten in place
        start = starts[node.start_mark.line] + node.start_mark.column
        end = starts[node.end_mark.line] + node.end_mark.column
        text = lines[0]
        gap = _GAP_BEFORE_COMMENT.match(source, end)
        if gap:  # an end-of-line comment keeps its column (one space at least)
            width = len(gap.group(1)) - (len(text) - (end - start))
            end, text = gap.end(1), text + " " * max(1, width)
        spans.append((start, end, text))
    for start, end, text in sorted(spans, reverse=True):
        source = source[:start] + text + source[end:]
    return source


def _changed_scalars(
    old: Any, new: Any, path: tuple[Any, ...], out: list[tuple[tuple[Any, ...], Any]]
) -> bool:
    """Collect into ``out`` the (path, new value) of each scalar that differs; False if the
    documents differ in shape (a key or an item added or removed)."""
    if isinstance(old, dict) and isinstance(new, dict):
        if list(old) != list(new):
            return False
        return all(_changed_scalars(old[k], new[k], (*path, k), out) for k in old)
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return False
        return all(
            _changed_scalars(a, b, (*path, i), out)
            for i, (a, b) in enumerate(zip(old, new, strict=True))
        )
    if isinstance(old, dict | list) or isinstance(new, dict | list):
        return False
    if type(old) is not type(new) or old != new:
        out.append((path, new))
    return True


def _read(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)


def _is_json(text: str) -> bool:
    if not text.lstrip("\ufeff \t\r\n").startswith("{"):
        return False
    try:
        json.loads(text.lstrip("\ufeff"))
    except ValueError:
        return False
    return True


class _Float(str):
    """A new number, as the text ``dump_yaml`` gives it (``1.0e-05``, which PyYAML reads)."""


class _Representer(RoundTripRepresenter):
    pass


_Representer.add_representer(
    _Float, lambda rep, data: rep.represent_scalar("tag:yaml.org,2002:float", str(data))
)


def _round_trip(source: str, change: Callable[[dict[str, Any]], None]) -> list[str]:
    """The changed text: the user's text with the edited lines put in, and ruamel.yaml's."""
    bom = "\ufeff" if source.startswith("\ufeff") else ""
    text = source.removeprefix("\ufeff")
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    rt = YAML(typ="rt")
    rt.Representer = _Representer
    rt.preserve_quotes = True
    rt.width = 1_000_000  # never fold a long line the user wrote
    mapping, sequence, offset = _indents(text)
    rt.indent(mapping=mapping, sequence=sequence, offset=offset)
    doc = rt.load(text)
    before = _dump(rt, doc)
    change(doc)
    after = _dump(rt, doc)
    # Where the round trip alone changes the layout (mixed indentation, '---', ...), the
    # edited lines are put into the user's text instead, when they can be placed.
    spliced = after if before == text else _splice(text, before, after)
    texts = [t for t in (spliced, after) if t is not None]
    return [bom + (t.replace("\n", "\r\n") if crlf else t) for t in texts]


_KEY_ONLY = re.compile(r"^( *)[^\s#\-][^#]*:[ \t]*(#.*)?$")


def _indents(text: str) -> tuple[int, int, int]:
    """The text's mapping indent, sequence indent and dash offset, as ruamel.yaml takes them:
    the most common in the text (2, 2, 0 when it has no nesting)."""
    mappings: Counter[int] = Counter()
    sequences: Counter[tuple[int, int]] = Counter()
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for line, below in pairwise(lines):
        key = _KEY_ONLY.match(line)
        if key is None:
            continue
        inner, outer = _indent(below), len(key.group(1))
        item = below.lstrip(" ")
        if item.startswith("- ") and inner >= outer:
            sequences[inner - outer, inner - outer + 1 + _indent(item[1:])] += 1
        elif not item.startswith("-") and inner > outer:
            mappings[inner - outer] += 1
    mapping = mappings.most_common(1)[0][0] if mappings else 2
    offset, sequence = sequences.most_common(1)[0][0] if sequences else (0, 2)
    return mapping, max(sequence, offset + 2), offset


def _dump(rt: YAML, doc: Any) -> str:
    buf = io.StringIO()
    rt.dump(doc, buf)
    return buf.getvalue()


def _splice(text: str, before: str, after: str) -> str | None:
    """The edits from ``before`` to ``after`` made in ``text`` (``before`` being ``text`` as
    the round trip writes it), each edited line indented as the line it replaces or follows
    is in ``text``; None when that cannot be done."""
    old, base, new = (t.splitlines(keepends=True) for t in (text, before, after))
    same: dict[int, int] = {}  # line of ``before`` -> that line in ``text`` (spaces aside)
    bare = [[" ".join(ln.split()) for ln in lines] for lines in (base, old)]
    for block in difflib.SequenceMatcher(None, *bare, autojunk=False).get_matching_blocks():
        same.update({block.a + k: block.b + k for k in range(block.size)})

    def shift(i: int) -> int:  # how much further ``text`` indents line i of ``before``
        return _indent(old[same[i]]) - _indent(base[i])

    out: list[str] = []
    done = 0  # lines of ``text`` copied so far
    edits = difflib.SequenceMatcher(None, base, new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in edits:
        if tag == "equal":
            continue
        if any(i not in same for i in range(i1, i2)):
            return None
        if i2 > i1:  # lines replaced or removed: one block of ``text``
            start, end = same[i1], same[i2 - 1] + 1
            if end - start != i2 - i1:
                return None
            shifts = [shift(min(i1 + k, i2 - 1)) for k in range(j2 - j1)]
        else:  # lines added: after the line above them
            if i1 == 0 or i1 - 1 not in same:
                return None
            start = end = same[i1 - 1] + 1
            shifts = [shift(i1 - 1)] * (j2 - j1)
        if start < done:
            return None
        lines = [_reindent(line, d) for line, d in zip(new[j1:j2], shifts, strict=True)]
        if tag == "replace" and i2 - i1 == j2 - j1:  # an end-of-line comment stays in place
            lines = [_align(line, old[same[i1 + k]]) for k, line in enumerate(lines)]
        if any(line is None for line in lines):
            return None
        out += [*old[done:start], *(line for line in lines if line is not None)]
        done = end
    return "".join([*out, *old[done:]])


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _align(line: str | None, was: str) -> str | None:
    """``line`` with the end-of-line comment it shares with ``was`` at the same column."""
    if line is None:
        return None
    body, end = line.rstrip("\r\n"), line[len(line.rstrip("\r\n")) :]
    old = was.rstrip("\r\n")
    for at in (k for k, c in enumerate(old) if c == "#" and k and old[k - 1] in " \t"):
        comment = old[at:]
        if body.endswith(comment) and body[: -len(comment)].endswith((" ", "\t")):
            value = body[: -len(comment)].rstrip()
            return value + " " * max(1, at - len(value)) + comment + end
    return line


def _reindent(line: str, by: int) -> str | None:
    if by >= 0:
        return " " * by + line
    return line[-by:] if _indent(line) >= -by else None


# --- changing a mapping, comments kept -----------------------------------------------------
def _value(value: Any) -> Any:
    """A new value as ruamel.yaml should write it: as ``dump_yaml`` would, so that PyYAML
    (YAML 1.1: ``yes`` is true) reads it back the same; ruamel.yaml follows YAML 1.2."""
    if isinstance(value, float):
        return _Float(dump_yaml(value).splitlines()[0])
    if isinstance(value, str):
        shown = dump_yaml(value)
        if shown.startswith("'"):
            return SingleQuotedScalarString(value)
        if shown.startswith('"'):
            return DoubleQuotedScalarString(value)
    return value


def _put(m: dict[str, Any], key: str, value: Any, after: Sequence[str]) -> None:
    """Set ``key``; a new key goes after the last of ``after`` the mapping has."""
    if not isinstance(m, CommentedMap):
        m[key] = value
        return
    if key in m:
        m[key] = _value(value)
        return
    keys = list(m)
    prev = max((keys.index(k) for k in after if k in m), default=len(keys) - 1)
    m.insert(prev + 1, key, _value(value))
    if prev >= 0:  # the comment lines below the previous line now follow the new one
        rest = _comment_lines(m, keys[prev], take=True)
        if rest:
            _add_comment_lines(m, key, rest)


def _drop(m: dict[str, Any], key: str) -> None:
    """Remove ``key``, keeping the comment lines below it (its own end-of-line comment goes)."""
    if key not in m:
        return
    if not isinstance(m, CommentedMap):
        del m[key]
        return
    keys = list(m)
    rest = _comment_lines(m, key, take=True)
    m.ca.items.pop(key, None)
    del m[key]
    at = keys.index(key)
    if rest and at > 0 and not isinstance(m[keys[at - 1]], dict | list):
        _add_comment_lines(m, keys[at - 1], rest)


def _comment_lines(m: CommentedMap, key: str, *, take: bool) -> str:
    """The full comment (and blank) lines after ``key``'s value line, if it is a scalar."""
    slot = m.ca.items.get(key)
    token = slot[2] if slot and len(slot) > 2 else None
    if not isinstance(token, CommentToken) or "\n" not in token.value:
        return ""
    eol, rest = token.value.split("\n", 1)
    if rest and take:
        token.value = eol + "\n"
    return rest


def _add_comment_lines(m: CommentedMap, key: str, lines: str) -> None:
    slot = m.ca.items.setdefault(key, [None, None, None, None])
    token = slot[2]
    if isinstance(token, CommentToken):
        token.value += lines
    else:
        slot[2] = CommentToken("\n" + lines, CommentMark(0), None)
