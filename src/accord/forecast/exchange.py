"""The exchange model: pairs of actors trade voting positions on issues they care unequally about.

After Stokman & Van den Bos (1992), "A two-stage model of policy making: with an empirical
test in the U.S. energy policy domain" (in Moore & Whitt, eds., *Research in Politics and
Society* 4), and Stokman & Van Oosten (1994), "The exchange of voting positions: an
object-oriented model of policy networks" (in Bueno de Mesquita & Stokman, eds., *European
Community Decision Making*, Yale UP). Written from those descriptions; our reading, each
choice stated (``docs/forecasting.md`` has the section):

* **Outcome.** Each issue's expected outcome is the capability x salience weighted mean of
  the actors' *voting* positions (the compromise model): ``O_d = Σ w_ad x_ad / Σ w_ad``.
* **Utility.** Actor ``a`` gains ``s_ad |ΔO_d|`` when ``O_d`` moves towards its *own*
  position (its input position, which never changes) and loses as much when it moves away;
  distances are shares of the issue's scale, so issues in different units compare.
* **An exchange** ``(i, j, p, q)``: ``j`` shifts its voting position on ``p`` towards ``i``
  and ``i`` shifts on ``q`` towards ``j``. It needs ``i`` and ``j`` on opposite sides of the
  outcome on both issues, and ``i`` relatively keener on ``p``: ``s_ip s_jq > s_iq s_jp``.
  If the moves shift the outcomes by ``a`` (on ``p``) and ``b`` (on ``q``), ``i`` gains
  ``s_ip a - s_iq b`` and ``j`` gains ``s_jq b - s_jp a``. **Equal gain**: the rate is
  ``b = a (s_ip + s_jp) / (s_iq + s_jq)``, which gives both ``a (s_ip s_jq - s_iq s_jp) /
  (s_iq + s_jq)``, positive for both under the condition above (Stokman & Van Oosten's
  rule that the partners share the gain equally).
* **Size.** No one yields past the outcome: a shift stops at the outcome, so ``a`` is at
  most ``w_jp |x_jp - O_p| / (W_p range_p)`` and ``b`` at most ``w_iq |x_iq - O_q| / (W_q
  range_q)``; the exchange is the largest within both, so one of the two partners moves
  exactly to the outcome (as in Stokman & Van Oosten, where the partner who must move
  furthest relative to its room moves all the way to the outcome).
* **Choice of trades.** Each round, from the positions at its start: the exchange with the
  highest gain first, then the next highest among actors not yet trading, and so on: each
  actor is in at most one exchange per round (a greedy matching). Gains within
  :data:`TIE` (relative) are tied and go to the lowest ``(i, j, p, q)`` in index order;
  gains at most :data:`MIN_GAIN` are none. All the round's shifts happen at once.
* **Stop.** After :data:`ROUNDS` rounds, or earlier when no profitable exchange is left in
  any instance. The forecast is the weighted mean of the final voting positions; whether
  each issue settled is judged by :mod:`accord.forecast.convergence`.

Vectorised over the leading (draw) axes: the conditions of every candidate exchange of every
instance are one boolean ``[B, A, A, I, I]`` array, the gains are computed for the
candidates that meet them; the greedy matching is a loop over picks (at most ``A / 2`` per
round), each pick one pass over the candidates of the whole batch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from accord.analysis.inputs import Inputs
from accord.forecast.central import weighted_mean

#: Rounds at most (as the expected-utility model's benchmarks).
ROUNDS = 10
#: A gain at most this (in salience x share of the scale) is no gain.
MIN_GAIN = 1e-12
#: Gains within this share of the best are tied; ties go to the lowest (i, j, p, q).
TIE = 1e-9


@dataclass(frozen=True)
class ExchangeRun:
    """The result of :func:`exchange_run`.

    ``positions`` ``[R+1, ..., A, I]``: the voting positions before the first round and
    after each (an instance with no exchange left repeats its positions); ``values``
    ``[R+1, ..., I]``: the forecast (weighted mean) after each round; ``exchanges``
    ``[R, ...]``: how many exchanges each instance made in each round.
    """

    positions: np.ndarray
    values: np.ndarray
    exchanges: np.ndarray

    @property
    def rounds_run(self) -> int:
        return int(self.exchanges.shape[0])


def exchange_run(
    inputs: Inputs, *, rounds: int = ROUNDS, groups: np.ndarray | None = None
) -> ExchangeRun:
    """Play the exchange model on ``inputs`` (``[..., A, I]``; see the module docstring).

    ``groups`` ``[I]`` (optional): a label per issue; exchanges pair only issues with equal
    labels (the issues of one negotiation, e.g. the proposals of one DEU III dossier).
    Default: every issue with every other.
    """
    pref = np.asarray(inputs.position, dtype=float)
    lead, (n_a, n_i) = pref.shape[:-2], pref.shape[-2:]
    size = math.prod(lead)
    weight = np.broadcast_to(inputs.weight, pref.shape).reshape(size, n_a, n_i)
    sal = np.broadcast_to(inputs.salience, pref.shape).reshape(size, n_a, n_i)
    sal = np.where(np.isnan(pref.reshape(size, n_a, n_i)), 0.0, sal)
    span = np.asarray(inputs.high, dtype=float) - np.asarray(inputs.low, dtype=float)
    pairs = ~np.eye(n_i, dtype=bool)
    if groups is not None:
        labels = np.asarray(groups)
        pairs &= labels[:, None] == labels[None, :]
    own = pref.reshape(size, n_a, n_i)
    x = own.copy()
    trail, counts = [x], []
    for _ in range(rounds):
        x, made = exchange_round(x, own, sal, weight, span, pairs)
        if not made.any():
            break
        trail.append(x)
        counts.append(made)
    positions = np.stack(trail).reshape((len(trail), *lead, n_a, n_i))
    return ExchangeRun(
        positions=positions,
        values=weighted_mean(positions, inputs.weight),
        exchanges=np.array(counts, dtype=np.int64).reshape((len(counts), *lead)),
    )


def exchange(inputs: Inputs) -> np.ndarray:
    """The exchange model: the weighted mean after the exchanges, ``[..., I]``."""
    return exchange_run(inputs).values[-1]


def exchange_round(
    x: np.ndarray,
    own: np.ndarray,
    sal: np.ndarray,
    weight: np.ndarray,
    span: np.ndarray,
    pairs: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """One round on ``[B, A, I]`` voting positions ``x`` (``own``: the actors' own
    positions; ``sal``, ``weight``: saliences and weights, 0 where absent; ``span`` ``[I]``;
    ``pairs`` ``[I, I]``: the issue pairs that may be traded). Returns the new positions and
    the number of exchanges ``[B]``."""
    b_size = x.shape[0]
    present = ~np.isnan(x)
    xz = np.where(present, x, 0.0)
    total = weight.sum(axis=1)  # [B, I]
    usable = (total > 0) & (span > 0)
    safe = np.where(usable, total, 1.0)
    outcome = (weight * xz).sum(axis=1) / safe  # [B, I]
    side = np.sign(np.where(present, own, 0.0) - outcome[:, None, :])
    side = np.where(present & (weight > 0) & usable[:, None, :], side, 0.0)
    room = np.clip((xz - outcome[:, None, :]) * side, 0.0, None)  # towards O, own side only
    cap = weight * room / (safe * np.where(span > 0, span, 1.0))[:, None, :]  # max |ΔO|

    # candidates (b, i, j, p, q): j yields on p (for i), i yields on q (for j); first the
    # boolean conditions over [B, i, j, p, q], then the numbers only where they hold
    opposite = side[:, :, None, :] * side[:, None, :, :] < 0  # [B, i, j, d]
    ok = opposite[:, :, :, :, None] & opposite[:, :, :, None, :] & pairs
    b, i, j, p, q = np.unravel_index(np.flatnonzero(ok), ok.shape)  # in index order
    del opposite, ok
    s_ip, s_jq, s_iq, s_jp = sal[b, i, p], sal[b, j, q], sal[b, i, q], sal[b, j, p]
    num = s_ip * s_jq - s_iq * s_jp
    den_p = s_ip + s_jp
    den_q = s_iq + s_jq
    keep = (num > 0) & (den_p > 0) & (den_q > 0)
    b, i, j, p, q = b[keep], i[keep], j[keep], p[keep], q[keep]
    num, den_p, den_q = num[keep], den_p[keep], den_q[keep]
    with np.errstate(over="ignore"):
        cap_jp = cap[b, j, p]
        cap_iq = cap[b, i, q] * den_q / den_p  # i's room on q, in units of a
    a = np.minimum(cap_jp, cap_iq)
    gain = num / den_q * a
    alive = gain > MIN_GAIN

    new = x.copy()
    made = np.zeros(b_size, dtype=np.int64)
    while alive.any():
        best = np.full(b_size, -np.inf)
        np.maximum.at(best, b[alive], gain[alive])
        tied = alive & (gain >= (best - TIE * np.abs(best))[b])
        # the first tied candidate of each instance (candidates are in index order)
        inst, first = np.unique(b[tied], return_index=True)
        k = np.flatnonzero(tied)[first]
        ki, kj, kp, kq = i[k], j[k], p[k], q[k]
        shift_j = a[k] * total[inst, kp] * span[kp] / weight[inst, kj, kp]
        shift_i = a[k] * den_p[k] / den_q[k]
        shift_i = shift_i * total[inst, kq] * span[kq] / weight[inst, ki, kq]
        new[inst, kj, kp] = np.where(
            cap_jp[k] <= cap_iq[k],
            outcome[inst, kp],
            x[inst, kj, kp] - side[inst, kj, kp] * shift_j,
        )  # j moves to the outcome when its room binds
        new[inst, ki, kq] = np.where(
            cap_iq[k] <= cap_jp[k],
            outcome[inst, kq],
            x[inst, ki, kq] - side[inst, ki, kq] * shift_i,
        )  # and i when its room does
        made[inst] += 1
        busy_i = np.full(b_size, -1)
        busy_j = np.full(b_size, -1)
        busy_i[inst], busy_j[inst] = ki, kj
        bi, bj = busy_i[b], busy_j[b]  # each actor trades at most once per round
        alive &= (i != bi) & (i != bj) & (j != bi) & (j != bj)
    return new, made
