"""Point labels placed so that none overprints another label, a marker or an error bar.

A chart that names its points (the drafts and the bargaining solutions beside the Pareto
frontier) cannot put every name above its point: two points close together would print
their names on top of each other. Here each label tries spots around its point, nearest
first (right, above, left, below, the corners; then rings further out, where the renderer
draws a thin leader line to the point), and takes the first whose box overprints nothing
placed before it and stays inside the plot. Labels are placed in the order given (greedy:
an earlier label never moves for a later one).

Sizes. A point sits at a fraction of each axis; its label at a fixed offset in pixels from
it. So each edge of a box is ``fraction * size + pixels``, linear in the plot's size. The
PNG renderer knows that size; a responsive HTML figure knows it only within a range (the
narrowest and widest it is drawn at). Two boxes are apart on an axis for every size in a
range exactly when they are apart, on the same side, at both ends of it (the gap between
them is linear in the size), so checking the two ends covers every size between.

Assumed: the renderer's estimate of a label's width (characters times an average
character width) is not smaller than the drawn text; the renderers use generous widths.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from accord.report.document import Chart, Series

#: Spots tried beside a point, in order of preference (x, y; +y is up): right, above,
#: left, below, then the corners. Further rings try sixteen directions.
_NEAR = np.array([(1, 0), (0, 1), (-1, 0), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)], float)


def _ring_directions(n: int = 16) -> NDArray[np.float64]:
    """``n`` directions around a point, scaled to the unit square (the larger component
    1), so a box at ``d`` along one clears the point by ``d`` on its main axis."""
    angle = 2 * np.pi * np.arange(n) / n
    u = np.column_stack([np.cos(angle), np.sin(angle)])
    u = u / np.abs(u).max(axis=1, keepdims=True)
    return np.where(np.abs(u) < 1e-12, 0.0, u)


_FAR = _ring_directions()


@dataclass(frozen=True)
class Boxes:
    """Axis-aligned boxes whose edges move with the plot's size, one row per box.

    Each edge is ``frac * size + px`` on its axis: arrays of shape ``(n, 2)``, column 0
    the x axis (size: the plot's width), column 1 the y axis (its height, +y up), all in
    the renderer's pixels from the plot area's lower left corner.
    """

    lo_frac: NDArray[np.float64]
    lo_px: NDArray[np.float64]
    hi_frac: NDArray[np.float64]
    hi_px: NDArray[np.float64]

    @classmethod
    def around(cls, fx: ArrayLike, fy: ArrayLike, half_x: ArrayLike, half_y: ArrayLike) -> Boxes:
        """Boxes centred on points at fractions ``fx``, ``fy`` of the axes, ``half_x`` by
        ``half_y`` pixels either side (a marker, or a label with no offset)."""
        f = np.column_stack(np.broadcast_arrays(np.asarray(fx, float), np.asarray(fy, float)))
        h = np.column_stack(
            np.broadcast_arrays(np.asarray(half_x, float), np.asarray(half_y, float))
        )
        h = np.broadcast_to(h, f.shape)
        return cls(f, -h, f.copy(), h.copy())

    @classmethod
    def empty(cls) -> Boxes:
        z = np.zeros((0, 2))
        return cls(z, z, z, z)

    def __len__(self) -> int:
        return len(self.lo_frac)

    def join(self, other: Boxes) -> Boxes:
        return Boxes(
            np.vstack([self.lo_frac, other.lo_frac]),
            np.vstack([self.lo_px, other.lo_px]),
            np.vstack([self.hi_frac, other.hi_frac]),
            np.vstack([self.hi_px, other.hi_px]),
        )

    def edges(self, sizes: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Low and high edges in pixels at each plot size: ``sizes`` is ``(e, 2)`` (width,
        height at each end of the range); the result is ``(n, e, 2)`` each."""
        lo = self.lo_frac[:, None, :] * sizes[None] + self.lo_px[:, None, :]
        hi = self.hi_frac[:, None, :] * sizes[None] + self.hi_px[:, None, :]
        return lo, hi


@dataclass(frozen=True)
class Placement:
    """Where each label goes: its centre ``dx`` pixels right of and ``dy`` pixels above its
    point; ``ring`` 0 is beside the point, more is further out (draw a leader line);
    ``clear`` whether the label is inside the plot and overprints no other label and no
    obstacle at every size in the range (soft boxes aside)."""

    dx: NDArray[np.float64]
    dy: NDArray[np.float64]
    ring: NDArray[np.int64]
    clear: NDArray[np.bool_]


def candidates(
    half_x: float, half_y: float, gap: float, rings: int, step: float
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """The offsets (``(k, 2)``, pixels, +y up) tried for a label of half-size ``half_x`` by
    ``half_y``, in order, and the ring of each: ring ``r`` clears the point by
    ``gap + r * step`` on its main axis."""
    dirs = [_NEAR] + [_FAR] * (rings - 1)
    d = np.concatenate([np.full(len(u), gap + r * step) for r, u in enumerate(dirs)])
    u = np.vstack(dirs)
    half = np.array([half_x, half_y])
    ring = np.concatenate([np.full(len(u), r) for r, u in enumerate(dirs)])
    return u * (d[:, None] + half), ring


def conflicts(
    cand_lo: NDArray[np.float64],
    cand_hi: NDArray[np.float64],
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
) -> NDArray[np.bool_]:
    """``(k, m)``: whether candidate box ``k`` overprints box ``m`` at some size in the
    range. Edges are ``(k or m, e, 2)``: at each end ``e`` of the range, on each axis. Two
    boxes are apart on an axis for every size between the ends when one lies wholly to one
    side of the other at both ends; they overprint unless apart on some axis."""
    # the two ends and two axes spelt out: reducing over axes of length 2 is several times
    # slower than the element-wise operations
    c_lo, c_hi = cand_lo[:, None], cand_hi[:, None]  # (k, 1, e, 2)
    b_lo, b_hi = lo[None], hi[None]  # (1, m, e, 2)
    before = (c_hi[..., 0, :] <= b_lo[..., 0, :]) & (c_hi[..., 1, :] <= b_lo[..., 1, :])
    after = (b_hi[..., 0, :] <= c_lo[..., 0, :]) & (b_hi[..., 1, :] <= c_lo[..., 1, :])
    apart = before | after  # (k, m, 2 axes)
    out: NDArray[np.bool_] = ~(apart[..., 0] | apart[..., 1])
    return out


def place_labels(
    fx: ArrayLike,
    fy: ArrayLike,
    half_x: ArrayLike,
    half_y: ArrayLike,
    *,
    widths: tuple[float, float],
    heights: tuple[float, float],
    obstacles: Boxes | None = None,
    soft: Boxes | None = None,
    gap: float = 6.0,
    rings: int = 8,
    step: float = 14.0,
) -> Placement:
    """Place one label per point so that no two labels, and no label and an obstacle,
    overprint each other, and every label stays inside the plot; covering a ``soft`` box
    (a curve, an error bar, a reference line) is avoided where a spot allows.

    Each label takes, among its spots (nearest first), the first inside the plot that
    overprints no label or obstacle and covers no soft box; failing that, the spot inside
    the plot that overprints the fewest labels and obstacles, then covers the fewest soft
    boxes, then is nearest.

    ``fx``, ``fy``: each point as a fraction (0 to 1) of the plot's width and height;
    ``half_x``, ``half_y``: half its label's width and height in pixels. ``widths`` and
    ``heights``: the plot area's smallest and largest size in pixels (equal when known).
    ``obstacles``: what labels must not cover (markers, reference lines' labels); ``soft``:
    what they had better not cover. ``gap``: pixels between a point and a label beside it
    (more than the marker's radius); ``rings`` and ``step``: how far out, and in what steps,
    spots are tried.

    >>> p = place_labels([0.5, 0.5], [0.5, 0.5], [20, 20], [6, 6],
    ...                  widths=(400, 400), heights=(300, 300))
    >>> p.dx.tolist(), p.dy.tolist(), p.clear.tolist()
    ([26.0, 0.0], [0.0, 12.0], [True, True])
    """
    fx = np.asarray(fx, float)
    fy = np.asarray(fy, float)
    hx = np.broadcast_to(np.asarray(half_x, float), fx.shape)
    hy = np.broadcast_to(np.asarray(half_y, float), fx.shape)
    n = len(fx)
    if not (min(widths) > 0 and min(heights) > 0):
        raise ValueError(f"plot sizes must be positive; got widths {widths}, heights {heights}")
    sizes = np.array([[widths[0], heights[0]], [widths[1], heights[1]]], float)
    placed = obstacles if obstacles is not None else Boxes.empty()
    lo, hi = placed.edges(sizes)  # (m, 2, 2)
    soft_lo, soft_hi = (soft if soft is not None else Boxes.empty()).edges(sizes)
    dx = np.zeros(n)
    dy = np.zeros(n)
    ring = np.zeros(n, dtype=np.int64)
    clear = np.zeros(n, dtype=bool)
    for i in range(n):  # greedy: each label sees the ones placed before it
        off, rng = candidates(float(hx[i]), float(hy[i]), gap, rings, step)
        f = np.array([fx[i], fy[i]])
        half = np.array([hx[i], hy[i]])
        # candidate edges at each end of the size range: (k, 2 ends, 2 axes)
        centre = f[None, None, :] * sizes[None] + off[:, None, :]
        c_lo, c_hi = centre - half, centre + half
        inside = ((c_lo >= 0) & (c_hi <= sizes[None])).all(axis=(1, 2))
        hits = conflicts(c_lo, c_hi, lo, hi).sum(axis=1)
        covers = conflicts(c_lo, c_hi, soft_lo, soft_hi).sum(axis=1)
        # lexsort: the last key first; a stable sort keeps the nearest of equals first
        k = int(np.lexsort((covers, hits, ~inside))[0])
        dx[i], dy[i], ring[i] = off[k, 0], off[k, 1], rng[k]
        clear[i] = inside[k] and hits[k] == 0
        lo = np.concatenate([lo, c_lo[k][None]])
        hi = np.concatenate([hi, c_hi[k][None]])
    return Placement(dx, dy, ring, clear)


@dataclass(frozen=True)
class Spot:
    """One placed label of a chart: point ``point`` of series ``series`` (indices into
    ``chart.series`` and its points) at ``x``, ``y`` (data units), its text, and its offset
    from the point in pixels (+y up); ``ring`` above 0 asks for a leader line."""

    series: int
    point: int
    x: float
    y: float
    text: str
    dx: float
    dy: float
    ring: int


def labelled(series: Series) -> bool:
    """Whether ``series``' point labels are placed here: it asks for them and its points
    are numbers on both axes (a category axis keeps the renderer's own labels)."""
    return bool(series.label_points and series.text) and all(
        isinstance(v, int | float) for v in (*series.x, *series.y)
    )


def padded_range(values: ArrayLike, pad: float = 0.06) -> tuple[float, float]:
    """The span of ``values`` (NaN ignored) widened by ``pad`` of it on each side, so
    markers at the ends are not cut by the frame; a single value gets a span of 1."""
    v = np.asarray(values, float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return (0.0, 1.0)
    lo, hi = float(v.min()), float(v.max())
    span = hi - lo if hi > lo else 1.0
    return (lo - pad * span, hi + pad * span)


def chart_ranges(chart: Chart) -> tuple[tuple[float, float], tuple[float, float]]:
    """The x and y ranges a chart with labelled points is drawn over (its own where it sets
    them): every numeric point, error bar end and reference line, padded."""
    xs: list[float] = [ln.value for ln in chart.lines if ln.axis == "x"]
    ys: list[float] = [ln.value for ln in chart.lines if ln.axis == "y"]
    for s in chart.series:
        xs += [float(v) for v in s.x if isinstance(v, int | float)]
        ys += [float(v) for v in s.y if isinstance(v, int | float)]
        ys += [float(v) for v in (*(s.low or ()), *(s.high or ()))]
    return (chart.x_range or padded_range(xs), chart.y_range or padded_range(ys))


def _fraction(v: ArrayLike, span: tuple[float, float]) -> NDArray[np.float64]:
    return (np.asarray(v, float) - span[0]) / (span[1] - span[0])


def place_chart_labels(
    chart: Chart,
    *,
    widths: tuple[float, float],
    heights: tuple[float, float],
    char_px: float,
    line_px: float,
    marker_px: float,
) -> list[Spot]:
    """Every point label of ``chart`` (series with ``label_points``), placed so none
    overprints another, a labelled series' marker or a reference line's label, and, where
    a spot allows, none covers an error bar, a curve's points or a reference line.

    The plot is drawn over :func:`chart_ranges`; ``widths``/``heights`` are its plot area in
    pixels (smallest, largest); ``char_px`` an average character's width and ``line_px`` a
    line's height at the label's font; ``marker_px`` a marker's radius.
    """
    xr, yr = chart_ranges(chart)
    keys: list[tuple[int, int, str]] = []
    fx: list[float] = []
    fy: list[float] = []
    obstacles = Boxes.empty()
    soft = Boxes.empty()
    for si, s in enumerate(chart.series):
        numeric = all(isinstance(v, int | float) for v in (*s.x, *s.y))
        if numeric and not labelled(s):  # a curve (the frontier): its points, small
            curve = Boxes.around(_fraction(s.x, xr), _fraction(s.y, yr), 3.0, 3.0)
            soft = soft.join(curve)
        if not labelled(s) or s.text is None:
            continue
        px, py = _fraction(s.x, xr), _fraction(s.y, yr)
        obstacles = obstacles.join(Boxes.around(px, py, marker_px, marker_px))
        if s.low is not None and s.high is not None:  # error bars: thin, as tall as the range
            lo, hi = _fraction(s.low, yr), _fraction(s.high, yr)
            half = np.full(len(px), 1.5)
            f_lo = np.column_stack([px, np.minimum(lo, hi)])
            f_hi = np.column_stack([px, np.maximum(lo, hi)])
            px_lo = np.column_stack([-half, np.zeros(len(px))])
            soft = soft.join(Boxes(f_lo, px_lo, f_hi, -px_lo))
        for k, text in enumerate(s.text):
            if text:
                keys.append((si, k, text))
                fx.append(float(px[k]))
                fy.append(float(py[k]))
    if not keys:
        return []
    # a reference line's label sits at the line's top or left end; the box covers both
    # sides of that end, whichever the renderer picks
    for ln in chart.lines:
        w = char_px * len(ln.label) + 6
        if ln.axis == "x":
            f = np.array([[float(_fraction(ln.value, xr)), 1.0]])
        else:
            f = np.array([[0.0, float(_fraction(ln.value, yr))]])
        box = Boxes(f, np.array([[-2.0, -line_px - 4]]), f.copy(), np.array([[w, line_px + 4]]))
        # the line itself, across the plot: a label is not to be struck through
        lo = np.array([[f[0, 0], 0.0]]) if ln.axis == "x" else np.array([[0.0, f[0, 1]]])
        hi = np.array([[f[0, 0], 1.0]]) if ln.axis == "x" else np.array([[1.0, f[0, 1]]])
        line = Boxes(lo, np.full((1, 2), -1.0), hi, np.full((1, 2), 1.0))
        obstacles = obstacles.join(box)
        soft = soft.join(line)
    half_x = np.array([char_px * len(t) / 2 + 2 for _, _, t in keys])
    half_y = np.full(len(keys), line_px / 2 + 1)
    p = place_labels(fx, fy, half_x, half_y, widths=widths, heights=heights,
                     obstacles=obstacles, soft=soft, gap=marker_px + 3)  # fmt: skip
    return [
        Spot(
            si,
            k,
            float(chart.series[si].x[k]),
            float(chart.series[si].y[k]),
            t,
            float(p.dx[j]),
            float(p.dy[j]),
            int(p.ring[j]),
        )
        for j, (si, k, t) in enumerate(keys)
    ]
