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
    text = node.get(attr)
    if text is None:
        report.error(node, f"<{node.tag}> has no '{attr}'; give {attr}=\"a whole number\"")
        return None
    if not re.match(r"^\s*[+-]?\d+\s*$", text):
        report.error(node, f"'{attr}' must be a whole number; got '{text}'")
        return None
    return int(text)


def did_you_mean(word: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def listing(items: Sequence[str], limit: int = 20) -> str:
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
    slug = re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-.").lower()[:64].strip("-.")
    return slug or fallback


def unique_id(slug: str, used: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in used or candidate == "unknown":
        suffix = f"-{n}"
        candidate = slug[: 64 - len(suffix)] + suffix
        n += 1
    used.add(candidate)
    return candidate


def domain_issues(root: Node, report: Report, steps: int) -> list[DomainIssue]:
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
