"""Helpers every renderer shares, so HTML, Markdown and PNG agree on names, numbers and colours."""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

import numpy as np
from numpy.typing import NDArray

from accord.report.document import Cell, Chart, Heatmap, Region, Report

#: Okabe-Ito: distinguishable with the common colour-vision deficiencies and still apart in
#: greyscale print (the luminances differ), unlike the default Plotly/matplotlib cycles.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#8C6D31",  # bronze   (beyond Okabe-Ito: still apart from the rest in hue and lightness)
    "#7B4FA0",  # violet
    "#6B8E23",  # olive
    "#882255",  # wine (Okabe-Ito's yellow is left out: it vanishes on white paper)
)
#: Series that must share a colour (more series than colours) are told apart by dash level:
#: 0 solid, 1 dashed, 2 dotted, 3 dash-dot. Each renderer maps the level to its own style.
DASH_LEVELS = 4
#: Reference lines are drawn neutral so they never read as one more series.
REFERENCE_COLOUR = "#555555"
#: Tornado bars: the two ends of a range, told apart by lightness as well as hue.
LOW_COLOUR = "#56B4E9"
HIGH_COLOUR = "#0072B2"
#: A sequential scale whose lightness rises steadily, so the heat map survives greyscale print.
HEATMAP_SCALE = "cividis"
#: System font stack: nothing to download, looks native everywhere.
FONT_STACK = (
    '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif'
)
NO_VALUE = "—"


class ReportError(Exception):
    """A report could not be written (bad file name, no Chromium, a failed print).

    The command line shows the message as is, so every subclass says what to do.
    """


def series_colours(charts: Iterable[Chart]) -> dict[str, str]:
    """One colour per series name, in order of first appearance across the whole report.

    The same party keeps the same colour in every chart, so a reader learns it once.
    """
    colours: dict[str, str] = {}
    for chart in charts:
        for series in chart.series:
            if series.name not in colours:
                colours[series.name] = PALETTE[len(colours) % len(PALETTE)]
    return colours


def colour_for(name: str, colours: Mapping[str, str] | None, index: int) -> str:
    """The report-wide colour of ``name``, else the palette colour for its place in the chart."""
    if colours and name in colours:
        return colours[name]
    return PALETTE[index % len(PALETTE)]


def series_styles(chart: Chart, colours: Mapping[str, str] | None) -> list[tuple[str, int]]:
    """(colour, dash level) for each series of ``chart``.

    A series asking for ``dash`` is at least dashed; a colour already used in this chart gets
    the next dash level, so two lines never look identical.
    """
    used: dict[str, int] = {}
    styles = []
    for i, series in enumerate(chart.series):
        colour = colour_for(series.name, colours, i)
        repeat = used.get(colour, 0)
        used[colour] = repeat + 1
        level = (repeat + (1 if series.dash else 0)) % DASH_LEVELS
        if series.dash and level == 0:
            level = 1
        styles.append((colour, level))
    return styles


def region_colour(chart: Chart, region: Region, colours: Mapping[str, str] | None) -> str:
    """The colour of the series ``region`` names (the reference grey otherwise)."""
    styles = series_styles(chart, colours)
    for series, (colour, _) in zip(chart.series, styles, strict=True):
        if series.name == region.series:
            return colour
    return REFERENCE_COLOUR


def category_offsets(chart: Chart) -> list[float]:
    """Sideways shifts (in category widths) that keep marker series at the same category apart.

    Only marker-only series on a categorical x axis are shifted; lines stay on the category.
    """
    dodging = [
        i
        for i, s in enumerate(chart.series)
        if s.mode == "markers" and any(isinstance(x, str) for x in s.x)
    ]
    offsets = [0.0] * len(chart.series)
    if len(dodging) > 1:
        step = min(0.6 / len(dodging), 0.15)
        for k, i in enumerate(dodging):
            offsets[i] = (k - (len(dodging) - 1) / 2) * step
    return offsets


def long_categories(labels: Iterable[str]) -> int:
    """Length of the longest label when labels would collide set level, else 0."""
    labels = list(labels)
    longest = max((len(label) for label in labels), default=0)
    return longest if longest * len(labels) > 80 else 0


#: A heat map cell whose ends differ by less than this is one value (it prints as one).
SAME_VALUE = 5e-3


def heat_ends(
    heat: Heatmap,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    """Each cell's low and high end (NaN where blank) and whether it is a range to draw
    split (its ends apart by :data:`SAME_VALUE` or more): a range is never coloured by
    one end alone."""
    low = np.array([[np.nan if v is None else v for v in row] for row in heat.z], float)
    if heat.z_high is None:
        return low, low.copy(), np.zeros(low.shape, dtype=bool)
    high = np.array([[np.nan if v is None else v for v in row] for row in heat.z_high], float)
    high = np.where(np.isnan(high), low, high)  # no high end given: the cell is one value
    with np.errstate(invalid="ignore"):
        split = np.abs(high - low) >= SAME_VALUE
    return low, high, split & ~np.isnan(low)


#: A category's name on an axis: lines of at most this many characters, at most two lines.
TICK_LINE = 22


def tick_lines(text: str, width: int = TICK_LINE, lines: int = 2) -> list[str]:
    """A category's name as axis text: broken into at most ``lines`` lines of ``width``
    characters, the rest cut with an ellipsis. Long names (an issue's full name) would
    otherwise take the plot's height or run off the figure; the full name stays in the
    hover text and the tables."""
    wrapped = textwrap.wrap(text, width) or [text]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return wrapped


def format_number(value: float | int, digits: int = 2) -> str:
    """Numbers as a reader expects them: integers plain, floats to ``digits`` decimals."""
    if isinstance(value, bool):  # bool is an int; "True" beats "1"
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if math.isnan(value):
        return NO_VALUE
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:,.{max(digits, 0)}f}"


def format_cell(cell: Cell, digits: int = 2) -> str:
    """A table cell as text: ``None`` is a dash, numbers are formatted, text is kept."""
    if cell is None:
        return NO_VALUE
    if isinstance(cell, int | float):
        return format_number(cell, digits)
    return str(cell)


def is_numeric(cell: Cell) -> bool:
    """Numbers are right-aligned in tables so their decimals line up."""
    return isinstance(cell, int | float) and not isinstance(cell, bool)


_SLUG_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def slug(text: str, fallback: str = "item") -> str:
    """A string safe as an HTML id, a URL fragment and a file name (ids come from scenarios)."""
    cleaned = _SLUG_UNSAFE.sub("-", text).strip("-").lower()
    return cleaned[:80] or fallback


def unique_slugs(names: Iterable[str], fallback: str = "item") -> list[str]:
    """``slug`` for each name, with suffixes where two names collapse to the same slug."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        base = slug(name, fallback)
        candidate, n = base, 2
        while candidate in seen:
            candidate, n = f"{base}-{n}", n + 1
        seen.add(candidate)
        out.append(candidate)
    return out


def chart_slugs(report: Report) -> list[str]:
    """File and element names for ``report.charts()``, in the same order."""
    return unique_slugs((c.id for c in report.charts()), "chart")


def section_slugs(report: Report) -> list[str]:
    """Anchors for ``report.sections``, in the same order."""
    return unique_slugs((s.id for s in report.sections), "section")


def safe_link(url: str | None) -> str | None:
    """``url`` if it is an http(s) address a reader may follow, else ``None``.

    Source URLs come from scenario files; ``javascript:`` or ``data:`` must never become links.
    """
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    return None
