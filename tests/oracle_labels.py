"""Point labels placed apart, plainly: loops over labels, spots, boxes, range ends and axes."""

from __future__ import annotations

import math

Box = tuple[list[list[float]], list[list[float]]]  # (lo, hi): [end][axis] in pixels

NEAR = [(1, 0), (0, 1), (-1, 0), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)]


def far(n: int = 16) -> list[tuple[float, float]]:
    out = []
    for j in range(n):
        c, s = math.cos(2 * math.pi * j / n), math.sin(2 * math.pi * j / n)
        m = max(abs(c), abs(s))
        c, s = c / m, s / m
        out.append((0.0 if abs(c) < 1e-12 else c, 0.0 if abs(s) < 1e-12 else s))
    return out


def spots(hx: float, hy: float, gap: float, rings: int, step: float) -> list[tuple]:
    """(dx, dy, ring) of every spot tried, nearest first."""
    out = []
    for r in range(rings):
        d = gap + r * step
        for ux, uy in NEAR if r == 0 else far():
            out.append((ux * (d + hx), uy * (d + hy), r))
    return out


def box_at(frac_lo, px_lo, frac_hi, px_hi, sizes) -> Box:
    lo = [[frac_lo[a] * sizes[e][a] + px_lo[a] for a in range(2)] for e in range(2)]
    hi = [[frac_hi[a] * sizes[e][a] + px_hi[a] for a in range(2)] for e in range(2)]
    return lo, hi


def overprint(a: Box, b: Box) -> bool:
    """Whether two boxes overlap at some size between the two ends: apart on an axis means
    one wholly before the other at both ends."""
    for axis in range(2):
        before = all(a[1][e][axis] <= b[0][e][axis] for e in range(2))
        after = all(b[1][e][axis] <= a[0][e][axis] for e in range(2))
        if before or after:
            return False
    return True


def place(fx, fy, hx, hy, widths, heights, obstacles, soft, gap, rings, step):
    """``obstacles``/``soft``: lists of (frac_lo, px_lo, frac_hi, px_hi), each a 2-list.
    Returns (dx, dy, ring, clear) per label."""
    sizes = [[widths[0], heights[0]], [widths[1], heights[1]]]
    placed = [box_at(*o, sizes) for o in obstacles]
    softs = [box_at(*o, sizes) for o in soft]
    out = []
    for i in range(len(fx)):
        best = None
        for k, (dx, dy, r) in enumerate(spots(hx[i], hy[i], gap, rings, step)):
            lo = [[fx[i] * sizes[e][0] + dx - hx[i], fy[i] * sizes[e][1] + dy - hy[i]]
                  for e in range(2)]  # fmt: skip
            hi = [[fx[i] * sizes[e][0] + dx + hx[i], fy[i] * sizes[e][1] + dy + hy[i]]
                  for e in range(2)]  # fmt: skip
            inside = all(lo[e][a] >= 0 and hi[e][a] <= sizes[e][a]
                         for e in range(2) for a in range(2))  # fmt: skip
            hits = sum(overprint((lo, hi), b) for b in placed)
            covers = sum(overprint((lo, hi), b) for b in softs)
            key = (not inside, hits, covers, k)
            if best is None or key < best[0]:
                best = (key, dx, dy, r, (lo, hi), inside and hits == 0)
        assert best is not None
        _, dx, dy, r, box, clear = best
        out.append((dx, dy, r, clear))
        placed.append(box)
    return out
