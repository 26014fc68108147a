"""Plain reference versions of the forecasting models: one issue at a time, no arrays."""

from __future__ import annotations

import math

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


def nash_point(
    pairs: list[tuple[float, float]], d: float, low: float, high: float, grid: int = 201
) -> float:
    """One issue's weighted Nash point from status quo ``d``, by trying every candidate.

    ``pairs`` are (position, weight) of the actors present with weight > 0. Candidates, in
    order: ``grid`` evenly spaced points of the scale, each actor's position, then ``d``.
    Individually rational: no actor closer to ``d`` than to the candidate. Score: the sum of
    weight x log(gain) when every actor gains, else -inf; when no rational candidate has a
    finite score, the weighted total gain decides. First best candidate wins.
    """
    import math

    span = high - low if high > low else 1.0
    candidates = [low + k / (grid - 1) * span for k in range(grid)]
    candidates += [p for p, _ in pairs] + [d]
    best_product, best_total = None, None
    for k, x in enumerate(candidates):
        gains = [(abs(d - p) - abs(x - p)) / span for p, _ in pairs]
        if any(g < -1e-9 for g in gains):
            continue
        if all(g > 0 for g in gains):
            score = sum(w * math.log(g) for (_, w), g in zip(pairs, gains, strict=True))
            if best_product is None or score > best_product[0]:
                best_product = (score, k)
        total = sum(w * g for (_, w), g in zip(pairs, gains, strict=True))
        if best_total is None or total > best_total[0]:
            best_total = (total, k)
    chosen = best_product if best_product is not None else best_total
    assert chosen is not None  # d itself is always rational
    return candidates[chosen[1]]


def lad_error(predictions: list[list[float]], outcome: list[float], w: list[float]) -> float:
    """Sum of absolute errors of the combination ``w`` of the member predictions."""
    return sum(
        abs(y - sum(wk * pk for wk, pk in zip(w, row, strict=True)))
        for row, y in zip(predictions, outcome, strict=True)
    )


def clustered_mean(diffs: list[float], groups: list[str]) -> tuple[float, float]:
    """The mean of ``diffs`` and its standard error clustered by ``groups``, plainly.

    Var(mean) = G / (G - 1) * sum over groups of (the group's summed deviation)^2 / n^2.
    """
    n = len(diffs)
    m = sum(diffs) / n
    by_group: dict[str, float] = {}
    for d, g in zip(diffs, groups, strict=True):
        by_group[g] = by_group.get(g, 0.0) + (d - m)
    k = len(by_group)
    if k < 2:
        return m, math.nan
    return m, math.sqrt(k / (k - 1) * sum(v * v for v in by_group.values())) / n
