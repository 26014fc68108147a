"""Forecasting models: where the outcome of each issue lands, given who wants what.

Every model has the same signature, ``forecast(scenario, model=..., actors=...)``, and the
same result type, :class:`Forecast`, so swapping one model for another is one word:

- ``compromise`` and ``median`` (:mod:`accord.forecast.central`): the capability x salience
  weighted mean and weighted median of the actors' positions;
- ``eum`` (:mod:`accord.forecast.eum`): Bueno de Mesquita's expected-utility model, rounds
  of challenges and moves, then the weighted median of where the actors end up;
- ``exchange`` (:mod:`accord.forecast.exchange`): Stokman & Van Oosten's exchange model,
  pairs of actors trading voting positions on issues they care unequally about, then the
  weighted mean;
- ``nash`` (:mod:`accord.forecast.nash`): the capability-weighted Nash bargaining solution
  from the parties' BATNAs;
- ``ensemble`` (:mod:`accord.forecast.ensemble`): a weighted average of the others with
  weights fitted to recorded EU decisions.

The array models (all but ``nash``, which bargains over the whole outcome space) are
functions from :class:`~accord.analysis.inputs.Inputs` (``[..., A, I]`` arrays) to
``[..., I]`` predictions, registered by name in :data:`MODELS`; they compute every issue,
and every Monte Carlo draw, at once.

The iterative models (``eum``, ``exchange``) also say, per issue, whether their rounds
settled (:mod:`accord.forecast.convergence`): ``converged``, the ``cycle`` when they did not
(its period and the range the forecast swings over) and a warning. Their forecast is still
the last round's, flagged; every other model has converged by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from accord.analysis.inputs import Inputs, issue_scale, scenario_inputs
from accord.forecast.central import compromise, median, weighted_median
from accord.forecast.convergence import WINDOW, Convergence, convergence
from accord.forecast.ensemble import DEFAULT
from accord.forecast.eum import DYAD_CODES, PRESETS, EumOptions, EumRun, eum
from accord.forecast.exchange import exchange, exchange_run
from accord.forecast.nash import scenario_nash
from accord.model import Issue, IssueKind, Scenario
from accord.model.plain import to_plain

__all__ = ["MODELS", "MODEL_NAMES", "Forecast", "Inputs", "IssueForecast", "ModelName",
           "forecast", "issue_scale", "scenario_inputs"]  # fmt: skip

#: The fewest actors with a stance an issue needs for a forecast.
MIN_ACTORS = 2


#: A model maps :class:`Inputs` to ``[..., I]`` predictions (NaN: no forecast).
Model = Callable[[Inputs], np.ndarray]


#: The expected-utility model's options when none are given: the published reconstruction.
EUM_PRESET = "scholz-2011"


def eum_run(inputs: Inputs, options: EumOptions | None = None, *, record: bool = True) -> EumRun:
    """The expected-utility model on every issue (and draw) of ``inputs``.

    The run's arrays are ``[..., I, A]`` (issues before actors), as :func:`eum` takes them.
    """
    return eum(
        np.swapaxes(inputs.position, -1, -2),
        inputs.capability[..., None, :],
        np.swapaxes(inputs.salience, -1, -2),
        PRESETS[EUM_PRESET] if options is None else options,
        record=record,
    )


def eum_model(inputs: Inputs) -> np.ndarray:
    """The eum model: the weighted median of where the actors stand after the last round."""
    final = np.swapaxes(eum_run(inputs, record=False).positions[-1], -1, -2)  # [..., A, I]
    return weighted_median(final, inputs.weight)


def ensemble(inputs: Inputs) -> np.ndarray:
    """The ensemble model: its members' forecasts averaged with the shipped weights."""
    return DEFAULT.combine([MODELS[m](inputs) for m in DEFAULT.members])


#: The array models by name.
MODELS: dict[str, Model] = {
    "compromise": compromise,
    "median": median,
    "eum": eum_model,
    "exchange": exchange,
    "ensemble": ensemble,
}


@dataclass(frozen=True)
class IssueForecast:
    """The prediction for one issue.

    ``value`` is on the issue's scale (``None`` when there is no forecast, and ``reason``
    says why). ``setting`` is the nearest setting the issue allows: the option id for an
    ordinal issue, true or false for a boolean one, the value itself for a continuous one;
    ``label`` is its readable label. ``actors`` are the actors whose stance counted.

    ``converged``: whether the model settled on this issue (always true for the models
    without rounds; for ``eum`` and ``exchange`` by :func:`~accord.forecast.convergence.
    convergence`). When it did not, ``value`` is still the last round's, and ``cycle`` is
    ``{"period": p, "low": x, "high": y}``: the rounds after which the positions repeat
    (None when they do not repeat within the bound but keep moving) and the range of the
    forecast over that cycle (or the last rounds), on the issue's scale; ``warning`` says so
    in words. A cycle of the positions that keeps the forecast within a hundredth of the
    scale has converged (the forecast does not depend on the round), and ``cycle`` reports
    it without a warning.
    """

    issue: str
    value: float | None
    setting: str | bool | float | None
    label: str | None
    actors: tuple[str, ...]
    reason: str | None = None
    converged: bool = True
    cycle: dict[str, float | int | None] | None = None
    warning: str | None = None


@dataclass(frozen=True)
class Forecast:
    """A model's forecast for every issue of a scenario, with the actors used and notes.

    Dynamic models (``eum``) also give ``rounds``: the forecast of every issue (in
    ``issues`` order, None where there is none) before the first round and after each one;
    ``dyads``: per round, who would challenge whom on which issue and how that dyad is
    classified; and ``pressure``: readable lines on the first round's challenges.
    """

    model: str
    issues: tuple[IssueForecast, ...]
    actors: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    rounds: tuple[tuple[float | None, ...], ...] = ()
    dyads: tuple[tuple[dict[str, str], ...], ...] = ()
    pressure: tuple[str, ...] = ()
    options: dict[str, Any] | None = None

    def issue(self, issue_id: str) -> IssueForecast:
        for f in self.issues:
            if f.issue == issue_id:
                return f
        raise KeyError(f"no issue '{issue_id}'; issues: {', '.join(f.issue for f in self.issues)}")

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)

    def __plain__(self) -> dict[str, Any]:
        """The model, actors, issues and notes; with rounds (``eum``) also the options, each
        round's forecast by issue and each round's challenges (not ``pressure``, their words)."""
        doc: dict[str, Any] = {
            "model": self.model,
            "actors": self.actors,
            "issues": self.issues,
            "notes": self.notes,
        }
        if self.rounds:
            doc["options"] = self.options
            doc["rounds"] = [
                {
                    "round": r,
                    "forecast": dict(zip((f.issue for f in self.issues), row, strict=True)),
                }
                for r, row in enumerate(self.rounds)
            ]
            doc["dyads"] = [
                {"round": r + 1, "challenges": rows} for r, rows in enumerate(self.dyads)
            ]
        return doc


class ModelName(StrEnum):
    """Every model :func:`forecast` knows, by the name a user types: the array models of
    :data:`MODELS` and ``nash``. The one list the command line and the web API validate
    against; a member is the string itself (``ModelName.eum == "eum"``)."""

    compromise = "compromise"
    median = "median"
    eum = "eum"
    exchange = "exchange"
    ensemble = "ensemble"
    nash = "nash"


#: Every model :func:`forecast` knows, as plain strings (the values of :class:`ModelName`).
MODEL_NAMES: tuple[str, ...] = tuple(m.value for m in ModelName)


def check_model(model: str) -> None:
    """Raise ``ValueError`` naming the known models if ``model`` is not one of them."""
    if model not in MODEL_NAMES:
        raise ValueError(f"no model '{model}'; models: {', '.join(MODEL_NAMES)}")


def forecast(
    scenario: Scenario,
    model: str = "compromise",
    *,
    actors: Sequence[str] | None = None,
    eum_options: EumOptions | None = None,
) -> Forecast:
    """Forecast the outcome of every issue of ``scenario`` with ``model``.

    ``model`` is one of :data:`MODEL_NAMES` (see the module docstring). ``actors``
    restricts the forecast to those actor ids (default: every actor). ``eum_options`` sets
    the expected-utility model's options (default: the ``scholz-2011`` preset). An actor
    without a stance on an issue is left out of that issue (with a note);
    an issue with fewer than two actors with a stance, or whose weights are all zero, gets
    no forecast (``value`` None, with the reason).

    >>> from accord.io import load_builtin
    >>> f = forecast(load_builtin("uaw-detroit-2023"), "compromise")
    >>> f.issue("progression_years").label
    '3.53846 years'
    """
    check_model(model)
    known = [a.id for a in scenario.actors]
    chosen = known if actors is None else list(dict.fromkeys(actors))
    for a in chosen:
        if a not in known:
            raise ValueError(f"no actor '{a}' in '{scenario.id}'; actors: {', '.join(known)}")
    inputs = scenario_inputs(scenario, chosen)
    span = inputs.high - inputs.low
    settled: Convergence | None = None  # the iterative models' verdict per issue
    notes: list[str] = []
    whole: str | None = None  # a reason that holds for every issue
    if model == "nash":
        nash = scenario_nash(scenario)
        values = np.array([np.nan if nash.values.get(i.id) is None else nash.values[i.id]
                           for i in scenario.issues], dtype=float)  # fmt: skip
        notes.extend(nash.notes)
        whole = nash.reason
    elif model == "eum":
        run = eum_run(inputs, eum_options)
        values = eum_model_values(run, inputs)
        per_round = weighted_median(np.swapaxes(run.positions, -1, -2), inputs.weight)
        settled = convergence(np.swapaxes(run.positions, -1, -2), per_round, span)
    elif model == "exchange":
        trades = exchange_run(inputs)
        values = trades.values[-1]
        settled = convergence(trades.positions, trades.values, span)
    else:
        values = MODELS[model](inputs)
    issues = scenario.issues
    actor_at = {a: k for k, a in enumerate(chosen)}
    positions, weights = inputs.position, inputs.weight
    has = ~np.isnan(positions)
    counts = has.sum(axis=0)
    totals = np.where(has, weights, 0.0).sum(axis=0)

    silent = [a for a in chosen if not has[actor_at[a]].any()]
    if silent:
        notes.append(f"no stance on any issue, left out: {', '.join(silent)}")
    results = []
    for i, issue in enumerate(issues):
        used = tuple(a for a in chosen if has[actor_at[a], i])
        missing = [a for a in chosen if a not in used and a not in silent]
        if missing:
            notes.append(f"{issue.id}: no stance from {', '.join(missing)}; left out")
        reason = whole
        if reason is not None:
            pass
        elif counts[i] < MIN_ACTORS:
            reason = f"fewer than {MIN_ACTORS} actors with a stance ({counts[i]})"
        elif not totals[i] > 0:
            reason = "every actor's capability x salience is zero"
        elif np.isnan(values[i]):
            reason = f"the {model} model gives no position on this issue"
        if reason is not None:
            notes.append(f"{issue.id}: no forecast, {reason}")
            results.append(IssueForecast(issue.id, None, None, None, used, reason))
            continue
        value = float(values[i])
        setting = nearest_setting(issue, value)
        verdict = {} if settled is None else settled_fields(settled, i, model)
        results.append(
            IssueForecast(issue.id, value, setting, issue.label(setting), used, **verdict)
        )
    if model != "eum":
        return Forecast(
            model=model, issues=tuple(results), actors=tuple(chosen), notes=tuple(notes)
        )
    rounds, dyads, pressure = _eum_story(run, inputs, scenario, chosen, results)
    return Forecast(
        model=model,
        issues=tuple(results),
        actors=tuple(chosen),
        notes=tuple(notes),
        rounds=rounds,
        dyads=dyads,
        pressure=pressure,
        options={
            "preset": next((k for k, v in PRESETS.items() if v == run.options), None),
            **run.options.describe(),
        },
    )


#: The models that play rounds, and so may not settle.
ITERATIVE: tuple[str, ...] = ("eum", "exchange")


def model_convergence(inputs: Inputs, model: str) -> Convergence | None:
    """Whether ``model`` settled on every issue and draw of ``inputs`` (``[..., I]`` arrays,
    see :func:`~accord.forecast.convergence.convergence`); None for the models without
    rounds, which always have. For Monte Carlo: the share of draws that converged."""
    span = inputs.high - inputs.low
    if model == "eum":
        run = eum_run(inputs, record=False)
        positions = np.swapaxes(run.positions, -1, -2)  # [R+1, ..., A, I]
        return convergence(positions, weighted_median(positions, inputs.weight), span)
    if model == "exchange":
        trades = exchange_run(inputs)
        return convergence(trades.positions, trades.values, span)
    return None


def settled_fields(settled: Convergence, i: int, model: str) -> dict[str, Any]:
    """The ``converged``, ``cycle`` and ``warning`` fields of issue ``i`` from a verdict (a
    cycle that leaves the forecast in place has converged, and its cycle is reported)."""
    period = int(settled.period[i])
    low, high = float(settled.low[i]), float(settled.high[i])
    if settled.converged[i]:
        if period < 2:
            return {"converged": True}
        return {"converged": True, "cycle": {"period": period, "low": low, "high": high}}
    if period:
        how = (f"the positions cycle every {period} rounds and the forecast swings between "
               f"{low:.6g} and {high:.6g}")  # fmt: skip
    else:
        how = (f"the positions are still moving: the forecast ranged from {low:.6g} to "
               f"{high:.6g} over the last {WINDOW} rounds")  # fmt: skip
    return {
        "converged": False,
        "cycle": {"period": period or None, "low": low, "high": high},
        "warning": f"the {model} model did not converge: {how}; the value is the last round's",
    }


def eum_model_values(run: EumRun, inputs: Inputs) -> np.ndarray:
    """The eum forecast from a run: the weighted median of the final positions, ``[I]``."""
    return weighted_median(np.swapaxes(run.positions[-1], -1, -2), inputs.weight)


def _eum_story(
    run: EumRun,
    inputs: Inputs,
    scenario: Scenario,
    actors: Sequence[str],
    results: list[IssueForecast],
) -> tuple[tuple[tuple[float | None, ...], ...], tuple[tuple[dict[str, str], ...], ...],
           tuple[str, ...]]:  # fmt: skip
    """Round-by-round forecasts, each round's challenges, and the first round in words."""
    forecastable = np.array([f.value is not None for f in results])
    per_round = weighted_median(np.swapaxes(run.positions, -1, -2), inputs.weight)  # [R+1, I]
    rounds = tuple(
        tuple(float(v) if ok else None for v, ok in zip(row, forecastable, strict=True))
        for row in per_round
    )
    kinds = {DYAD_CODES.index(k): k for k in ("conflict", "compromise", "capitulation")}
    dyads = []
    for r in range(run.dyads.shape[0]):
        codes = run.dyads[r]  # [I, A, A]: row challenges column
        found = np.argwhere(np.isin(codes, list(kinds)) & forecastable[:, None, None])
        dyads.append(tuple(
            {"issue": scenario.issues[i].id, "challenger": actors[a], "target": actors[b],
             "kind": kinds[int(codes[i, a, b])]}
            for i, a, b in found
        ))  # fmt: skip
    pressure = tuple(
        f"{d['challenger']} -> {d['target']} on {d['issue']}: {d['kind']}"
        for d in (dyads[0] if dyads else ())
    )
    return rounds, tuple(dyads), pressure


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
