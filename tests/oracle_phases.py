"""The plain, obviously correct reading of a draft's phase requirements, for tests only.

``requires`` maps each phase to the phases it requires. A cycle exists exactly when
repeatedly removing phases whose requirements have all been removed (Kahn's method) leaves
some phase behind; an order respects the requirements when every phase comes after every
phase it requires.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence


def has_cycle(requires: Mapping[str, Sequence[str]]) -> bool:
    left = dict(requires)
    while True:
        ready = [p for p, reqs in left.items() if not any(r in left for r in reqs)]
        if not ready:
            return bool(left)
        for p in ready:
            del left[p]


def on_cycles(requires: Mapping[str, Sequence[str]]) -> set[str]:
    """Every phase that can reach itself by following requirements."""
    out = set()
    for start in requires:
        seen, todo = set(), list(requires[start])
        while todo:
            p = todo.pop()
            if p not in seen and p in requires:
                seen.add(p)
                todo.extend(requires[p])
        if start in seen:
            out.add(start)
    return out


def is_cycle(requires: Mapping[str, Sequence[str]], cycle: Sequence[str]) -> bool:
    """Whether ``cycle`` (written a, b, ..., a) follows requirements back to its start
    without visiting a phase twice on the way."""
    inner = list(cycle[:-1])
    steps = itertools.pairwise(cycle)
    return (
        len(cycle) >= 3
        and cycle[0] == cycle[-1]
        and len(set(inner)) == len(inner)
        and all(b in requires.get(a, ()) for a, b in steps)
    )


def broken(requires: Mapping[str, Sequence[str]], order: Sequence[str]) -> list[tuple[str, str]]:
    """Every (phase, required phase) pair that ``order`` puts the wrong way round."""
    at = {p: k for k, p in enumerate(order)}
    return [(p, r) for p in order for r in requires.get(p, ()) if r in at and at[r] > at[p]]
