"""Coalitions: what a group of DMs can reach together, and coalition Nash stability."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from accord.conflict.graph import ConflictGraph
from accord.conflict.stability.concepts import equilibria
from accord.conflict.stability.moves import expand


def coalition_reach(graph: ConflictGraph, coalition: Sequence[int], state: int) -> np.ndarray:
    """[N] bool: states reached from ``state`` by a legal sequence (one or more moves, no
    member twice in a row) of unilateral moves by the members of ``coalition``."""
    n = graph.n_states
    members = list(coalition)
    seen = np.zeros((len(members), n), dtype=bool)  # seen[k, t]: reached t, k moved last
    frontier = [np.empty(0, dtype=np.int64) for _ in members]
    # The first move may be anyone's: seed with every member's moves from ``state``.
    for k, j in enumerate(members):
        _, t = expand(np.array([state]), graph.csr(j))
        t = np.unique(t)
        seen[k, t] = True
        frontier[k] = t
    while any(len(f) for f in frontier):
        new_frontier = []
        for k, j in enumerate(members):
            sources = np.unique(
                np.concatenate([frontier[m] for m in range(len(members)) if m != k])
            )
            _, t = expand(sources, graph.csr(j))
            t = np.unique(t)
            t = t[~seen[k, t]]
            seen[k, t] = True
            new_frontier.append(t)
        frontier = new_frontier
    return np.asarray(seen.any(axis=0))


def coalition_improvement(graph: ConflictGraph, coalition: Sequence[int], state: int) -> int | None:
    """A state the coalition can reach from ``state`` that every member strictly prefers
    (the smallest such index), or None."""
    members = list(coalition)
    better = (graph.rank[members] > graph.rank[members, state][:, None]).all(axis=0)
    hits = np.flatnonzero(better & coalition_reach(graph, members, state))
    return int(hits[0]) if len(hits) else None


def coalition_equilibria(graph: ConflictGraph) -> np.ndarray:
    """Indices of the coalition Nash stable states: no nonempty coalition (any subset of the
    DMs) has a coalition improvement. Singletons make these a subset of the Nash
    equilibria, so only those are searched."""
    result = []
    coalitions = [
        c
        for size in range(2, graph.n_dms + 1)
        for c in itertools.combinations(range(graph.n_dms), size)
    ]
    for s in equilibria(graph, "R").tolist():
        if all(coalition_improvement(graph, c, s) is None for c in coalitions):
            result.append(s)
    return np.array(result, dtype=np.int64)
