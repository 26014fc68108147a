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


def reachable_once_each(
    g: ConflictGraph, coalition: list[int], s: int, improving: bool
) -> set[int]:
    """As :func:`reachable`, but no DM moves more than once in a sequence: gmcr-py's
    (GMCR+) sanction search, which drops each opponent once it has moved."""
    out: set[int] = set()

    def walk(state: int, left: list[int]) -> None:
        for k in left:
            step = improvements(g, k, state) if improving else moves(g, k, state)
            for t in step:
                out.add(t)
                walk(t, [j for j in left if j != k])

    walk(s, coalition)
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


def sequential_once_each(g: ConflictGraph, concept: str, i: int, s: int) -> bool:
    """GMR, SMR or SEQ with sanctions in which each opponent moves at most once."""
    r = g.rank[i]

    def deters(s2: int) -> bool:
        escape = concept == "SMR" and any(r[s3] > r[s] for s3 in moves(g, i, s2))
        return r[s2] <= r[s] and not escape

    return all(
        any(deters(s2) for s2 in reachable_once_each(g, opponents(g, i), s1, concept == "SEQ"))
        for s1 in improvements(g, i, s)
    )


def sim_deterred(g: ConflictGraph, i: int, s: int, s1: int, responses: str = "joint") -> bool:
    """Some response from s, made at the same time as i's move s -> s1, ends where i is no
    better off than at s. ``joint``: every opponent stays or takes one of its improvements
    from s (at least one moves); ``one-opponent``: exactly one opponent takes one. Moves
    made at once add up option by option: each mover flips the options it changes."""
    assert g.options is not None
    opts = [int(o) for o in g.options]
    where = {o: k for k, o in enumerate(opts)}
    others = opponents(g, i)
    if responses == "joint":
        choices = [[None, *improvements(g, j, s)] for j in others]
        groups = [c for c in itertools.product(*choices) if any(t is not None for t in c)]
    else:
        groups = []
        for k, j in enumerate(others):
            for t in improvements(g, j, s):
                group: list[int | None] = [None] * len(others)
                group[k] = t
                groups.append(tuple(group))
    for group in groups:
        bits = opts[s1]
        for t in group:
            if t is not None:
                bits ^= opts[t] ^ opts[s]
        both = where.get(bits)
        if both is not None and g.rank[i, both] <= g.rank[i, s]:
            return True
    return False


def sim(g: ConflictGraph, i: int, s: int, responses: str = "joint") -> bool:
    return all(sim_deterred(g, i, s, s1, responses) for s1 in improvements(g, i, s))


CHECKS = {
    "R": nash,
    "GMR": gmr,
    "SMR": smr,
    "SEQ": seq,
    "SIM": sim,
    "SEQ+SIM": lambda g, i, s: seq(g, i, s) and sim(g, i, s),
}


def stability(g: ConflictGraph, concept: str, sim_responses: str = "joint") -> list[list[bool]]:
    if concept == "SIM":
        return [[sim(g, i, s, sim_responses) for s in range(g.n_states)] for i in range(g.n_dms)]
    if concept == "SEQ+SIM":
        return [
            [seq(g, i, s) and sim(g, i, s, sim_responses) for s in range(g.n_states)]
            for i in range(g.n_dms)
        ]
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
