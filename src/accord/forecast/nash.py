"""The Nash bargaining forecast: where a power-weighted bargain from the BATNAs would land.

Two forms, one idea (maximise the capability-weighted product of gains over what each
party gets without a deal):

- **On a scenario** (:func:`scenario_nash`): the weighted Nash solution of the bargaining
  analysis (:mod:`accord.analysis.solutions`), over the whole outcome space of the parties,
  with each party's BATNA as its disagreement point and capabilities as weights. Each
  issue's forecast is the position of the setting that solution picks. When no outcome
  respects every red line, the red lines are treated as soft (as ``accord analyze`` does)
  and the result says so; when no outcome gives every party its BATNA there is no forecast.
- **On one issue at a time** (:func:`nash_point`), for data without BATNAs but with a
  status quo (the DEU III reference point): each actor's utility falls linearly with the
  distance from its position, the disagreement point is the status quo, weights are
  ``capability x salience``. Candidates are a fine grid of the scale plus the position of
  every actor with a weight, and the status quo. Only outcomes no actor likes less than the
  status quo are individually rational; among them the weighted product of gains decides.
  When none makes every actor gain (an actor sits at the status quo, or actors stand on
  both sides of it, so that only the status quo itself is individually rational) the
  largest weighted total gain among the individually rational outcomes decides.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.bargaining import bargain
from accord.analysis.inputs import Inputs
from accord.analysis.space import parties
from accord.analysis.utility import TOLERANCE, encode_setting
from accord.model import Scenario

#: Grid points across each issue's scale in :func:`nash_point` (plus the actors' positions).
GRID = 201


def nash_point(inputs: Inputs, disagreement: np.ndarray) -> np.ndarray:
    """Per issue, the weighted Nash point with ``disagreement`` ``[..., I]`` as status quo.

    Returns ``[..., I]``; NaN where the disagreement point is NaN or no actor is present.
    """
    pos = inputs.position  # [..., A, I]
    w = inputs.weight
    present = ~np.isnan(pos) & (w > 0)
    span = np.where(inputs.high > inputs.low, inputs.high - inputs.low, 1.0)  # [I]
    grid = inputs.low[None, :] + np.linspace(0.0, 1.0, GRID)[:, None] * span[None, :]  # [G, I]
    lead = pos.shape[:-2]
    d = np.broadcast_to(disagreement, (*lead, pos.shape[-1]))
    # an absent or weightless actor's position is no candidate: it stands in as the status
    # quo (a candidate anyway), so the array keeps its shape without adding a point
    own = np.where(present, pos, d[..., None, :])
    cand = np.concatenate(
        [np.broadcast_to(grid, (*lead, *grid.shape)), own, d[..., None, :]], axis=-2
    )  # [..., C, I]
    x = np.nan_to_num(pos)[..., :, None, :]  # [..., A, 1, I]
    # gain of actor a at candidate c: how much closer c is to it than the status quo
    gain = (np.abs(d[..., None, None, :] - x) - np.abs(cand[..., None, :, :] - x)) / span
    gain = np.where(present[..., :, None, :], gain, 0.0)  # [..., A, C, I]
    wa = np.where(present, w, 0.0)[..., :, None, :]
    rational = np.all(gain >= -TOLERANCE, axis=-3)  # [..., C, I]
    with np.errstate(divide="ignore", invalid="ignore"):  # absent actors are masked
        logs = np.where(present[..., :, None, :], wa * np.log(np.clip(gain, 0.0, None)), 0.0).sum(
            axis=-3
        )
    total = (wa * gain).sum(axis=-3)
    product = np.where(rational, logs, -np.inf)
    has_product = np.isfinite(product).any(axis=-2, keepdims=True)
    score = np.where(has_product, product, np.where(rational, total, -np.inf))
    best = np.argmax(score, axis=-2)[..., None, :]
    value = np.take_along_axis(cand, best, axis=-2)[..., 0, :]
    ok = np.isfinite(d) & present.any(axis=-2)
    return np.where(ok, value, np.nan)


@dataclass(frozen=True)
class ScenarioNash:
    """The weighted Nash outcome of a scenario as positions per issue, with notes."""

    values: dict[str, float | None]
    reason: str | None
    notes: tuple[str, ...]


def scenario_nash(scenario: Scenario) -> ScenarioNash:
    """The capability-weighted Nash solution of the parties, as a position per issue."""
    chosen = parties(scenario)
    if not chosen:
        return ScenarioNash({}, "no parties with stances to bargain", ())
    known = [a for a in chosen if scenario.actor(a).batna is not None]
    known = [a for a in known if scenario.actor(a).batna.utility is not None]  # type: ignore[union-attr]
    if not known:
        return ScenarioNash({}, "no party has a BATNA with a utility: no disagreement point", ())
    notes: list[str] = []
    # the one fallback to soft red lines: ``soft`` is there only when no outcome respecting
    # the red lines yields a solution (every solution is None together, the weighted Nash
    # one included)
    strict, soft = bargain(scenario, chosen)
    result = strict.bargaining
    solution = result.solutions["nash-weighted"]
    if soft is not None and soft.bargaining.solutions["nash-weighted"] is not None:
        notes.append("no outcome respects every red line: red lines treated as soft")
        result = soft.bargaining
        solution = result.solutions["nash-weighted"]
    notes.extend(result.notes)
    if solution is None:
        return ScenarioNash({}, "no outcome gives every party at least its BATNA", tuple(notes))
    values: dict[str, float | None] = {}
    for issue in scenario.issues:
        setting = solution.outcome.get(issue.id)
        values[issue.id] = None if setting is None else encode_setting(issue, setting)[0]
    return ScenarioNash(values, None, tuple(notes))
