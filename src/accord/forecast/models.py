"""Forecasting models: where the outcome of each issue lands, given who wants what.

Every model has the same signature, ``forecast(scenario, model=..., actors=...)``, and the
same result type, :class:`Forecast`, so swapping one model for another is one word.

Both models weight an actor's position on an issue by ``capability * salience``:

- ``compromise``: the weighted mean of the positions.
- ``median``: the weighted median, the smallest position at which the cumulative weight
  (positions sorted ascending) reaches half of the total weight. When the cumulative
  weight reaches exactly half at some position, that (lower) position is the median, not
  the midpoint to the next one: the *lower weighted median*. "Reaches" allows a relative
  tolerance of :data:`HALF_TOLERANCE` of the total so that rounding cannot move the answer.

Positions are taken on the issue's scale: option positions (0..100) for ordinal issues,
0 and 100 for false and true, the issue's own units for continuous ones.

The numerical core (:func:`weighted_mean`, :func:`weighted_median`) works on ``[A, I]``
arrays (actors x issues) and computes every issue at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.utility import encode_setting
from accord.model import Issue, IssueKind, Scenario

#: Cumulative weight counts as reaching half the total when within this share of the total.
HALF_TOLERANCE = 1e-9

#: The fewest actors with a stance an issue needs for a forecast.
MIN_ACTORS = 2


def _clean(positions: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    positions = np.asarray(positions, dtype=float)
    weights = np.asarray(weights, dtype=float)
    absent = np.isnan(positions)
    return np.where(absent, 0.0, positions), np.where(absent, 0.0, weights)


def weighted_mean(positions: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per issue, the weighted mean of the actors' positions: ``[A, I]`` arrays -> ``[I]``.

    ``positions`` is NaN where an actor takes none (its weight is then ignored); weights are
    ``>= 0``. Issues whose total weight is 0 give NaN.

    >>> weighted_mean(np.array([[0.0], [100.0]]), np.array([[1.0], [3.0]]))
    array([75.])
    """
    pos, w = _clean(positions, weights)
    total = w.sum(axis=0)
    weighted = (pos * w).sum(axis=0)
    return np.divide(weighted, total, out=np.full(total.shape, np.nan), where=total > 0)


def weighted_median(positions: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per issue, the lower weighted median of the positions: ``[A, I]`` arrays -> ``[I]``.

    The smallest position at which the cumulative weight, positions sorted ascending,
    reaches half of the total (see the module docstring for ties). NaN positions take no
    part; issues whose total weight is 0 give NaN.

    >>> weighted_median(np.array([[0.0], [50.0], [100.0]]), np.array([[1.0], [1.0], [2.0]]))
    array([50.])
    """
    pos, w = _clean(positions, weights)
    if pos.shape[0] == 0:
        return np.full(pos.shape[1:], np.nan)
    absent = np.isnan(np.asarray(positions, dtype=float))
    key = np.where(absent, np.inf, pos)  # absent positions sort last, with weight 0
    order = np.argsort(key, axis=0, kind="stable")
    sorted_pos = np.take_along_axis(key, order, axis=0)
    cum = np.cumsum(np.take_along_axis(w, order, axis=0), axis=0)
    total = cum[-1]
    reached = (cum >= (total / 2.0 - HALF_TOLERANCE * total)[None, :]) & (total > 0)[None, :]
    first = np.argmax(reached, axis=0)  # the first actor, in sorted order, to reach half
    value = np.take_along_axis(sorted_pos, first[None, :], axis=0)[0]
    return np.where(total > 0, value, np.nan)


#: The models by name: each maps ``[A, I]`` positions and weights to ``[I]`` predictions.
MODELS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "compromise": weighted_mean,
    "median": weighted_median,
}


@dataclass(frozen=True)
class IssueForecast:
    """The prediction for one issue.

    ``value`` is on the issue's scale (``None`` when there is no forecast, and ``reason``
    says why). ``setting`` is the nearest setting the issue allows: the option id for an
    ordinal issue, true or false for a boolean one, the value itself for a continuous one;
    ``label`` is its readable label. ``actors`` are the actors whose stance counted.
    """

    issue: str
    value: float | None
    setting: str | bool | float | None
    label: str | None
    actors: tuple[str, ...]
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "issue": self.issue,
            "value": self.value,
            "setting": self.setting,
            "label": self.label,
            "actors": list(self.actors),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Forecast:
    """A model's forecast for every issue of a scenario, with the actors used and notes."""

    model: str
    issues: tuple[IssueForecast, ...]
    actors: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def issue(self, issue_id: str) -> IssueForecast:
        for f in self.issues:
            if f.issue == issue_id:
                return f
        raise KeyError(f"no issue '{issue_id}'; issues: {', '.join(f.issue for f in self.issues)}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "actors": list(self.actors),
            "issues": [f.to_dict() for f in self.issues],
            "notes": list(self.notes),
        }


def check_model(model: str) -> None:
    """Raise ``ValueError`` naming the known models if ``model`` is not one of them."""
    if model not in MODELS:
        raise ValueError(f"no model '{model}'; models: {', '.join(MODELS)}")


def forecast(
    scenario: Scenario, model: str = "compromise", *, actors: Sequence[str] | None = None
) -> Forecast:
    """Forecast the outcome of every issue of ``scenario`` with ``model``.

    ``model`` is ``"compromise"`` (capability x salience weighted mean) or ``"median"``
    (weighted median). ``actors`` restricts the forecast to those actor ids (default: every
    actor). An actor without a stance on an issue is left out of that issue (with a note);
    an issue with fewer than two actors with a stance, or whose weights are all zero, gets
    no forecast (``value`` None, with the reason).

    >>> from accord.model import load_scenario
    >>> f = forecast(load_scenario("tests/data/minimal.yaml"), "compromise")  # doctest: +SKIP
    >>> f.issue("wage").value  # doctest: +SKIP
    5.2
    """
    check_model(model)
    known = [a.id for a in scenario.actors]
    chosen = known if actors is None else list(dict.fromkeys(actors))
    for a in chosen:
        if a not in known:
            raise ValueError(f"no actor '{a}' in '{scenario.id}'; actors: {', '.join(known)}")
    capability = {a.id: float(a.capability) for a in scenario.actors}
    issues = scenario.issues
    actor_at = {a: k for k, a in enumerate(chosen)}
    issue_at = {i.id: k for k, i in enumerate(issues)}

    positions = np.full((len(chosen), len(issues)), np.nan)
    weights = np.zeros((len(chosen), len(issues)))
    for st in scenario.stances:
        if st.actor not in actor_at:
            continue
        a, i = actor_at[st.actor], issue_at[st.issue]
        positions[a, i], _ = encode_setting(issues[i], st.position)
        weights[a, i] = capability[st.actor] * st.salience

    values = MODELS[model](positions, weights)
    has = ~np.isnan(positions)
    counts = has.sum(axis=0)
    totals = np.where(has, weights, 0.0).sum(axis=0)

    notes: list[str] = []
    silent = [a for a in chosen if not has[actor_at[a]].any()]
    if silent:
        notes.append(f"no stance on any issue, left out: {', '.join(silent)}")
    results = []
    for i, issue in enumerate(issues):
        used = tuple(a for a in chosen if has[actor_at[a], i])
        missing = [a for a in chosen if a not in used and a not in silent]
        if missing:
            notes.append(f"{issue.id}: no stance from {', '.join(missing)}; left out")
        reason = None
        if counts[i] < MIN_ACTORS:
            reason = f"fewer than {MIN_ACTORS} actors with a stance ({counts[i]})"
        elif not totals[i] > 0:
            reason = "every actor's capability x salience is zero"
        if reason is not None:
            notes.append(f"{issue.id}: no forecast, {reason}")
            results.append(IssueForecast(issue.id, None, None, None, used, reason))
            continue
        value = float(values[i])
        setting = nearest_setting(issue, value)
        results.append(IssueForecast(issue.id, value, setting, issue.label(setting), used))
    return Forecast(model=model, issues=tuple(results), actors=tuple(chosen), notes=tuple(notes))


def nearest_setting(issue: Issue, value: float) -> str | bool | float:
    """The setting of ``issue`` nearest ``value`` on its scale; ties go to the lower one.

    An option id for ordinal issues, true/false for boolean ones (50 gives false), the value
    itself for continuous ones.
    """
    if issue.kind is IssueKind.continuous:
        return value
    k = int(np.argmin(np.abs(np.asarray(issue.positions()) - value)))  # first of ties: lower
    if issue.kind is IssueKind.boolean:
        return bool(k)
    return str(issue.option_ids()[k])
