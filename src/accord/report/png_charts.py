"""Draw a declared :class:`~accord.report.document.Chart` as a PNG with matplotlib.

Used by the Markdown report, which must read well without a browser. Figures are drawn on an
explicit Agg canvas, never through ``pyplot``: no display is touched, no global figure
registry is involved, and a caller's own matplotlib backend is left alone.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from accord.report._common import (
    HEATMAP_SCALE,
    HIGH_COLOUR,
    LOW_COLOUR,
    REFERENCE_COLOUR,
    category_offsets,
    format_number,
    heat_ends,
    long_categories,
    region_colour,
    series_styles,
    tick_lines,
)
from accord.report.document import Bars, Chart, Heatmap, Series
from accord.report.labels import chart_ranges, labelled, place_chart_labels

if TYPE_CHECKING:  # matplotlib >= 3.10 names its rc keys
    from matplotlib.typing import RcKeyType

#: Scenario text is plain text: "$5bn" must not start matplotlib's mathtext parser.
_RC: dict[RcKeyType, Any] = {
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#999999",
    "axes.grid": True,
    "axes.axisbelow": True,  # grid lines behind bars and bands, not across them
    "grid.color": "#e6e6e6",
    "legend.frameon": False,
    "svg.fonttype": "none",
}
WIDTH_IN = 8.0
#: The smallest cell text (points) that reads well in print; longer labels wrap instead.
READABLE_CELL_PT = 8.0
_LINESTYLES = ("-", "--", ":", "-.")  # by dash level, see series_styles
#: More series than this get a legend below the plot instead of one covering the data.
_LEGEND_INSIDE_MAX = 4


def _positions(chart: Chart) -> tuple[dict[str, int], list[str]]:
    """Categorical x values mapped to 0, 1, 2... in order of first appearance."""
    index: dict[str, int] = {}
    for series in chart.series:
        for x in series.x:
            if isinstance(x, str) and x not in index:
                index[x] = len(index)
    return index, list(index)


def _xs(values: Sequence[float | str], index: Mapping[str, int]) -> np.ndarray:
    return np.array([index[v] if isinstance(v, str) else float(v) for v in values], dtype=float)


def _draw_series(
    ax: Axes, series: Series, colour: str, dash: int, index: Mapping[str, int], shift: float
) -> None:
    x = _xs(series.x, index) + shift
    numeric_y = all(isinstance(v, int | float) for v in series.y)
    if not numeric_y:  # categorical y is rare; draw it as matplotlib's category axis does
        y: np.ndarray | list[str] = [str(v) for v in series.y]
    else:
        y = np.array(series.y, dtype=float)
    style = _LINESTYLES[dash]
    has_range = series.low is not None and series.high is not None and numeric_y
    if series.mode == "band":
        if has_range:
            assert series.low is not None and series.high is not None
            ax.fill_between(x, series.low, series.high, color=colour, alpha=0.2, linewidth=0)
        ax.plot(x, y, style, color=colour, linewidth=2, label=series.name)
    elif series.mode == "markers":
        if has_range:
            assert series.low is not None and series.high is not None
            yy = np.asarray(y, dtype=float)
            err = np.vstack(
                [
                    np.maximum(yy - np.array(series.low), 0),
                    np.maximum(np.array(series.high) - yy, 0),
                ]
            )
            ax.errorbar(
                x, yy, yerr=err, fmt="o", color=colour, capsize=3, label=series.name, markersize=6
            )
        else:
            ax.plot(x, y, "o", color=colour, label=series.name, markersize=6)
    else:
        marker = "o" if series.mode == "lines+markers" else None
        size = 6 if len(x) <= 30 else 3  # dense curves: points, not blobs
        ax.plot(x, y, style, marker=marker, markersize=size, color=colour, linewidth=2,
                label=series.name)  # fmt: skip
        if has_range:
            assert series.low is not None and series.high is not None
            yy = np.asarray(y, dtype=float)
            err = np.vstack([yy - np.array(series.low), np.array(series.high) - yy])
            ax.errorbar(x, yy, yerr=np.maximum(err, 0), fmt="none", ecolor=colour, capsize=3)
    if series.label_points and series.text and numeric_y and not labelled(series):
        # Beside the point when an error bar would run through a label above it.
        # Otherwise above and below in turn, so neighbours' labels do not overprint.
        points = zip(x, np.asarray(y, dtype=float), series.text, strict=False)
        for k, (xi, yi, label) in enumerate(points):
            if has_range:
                offset, ha, va = (7, 0), "left", "center"
            else:
                offset, ha, va = (
                    ((0, 7), "center", "bottom") if k % 2 == 0 else ((0, -8), "center", "top")
                )
            ax.annotate(label, (xi, yi), textcoords="offset points", xytext=offset, ha=ha, va=va,
                        fontsize=8, color=colour)  # fmt: skip


#: Point labels' font size (points) and an average character's width in em: DejaVu Sans
#: averages about 0.58 em; the margin keeps estimated boxes at least as wide as the text.
LABEL_PT = 8.0
_LABEL_EM = 0.64


def _place_labels(fig: Figure, ax: Axes, chart: Chart, colours: Mapping[str, str] | None) -> None:
    """The chart's point labels, placed apart (:func:`accord.report.labels.place_chart_labels`)
    over the axes as laid out: a thin leader line to a label placed further out."""
    fig.draw_without_rendering()  # lay the figure out, so the axes' size is final
    box = ax.get_window_extent()
    px = LABEL_PT * fig.dpi / 72
    spots = place_chart_labels(
        chart,
        widths=(box.width, box.width),
        heights=(box.height, box.height),
        char_px=_LABEL_EM * px,
        line_px=1.25 * px,
        marker_px=3.5 * fig.dpi / 72,  # markersize 6 pt: a 3 pt radius, and its edge
    )
    styles = series_styles(chart, colours)
    for spot in spots:
        colour = styles[spot.series][0]
        arrow = None if spot.ring == 0 else {"arrowstyle": "-", "color": colour, "lw": 0.6,
                                             "shrinkA": 0, "shrinkB": 3}  # fmt: skip
        text = ax.annotate(spot.text, (spot.x, spot.y), xytext=(spot.dx, spot.dy),
                           textcoords="offset pixels", ha="center", va="center",
                           fontsize=LABEL_PT, color=colour, arrowprops=arrow)  # fmt: skip
        text.set_in_layout(False)  # placed for the laid-out axes: they must not move


def _draw_heatmap(fig: Figure, ax: Axes, heat: Heatmap) -> None:
    z = np.array([[np.nan if v is None else v for v in row] for row in heat.z], dtype=float)
    # Missing cells: pale grey, visibly "no value" rather than a low one.
    cmap = matplotlib.colormaps[HEATMAP_SCALE].with_extremes(bad="#f2f2f2")
    norm = Normalize(vmin=heat.zmin, vmax=heat.zmax)
    image = ax.imshow(np.ma.masked_invalid(z), cmap=cmap, norm=norm, aspect="auto")
    # A range (a draft with open points) is cut diagonally, as in the HTML table: the upper
    # left half its low end's colour (the image), the lower right its high end's.
    _, high, split = heat_ends(heat)
    rows, cols = np.nonzero(split)
    if len(rows):
        corners = np.stack(
            [
                np.column_stack([cols + 0.5, rows - 0.5]),  # top right (rows run downwards)
                np.column_stack([cols + 0.5, rows + 0.5]),  # bottom right
                np.column_stack([cols - 0.5, rows + 0.5]),  # bottom left
            ],
            axis=1,
        )
        halves = PolyCollection(list(corners), facecolors=cmap(norm(high[split])),
                                edgecolors="none")  # fmt: skip
        halves.set_gid("high-ends")  # found by tests: one triangle per range cell
        ax.add_collection(halves, autolim=False)
    # Long column names would collide when level; tilt them only then.
    tilt = max((len(x) for x in heat.x), default=0) * len(heat.x) > 60
    ax.set_xticks(
        range(len(heat.x)),
        labels=list(heat.x),
        rotation=30 if tilt else 0,
        ha="left" if tilt else "center",
        rotation_mode="anchor",
    )
    ax.set_yticks(range(len(heat.y)), labels=list(heat.y))
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    # Shrink cell text to fit the cell: about 0.6 em per character. The plot is the figure
    # less the row names (~0.075 in per character) and the colour bar (~1.2 in).
    # A label that would need a tiny font goes over two lines instead (its first space).
    names = max((len(y) for y in heat.y), default=0)
    plot_in = max(WIDTH_IN - 1.2 - 0.075 * names, 2.0)
    cell_pt = plot_in / max(len(heat.x), 1) * 72

    def fitting(labels: tuple[tuple[str, ...], ...]) -> float:
        longest = max((len(part) for row in labels for t in row for part in t.split("\n")),
                      default=4)  # fmt: skip
        return max(6.0, min(9.0, cell_pt / (0.62 * max(longest, 4))))

    labels = heat.text or ()
    size = fitting(labels)
    if size < READABLE_CELL_PT:
        labels = tuple(tuple(t.replace(" ", "\n", 1) for t in row) for row in labels)
        size = fitting(labels)
    for i, row in enumerate(z):
        for j, value in enumerate(row):
            if labels:
                label = labels[i][j]
            else:
                label = "" if np.isnan(value) else format_number(float(value))
            if not label:
                continue
            # cividis is dark at the bottom: white text there, dark text on the light end
            # and on the pale grey of a missing value; on a split cell, dark text unless
            # both halves are dark (as the HTML table), on a pale patch so it reads over both
            light = (
                np.isnan(value) or norm(value) > 0.55 or (split[i, j] and norm(high[i, j]) > 0.55)
            )
            patch = {"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.7,
                     "linewidth": 0} if split[i, j] and light else None  # fmt: skip
            ax.text(
                j, i, label, ha="center", va="center", fontsize=size,
                color="#111111" if light else "white", bbox=patch,
            )  # fmt: skip
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(heat.colorbar)
    bar.outline.set_visible(False)


def _draw_bars(fig: Figure, ax: Axes, bars: Bars) -> None:
    pos = np.arange(len(bars.categories))
    low, high = np.array(bars.low, dtype=float), np.array(bars.high, dtype=float)
    if bars.base is None:
        ax.barh(pos, high - low, left=low, color=HIGH_COLOUR, height=0.6)
    else:
        ax.barh(pos, high - bars.base, left=bars.base, color=HIGH_COLOUR, height=0.6,
                label=bars.high_name)  # fmt: skip
        ax.barh(pos, low - bars.base, left=bars.base, color=LOW_COLOUR, height=0.6,
                label=bars.low_name)  # fmt: skip
        ax.axvline(bars.base, color="#333333", linewidth=1)
        fig.legend(loc="outside lower center", ncols=2, fontsize=8)  # never over a bar
    ax.use_sticky_edges = False  # bars pin the axis to their base; a bar at the edge looks cut
    ax.margins(x=0.04)
    ax.set_yticks(pos, labels=list(bars.categories))
    ax.invert_yaxis()  # first category on top, as in a table
    ax.grid(axis="y", visible=False)


def _height(chart: Chart) -> float:
    """Inches: the plot's own height plus room for a wrapped title and an outside legend."""
    title = 0.2 * (len(textwrap.wrap(chart.title, 80)) - 1)
    if chart.heatmap is not None:
        return title + max(3.0, min(11.0, 1.6 + 0.38 * len(chart.heatmap.y)))
    if chart.bars is not None:
        legend = 0.3 if chart.bars.base is not None else 0.0
        return title + legend + max(2.0, min(11.0, 1.2 + 0.36 * len(chart.bars.categories)))
    _, categories = _positions(chart)
    lines = [ln for c in categories for ln in tick_lines(c)] if long_categories(categories) else []
    tilted = min(2.0, max(map(len, lines), default=0) * 0.055)
    legend_rows = -(-len(chart.series) // 2) if len(chart.series) > _LEGEND_INSIDE_MAX else 0
    # a chart over named categories reads at a smaller height than a curve (as in HTML)
    plot = 3.4 if categories else 4.2
    return title + plot + tilted + 0.22 * legend_rows


def _draw_xy(fig: Figure, ax: Axes, chart: Chart, colours: Mapping[str, str] | None) -> None:
    index, categories = _positions(chart)
    styles = series_styles(chart, colours)
    shifts = category_offsets(chart)
    for series, (colour, dash), shift in zip(chart.series, styles, shifts, strict=True):
        _draw_series(ax, series, colour, dash, index, shift)
    if categories:
        if long_categories(categories):
            names = ["\n".join(tick_lines(c)) for c in categories]  # two short lines at most
            ax.set_xticks(range(len(categories)), labels=names, rotation=35, ha="right",
                          rotation_mode="anchor")  # fmt: skip
        else:
            ax.set_xticks(range(len(categories)), labels=categories)
    for region in chart.regions:  # behind the lines, label at the top left
        colour = region_colour(chart, region, colours)
        ax.add_patch(Rectangle((region.x0, region.y0), region.x1 - region.x0,
                               region.y1 - region.y0, facecolor=colour, alpha=0.15,
                               edgecolor=colour, linestyle=":", linewidth=1, zorder=0))  # fmt: skip
        ax.annotate(region.label, (region.x0, region.y1), xytext=(2, 2), textcoords="offset points",
                    fontsize=7, color=colour, va="bottom")  # fmt: skip
    # placed point labels use the whole plot: a legend inside could cover them
    if len(chart.series) > _LEGEND_INSIDE_MAX or any(map(labelled, chart.series)):
        fig.legend(loc="outside lower center", ncols=2, fontsize=8)
    elif len(chart.series) > 1:
        ax.legend(loc="best")


def png_bytes(
    chart: Chart,
    colours: Mapping[str, str] | None = None,
    *,
    dpi: int = 150,
    captioned: bool = False,
) -> bytes:
    """``chart`` drawn as a PNG image. Markdown prints the caption as text, so by default the
    image carries only the title; ``captioned`` adds the caption under the plot."""
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(WIDTH_IN, _height(chart)), dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        if chart.heatmap is not None:
            _draw_heatmap(fig, ax, chart.heatmap)
        elif chart.bars is not None:
            _draw_bars(fig, ax, chart.bars)
        else:
            _draw_xy(fig, ax, chart, colours)
        for line in chart.lines:
            if line.axis == "y":
                ax.axhline(line.value, color=REFERENCE_COLOUR, linestyle=":", linewidth=1.3)
                ax.annotate(line.label, (0.005, line.value), xycoords=("axes fraction", "data"),
                            xytext=(2, 3), textcoords="offset points", fontsize=8,
                            color=REFERENCE_COLOUR)  # fmt: skip
            else:
                ax.axvline(line.value, color=REFERENCE_COLOUR, linestyle=":", linewidth=1.3)
                ax.annotate(line.label, (line.value, 0.99), xycoords=("data", "axes fraction"),
                            xytext=(3, -3), textcoords="offset points", fontsize=8, va="top",
                            color=REFERENCE_COLOUR)  # fmt: skip
        # A figure title, flush left with the image rather than with the axes (which start
        # after the row names), wrapped because matplotlib never wraps by itself.
        fig.suptitle(textwrap.fill(chart.title, 80), x=0.01, ha="left", fontweight="bold",
                     fontsize=12)  # fmt: skip
        ax.set_xlabel(chart.x_label)
        ax.set_ylabel(chart.y_label)
        placed = chart.heatmap is None and chart.bars is None and any(map(labelled, chart.series))
        # labels are placed in pixels from their points over the ranges the placement assumed
        x_range, y_range = chart_ranges(chart) if placed else (chart.x_range, chart.y_range)
        if x_range:
            ax.set_xlim(*x_range)
        if y_range:
            ax.set_ylim(*y_range)
        if captioned and chart.caption:
            fig.supxlabel(chart.caption, fontsize=8, color="#555555", x=0.01, ha="left")
        if placed:
            _place_labels(fig, ax, chart, colours)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()
