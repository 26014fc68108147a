"""The votes of a round: who sits on which side of every pair of positions, the vote sums
over all voters, and the chance each position prevails (``P_ij``).

In one dimension a voter prefers ``x_i`` to ``x_j`` exactly when it sits on ``x_i``'s side of
their midpoint, so with the voters sorted by position the sums over voters are differences of
prefix sums, looked up at each midpoint's rank: ``O(A^2 log A)`` per instance instead of the
``O(A^3)`` of summing voter by voter (see :func:`votes`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from accord.forecast.eum.chunk import HALF, TWO, ZERO, Scratch
from accord.forecast.eum.options import HALF_TOLERANCE


def lower_weighted_median(x: np.ndarray, w: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Per row of ``[B, A]``: the smallest position where the running weight reaches half."""
    key = np.where(present, x, np.inf)
    order = np.argsort(key, axis=-1, kind="stable")
    n = x.shape[1]
    starts = np.arange(0, x.size, n)
    order += starts[:, None]  # flat indices: np.take beats 2-d fancy indexing
    cum = np.cumsum(np.take(w, order), axis=-1)
    total = cum[:, -1:]
    reached = cum >= total / 2.0 - HALF_TOLERANCE * total
    first = np.argmax(reached, axis=-1)
    out = np.take(key, np.take(order, first + starts))
    return np.where(total[:, 0] > 0, out, np.nan)


class Geometry(NamedTuple):
    """What :func:`votes` needs from the positions alone (shared by both passes of a round):
    the voters sorted by position (their weights ``ws[t, b, 1]`` and, for every actor ``a``,
    the normalised distance ``ds[t, b, a]`` from the ``t``-th voter, voters first), for each
    pair ``(i, j)`` the flat index ``at[b, i, j]`` into the prefix sums of the element
    ``C[i, t_ij]``, ``t_ij`` counting the voters left of the midpoint ``m_ij``, ``side =
    sign(x_j - x_i)`` (0 for absent actors), and ``order`` ``[B, A]``, the flat indices of
    the voters in order. (A tuple: one is made every round, and a tuple is the cheapest.)"""

    ds: np.ndarray
    ws: np.ndarray
    at: np.ndarray
    side: np.ndarray
    order: np.ndarray


def geometry(x: np.ndarray, w: np.ndarray, side: np.ndarray, d: np.ndarray, k: Scratch) -> Geometry:
    """The :class:`Geometry` of positions ``x`` ``[B, A]`` with vote weights ``w``; ``d``: the
    normalised distances ``d[b, i, j] = |x_j - x_i| / range``, before any masking of absent
    actors."""
    b_size, n = x.shape
    # (array methods, not np.argsort and np.take: the same work, without their Python layer)
    order = x.argsort(axis=1, kind="stable")
    if b_size > 1:
        order += k.flat
    xs = x.take(order)
    at = count_left(x, xs, k)
    # ds[t, b, a] = |x_a - xs_t| / range is the row of d of the t-th voter: one gather
    ds = d.reshape(b_size * n, n).take(order.T, axis=0, out=k.dst, mode="clip")
    ws = w.take(order).T[:, :, None]
    return Geometry(ds, ws, at, side, order)


def count_left(x: np.ndarray, xs: np.ndarray, k: Scratch) -> np.ndarray:
    """For every pair ``(i, j)`` of ``x`` ``[B, A]`` (``xs``: each row sorted), the number
    ``t_ij`` of voters strictly left of the midpoint of ``x_i`` and ``x_j``, as the flat index
    of ``C[i, t_ij]`` in the prefix sums (``[B, A, A]``, in ``k.index``). Three ways to the
    very same integers, by the chunk's shape: one instance, one ``searchsorted`` over all
    ``A x A`` midpoints (the fewest calls); up to :data:`FEW_ACTORS` actors and 8 instances
    or more, ``A`` passes of comparisons over the pairs ``i < j``; otherwise one exact
    ``searchsorted`` over the whole chunk. The count is symmetric in ``(i, j)`` (the diagonal
    is 0: nobody votes on ``(i, i)``)."""
    b_size, n = x.shape
    if b_size == 1:
        mids = np.add(x[:, :, None], x[:, None, :], out=k.mids)
        mids *= HALF
        count = xs[0].searchsorted(mids.reshape(-1), side="left")
        count[:: n + 1] = 0
        np.multiply(count.reshape(k.index.shape), k.stride, out=k.index)
    else:
        # only the pairs i < j (the count is symmetric); (clip: not buffered)
        mid = np.take(x, k.iu, axis=1, out=k.mid, mode="clip")
        mid += np.take(x, k.ju, axis=1, out=k.mid2, mode="clip")
        mid *= 0.5
        found: np.ndarray
        if k.loops:  # n passes of comparisons beat a binary search per midpoint
            found = k.found
            found.fill(0)
            left = k.left
            for t in range(n):
                np.less(xs[:, t : t + 1], mid, out=left)
                found += left.view(np.uint8)
        else:
            # one searchsorted over all instances, exact: complex numbers sort by real part
            # (the instance) and then imaginary part (the position)
            keys = (k.rows + 1j * xs).ravel()
            ranks = np.searchsorted(keys, (k.rows + 1j * mid).ravel(), side="left")
            found = ranks.reshape(b_size, -1) - k.base  # less the earlier instances' voters
        k.count[:, k.upper] = found
        k.count[:, k.lower] = found
        np.multiply(k.count.reshape(k.index.shape), k.stride, out=k.index)
    k.index += k.row
    return k.index


def votes(
    geometry: Geometry, k: Scratch, r_sorted: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """With ``f[a, k]`` voter ``k``'s disutility of actor ``a``'s position (``d_ak``, or
    ``d_ak^r_k`` given the voters' exponents in sorted order) and weights ``w``:
    ``absdiff[b, i, j] = Σ_k w_k |f[j, k] - f[i, k]|`` and ``net[b, i, j] = Σ_k w_k (f[j, k]
    - f[i, k])``. The votes for ``x_i`` over ``x_j`` are ``v^k_ij = 2 w_k (f[j, k] -
    f[i, k])``, so ``Σ|v| = 2 absdiff`` and ``Σ v = 2 net``.

    The sum over voters is ``O(A^2)``, not ``O(A^3)``: in one dimension the sign of
    ``f[j, k] - f[i, k]`` is the side of the midpoint ``m_ij`` that ``x_k`` is on, so with
    voters sorted by position and prefix sums ``C[a, t]`` of ``w_k f[a, k]`` over the first
    ``t`` of them, ``absdiff = ±(2 (C[j, t_ij] - C[i, t_ij]) - net)`` where ``t_ij`` counts
    the voters left of ``m_ij`` (voters on the midpoint cast no vote). As ``t_ij = t_ji``,
    ``C[j, t_ij]`` is the transpose of ``C[i, t_ij]``: one gather serves both. The prefix
    sums are stored ``[t, b, a]`` (see :class:`Scratch`), so each step adds one block.
    """
    ds = geometry.ds
    n = ds.shape[0]
    wf = k.wft
    if r_sorted is None:
        np.multiply(ds, geometry.ws, out=wf)
    else:
        np.power(ds, r_sorted, out=wf)
        wf *= geometry.ws
    prefix = k.prefix
    if k.loops:  # the same sums as cumsum (in order), but block by block
        for t in range(n):
            np.add(prefix[t], wf[t], out=prefix[t + 1])
    else:
        np.add.accumulate(wf, axis=0, out=prefix[1:])  # (= cumsum)
    g = prefix[n]  # [b, a]: Σ_k w_k f[a, k]
    net = np.subtract(g[:, None, :], g[:, :, None], out=k.net)
    here = prefix.reshape(-1).take(geometry.at, out=k.wf, mode="clip")  # C[i, t_ij]
    absdiff = np.subtract(here.transpose(0, 2, 1), here, out=k.absdiff)
    absdiff *= TWO
    absdiff -= net
    absdiff *= geometry.side
    np.maximum(absdiff, ZERO, out=absdiff)  # rounding
    # (net is not masked for absent actors: the probabilities are, by ``valid``)
    return absdiff, net


def probability(absdiff: np.ndarray, net: np.ndarray, how: str) -> np.ndarray:
    """``P[b, i, j]``, the chance ``x_i`` prevails over ``x_j`` (see ``EumOptions``); for
    ``"all-votes"`` written over ``net``."""
    if how == "all-votes":
        total = np.add.reduce(absdiff, axis=(1, 2), keepdims=True)  # (= sum)
        total *= TWO
        p = np.add(net, absdiff, out=net)
        p /= total
        # some instance without any vote (or NaN)? (count_nonzero: no reduction machinery,
        # several times cheaper on the one value of a single run)
        some = np.greater(total, ZERO)
        if np.count_nonzero(some) < len(some):
            p[~some[:, 0, 0]] = 0.0
        return p
    top = np.maximum(net, 0.0) if how == "net-votes" else 0.5 * (net + absdiff)
    p = top / absdiff
    return np.where(absdiff > 0, p, 0.0)
