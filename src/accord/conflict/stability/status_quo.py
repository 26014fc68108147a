"""Status quo analysis: how the conflict can evolve from its status quo to the equilibria."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from accord.conflict.graph import ConflictGraph
from accord.conflict.stability.moves import MoveLists, expand


def status_quo_paths(
    graph: ConflictGraph,
    start: int,
    goals: Iterable[int],
    improvements_only: bool = True,
) -> dict[int, tuple[tuple[int, int], ...] | None]:
    """Shortest evolution from ``start`` to each goal state (e.g. the equilibria).

    Breadth-first over the moves of any DM (only unilateral improvements of the mover when
    ``improvements_only``, as in status quo analysis); a DM may move twice in a row here.
    Each path is a tuple of (dm, state reached); () for the start itself, None when the goal
    cannot be reached.
    """
    move_lists = MoveLists(graph)
    lists = move_lists.ui if improvements_only else move_lists.moves
    csrs = [lists[j] for j in range(graph.n_dms)]
    n = graph.n_states
    parent = np.full(n, -1, dtype=np.int64)
    mover = np.full(n, -1, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    seen[start] = True
    frontier = np.array([start], dtype=np.int64)
    while len(frontier):
        nxt = []
        for j, csr in enumerate(csrs):
            src, t = expand(frontier, csr)
            t, first = np.unique(t, return_index=True)
            fresh = ~seen[t]
            t, src = t[fresh], src[first[fresh]]
            seen[t] = True
            parent[t] = src
            mover[t] = j
            nxt.append(t)
        frontier = np.concatenate(nxt)
    out: dict[int, tuple[tuple[int, int], ...] | None] = {}
    for goal in goals:
        if not seen[goal]:
            out[goal] = None
            continue
        path = []
        s = goal
        while s != start:
            path.append((int(mover[s]), int(s)))
            s = int(parent[s])
        out[goal] = tuple(reversed(path))
    return out
