"""What one chunk of instances carries through its rounds: its inputs and output views
(:class:`Batch`, the round loop's parameter object) and its scratch buffers
(:class:`Scratch`), allocated once and reused by every round.

A chunk is ``[B, A]``: ``B`` instances (issues x draws) of ``A`` actors. One run of one issue
is a chunk of one; its arrays are so small that each NumPy call costs its fixed overhead,
not its arithmetic, so everything a round needs that does not depend on the positions is
prepared here, once, and the round works in these buffers (``out=``) instead of allocating.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.forecast.eum.options import EU_ROUNDING, TIE

# The constants of the per-round arithmetic as 0-d arrays: NumPy 2 takes these in a ufunc call
# faster than Python floats (no conversion of a scalar each call), which counts where a call
# costs its overhead (one small instance); the values, and so the results, are the same.
ZERO, HALF, ONE, TWO, FOUR = (np.array(v) for v in (0.0, 0.5, 1.0, 2.0, 4.0))
TIE_0D = np.array(TIE)
EU_ROUNDING_0D = np.array(EU_ROUNDING)

#: Up to this many actors (and for chunks of 8 instances or more), voters are counted against
#: midpoints by comparisons, not by binary search, and prefix sums are added up column by
#: column.
FEW_ACTORS = 64

#: Roughly how many elements an ``[B, A, A]`` array of one chunk may hold (cache sized: a
#: round touches some twenty such arrays, and at 2^15 elements, 256 KB each, they stay in a
#: core's 1-2 MB L2; 2^17 spilled to L3 and cost 15% more CPU on 20 actors, see docs/eum.md).
CHUNK_ELEMENTS = 1 << 15


@dataclass(frozen=True)
class Batch:
    """A chunk's inputs, as the rounds use them, and the views its results go to.

    ``x0``, ``w``, ``s`` ``[B, A]``: initial positions, vote weights (capability x salience)
    and saliences, all 0 for absent actors; ``present`` ``[B, A]``: which actors take part;
    ``everyone``: whether all do (then the masks for absent actors are skipped: they would
    change nothing); ``init_span`` ``[B]``: the range of the initial positions. Outputs, each
    a view of the run's arrays: ``positions`` ``[R+1, B, A]`` (row 0 already filled),
    ``dyads`` ``[R, B, A, A]`` and ``risk`` ``[R, B, A]`` (``None``: not recorded),
    ``stopped`` ``[B]`` (rounds run, added to)."""

    x0: np.ndarray
    w: np.ndarray
    s: np.ndarray
    present: np.ndarray
    everyone: bool
    init_span: np.ndarray
    positions: np.ndarray
    dyads: np.ndarray | None
    risk: np.ndarray | None
    stopped: np.ndarray

    @classmethod
    def of(
        cls,
        x_in: np.ndarray,
        c: np.ndarray,
        s: np.ndarray,
        positions: np.ndarray,
        dyads: np.ndarray | None,
        risk: np.ndarray | None,
        stopped: np.ndarray,
    ) -> Batch:
        """From the raw inputs ``[B, A]`` (NaN position: absent) and the output views."""
        present = ~np.isnan(x_in)
        x0 = np.where(present, x_in, 0.0)
        big = np.where(present, x0, -np.inf).max(axis=1)
        small = np.where(present, x0, np.inf).min(axis=1)
        return cls(
            x0=x0,
            w=np.where(present, c * s, 0.0),
            s=np.where(present, s, 0.0),
            present=present,
            everyone=bool(present.all()),
            init_span=np.where(present.any(axis=1), big - small, 0.0),
            positions=positions,
            dyads=dyads,
            risk=risk,
            stopped=stopped,
        )


class Scratch:
    """Constants and scratch buffers of one ``[B, A]`` chunk, reused by every round."""

    def __init__(self, b_size: int, n: int, present: np.ndarray) -> None:
        # small chunks: fewer, bigger NumPy calls; bigger ones: loops of cheap passes
        self.loops = n <= FEW_ACTORS and b_size >= 8
        # the voters' distances and the prefix sums over them are [t, b, a] (voters first, so
        # that each step of the sums adds one contiguous block): C[a, t] of instance b is at
        # the flat index t * (B * n) + b * n + a
        self.row = (np.arange(b_size)[:, None] * n + np.arange(n)[None, :])[:, :, None]
        self.stride = b_size * n
        self.dst, self.wft = np.empty((n, b_size, n)), np.empty((n, b_size, n))
        self.prefix = np.zeros((n + 1, b_size, n))  # t = 0 stays 0
        self.pair = present[:, :, None] & present[:, None, :]
        # [B, A, A] scratch arrays, reused round after round (fresh arrays of this size cost
        # more in page faults than the arithmetic on them)
        shape = (b_size, n, n)
        self.diff, self.wf, self.absdiff, self.net, self.pt, self.d = (
            np.empty(shape) for _ in range(6)
        )
        # side = sign(x_j - x_i) while the votes are counted; then, with ds, the two expected
        # utilities, one block so that they can be computed as one stack
        self.eus = np.empty((2, *shape))
        self.ds, self.side = self.eus[0], self.eus[1]
        self.s_ab = np.empty((2, *shape))  # the targets' saliences for both (see rounds)
        self.valid = np.empty(shape, dtype=bool)
        # bool scratch, one block so that adjacent masks reduce in one call (see rounds)
        self.masks = np.empty((7, *shape), dtype=bool)
        self.mask = list(self.masks)
        self.index = np.empty(shape, dtype=np.intp)
        self.offdiag = ~np.eye(n, dtype=bool)
        self.rows = np.arange(b_size)[:, None]
        self.arange_n = np.arange(n)[None, :]
        self.ones = np.ones((b_size, n))  # the risk exponents of risk-neutral actors
        self.flat = self.rows * n  # row offsets: np.take on flat indices beats 2-d indexing
        if b_size == 1:  # voters counted against all A x A midpoints by one searchsorted
            self.mids = np.empty(shape)
        else:  # voters counted pair by pair (i < j), see votes.count_left
            self.base = (np.arange(b_size) * n)[:, None]
            iu, ju = np.triu_indices(n, 1)
            self.iu, self.ju = iu, ju
            self.upper, self.lower = iu * n + ju, ju * n + iu
            self.count = np.zeros((b_size, n * n), dtype=np.intp)  # the diagonal stays 0
            pairs = n * (n - 1) // 2
            self.mid, self.mid2 = np.empty((b_size, pairs)), np.empty((b_size, pairs))
            self.found = np.empty((b_size, pairs), dtype=np.uint8)
            self.left = np.empty((b_size, pairs), dtype=bool)
