"""Stability analysis of a conflict in graph form (GMCR), vectorised over states.

Definitions (Kilgour, Hipel & Fang 1987; Fang, Hipel & Kilgour 1989 "Conflict models in
graph form: solution concepts and their interrelationships", EJOR 41:86-100; Fang, Hipel
& Kilgour 1993, *Interactive Decision Making: The Graph Model for Conflict Resolution*).
For DM i at state s, ``R_i(s)`` are its unilateral moves and ``UI_i(s)`` those it strictly
prefers (``rank[i, t] > rank[i, s]``). For the opponents H = N \\ {i}, ``R_H(s1)`` are the
states reached from s1 by a legal sequence of one or more unilateral moves of members of H
in which no DM moves twice in a row, and ``R_H^+(s1)`` the same when every move is a
unilateral improvement for the DM making it, from the state where it makes it.

- **R** (Nash): ``UI_i(s)`` is empty.
- **GMR**: every s1 in ``UI_i(s)`` has some s2 in ``R_H(s1)`` with ``rank[i, s2] <= rank[i, s]``.
- **SMR**: as GMR, and moreover every s3 in ``R_i(s2)`` has ``rank[i, s3] <= rank[i, s]``
  (i cannot escape the sanction by a counter-move).
- **SEQ**: as GMR with s2 in ``R_H^+(s1)`` (sanctions the opponents want to make anyway).
- **SIM**: every s1 in ``UI_i(s)`` has an opponent j and some s2 in ``UI_j(s)`` such that
  the state where both moves are made at once, i's option changes s -> s1 and j's option
  changes s -> s2 (options ``opt(s1) ^ opt(s2) ^ opt(s)``), is feasible and
  ``rank[i, .] <= rank[i, s]`` there. This is Fang, Hipel & Kilgour's (1989) two-DM SIM,
  which combines moves through the option form, generalised to n DMs as GMCR II and
  gmcr-py do: i's improvement against each single opponent's improvement (not against
  several opponents moving at once). It needs ``ConflictGraph.options``.
- **SEQ+SIM**: stable under both SEQ and SIM (as in Fang et al. and gmcr-py).

An equilibrium under a concept is a state stable for every DM.

**How it scales.** No reachability matrix is formed. For GMR the question "is there a
sanction no better than s" only needs ``m(s1) = min rank[i, .] over R_H(s1)``, and then s is
stable iff ``max m(s1) over UI_i(s) <= rank[i, s]``. ``m`` is the least fixpoint of a
relaxation over the states x last-mover layers (the layer records who moved last, which
is how "never twice in a row" is enforced), each step a gather and a
``np.minimum.reduceat`` over CSR segments. SMR is the same with the value of a sanction
state s2 raised to ``max(rank[i, s2], max rank[i, R_i(s2)])`` (s2 deters iff that is
``<= rank[i, s]``), and SEQ the same over improvement edges only. With two DMs there is
no fixpoint (one opponent move); with more, the number of rounds is the longest chain of
successive improvements of a minimum, which is small on option-built conflicts (16 rounds
at 2^20 states) but can reach N on adversarial long alternating chains (a 20,000-state
chain takes about 8 s). Memory is O(D x moves).
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from accord.conflict.graph import ConflictGraph

CONCEPTS = ("R", "GMR", "SMR", "SEQ", "SIM", "SEQ+SIM")
#: Pairs (improvement, opponent improvement) examined at once by SIM, to bound memory.
SIM_CHUNK = 1 << 22
#: The fixpoint sweeps every state while more than 1/DENSE_FRACTION of them changed
#: (0: never sweep, always use the worklist).
DENSE_FRACTION = 64

_TOP = np.iinfo(np.int64).max
_BOTTOM = np.iinfo(np.int64).min

Csr = tuple[np.ndarray, np.ndarray]  # (indptr, targets)


# --- sparse building blocks -------------------------------------------------------------


def _sources(indptr: np.ndarray) -> np.ndarray:
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


def _segment_min(values: np.ndarray, csr: Csr) -> np.ndarray:
    return _segment(np.minimum, values, csr, _TOP)


def _segment_max(values: np.ndarray, csr: Csr) -> np.ndarray:
    return _segment(np.maximum, values, csr, _BOTTOM)


def _expand(frontier: np.ndarray, csr: Csr) -> tuple[np.ndarray, np.ndarray]:
    """All (source, target) moves out of the ``frontier`` states."""
    indptr, targets = csr
    counts = indptr[frontier + 1] - indptr[frontier]
    src = np.repeat(frontier, counts)
    first = np.repeat(indptr[frontier] - (np.cumsum(counts) - counts), counts)
    return src, targets[first + np.arange(len(src))]


def improvement_moves(graph: ConflictGraph, dm: int) -> Csr:
    """DM ``dm``'s unilateral improvements as a CSR adjacency (a sub-list of its moves)."""
    indptr, targets = graph.indptr[dm], graph.targets[dm]
    rank = graph.rank[dm]
    src = _sources(indptr)
    keep = rank[targets] > rank[src]
    counts = np.bincount(src[keep], minlength=graph.n_states)
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64), targets[keep]


def _reverse(csr: Csr, n: int) -> Csr:
    """The same moves, indexed by target: for each state, the states that move to it."""
    indptr, targets = csr
    order = np.argsort(targets, kind="stable")
    counts = np.bincount(targets, minlength=n)
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64), _sources(indptr)[order]


def _reach_min(values: np.ndarray, movers: Sequence[Csr]) -> np.ndarray:
    """For every s1: the min of ``values`` over states reached from s1 by a legal sequence
    (one or more moves, no mover twice in a row) over the ``movers``' adjacencies;
    ``_TOP`` where no move exists.

    Two arrays per mover k (the states x last-mover layers): ``g[k][u]``, the min over what
    is reachable from u, u included, when k moved last into u (so the next mover is anyone
    but k), and ``h[k][u]``, the min over what is reached from u when k moves first. They
    satisfy ``h[k][u] = min g[k][R_k(u)]`` and ``g[k][u] = min(values[u], h[k'][u] for
    k' != k)``; starting from ``g = values`` and lowering values until both hold gives the
    least solution, i.e. the min over all legal sequences. Only the states whose inputs
    changed are revisited (a worklist), so long chains cost one small step per round
    instead of a sweep of every state.
    """
    if len(movers) == 1:
        return _segment_min(values, movers[0])
    n = len(values)
    layers = range(len(movers))
    reverse = [_reverse(csr, n) for csr in movers]
    g = [values.copy() for _ in layers]
    h = [_segment_min(values, csr) for csr in movers]
    changed_h = [np.flatnonzero(hk < _TOP) for hk in h]
    while any(len(c) for c in changed_h):
        # g[k] can only fall where another mover's h fell. A sweep over every state is
        # much faster per state than a worklist, so sweep while much changes.
        dense = sum(len(c) for c in changed_h) * DENSE_FRACTION > n
        changed_g = []
        for k in layers:
            others = [j for j in layers if j != k]
            if dense:
                new = np.minimum(values, np.minimum.reduce([h[j] for j in others]))
                at = np.flatnonzero(new < g[k])
                g[k] = new
            else:
                at = np.unique(np.concatenate([changed_h[j] for j in others]))
                best = np.minimum.reduce([h[j][at] for j in others])
                lower = best < g[k][at]
                at = at[lower]
                g[k][at] = best[lower]
            changed_g.append(at)
        # h[k] can only fall at the states that move (as k) into a state whose g[k] fell.
        dense = sum(len(c) for c in changed_g) * DENSE_FRACTION > n
        changed_h = []
        for k in layers:
            if dense:
                new = _segment_min(g[k], movers[k])
                changed_h.append(np.flatnonzero(new < h[k]))
                h[k] = new
            else:
                v, u = _expand(changed_g[k], reverse[k])
                before = h[k][u]
                np.minimum.at(h[k], u, g[k][v])
                changed_h.append(np.unique(u[h[k][u] < before]))
    return np.minimum.reduce(h)


# --- the concepts -------------------------------------------------------------------------


class _Improvements:
    """Each DM's improvement lists, built when first asked for and then kept."""

    def __init__(self, graph: ConflictGraph) -> None:
        self._graph = graph
        self._cache: dict[int, Csr] = {}

    def __getitem__(self, dm: int) -> Csr:
        if dm not in self._cache:
            self._cache[dm] = improvement_moves(self._graph, dm)
        return self._cache[dm]


class _Engine:
    """One graph's move and improvement lists, shared by the concepts."""

    def __init__(self, graph: ConflictGraph) -> None:
        self.graph = graph
        self.moves: list[Csr] = [(graph.indptr[i], graph.targets[i]) for i in range(graph.n_dms)]
        self.ui = _Improvements(graph)

    def deterred(self, i: int, sanction_min: np.ndarray) -> np.ndarray:
        """Stable for i: every improvement s1 has ``sanction_min[s1] <= rank[i, s]``."""
        worst = _segment_max(sanction_min, self.ui[i])  # _BOTTOM where i has no improvement
        return worst <= self.graph.rank[i]

    def r(self, i: int) -> np.ndarray:
        return np.diff(self.ui[i][0]) == 0

    def gmr(self, i: int) -> np.ndarray:
        others = [self.moves[j] for j in range(self.graph.n_dms) if j != i]
        return self.deterred(i, _reach_min(self.graph.rank[i], others))

    def smr(self, i: int) -> np.ndarray:
        rank = self.graph.rank[i]
        # s2 deters iff rank[i, s2] <= rank[i, s] and so is everything i reaches from s2.
        value = np.maximum(rank, _segment_max(rank, self.moves[i]))
        others = [self.moves[j] for j in range(self.graph.n_dms) if j != i]
        return self.deterred(i, _reach_min(value, others))

    def seq(self, i: int) -> np.ndarray:
        others = [self.ui[j] for j in range(self.graph.n_dms) if j != i]
        return self.deterred(i, _reach_min(self.graph.rank[i], others))

    def sim(self, i: int) -> np.ndarray:
        graph = self.graph
        opts = _require_options(graph)
        state_of_bits = _bits_lookup(opts)
        rank = graph.rank[i]
        n = graph.n_states
        # Every opponent's improvements, merged into one adjacency per state.
        opp = [self.ui[j] for j in range(graph.n_dms) if j != i]
        o_src = np.concatenate([_sources(p) for p, _ in opp])
        o_tgt = np.concatenate([t for _, t in opp])
        perm = np.argsort(o_src, kind="stable")
        o_tgt = o_tgt[perm]
        o_ptr = np.concatenate([[0], np.cumsum(np.bincount(o_src, minlength=n))])
        # i's improvements, each to be paired with every opponent improvement from s.
        i_src = _sources(self.ui[i][0])
        i_tgt = self.ui[i][1]
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


def _check_concept(concept: str) -> str:
    key = concept.upper()
    if key not in CONCEPTS:
        raise ValueError(f"unknown stability concept {concept!r}; choose from {CONCEPTS}")
    return key


def _stable_for(engine: _Engine, concept: str, i: int) -> np.ndarray:
    if concept == "SEQ+SIM":
        return engine.seq(i) & engine.sim(i)
    return getattr(engine, concept.lower())(i)


def stability(graph: ConflictGraph, concept: str) -> np.ndarray:
    """[D, N] bool: whether each state is stable for each DM under ``concept``."""
    key = _check_concept(concept)
    engine = _Engine(graph)
    out = np.ones((graph.n_dms, graph.n_states), dtype=bool)
    for i in range(graph.n_dms):
        out[i] = _stable_for(engine, key, i)
    return out


@dataclass(frozen=True)
class StabilityResult:
    """Per concept, the [D, N] stability table; equilibria are the all-DM columns."""

    graph: ConflictGraph
    tables: dict[str, np.ndarray]

    def equilibria(self, concept: str) -> np.ndarray:
        """Indices of the states stable for every DM under ``concept``."""
        return np.flatnonzero(self.tables[_check_concept(concept)].all(axis=0))


def analyze(graph: ConflictGraph, concepts: Iterable[str] | None = None) -> StabilityResult:
    """Stability of every state for every DM under each concept (all of them by default,
    SIM and SEQ+SIM only when the graph has options)."""
    if concepts is None:
        keys = [c for c in CONCEPTS if graph.options is not None or "SIM" not in c]
    else:
        keys = [_check_concept(c) for c in concepts]
    engine = _Engine(graph)
    tables: dict[str, np.ndarray] = {}
    for key in keys:
        table = np.ones((graph.n_dms, graph.n_states), dtype=bool)
        for i in range(graph.n_dms):
            if key == "SEQ+SIM" and "SEQ" in tables and "SIM" in tables:
                table[i] = tables["SEQ"][i] & tables["SIM"][i]
            else:
                table[i] = _stable_for(engine, key, i)
        tables[key] = table
    return StabilityResult(graph, tables)


def equilibria(graph: ConflictGraph, concept: str) -> np.ndarray:
    """Indices of the states stable for every DM under ``concept``."""
    return np.flatnonzero(stability(graph, concept).all(axis=0))


# --- explanations -------------------------------------------------------------------------


@dataclass(frozen=True)
class Sanction:
    """How the opponents answer one of i's improvements.

    ``moves``: the opponents' moves from the improvement, as (dm, state reached) pairs
    (for SIM, the single opponent improvement made at the same time as i's); ``result``:
    the state where the sanction leaves i, or None when no sanction deters the improvement.
    """

    improvement: int
    moves: tuple[tuple[int, int], ...]
    result: int | None


@dataclass(frozen=True)
class Explanation:
    dm: int
    state: int
    concept: str
    stable: bool
    #: Every improvement examined, in order, with its sanction; when unstable the last one
    #: is the first improvement found with none (``result is None``).
    sanctions: tuple[Sanction, ...]

    def __str__(self) -> str:
        g_dm = f"DM {self.dm}"
        lines = [
            f"state {self.state} is {'stable' if self.stable else 'unstable'} for {g_dm} "
            f"under {self.concept}"
        ]
        if not self.sanctions:
            lines.append("  no unilateral improvement")
        for sc in self.sanctions:
            if sc.result is None:
                lines.append(f"  improvement to {sc.improvement}: no sanction")
            else:
                path = " -> ".join(f"{t} (DM {k})" for k, t in sc.moves)
                lines.append(f"  improvement to {sc.improvement}: sanctioned by {path}")
                if sc.result != (sc.moves[-1][1] if sc.moves else None):
                    lines.append(f"    simultaneous moves end in {sc.result}")
        return "\n".join(lines)


def _find_sanction(
    s1: int, movers: dict[int, Csr], good: np.ndarray
) -> tuple[tuple[int, int], ...] | None:
    """Shortest legal opponent sequence from s1 ending in a state where ``good`` holds."""
    start = (s1, -1)
    parent: dict[tuple[int, int], tuple[int, int]] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        state, last = node
        for k, (ptr, tgt) in movers.items():
            if k == last:
                continue
            for t in tgt[ptr[state] : ptr[state + 1]].tolist():
                nxt = (t, k)
                if nxt in seen:
                    continue
                seen.add(nxt)
                parent[nxt] = node
                if good[t]:
                    path = [nxt]
                    while parent[path[-1]] != start:
                        path.append(parent[path[-1]])
                    return tuple((k_, t_) for t_, k_ in reversed(path))
                queue.append(nxt)
    return None


def explain(graph: ConflictGraph, dm: int, state: int, concept: str) -> Explanation:
    """Whether ``state`` is stable for ``dm`` under ``concept``, and why.

    For each unilateral improvement of ``dm``, the opponents' sanction that deters it (the
    shortest one), stopping at the first improvement that has none. For SEQ+SIM, the SEQ
    explanation when SEQ fails, otherwise the SIM one.
    """
    key = _check_concept(concept)
    if key == "SEQ+SIM":
        seq = explain(graph, dm, state, "SEQ")
        return seq if not seq.stable else explain(graph, dm, state, "SIM")
    engine = _Engine(graph)
    rank = graph.rank[dm]
    ptr, tgt = engine.ui[dm]
    improvements = tgt[ptr[state] : ptr[state + 1]].tolist()
    others = [j for j in range(graph.n_dms) if j != dm]
    if key == "R":
        sanctions = tuple(Sanction(s1, (), None) for s1 in improvements[:1])
        return Explanation(dm, state, key, not improvements, sanctions)
    good = rank <= rank[state]
    if key == "SMR":
        good &= _segment_max(rank, engine.moves[dm]) <= rank[state]
    if key in ("GMR", "SMR"):
        movers = {j: engine.moves[j] for j in others}
    else:
        movers = {j: engine.ui[j] for j in others}
    out: list[Sanction] = []
    for s1 in improvements:
        if key == "SIM":
            sanction = _sim_sanction(graph, engine, dm, state, s1)
        else:
            path = _find_sanction(s1, movers, good)
            sanction = Sanction(s1, path, path[-1][1]) if path else Sanction(s1, (), None)
        out.append(sanction)
        if sanction.result is None:
            return Explanation(dm, state, key, False, tuple(out))
    return Explanation(dm, state, key, True, tuple(out))


def _sim_sanction(graph: ConflictGraph, engine: _Engine, i: int, s: int, s1: int) -> Sanction:
    opts = _require_options(graph)
    state_of_bits = _bits_lookup(opts)
    for j in range(graph.n_dms):
        if j == i:
            continue
        ptr, tgt = engine.ui[j]
        replies = tgt[ptr[s] : ptr[s + 1]]
        both = state_of_bits(opts[s] ^ opts[s1] ^ opts[replies])
        ok = (both >= 0) & (graph.rank[i][np.maximum(both, 0)] <= graph.rank[i, s])
        if ok.any():
            k = int(np.argmax(ok))
            return Sanction(s1, ((j, int(replies[k])),), int(both[k]))
    return Sanction(s1, (), None)


# --- coalitions and the status quo ----------------------------------------------------------


def coalition_reach(graph: ConflictGraph, coalition: Sequence[int], state: int) -> np.ndarray:
    """[N] bool: states reached from ``state`` by a legal sequence (one or more moves, no
    member twice in a row) of unilateral moves by the members of ``coalition``."""
    n = graph.n_states
    members = list(coalition)
    seen = np.zeros((len(members), n), dtype=bool)  # seen[k, t]: reached t, k moved last
    frontier = [np.empty(0, dtype=np.int64) for _ in members]
    # The first move may be anyone's: seed with every member's moves from ``state``.
    for k, j in enumerate(members):
        _, t = _expand(np.array([state]), (graph.indptr[j], graph.targets[j]))
        t = np.unique(t)
        seen[k, t] = True
        frontier[k] = t
    while any(len(f) for f in frontier):
        new_frontier = []
        for k, j in enumerate(members):
            sources = np.unique(
                np.concatenate([frontier[m] for m in range(len(members)) if m != k])
            )
            _, t = _expand(sources, (graph.indptr[j], graph.targets[j]))
            t = np.unique(t)
            t = t[~seen[k, t]]
            seen[k, t] = True
            new_frontier.append(t)
        frontier = new_frontier
    return seen.any(axis=0)


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
    engine = _Engine(graph)
    lists = engine.ui if improvements_only else engine.moves
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
            src, t = _expand(frontier, csr)
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
