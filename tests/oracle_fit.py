"""A plain reference version of how a table's columns give way (``column_widths``).

Start every column at its natural width; while the table is too wide, take one character
from the widest columns that are still above their floor, all of them at once (so columns
of equal width stay equal): the order a person trimming the table by hand would follow.
"""

from __future__ import annotations


def column_widths(ranges: list[tuple[int, int]], room: int) -> list[int]:
    widths = [n for _, n in ranges]
    while sum(widths) > room:
        shrinkable = [w for w, (lo, _) in zip(widths, ranges, strict=True) if w > lo]
        if not shrinkable:
            break  # the floors do not fit: the caller drops columns before this
        widest = max(shrinkable)
        widths = [
            w - 1 if w == widest and w > lo else w
            for w, (lo, _) in zip(widths, ranges, strict=True)
        ]
    return widths
