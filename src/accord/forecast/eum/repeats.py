"""Instances whose positions repeat need no more rounds.

A round is a function of the positions alone: everything else it reads (the initial
positions, vote weights, saliences, who is present, the range, the options) is fixed for
the instance, and what one instance computes does not depend on the others of its chunk
(a single run equals the same instance in any batch, bit for bit: tested). So once an
instance's positions after round ``t`` equal, bit for bit, its positions after an earlier
round ``t - p``, every later round repeats: the positions after round ``t + m`` are those
after ``t + m - p``, and so are the round's dyads and risk exponents. Such an instance is
not played any further; its remaining rounds are copied, and the chunk goes on with the
others only (a smaller chunk: fewer, cheaper passes). The results are identical, bit for
bit (tested against the loop that plays every round).

This applies only without a stopping ``tolerance`` (the default, and Monte Carlo's): with
one, an instance's stopping round depends on how far it moves, which the loop keeps
counting as before. On the built-in ``ukraine-2025`` scenario most Monte Carlo draws of
most issues reach a fixed point or a short cycle within a few rounds (58% of the
draw-issue-rounds of 1,000 draws are repeats); on positions drawn uniformly at random, as
in the speed benchmark, few do (4%).
"""

from __future__ import annotations

import numpy as np

from accord.forecast.eum.chunk import Batch

#: Whether the round loop stops playing instances whose positions repeat. Off only to test
#: that it changes no result.
SKIP = True

#: A chunk is made smaller once at least this share of its instances repeat (dropping a
#: few instances of many saves less than the new chunk's set-up costs); a chunk whose
#: instances all repeat stops at once, whatever its size.
COMPACT_SHARE = 0.125


class History:
    """The positions ``[B, A]`` after every round so far of one chunk, to find repeats."""

    def __init__(self, x: np.ndarray, rounds: int, done: int = 0) -> None:
        b_size, n = x.shape
        self.done = done  # rounds whose positions are kept (the input counts as round 0)
        if b_size == 1:
            # one instance: its positions as bytes, looked up in a dict (one call a round,
            # not one comparison per earlier round)
            self.seen: dict[bytes, int] | None = {x.tobytes(): done}
            self.kept = np.empty((0, 0, 0), dtype=np.int64)
        else:
            self.seen = None
            self.kept = np.empty((rounds + 1, b_size, n), dtype=np.int64)
            self.kept[done] = x.view(np.int64)

    @classmethod
    def of_rows(cls, old: History, rows: np.ndarray) -> History:
        """The history of a chunk's ``rows``, for a smaller chunk made of them."""
        new = cls.__new__(cls)
        new.done = old.done
        if len(rows) == 1:
            new.seen = {old.kept[t, rows[0]].tobytes(): t for t in range(old.done + 1)}
            new.kept = np.empty((0, 0, 0), dtype=np.int64)
        else:
            new.seen = None
            new.kept = old.kept[:, rows]
        return new

    def add(self, x: np.ndarray) -> np.ndarray | None:
        """Keep the positions after the next round; return each instance's period ``[B]``
        (the smallest ``p >= 1`` such that they equal those ``p`` rounds earlier, bit for
        bit; 0 where there is none), or ``None`` when no instance repeats."""
        self.done += 1
        t = self.done
        if self.seen is not None:
            key = x.tobytes()
            before = self.seen.get(key)
            self.seen[key] = t  # the latest round: the smallest period next time
            return None if before is None else np.array([t - before])
        now = x.view(np.int64)
        self.kept[t] = now
        # same[u, b]: the positions after round u equal those now, for u = 0..t-1
        same = (self.kept[:t] == now).all(axis=2)
        if not same.any():
            return None
        # the latest such u gives the smallest period t - u
        latest = t - 1 - np.argmax(same[::-1], axis=0)
        return np.where(same.any(axis=0), t - latest, 0)


def fill(batch: Batch, done: int, period: np.ndarray, rounds: int) -> None:
    """Write the rounds after ``done`` of the instances with a ``period`` (> 0) by copying
    each from ``period`` rounds earlier: positions after round ``m`` (``done < m <=
    rounds``), and the dyads and risk exponents of the rounds that lead there."""
    for p in np.unique(period[period > 0]).tolist():
        rows = np.flatnonzero(period == p)
        for m in range(done + 1, rounds + 1):  # in order: each copies an earlier, filled one
            batch.positions[m, rows] = batch.positions[m - p, rows]
            if batch.dyads is not None:
                batch.dyads[m - 1, rows] = batch.dyads[m - 1 - p, rows]
            if batch.risk is not None:
                batch.risk[m - 1, rows] = batch.risk[m - 1 - p, rows]


def subset(batch: Batch, rows: np.ndarray) -> Batch:
    """A chunk of ``batch``'s ``rows`` with its own output arrays (copies of the rows so far;
    :func:`put_back` writes them back); its ``stopped`` is its own, not written back."""
    present = batch.present[rows]
    return Batch(
        x0=batch.x0[rows],
        w=batch.w[rows],
        s=batch.s[rows],
        present=present,
        everyone=bool(present.all()),
        init_span=batch.init_span[rows],
        positions=batch.positions[:, rows],
        dyads=None if batch.dyads is None else batch.dyads[:, rows],
        risk=None if batch.risk is None else batch.risk[:, rows],
        stopped=np.zeros(len(rows), dtype=batch.stopped.dtype),
    )


def put_back(batch: Batch, part: Batch, rows: np.ndarray) -> None:
    """Write the outputs of a :func:`subset` of ``batch`` back to its ``rows``."""
    batch.positions[:, rows] = part.positions
    if batch.dyads is not None and part.dyads is not None:
        batch.dyads[:, rows] = part.dyads
    if batch.risk is not None and part.risk is not None:
        batch.risk[:, rows] = part.risk
