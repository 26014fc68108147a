"""Point labels placed apart (accord.report.labels) against the plain oracle, and drawn apart
in both renderers (Plotly annotations, matplotlib PNG)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from matplotlib.text import Text

from accord.report.document import Chart, Line, Series
from accord.report.labels import Boxes, chart_ranges, place_chart_labels, place_labels
from oracle_labels import box_at, overprint, place

unit = st.floats(0.0, 1.0)


@st.composite
def boxes(draw: Any, max_size: int = 5) -> list[tuple[list[float], ...]]:
    """Boxes as (frac_lo, px_lo, frac_hi, px_hi), each [x, y]."""
    out = []
    for _ in range(draw(st.integers(0, max_size))):
        f_lo = [draw(unit), draw(unit)]
        f_hi = [f + draw(st.floats(0.0, 0.3)) for f in f_lo]
        p_lo = [draw(st.floats(-12.0, 0.0)), draw(st.floats(-12.0, 0.0))]
        p_hi = [draw(st.floats(0.0, 12.0)), draw(st.floats(0.0, 12.0))]
        out.append((f_lo, p_lo, f_hi, p_hi))
    return out


def as_boxes(raw: list[tuple[list[float], ...]]) -> Boxes:
    if not raw:
        return Boxes.empty()
    return Boxes(*(np.array([b[k] for b in raw], float) for k in range(4)))


@st.composite
def problems(draw: Any) -> dict[str, Any]:
    n = draw(st.integers(0, 8))
    w = draw(st.floats(100.0, 600.0))
    h = draw(st.floats(80.0, 400.0))
    return {
        "fx": [draw(unit) for _ in range(n)],
        "fy": [draw(unit) for _ in range(n)],
        "hx": [draw(st.floats(2.0, 60.0)) for _ in range(n)],
        "hy": [draw(st.floats(3.0, 10.0)) for _ in range(n)],
        "widths": (w, w + draw(st.floats(0.0, 400.0))),
        "heights": (h, h + draw(st.floats(0.0, 100.0))),
        "obstacles": draw(boxes()),
        "soft": draw(boxes()),
        "gap": draw(st.floats(3.0, 10.0)),
        "rings": draw(st.integers(1, 6)),
        "step": draw(st.floats(5.0, 20.0)),
    }


def fast(p: dict[str, Any]) -> Any:
    return place_labels(
        p["fx"], p["fy"], p["hx"], p["hy"], widths=p["widths"], heights=p["heights"],
        obstacles=as_boxes(p["obstacles"]), soft=as_boxes(p["soft"]), gap=p["gap"],
        rings=p["rings"], step=p["step"],
    )  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(problems())
def test_placement_is_the_oracles(p: dict[str, Any]) -> None:
    got = fast(p)
    want = place(p["fx"], p["fy"], p["hx"], p["hy"], p["widths"], p["heights"],
                 p["obstacles"], p["soft"], p["gap"], p["rings"], p["step"])  # fmt: skip
    assert got.ring.tolist() == [r for _, _, r, _ in want]
    assert got.clear.tolist() == [c for _, _, _, c in want]
    np.testing.assert_allclose(got.dx, [d for d, _, _, _ in want], atol=1e-9)
    np.testing.assert_allclose(got.dy, [d for _, d, _, _ in want], atol=1e-9)


@settings(max_examples=150, deadline=None)
@given(problems())
def test_clear_labels_overprint_nothing_at_any_size_in_the_range(p: dict[str, Any]) -> None:
    got = fast(p)
    ends = [[p["widths"][0], p["heights"][0]], [p["widths"][1], p["heights"][1]]]
    labels = [
        box_at([fx, fy], [dx - hx, dy - hy], [fx, fy], [dx + hx, dy + hy], ends)
        for fx, fy, hx, hy, dx, dy in zip(
            p["fx"], p["fy"], p["hx"], p["hy"], got.dx, got.dy, strict=True
        )
    ]
    walls = [box_at(*o, ends) for o in p["obstacles"]]
    # a size between the ends: boxes apart at both ends are apart there too
    mid = [[(a + b) / 2 for a, b in zip(*ends, strict=True)]] * 2
    for i, box in enumerate(labels):
        if not got.clear[i]:
            continue
        lo, hi = box
        assert all(lo[e][a] >= 0 and hi[e][a] <= ends[e][a] for e in (0, 1) for a in (0, 1))
        assert not any(overprint(box, w) for w in walls)
        assert not any(overprint(box, other) for other in labels[:i])
        fx, fy, hx, hy = p["fx"][i], p["fy"][i], p["hx"][i], p["hy"][i]
        at_mid = box_at([fx, fy], [got.dx[i] - hx, got.dy[i] - hy], [fx, fy],
                        [got.dx[i] + hx, got.dy[i] + hy], mid)  # fmt: skip
        for j in range(i):
            other = labels[j]
            o_mid = box_at([p["fx"][j], p["fy"][j]],
                           [got.dx[j] - p["hx"][j], got.dy[j] - p["hy"][j]],
                           [p["fx"][j], p["fy"][j]],
                           [got.dx[j] + p["hx"][j], got.dy[j] + p["hy"][j]], mid)  # fmt: skip
            assert not overprint(at_mid, o_mid), (box, other)


def test_labels_on_one_spot_go_round_it() -> None:
    # four labels on one point: right, above, left, below it, each clear of the others
    p = place_labels([0.5] * 4, [0.5] * 4, 20, 6, widths=(400, 400), heights=(300, 300), gap=6)
    assert p.clear.all()
    assert list(zip(p.dx.tolist(), p.dy.tolist(), strict=True)) == [
        (26.0, 0.0), (0.0, 12.0), (-26.0, 0.0), (0.0, -12.0)
    ]  # fmt: skip
    assert p.ring.tolist() == [0, 0, 0, 0]


def test_a_label_steps_out_when_every_near_spot_is_taken() -> None:
    # an obstacle all round the point, 30 px each way: the label leaves ring 0
    wall = Boxes.around([0.5], [0.5], 30.0, 30.0)
    p = place_labels([0.5], [0.5], 10, 5, widths=(400, 400), heights=(300, 300),
                     obstacles=wall, gap=4, step=14)  # fmt: skip
    assert p.clear.all() and p.ring[0] >= 2
    assert abs(p.dx[0]) - 10 >= 30 or abs(p.dy[0]) - 5 >= 30


def test_bad_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="plot sizes must be positive"):
        place_labels([0.5], [0.5], 10, 5, widths=(0, 400), heights=(300, 300))


def crowded() -> Chart:
    """Drafts and solutions bunched together, like the Ukraine frontier's."""
    rng = np.random.default_rng(3)  # seed recorded: the chart is the same every run
    x = 0.5 + rng.normal(0, 0.03, 6)
    y = 0.5 + rng.normal(0, 0.03, 6)
    curve = np.linspace(0, 1, 200)
    return Chart(
        id="frontier",
        title="Pareto frontier",
        x_label="A utility",
        y_label="B utility",
        series=(
            Series("Pareto frontier", tuple(curve), tuple(1 - curve), mode="lines+markers"),
            Series(
                "drafts",
                tuple(x[:3]),
                tuple(y[:3]),
                mode="markers",
                low=tuple(y[:3] - 0.2),
                high=tuple(y[:3] + 0.2),
                text=("moscow-27", "geneva-19", "us-28"),
                label_points=True,
            ),
            Series(
                "solutions",
                tuple(x[3:]),
                tuple(y[3:]),
                mode="markers",
                text=("nash = kalai-smorodinsky = egalitarian", "utilitarian", "nash-weighted"),
                label_points=True,
            ),
        ),
        lines=(Line("x", 0.45, "A BATNA"), Line("y", 0.45, "B BATNA")),
    )


def test_a_crowded_chart_gets_every_label_clear() -> None:
    chart = crowded()
    spots = place_chart_labels(chart, widths=(400, 820), heights=(250, 310), char_px=6.8,
                               line_px=13.75, marker_px=5)  # fmt: skip
    assert [s.text for s in spots] == [t for s in chart.series for t in s.text or ()]
    (x0, x1), (y0, y1) = chart_ranges(chart)
    for w, h in ((400, 250), (820, 310), (600, 280)):
        rects = []
        for s in spots:
            cx = (s.x - x0) / (x1 - x0) * w + s.dx
            cy = (s.y - y0) / (y1 - y0) * h + s.dy
            half = 6.8 * len(s.text) / 2 + 2
            rects.append((cx - half, cy - 7.875, cx + half, cy + 7.875))
        for i, a in enumerate(rects):
            assert a[0] >= 0 and a[2] <= w and a[1] >= 0 and a[3] <= h
            for b in rects[:i]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_plotly_draws_the_labels_as_annotations_over_the_placed_ranges() -> None:
    from accord.report.plotly_charts import figure

    chart = crowded()
    fig = figure(chart, titled=False, captioned=False)
    texts = [a.text for a in fig.layout.annotations]
    assert set(texts) >= {t for s in chart.series for t in s.text or ()}
    assert all("text" not in (tr.mode or "") for tr in fig.data)  # no text beside points
    xr, yr = chart_ranges(chart)
    assert tuple(fig.layout.xaxis.range) == xr and tuple(fig.layout.yaxis.range) == yr


def test_png_labels_do_not_overlap(monkeypatch: pytest.MonkeyPatch) -> None:
    from accord.report.png_charts import png_bytes

    drawn: list[Figure] = []
    save = Figure.savefig

    def keep(self: Figure, *args: Any, **kwargs: Any) -> None:
        drawn.append(self)
        save(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    chart = crowded()
    assert png_bytes(chart).startswith(b"\x89PNG")
    (fig,) = drawn
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    names = {t for s in chart.series for t in s.text or ()}
    labels = [t for t in ax.texts if t.get_text() in names]
    assert {t.get_text() for t in labels} == names
    frame = ax.get_window_extent(renderer)
    # the text's own box (an annotation's extent would include its leader line)
    boxes = [Text.get_window_extent(t, renderer) for t in labels]
    for i, a in enumerate(boxes):
        assert frame.x0 <= a.x0 and a.x1 <= frame.x1 and frame.y0 <= a.y0 and a.y1 <= frame.y1
        for b in boxes[:i]:
            assert not a.overlaps(b), (labels[i].get_text(), a, b)
