"""Plain reference versions of the forecasting models: one issue at a time, no arrays."""

from __future__ import annotations

from accord.model import IssueKind, Scenario

HALF_TOLERANCE = 1e-9  # as in accord.forecast.models


def mean(pairs: list[tuple[float, float]]) -> float | None:
    """Weighted mean of (position, weight) pairs; None when the weights sum to 0."""
    total = sum(w for _, w in pairs)
    if not total > 0:
        return None
    return sum(p * w for p, w in pairs) / total


def median(pairs: list[tuple[float, float]]) -> float | None:
    """Lower weighted median: the smallest position where the running weight reaches half."""
    ordered = sorted(pairs, key=lambda pw: pw[0])
    total = 0.0
    for _, w in ordered:
        total += w
    if not total > 0:
        return None
    running = 0.0
    for p, w in ordered:
        running += w
        if running >= total / 2 - HALF_TOLERANCE * total:
            return p
    raise AssertionError("unreachable: the running weight ends at the total")


def issue_position(scenario: Scenario, issue_id: str, value: object) -> float:
    issue = scenario.issue(issue_id)
    if issue.kind is IssueKind.continuous:
        return float(value)  # type: ignore[arg-type]
    if issue.kind is IssueKind.boolean:
        return 100.0 if value else 0.0
    return issue.positions()[issue.option_ids().index(str(value))]


def forecast(scenario: Scenario, model: str) -> dict[str, float | None]:
    """Issue id -> forecast value (None with fewer than two stances or zero total weight)."""
    rule = mean if model == "compromise" else median
    result: dict[str, float | None] = {}
    for issue in scenario.issues:
        pairs = []
        for actor in scenario.actors:
            st = scenario.stance(actor.id, issue.id)
            if st is not None:
                pos = issue_position(scenario, issue.id, st.position)
                pairs.append((pos, actor.capability * st.salience))
        result[issue.id] = rule(pairs) if len(pairs) >= 2 else None
    return result
