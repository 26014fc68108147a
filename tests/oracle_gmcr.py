"""Plain, literal reference for GMCR stability, for tests only.

Each definition is written as stated (sets, loops, explicit reachable sets found by
breadth-first search over (state, last mover)); nothing is shared with
:mod:`accord.conflict.stability` except reading the graph's move lists.
"""

from __future__ import annotations

import itertools
from collections import deque

from accord.conflict.graph import ConflictGraph


def moves(g: ConflictGraph, i: int, s: int) -> list[int]:
    return [int(t) for t in g.moves(i, s)]


def improvements(g: ConflictGraph, i: int, s: int) -> list[int]:
    return [t for t in moves(g, i, s) if g.rank[i, t] > g.rank[i, s]]


def reachable(g: ConflictGraph, coalition: list[int], s: int, improving: bool) -> set[int]:
    """States reached from s by one or more moves of the coalition, no DM twice in a row;
    with ``improving``, every move is a unilateral improvement for its mover."""
    out: set[int] = set()
    seen = {(s, -1)}
    queue = deque([(s, -1)])
    while queue:
        state, last = queue.popleft()
        for k in coalition:
            if k == last:
                continue
            step = improvements(g, k, state) if improving else moves(g, k, state)
            for t in step:
                out.add(t)
                if (t, k) not in seen:
                    seen.add((t, k))
                    queue.append((t, k))
    return out


def opponents(g: ConflictGraph, i: int) -> list[int]:
    return [j for j in range(g.n_dms) if j != i]


def nash(g: ConflictGraph, i: int, s: int) -> bool:
    return not improvements(g, i, s)


def gmr(g: ConflictGraph, i: int, s: int) -> bool:
    r = g.rank[i]
    return all(
        any(r[s2] <= r[s] for s2 in reachable(g, opponents(g, i), s1, False))
        for s1 in improvements(g, i, s)
    )


def smr(g: ConflictGraph, i: int, s: int) -> bool:
    r = g.rank[i]
    return all(
        any(
            r[s2] <= r[s] and all(r[s3] <= r[s] for s3 in moves(g, i, s2))
            for s2 in reachable(g, opponents(g, i), s1, False)
        )
        for s1 in improvements(g, i, s)
    )


def seq(g: ConflictGraph, i: int, s: int) -> bool:
    r = g.rank[i]
    return all(
        any(r[s2] <= r[s] for s2 in reachable(g, opponents(g, i), s1, True))
        for s1 in improvements(g, i, s)
    )


def sim(g: ConflictGraph, i: int, s: int) -> bool:
    assert g.options is not None
    opts = [int(o) for o in g.options]
    where = {o: k for k, o in enumerate(opts)}
    r = g.rank[i]
    for s1 in improvements(g, i, s):
        deterred = False
        for j in opponents(g, i):
            for s2 in improvements(g, j, s):
                both = where.get(opts[s] ^ opts[s1] ^ opts[s2])
                if both is not None and r[both] <= r[s]:
                    deterred = True
        if not deterred:
            return False
    return True


CHECKS = {
    "R": nash,
    "GMR": gmr,
    "SMR": smr,
    "SEQ": seq,
    "SIM": sim,
    "SEQ+SIM": lambda g, i, s: seq(g, i, s) and sim(g, i, s),
}


def stability(g: ConflictGraph, concept: str) -> list[list[bool]]:
    return [[CHECKS[concept](g, i, s) for s in range(g.n_states)] for i in range(g.n_dms)]


def coalition_equilibria(g: ConflictGraph) -> list[int]:
    """States where no nonempty coalition reaches a state all its members strictly prefer."""
    out = []
    for s in range(g.n_states):
        stable = True
        for size in range(1, g.n_dms + 1):
            for c in itertools.combinations(range(g.n_dms), size):
                for t in reachable(g, list(c), s, False):
                    if all(g.rank[k, t] > g.rank[k, s] for k in c):
                        stable = False
        if stable:
            out.append(s)
    return out
