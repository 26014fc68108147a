"""Plain, literal reading of a GMCR+ manual preference ranking, for tests only.

GMCR+ lists feasible states by number (from 1, in ascending order of their option masks),
most preferred first; a nested list is a tie. accord's state s is GMCR+ state s + 1, and
its preference levels are dense, 0 for the least preferred. Written with dicts and loops;
nothing is shared with :mod:`accord.io.gmcr` or :mod:`accord.conflict.states`.
"""

from __future__ import annotations

from typing import Any


def ranking_levels(ranking: list[Any], n_states: int) -> list[int]:
    """Each accord state's dense level (0 = least preferred) under a GMCR+ ranking."""
    place: dict[int, int] = {}  # accord state -> its entry in the ranking (0 = first)
    for k, entry in enumerate(ranking):
        for number in entry if isinstance(entry, list) else [entry]:
            assert number - 1 not in place, f"state {number} twice"
            place[number - 1] = k
    assert sorted(place) == list(range(n_states)), "not every state is ranked"
    used = sorted(set(place.values()), reverse=True)  # the last entry is the lowest level
    return [used.index(place[s]) for s in range(n_states)]


def state_codes(n_options: int, infeasible: list[list[tuple[int, bool]]]) -> list[int]:
    """The feasible states' codes (option k taken adds 2^k), ascending; a condition is a
    list of (option, taken) that all hold in the states it rules out."""
    out = []
    for code in range(2**n_options):
        if not any(all(((code >> o) & 1) == taken for o, taken in c) for c in infeasible):
            out.append(code)
    return out
