"""Import GENIUS / ANAC negotiation domains (XML) as accord scenarios.

A GENIUS domain is a folder of XML files: one *domain* file listing the issues and their
values, and one *preference profile* (utility space) per party giving each issue a weight,
each value an evaluation, and optionally a reservation value and a discount factor. A
party's GENIUS utility for an outcome is linear additive::

    U(x) = sum_i w_i * e_i(x_i)

with ``e_i`` the value's evaluation divided by the largest evaluation on issue i (0 when
that largest evaluation is below 0.00001, as in GENIUS) for discrete issues, and a clamped
linear (or constant, or triangular) function for integer and real issues.

The conversion keeps that utility exactly: each profile becomes an actor (role ``party``,
capability 1), each issue an ordinal issue, each (profile, issue) pair a stance with
``utility: table`` holding ``e_i`` for every option and salience ``w_i / sum(w)``. accord's
utility, the salience-weighted mean of table utilities, is then GENIUS's utility whenever
the weights sum to 1 (as they do in every published domain); otherwise it is GENIUS's
divided by that sum, and the reservation value is divided likewise so that accepting and
refusing stay the same. Integer issues get one option per integer (evenly spaced integers
beyond :data:`INTEGER_OPTION_LIMIT`), real issues ``steps`` evenly spaced values: utilities
are exact at those values.

Files are parsed with the standard library's expat parser; DOCTYPE and ENTITY
declarations are refused (they are what entity-expansion attacks use, and GENIUS files
never need them). Every problem raises :class:`ScenarioError` naming the file, the line
and what would be valid.
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

import numpy as np
from pydantic import ValidationError

from accord.model.actors import Actor, Batna, Reliability, Role, Source
from accord.model.issues import Issue, IssueKind, Option
from accord.model.problems import Problem, ScenarioError
from accord.model.scenario import Scenario
from accord.model.stances import Stance, UtilityShape

#: GENIUS files larger than this are refused before they are parsed.
MAX_BYTES = 10 * 1024 * 1024
#: Real issues (and wide integer ones) are discretised to this many values by default.
DEFAULT_STEPS = 11
#: Integer issues with at most this many values get one option per integer.
INTEGER_OPTION_LIMIT = 101
#: GENIUS treats a discrete issue whose largest evaluation is below this as worth nothing.
ZERO_MAX = 0.00001
#: Weights that sum to 1 within this are taken as normalised.
WEIGHT_SUM_TOLERANCE = 1e-6
#: The id of the one source an imported scenario cites.
SOURCE_ID = "genius-domain"

_ID_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_KINDS = ("discrete", "integer", "real")
_REAL_FUNCTIONS = ("linear", "constant", "triangular")
_NONLINEAR_TAGS = {"ufun", "hyperRectangle", "constraint", "rectangle", "cube"}


# --- XML with line numbers -----------------------------------------------------------------
@dataclass
class _Node:
    """One XML element: tag, attributes, child elements and where it starts (1-based)."""

    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    children: list[_Node] = field(default_factory=list)

    def kids(self, tag: str) -> list[_Node]:
        return [c for c in self.children if c.tag == tag]

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)

    def walk(self) -> Iterable[_Node]:
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


class _Refused(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class _Report:
    """The problems found in one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    @property
    def name(self) -> str:
        return self.path.name

    def error(self, node: _Node | None, message: str) -> None:
        if node is None:
            self.problems.append(Problem((), message))
        else:
            self.problems.append(
                Problem((f"<{node.tag}>",), message, line=node.line, column=node.column)
            )


def _parse_xml(data: bytes, report: _Report) -> _Node | None:
    """Parse XML safely into :class:`_Node` objects; None (and a problem) if it cannot be."""
    if not data.strip():
        report.error(None, "the file is empty; a GENIUS domain or profile is an XML file")
        return None
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    roots: list[_Node] = []
    stack: list[_Node] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = _Node(tag, attrs, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def doctype(*_: Any) -> None:
        raise _Refused(
            "DOCTYPE declarations are refused (they carry entity definitions, the means of "
            "entity-expansion attacks); GENIUS files never need one: remove it",
            parser.CurrentLineNumber,
            parser.CurrentColumnNumber + 1,
        )

    def entity(*_: Any) -> None:  # pragma: no cover - a DOCTYPE comes first and is refused
        raise _Refused(
            "ENTITY declarations are refused; remove them",
            parser.CurrentLineNumber,
            parser.CurrentColumnNumber + 1,
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        report.problems.append(Problem((), exc.message, line=exc.line, column=exc.column))
        return None
    except expat.ExpatError as exc:
        what = str(expat.ErrorString(exc.code)).removeprefix("not well-formed ").strip("()")
        report.problems.append(
            Problem(
                (),
                f"not well-formed XML ({what}); GENIUS domains and profiles are XML files",
                line=exc.lineno,
                column=exc.offset + 1,
            )
        )
        return None
    return roots[0] if roots else None


# --- what the files hold --------------------------------------------------------------------
@dataclass
class _DomainIssue:
    index: int
    name: str
    kind: str  # discrete, integer or real
    node: _Node
    values: list[str] = field(default_factory=list)  # discrete: the values, in file order
    lower: float = 0.0
    upper: float = 0.0
    grid: list[float] = field(default_factory=list)  # integer and real: the option values
    option_ids: list[str] = field(default_factory=list)
    option_labels: list[str] = field(default_factory=list)

    def label(self) -> str:
        return f"'{self.name}' (index {self.index})"


@dataclass
class _Profile:
    path: Path
    utilities: dict[int, list[float]]  # issue index -> utility 0..1 of each option
    weights: dict[int, float]
    notes: dict[int, str]
    reservation: float | None
    discount: float | None


@dataclass
class _Loaded:
    path: Path
    report: _Report
    root: _Node | None


def _number(node: _Node, attr: str, report: _Report, what: str | None = None) -> float | None:
    """A finite decimal number from an attribute, or None (and a problem)."""
    text = node.get(attr)
    what = what or f"'{attr}'"
    if text is None:
        report.error(node, f'{what} is missing; give {attr}="a number"')
        return None
    if not _NUMBER_RE.match(text.strip()):
        report.error(node, f"{what} must be a decimal number such as 0.25; got '{text}'")
        return None
    value = float(text)
    if not math.isfinite(value):
        report.error(node, f"{what} is too large; got '{text}'")
        return None
    return value


def _integer(node: _Node, attr: str, report: _Report) -> int | None:
    text = node.get(attr)
    if text is None:
        report.error(node, f"<{node.tag}> has no '{attr}'; give {attr}=\"a whole number\"")
        return None
    if not re.match(r"^\s*[+-]?\d+\s*$", text):
        report.error(node, f"'{attr}' must be a whole number; got '{text}'")
        return None
    return int(text)


def _suggest(word: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _listing(items: Sequence[str], limit: int = 20) -> str:
    shown = ", ".join(f"'{v}'" for v in items[:limit])
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")


def _objective(root: _Node, report: _Report) -> _Node | None:
    """The root <objective> holding the issues: inside <utility_space>, itself the root or
    inside <negotiation_template>."""
    if root.tag == "negotiation_template":
        spaces = root.kids("utility_space")
        if len(spaces) != 1:
            report.error(
                root,
                f"<negotiation_template> holds {len(spaces)} <utility_space> elements; "
                "a GENIUS domain has exactly one, with the <objective> and its issues",
            )
            return None
        space = spaces[0]
    else:
        space = root
    objectives = space.kids("objective")
    if len(objectives) != 1:
        report.error(
            space,
            f"<{space.tag}> holds {len(objectives)} <objective> elements; a GENIUS file has "
            "exactly one, listing the issues (<objective><issue ...>...</issue></objective>)",
        )
        return None
    objective = objectives[0]
    for nested in objective.kids("objective"):
        report.error(
            nested,
            "nested objectives are not supported: accord imports flat GENIUS domains, with "
            "every <issue> directly inside the one <objective>",
        )
    return objective


def _issue_kind(node: _Node, report: _Report) -> str | None:
    text = node.get("type") or node.get("vtype") or node.get("etype") or "discrete"
    kind = text.strip().lower()
    if kind not in _KINDS:
        report.error(
            node,
            f"issue type '{text}' is not supported; valid: {', '.join(_KINDS)}",
        )
        return None
    return kind


def _bounds(node: _Node, report: _Report, kind: str) -> tuple[float, float] | None:
    """An integer or real issue's bounds: attributes of the issue or of a <range> child."""
    holder = node
    if node.get("lowerbound") is None and node.kids("range"):
        holder = node.kids("range")[0]
    if kind == "integer":
        lo, hi = _integer(holder, "lowerbound", report), _integer(holder, "upperbound", report)
    else:
        lo, hi = _number(holder, "lowerbound", report), _number(holder, "upperbound", report)
    if lo is None or hi is None:
        return None
    if not hi > lo:
        report.error(
            holder,
            f"the upper bound ({hi:g}) must be greater than the lower bound ({lo:g}); "
            "an issue with one value is not negotiated",
        )
        return None
    return float(lo), float(hi)


def _number_id(value: float, integer: bool) -> str:
    return str(round(value)) if integer else f"{value:.10g}"


def _grid(kind: str, lower: float, upper: float, steps: int) -> list[float]:
    if kind == "integer" and upper - lower + 1 <= INTEGER_OPTION_LIMIT:
        return [float(v) for v in range(int(lower), int(upper) + 1)]
    grid = [float(v) for v in np.linspace(lower, upper, steps)]
    if kind == "integer":
        grid = sorted({float(round(v)) for v in grid})
    return grid


def _slug(text: str, fallback: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-.").lower()[:64].strip("-.")
    return slug or fallback


def _unique(slug: str, used: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in used or candidate == "unknown":
        suffix = f"-{n}"
        candidate = slug[: 64 - len(suffix)] + suffix
        n += 1
    used.add(candidate)
    return candidate


def _domain_issues(root: _Node, report: _Report, steps: int) -> list[_DomainIssue]:
    objective = _objective(root, report)
    if objective is None:
        return []
    nodes = objective.kids("issue")
    if not nodes:
        report.error(
            objective,
            "the domain has no issues; list them inside <objective> as "
            '<issue index="1" name="..." type="discrete"><item index="1" value="..."/>...',
        )
    issues: list[_DomainIssue] = []
    seen: dict[int, _DomainIssue] = {}
    names: set[str] = set()
    for node in nodes:
        index = _integer(node, "index", report)
        name = node.get("name")
        kind = _issue_kind(node, report)
        if name is None or not name.strip():
            report.error(node, 'the issue has no name; give name="..."')
            continue
        if index is None or kind is None:
            continue
        if index in seen:
            report.error(
                node,
                f"issue index {index} is used twice (also by {seen[index].label()}); "
                "give every issue its own index",
            )
            continue
        if name in names:
            report.error(node, f"two issues are named '{name}'; give every issue its own name")
            continue
        issue = _DomainIssue(index=index, name=name, kind=kind, node=node)
        if kind == "discrete":
            values: list[str] = []
            for item in node.kids("item"):
                value = item.get("value")
                if value is None:
                    report.error(item, 'the item has no value; give value="..."')
                elif value in values:
                    report.error(
                        item, f"value '{value}' is listed twice in issue '{name}'; list it once"
                    )
                else:
                    values.append(value)
            if len(values) < 2:
                report.error(
                    node,
                    f"issue '{name}' has {len(values)} value(s); an issue needs at least two "
                    '(<item index="1" value="..."/> for each)',
                )
                continue
            issue.values = values
        else:
            bounds = _bounds(node, report, kind)
            if bounds is None:
                continue
            issue.lower, issue.upper = bounds
            issue.grid = _grid(kind, issue.lower, issue.upper, steps)
        seen[index] = issue
        names.add(name)
        issues.append(issue)
    # option ids and labels, unique within each issue
    for issue in issues:
        used: set[str] = set()
        if issue.kind == "discrete":
            labels = issue.values
            slugs = [_slug(v, f"v{k + 1}") for k, v in enumerate(labels)]
        else:
            labels = [_number_id(v, issue.kind == "integer") for v in issue.grid]
            slugs = list(labels)
        issue.option_labels = [label if label.strip() else "(empty)" for label in labels]
        issue.option_ids = [_unique(s, used) for s in slugs]
    return issues


def _profile_parts(root: _Node, report: _Report) -> tuple[_Node | None, _Node | None, _Node | None]:
    """The profile's objective, reservation and discount_factor elements."""
    if root.tag != "utility_space":
        report.error(
            root,
            f"the root element is <{root.tag}>; a GENIUS preference profile is a <utility_space>",
        )
        return None, None, None
    kind = (root.get("type") or "linear").strip().lower()
    odd = next((n for n in root.walk() if n.tag in _NONLINEAR_TAGS), None)
    if kind not in ("linear", "additive") or odd is not None:
        report.error(
            odd or root,
            "this is a non-linear GENIUS utility space; accord's utilities are additive over "
            "issues, so only linear additive profiles (weights and evaluations) can be imported",
        )
        return None, None, None
    objective = _objective(root, report)
    found: dict[str, _Node | None] = {}
    for tag in ("reservation", "discount_factor"):
        nodes = root.kids(tag) + (objective.kids(tag) if objective is not None else [])
        if len(nodes) > 1:
            report.error(nodes[1], f"<{tag}> is given {len(nodes)} times; give it once")
        found[tag] = nodes[0] if nodes else None
    return objective, found["reservation"], found["discount_factor"]


def _read_profile(loaded: _Loaded, domain: list[_DomainIssue], domain_name: str) -> _Profile | None:
    report, root = loaded.report, loaded.root
    assert root is not None
    objective, reservation_node, discount_node = _profile_parts(root, report)
    if objective is None:
        return None
    by_index = {i.index: i for i in domain}
    indexes = ", ".join(f"{i.index} '{i.name}'" for i in domain)

    weights: dict[int, float] = {}
    mentioned: dict[str, set[int]] = {"weight": set(), "issue": set()}
    misplaced: set[str] = set()  # names of issues given under an index the domain lacks
    for node in objective.kids("weight"):
        index = _integer(node, "index", report)
        value = _number(node, "value", report, "the weight")
        if index is not None:
            mentioned["weight"].add(index)
        if index is None or value is None:
            continue
        if index not in by_index:
            report.error(
                node,
                f"a weight for issue index {index}, but the domain {domain_name} has no such "
                f"issue; its issues: {indexes}",
            )
        elif index in weights:
            report.error(node, f"issue index {index} is given two weights; give one")
        elif value < 0:
            report.error(node, f"the weight {value:g} is negative; weights are 0 or more")
        else:
            weights[index] = value

    utilities: dict[int, list[float]] = {}
    notes: dict[int, str] = {}
    for node in objective.kids("issue"):
        index = _integer(node, "index", report)
        if index is None:
            continue
        mentioned["issue"].add(index)
        name = node.get("name")
        issue = by_index.get(index)
        if issue is None:
            misplaced.add(name or "")
            report.error(
                node,
                f"issue index {index} ('{name}') is not in the domain {domain_name}; "
                f"its issues: {indexes}",
            )
            continue
        if name is not None and name != issue.name:
            report.error(
                node,
                f"issue index {index} is named '{name}' here but '{issue.name}' in the domain "
                f"{domain_name}; is this the profile of another domain?",
            )
            continue
        if index in utilities:
            report.error(node, f"issue {issue.label()} is evaluated twice; evaluate it once")
            continue
        kind = _issue_kind(node, report)
        if kind is None:
            continue
        if kind != issue.kind:
            report.error(
                node,
                f"issue {issue.label()} is {kind} here but {issue.kind} in the domain "
                f"{domain_name}; the types must agree",
            )
            continue
        reader = _discrete_utilities if kind == "discrete" else _numeric_utilities
        result = reader(node, issue, report)
        if result is not None:
            utilities[index], notes[index] = result

    missing_weights = [i for i in domain if i.index not in weights]
    for issue in domain:
        if issue.index not in mentioned["issue"] and issue.name not in misplaced:
            report.error(
                objective,
                f"the profile does not evaluate issue {issue.label()} of {domain_name}; "
                f'add <issue index="{issue.index}" name="{issue.name}" ...> with its values',
            )
    if not objective.kids("weight"):
        report.error(
            objective,
            "the profile has no <weight> elements; GENIUS needs one per issue inside "
            '<objective>, e.g. <weight index="1" value="0.25"/>',
        )
    else:
        for issue in missing_weights:
            if issue.index not in mentioned["weight"]:
                report.error(
                    objective,
                    f"no weight for issue {issue.label()}; add "
                    f'<weight index="{issue.index}" value="..."/> inside <objective>',
                )
    if weights and not missing_weights and sum(weights.values()) <= 0:
        report.error(objective, "every weight is 0; give at least one issue a positive weight")

    reservation = discount = None
    if reservation_node is not None:
        reservation = _number(reservation_node, "value", report, "the reservation value")
    if discount_node is not None:
        discount = _number(discount_node, "value", report, "the discount factor")
    if report.problems:
        return None
    return _Profile(
        path=loaded.path,
        utilities=utilities,
        weights=weights,
        notes=notes,
        reservation=reservation,
        discount=discount,
    )


def _discrete_utilities(
    node: _Node, issue: _DomainIssue, report: _Report
) -> tuple[list[float], str] | None:
    evaluations: dict[str, float] = {}
    ok = True
    for item in node.kids("item"):
        value = item.get("value")
        if value is None:
            report.error(item, f"the item has no value; give one of {_listing(issue.values)}")
            ok = False
            continue
        if value not in issue.values:
            report.error(
                item,
                f"'{value}' is not a value of issue '{issue.name}'"
                f"{_suggest(value, issue.values)}; valid: {_listing(issue.values)}",
            )
            ok = False
            continue
        if value in evaluations:
            report.error(item, f"value '{value}' is evaluated twice; evaluate it once")
            ok = False
            continue
        evaluation = _number(item, "evaluation", report, f"the evaluation of '{value}'")
        if evaluation is None:
            ok = False
            continue
        if evaluation < 0:
            report.error(
                item, f"the evaluation of '{value}' is {evaluation:g}; evaluations are 0 or more"
            )
            ok = False
            continue
        evaluations[value] = evaluation
    missing = [v for v in issue.values if v not in evaluations]
    if ok and missing:
        report.error(
            node,
            f"no evaluation for {_listing(missing)} of issue '{issue.name}'; give "
            '<item value="..." evaluation="..."/> for every value',
        )
    if not ok or missing:
        return None
    top = max(evaluations.values())
    if top < ZERO_MAX:
        note = "every evaluation is 0, so the issue adds nothing (as in GENIUS)"
        return [0.0 for _ in issue.values], note
    note = f"evaluations divided by their maximum, {top:g}"
    return [evaluations[v] / top for v in issue.values], note


def _numeric_utilities(
    node: _Node, issue: _DomainIssue, report: _Report
) -> tuple[list[float], str] | None:
    """An integer or real issue's utilities at the grid values, as GENIUS computes them."""
    evaluators = node.kids("evaluator")
    if not evaluators:
        report.error(
            node,
            f"{issue.kind} issue '{issue.name}' has no <evaluator>; give e.g. "
            + (
                '<evaluator ftype="linear" slope="0.1" offset="0"/>'
                if issue.kind == "integer"
                else '<evaluator ftype="linear" parameter0="0" parameter1="0.1"/>'
            ),
        )
        return None
    ev = evaluators[0]
    ftype = (ev.get("ftype") or "linear").strip().lower()
    grid = np.asarray(issue.grid)
    if issue.kind == "integer":
        if ftype != "linear":
            report.error(ev, f"integer evaluators are linear in GENIUS; got ftype '{ftype}'")
            return None
        slope, offset = _number(ev, "slope", report), _number(ev, "offset", report)
        lower = issue.lower
        if node.get("lowerbound") is not None:
            own = _integer(node, "lowerbound", report)
            lower = float(own) if own is not None else lower
        if slope is None or offset is None:
            return None
        u = np.clip(offset + slope * (grid - lower), 0.0, 1.0)
        note = (
            f"GENIUS integer evaluator: offset {offset:g} + slope {slope:g} x (value - {lower:g})"
        )
        return [float(x) for x in u], note
    if ftype not in _REAL_FUNCTIONS:
        report.error(
            ev,
            f"real evaluator ftype '{ftype}' is not supported; valid: {', '.join(_REAL_FUNCTIONS)}",
        )
        return None
    params = {}
    needed = {"linear": 2, "constant": 1, "triangular": 3}[ftype]
    for k in range(needed):
        params[k] = _number(ev, f"parameter{k}", report)
    if any(p is None for p in params.values()):
        return None
    p = [float(params[k]) for k in range(needed)]  # type: ignore[arg-type]
    if ftype == "linear":
        u = np.clip(p[1] * grid + p[0], 0.0, 1.0)
    elif ftype == "constant":
        if not 0.0 <= p[0] <= 1.0:
            report.error(ev, f"a constant evaluation must be from 0 to 1; got {p[0]:g}")
            return None
        u = np.full(grid.shape, p[0])
    else:
        lower, upper, top = p
        if not lower < top < upper:
            report.error(
                ev,
                "a triangular evaluator needs parameter0 (lower) < parameter2 (top) < "
                f"parameter1 (upper); got {lower:g}, {top:g}, {upper:g}",
            )
            return None
        u = np.where(
            grid < lower,
            0.0,
            np.where(
                grid < top,
                (grid - lower) / (top - lower),
                np.where(grid < upper, 1.0 - (grid - top) / (upper - top), 0.0),
            ),
        )
    note = f"GENIUS real evaluator {ftype} {', '.join(f'{x:g}' for x in p)}"
    return [float(x) for x in u], note


# --- finding the files ----------------------------------------------------------------------
def _is_profile(root: _Node) -> bool:
    if root.tag != "utility_space":
        return False
    return any(
        n.tag in ("weight", "reservation", "discount_factor", "evaluator")
        or (n.tag == "item" and "evaluation" in n.attrs)
        for n in root.walk()
    )


def _load(path: Path) -> _Loaded:
    report = _Report(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            report.error(
                None,
                f"the file is {size / 2**20:.1f} MiB; GENIUS files are limited to "
                f"{MAX_BYTES // 2**20} MiB here",
            )
            return _Loaded(path, report, None)
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        report.error(None, f"cannot read the file: {exc.strerror or exc}")
        return _Loaded(path, report, None)
    return _Loaded(path, report, _parse_xml(data, report))


def _raise_first(reports: Iterable[_Report]) -> None:
    """Raise ScenarioError for the first file with problems (all of them), naming the rest."""
    bad = [r for r in reports if r.problems]
    if not bad:
        return
    problems = sorted(bad[0].problems, key=lambda p: (p.line or 0, p.column or 0))
    if len(bad) > 1:
        others = ", ".join(r.name for r in bad[1:])
        problems.append(
            Problem(("other files",), f"{others} also have problems, reported once this is fixed")
        )
    raise ScenarioError(str(bad[0].path), problems)


def _whole(where: str | os.PathLike[str], message: str) -> ScenarioError:
    return ScenarioError(str(where), [Problem((), message)])


def _input_files(
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
) -> tuple[list[Path], Path | None]:
    """The XML files to read, and the folder when one was given."""
    single = isinstance(source, str | os.PathLike)
    paths = [Path(source)] if single else [Path(p) for p in source]  # type: ignore[arg-type, union-attr]
    if not paths:
        raise ScenarioError(None, [Problem((), "give a folder, or a domain file and profiles")])
    if len(paths) == 1 and paths[0].is_dir():
        folder = paths[0]
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            raise _whole(folder, f"cannot list the folder: {exc.strerror or exc}") from None
        files = [p for p in entries if p.suffix.lower() == ".xml" and p.is_file()]
        if not files:
            subfolders = [p.name for p in entries if p.is_dir()]
            more = (
                f"; it has subfolders ({', '.join(subfolders[:8])}): import each one"
                if subfolders
                else ""
            )
            raise _whole(
                folder,
                "no .xml files in the folder; a GENIUS domain folder holds one domain file and "
                f"one preference profile per party{more}",
            )
        return files, folder
    for p in paths:
        if p.is_dir():
            raise _whole(p, "is a folder; give either one folder or a list of XML files")
        if not p.exists():
            raise _whole(p, "no such file; give a GENIUS domain folder or its XML files")
        if not p.is_file():
            raise _whole(p, "not a regular file; give a GENIUS domain folder or its XML files")
    return paths, None


def _base_name(domain: Path) -> str:
    stem = re.sub(r"[_\- ]?domain$", "", domain.stem, flags=re.IGNORECASE)
    return stem or domain.stem


def _actor_name(profile: Path, base: str) -> str:
    stem = profile.stem
    for sep in ("_", "-", " "):
        prefix = f"{base}{sep}"
        if stem.lower().startswith(prefix.lower()) and len(stem) > len(prefix):
            return stem[len(prefix) :]
    return stem


# --- the import -----------------------------------------------------------------------------
def read_genius(
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    scenario_id: str | None = None,
    title: str | None = None,
    steps: int = DEFAULT_STEPS,
) -> Scenario:
    """Read a GENIUS domain: a folder, or the domain file and profile files, as a Scenario.

    In a folder, every ``.xml`` file is read: the one whose root is
    ``<negotiation_template>`` (or a ``<utility_space>`` without weights or evaluations) is
    the domain, each ``<utility_space>`` with weights and evaluations a profile; other XML
    files are skipped. ``steps`` is the number of values a real issue (or an integer issue
    with more than :data:`INTEGER_OPTION_LIMIT` values) is discretised to. Raises
    :class:`ScenarioError` for every problem, with file, line and what would be valid.
    """
    if scenario_id is not None and not _ID_RE.match(scenario_id):
        raise ScenarioError(
            None,
            [
                Problem(
                    ("id",),
                    f"'{scenario_id}' is not a valid id; use up to 64 letters, digits, "
                    f"'_', '-' and '.', e.g. '{_slug(scenario_id, 'genius-domain')}'",
                )
            ],
        )
    if title is not None and not title.strip():
        raise ScenarioError(None, [Problem(("title",), "the title is empty; give one line")])
    if steps < 2:
        raise ScenarioError(None, [Problem(("steps",), f"steps must be 2 or more; got {steps}")])

    files, folder = _input_files(source)
    loaded = [_load(p) for p in files]
    _raise_first(lo.report for lo in loaded)

    domains, profiles, skipped = [], [], []
    for lo in loaded:
        root = lo.root
        assert root is not None
        if root.tag == "negotiation_template" or (
            root.tag == "utility_space" and not _is_profile(root)
        ):
            domains.append(lo)
        elif root.tag == "utility_space":
            profiles.append(lo)
        elif folder is None:
            lo.report.error(
                root,
                f"not a GENIUS file: the root element is <{root.tag}>; a domain's is "
                "<negotiation_template> (or <utility_space>), a profile's <utility_space>",
            )
        else:
            skipped.append(lo)
    _raise_first(lo.report for lo in loaded)

    where = folder if folder is not None else files[0]
    if not domains:
        note = (
            f" (skipped, not GENIUS: {', '.join(lo.path.name for lo in skipped)})"
            if skipped
            else ""
        )
        raise _whole(
            where,
            f"no GENIUS domain file among {len(files)} XML file(s){note}; the domain file "
            "lists the issues and values, with root element <negotiation_template>",
        )
    if len(domains) > 1:
        names = ", ".join(lo.path.name for lo in domains)
        raise _whole(
            where,
            f"{len(domains)} domain files ({names}); a GENIUS domain has one: give the files "
            "explicitly (the domain file, then the profiles)",
        )
    if not profiles:
        raise _whole(
            where,
            f"no preference profiles beside the domain {domains[0].path.name}; a profile is a "
            "<utility_space> with <weight> and <item evaluation=...> elements, one per party",
        )

    domain = domains[0]
    assert domain.root is not None
    issues = _domain_issues(domain.root, domain.report, steps)
    _raise_first([domain.report])
    read = [_read_profile(lo, issues, domain.path.name) for lo in profiles]
    _raise_first(lo.report for lo in profiles)
    return _scenario(
        domain.path,
        issues,
        [p for p in read if p is not None],
        scenario_id=scenario_id,
        title=title,
        steps=steps,
    )


def _issue_description(issue: _DomainIssue, steps: int) -> str:
    head = f"GENIUS {issue.kind} issue '{issue.name}' (index {issue.index})"
    if issue.kind == "discrete":
        return f"{head}; its values are unordered in GENIUS and listed here in the domain's order"
    if issue.kind == "integer":
        span = f"{issue.lower:g}..{issue.upper:g}"
        if len(issue.grid) == issue.upper - issue.lower + 1:
            return f"{head}, {span}: one option per integer"
        return (
            f"{head}, {span}: discretised to {len(issue.grid)} evenly spaced integers; "
            "utilities are exact at those values"
        )
    return (
        f"{head}, {issue.lower:g} to {issue.upper:g}: discretised to {steps} evenly spaced "
        "values; utilities are exact at those values"
    )


def _scenario(
    domain_path: Path,
    domain: list[_DomainIssue],
    profiles: list[_Profile],
    *,
    scenario_id: str | None,
    title: str | None,
    steps: int,
) -> Scenario:
    base = _base_name(domain_path)
    profile_names = [p.path.name for p in profiles]
    source = Source(
        id=SOURCE_ID,
        title=f"GENIUS domain {domain_path.name}",
        reliability=Reliability.primary,
        note=(
            f"domain file {domain_path.name}; preference profiles: {', '.join(profile_names)}; "
            "imported by accord"
        ),
    )
    issues: list[Issue] = []
    issue_ids: dict[int, str] = {}
    used: set[str] = set()
    for gi in domain:
        iid = _unique(_slug(gi.name, f"issue-{gi.index}"), used)
        issue_ids[gi.index] = iid
        positions: list[float | None]
        if gi.kind == "discrete":
            positions = [None] * len(gi.values)
        else:
            span = gi.upper - gi.lower
            positions = [min(100.0, max(0.0, 100.0 * (v - gi.lower) / span)) for v in gi.grid]
        issues.append(
            Issue(
                id=iid,
                name=gi.name,
                kind=IssueKind.ordinal,
                description=_issue_description(gi, steps),
                options=[
                    Option(id=oid, label=label, position=pos)
                    for oid, label, pos in zip(
                        gi.option_ids, gi.option_labels, positions, strict=True
                    )
                ],
            )
        )

    actors: list[Actor] = []
    stances: list[Stance] = []
    actor_ids: set[str] = set()
    for k, profile in enumerate(profiles):
        name = _actor_name(profile.path, base)
        aid = _unique(_slug(name, f"party-{k + 1}"), actor_ids)
        total = sum(profile.weights.values())
        scaled = not math.isclose(total, 1.0, rel_tol=0.0, abs_tol=WEIGHT_SUM_TOLERANCE)
        actors.append(
            Actor(
                id=aid,
                name=name,
                role=Role.party,
                capability=1.0,
                capability_note="GENIUS profiles say nothing about power; every party gets 1",
                description=f"GENIUS preference profile {profile.path.name}",
                batna=_batna(profile, total, scaled),
                sources=[SOURCE_ID],
            )
        )
        for gi in domain:
            table = profile.utilities[gi.index]
            best = int(np.argmax(table))  # the first of equally good values
            weight = profile.weights[gi.index]
            note = f"GENIUS weight {weight!r} in {profile.path.name}; {profile.notes[gi.index]}"
            if scaled:
                note += f"; weights sum to {total!r}, so salience is weight / {total!r}"
            stances.append(
                Stance(
                    actor=aid,
                    issue=issue_ids[gi.index],
                    position=gi.option_ids[best],
                    salience=min(1.0, weight / total),
                    utility=UtilityShape.table,
                    table=dict(zip(gi.option_ids, table, strict=True)),
                    sources=[SOURCE_ID],
                    note=note,
                )
            )
    outcomes = math.prod(len(i.options or []) for i in issues)
    summary = (
        f"Imported from the GENIUS domain {domain_path.name} and {len(profiles)} preference "
        f"profile(s) ({', '.join(profile_names)}): {len(issues)} issues, {outcomes:,} outcomes. "
        "Each party's utility is its GENIUS linear additive utility."
    )
    try:
        return Scenario(
            id=scenario_id or _slug(base, "genius-domain"),
            title=title or f"{base} (GENIUS domain)",
            summary=summary,
            sources=[source],
            actors=actors,
            issues=issues,
            stances=stances,
        )
    except ValidationError as exc:  # pragma: no cover - everything above is checked
        raise _whole(domain_path, f"the imported scenario is not valid: {exc}") from None


def _batna(profile: _Profile, total: float, scaled: bool) -> Batna:
    name = profile.path.name
    parts: list[str] = []
    if profile.reservation is None:
        value = 0.0
        parts.append(f"{name} gives no reservation value; GENIUS then uses 0")
    else:
        value = profile.reservation
        parts.append(f"the GENIUS reservation value of {name}, {profile.reservation!r}")
    if scaled:
        value /= total
        parts.append(
            f"divided by {total!r}, the sum of the weights, to stay comparable with the "
            "normalised utility"
        )
    if value > 1.0:
        parts.append("above every outcome's utility, so no deal beats it; capped at 1")
    if value < 0.0:
        parts.append("below every outcome's utility; raised to 0, which changes no decision")
    d = profile.discount
    if d is not None and 0.0 < d < 1.0:
        parts.append(
            f"GENIUS discount factor {d!r}: there, utilities and the reservation value shrink "
            f"by {d!r}^t over normalised time t; accord has no time discounting, so the "
            "undiscounted values are used"
        )
    return Batna(
        description="no agreement: the party keeps its GENIUS reservation value",
        utility=min(1.0, max(0.0, value)),
        sources=[SOURCE_ID],
        judgement="; ".join(parts),
    )
