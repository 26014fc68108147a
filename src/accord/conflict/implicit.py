"""Implicit moves: a decision maker's unilateral moves in option form, computed from state
codes by bit operations instead of being listed.

**What a move is** (the same rule as :mod:`accord.conflict.states`): option k is bit k of a
state's code; DM j controls the bits ``own[j]``. From a feasible code x, j reaches every
feasible code y != x that differs from x only in j's bits (``y & ~own == x & ~own``), keeps
every taken forward option (``x & own & forward`` is inside y) and takes no backward option
that x does not take (``y & own & backward`` is inside x).

**Why it is cheap.** Per DM and context (the other DMs' bits), "y is x or reachable from x"
is a partial order on j's bits: per bit, free bits may take either value, forward bits may
only rise, backward bits only fall. So the set a state reaches, itself included (its
*cone*), is a product of per-bit choices, and the min or max of a value over every cone at
once is a zeta transform: one vectorised pass per option of j over a dense array of the 2^m
codes (:func:`cone_reduce`), O(2^m x k) instead of O(states x 2^k). Infeasible codes hold
the identity of the reduction, so they are never reached, while the pass still goes through
them (the cone is a set, not a path). The same order makes the relation transitive: two
moves of j in a row reach nothing one move cannot (or come back), which the stability engine
relies on (:mod:`accord.conflict.stability.implicit`).

Where a value must be compared with the *source's* own value (j's improvements: targets j
prefers to the state it leaves), the targets are enumerated per chunk of states, 2^k
sub-patterns of j's bits at a time (:func:`cone_targets`), and reduced at once; nothing is
kept between chunks.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Sources x sub-patterns handled at once when targets are enumerated (tens of MB).
CHUNK = 1 << 21


class OptionMoves:
    """The moves of a conflict in option form, as bit masks.

    ``n_options``: m, codes lie in 0..2^m-1. ``codes``: [N] the feasible codes, ascending
    (state s has code ``codes[s]``). ``own[j]``: the bits of DM j's options (disjoint).
    ``forward`` / ``backward``: the bits of the irreversible options of each kind.
    """

    def __init__(
        self, n_options: int, codes: np.ndarray, own: Sequence[int], forward: int, backward: int
    ) -> None:
        self.n_options = int(n_options)
        self.codes = np.asarray(codes, dtype=np.int64)
        self.own = tuple(int(x) for x in own)
        self.forward = int(forward)
        self.backward = int(backward)
        size = 1 << self.n_options
        if len(self.codes) and (self.codes[0] < 0 or self.codes[-1] >= size):
            raise ValueError(f"state codes must lie in 0..{size - 1}")
        if np.any(np.diff(self.codes) <= 0):
            raise ValueError("state codes must be distinct and ascending")
        #: [2^m] the state number of each code, -1 where the code is infeasible.
        self.index = np.full(size, -1, dtype=np.int64)
        self.index[self.codes] = np.arange(len(self.codes))
        self.feasible = self.index >= 0

    @property
    def n_states(self) -> int:
        return len(self.codes)

    def bits(self, dm: int) -> list[int]:
        """The bit positions of DM ``dm``'s options, lowest first."""
        return [b for b in range(self.n_options) if (self.own[dm] >> b) & 1]

    def patterns(self, dm: int) -> np.ndarray:
        """Every setting of DM ``dm``'s options, as codes with only its bits (2^k of them)."""
        bits = np.array(self.bits(dm), dtype=np.int64)
        pick = (np.arange(1 << len(bits), dtype=np.int64)[:, None] >> np.arange(len(bits))) & 1
        return np.asarray(pick @ (np.int64(1) << bits), dtype=np.int64)

    def dense(self, values: np.ndarray, fill: int) -> np.ndarray:
        """Per-state ``values`` spread over the 2^m codes, ``fill`` at the infeasible ones."""
        out = np.full(len(self.index), fill, dtype=np.int64)
        out[self.codes] = values
        return out


def cone_reduce(moves: OptionMoves, dm: int, values: np.ndarray, ufunc: np.ufunc) -> np.ndarray:
    """``ufunc`` (np.minimum, np.maximum, np.add) of a dense [2^m] array over every code's
    cone for DM ``dm``: the code itself and every code it reaches in one move of ``dm``,
    ignoring feasibility (give infeasible codes the identity of ``ufunc``).

    One pass per option: with the codes viewed as (high bits, bit b, low bits), a free bit
    combines both halves into both, a forward bit lets 0 see 1 (it may be taken, never
    dropped), a backward bit lets 1 see 0 (it may be dropped, never taken again).
    """
    out = np.array(values, dtype=np.int64, copy=True)
    for b in moves.bits(dm):
        view = out.reshape(-1, 2, 1 << b)
        low, high = view[:, 0, :], view[:, 1, :]
        if (moves.forward >> b) & 1:
            ufunc(low, high, out=low)
        elif (moves.backward >> b) & 1:
            ufunc(high, low, out=high)
        else:
            both = ufunc(low, high)
            low[...] = both
            high[...] = both
    return out


def move_counts(moves: OptionMoves) -> np.ndarray:
    """[D, N] how many unilateral moves each DM has from each state, without listing them."""
    ones = moves.feasible.astype(np.int64)
    return np.array(
        [cone_reduce(moves, j, ones, np.add)[moves.codes] - 1 for j in range(len(moves.own))],
        dtype=np.int64,
    ).reshape(len(moves.own), moves.n_states)


def cone_targets(moves: OptionMoves, dm: int, sources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every code DM ``dm`` may move to from each source code: ([C, 2^k] target codes,
    [C, 2^k] whether that is a move: feasible, not the source, irreversibility kept)."""
    own = moves.own[dm]
    pattern = moves.patterns(dm)[None, :]
    src = sources[:, None]
    target = (src & ~own) | pattern
    ok = moves.feasible[target] & (target != src)
    ok &= (src & own & moves.forward & ~pattern) == 0  # a taken forward option stays
    ok &= (pattern & moves.backward & ~src) == 0  # an untaken backward option stays out
    return target, ok


def block(moves: OptionMoves, dm: int) -> tuple[int, int] | None:
    """(lowest bit, number of options) of DM ``dm`` when its options are consecutive bits
    (always so for a conflict file, whose options are numbered DM by DM), else None."""
    own = moves.own[dm]
    if own == 0:
        return None
    low = (own & -own).bit_length() - 1
    k = own.bit_count()
    return (low, k) if own >> low == (1 << k) - 1 else None


def by_pattern(moves: OptionMoves, dm: int, values: np.ndarray) -> np.ndarray:
    """A dense [2^m] array viewed as [higher bits, DM ``dm``'s pattern, lower bits] (no copy;
    DM ``dm``'s options must be consecutive bits, see :func:`block`)."""
    where = block(moves, dm)
    assert where is not None
    low, k = where
    return values.reshape(-1, 1 << k, 1 << low)


def allowed(moves: OptionMoves, dm: int) -> np.ndarray:
    """[2^k, 2^k] whether DM ``dm`` may go from its pattern a (row) to pattern q (column) as
    far as irreversibility goes (a == q included); patterns numbered as in :func:`patterns`."""
    pattern = moves.patterns(dm)
    src, dst = pattern[:, None], pattern[None, :]
    ok = (src & moves.forward & ~dst) == 0
    ok &= (dst & moves.backward & ~src) == 0
    return np.asarray(ok)


def chunk_rows(moves: OptionMoves, dm: int) -> int:
    """How many sources :func:`cone_targets` takes at once for DM ``dm``."""
    return max(1, CHUNK >> moves.own[dm].bit_count())


def explicit_moves(moves: OptionMoves, dm: int) -> tuple[np.ndarray, np.ndarray]:
    """DM ``dm``'s moves listed as a CSR adjacency over state numbers, targets ascending
    (what :func:`accord.conflict.states.moves` builds), for the analyses that walk moves
    state by state (explanations, status quo paths, coalitions)."""
    counts, targets = [], []
    step = chunk_rows(moves, dm)
    for start in range(0, moves.n_states, step):
        target, ok = cone_targets(moves, dm, moves.codes[start : start + step])
        counts.append(ok.sum(axis=1))
        # codes ascend with the pattern only within a context: sort each row's states
        number = np.sort(np.where(ok, moves.index[target], moves.n_states), axis=1)
        targets.append(number[number < moves.n_states])
    indptr = np.concatenate([[0], np.cumsum(np.concatenate(counts))]).astype(np.int64)
    return indptr, np.concatenate(targets).astype(np.int64)
