"""Backtests on DEU III: forecasts of EU legislative outcomes against what was decided.

The file layout (tab-separated, as in ``tests/data/deu3/README.md``): row 1 holds column
names; row 2 holds one weight per actor (GDP-like, added by the replication project); then
one row per issue, with ``isnr`` the issue id, ``prnr`` the dossier, ``out`` the outcome on
the 0..100 scale, and for each actor ``p<actor>`` its position (0..100) and ``s<actor>`` its
salience (0..100); blank means the actor took no position.

An issue is scored when ``out`` is in [0, 100] and at least :data:`MIN_SCORED_ACTORS`
actors have both a position and a salience (a salience of 0 counts as given).

Capability (``capability=``):

- ``"votes"`` (default): Council voting weights under qualified majority as set by the
  Treaty of Nice (Germany, France, Italy, the UK 29 ... Malta 3), for every issue whatever
  its era or voting rule, a simplification: weights differ little in proportion between
  the pre-2004, Nice and Lisbon rules, and states that were not yet members take no
  position. The Commission and the Parliament each get :data:`INSTITUTION_VOTES` (29, the
  weight of the largest member state), since under co-decision neither can be outvoted.
- ``"row2"``: the per-actor weights of row 2 of the file.

Errors in the file (a missing column, a number that is not one or is out of range) raise
:class:`~accord.model.problems.ScenarioError` naming the file, line, column and what would
be valid.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.inputs import Inputs
from accord.forecast.calibration import LEVELS, Calibrated, calibrate, check_size, spread
from accord.forecast.ensemble import DEFAULT, cross_validated, fit_weights
from accord.forecast.exchange import exchange_run
from accord.forecast.models import MODELS, check_model
from accord.forecast.nash import nash_point
from accord.model.plain import plain_fields, to_plain

#: The fewest actors with both a position and a salience for an issue to be scored.
MIN_SCORED_ACTORS = 3

#: Council votes under qualified majority, Treaty of Nice (EU-27 plus Croatia), by DEU code.
NICE_VOTES: dict[str, float] = {
    "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13,
    "be": 12, "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10,
    "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7, "cr": 7, "cy": 4, "ee": 4, "lv": 4,
    "lu": 4, "si": 4, "mt": 3,
}  # fmt: skip
#: The Commission's and the Parliament's capability under ``"votes"``.
INSTITUTION_VOTES = 29.0
INSTITUTIONS = ("com", "ep")
CAPABILITIES = ("votes", "row2")


@dataclass(frozen=True)
class Deu3Data:
    """A DEU III file as arrays: A actors x I issues."""

    path: str
    actors: tuple[str, ...]
    issues: tuple[str, ...]
    dossiers: tuple[str, ...]
    lines: tuple[int, ...]  # the file line of each issue, 1-based
    position: np.ndarray  # [A, I], NaN where blank
    salience: np.ndarray  # [A, I], NaN where blank
    outcome: np.ndarray  # [I], NaN where blank
    reference: np.ndarray  # [I] the reference point (status quo), NaN where blank
    row2: np.ndarray  # [A], NaN where blank


def capabilities(data: Deu3Data, capability: str = "votes") -> np.ndarray:
    """Each actor's capability, ``[A]``, by the rule named (see the module docstring)."""
    if capability == "row2":
        return np.nan_to_num(data.row2, nan=0.0)
    if capability == "votes":
        unknown = [a for a in data.actors if a not in NICE_VOTES and a not in INSTITUTIONS]
        if unknown:
            raise ValueError(f"no Council votes for actor(s) {', '.join(unknown)}; use 'row2'")
        return np.array(
            [INSTITUTION_VOTES if a in INSTITUTIONS else NICE_VOTES[a] for a in data.actors]
        )
    raise ValueError(f"no capability rule '{capability}'; rules: {', '.join(CAPABILITIES)}")


@dataclass(frozen=True)
class ModelScore:
    """How one model did: issues scored, mean and median absolute error (0..100 scale)."""

    n: int
    mae: float
    median_ae: float


#: The model every other model is compared with, issue by issue (the one to beat).
BASELINE = "compromise"
#: The models a backtest runs unless told otherwise. Not ``ensemble``: its weights fitted on
#: DEU III are compromise 1, median 0, eum 0, so it is the compromise model (its paired
#: difference is +0.03 [-0.00, +0.07] points, noise) at the price of an eum run; name it
#: (``models=[..., "ensemble"]``, ``--models``) to refit and score it.
DEFAULT_MODELS: tuple[str, ...] = ("compromise", "median")


@dataclass(frozen=True)
class Comparison:
    """A model's absolute errors against the baseline's, paired issue by issue.

    ``mean_diff`` is the mean of (model error - baseline error) over the ``n`` issues both
    forecast: negative means the model is more accurate. Issues of one dossier are not
    independent (they share actors and a negotiation), so ``se`` is the dossier-clustered
    standard error of that mean and ``low``/``high`` its 95 % interval (mean +- 1.96 se). An
    interval that contains 0 means the data cannot tell the two models apart.
    """

    n: int
    mean_diff: float
    se: float
    low: float
    high: float
    better: int  # issues where the model's error is smaller than the baseline's
    worse: int


def paired_difference(error: np.ndarray, baseline: np.ndarray, groups: Sequence[str]) -> Comparison:
    """Compare two models' absolute errors ``[n]`` on the same issues, clustered by ``groups``.

    Issues where either error is NaN (a model without a forecast) are left out. The
    clustered variance of the mean is ``G/(G-1) * sum_g (sum_{i in g} (d_i - mean))**2 / n**2``
    over the G groups (the usual small-sample correction); with one group it is NaN.
    """
    d = np.asarray(error, dtype=float) - np.asarray(baseline, dtype=float)
    keep = np.isfinite(d)
    d = d[keep]
    n = len(d)
    if n == 0:
        return Comparison(0, math.nan, math.nan, math.nan, math.nan, 0, 0)
    _, label = np.unique(np.asarray(groups)[keep], return_inverse=True)
    mean = float(d.mean())
    sums = np.bincount(label, weights=d - mean)  # each dossier's summed deviation
    g = len(sums)
    se = math.sqrt(g / (g - 1) * float(np.sum(sums**2))) / n if g > 1 else math.nan
    return Comparison(
        n=n,
        mean_diff=mean,
        se=se,
        low=mean - 1.96 * se,
        high=mean + 1.96 * se,
        better=int(np.sum(d < 0)),
        worse=int(np.sum(d > 0)),
    )


@dataclass(frozen=True)
class Backtest:
    """Every model's predictions on the scored issues, and its errors.

    ``predictions[model]`` is ``[I]`` over ``issues`` (the scored issues, in file order),
    ``outcome`` the decided outcome of each.
    """

    path: str
    capability: str
    models: tuple[str, ...]
    issues: tuple[str, ...]
    dossiers: tuple[str, ...]
    outcome: np.ndarray
    actors: np.ndarray  # [I] how many actors with position and salience each issue had
    predictions: dict[str, np.ndarray]
    scores: dict[str, ModelScore]
    skipped: int
    ensemble: dict[str, Any] | None = None  # members, validation and fitted weights
    # each model other than the baseline against the baseline, issue by issue
    versus: dict[str, Comparison] = field(default_factory=dict)
    # each issue's spread (the scale of its intervals, see accord.forecast.calibration)
    spread: np.ndarray | None = None
    # per model: its leave-one-dossier-out intervals' coverage, width and score
    calibration: dict[str, Calibrated] = field(default_factory=dict)
    # per model: the ends of those intervals, [I, L] each, at calibration.LEVELS
    interval_low: dict[str, np.ndarray] = field(default_factory=dict)
    interval_high: dict[str, np.ndarray] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)

    def __plain__(self) -> dict[str, Any]:
        """The JSON document of ``accord backtest deu3 --json``: the file, each model's score
        with its intervals' record, the ensemble's fit and each model against the baseline;
        not the predictions, spreads or interval ends."""
        result: dict[str, Any] = {
            "file": self.path,
            "capability": self.capability,
            "skipped": self.skipped,
            "models": {
                m: plain_fields(self.scores[m])
                | (plain_fields(self.calibration[m]) if m in self.calibration else {})
                for m in self.models
            },
        }
        if self.ensemble is not None:
            result["ensemble"] = self.ensemble
        if self.versus:
            result[f"vs_{BASELINE}"] = self.versus
        return result

    def rows(self) -> list[dict[str, Any]]:
        """One row per scored issue: ids, outcome, actors, each model's prediction and error."""
        out = []
        for k, issue in enumerate(self.issues):
            row: dict[str, Any] = {
                "issue": issue,
                "dossier": self.dossiers[k],
                "outcome": float(self.outcome[k]),
                "actors": int(self.actors[k]),
            }
            for m in self.models:
                value = float(self.predictions[m][k])
                known = math.isfinite(value)  # nash needs a reference point
                row[m] = value if known else None
                row[f"{m}_error"] = abs(value - float(self.outcome[k])) if known else None
            out.append(row)
        return out


def backtest(
    data: Deu3Data,
    models: Sequence[str] = DEFAULT_MODELS,
    *,
    capability: str = "votes",
    intervals: bool = True,
) -> Backtest:
    """Forecast every scorable DEU III issue of ``data`` with each model and score it.

    ``data`` comes from :func:`accord.io.read_deu3`.

    Weights are ``capability * salience``; an issue is scored when its outcome is in
    [0, 100], at least three actors give both a position and a salience and their weights
    are not all zero. ``nash`` needs the issue's reference point (status quo) as its
    disagreement point, so it is scored only on issues that have one (its ``n`` says how
    many). ``ensemble`` is scored out of sample: each dossier's issues are predicted with
    weights fitted on the other dossiers (leave-one-dossier-out).

    With ``intervals`` (the default), every model also gets 50/80/90 % predictive
    intervals by split-conformal prediction, leave-one-dossier-out, scaled by each issue's
    spread of positions (:mod:`accord.forecast.calibration`), and their coverage, width and
    interval score against naive pooled intervals; a file with fewer than
    :data:`~accord.forecast.calibration.MIN_ISSUES` scored issues or
    :data:`~accord.forecast.calibration.MIN_DOSSIERS` dossiers raises ``ValueError``. The
    ensemble's calibration errors are its own leave-one-dossier-out errors: a held-out
    dossier's outcomes entered the ensemble weights of the other dossiers' forecasts (a
    second-order leak; refitting them per pair of dossiers would cost G^2 fits).
    """
    for m in models:
        check_model(m)
    cap = capabilities(data, capability)
    both = ~np.isnan(data.position) & ~np.isnan(data.salience)
    position = np.where(both, data.position, np.nan)
    weight = np.where(both, data.salience, 0.0) * cap[:, None]
    counts = both.sum(axis=0)
    scored = (
        (data.outcome >= 0)
        & (data.outcome <= 100)
        & (counts >= MIN_SCORED_ACTORS)
        & (weight.sum(axis=0) > 0)
    )
    keep = np.flatnonzero(scored)
    outcome = data.outcome[keep]
    inputs = Inputs(
        position=position[:, keep],
        capability=cap,
        salience=np.where(both, data.salience / 100.0, 0.0)[:, keep],
        low=np.zeros(len(keep)),
        high=np.full(len(keep), 100.0),
    )
    dossiers = tuple(data.dossiers[k] for k in keep)
    cache: dict[str, np.ndarray] = {}

    def predict(m: str) -> np.ndarray:
        if m not in cache:
            cache[m] = MODELS[m](inputs)
        return cache[m]

    predictions: dict[str, np.ndarray] = {}
    ensemble: dict[str, Any] | None = None
    for m in models:
        if m == "nash":
            predictions[m] = nash_point(inputs, data.reference[keep])
        elif m == "exchange":
            # Actors trade only between issues of one legislative proposal: issues of
            # different dossiers are decided at different times, so no exchange links them.
            predictions[m] = exchange_run(inputs, groups=np.asarray(dossiers)).values[-1]
        elif m == "ensemble":
            members = [predict(e) for e in DEFAULT.members]
            stacked = np.stack(members, axis=1)
            predictions[m], folds = cross_validated(stacked, outcome, dossiers)
            full = fit_weights(stacked, outcome)
            ensemble = {
                "members": list(DEFAULT.members),
                "validation": "leave-one-dossier-out",
                "folds": len(folds),
                "weights": dict(zip(DEFAULT.members, map(float, full), strict=True)),
                "fold_weights_mean": dict(
                    zip(DEFAULT.members, map(float, folds.mean(axis=0)), strict=True)
                ),
            }
        else:
            predictions[m] = predict(m)
    baseline_error = np.abs(predict(BASELINE) - outcome)
    versus = {
        m: paired_difference(np.abs(pred - outcome), baseline_error, dossiers)
        for m, pred in predictions.items()
        if m != BASELINE
    }
    scores = {}
    for m, pred in predictions.items():
        err = np.abs(pred - outcome)
        err = err[np.isfinite(err)]
        n = len(err)
        scores[m] = ModelScore(
            n=n,
            mae=float(err.mean()) if n else math.nan,
            median_ae=float(np.median(err)) if n else math.nan,
        )
    scale = spread(inputs)
    calibration: dict[str, Calibrated] = {}
    interval_low: dict[str, np.ndarray] = {}
    interval_high: dict[str, np.ndarray] = {}
    if intervals:
        check_size(len(keep), len(set(dossiers)))
        for m, pred in predictions.items():
            calibration[m], interval_low[m], interval_high[m] = calibrate(
                pred, outcome, scale, dossiers, inputs.low, inputs.high, LEVELS
            )
    return Backtest(
        path=data.path,
        capability=capability,
        models=tuple(models),
        issues=tuple(data.issues[k] for k in keep),
        dossiers=dossiers,
        outcome=outcome,
        actors=counts[keep],
        predictions=predictions,
        scores=scores,
        skipped=len(data.issues) - len(keep),
        ensemble=ensemble,
        versus=versus,
        spread=scale,
        calibration=calibration,
        interval_low=interval_low,
        interval_high=interval_high,
    )
