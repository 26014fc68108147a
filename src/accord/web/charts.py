"""Charts of the web pages as report :class:`Chart` records, drawn by the report's Plotly code.

Declaring the chart as a record and drawing it with :func:`accord.report.plotly_charts.figure`
keeps the web charts identical to the briefing's, including its escaping of user text.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.io

from accord.analysis import Scorecard
from accord.dynamics.timeline import Timeline
from accord.forecast.models import Forecast, IssueForecast
from accord.model import Scenario
from accord.overview.settled import unsettled as settled_words
from accord.overview.words import fmt_range
from accord.report.document import Chart, Heatmap, Series
from accord.report.plotly_charts import figure
from accord.report.sections.forecasts import trajectory_chart

BATNA_COLUMN = "no deal (BATNA)"


def to_json(chart: Chart) -> str:
    """The figure as JSON safe to put inside a <script> element (no '<', '>' or '&')."""
    text = plotly.io.to_json(figure(chart, titled=False, captioned=False), validate=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _cell(card: Scorecard, a: int, p: int) -> str:
    text = fmt_range(card.low[a, p], card.high[a, p])
    crossed = int((card.red_line[a, p] == 2).sum())
    maybe = int((card.red_line[a, p] == 1).sum())
    if crossed:
        text += f" ✗{crossed}"
    if maybe:
        text += f" ?{maybe}"
    return text


def scorecard_rows(s: Scenario, card: Scorecard) -> list[dict[str, Any]]:
    """The scorecard as table rows: one per draft, a cell per actor (as ``accord score``)."""
    rows = []
    for p, pid in enumerate(card.proposals):
        rows.append({"draft": pid, "cells": [_cell(card, a, p) for a in range(len(card.actors))]})
    batna = ["unknown" if np.isnan(b) else f"{b:.2f}" for b in card.batna]
    rows.append({"draft": BATNA_COLUMN, "cells": batna})
    return rows


def scorecard_chart(s: Scenario, card: Scorecard) -> Chart:
    """Drafts (rows) by actors (columns): worst-case utility, the range and red lines as text."""
    z: list[tuple[float | None, ...]] = []
    text: list[tuple[str, ...]] = []
    for p in range(len(card.proposals)):
        z.append(tuple(float(v) for v in card.low[:, p]))
        text.append(tuple(_cell(card, a, p) for a in range(len(card.actors))))
    z.append(tuple(None if np.isnan(b) else float(b) for b in card.batna))
    text.append(tuple("unknown" if np.isnan(b) else f"{b:.2f}" for b in card.batna))
    return Chart(
        id="scorecard",
        title="Each draft's utility for each actor",
        x_label="actor",
        y_label="draft",
        heatmap=Heatmap(
            x=tuple(s.actor(a).name for a in card.actors),
            y=(*card.proposals, BATNA_COLUMN),
            z=tuple(z),
            text=tuple(text),
            colorbar="utility",
        ),
    )


def timeline_chart(s: Scenario, line: Timeline) -> Chart:
    """Each party's alternative month by month, and the share of outcomes in the ZOPA."""
    months = tuple(float(m.month) for m in line.months)
    series = [
        Series(
            name=f"{s.actor(p).name} BATNA",
            x=months,
            y=tuple(float("nan") if m.batna[p] is None else float(m.batna[p]) for m in line.months),  # type: ignore[arg-type]
            mode="lines+markers",
        )
        for p in line.parties
    ]
    series.append(
        Series(
            name="ZOPA share of outcomes",
            x=months,
            y=tuple(float(m.share) for m in line.months),
            mode="lines",
            dash=True,
        )
    )
    return Chart(
        id="timeline",
        title="Alternatives and the ZOPA month by month",
        x_label="months from now",
        y_label="utility / share",
        series=tuple(series),
        y_range=(0.0, 1.0),
    )


def forecast_chart(s: Scenario, result: dict[str, Any]) -> Chart | None:
    """Median forecast of each issue with its 5-95 % band, on each issue's 0..1 range.

    Not the report's forecast chart (``report.sections.forecasts``) on purpose, although both
    are markers with a band: this one draws one stored run (its median over the draws, from
    the run's JSON) with issues by name and 0..1 from the first setting to the last
    (``Issue.bounds``), the page saying so; the report's draws every model's point forecast,
    issues by id, from one pole to the other (``issue_scale``: lowest to highest position).
    The two scales differ for an ordinal issue whose positions do not rise with its order.
    """
    names, mid, low, high = [], [], [], []
    for summary in result.get("issues", []):
        q = summary.get("quantiles")
        if not q:
            continue
        issue = s.issue(summary["issue"])
        lo, hi = issue.bounds()
        width = (hi - lo) or 1.0
        names.append(issue.name)
        mid.append((q["50"] - lo) / width)
        low.append((q["5"] - lo) / width)
        high.append((q["95"] - lo) / width)
    if not names:
        return None
    return Chart(
        id="forecast",
        title="Forecast with its 5–95 % range",
        x_label="issue",
        # short enough to fit beside the plot at any height; the page's caption says more
        y_label="position, 0 to 1",
        series=(
            Series(
                name="median over the draws",
                x=tuple(names),
                y=tuple(mid),
                low=tuple(low),
                high=tuple(high),
                mode="markers",
            ),
        ),
        y_range=(-0.05, 1.05),
    )


def _stored_forecast(point: dict[str, Any]) -> Forecast | None:
    """A stored run's forecast (its JSON) as the record it was written from; None if the
    JSON is not one (an older or a failed run)."""
    try:
        issues = tuple(
            IssueForecast(**{**d, "actors": tuple(d["actors"])}) for d in point["issues"]
        )
        ids = [f.issue for f in issues]
        rounds = tuple(tuple(r["forecast"].get(i) for i in ids) for r in point.get("rounds", ()))
        return Forecast(
            model=point["model"],
            issues=issues,
            actors=tuple(point["actors"]),
            rounds=rounds,
            options=point.get("options"),
        )
    except (KeyError, TypeError):
        return None


def unsettled(s: Scenario, point: dict[str, Any]) -> dict[str, str]:
    """Per issue id a stored forecast's model did not settle on, why (as the CLI says it)."""
    f = _stored_forecast(point)
    return {} if f is None else settled_words(f, {i.id: i for i in s.issues})


def rounds_chart(s: Scenario, point: dict[str, Any]) -> Chart | None:
    """The report's round-by-round chart of a stored eum forecast, cycles shaded."""
    f = _stored_forecast(point)
    if f is None or not f.rounds:
        return None
    return trajectory_chart(s, f)
