"""What a GENIUS preference profile holds: issue weights, value evaluations (tables for
discrete issues, linear, constant or triangular functions for numeric ones), reservation
value and discount factor, checked against the domain's issues."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from accord.io.genius.domain import (
    DomainIssue,
    did_you_mean,
    integer_attr,
    issue_kind,
    listing,
    number_attr,
    profile_parts,
)
from accord.io.genius.xmlfile import Node, Report

#: GENIUS treats a discrete issue whose largest evaluation is below this as worth nothing.
ZERO_MAX = 0.00001

REAL_FUNCTIONS = ("linear", "constant", "triangular")


@dataclass
class Profile:
    """One linear additive GENIUS preference profile, checked against its domain.

    Attributes:
        path: The profile file.
        utilities: Issue index -> the utility, 0 to 1, of each of the issue's options (in
            the order of :attr:`DomainIssue.option_ids`).
        weights: Issue index -> the weight as written (not normalised: the importer divides by
            their sum and says so).
        notes: Issue index -> how its utilities were made from the file (for the scenario's
            notes), e.g. "evaluations divided by their maximum, 10".
        reservation: The reservation value, if the profile gives one.
        discount: The discount factor, if the profile gives one.
    """

    path: Path
    utilities: dict[int, list[float]]  # issue index -> utility 0..1 of each option
    weights: dict[int, float]
    notes: dict[int, str]
    reservation: float | None
    discount: float | None


@dataclass
class Loaded:
    """A GENIUS file as read: its path, the report collecting its problems, and its root
    element (None when it could not be read or parsed; the report says why).
    """

    path: Path
    report: Report
    root: Node | None


def read_profile(loaded: Loaded, domain: list[DomainIssue], domain_name: str) -> Profile | None:
    """The profile in ``loaded`` checked against the domain's issues, or None when it has any
    problem.

    Every problem is added to ``loaded.report`` with its line: a weight or evaluation for an
    issue or value the domain lacks, a missing or negative weight, all weights 0, a value
    evaluated twice or not at all, a non-linear utility space (accord's utilities are
    additive over issues, so only linear additive profiles can be imported).

    Args:
        loaded: The parsed profile file; its root must not be None.
        domain: The domain's issues, from :func:`domain_issues`.
        domain_name: How messages name the domain file.
    """
    report, root = loaded.report, loaded.root
    assert root is not None
    objective, reservation_node, discount_node = profile_parts(root, report)
    if objective is None:
        return None
    by_index = {i.index: i for i in domain}
    indexes = ", ".join(f"{i.index} '{i.name}'" for i in domain)

    weights: dict[int, float] = {}
    mentioned: dict[str, set[int]] = {"weight": set(), "issue": set()}
    misplaced: set[str] = set()  # names of issues given under an index the domain lacks
    for node in objective.kids("weight"):
        index = integer_attr(node, "index", report)
        value = number_attr(node, "value", report, "the weight")
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
        index = integer_attr(node, "index", report)
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
        kind = issue_kind(node, report)
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
        reservation = number_attr(reservation_node, "value", report, "the reservation value")
    if discount_node is not None:
        discount = number_attr(discount_node, "value", report, "the discount factor")
    if report.problems:
        return None
    return Profile(
        path=loaded.path,
        utilities=utilities,
        weights=weights,
        notes=notes,
        reservation=reservation,
        discount=discount,
    )


def _discrete_utilities(
    node: Node, issue: DomainIssue, report: Report
) -> tuple[list[float], str] | None:
    evaluations: dict[str, float] = {}
    ok = True
    for item in node.kids("item"):
        value = item.get("value")
        if value is None:
            report.error(item, f"the item has no value; give one of {listing(issue.values)}")
            ok = False
            continue
        if value not in issue.values:
            report.error(
                item,
                f"'{value}' is not a value of issue '{issue.name}'"
                f"{did_you_mean(value, issue.values)}; valid: {listing(issue.values)}",
            )
            ok = False
            continue
        if value in evaluations:
            report.error(item, f"value '{value}' is evaluated twice; evaluate it once")
            ok = False
            continue
        evaluation = number_attr(item, "evaluation", report, f"the evaluation of '{value}'")
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
            f"no evaluation for {listing(missing)} of issue '{issue.name}'; give "
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
    node: Node, issue: DomainIssue, report: Report
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
        slope, offset = number_attr(ev, "slope", report), number_attr(ev, "offset", report)
        lower = issue.lower
        if node.get("lowerbound") is not None:
            own = integer_attr(node, "lowerbound", report)
            lower = float(own) if own is not None else lower
        if slope is None or offset is None:
            return None
        u = np.clip(offset + slope * (grid - lower), 0.0, 1.0)
        note = (
            f"GENIUS integer evaluator: offset {offset:g} + slope {slope:g} x (value - {lower:g})"
        )
        return [float(x) for x in u], note
    if ftype not in REAL_FUNCTIONS:
        report.error(
            ev,
            f"real evaluator ftype '{ftype}' is not supported; valid: {', '.join(REAL_FUNCTIONS)}",
        )
        return None
    params = {}
    needed = {"linear": 2, "constant": 1, "triangular": 3}[ftype]
    for k in range(needed):
        params[k] = number_attr(ev, f"parameter{k}", report)
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
