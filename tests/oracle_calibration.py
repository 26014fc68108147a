"""Plain reference versions of the interval calibration: one issue at a time, no arrays."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction


def conformal_quantile(scores: Sequence[float], level: float) -> float:
    """The ceil((m + 1) level)-th smallest of the m finite scores; inf past the m-th."""
    ordered = sorted(s for s in scores if math.isfinite(s))
    rank = math.ceil(Fraction(str(level)) * (len(ordered) + 1))
    return ordered[rank - 1] if rank <= len(ordered) else math.inf


def pooled_quantile(values: Sequence[float], level: float) -> float:
    """The linearly interpolated quantile (NumPy's default), written out."""
    ordered = sorted(values)
    h = (len(ordered) - 1) * level
    below = math.floor(h)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (h - below) * (ordered[above] - ordered[below])


def interval_score(low: float, high: float, y: float, level: float) -> float:
    """Gneiting & Raftery (2007): width plus 2/alpha times the miss."""
    alpha = 1 - level
    return (high - low) + 2 / alpha * max(low - y, 0) + 2 / alpha * max(y - high, 0)


def spread(pairs: list[tuple[float, float]]) -> float:
    """Weighted standard deviation of (position, weight) pairs (weights > 0)."""
    total = sum(w for _, w in pairs)
    mean = sum(p * w for p, w in pairs) / total
    return math.sqrt(sum(w * (p - mean) ** 2 for p, w in pairs) / total)


def held_out_intervals(
    prediction: Sequence[float],
    outcome: Sequence[float],
    scale: Sequence[float],
    groups: Sequence[str],
    low: Sequence[float],
    high: Sequence[float],
    levels: Sequence[float],
) -> list[list[tuple[float, float]] | None]:
    """Each issue's (low, high) per level from the other groups' scores; None without a forecast."""
    out: list[list[tuple[float, float]] | None] = []
    for i, f in enumerate(prediction):
        if not math.isfinite(f):
            out.append(None)
            continue
        calibration = [
            abs(outcome[j] - prediction[j]) / scale[j]
            for j in range(len(prediction))
            if groups[j] != groups[i] and math.isfinite(prediction[j])
        ]
        row = []
        for level in levels:
            q = conformal_quantile(calibration, level)
            half = q * scale[i]
            row.append((max(f - half, low[i]), min(f + half, high[i])))
        out.append(row)
    return out


def summary(
    intervals: list[list[tuple[float, float]] | None],
    outcome: Sequence[float],
    levels: Sequence[float],
) -> tuple[list[float], list[float], float]:
    """Coverage and mean width per level, and the mean of the levels' (alpha/2) * IS."""
    rows = [(r, y) for r, y in zip(intervals, outcome, strict=True) if r is not None]
    coverage, width = [], []
    for k in range(len(levels)):
        coverage.append(sum(r[k][0] <= y <= r[k][1] for r, y in rows) / len(rows))
        width.append(sum(r[k][1] - r[k][0] for r, _ in rows) / len(rows))
    score = 0.0
    for r, y in rows:
        score += sum(
            (1 - p) / 2 * interval_score(r[k][0], r[k][1], y, p) for k, p in enumerate(levels)
        ) / len(levels)
    return coverage, width, score / len(rows)
