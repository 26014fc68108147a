"""The central-tendency models: the weighted mean ("compromise") and weighted median.

Both weight an actor's position on an issue by ``capability * salience``:

- ``compromise``: the weighted mean of the positions.
- ``median``: the weighted median, the smallest position at which the cumulative weight
  (positions sorted ascending) reaches half of the total weight. When the cumulative
  weight reaches exactly half at some position, that (lower) position is the median, not
  the midpoint to the next one: the *lower weighted median*. "Reaches" allows a relative
  tolerance of :data:`HALF_TOLERANCE` of the total so that rounding cannot move the answer.
  Under single-peaked preferences it is the Condorcet winner of a weighted vote.
"""

from __future__ import annotations

import numpy as np

from accord.analysis.inputs import Inputs

#: Cumulative weight counts as reaching half the total when within this share of the total.
HALF_TOLERANCE = 1e-9


def _clean(positions: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    positions = np.asarray(positions, dtype=float)
    weights = np.asarray(weights, dtype=float)
    absent = np.isnan(positions)
    return np.where(absent, 0.0, positions), np.where(absent, 0.0, weights)


def weighted_mean(positions: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per issue, the weighted mean of the actors' positions: ``[..., A, I]`` -> ``[..., I]``.

    ``positions`` is NaN where an actor takes none (its weight is then ignored); weights are
    ``>= 0``. Issues whose total weight is 0 give NaN.

    >>> weighted_mean(np.array([[0.0], [100.0]]), np.array([[1.0], [3.0]]))
    array([75.])
    """
    pos, w = _clean(positions, weights)
    total = w.sum(axis=-2)
    weighted = (pos * w).sum(axis=-2)
    return np.divide(weighted, total, out=np.full(total.shape, np.nan), where=total > 0)


def weighted_median(positions: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per issue, the lower weighted median of the positions: ``[..., A, I]`` -> ``[..., I]``.

    The smallest position at which the cumulative weight, positions sorted ascending,
    reaches half of the total (see the module docstring for ties). NaN positions take no
    part; issues whose total weight is 0 give NaN.

    >>> weighted_median(np.array([[0.0], [50.0], [100.0]]), np.array([[1.0], [1.0], [2.0]]))
    array([50.])
    """
    pos, w = _clean(positions, weights)
    if pos.shape[-2] == 0:
        return np.full(pos.shape[:-2] + pos.shape[-1:], np.nan)
    absent = np.isnan(np.asarray(positions, dtype=float))
    key = np.where(absent, np.inf, pos)  # absent positions sort last, with weight 0
    order = np.argsort(key, axis=-2, kind="stable")
    sorted_pos = np.take_along_axis(key, order, axis=-2)
    cum = np.cumsum(np.take_along_axis(w, order, axis=-2), axis=-2)
    total = cum[..., -1, :]
    half = (total / 2.0 - HALF_TOLERANCE * total)[..., None, :]
    reached = (cum >= half) & (total > 0)[..., None, :]
    first = np.argmax(reached, axis=-2)  # the first actor, in sorted order, to reach half
    value = np.take_along_axis(sorted_pos, first[..., None, :], axis=-2)[..., 0, :]
    return np.where(total > 0, value, np.nan)


def compromise(inputs: Inputs) -> np.ndarray:
    """The compromise model: the capability x salience weighted mean, ``[..., I]``."""
    return weighted_mean(inputs.position, inputs.weight)


def median(inputs: Inputs) -> np.ndarray:
    """The median model: the capability x salience weighted (lower) median, ``[..., I]``."""
    return weighted_median(inputs.position, inputs.weight)
