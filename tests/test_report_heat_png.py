"""The PNG heat map (the Markdown report's) shows a range as a split cell, as the HTML table
does: the low end's colour on the upper left, the high end's on the lower right."""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from accord.report._common import HEATMAP_SCALE, heat_ends
from accord.report.document import Chart, Heatmap, Report, Section
from accord.report.html import heat_view
from accord.report.markdown import render_markdown
from accord.report.png_charts import png_bytes

HEAT = Heatmap(
    x=("draft a", "draft b", "no deal"),
    y=("East", "West"),
    # East: a on 0.2-0.9 (a range), b exact; West: a exact, b 0.4-0.402 (one value in print)
    z=((0.2, 0.5, 0.3), (0.6, 0.4, None)),
    z_high=((0.9, 0.5, 0.3), (0.6, 0.402, None)),
    text=(("0.20–0.90", "0.50", "0.30"), ("0.60", "0.40", "unknown")),
)
CHART = Chart(id="scores", title="Scores", heatmap=HEAT)


def drawn(monkeypatch: pytest.MonkeyPatch, chart: Chart) -> Figure:
    figures: list[Figure] = []
    save = Figure.savefig

    def keep(self: Figure, *args: Any, **kwargs: Any) -> None:
        figures.append(self)
        save(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    assert png_bytes(chart).startswith(b"\x89PNG")
    (fig,) = figures
    return fig


def test_ends_and_which_cells_split() -> None:
    low, high, split = heat_ends(HEAT)
    assert split.tolist() == [[True, False, False], [False, False, False]]
    assert np.isnan(low[1, 2]) and np.isnan(high[1, 2])
    assert high[0, 0] == 0.9 and low[0, 0] == 0.2
    # the same cells the HTML table cuts diagonally
    cut = [[c.split for c in cells] for _, cells in heat_view(HEAT).rows]
    assert cut == split.tolist()


def test_png_cuts_a_range_cell_and_colours_its_high_end(monkeypatch: pytest.MonkeyPatch) -> None:
    fig = drawn(monkeypatch, CHART)
    ax = fig.axes[0]
    (halves,) = [c for c in ax.collections if c.get_gid() == "high-ends"]
    assert isinstance(halves, PolyCollection)
    (tri,) = halves.get_paths()  # one range cell, one triangle
    corners = {tuple(v) for v in tri.vertices.tolist()}
    assert {(0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)} <= corners  # cell (row 0, column 0)
    cmap = matplotlib.colormaps[HEATMAP_SCALE]
    np.testing.assert_allclose(halves.get_facecolor()[0], cmap(Normalize(0, 1)(0.9)))
    # the image beneath is the low end, so the cell's other half shows 0.2, not 0.9
    image = ax.images[0].get_array()
    assert image[0, 0] == pytest.approx(0.2)


def test_png_draws_no_split_without_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    flat = Heatmap(x=HEAT.x, y=HEAT.y, z=HEAT.z, text=HEAT.text)
    fig = drawn(monkeypatch, Chart(id="flat", title="Flat", heatmap=flat))
    assert not [c for c in fig.axes[0].collections if c.get_gid() == "high-ends"]


def test_markdown_says_how_a_split_cell_reads() -> None:
    def report(heat: Heatmap) -> str:
        chart = Chart(id="scores", title="Scores", heatmap=heat)
        rep = Report(title="T", subtitle="s", sections=(Section("s", "S", (chart,)),))
        return render_markdown(rep, "x_files", draw=lambda c, colours: b"png").text

    assert "A cell cut diagonally is a range" in report(HEAT)
    assert "cut diagonally" not in report(Heatmap(x=HEAT.x, y=HEAT.y, z=HEAT.z))
