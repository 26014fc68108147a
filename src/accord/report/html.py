"""Render a :class:`~accord.report.document.Report` as one self-contained HTML page.

The page needs nothing but itself: plotly.js is inlined once and shared by every figure,
each figure travels as JSON beside its ``<div>``, styles are embedded, and a
Content-Security-Policy forbids the page from fetching anything, so it opens the same on an
air-gapped laptop as online. Jinja2 autoescapes every value; the only markup marked safe is
produced here (figure JSON, the plotly bundle, glossary links around escaped text).

The bundle is plotly.js's *basic* build (scatter, bar and pie traces, about 1.2 MB, vendored
in ``vendor/`` from the npm package ``plotly.js-basic-dist-min`` at the version plotly.py
draws for) rather than the full 4.8 MB one: it is all the report's xy and bar charts need,
and it keeps a briefing small enough to mail. Heat maps are drawn as HTML tables instead
(:func:`heat_view`): a table prints crisply, reads without script, and can split a cell in
two to show a range's low and high ends, which a heat-map trace cannot.
"""

from __future__ import annotations

import base64
import functools
import gzip
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import plotly.colors
from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup

from accord.report._common import (
    HEATMAP_SCALE,
    SAME_VALUE,
    chart_slugs,
    format_cell,
    format_number,
    is_numeric,
    safe_link,
    section_slugs,
    series_colours,
    slug,
)
from accord.report.document import (
    Block,
    Bullets,
    Chart,
    Glossary,
    Heatmap,
    Paragraph,
    Report,
    Table,
)
from accord.report.glossary import TERMS, TermLinker, link_terms
from accord.report.plotly_charts import PLOTLY_CONFIG, chart_height, figure

TEMPLATE = "report.html.j2"
#: The vendored plotly.js bundle (see the module docstring) and the version it must match.
PLOTLY_BUNDLE = "plotly-basic.min.js"


@dataclass(frozen=True)
class HeatCell:
    """One cell of a heat table: its text and CSS background (one colour, or two halves)."""

    text: str
    background: str
    dark: bool  # the text sits on a dark colour: drawn light
    split: bool  # a range: upper-left half its low end, lower-right half its high end


@dataclass(frozen=True)
class HeatView:
    """A heat map as rows of cells under column headings."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[HeatCell, ...]], ...]


def _colour(value: float, heat: Heatmap) -> tuple[str, bool]:
    """The scale's colour for ``value`` and whether it is dark (text on it drawn light)."""
    span = heat.zmax - heat.zmin
    at = 0.0 if span <= 0 else min(max((value - heat.zmin) / span, 0.0), 1.0)
    colour = plotly.colors.sample_colorscale(HEATMAP_SCALE.capitalize(), [at])[0]
    r, g, b = (int(float(v)) for v in colour[colour.index("(") + 1 : -1].split(","))
    # relative luminance (sRGB weights, no gamma: enough to choose black or white text)
    return colour, (0.2126 * r + 0.7152 * g + 0.0722 * b) < 128


def heat_view(heat: Heatmap) -> HeatView:
    """Each cell coloured by its value; a cell whose value is a range (``z_high`` differs
    from ``z``) split diagonally into its low end's colour and its high end's, never
    coloured by one end alone. Blank cells (``None``) stay white."""
    rows = []
    for i, label in enumerate(heat.y):
        cells = []
        for j, low in enumerate(heat.z[i]):
            text = heat.text[i][j] if heat.text is not None else format_number(low or 0.0)
            high = heat.z_high[i][j] if heat.z_high is not None else low
            if low is None:
                cells.append(HeatCell(text if heat.text is not None else "", "#ffffff", False,
                                      False))  # fmt: skip
                continue
            c_low, dark_low = _colour(low, heat)
            if high is None or abs(high - low) < SAME_VALUE:
                cells.append(HeatCell(text, c_low, dark_low, False))
                continue
            c_high, dark_high = _colour(high, heat)
            background = f"linear-gradient(135deg, {c_low} 50%, {c_high} 50%)"
            cells.append(HeatCell(text, background, dark_low and dark_high, True))
        rows.append((label, tuple(cells)))
    return HeatView(columns=heat.x, rows=tuple(rows))


@dataclass(frozen=True)
class _ChartView:
    slug: str
    chart: Chart
    kind: str
    height: int
    data: Markup | None  # figure JSON, safe inside <script type="application/json">; None:
    # drawn as an HTML table (``heat``)
    legend: str | None  # the heat map's colour key in words, for greyscale print
    heat: HeatView | None = None


@dataclass(frozen=True)
class _TableView:
    table: Table
    numeric: tuple[bool, ...]  # per column: right-align when every filled cell is a number
    rows: tuple[tuple[str, ...], ...]


#: Plotly writes floats at full precision; four decimals are beyond what a chart shows (a
#: pixel is about 0.002 of an axis) and halve the figures' size.
_LONG_FLOAT = re.compile(r"(?<=[\[,:])(-?\d+\.\d{4})\d+")


def _script_safe_json(text: str) -> Markup:
    text = _LONG_FLOAT.sub(r"\1", text)
    # Inside <script> the HTML parser ends the element at "</script"; escaping <, > and &
    # as JSON \u escapes keeps the text valid JSON and inert HTML.
    escaped = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(escaped.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _table_view(table: Table) -> _TableView:
    width = len(table.columns)
    numeric = []
    for col in range(width):
        cells = [row[col] for row in table.rows if col < len(row) and row[col] is not None]
        numeric.append(bool(cells) and all(is_numeric(c) for c in cells))
    rows = tuple(
        tuple(format_cell(row[i] if i < len(row) else None, table.digits) for i in range(width))
        for row in table.rows
    )
    return _TableView(table=table, numeric=tuple(numeric), rows=rows)


def _chart_view(chart: Chart, chart_slug: str, colours: dict[str, str]) -> _ChartView:
    kind = "heatmap" if chart.heatmap else "bars" if chart.bars else "xy"
    if chart.heatmap is not None:
        heat = chart.heatmap
        what = heat.colorbar or "value"
        legend = (
            f"Colour shows {what}: darkest = {format_number(heat.zmin)}, "
            f"lightest = {format_number(heat.zmax)}; blank cells have no value."
        )
        if heat.z_high is not None:
            legend += (
                " A cell cut diagonally is a range: its upper-left half is coloured by the "
                "low end, its lower-right half by the high end."
            )
        return _ChartView(chart_slug, chart, kind, 0, None, legend, heat_view(heat))
    fig = figure(chart, colours, titled=False, captioned=False)
    return _ChartView(
        slug=chart_slug,
        chart=chart,
        kind=kind,
        height=chart_height(chart),
        data=_script_safe_json(fig.to_json(validate=False)),
        legend=None,
    )


def _block_view(block: Block, charts: dict[int, _ChartView]) -> dict[str, Any]:
    if isinstance(block, Glossary):
        anchors = {t.term: t.anchor for t in TERMS}
        return {
            "kind": "glossary",
            "entries": [
                (anchors.get(term, slug(term, "term")), term, meaning)
                for term, meaning in block.entries
            ],
        }
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": block.text, "tone": block.tone}
    if isinstance(block, Bullets):
        return {"kind": "bullets", "items": block.items}
    if isinstance(block, Table):
        return {"kind": "table", "view": _table_view(block)}
    if isinstance(block, Chart):
        return {"kind": "chart", "view": charts[id(block)]}
    raise TypeError(f"unknown report block {type(block).__name__}")


@functools.cache
def _plotly_js() -> Markup:
    """The bundle gzipped (``mtime=0``: the same bytes every time, so the same report) and
    base64-encoded: inlined once for every chart, so no CDN is ever asked, at about a third
    of the bundle's size. Base64 holds no ``<``, so it cannot end its ``<script>`` early."""
    raw = resources.files("accord.report").joinpath("vendor").joinpath(PLOTLY_BUNDLE)
    packed = gzip.compress(raw.read_bytes(), compresslevel=9, mtime=0)
    return Markup(base64.b64encode(packed).decode("ascii"))


def _load_template(name: str) -> str:
    # importlib.resources rather than a file path: works from a wheel or a zip as well.
    return resources.files("accord.report").joinpath("templates").joinpath(name).read_text("utf-8")


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=FunctionLoader(_load_template),
        autoescape=True,  # always on: every value is plain text from a user or scenario
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["slug"] = slug
    env.globals["safe_link"] = safe_link
    # a source's link reads as its site; the full address is the link's target
    env.globals["host"] = lambda url: urlsplit(url).netloc.removeprefix("www.") or url
    return env


def _version() -> str:
    try:
        from accord import __version__
    except ImportError:  # pragma: no cover - a partial install
        return ""
    return __version__


def section_links(
    gloss: Callable[[str], Markup], titles: dict[str, str]
) -> Callable[[str], Markup]:
    """``gloss``, with every "(see Title)" that names a section of the report linked to it:
    the first page's pointers to the evidence behind each key judgement."""
    if not titles:
        return gloss
    names = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    pattern = re.compile(rf"\(see ({names})\)")

    def render(text: str) -> Markup:
        if not isinstance(text, str) or "(see " not in text:
            return gloss(text)
        out: list[Markup] = []
        last = 0
        for m in pattern.finditer(text):
            out.append(gloss(text[last : m.start()]))
            link = Markup('(see <a href="#sec-{}">{}</a>)')
            out.append(link.format(titles[m.group(1)], m.group(1)))
            last = m.end()
        out.append(gloss(text[last:]))
        return Markup("").join(out)

    return render


def render_html(report: Report) -> str:
    """The whole report as one HTML document (a string), needing no network to display."""
    colours = series_colours(report.charts())
    charts = {
        id(chart): _chart_view(chart, chart_slug, colours)
        for chart, chart_slug in zip(report.charts(), chart_slugs(report), strict=True)
    }
    sections = [
        {
            "slug": sec_slug,
            "section": section,
            "blocks": [_block_view(b, charts) for b in section.blocks],
        }
        for section, sec_slug in zip(report.sections, section_slugs(report), strict=True)
    ]
    glossary = [b for s in report.sections for b in s.blocks if isinstance(b, Glossary)]
    listed = {term for g in glossary for term, _ in g.entries}
    linker: TermLinker = link_terms(t for t in TERMS if t.term in listed)
    titles = {
        sec.title: anchor
        for sec, anchor in zip(report.sections, section_slugs(report), strict=True)
    }
    template = _environment().get_template(TEMPLATE)
    return template.render(
        report=report,
        sections=sections,
        body=[v for s, v in zip(report.sections, sections, strict=True) if not s.appendix],
        appendices=[v for s, v in zip(report.sections, sections, strict=True) if s.appendix],
        gloss=section_links(linker, titles),
        plotly_js=_plotly_js(),
        plotly_config=PLOTLY_CONFIG,
        version=_version(),
    )
