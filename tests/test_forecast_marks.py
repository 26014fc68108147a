"""Forecasts say how sure they are and whether an iterative model settled, everywhere they
are shown: the report (Markdown), the EUM rounds chart (Plotly and PNG), the command line
and the web forecast page."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.web_support import SID, client

from accord.forecast.calibration import PROVENANCE
from accord.forecast.models import forecast
from accord.io import load_builtin
from accord.overview.settled import unsettled
from cli_runner import accord

pytest.importorskip("plotly")

#: The issues the eum model does not settle on for Ukraine (cycles of 5, 2, 4 and 2 rounds;
#: NATO swings without repeating).
UKRAINE_UNSETTLED = {"donbas", "crimea", "army_cap", "nato", "frozen_assets"}


def _unsettled_ukraine() -> dict[str, str]:
    s = load_builtin(SID)
    return unsettled(forecast(s, "eum"), {i.id: i for i in s.issues})


def test_ukraine_eum_unsettled_issues() -> None:
    found = _unsettled_ukraine()
    assert set(found) == UKRAINE_UNSETTLED
    assert found["crimea"].startswith("did not settle: cycles with period 2 between 0 ")
    assert found["crimea"].endswith("the value shown is round 10's")


@pytest.fixture(scope="module")
def markdown() -> str:
    from accord.report.build import build_report
    from accord.report.markdown import render_markdown

    report = build_report(load_builtin(SID), draws=100)
    return render_markdown(report, "x_files", draw=lambda chart, colours: b"png").text


def test_report_names_unsettled_issues_and_shows_intervals(markdown: str) -> None:
    s = load_builtin(SID)
    summary, forecasts = markdown.split("## Forecasts", 1)
    # the briefing quotes no eum value, so it needs no caveat; the forecasts section opens
    # with one naming each issue the eum model did not settle on
    assert "eum" not in summary
    line = next(x for x in forecasts.splitlines() if "The eum model did not settle on" in x)
    for iid in UKRAINE_UNSETTLED:
        assert s.issue(iid).name.replace("(", "\\(").replace(")", "\\)") in line
    # the forecast section marks their cells and says why, with the cycle
    assert "\\* Recognised in law \\(did not settle\\)" in forecasts
    for iid, text in _unsettled_ukraine().items():
        escaped = text.replace("(", "\\(").replace(")", "\\)")
        assert f"\\({iid.replace('_', chr(92) + '_')}\\): {escaped}." in forecasts
    # the calibrated intervals, with labels for ordinal issues, and where they come from
    header = "| issue | compromise | 50% interval | 80% interval | 90% interval |"
    assert header in forecasts
    row = "| Blanket amnesty for wartime acts | no | no | no | no – yes |"
    assert row in forecasts
    assert PROVENANCE[:60] in forecasts
    # the chance of a deal opens the section
    assert forecasts.index("the chance of a zone of agreement") < forecasts.index("50% interval")


def _rounds_chart():  # type: ignore[no-untyped-def]
    from accord.report.sections.forecasts import trajectory_chart

    s = load_builtin(SID)
    return s, trajectory_chart(s, forecast(s, "eum"))


def test_eum_rounds_chart_shades_the_cycles() -> None:
    from accord.report.plotly_charts import figure

    _, chart = _rounds_chart()
    regions = {r.series: r for r in chart.regions}
    assert set(regions) == UKRAINE_UNSETTLED
    crimea = regions["crimea"]  # period 2 over rounds 8..10, swinging over the whole scale
    assert (crimea.x0, crimea.x1, crimea.y0, crimea.y1) == (8.0, 10.0, 0.0, 1.0)
    assert regions["donbas"].x0 == 5.0 and "cycle of 5" in regions["donbas"].label
    fig = figure(chart)
    boxes = [sh for sh in fig.layout.shapes if sh.type == "rect"]
    assert len(boxes) == len(UKRAINE_UNSETTLED)
    assert {(b.x0, b.x1, b.y0, b.y1) for b in boxes} >= {(8.0, 10.0, 0.0, 1.0)}
    texts = {a.text for a in fig.layout.annotations}
    assert {"crimea: cycle of 2", "donbas: cycle of 5", "frozen_assets: cycle of 2"} <= texts
    assert "Shaded" in (chart.caption or "")


def test_eum_rounds_chart_png_draws_the_band() -> None:
    pytest.importorskip("matplotlib")
    from accord.report.png_charts import png_bytes

    _, chart = _rounds_chart()
    plain = type(chart)(**{**chart.__dict__, "regions": ()})
    assert png_bytes(chart, dpi=40).startswith(b"\x89PNG")
    assert png_bytes(chart, dpi=40) != png_bytes(plain, dpi=40)


def test_cli_marks_unsettled_issues_and_gives_the_caveat() -> None:
    output = accord("forecast", SID, "--model", "eum").stdout
    text = " ".join(output.split())
    for iid, why in _unsettled_ukraine().items():
        assert f"* eum, {iid}: {why}" in text
    assert "│ crimea │ 0 of 100 * │" in text  # the position on the issue's 0-100 scale
    assert " ".join(PROVENANCE.split()) in text
    assert "the chance of a zone of agreement" in text


def test_web_forecast_page_shows_marks_and_intervals(tmp_path: Path) -> None:
    c = client(tmp_path)
    r = c.post(f"/api/scenarios/{SID}/forecasts", json={"model": "eum", "mode": "single"})
    assert r.status_code == 202
    rid = r.json()["id"]
    for _ in range(300):
        run = c.get(f"/api/scenarios/{SID}/runs/{rid}").json()
        if run["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert run["status"] == "done", run["error"]
    assert set(run["result"]["intervals"]["crimea"]) == {"50", "80", "90"}
    page = c.get(f"/s/{SID}/runs/{rid}").text
    assert page.count('class="unsettled"') == len(UKRAINE_UNSETTLED)
    assert 'Recognised in law <span class="unsettled-mark"' in page
    for text in _unsettled_ukraine().values():
        assert text.replace("'", "&#39;") in page
    assert '<table class="intervals">' in page and "50% interval" in page
    assert PROVENANCE.replace("'", "&#39;") in page
    assert "the chance of a zone of agreement" in page
    assert "crimea: cycle of 2" in page  # the rounds chart, cycles shaded
