"""What a GENIUS domain file holds: its issues and their values (discrete, integer or real),
read into :class:`DomainIssue` records with every problem reported at its line; also the
number, id and wording helpers the profile reader shares."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from accord.io.genius.xmlfile import Node, Report

#: Real issues (and wide integer ones) are discretised to this many values by default.
DEFAULT_STEPS = 11

#: Integer issues with at most this many values get one option per integer.
INTEGER_OPTION_LIMIT = 101

NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")

KINDS = ("discrete", "integer", "real")

NONLINEAR_TAGS = {"ufun", "hyperRectangle", "constraint", "rectangle", "cube"}


@dataclass
class DomainIssue:
    """One issue of a GENIUS domain, as read and checked, with the options accord will give it.

    Attributes:
        index: The issue's ``index`` attribute (profiles refer to issues by it).
        name: The issue's ``name``.
        kind: ``"discrete"``, ``"integer"`` or ``"real"``.
        node: The ``<issue>`` element, for locating later problems.
        values: A discrete issue's values, in file order.
        lower: An integer or real issue's lower bound.
        upper: Its upper bound.
        grid: The option values an integer or real issue is sampled at (accord's issues have
            a finite list of options): every integer when there are few, else ``steps``
            evenly spaced points.
        option_ids: Each option's id in the scenario, unique within the issue.
        option_labels: Each option's label (the value as written, ``"(empty)"`` for blank).
    """

    index: int
    name: str
    kind: str  # discrete, integer or real
    node: Node
    values: list[str] = field(default_factory=list)  # discrete: the values, in file order
    lower: float = 0.0
    upper: float = 0.0
    grid: list[float] = field(default_factory=list)  # integer and real: the option values
    option_ids: list[str] = field(default_factory=list)
    option_labels: list[str] = field(default_factory=list)

    def label(self) -> str:
        """How a message names the issue: its name and index, as a user finds it in the file.

        Example:
            >>> issue = DomainIssue(2, "Price", "integer", Node("issue", {}, 3, 5))
            >>> issue.label()
            "'Price' (index 2)"
        """
        return f"'{self.name}' (index {self.index})"


def number_attr(node: Node, attr: str, report: Report, what: str | None = None) -> float | None:
    """A finite decimal number from an attribute, or None (and a problem)."""
    text = node.get(attr)
    what = what or f"'{attr}'"
    if text is None:
        report.error(node, f'{what} is missing; give {attr}="a number"')
        return None
    if not NUMBER_RE.match(text.strip()):
        report.error(node, f"{what} must be a decimal number such as 0.25; got '{text}'")
        return None
    value = float(text)
    if not math.isfinite(value):
        report.error(node, f"{what} is too large; got '{text}'")
        return None
    return value


def integer_attr(node: Node, attr: str, report: Report) -> int | None:
    """A whole number from the attribute ``attr`` of ``node``, or None after adding a problem
    (at the element's line) to ``report`` when it is missing or not a whole number.

    Example:
        >>> from pathlib import Path
        >>> report = Report(Path("domain.xml"))
        >>> integer_attr(Node("issue", {"index": " 3"}, 4, 1), "index", report)
        3
        >>> integer_attr(Node("issue", {"index": "3.5"}, 4, 1), "index", report)
        >>> report.problems[0].message, report.problems[0].line
        ("'index' must be a whole number; got '3.5'", 4)
    """
    text = node.get(attr)
    if text is None:
        report.error(node, f"<{node.tag}> has no '{attr}'; give {attr}=\"a whole number\"")
        return None
    if not re.match(r"^\s*[+-]?\d+\s*$", text):
        report.error(node, f"'{attr}' must be a whole number; got '{text}'")
        return None
    return int(text)


def did_you_mean(word: str, known: Sequence[str]) -> str:
    """A hint naming the closest of ``known`` to a misspelt ``word`` (difflib, cutoff 0.6), to
    append to an error message; empty when nothing is close.

    Example:
        >>> did_you_mean("Prise", ["Price", "Delivery"])
        " (did you mean 'Price'?)"
        >>> did_you_mean("xyz", ["Price"])
        ''
    """
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def listing(items: Sequence[str], limit: int = 20) -> str:
    """``items`` quoted and joined with commas for a message, at most ``limit`` of them and then
    how many there are in all (a domain may have hundreds of values).

    Example:
        >>> listing(["a", "b"])
        "'a', 'b'"
        >>> listing(["a", "b", "c"], limit=2)
        "'a', 'b', ... (3 in all)"
    """
    shown = ", ".join(f"'{v}'" for v in items[:limit])
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")


def _objective(root: Node, report: Report) -> Node | None:
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


def issue_kind(node: Node, report: Report) -> str | None:
    """An issue's kind, ``"discrete"``, ``"integer"`` or ``"real"``, from its ``type``
    (or the older ``vtype``/``etype``) attribute, discrete when none is given; None after
    adding a problem to ``report`` for a kind accord cannot import.

    Example:
        >>> from pathlib import Path
        >>> issue_kind(Node("issue", {"type": "REAL"}, 1, 1), Report(Path("d.xml")))
        'real'
    """
    text = node.get("type") or node.get("vtype") or node.get("etype") or "discrete"
    kind = text.strip().lower()
    if kind not in KINDS:
        report.error(
            node,
            f"issue type '{text}' is not supported; valid: {', '.join(KINDS)}",
        )
        return None
    return kind


def _bounds(node: Node, report: Report, kind: str) -> tuple[float, float] | None:
    """An integer or real issue's bounds: attributes of the issue or of a <range> child."""
    holder = node
    if node.get("lowerbound") is None and node.kids("range"):
        holder = node.kids("range")[0]
    lo: float | None
    hi: float | None
    if kind == "integer":
        lo, hi = (
            integer_attr(holder, "lowerbound", report),
            integer_attr(holder, "upperbound", report),
        )
    else:
        lo, hi = (
            number_attr(holder, "lowerbound", report),
            number_attr(holder, "upperbound", report),
        )
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


def make_slug(text: str, fallback: str) -> str:
    """An option id made from a value's text: lower case, runs of other characters than
    letters, digits, ``_`` and ``.`` turned into one ``-``, at most 64 characters;
    ``fallback`` when nothing is left.

    Example:
        >>> make_slug("Delivery in 2 weeks!", "v1"), make_slug("¿?", "v2")
        ('delivery-in-2-weeks', 'v2')
    """
    slug = re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-.").lower()[:64].strip("-.")
    return slug or fallback


def unique_id(slug: str, used: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... if taken, kept within 64 characters; the id
    returned is added to ``used``. ``unknown`` is never returned (scenarios reserve it).

    Example:
        >>> used = {"low"}
        >>> unique_id("low", used), unique_id("low", used), unique_id("unknown", used)
        ('low-2', 'low-3', 'unknown-2')
    """
    candidate, n = slug, 2
    while candidate in used or candidate == "unknown":
        suffix = f"-{n}"
        candidate = slug[: 64 - len(suffix)] + suffix
        n += 1
    used.add(candidate)
    return candidate


def domain_issues(root: Node, report: Report, steps: int) -> list[DomainIssue]:
    """The issues of a parsed GENIUS domain, checked, with option ids and labels.

    Every problem (no issues, a duplicate index or name, a discrete issue with fewer than
    two values, bad bounds) is added to ``report`` with its line, and the issue concerned
    is left out, so one reading reports all of a file's problems.

    Args:
        root: The domain's root element (``<negotiation_template>`` or ``<utility_space>``).
        report: Collects the problems.
        steps: How many evenly spaced options a real issue (or an integer issue with many
            values) gets.

    Example:
        >>> from pathlib import Path
        >>> from accord.io.genius.xmlfile import parse_xml
        >>> report = Report(Path("domain.xml"))
        >>> xml = (
        ...     b'<utility_space><objective index="0" name="deal">'
        ...     b'<issue index="1" name="Colour" type="discrete">'
        ...     b'<item index="1" value="Red"/><item index="2" value="Dark blue"/></issue>'
        ...     b'<issue index="2" name="Price" type="real" lowerbound="0" upperbound="10"/>'
        ...     b"</objective></utility_space>"
        ... )
        >>> root = parse_xml(xml, report)
        >>> [(i.name, i.option_ids) for i in domain_issues(root, report, steps=3)]
        [('Colour', ['red', 'dark-blue']), ('Price', ['0', '5', '10'])]
        >>> report.problems
        []
    """
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
    issues: list[DomainIssue] = []
    seen: dict[int, DomainIssue] = {}
    names: set[str] = set()
    for node in nodes:
        index = integer_attr(node, "index", report)
        name = node.get("name")
        kind = issue_kind(node, report)
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
        issue = DomainIssue(index=index, name=name, kind=kind, node=node)
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
            slugs = [make_slug(v, f"v{k + 1}") for k, v in enumerate(labels)]
        else:
            labels = [_number_id(v, issue.kind == "integer") for v in issue.grid]
            slugs = list(labels)
        issue.option_labels = [label if label.strip() else "(empty)" for label in labels]
        issue.option_ids = [unique_id(s, used) for s in slugs]
    return issues


def profile_parts(root: Node, report: Report) -> tuple[Node | None, Node | None, Node | None]:
    """The profile's objective, reservation and discount_factor elements."""
    if root.tag != "utility_space":
        report.error(
            root,
            f"the root element is <{root.tag}>; a GENIUS preference profile is a <utility_space>",
        )
        return None, None, None
    kind = (root.get("type") or "linear").strip().lower()
    odd = next((n for n in root.walk() if n.tag in NONLINEAR_TAGS), None)
    if kind not in ("linear", "additive") or odd is not None:
        report.error(
            odd or root,
            "this is a non-linear GENIUS utility space; accord's utilities are additive over "
            "issues, so only linear additive profiles (weights and evaluations) can be imported",
        )
        return None, None, None
    objective = _objective(root, report)
    found: dict[str, Node | None] = {}
    for tag in ("reservation", "discount_factor"):
        nodes = root.kids(tag) + (objective.kids(tag) if objective is not None else [])
        if len(nodes) > 1:
            report.error(nodes[1], f"<{tag}> is given {len(nodes)} times; give it once")
        found[tag] = nodes[0] if nodes else None
    return objective, found["reservation"], found["discount_factor"]
