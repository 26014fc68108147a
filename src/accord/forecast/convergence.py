"""Did an iterative model settle? Cycles and swings over its rounds, per issue.

The iterative models (``eum``, ``exchange``) play rounds and forecast from the last one. A
deterministic round map either reaches a fixed point, falls into a cycle, or keeps moving;
only in the first case is "the forecast after the last round" a forecast. The rule, per
instance (issue, draw), from the actors' positions after every round ``x_0 .. x_R`` and the
model's forecast after every round ``f_0 .. f_R``:

* **period** ``p``: the smallest ``p`` in ``1 .. MAX_PERIOD`` (and ``p <= R``) with
  ``|x_R - x_{R-p}| <= REPEAT * range`` for every actor (absent actors, NaN, agree). Both
  models' rounds depend only on the positions (and the fixed inputs), so a repeat means the
  play repeats from there on: ``p = 1`` is a fixed point, ``p >= 2`` a cycle. ``0``: no
  repeat found within the bound.
* **low, high**: the range of the forecast over the cycle (its last ``p`` rounds), or, with
  no repeat, over the last ``WINDOW`` rounds (``low == high`` at a fixed point).
* **converged**: the *forecast* has settled: a fixed point (``p = 1``), or a forecast that
  stays within ``SWING * range`` (a hundredth of the scale) over the cycle, or, with no
  repeat found, over the last ``WINDOW`` rounds (still creeping, but by less than that).
  So a cycle of the actors that leaves the forecast where it is (two actors swapping sides
  of the median) has converged, and its cycle is still reported; a cycle that moves the
  forecast (the forecast is whichever round the limit happens to end on) has not.

``range`` is the width of the issue's scale. Zero rounds (nothing played) is a fixed point.
The rule is a verdict after the fact: the models still run their round limit (or stop early
by their own rule), so a forecast that converged keeps exactly its value.

Vectorised: leading axes (draws, issues) are computed at once; only the (at most
``MAX_PERIOD``) candidate periods are a loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The longest cycle looked for (rounds).
MAX_PERIOD = 8
#: Positions within this share of the scale's range count as the same.
REPEAT = 1e-9
#: With no repeat, the forecast counts as settled if it moved at most this share of the range...
SWING = 0.01
#: ... over this many last rounds.
WINDOW = 3


@dataclass(frozen=True)
class Convergence:
    """Per instance ``[..., I]``: ``converged`` (bool), ``period`` (int: 1 a fixed point,
    ``p >= 2`` a cycle, 0 none found), and ``low``, ``high``: the forecast's range over the
    cycle or the last rounds (NaN where the forecast is NaN)."""

    converged: np.ndarray
    period: np.ndarray
    low: np.ndarray
    high: np.ndarray


def convergence(positions: np.ndarray, values: np.ndarray, span: np.ndarray) -> Convergence:
    """The verdict on a run: ``positions`` ``[R+1, ..., A, I]`` (NaN: absent), ``values``
    ``[R+1, ..., I]`` (the forecast after each round), ``span`` ``[I]`` (the scale's width).

    >>> x = np.array([[[0.0]], [[1.0]], [[0.0]], [[1.0]]])  # one actor swinging 0, 1, 0, 1
    >>> c = convergence(x, x[:, 0, :], np.array([1.0]))
    >>> bool(c.converged[0]), int(c.period[0]), float(c.low[0]), float(c.high[0])
    (False, 2, 0.0, 1.0)
    >>> flat = convergence(x, np.zeros((4, 1)), np.array([1.0]))  # a forecast that stays put
    >>> bool(flat.converged[0]), int(flat.period[0])
    (True, 2)
    """
    positions = np.asarray(positions, dtype=float)
    values = np.asarray(values, dtype=float)
    span = np.abs(np.asarray(span, dtype=float))
    last_round = positions.shape[0] - 1
    shape = values.shape[1:]
    period = np.zeros(shape, dtype=np.int64)
    if last_round == 0:
        period[...] = 1
    last = positions[-1]
    tol = REPEAT * span
    for p in range(1, min(MAX_PERIOD, last_round) + 1):
        earlier = positions[-1 - p]
        same = (np.abs(last - earlier) <= tol) | (np.isnan(last) & np.isnan(earlier))
        found = same.all(axis=-2) & (period == 0)
        period[found] = p
    rounds = np.arange(last_round + 1).reshape((-1,) + (1,) * len(shape))
    first = np.where(period > 0, last_round - period + 1, max(0, last_round - WINDOW))
    inside = rounds >= first  # [R+1, ..., I]: the rounds the range is taken over
    finite = inside & ~np.isnan(values)
    low = np.where(finite, values, np.inf).min(axis=0)
    high = np.where(finite, values, -np.inf).max(axis=0)
    some = finite.any(axis=0)
    low = np.where(some, low, np.nan)
    high = np.where(some, high, np.nan)
    settled = ~(high - low > SWING * span)  # (NaN forecast: no verdict against it)
    return Convergence(converged=(period == 1) | settled, period=period, low=low, high=high)
