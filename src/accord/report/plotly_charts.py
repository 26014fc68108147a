"""Draw a declared :class:`~accord.report.document.Chart` as an interactive Plotly figure.

Every piece of user text is HTML-escaped before it reaches Plotly: Plotly renders a subset of
HTML in titles, names and tick labels, and a scenario may name an actor ``<b>``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from accord.report._common import (
    FONT_STACK,
    HEATMAP_SCALE,
    HIGH_COLOUR,
    LOW_COLOUR,
    REFERENCE_COLOUR,
    category_offsets,
    format_number,
    long_categories,
    region_colour,
    series_styles,
    tick_lines,
)
from accord.report.document import Bars, Chart, Heatmap, Series
from accord.report.labels import Spot, chart_ranges, labelled, place_chart_labels

#: Plotly options for embedded figures: no logo, no tools a briefing reader never needs, no
#: MathJax typesetting (nothing may be fetched), and the figure follows its container's width.
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "responsive": True,
    "typesetMath": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d", "toggleSpikelines"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


_LABELLED_HOVER = "%{text}<br>%{x}: %{y}<extra>%{fullData.name}</extra>"


def _esc(text: str) -> str:
    # quote=False: Plotly only needs <, > and & neutralised, and decodes the entities itself.
    return html.escape(text, quote=False)


def _escape_values(values: Sequence[float | str]) -> list[float | str]:
    return [_esc(v) if isinstance(v, str) else v for v in values]


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _numeric(values: Sequence[float | str]) -> bool:
    return all(isinstance(v, int | float) for v in values)


_DASHES = ("solid", "dash", "dot", "dashdot")  # by dash level, see series_styles


def _series_traces(
    series: Series, colour: str, dash: int, *, placed: bool = False
) -> list[go.Scatter]:
    """The traces of one series; ``placed``: its point labels are drawn as annotations
    placed apart (:func:`_label_annotations`), not as Plotly's text beside each point."""
    name = _esc(series.name)
    x = _escape_values(series.x)
    y = _escape_values(series.y)
    hover = [_esc(t) for t in series.text] if series.text else None
    line: dict[str, Any] = {"color": colour, "width": 2.2, "dash": _DASHES[dash]}
    traces: list[go.Scatter] = []

    has_range = series.low is not None and series.high is not None and _numeric(series.y)
    if series.mode == "band":
        if has_range:
            assert series.low is not None and series.high is not None
            # The band is two invisible edges with the space between filled; grouped with the
            # centre line so clicking the legend hides all three together.
            traces.append(
                go.Scatter(
                    x=x,
                    y=list(series.high),
                    mode="lines",
                    line={"width": 0, "color": colour},
                    legendgroup=name,
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
            traces.append(
                go.Scatter(
                    x=x,
                    y=list(series.low),
                    mode="lines",
                    line={"width": 0, "color": colour},
                    fill="tonexty",
                    fillcolor=_rgba(colour, 0.2),
                    legendgroup=name,
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
        mode = "lines"
    else:
        mode = series.mode
    if series.label_points and series.text and not placed:
        mode += "+text"

    error_y = None
    if series.mode != "band" and has_range:
        assert series.low is not None and series.high is not None
        centre = [float(v) for v in series.y]
        error_y = {
            "type": "data",
            "symmetric": False,
            "array": [max(h - c, 0.0) for h, c in zip(series.high, centre, strict=False)],
            "arrayminus": [max(c - lo, 0.0) for lo, c in zip(series.low, centre, strict=False)],
            "color": colour,
            "thickness": 1.5,
            "width": 4,
        }
    traces.append(
        go.Scatter(
            x=x,
            y=y,
            name=name,
            mode=mode,
            line=line,
            marker={
                "color": colour,
                "size": 8 if len(x) <= 30 else 5,  # dense curves: points, not blobs
                "line": {"color": "white", "width": 1},
            },
            error_y=error_y,
            text=hover,
            # Beside the point when error bars would run through a label above it; otherwise
            # above and below in turn, so neighbours' labels do not overprint.
            textposition="middle right"
            if error_y
            else [("top center", "bottom center")[k % 2] for k in range(len(x))],
            textfont={"size": 11, "color": colour},
            legendgroup=name,
            hovertemplate=None if hover is None else _LABELLED_HOVER,
        )
    )
    return traces


#: Point labels' font size (px) and the widths used to keep them apart: an average character
#: of the report's sans-serif font is about 0.55 em; 0.62 em leaves room for wider fonts.
LABEL_FONT = 11
_LABEL_CHAR = 0.62 * LABEL_FONT
_LABEL_LINE = 1.25 * LABEL_FONT
#: The plot area's width in pixels, narrowest (printed on A4) to widest (the page's column
#: on a laptop): labels are kept apart at every width between.
PLOT_WIDTHS = (400.0, 820.0)


def _plot_heights(chart: Chart, top: int, bottom: int) -> tuple[float, float]:
    """The plot area's height, lowest to highest: the figure less its margins, and less up
    to 60 px more that axis titles, tick labels or a two-row legend may take."""
    full = float(chart_height(chart) - top - bottom)
    return (max(full - 60.0, 60.0), max(full, 60.0))


def _label_annotations(fig: go.Figure, spots: list[Spot], colours: list[str], size: float) -> None:
    """Each placed label as an annotation: beside its point when close, with a thin leader
    line to it when further out (``ring`` above 0)."""
    for spot in spots:
        # annotations take the point in data units and the label's offset in pixels; the
        # text is centred on the offset (+y up here, down for Plotly's arrow tail)
        colour = colours[spot.series]
        common: dict[str, Any] = {
            "text": _esc(spot.text),
            "font": {"size": LABEL_FONT, "color": colour},
            "xanchor": "center",
            "yanchor": "middle",
        }
        x, y = spot.x, spot.y
        if spot.ring == 0:
            fig.add_annotation(x=x, y=y, xshift=spot.dx, yshift=spot.dy, showarrow=False,
                               **common)  # fmt: skip
        else:
            fig.add_annotation(x=x, y=y, ax=spot.dx, ay=-spot.dy, axref="pixel", ayref="pixel",
                               showarrow=True, arrowhead=0, arrowwidth=0.8, arrowcolor=colour,
                               standoff=size, **common)  # fmt: skip


#: The smallest cell text that reads well in print; longer labels wrap instead of shrinking.
READABLE_CELL_FONT = 11


def _cell_font(heat: Heatmap, text: list[list[str]]) -> int:
    """Cell text size that fits a cell when printed (plot ~600 px wide on A4): the width left
    after the row names (~7 px a character) and the colour bar, over the columns, at about
    0.6 em per character. Plotly would otherwise let long labels spill over their cells."""
    longest = max((len(line) for row in text for t in row for line in t.split("<br>")), default=4)
    names = max((len(y) for y in heat.y), default=0)
    cell = max(600 - 7 * names - 90, 150) / max(len(heat.x), 1)
    return int(max(9, min(12, cell / (0.55 * max(longest, 4)))))


def _wrapped(text: list[list[str]]) -> list[list[str]]:
    """Each label broken at its first space ("0.24-0.30 x3" over two lines)."""
    return [[t.replace(" ", "<br>", 1) for t in row] for row in text]


def _heatmap_trace(heat: Heatmap) -> go.Heatmap:
    z = [list(row) for row in heat.z]
    if heat.text is not None:
        text = [[_esc(t) for t in row] for row in heat.text]
    else:
        text = [["" if v is None else format_number(v) for v in row] for row in heat.z]
    size = _cell_font(heat, text)
    if size < READABLE_CELL_FONT:  # two short lines read better than one tiny one
        text = _wrapped(text)
        size = _cell_font(heat, text)
    return go.Heatmap(
        x=_escape_values(heat.x),
        y=_escape_values(heat.y),
        z=z,
        zmin=heat.zmin,
        zmax=heat.zmax,
        colorscale=HEATMAP_SCALE.capitalize(),
        text=text,
        texttemplate="%{text}",
        textfont={"size": size},
        hoverongaps=False,
        xgap=2,
        ygap=2,
        colorbar={"title": {"text": _esc(heat.colorbar), "side": "right"}, "thickness": 14},
        hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
    )


def _bar_traces(bars: Bars) -> list[go.Bar]:
    cats = _escape_values(bars.categories)
    custom = [[lo, hi] for lo, hi in zip(bars.low, bars.high, strict=False)]
    hover = "<b>%{y}</b><br>low: %{customdata[0]:.3g}<br>high: %{customdata[1]:.3g}<extra></extra>"
    common: dict[str, Any] = {"y": cats, "orientation": "h", "customdata": custom}
    if bars.base is None:
        return [
            go.Bar(
                x=[hi - lo for lo, hi in zip(bars.low, bars.high, strict=False)],
                base=list(bars.low),
                name=f"{_esc(bars.low_name)} – {_esc(bars.high_name)}",
                marker_color=HIGH_COLOUR,
                hovertemplate=hover,
                **common,
            )
        ]
    base = bars.base
    return [
        go.Bar(
            x=[hi - base for hi in bars.high],
            base=base,
            name=_esc(bars.high_name),
            marker_color=HIGH_COLOUR,
            hovertemplate=hover,
            **common,
        ),
        go.Bar(
            x=[lo - base for lo in bars.low],
            base=base,
            name=_esc(bars.low_name),
            marker_color=LOW_COLOUR,
            hovertemplate=hover,
            **common,
        ),
    ]


def _label_room(labels: Sequence[float | str]) -> int:
    # Long category names are drawn tilted; give the plot area their height back.
    longest = long_categories(str(v) for v in labels)
    return min(160, int(longest * 5.5))


def chart_height(chart: Chart) -> int:
    """Pixels: enough for every row of a heat map or tornado and for an xy chart's legend and
    tilted category names, so the plot area itself never shrinks to a strip."""
    if chart.heatmap is not None:
        rows = 110 + 34 * len(chart.heatmap.y)
        return max(240, min(1000, rows + _label_room(chart.heatmap.x)))
    if chart.bars is not None:
        return max(180, min(1000, 110 + 34 * len(chart.bars.categories)))
    categories = [x for series in chart.series for x in series.x if isinstance(x, str)]
    legend_rows = 0 if len(chart.series) < 2 else -(-len(chart.series) // 3)
    # a chart over named categories (one marker and bar per issue) reads at a smaller
    # height than a curve: a printed page fits it with the text around it
    base = 300 if categories else 400
    names = list(dict.fromkeys(categories))
    room = _label_room(names) and _label_room([ln for c in names for ln in tick_lines(c)])
    return base + max(0, legend_rows - 1) * 24 + room


def _add_regions(fig: go.Figure, chart: Chart, colours: Mapping[str, str] | None) -> None:
    """Each region as a translucent box behind the data, its label at the top left."""
    for region in chart.regions:
        colour = region_colour(chart, region, colours)
        fig.add_shape(
            type="rect",
            x0=region.x0,
            x1=region.x1,
            y0=region.y0,
            y1=region.y1,
            fillcolor=_rgba(colour, 0.15),
            line={"color": colour, "width": 1, "dash": "dot"},
            layer="below",
            name=_esc(region.label),
        )
        fig.add_annotation(
            x=region.x0,
            y=region.y1,
            text=_esc(region.label),
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": 10, "color": colour},
        )


def figure(
    chart: Chart,
    colours: Mapping[str, str] | None = None,
    *,
    titled: bool = True,
    captioned: bool = True,
) -> go.Figure:
    """The Plotly figure for ``chart``.

    ``colours`` maps series names to colours (see ``series_colours``) so a party keeps its
    colour across charts. HTML pages set ``titled``/``captioned`` off and print the title and
    caption as page text instead.
    """
    fig = go.Figure()
    show_legend = len(chart.series) > 1 or (chart.bars is not None and chart.bars.base is not None)
    if chart.heatmap is not None:
        fig.add_trace(_heatmap_trace(chart.heatmap))
    elif chart.bars is not None:
        for trace in _bar_traces(chart.bars):
            fig.add_trace(trace)
    else:
        styles = series_styles(chart, colours)
        for series, (colour, dash) in zip(chart.series, styles, strict=True):
            for trace in _series_traces(series, colour, dash, placed=labelled(series)):
                fig.add_trace(trace)
        if any(category_offsets(chart)):
            # Markers of several series at one category sit side by side, not on top.
            fig.update_layout(scattermode="group", scattergap=0.6)

    if chart.regions:
        _add_regions(fig, chart, colours)

    for line in chart.lines:
        style: dict[str, Any] = {
            "line_dash": "dot",
            "line_color": REFERENCE_COLOUR,
            "line_width": 1.5,
            "annotation_text": _esc(line.label),
            "annotation_font": {"size": 11, "color": REFERENCE_COLOUR},
        }
        if line.axis == "y":
            fig.add_hline(y=line.value, annotation_position="top left", **style)
        else:
            fig.add_vline(x=line.value, annotation_position="top right", **style)

    if chart.bars is not None and chart.bars.base is not None:
        # The tornado's spine: where the outcome sits with every input at its base value.
        fig.add_vline(x=chart.bars.base, line_color="#333", line_width=1.2)
    bottom = 16 if chart.heatmap is not None else 50  # a heat map's x axis is on top
    if captioned and chart.caption:
        bottom = 95
        fig.add_annotation(
            text=_esc(chart.caption),
            xref="paper",
            yref="paper",
            x=0,
            y=-0.16,
            xanchor="left",
            yanchor="top",
            showarrow=False,
            align="left",
            font={"size": 11, "color": "#555"},
        )
    top = (40 if show_legend else 16) + (40 if titled else 0)
    ranges: tuple[tuple[float, float] | None, tuple[float, float] | None] = (
        chart.x_range,
        chart.y_range,
    )
    if chart.heatmap is None and chart.bars is None and any(map(labelled, chart.series)):
        # labels are placed in pixels from their points: the axes must span what the
        # placement assumed, so the ranges are set rather than left to Plotly
        ranges = chart_ranges(chart)
        spots = place_chart_labels(
            chart,
            widths=PLOT_WIDTHS,
            heights=_plot_heights(chart, top, bottom),
            char_px=_LABEL_CHAR,
            line_px=_LABEL_LINE,
            marker_px=5.0,
        )
        colours_used = [c for c, _ in series_styles(chart, colours)]
        _label_annotations(fig, spots, colours_used, 5.0)
    fig.update_layout(
        template="plotly_white",
        font={"family": FONT_STACK, "size": 13, "color": "#222"},
        title={"text": _esc(chart.title), "x": 0, "xanchor": "left"} if titled else None,
        height=chart_height(chart),
        margin={
            "l": 10,
            "r": 20,
            "t": top,
            "b": bottom,
            "autoexpand": True,
        },
        showlegend=show_legend,
        legend={"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
        hoverlabel={"font": {"family": FONT_STACK}},
        barmode="overlay",
        bargap=0.35,
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    fig.update_xaxes(
        title_text=_esc(chart.x_label) or None,
        range=list(ranges[0]) if ranges[0] else None,
        showline=True,
        linecolor="#999",
        gridcolor="#e6e6e6",
        zeroline=False,
        automargin=True,
    )
    fig.update_yaxes(
        title_text=_esc(chart.y_label) or None,
        range=list(ranges[1]) if ranges[1] else None,
        showline=True,
        linecolor="#999",
        gridcolor="#e6e6e6",
        zeroline=False,
        automargin=True,
    )
    categories = [x for s in chart.series for x in s.x if isinstance(x, str)]
    if chart.heatmap is None and chart.bars is None and long_categories(set(categories)):
        # long names on two short lines, so they neither fill the plot's height nor run off
        # the figure; the hover keeps the full name
        names = list(dict.fromkeys(categories))
        text = ["<br>".join(map(_esc, tick_lines(c))) for c in names]
        fig.update_xaxes(tickmode="array", tickvals=[_esc(c) for c in names], ticktext=text)
    if chart.heatmap is not None or chart.bars is not None:
        # Rows read top to bottom in the order given, as in a table.
        fig.update_yaxes(autorange="reversed" if chart.y_range is None else None, showgrid=False)
    if chart.heatmap is not None:
        fig.update_xaxes(side="top", showgrid=False, showline=False)
        fig.update_yaxes(showline=False)
    return fig
