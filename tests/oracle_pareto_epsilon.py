"""Plain references for ε-frontiers, for tests only: the covering condition and box
dominance, in Python loops, sharing nothing with :mod:`accord.analysis.pareto`."""

from __future__ import annotations

import math
from collections.abc import Sequence


def uncovered(
    exact: Sequence[Sequence[float]], kept: Sequence[Sequence[float]], epsilon: float
) -> list[int]:
    """The exact points no kept point comes within ``epsilon`` of for every column."""
    misses = []
    for i, x in enumerate(exact):
        if not any(all(y >= v - epsilon for y, v in zip(k, x, strict=True)) for k in kept):
            misses.append(i)
    return misses


def undominated_boxes(boxes: Sequence[Sequence[int]]) -> list[bool]:
    """For each distinct box, whether no other box is >= it in every column."""
    out = []
    for i, b in enumerate(boxes):
        out.append(
            not any(
                j != i and all(c >= d for c, d in zip(other, b, strict=True))
                for j, other in enumerate(boxes)
            )
        )
    return out


def covered(box: Sequence[int], kept: Sequence[Sequence[int]]) -> bool:
    """Whether some kept box is >= ``box`` in every column."""
    return any(all(k >= b for k, b in zip(other, box, strict=True)) for other in kept)


def box_of(total: Sequence[float]) -> list[int]:
    """The box of a sum in box units: each coordinate rounded down."""
    return [math.floor(v) for v in total]
