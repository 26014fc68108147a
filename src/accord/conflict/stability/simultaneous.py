"""SIM: stability against an opponent's improvement made at the same time as i's.

- **SIM**: every s1 in ``UI_i(s)`` has an opponent j and some s2 in ``UI_j(s)`` such that
  the state where both moves are made at once, i's option changes s -> s1 and j's option
  changes s -> s2 (options ``opt(s1) ^ opt(s2) ^ opt(s)``), is feasible and
  ``rank[i, .] <= rank[i, s]`` there. This is Fang, Hipel & Kilgour's (1989) two-DM SIM,
  which combines moves through the option form, generalised to n DMs as GMCR II and
  gmcr-py do: i's improvement against each single opponent's improvement (not against
  several opponents moving at once). It needs ``ConflictGraph.options``.

Every pair (improvement of i, opponent improvement from the same state) is examined at
once, in chunks of :data:`SIM_CHUNK` pairs.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from accord.conflict.graph import ConflictGraph
from accord.conflict.stability.moves import MoveLists, sources
from accord.conflict.stability.sanctions import Sanction

#: Pairs (improvement, opponent improvement) examined at once by SIM, to bound memory.
SIM_CHUNK = 1 << 22


def sim_stable(lists: MoveLists, i: int) -> np.ndarray:
    """SIM: every improvement of i is deterred by some opponent's improvement made with it."""
    graph = lists.graph
    opts = _require_options(graph)
    state_of_bits = _bits_lookup(opts)
    rank = graph.rank[i]
    n = graph.n_states
    # Every opponent's improvements, merged into one adjacency per state.
    opp = [lists.ui[j] for j in range(graph.n_dms) if j != i]
    o_src = np.concatenate([sources(p) for p, _ in opp])
    o_tgt = np.concatenate([t for _, t in opp])
    perm = np.argsort(o_src, kind="stable")
    o_tgt = o_tgt[perm]
    o_ptr = np.concatenate([[0], np.cumsum(np.bincount(o_src, minlength=n))])
    # i's improvements, each to be paired with every opponent improvement from s.
    i_src = sources(lists.ui[i][0])
    i_tgt = lists.ui[i][1]
    counts = o_ptr[i_src + 1] - o_ptr[i_src]
    ends = np.cumsum(counts)
    deterred = np.zeros(len(i_tgt), dtype=bool)
    lo = 0
    while lo < len(i_tgt):
        # Take edges until the chunk holds about SIM_CHUNK pairs (at least one edge).
        base = ends[lo - 1] if lo else 0
        hi = max(lo + 1, int(np.searchsorted(ends, base + SIM_CHUNK, side="right")))
        c = counts[lo:hi]
        edge = np.repeat(np.arange(lo, hi), c)
        first = np.repeat(o_ptr[i_src[lo:hi]] - (np.cumsum(c) - c), c)
        s2 = o_tgt[first + np.arange(len(edge))]
        s = i_src[edge]
        bits = opts[s] ^ opts[i_tgt[edge]] ^ opts[s2]
        combined = state_of_bits(bits)
        found = combined >= 0
        ok = found & (rank[np.where(found, combined, 0)] <= rank[s])
        deterred[lo:hi] = np.bincount(edge[ok] - lo, minlength=hi - lo) > 0
        lo = hi
    stable = np.ones(n, dtype=bool)
    stable[i_src[~deterred]] = False
    return stable


def _bits_lookup(opts: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """A vectorised map from option bitmasks to states, -1 for infeasible combinations."""
    n = len(opts)
    top = int(opts.max()) + 1 if n else 0
    if int(opts.min(initial=0)) >= 0 and top <= 8 * n + 64:
        # Few infeasible combinations: a direct table beats a binary search by far.
        table = np.full(top, -1, dtype=np.int64)
        table[opts] = np.arange(n)

        def lookup(bits: np.ndarray) -> np.ndarray:
            inside = (bits >= 0) & (bits < top)
            return np.where(inside, table[np.where(inside, bits, 0)], -1)

        return lookup
    order = np.argsort(opts)
    sorted_opts = opts[order]

    def search(bits: np.ndarray) -> np.ndarray:
        pos = np.minimum(np.searchsorted(sorted_opts, bits), n - 1)
        return np.where(sorted_opts[pos] == bits, order[pos], -1)

    return search


def _require_options(graph: ConflictGraph) -> np.ndarray:
    if graph.options is None:
        raise ValueError(
            "SIM combines simultaneous moves through the options of each state: "
            "build the ConflictGraph with options=[one bitmask per state]"
        )
    return np.asarray(graph.options, dtype=np.int64)


def sim_sanction(graph: ConflictGraph, lists: MoveLists, i: int, s: int, s1: int) -> Sanction:
    """The first opponent improvement from s that, made with i's move s -> s1, deters it."""
    opts = _require_options(graph)
    state_of_bits = _bits_lookup(opts)
    for j in range(graph.n_dms):
        if j == i:
            continue
        ptr, tgt = lists.ui[j]
        replies = tgt[ptr[s] : ptr[s + 1]]
        both = state_of_bits(opts[s] ^ opts[s1] ^ opts[replies])
        ok = (both >= 0) & (graph.rank[i][np.maximum(both, 0)] <= graph.rank[i, s])
        if ok.any():
            k = int(np.argmax(ok))
            return Sanction(s1, ((j, int(replies[k])),), int(both[k]))
    return Sanction(s1, (), None)
