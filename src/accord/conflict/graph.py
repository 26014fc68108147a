"""The conflict as a graph: states, each decision-maker's unilateral moves, and preferences.

This is the interface between the GMCR model (options, feasibility, preference statements,
in :mod:`accord.model.conflict`) and the stability engine (:mod:`accord.conflict.stability`).
Moves are stored as one sparse CSR adjacency per decision-maker, never as an N x N matrix:
a dense reachability matrix is what limits the classic tools to a few thousand states.

Example::

    >>> g = graph_from_moves(("a", "b"), [[0, 1], [1, 0]], [[[1], [0]], [[], []]])
    >>> g.moves(0, 0).tolist()
    [1]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from accord.analysis.memory import available_memory
from accord.conflict.implicit import (
    OptionMoves,
    cone_targets,
    explicit_moves,
    move_counts,
)

#: Bytes per move listed on demand from implicit moves (targets, pointers, improvements and
#: the temporaries of the walks that asked for them).
LISTED_BYTES_PER_MOVE = 32


@dataclass(frozen=True)
class ConflictGraph:
    """A conflict in graph form.

    ``dms``: decision-maker ids, D of them. ``n_states``: N feasible states, numbered
    0..N-1. ``indptr[i]`` (length N+1) and ``targets[i]``: DM i's unilateral moves in CSR
    form, the states it reaches in one move from state s being
    ``targets[i][indptr[i][s]:indptr[i][s + 1]]`` (never s itself, no duplicates).
    ``rank[i, s]``: DM i's preference level for s, higher is more preferred, equal is a tie.
    ``labels``: optional readable state names. ``options``: optional [N] integer bitmask of
    the options chosen in each state (distinct per state, each option controlled by one DM);
    only the SIM concept needs it, to combine simultaneous moves.

    ``implicit``: the moves as option bit masks (:mod:`accord.conflict.implicit`) instead of
    lists; then ``indptr`` and ``targets`` are empty tuples, the stability tables are
    computed from the masks, and :meth:`csr` lists a DM's moves only when an analysis that
    walks them state by state asks for them.
    """

    dms: tuple[str, ...]
    n_states: int
    indptr: tuple[np.ndarray, ...]
    targets: tuple[np.ndarray, ...]
    rank: np.ndarray
    labels: tuple[str, ...] | None = None
    options: np.ndarray | None = None
    implicit: OptionMoves | None = None
    _listed: dict[int, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        d, n = len(self.dms), self.n_states
        if self.implicit is not None:
            if len(self.implicit.own) != d or self.implicit.n_states != n:
                raise ValueError(f"implicit moves must cover {d} DMs and {n} states")
            if self.indptr or self.targets:
                raise ValueError("give moves either as lists (indptr, targets) or implicit")
        elif len(self.indptr) != d or len(self.targets) != d:
            raise ValueError(f"need one move list per DM ({d}), got {len(self.indptr)}")
        if np.shape(self.rank) != (d, n):
            raise ValueError(f"rank must have shape ({d}, {n}), got {np.shape(self.rank)}")
        if self.labels is not None and len(self.labels) != n:
            raise ValueError(f"need {n} state labels, got {len(self.labels)}")
        for i, (ptr, tgt) in enumerate(zip(self.indptr, self.targets, strict=True)):
            if len(ptr) != n + 1 or ptr[0] != 0 or ptr[-1] != len(tgt) or np.any(np.diff(ptr) < 0):
                raise ValueError(f"DM {self.dms[i]}: indptr is not a CSR pointer over {n} states")
            if len(tgt) and (tgt.min() < 0 or tgt.max() >= n):
                raise ValueError(f"DM {self.dms[i]}: a move leads outside states 0..{n - 1}")
            src = np.repeat(np.arange(n), np.diff(ptr))
            if np.any(src == tgt):
                raise ValueError(f"DM {self.dms[i]}: a move from a state to itself")
        if self.options is not None:
            if np.shape(self.options) != (n,):
                raise ValueError(f"options must have shape ({n},)")
            if len(np.unique(self.options)) != n:
                raise ValueError("two states have the same options")

    @property
    def n_dms(self) -> int:
        return len(self.dms)

    def moves(self, dm: int, state: int) -> np.ndarray:
        """The states DM ``dm`` reaches from ``state`` in one unilateral move."""
        if self.implicit is not None and dm not in self._listed:
            codes = self.implicit.codes[[state]]
            target, ok = cone_targets(self.implicit, dm, codes)
            return np.sort(self.implicit.index[target[ok]])
        ptr, tgt = self.csr(dm)
        return tgt[ptr[state] : ptr[state + 1]]

    def csr(self, dm: int) -> tuple[np.ndarray, np.ndarray]:
        """DM ``dm``'s moves as a CSR adjacency (indptr, targets); listed from the implicit
        moves on first use, and kept."""
        if self.implicit is None:
            return self.indptr[dm], self.targets[dm]
        if dm not in self._listed:
            count = int(move_counts(self.implicit)[dm].sum())
            need, have = count * LISTED_BYTES_PER_MOVE, available_memory()
            if need > have:
                raise ValueError(
                    f"explanations, status quo paths and coalitions list each decision "
                    f"maker's moves; {self.dms[dm]} has {count:,} moves, about "
                    f"{need / 2**20:,.0f} MB, and {have / 2**20:,.0f} MB is available: ask "
                    "for the stability tables alone, or use fewer options"
                )
            self._listed[dm] = explicit_moves(self.implicit, dm)
        return self._listed[dm]

    def label(self, state: int) -> str:
        return self.labels[state] if self.labels is not None else str(state)


def graph_from_moves(
    dms: Sequence[str],
    rank: Sequence[Sequence[int]] | np.ndarray,
    moves: Sequence[Sequence[Sequence[int]]],
    labels: Sequence[str] | None = None,
    options: Sequence[int] | np.ndarray | None = None,
) -> ConflictGraph:
    """Build a graph from nested lists: ``moves[dm][s]`` = the states DM ``dm`` reaches from s.

    For tests and small hand-built conflicts. Targets are sorted and de-duplicated.
    """
    rank_arr = np.asarray(rank, dtype=np.int64)
    n = rank_arr.shape[1] if rank_arr.ndim == 2 else 0
    indptr, targets = [], []
    for per_state in moves:
        if len(per_state) != n:
            raise ValueError(f"need move lists for {n} states, got {len(per_state)}")
        rows = [sorted(set(int(t) for t in row)) for row in per_state]
        indptr.append(np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64))
        targets.append(np.array([t for r in rows for t in r], dtype=np.int64))
    return ConflictGraph(
        dms=tuple(dms),
        n_states=n,
        indptr=tuple(indptr),
        targets=tuple(targets),
        rank=rank_arr,
        labels=None if labels is None else tuple(labels),
        options=None if options is None else np.asarray(options, dtype=np.int64),
    )
