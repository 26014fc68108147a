"""Which offer each target takes: every challenger that would move it makes an offer (a
won conflict, a compromise or a capitulation), and ``EumOptions.offer`` says which one the
target takes; all targets then move at once."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from accord.forecast.eum.chunk import ONE, TIE_0D, Scratch
from accord.forecast.eum.options import EumOptions

#: The rank of each dyad code as an offer under ``"priority"`` (lowest first): conflict,
#: compromise, capitulation; none and stalemate make no offer.
PRIORITY = np.array([3, 0, 1, 2, 3])


class Dyads(NamedTuple):
    """A round's dyads ``[B, A, A]`` (row ``i`` challenges column ``j``), as the judge sees
    them: the expected utilities ``a = EU_i(ij)`` and ``b = EU_j(ji)``, ``p = P_ij``, which
    dyads are ``valid`` (two distinct positions of present actors), the masks of
    :func:`~accord.forecast.eum.dyads.kinds`, the codes (``None`` if not needed), and where
    the challenger wins a conflict outright (``None`` for ``conflict="expected"``). (A tuple:
    one is made every round, and a tuple is the cheapest.)"""

    a: np.ndarray
    b: np.ndarray
    p: np.ndarray
    valid: np.ndarray
    conflict: np.ndarray
    compromise: np.ndarray
    capitulation: np.ndarray
    code: np.ndarray | None
    wins: np.ndarray | None


def offers(
    dy: Dyads, x: np.ndarray, x0: np.ndarray, options: EumOptions, k: Scratch
) -> tuple[np.ndarray, np.ndarray]:
    """Every offer's new position, and the one each target takes (by ``options.offer``):
    whether it has any offer, and the position taken ``[B, A]``. ``x0``: the initial
    positions."""
    xi, xj = x[:, :, None], x[:, None, :]
    a, b, p, compromise, conflict = dy.a, dy.b, dy.p, dy.compromise, dy.conflict
    compromise_pos = xj + (xi - xj) * np.abs(b / a)
    wins = dy.wins
    if wins is None:
        wins = np.ones_like(dy.valid)
        conflict_pos = xj + p * (xi - xj)
    else:
        conflict_pos = np.broadcast_to(xi, a.shape)
    new = np.where(compromise, compromise_pos, np.broadcast_to(xi, a.shape))
    new = np.where(conflict, conflict_pos, new)
    has = compromise | dy.capitulation | (conflict & wins)
    move = np.abs(new - xj)
    if options.offer == "smallest-move-initial":
        keys = [np.abs(new - x0[:, None, :])]
    elif options.offer == "largest-eu":
        keys = [-a, move]
    elif options.offer == "priority":
        keys = [PRIORITY[dy.code].astype(float), move]
    elif options.offer == "priority-scholz":
        aa, bb = np.abs(a), np.abs(b)
        point = (bb * xj + aa * xi) / (aa + bb)
        keys = [PRIORITY[dy.code].astype(float), np.where(compromise, point, move)]
    else:
        keys = [move]
    cand = has.copy()
    for key in keys:  # lexicographic minimum over challengers i, per target j
        narrow(cand, key)
    best = np.argmax(cand, axis=1)  # lowest index among the tied
    any_offer = has.any(axis=1)
    chosen = new[k.rows, best, k.arange_n]
    return any_offer, chosen


def scholz_offers(
    dy: Dyads, x: np.ndarray, gap: np.ndarray, k: Scratch
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`offers` for ``priority-scholz`` where the target gives in fully when it loses a
    conflict (the model's default, so the hot path): conflicts won first, then compromises,
    then capitulations; within a kind the smallest distance ``gap`` ``|x_i - x_j|`` (written
    over), or for compromises the lowest EU-weighted point. Every key but a compromise's is
    the distance, so the moves themselves are only computed for the offers taken. Uses the
    scratch arrays free by then: ``k.wf``, ``k.absdiff``, ``k.pt``, and ``k.d``, which holds
    ``|b|`` (left there by :func:`~accord.forecast.eum.dyads.kinds`)."""
    assert dy.wins is not None  # (None only for conflict="expected")
    won = np.logical_and(dy.conflict, dy.wins, out=dy.wins)
    # compromise and won are k.mask[3] and k.mask[4]: one reduction for both (logical_or.reduce
    # is any(), typed as an array)
    any_compromise, any_won = np.logical_or.reduce(k.masks[3:5], axis=2, keepdims=True)
    cand = candidates(won, any_won, dy.compromise, any_compromise, dy.capitulation, k)
    # any won conflict, compromise or capitulation
    any_offer: np.ndarray = np.logical_or.reduce(cand, axis=1)
    # (count_nonzero: the same answer as any(), without the reduction machinery)
    if np.count_nonzero(any_compromise):  # (else no key is a compromise's point)
        bb = k.d
        aa = np.abs(dy.a, out=k.pt)
        point = np.multiply(bb, x[:, None, :], out=k.wf)
        point += np.multiply(aa, x[:, :, None], out=k.absdiff)
        aa += bb
        point /= aa
        np.copyto(gap, point, where=dy.compromise)
    narrow(cand, gap, k.mask[6])
    best = cand.argmax(axis=1)  # lowest index among the tied
    xb = x[k.rows, best]  # the challenger whose offer is taken
    takes_compromise = any_compromise[:, 0] & ~any_won[:, 0]
    if not np.count_nonzero(takes_compromise):
        return any_offer, xb
    at = (k.rows, best, k.arange_n)
    moving = x + (xb - x) * np.abs(dy.b[at] / dy.a[at])  # as x_j + (x_i - x_j) |b / a|
    return any_offer, np.where(takes_compromise, moving, xb)


def candidates(
    won: np.ndarray,
    any_won: np.ndarray,
    compromise: np.ndarray,
    any_compromise: np.ndarray,
    capitulation: np.ndarray,
    k: Scratch,
) -> np.ndarray:
    """``priority-scholz``'s candidate offers per target (column), in ``k.mask[5]``: the
    conflicts it loses if any, else its compromises if any, else its capitulations. (Where a
    column has no compromise, ``compromise`` is all False there, so ``capitulation & ~any |
    compromise`` picks the compromises where there are some, the capitulations elsewhere.)"""
    cand = np.logical_and(capitulation, ~any_compromise, out=k.mask[5])
    cand |= compromise
    cand &= ~any_won
    cand |= won
    return cand


def narrow(cand: np.ndarray, key: np.ndarray, scratch: np.ndarray | None = None) -> None:
    """Keep, per target (column), the candidates whose ``key`` is lowest (ties within
    :data:`TIE`, relative). Changes ``cand`` in place (``scratch``: a bool array for the
    comparison)."""
    # (a masked copy and a plain min: faster than np.min(..., where=cand), same values)
    low = np.where(cand, key, np.inf).min(axis=1, keepdims=True)
    low = low + TIE_0D * (ONE + np.abs(low))
    cand &= np.less_equal(key, low, out=scratch)
