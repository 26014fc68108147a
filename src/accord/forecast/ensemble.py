"""The ensemble forecast: a weighted average of the other models, fitted to real outcomes.

The weights are a convex combination (each >= 0, summing to 1) chosen to minimise the mean
absolute error against recorded outcomes: a least-absolute-deviations fit, solved exactly
as a linear programme by HiGHS. Convex weights keep the forecast inside the range of its
members' forecasts (it cannot extrapolate), and the absolute error matches how forecasts
are scored. A member that does not help gets weight 0.

Honesty about fit: an ensemble scored on the issues it was fitted to flatters itself. The
backtest therefore scores it by leave-one-dossier-out cross-validation
(:func:`cross_validated`): every issue of a legislative dossier is predicted with weights
fitted on the other dossiers only, so that related issues never inform each other.

:data:`DEFAULT` holds the weights fitted on the whole development half of DEU III
(``tests/data/deu3/deu3-dev.tsv``, Council votes capability); a test refits them from the
data and checks they are the ones shipped. Scenario forecasts with ``model="ensemble"`` use
these weights.

On those data the fit is the compromise model alone (weights 1, 0, 0), and out of sample
the ensemble does not differ from it beyond noise (paired difference in mean absolute error
+0.03 points, 95% interval [-0.00, +0.07]; ``docs/forecasting.md``). So it is available by
name but run by no default: every ensemble forecast also computes its zero-weight members.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from accord.analysis.milp import highs_solver


@dataclass(frozen=True)
class Ensemble:
    """Members (model names) and their weights (>= 0, summing to 1)."""

    members: tuple[str, ...]
    weights: tuple[float, ...]

    def combine(self, predictions: Sequence[np.ndarray]) -> np.ndarray:
        """The weighted average of the members' predictions (same order as ``members``)."""
        return sum(w * p for w, p in zip(self.weights, predictions, strict=True))  # type: ignore[return-value]


#: The weights fitted on all of ``deu3-dev.tsv`` (see the module docstring).
DEFAULT = Ensemble(members=("compromise", "median", "eum"), weights=(1.0, 0.0, 0.0))


def fit_weights(predictions: np.ndarray, outcome: np.ndarray) -> np.ndarray:
    """Convex weights ``[M]`` minimising the sum of ``|outcome - predictions @ w|``.

    ``predictions`` is ``[n, M]``. The linear programme: minimise ``sum(up + down)`` subject
    to ``predictions @ w + up - down = outcome``, ``sum(w) = 1``, ``w, up, down >= 0``. Among
    equally good weights HiGHS returns a vertex (often one member alone).
    """
    p = np.asarray(predictions, dtype=float)
    y = np.asarray(outcome, dtype=float)
    n, m = p.shape
    if n == 0:
        raise ValueError("no outcomes to fit the ensemble weights to")
    h = highs_solver()
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_ = m + 2 * n
    lp.num_row_ = n + 1
    lp.col_cost_ = np.r_[np.zeros(m), np.ones(2 * n)]
    lp.col_lower_ = np.zeros(m + 2 * n)
    lp.col_upper_ = np.full(m + 2 * n, inf)
    lp.row_lower_ = np.r_[y, 1.0]
    lp.row_upper_ = np.r_[y, 1.0]
    # column-wise sparse matrix: weight k appears in every row (its predictions) and in the
    # sum row; up_i and down_i appear in row i only
    rows = np.arange(n + 1)
    index = np.r_[np.tile(rows, m), np.arange(n), np.arange(n)]
    value = np.r_[np.vstack([p, np.ones((1, m))]).T.ravel(), np.ones(n), -np.ones(n)]
    starts = np.r_[np.arange(m + 1) * (n + 1), m * (n + 1) + np.arange(1, 2 * n + 1)]
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"the ensemble fit failed: {h.modelStatusToString(h.getModelStatus())}")
    w = np.array(h.getSolution().col_value[:m], dtype=float)
    w = np.clip(w, 0.0, None)
    return w / w.sum()


def cross_validated(
    predictions: np.ndarray, outcome: np.ndarray, groups: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Leave-one-group-out predictions ``[n]`` and the weights used for each group ``[G, M]``.

    Each group's rows are predicted with weights fitted on every other group's rows.
    """
    p = np.asarray(predictions, dtype=float)
    y = np.asarray(outcome, dtype=float)
    labels = np.asarray(groups)
    out = np.full(len(y), np.nan)
    used = []
    for g in dict.fromkeys(labels.tolist()):
        held = labels == g
        w = fit_weights(p[~held], y[~held])
        out[held] = p[held] @ w
        used.append(w)
    return out, np.array(used).reshape(len(used), p.shape[1])
