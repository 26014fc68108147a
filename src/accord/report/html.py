"""Render a :class:`~accord.report.document.Report` as one self-contained HTML page.

The page needs nothing but itself: plotly.js is inlined once, each figure travels as JSON
beside its ``<div>``, styles are embedded, and a Content-Security-Policy forbids the page from
fetching anything, so it opens the same on an air-gapped laptop as online. Jinja2 autoescapes
every value; the only markup marked safe is produced here (figure JSON, the plotly bundle).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import plotly.offline
from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup

from accord.report._common import (
    chart_slugs,
    format_cell,
    format_number,
    is_numeric,
    safe_link,
    section_slugs,
    series_colours,
    slug,
)
from accord.report.document import Block, Bullets, Chart, Paragraph, Report, Table
from accord.report.plotly_charts import PLOTLY_CONFIG, chart_height, figure

TEMPLATE = "report.html.j2"


@dataclass(frozen=True)
class _ChartView:
    slug: str
    chart: Chart
    kind: str
    height: int
    data: Markup  # figure JSON, already safe inside <script type="application/json">
    legend: str | None  # the heat map's colour key in words, for greyscale print


@dataclass(frozen=True)
class _TableView:
    table: Table
    numeric: tuple[bool, ...]  # per column: right-align when every filled cell is a number
    rows: tuple[tuple[str, ...], ...]


def _script_safe_json(text: str) -> Markup:
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
    fig = figure(chart, colours, titled=False, captioned=False)
    kind = "heatmap" if chart.heatmap else "bars" if chart.bars else "xy"
    legend = None
    if chart.heatmap is not None:
        heat = chart.heatmap
        what = heat.colorbar or "value"
        legend = (
            f"Colour shows {what}: darkest = {format_number(heat.zmin)}, "
            f"lightest = {format_number(heat.zmax)}; blank cells have no value."
        )
    return _ChartView(
        slug=chart_slug,
        chart=chart,
        kind=kind,
        height=chart_height(chart),
        data=_script_safe_json(fig.to_json(validate=False)),
        legend=legend,
    )


def _block_view(block: Block, charts: dict[int, _ChartView]) -> dict[str, Any]:
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
    # plotly.py ships the bundle it was tested with; inlining it means no CDN is ever asked.
    return Markup(plotly.offline.get_plotlyjs())


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
    return env


def _version() -> str:
    try:
        from accord import __version__
    except ImportError:  # pragma: no cover - a partial install
        return ""
    return __version__


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
    template = _environment().get_template(TEMPLATE)
    return template.render(
        report=report,
        sections=sections,
        plotly_js=_plotly_js(),
        plotly_config=PLOTLY_CONFIG,
        version=_version(),
    )
