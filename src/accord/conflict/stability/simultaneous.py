"""SIM: stability against the opponents' improvements made at the same time as i's.

Simultaneous sanctioning comes from Fraser & Hipel's conflict analysis (1979, 1984) and was
put in graph form by Fang, Hipel & Kilgour (1989, EJOR 41:86-100; 1993, *Interactive
Decision Making*). Moves are combined through the option form: a DM changes only its own
options, so moves made at once by different DMs combine into the state whose options are
``opt(s)`` with every mover's changes applied (``opt(s) ^ XOR of (opt(t_k) ^ opt(s))``),
provided that state is feasible.

Two rules for who answers i's improvement s -> s1, both from the same state s:

- ``"joint"`` (the default): any nonempty group of opponents, each making at most one of its
  own unilateral improvements from s, all at the same time as i. This is the n-DM
  definition: GMCR+'s guide describes SIM as "two or more DMs moving together at the same
  time from a given state" (Kinsara 2014, *A Simple Guide to GMCR+*), and gmcr-py, the
  GMCR+ source, combines one optional improvement of every opponent since its commit
  a125c3f (Petersons, October 2016, "Fix SIM logic for simultaneous moves by 2+
  opponents").
- ``"one-opponent"``: a single opponent's improvement made with i's, one opponent at a
  time. This is Fang, Hipel & Kilgour's (1989) two-DM SIM applied to each opponent in turn,
  as GMCR+ computed it before that fix (so the 2014 guide's SIM results follow it).

With two DMs the rules agree. s is SIM stable for i when every s1 in ``UI_i(s)`` meets some
response whose combined state is feasible and ``rank[i, .] <= rank[i, s]`` there.

**How it scales.** The responses to i's improvements from s depend on s only: each
opponent j stays or takes one of its ``|UI_j(s)|`` improvements, so there are
``prod_j (1 + |UI_j(s)|) - 1`` joint responses (``sum_j |UI_j(s)|`` with one opponent).
:func:`sim_stable` builds them for every improvement of i at once, opponent by opponent,
and drops an improvement as soon as a response deters it, so the product is formed only
for the improvements that the smaller groups do not deter. Improvements are taken in
blocks of about :data:`SIM_CHUNK` rows (at least one improvement, whose responses are at
most 2^24 since responders change distinct options). On random conflicts where each DM
changes any set of its own options (up to 32,768 states), joint responses took 1.3 to 2.3
times as long as one opponent's (``benchmarks/bench_stability.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np

from accord.conflict.graph import ConflictGraph
from accord.conflict.stability.moves import Csr, MoveLists, sources
from accord.conflict.stability.sanctions import Sanction

#: Pairs (improvement, response) examined at once by SIM, to bound memory.
SIM_CHUNK = 1 << 22

SimResponses = Literal["joint", "one-opponent"]
#: The rules for who answers i's improvement in SIM (see the module docstring).
SIM_RESPONSES: tuple[SimResponses, ...] = ("joint", "one-opponent")


def check_sim_responses(responses: str) -> SimResponses:
    """``responses`` as a rule name, or a ValueError naming the valid ones."""
    for rule in SIM_RESPONSES:
        if responses == rule:
            return rule
    raise ValueError(f"unknown SIM responses {responses!r}; choose from {', '.join(SIM_RESPONSES)}")


def _opponents(graph: ConflictGraph, i: int) -> list[int]:
    return [j for j in range(graph.n_dms) if j != i]


def _response_bound(lists: MoveLists, i: int, responses: SimResponses) -> np.ndarray:
    """[N]: the most responses to one improvement of i from each state held at once."""
    counts = [np.diff(lists.ui[j][0]) for j in _opponents(lists.graph, i)]
    if not counts:
        return np.zeros(lists.graph.n_states, dtype=np.int64)
    if responses == "one-opponent":
        return np.asarray(np.max(counts, axis=0))
    # Each opponent stays or takes one improvement.
    return np.asarray(np.prod([c + 1 for c in counts], axis=0, dtype=np.int64))


def _with_moves_of(
    csr: Csr, opts: np.ndarray, at: np.ndarray, delta: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row (from state ``at`` with the responders' changes ``delta`` so far) once per
    improvement of one more opponent from ``at``: the row it came from, the state that
    opponent moves to, and the changes with its move added."""
    ptr, tgt = csr
    counts = ptr[at + 1] - ptr[at]
    row = np.repeat(np.arange(len(at)), counts)
    first = np.repeat(ptr[at] - (np.cumsum(counts) - counts), counts)
    target = tgt[first + np.arange(len(row))]
    return row, target, delta[row] ^ opts[target] ^ opts[at[row]]


def sim_stable(lists: MoveLists, i: int, responses: SimResponses = "joint") -> np.ndarray:
    """SIM: every improvement of i is deterred by some response made at the same time.

    Rows are (improvement of i, responders' changes so far). Opponent by opponent, every
    row is extended by each of that opponent's improvements; the new rows (those where it
    moves) are checked, and the improvements found deterred leave. Joint responses keep
    the old rows too (the opponent stays), so every group of responders is checked exactly
    once, under its last mover; one-opponent responses start again from i's move alone.
    """
    graph = lists.graph
    opts = _require_options(graph)
    state_of_bits = _bits_lookup(opts)
    rank = graph.rank[i]
    i_ptr, i_tgt = lists.ui[i]
    i_src = sources(i_ptr)
    bound = np.cumsum(_response_bound(lists, i, responses)[i_src])
    deterred = np.zeros(len(i_tgt), dtype=bool)
    lo = 0
    while lo < len(i_tgt):
        # Take improvements until the block may hold about SIM_CHUNK rows (at least one).
        base = bound[lo - 1] if lo else 0
        hi = max(lo + 1, int(np.searchsorted(bound, base + SIM_CHUNK, side="right")))
        edge = np.arange(lo, hi)
        delta = np.zeros(len(edge), dtype=np.int64)
        for j in _opponents(graph, i):
            if not len(edge):
                break
            at = i_src[edge]
            row, _, new_delta = _with_moves_of(lists.ui[j], opts, at, delta)
            new_edge = edge[row]
            combined = state_of_bits(opts[i_tgt[new_edge]] ^ new_delta)
            found = combined >= 0
            ok = found & (rank[np.where(found, combined, 0)] <= rank[i_src[new_edge]])
            deterred[new_edge[ok]] = True
            if responses == "joint":
                edge = np.concatenate([edge, new_edge])
                delta = np.concatenate([delta, new_delta])
            alive = ~deterred[edge]
            edge, delta = edge[alive], delta[alive]
        lo = hi
    stable = np.ones(graph.n_states, dtype=bool)
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


def sim_sanction(
    graph: ConflictGraph,
    lists: MoveLists,
    i: int,
    s: int,
    s1: int,
    responses: SimResponses = "joint",
) -> Sanction:
    """A response from s that, made with i's move s -> s1, deters it: one with the fewest
    responders (then the first in DM order); ``result`` None when none deters."""
    opts = _require_options(graph)
    opp = _opponents(graph, i)
    # Every response as a row: the state each opponent moves to (-1: it stays), built as in
    # sim_stable (joint: the product of "stay" and each improvement; else one mover each).
    choice = np.full((1, len(opp)), -1, dtype=np.int64)
    delta = np.zeros(1, dtype=np.int64)
    rows: list[tuple[np.ndarray, np.ndarray]] = []
    at = np.array([s], dtype=np.int64)
    for k, j in enumerate(opp):
        row, target, new_delta = _with_moves_of(lists.ui[j], opts, np.repeat(at, len(delta)), delta)
        new_choice = choice[row].copy()
        new_choice[:, k] = target
        rows.append((new_choice, new_delta))
        if responses == "joint":
            choice = np.concatenate([choice, new_choice])
            delta = np.concatenate([delta, new_delta])
    if not rows:
        return Sanction(s1, (), None)
    choice = np.concatenate([c for c, _ in rows])
    delta = np.concatenate([d for _, d in rows])
    both = _bits_lookup(opts)(opts[s1] ^ delta)
    ok = (both >= 0) & (graph.rank[i][np.maximum(both, 0)] <= graph.rank[i, s])
    if not ok.any():
        return Sanction(s1, (), None)
    # The fewest movers first, then the first row built.
    movers = np.where(ok, (choice >= 0).sum(axis=1), len(opp) + 1)
    k = int(np.argmin(movers))
    moves = tuple((j, int(t)) for j, t in zip(opp, choice[k].tolist(), strict=True) if t >= 0)
    return Sanction(s1, moves, int(both[k]))
