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
    from accord.analysis.scoring import Scorecard as Card
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


def scorecard_chart(s: Scenario, card: Card) -> Chart:
    """The briefing's heatmap of each draft's utility for each actor, BATNAs beside.

    Example:
        >>> from accord.api import EXAMPLE, score
        >>> c = score(EXAMPLE)
        >>> scorecard_chart(c.scenario, c.card).heatmap.x
        ('opening', 'final', 'no deal (BATNA)')
    """
    from accord.report.sections.drafts import scorecard_heatmap

    # the fields scorecard_heatmap reads of an overview; the BATNAs shown as numbers
    view: Any = SimpleNamespace(scenario=s, card=card, batna_labels={})
    return scorecard_heatmap(view)


def bands_chart(s: Scenario, result: Forecast, simulation: Any) -> Chart | None:
    """The briefing's chart of the forecast of each issue with its Monte Carlo band (5% to
    95% of the draws); None when no draw gives a forecast.

    Example:
        >>> from accord.api import EXAMPLE, forecast
        >>> f = forecast(EXAMPLE, draws=50, seed=1)
        >>> bands_chart(f.scenario, f.forecast, f.simulation).series[0].x
        ('Wage rise', 'Pay tiers')
    """
    from accord.report.sections.forecasts import forecast_bands

    view: Any = SimpleNamespace(
        scenario=s,
        forecasts={result.model: result},
        simulations={result.model: simulation},
        seed=simulation.seed,
    )
    return forecast_bands(view)


def tornado_charts(s: Scenario, sensitivity: Any) -> list[Chart]:
    """The briefing's tornado charts: per issue, the inputs that move the forecast most.

    Example:
        >>> from accord.api import EXAMPLE, forecast
        >>> f = forecast(EXAMPLE, draws=50, seed=1, sensitivity=True)
        >>> [c.id for c in tornado_charts(f.scenario, f.sensitivity)]
        ['forecasts-tornado-tiers', 'forecasts-tornado-wage']
    """
    from accord.report.document import Chart as ChartBlock
    from accord.report.sections.forecasts import tornado_charts as build

    view: Any = SimpleNamespace(scenario=s, sensitivity=sensitivity)
    return [b for b in build(view) if isinstance(b, ChartBlock)]


def months_chart(s: Scenario, timeline: Any) -> Chart | None:
    """The briefing's chart of each party's BATNA month by month (None when no party's is
    known every month).

    Example:
        >>> from accord.api import EXAMPLE, timeline
        >>> t = timeline(EXAMPLE, months=3)
        >>> months_chart(t.scenario, t.timeline).id
        'timeline-batna'
    """
    from accord.report.document import Chart as ChartBlock
    from accord.report.sections.timeline import timeline_blocks

    view: Any = SimpleNamespace(scenario=s, timeline=timeline)
    return next((b for b in timeline_blocks(view) if isinstance(b, ChartBlock)), None)
