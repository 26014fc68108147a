"""How sure: predictive intervals for forecasts, learned from the errors on real decisions.

A forecast is a point; this module puts an interval around it, at the levels
:data:`LEVELS` (50, 80 and 90 %), by **split-conformal prediction with a normalised
score** (Vovk, Gammerman & Shafer 2005; Papadopoulos, Haralambous & Gammerman 2008 and
Lei, G'Sell, Rinaldo, Tibshirani & Wasserman 2018, section 5.2, for the normalised,
"locally weighted" form):

1. On every calibration issue ``j`` with outcome ``y_j``, forecast ``f_j`` and spread
   ``s_j``, the score is the normalised absolute error ``r_j = |y_j - f_j| / s_j``.
2. With ``m`` calibration scores, the level-``p`` quantile is the ``ceil((m + 1) p)``-th
   smallest of them (:func:`conformal_quantile`; infinite when that exceeds ``m``).
3. The interval of a new issue is ``f ± q_p · s``, cut to the ends of the issue's scale
   (the outcome lies on the scale, so cutting never loses coverage).

If the new issue's score is exchangeable with the calibration scores, the interval covers
its outcome with probability at least ``p`` (and below ``p + 1/(m + 1)``). Issues of one
legislative dossier share actors and a negotiation, so they are not exchangeable with one
another: the backtest calibrates **leave-one-dossier-out** (:func:`held_out_quantiles`),
so an issue's own dossier never informs its interval, and its coverage is measured on
issues the quantiles were not fitted on.

**The spread** ``s`` (:func:`spread`) is the standard deviation of the actors' positions
weighted by capability x salience, the weights the compromise model averages with, floored
at :data:`SPREAD_FLOOR` of the issue's scale so that an issue on which everyone agrees
still gets an interval. Why it: the compromise forecast is the weighted mean of the
positions, and how far an outcome strays from that mean grows with how far apart the
weighted actors stand; dividing by the spread also makes the score free of units, so
quantiles learned on a 0..100 scale apply to an issue in euros or weeks. The distance
between the extreme positions was the other candidate: on DEU III it is 100 (the whole
scale) on more than half of the issues, so it barely tells issues apart and gives
intervals close to the unnormalised ones (``docs/forecasting.md`` compares the three).

**Scoring** (:func:`interval_score`): the interval score of Gneiting & Raftery (2007,
eq. 43), ``IS_a(l, u; y) = (u - l) + (2/a)(l - y)1{y < l} + (2/a)(y - u)1{y > u}`` for a
central ``(1 - a)`` interval, a proper scoring rule (lower is better) that charges width
and misses alike; over the three levels, :func:`weighted_interval_score` averages
``(a/2) IS_a`` (the weighted interval score of Bracher, Ray, Gneiting & Reich 2021 without
its median term, which is the same for every interval around one forecast).

Scenario forecasts (:func:`forecast_intervals`) use quantiles fitted once on the whole
DEU III development file and shipped as package data (:data:`TABLE`, made by
``benchmarks/fit_intervals.py``): see :data:`PROVENANCE` for why they may not transfer.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from accord.analysis.inputs import Inputs, scenario_inputs
from accord.forecast.models import Forecast
from accord.model import IssueKind, Scenario
from accord.model.plain import omit

#: The interval levels every forecast gets (central intervals).
LEVELS: tuple[float, ...] = (0.5, 0.8, 0.9)
#: The fewest issues, and dossiers, a backtest file needs to be calibrated on.
MIN_ISSUES = 20
MIN_DOSSIERS = 5
#: The smallest spread, as a share of the issue's scale (low..high): 5 points on 0..100.
SPREAD_FLOOR = 0.05
#: The shipped quantile table: ``accord.data`` / this path.
TABLE = ("intervals", "deu3.json")
#: Where the scenario intervals come from, and why they may not transfer.
PROVENANCE = (
    "Intervals are learned from each model's errors on 160 issues of EU legislation "
    "(DEU III, development half), measured in units of the spread of the actors' "
    "positions: they say how far EU outcomes strayed from the forecast, relative to how far "
    "apart the actors stood. A peace negotiation or a strike has other rules (no qualified "
    "majority, no Commission, walking away is an option), so its outcomes may stray further "
    "or less; read them as a yardstick, not a guarantee."
)


def level_key(level: float) -> str:
    """The name of a level in records and JSON: ``0.8`` -> ``"80"``."""
    return f"{round(level * 100):d}"


def spread(inputs: Inputs) -> np.ndarray:
    """The weighted standard deviation of the positions on each issue, ``[..., I]``.

    Weights are capability x salience (:attr:`Inputs.weight`); the result is floored at
    :data:`SPREAD_FLOOR` x (high - low) of the issue's scale, and NaN where no actor has
    weight. Leading axes (draws) are kept.
    """
    w = inputs.weight
    p = np.where(w > 0, np.nan_to_num(inputs.position), 0.0)
    total = w.sum(axis=-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (w * p).sum(axis=-2) / total
        var = (w * (p - mean[..., None, :]) ** 2).sum(axis=-2) / total
    floor = SPREAD_FLOOR * (np.asarray(inputs.high) - np.asarray(inputs.low))
    return np.where(total > 0, np.maximum(np.sqrt(np.maximum(var, 0.0)), floor), np.nan)


def _ranks(m: np.ndarray, levels: Sequence[float]) -> np.ndarray:
    """The 0-based rank ``ceil((m + 1) p) - 1`` of each level's quantile, ``[..., L]``."""
    # rounded first so that (m + 1) * 0.8 = 128.00000000000003 counts as 128
    product = np.round((np.asarray(m)[..., None] + 1) * np.asarray(levels), 9)
    return np.ceil(product).astype(int) - 1


def conformal_quantile(scores: np.ndarray, levels: Sequence[float] = LEVELS) -> np.ndarray:
    """The split-conformal quantiles ``[L]`` of ``scores`` (NaN scores are left out).

    The ``ceil((m + 1) p)``-th smallest of the ``m`` scores for each level ``p``; infinite
    when that rank exceeds ``m`` (too few scores for the level).
    """
    s = np.sort(np.asarray(scores, dtype=float)[np.isfinite(scores)])
    k = _ranks(np.asarray(len(s)), levels)
    padded = np.append(s, np.inf)
    return padded[np.minimum(k, len(s))]


def held_out_quantiles(
    scores: np.ndarray, groups: Sequence[str], levels: Sequence[float] = LEVELS
) -> np.ndarray:
    """Each item's conformal quantiles from the scores of every *other* group, ``[n, L]``.

    ``scores`` is ``[n]`` (NaN: no score, left out of every calibration set); ``groups``
    names each item's group (its dossier). All groups at once: a ``[G, n]`` matrix holds
    each group's calibration scores (its own set to infinity), sorted once along ``n``.
    """
    r = np.asarray(scores, dtype=float)
    _, label = np.unique(np.asarray(groups), return_inverse=True)
    g = int(label.max()) + 1 if len(label) else 0
    usable = np.isfinite(r)
    calib = (label[None, :] != np.arange(g)[:, None]) & usable[None, :]
    table = np.sort(np.where(calib, r[None, :], np.inf), axis=1)  # [G, n]
    padded = np.concatenate([table, np.full((g, 1), np.inf)], axis=1)
    m = calib.sum(axis=1)  # [G]
    k = np.minimum(_ranks(m, levels), m[:, None])  # [G, L]; rank m is the inf pad
    return np.take_along_axis(padded, k, axis=1)[label]


def bounded_interval(
    prediction: np.ndarray, half: np.ndarray, low: np.ndarray, high: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``prediction ± half`` cut to ``[low, high]``; broadcasts (``[n, L]`` halves)."""
    f = np.asarray(prediction, dtype=float)[..., None]
    lo = np.asarray(low, dtype=float)[..., None]
    hi = np.asarray(high, dtype=float)[..., None]
    with np.errstate(invalid="ignore"):  # inf half-widths
        return np.clip(f - half, lo, hi), np.clip(f + half, lo, hi)


def interval_score(low: np.ndarray, high: np.ndarray, y: np.ndarray, level: float) -> np.ndarray:
    """Gneiting & Raftery's (2007) interval score of central ``level`` intervals (lower is better).

    ``(high - low) + (2/a)(low - y)+ + (2/a)(y - high)+`` with ``a = 1 - level``.
    """
    a = 1.0 - level
    return (
        (high - low) + (2.0 / a) * np.maximum(low - y, 0.0) + (2.0 / a) * np.maximum(y - high, 0.0)
    )


def weighted_interval_score(
    low: np.ndarray, high: np.ndarray, y: np.ndarray, levels: Sequence[float] = LEVELS
) -> np.ndarray:
    """The mean over the levels of ``(a/2) IS_a``, ``[n]`` for ``[n, L]`` intervals."""
    y = np.asarray(y, dtype=float)[..., None]
    a = 1.0 - np.asarray(levels)
    a_is = [interval_score(low[..., k], high[..., k], y[..., 0], p) for k, p in enumerate(levels)]
    return np.mean(np.stack(a_is, axis=-1) * a / 2.0, axis=-1)


@dataclass(frozen=True)
class Coverage:
    """One interval level's record: the share of outcomes inside, and the mean width."""

    coverage: float
    width: float


@dataclass(frozen=True)
class Calibrated:
    """How one model's intervals did on issues they were not fitted on.

    ``intervals[level_key]`` is the coverage (0..1) and mean width of the leave-one-dossier-
    out intervals; ``interval_score`` their mean :func:`weighted_interval_score`. The naive
    intervals are ``forecast ± the level's quantile of the absolute errors of every issue``,
    pooled and in sample (the issue's own error included), not normalised. ``n`` (the
    issues calibrated) is left out of the plain data, as it always was.
    """

    n: int = field(metadata=omit())
    intervals: dict[str, Coverage]
    interval_score: float
    naive_intervals: dict[str, Coverage]
    naive_interval_score: float


def _coverage(
    low: np.ndarray, high: np.ndarray, y: np.ndarray, levels: Sequence[float]
) -> dict[str, Coverage]:
    inside = (low <= y[:, None]) & (y[:, None] <= high)
    return {
        level_key(p): Coverage(float(inside[:, k].mean()), float((high - low)[:, k].mean()))
        for k, p in enumerate(levels)
    }


class TooFewToCalibrate(ValueError):
    """A backtest file with fewer than :data:`MIN_ISSUES` issues or :data:`MIN_DOSSIERS`
    dossiers: leave-one-dossier-out quantiles from so few errors would be mostly noise."""


def check_size(n_issues: int, n_dossiers: int) -> None:
    """Raise :class:`TooFewToCalibrate` when there are too few issues or dossiers."""
    if n_issues < MIN_ISSUES or n_dossiers < MIN_DOSSIERS:
        raise TooFewToCalibrate(
            f"too few scored issues to calibrate intervals: {n_issues} issue(s) in "
            f"{n_dossiers} dossier(s); at least {MIN_ISSUES} issues in {MIN_DOSSIERS} "
            "dossiers are needed"
        )


def calibrate(
    prediction: np.ndarray,
    outcome: np.ndarray,
    scale: np.ndarray,
    groups: Sequence[str],
    low: np.ndarray,
    high: np.ndarray,
    levels: Sequence[float] = LEVELS,
) -> tuple[Calibrated, np.ndarray, np.ndarray]:
    """Leave-one-group-out intervals of one model, and how they did.

    All arrays are ``[n]`` over the issues (``prediction`` NaN where the model gives none:
    such issues are neither calibrated on nor scored); ``scale`` is each issue's
    :func:`spread`. Returns the record and the intervals' ends, ``[n, L]`` each (NaN
    where there is no forecast).
    """
    f = np.asarray(prediction, dtype=float)
    y = np.asarray(outcome, dtype=float)
    s = np.asarray(scale, dtype=float)
    error = np.abs(y - f)
    q = held_out_quantiles(error / s, groups, levels)  # [n, L]
    lo, hi = bounded_interval(f, q * s[:, None], low, high)
    ok = np.isfinite(f)
    if not ok.any():  # no forecast at all: nothing to calibrate on or to score
        empty = {level_key(p): Coverage(math.nan, math.nan) for p in levels}
        return Calibrated(0, empty, math.nan, dict(empty), math.nan), lo, hi
    naive_q = np.quantile(error[ok], levels)  # pooled, in sample, not normalised
    naive_lo, naive_hi = bounded_interval(f, np.broadcast_to(naive_q, q.shape), low, high)
    record = Calibrated(
        n=int(ok.sum()),
        intervals=_coverage(lo[ok], hi[ok], y[ok], levels),
        interval_score=float(weighted_interval_score(lo[ok], hi[ok], y[ok], levels).mean()),
        naive_intervals=_coverage(naive_lo[ok], naive_hi[ok], y[ok], levels),
        naive_interval_score=float(
            weighted_interval_score(naive_lo[ok], naive_hi[ok], y[ok], levels).mean()
        ),
    )
    return record, lo, hi


def fit_table(
    predictions: Mapping[str, np.ndarray],
    outcome: np.ndarray,
    scale: np.ndarray,
    *,
    source: str,
    sha256: str,
    capability: str,
    levels: Sequence[float] = LEVELS,
) -> dict[str, Any]:
    """The quantile table scenario intervals use: every model's conformal quantiles of the
    normalised absolute errors over all of a backtest's issues (no dossier held out), as
    JSON-ready data. ``benchmarks/fit_intervals.py`` writes it to the package data."""
    y = np.asarray(outcome, dtype=float)
    models = {}
    for name, f in predictions.items():
        r = np.abs(y - np.asarray(f, dtype=float)) / scale
        q = conformal_quantile(r, levels)
        models[name] = {
            "n": int(np.isfinite(r).sum()),
            "quantiles": {level_key(p): float(v) for p, v in zip(levels, q, strict=True)},
        }
    return {
        "about": PROVENANCE,
        "method": "split-conformal quantiles of |outcome - forecast| / spread, "
        "spread = capability x salience weighted standard deviation of the positions, "
        f"floored at {SPREAD_FLOOR:g} of the issue's scale",
        "source": source,
        "sha256": sha256,
        "capability": capability,
        "levels": [level_key(p) for p in levels],
        "models": models,
    }


def shipped_table() -> dict[str, Any]:
    """The quantile table shipped with accord (``accord/data/intervals/deu3.json``)."""
    path = resources.files("accord.data").joinpath(*TABLE)
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


@dataclass(frozen=True)
class Interval:
    """A central predictive interval for one issue, in the issue's units.

    ``settings`` (ordinal and yes/no issues) are the settings whose positions lie inside
    ``[low, high]``, or the nearest setting to the forecast when none does; ``labels``
    are their readable labels.
    """

    level: float
    low: float
    high: float
    settings: tuple[str | bool, ...] = ()
    labels: tuple[str, ...] = ()


def forecast_intervals(
    scenario: Scenario, forecast: Forecast, *, table: Mapping[str, Any] | None = None
) -> dict[str, dict[str, Interval]]:
    """Predictive intervals for ``forecast``: per issue id, ``{level_key: Interval}``.

    Each issue with a forecast value gets ``value ± q · s``, cut to the issue's scale,
    with ``q`` the model's quantile from ``table`` (default: :func:`shipped_table`, fitted
    on DEU III) and ``s`` the issue's :func:`spread` over the forecast's actors, in the
    issue's own units. Issues without a forecast are left out. The ``nash`` quantiles come
    from bargaining from the status quo on DEU III, not from BATNAs. :data:`PROVENANCE`
    says where the intervals come from and why they may not transfer.
    """
    table = shipped_table() if table is None else table
    models = table["models"]
    if forecast.model not in models:
        raise ValueError(
            f"no intervals for model '{forecast.model}'; fitted: {', '.join(models)} "
            "(benchmarks/fit_intervals.py fits a model added since)"
        )
    quantiles = models[forecast.model]["quantiles"]
    inputs = scenario_inputs(scenario, forecast.actors)
    s = spread(inputs)
    by_id = {f.issue: f for f in forecast.issues}
    result: dict[str, dict[str, Interval]] = {}
    for i, issue in enumerate(scenario.issues):
        f = by_id.get(issue.id)
        if f is None or f.value is None or not math.isfinite(s[i]):
            continue
        positions = (
            np.asarray(issue.positions()) if issue.kind is not IssueKind.continuous else None
        )
        per_level = {}
        for key, q in quantiles.items():
            low = max(f.value - q * s[i], float(inputs.low[i]))
            high = min(f.value + q * s[i], float(inputs.high[i]))
            settings: tuple[str | bool, ...] = ()
            if positions is not None:
                inside = np.flatnonzero((positions >= low) & (positions <= high))
                if not len(inside):
                    inside = np.array([int(np.argmin(np.abs(positions - f.value)))])
                ids = (
                    [bool(k) for k in inside]
                    if issue.kind is IssueKind.boolean
                    else [str(issue.option_ids()[k]) for k in inside]
                )
                settings = tuple(ids)
            per_level[key] = Interval(
                level=int(key) / 100,
                low=low,
                high=high,
                settings=settings,
                labels=tuple(issue.label(v) for v in settings),
            )
        result[issue.id] = per_level
    return result
