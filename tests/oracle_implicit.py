"""Plain reference for implicit moves (accord.conflict.implicit), for tests only.

Each function loops over states and settings of a DM's options one at a time, as the
definition reads: a DM's move changes only its own options, to a feasible state, keeping a
taken forward option and leaving an untaken backward option out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


def is_move(code: int, target: int, own: int, forward: int, backward: int) -> bool:
    """Whether the DM owning the bits ``own`` may go from ``code`` to ``target`` (both
    feasible codes) in one move."""
    if target == code or (target & ~own) != (code & ~own):
        return False
    changed = target ^ code
    if changed & code & forward:  # drops a taken forward option
        return False
    return not changed & ~code & backward  # takes an untaken backward option


def moves(codes: Sequence[int], own: int, forward: int, backward: int, state: int) -> list[int]:
    """The states (numbers into ``codes``) reached from ``state`` in one move."""
    return [
        t for t, target in enumerate(codes) if is_move(codes[state], target, own, forward, backward)
    ]


def cone(
    values: Sequence[int],
    own: int,
    forward: int,
    backward: int,
    reduce: Callable[[list[int]], int],
) -> list[int]:
    """For every code 0..len(values)-1: ``reduce`` of values over the code and every code
    its owner reaches by changing its bits (feasibility ignored)."""
    out = []
    for code in range(len(values)):
        cone_values = [values[code]]
        for target in range(len(values)):
            if is_move(code, target, own, forward, backward):
                cone_values.append(values[target])
        out.append(reduce(cone_values))
    return out
