"""Each DM's moves and improvements as CSR adjacencies, and reductions over them.

A DM's moves are the graph's ``(indptr[i], targets[i])``: the states reachable from state s
in one unilateral move are ``targets[indptr[s]:indptr[s + 1]]``. Every concept works on
these arrays through gathers and ``np.ufunc.reduceat`` over their segments, never a
Python loop over states.
"""

from __future__ import annotations

import numpy as np

from accord.conflict.graph import ConflictGraph

#: The identities of min and max over int64 ranks: "no state" in a min, or a max.
TOP = np.iinfo(np.int64).max
BOTTOM = np.iinfo(np.int64).min

Csr = tuple[np.ndarray, np.ndarray]  # (indptr, targets)


def sources(indptr: np.ndarray) -> np.ndarray:
    """The source state of every entry of a CSR adjacency."""
    return np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))


def _segment(ufunc: np.ufunc, values: np.ndarray, csr: Csr, empty: int) -> np.ndarray:
    """``ufunc`` of ``values`` over each state's targets; ``empty`` where it has none."""
    indptr, targets = csr
    starts = indptr[:-1]
    if len(starts) == 0:
        return np.empty(0, dtype=np.int64)
    # A sentinel after the data keeps every start in range (reduceat needs that) without
    # changing the result: it is the identity of the reduction.
    gathered = np.append(values[targets], empty)
    out = ufunc.reduceat(gathered, starts)
    out[starts == indptr[1:]] = empty  # reduceat returns an element for empty segments
    return out


def segment_min(values: np.ndarray, csr: Csr) -> np.ndarray:
    """The min of ``values`` over each state's targets; ``TOP`` where it has none."""
    return _segment(np.minimum, values, csr, TOP)


def segment_max(values: np.ndarray, csr: Csr) -> np.ndarray:
    """The max of ``values`` over each state's targets; ``BOTTOM`` where it has none."""
    return _segment(np.maximum, values, csr, BOTTOM)


def expand(frontier: np.ndarray, csr: Csr) -> tuple[np.ndarray, np.ndarray]:
    """All (source, target) moves out of the ``frontier`` states."""
    indptr, targets = csr
    counts = indptr[frontier + 1] - indptr[frontier]
    src = np.repeat(frontier, counts)
    first = np.repeat(indptr[frontier] - (np.cumsum(counts) - counts), counts)
    return src, targets[first + np.arange(len(src))]


def improvement_moves(graph: ConflictGraph, dm: int) -> Csr:
    """DM ``dm``'s unilateral improvements as a CSR adjacency (a sub-list of its moves)."""
    indptr, targets = graph.csr(dm)
    rank = graph.rank[dm]
    src = sources(indptr)
    keep = rank[targets] > rank[src]
    counts = np.bincount(src[keep], minlength=graph.n_states)
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64), targets[keep]


def reverse_moves(csr: Csr, n: int) -> Csr:
    """The same moves, indexed by target: for each state, the states that move to it."""
    indptr, targets = csr
    order = np.argsort(targets, kind="stable")
    counts = np.bincount(targets, minlength=n)
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64), sources(indptr)[order]


class Improvements:
    """Each DM's improvement lists, built when first asked for and then kept."""

    def __init__(self, graph: ConflictGraph) -> None:
        self._graph = graph
        self._cache: dict[int, Csr] = {}

    def __getitem__(self, dm: int) -> Csr:
        if dm not in self._cache:
            self._cache[dm] = improvement_moves(self._graph, dm)
        return self._cache[dm]


class MoveLists:
    """One graph's move and improvement lists, shared by the concepts of one analysis."""

    def __init__(self, graph: ConflictGraph) -> None:
        self.graph = graph
        self.moves: list[Csr] = [graph.csr(i) for i in range(graph.n_dms)]
        self.ui = Improvements(graph)
