"""Located YAML: text to plain data plus the line and column of every value.

Every YAML file accord reads (scenarios, conflicts, evidence) and every in-place edit
(:mod:`accord.io.yamledit`) goes through :func:`walk_yaml`: one iterative pass over
ruamel.yaml's parse events that refuses what a scenario never needs and an attacker could
use (aliases, the "billion laughs"; nesting deeper than :data:`MAX_DEPTH`; tags outside the
safe set), builds plain data, and notes where each value starts. Building the data from
events rather than from ruamel's composed nodes is what keeps it fast: with
``ruamel.yaml.clib`` (libyaml) the pass reads the 2,665-line Ukraine scenario in about a
tenth of a second; without it the pure-Python parser gives the same result six times slower.

Plain scalars are read by YAML 1.1's rules, as the scenario files have always been read
(``yes`` is true, ``1e5`` is text, ``2024-05-01`` a date): the rules are the regular
expressions of YAML 1.1's type repository, spelt out in :data:`_RESOLVERS` rather than left
to a library's version switch. Syntax errors are worded by the pure-Python parser (the YAML
reference, whose messages the hints below are written for) and given a hint in plain words.
Reading raises nothing but :class:`ScenarioError`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.reader import ReaderError

from accord.io.yaml11 import STR, NoValue, construct, resolve
from accord.model.problems import Path as DocPath
from accord.model.problems import Problem, ScenarioError

try:  # libyaml, through ruamel.yaml.clib: about six times faster than the pure parser
    from _ruamel_yaml import CParser as _CParser
except ImportError:  # pragma: no cover - the pure parser reads the same, only slower
    _CParser = None

#: Files larger than this are refused before they are read.
MAX_BYTES = 10 * 1024 * 1024
#: Deeper nesting than any scenario needs is refused.
MAX_DEPTH = 40
#: Refusals (anchors, aliases, tags) reported before giving up.
MAX_REFUSALS = 20

Marks = dict[DocPath, tuple[int, int]]
#: Where a node stands in the text: (start line, start column, end line, end column), 0-based.
Span = tuple[int, int, int, int]

_SAFE_TAGS = {"!", *(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null"))}


@dataclass(frozen=True)
class Wording:
    """How the messages about a whole document name it (a scenario, a conflict, ...)."""

    noun: str = "a scenario"
    #: what an empty file lacks, e.g. "a scenario needs at least 'id', 'title', ..."
    needs: str = "give a mapping of keys and values"
    keys: str = "id, title, actors, issues, ..."


@dataclass
class Spans:
    """Where each node of a document stands, for edits made in the text (by path)."""

    nodes: dict[DocPath, Span] = field(default_factory=dict)
    #: (key start, key end) of each mapping entry, at the path of its value
    keys: dict[DocPath, Span] = field(default_factory=dict)
    #: the flow collections ({...} and [...]) by path
    flow: set[DocPath] = field(default_factory=set)


# --- reading -------------------------------------------------------------------------------
def parse_yaml(data: bytes | str, wording: Wording | None = None) -> tuple[Any, Marks]:
    """Parse YAML safely into plain data plus the (line, column) of every node, 1-based.

    Duplicate keys and keys that are not plain text are errors here; :func:`read_yaml`
    returns them with the document instead, so a validator can report them with the rest.
    """
    value, marks, problems = read_yaml(data, wording)
    if problems:
        raise ScenarioError(None, problems)
    return value, marks


def read_yaml(
    data: bytes | str, wording: Wording | None = None, spans: Spans | None = None
) -> tuple[dict[str, Any], Marks, list[Problem]]:
    """The document (a mapping), its marks, and the problems that still let it be validated
    (duplicate keys); :class:`ScenarioError` for anything that stops reading."""
    words = wording or Wording()
    text = decode(data) if isinstance(data, bytes) else data
    if not text.strip():
        raise ScenarioError(None, [Problem((), f"the file is empty; {words.needs}")])
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise ScenarioError(None, [Problem((), f"the file has only comments; {words.needs}")])
    if _CParser is not None:
        fast = walk_yaml(text, fast=True, spans=spans)
        try:
            return fast.document(words)
        except ScenarioError:
            # Past too deep a nesting the pure parser need not read (it would take seconds
            # on a megabyte of '[').
            text = text[: fast.cut] if fast.cut else text
    # Report in the pure-Python parser's words; where the two parsers disagree (libyaml
    # takes tabs and bare documents after '...' that the YAML 1.1 reference refuses) the
    # pure one decides.
    if spans is not None:
        spans.nodes.clear()
        spans.keys.clear()
        spans.flow.clear()
    return walk_yaml(text, fast=False, spans=spans).document(words)


def decode(data: bytes) -> str:
    """UTF-8 bytes (with or without a BOM) as text; :class:`ScenarioError` says what else
    the bytes look like (UTF-16, binary, another 8-bit encoding) and where."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ScenarioError(None, [Problem((), "the file is UTF-16 text; save it as UTF-8")])
    if b"\x00" in data[:8192]:
        message = "this is a binary file, not YAML text; give a .yaml scenario file"
        raise ScenarioError(None, [Problem((), message)])
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


def show(value: object) -> str:
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


def _marked(path: DocPath, message: str, mark: Any) -> Problem:
    return Problem(path, message, line=mark.line + 1, column=mark.column + 1)


# --- the pass over the events --------------------------------------------------------------
class _Open:
    """A collection being read: where it is, what it holds so far, what comes next."""

    __slots__ = (
        "drop",
        "end",
        "flow",
        "is_seq",
        "key",
        "label",
        "path",
        "said",
        "seen",
        "start",
        "value",
    )

    def __init__(self, label: DocPath, path: DocPath | None, value: Any, event: Any) -> None:
        self.label, self.seen, self.said = label, 0, ""  # the path refusals name, keys read
        self.is_seq = not isinstance(value, dict)
        self.path, self.value = path, value  # None for a node that is not kept
        self.key: str | None = None  # the key whose value comes next
        self.drop = False  # the next value follows a repeated key or one that is not text
        self.start = self.end = (event.start_mark.line, event.start_mark.column)
        self.flow = bool(event.flow_style)

    def label_of(self, event: NodeEvent) -> DocPath:
        """The path a refusal names (a key's text; '?' for a key that is not text)."""
        seen = self.seen
        self.seen += 1
        if self.is_seq:
            return (*self.label, seen)
        if seen % 2 == 0:
            self.said = str(getattr(event, "value", "?"))
        return (*self.label, self.said)


@dataclass
class Walk:
    """What one pass over the events found (see :func:`walk_yaml`)."""

    value: Any = None
    marks: Marks = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # the document can still be checked
    fatal: list[Problem] = field(default_factory=list)  # refusals, syntax errors
    broken: Problem | None = None  # a scalar no constructor takes (the tags of '<<' and '=')
    root: Any = None  # the root node's start mark
    documents: int = 0
    cut: int = 0  # where a pass that stopped at too deep a nesting could stop reading

    def document(self, words: Wording) -> tuple[dict[str, Any], Marks, list[Problem]]:
        """The document as :func:`read_yaml` returns it, or :class:`ScenarioError`."""
        if self.fatal:
            raise ScenarioError(None, self.fatal)
        if self.broken is not None:
            raise ScenarioError(None, [self.broken])
        if self.documents == 0 or self.root is None:
            message = f"the file holds no YAML document; {words.needs}"
            raise ScenarioError(None, [Problem((), message)])
        if not isinstance(self.value, dict):
            if isinstance(self.value, list) or self.value is None:
                kind = "a list" if self.value is not None else "empty (null)"
            else:
                kind = f"a single value ({show(self.value)})"
            message = f"the document is {kind}; {words.noun} is a mapping with keys {words.keys}"
            raise ScenarioError(None, [Problem((), message, line=self.root.line + 1, column=1)])
        return self.value, self.marks, self.problems


def _events(text: str, fast: bool) -> Any:
    if fast:
        parser = _CParser(text)
        try:
            while parser.check_event():
                yield parser.get_event()
        finally:
            parser.dispose()
    else:
        yield from YAML(typ="safe", pure=True).parse(text)


def walk_yaml(text: str, *, fast: bool = True, spans: Spans | None = None) -> Walk:
    """One pass over the parse events of ``text`` (see the module): the data, the marks,
    and the problems; with ``spans``, also where each node starts and ends."""
    out = Walk()
    stack: list[_Open] = []
    last: tuple[DocPath, int] = ((), -1)  # the latest node's path and line
    bare = False
    try:
        for event in _events(text, fast and _CParser is not None):
            if isinstance(event, CollectionEndEvent):
                done = stack.pop()
                if done.flow:
                    done.end = (event.end_mark.line, event.end_mark.column)
                if stack:
                    stack[-1].end = done.end
                if spans is not None and done.path is not None:
                    spans.nodes[done.path] = (*done.start, *done.end)
                continue
            if isinstance(event, DocumentStartEvent):
                if out.documents and event.explicit:
                    message = "a file holds one scenario; remove this '---' and the document "
                    out.fatal.append(_marked((), message + "after it", event.start_mark))
                    return out
                bare = out.documents > 0  # after '...': YAML 1.1 wants '---' before it
                out.documents += 1
                continue
            if not isinstance(event, NodeEvent):
                continue
            if bare:
                found = _TOKENS.get((type(event).__name__, bool(getattr(event, "flow_style", 0))))
                found = "<alias>" if isinstance(event, AliasEvent) else found or "<scalar>"
                found = "<tag>" if getattr(event, "tag", None) else found
                found = "<anchor>" if event.anchor else found
                what = f"expected '<document start>', but found '{found}'"
                exc = MarkedYAMLError(problem=what, problem_mark=event.start_mark)
                out.fatal.append(_yaml_problem(exc, text))
                return out
            top = stack[-1] if stack else None
            label = top.label_of(event) if top is not None else ()
            mark = event.start_mark
            last = (label, mark.line)
            _refuse(event, label, out.fatal)
            path = _place(top, event, out, spans)
            if top is None:
                out.root = mark
            if isinstance(event, CollectionStartEvent):
                value: Any = {} if isinstance(event, MappingStartEvent) else []
                opened = _Open(label, path, value, event)
                if path is not None:
                    _keep(top, path, value, mark, out)
                    if spans is not None and opened.flow:
                        spans.flow.add(path)
                stack.append(opened)
                if len(stack) > MAX_DEPTH:
                    message = f"nesting deeper than {MAX_DEPTH} levels; a scenario never needs this"
                    out.fatal.append(_marked(label, message, mark))
                    out.cut = _cut(text, mark, opened.flow)
                    return out
            elif isinstance(event, ScalarEvent):
                if top is not None:
                    top.end = (event.end_mark.line, event.end_mark.column)
                if path is not None:
                    _keep(top, path, _scalar(event, out), mark, out)
                    if spans is not None:
                        end = event.end_mark
                        spans.nodes[path] = (mark.line, mark.column, end.line, end.column)
            if len(out.fatal) >= MAX_REFUSALS:
                message = f"stopped after {MAX_REFUSALS} such problems"
                out.fatal.append(_marked(label, message, mark))
                return out
    except YAMLError as exc:
        out.fatal.append(_yaml_problem(exc, text, stack[-1].label if stack else (), last))
    return out


#: The token that starts a node, as YAML 1.1 parsers name it in a syntax error.
_TOKENS = {
    ("MappingStartEvent", False): "<block mapping start>",
    ("MappingStartEvent", True): "{",
    ("SequenceStartEvent", False): "<block sequence start>",
    ("SequenceStartEvent", True): "[",
}


def _cut(text: str, mark: Any, flow: bool) -> int:
    """Where the text can end for a parser to reach the node at ``mark`` again: just past a
    '[' or '{'; past the line of a block collection (its first key needs its ':')."""
    starts = [0]
    for brk in _LINE_BREAK.finditer(text):
        if len(starts) > mark.line + 1:
            break
        starts.append(brk.end())
    if len(starts) <= mark.line:
        return 0  # a line the parsers count differently: read it all
    at = starts[mark.line] + mark.column
    if flow:
        return at + 1
    return starts[mark.line + 1] if len(starts) > mark.line + 1 else len(text)


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _refuse(event: NodeEvent, label: DocPath, found: list[Problem]) -> None:
    mark = event.start_mark
    if isinstance(event, AliasEvent) or event.anchor:
        message = "YAML anchors and aliases (&name, *name) are not supported; "
        found.append(_marked(label, message + "write the value out in full", mark))
    tag = getattr(event, "tag", None)
    if tag and tag not in _SAFE_TAGS:
        short = tag.replace("tag:yaml.org,2002:", "!!")
        message = (
            f"the YAML tag '{short}' is not allowed; write a plain value "
            "(text, number, true/false, list or mapping)"
        )
        found.append(_marked(label, message, mark))


def _place(top: _Open | None, event: NodeEvent, out: Walk, spans: Spans | None) -> DocPath | None:
    """The document path of a node, or None when it is not kept: a key (kept as text), a
    key that is not text, the value after such a key or after a repeated key."""
    if top is None:
        return ()
    if top.path is None:
        return None
    if isinstance(top.value, list):
        return (*top.path, len(top.value))
    if top.key is None and not top.drop:  # a key
        mark = event.start_mark
        if not isinstance(event, ScalarEvent):
            message = "a key must be plain text, not a list or mapping"
            out.problems.append(_marked(top.path, message, mark))
            top.drop = True
            return None
        key = event.value  # "yes", "1", dates: keys stay text
        kpath = (*top.path, key)
        if key in top.value:
            first = out.marks[(*kpath, "<key>")][0]
            message = f"key '{key}' appears twice in the same mapping (first on line {first}); "
            out.problems.append(_marked(kpath, message + "keep one", mark))
            top.drop = True
            return None
        out.marks[(*kpath, "<key>")] = (mark.line + 1, mark.column + 1)
        if spans is not None:
            end = event.end_mark
            spans.keys[kpath] = (mark.line, mark.column, end.line, end.column)
        top.key = key
        return None
    if top.drop:  # the value after a key that is not kept
        top.drop = False
        return None
    path: DocPath = (*top.path, top.key or "")
    top.key = None
    return path


def _keep(top: _Open | None, path: DocPath, value: Any, mark: Any, out: Walk) -> None:
    out.marks[path] = (mark.line + 1, mark.column + 1)
    if top is None:
        out.value = value
    elif isinstance(top.value, list):
        top.value.append(value)
    else:
        top.value[path[-1]] = value


def _scalar(event: ScalarEvent, out: Walk) -> Any:
    tag = resolve(event.value) if event.implicit[0] else (event.tag or STR)
    try:
        return construct(tag, event.value)
    except NoValue:  # '<<' and '=': no constructor, as PyYAML's safe loader had none
        mark = event.start_mark
        message = f"not valid YAML: could not determine a constructor for the tag '{tag}'"
        if out.broken is None:
            out.broken = _marked((), message, mark)
        return event.value
    except (ValueError, LookupError, OverflowError):  # 2024-13-01, !!int x: keep the text
        return event.value


# --- syntax errors -------------------------------------------------------------------------
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
    exc: YAMLError, text: str, outer: DocPath = (), last: tuple[DocPath, int] = ((), -1)
) -> Problem:
    """A YAML syntax error, with a hint; at the latest node when on its line, else ``outer``."""
    if isinstance(exc, ReaderError):  # a character YAML does not allow
        pos = exc.position
        line, column = text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1])
        message = f"the character U+{char:04X} is not allowed in YAML text; remove it"
        return Problem(outer, message, line=line, column=column)
    if not isinstance(exc, MarkedYAMLError):
        return Problem(outer, f"not valid YAML: {exc}")
    context, opened = str(exc.context or ""), exc.context_mark
    # ruamel.yaml names some tokens as a tuple: "but found ('<scalar>',)"
    what = re.sub(r"\('(<[\w ]+>)',\)", r"'\1'", str(exc.problem or context or "unreadable"))
    mark = exc.problem_mark or opened
    lines = text.splitlines()
    here = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in here[: len(here) - len(here.lstrip())] or "'\\t'" in what or "tab" in what:
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    else:
        hint = next((h for key, h in _SYNTAX_HINTS if key in f"{context} {what}"), "")
    if opened and ("flow" in context or "quoted" in context):
        there = lines[opened.line] if opened.line < len(lines) else ""
        sign = "quote" if "quoted" in context else f"'{there[opened.column : opened.column + 1]}'"
        hint = f"the {sign} opened on line {opened.line + 1} is not closed"
        if "end of stream" in what:  # the end of the file says nothing: point at the opening
            mark = opened
    message = f"not valid YAML: {what}" + (f"; {hint}" if hint else "")
    if mark is None:
        return Problem(outer, message)
    return _marked(last[0] if last[1] == mark.line else outer, message, mark)
