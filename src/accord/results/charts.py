"""The briefing's charts for API results, drawn by the report's own chart builders.

The report's section builders read an overview (every analysis run once); a result holds
one analysis, so each chart here hands its builder a view with just the fields that builder
reads. Importing this module needs the 'report' extra's code only when a chart is drawn.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.analysis.bargaining import Analysis
    from accord.forecast.models import Forecast
    from accord.model import Scenario
    from accord.report.document import Chart


def frontier_chart(s: Scenario, analysis: Analysis) -> Chart | None:
    """The briefing's Pareto-frontier chart for the analysis' two most opposed parties, with
    the drafts and the bargaining solutions (None when the frontier cannot be drawn).

    Example:
        >>> from accord.api import EXAMPLE, analyze
        >>> a = analyze(EXAMPLE)
        >>> frontier_chart(a.scenario, a.analysis).title
        'Pareto frontier for Union and Firm'
    """
    from accord.analysis import score_proposals
    from accord.overview.pairs import choose_pair, pair_frontier
    from accord.report.sections.space import frontier_chart as build

    picked = choose_pair(s, list(analysis.parties))
    if picked is None:
        return None
    pair = pair_frontier(s, *picked, analysis=analysis)
    # the fields frontier_chart reads of an overview, and no others
    view: Any = SimpleNamespace(
        pair=pair,
        scenario=s,
        card=score_proposals(s),
        analysis=analysis,
        parties=analysis.parties,
    )
    return build(view)


def trajectory_chart(s: Scenario, result: Forecast) -> Chart | None:
    """The briefing's round-by-round chart of the expected-utility model (None for the
    models without rounds).

    Example:
        >>> from accord.api import EXAMPLE, forecast
        >>> f = forecast(EXAMPLE, "eum")
        >>> trajectory_chart(f.scenario, f.forecast).id
        'forecasts-eum-rounds'
        >>> trajectory_chart(f.scenario, forecast(EXAMPLE).forecast) is None
        True
    """
    if not result.rounds:
        return None
    from accord.report.sections.forecasts import trajectory_chart as build

    return build(s, result)
