"""``accord report --brief``: the first page of a briefing alone.

The first page (:mod:`accord.report.sections.briefing`) is computed from the overview as in
the whole report, so a brief and the report's first page say the same; only the sections
after it are not built, which saves their charts and tables.
"""

from __future__ import annotations

from accord.model import Scenario
from accord.model.conflict import Conflict
from accord.model.views import DEFAULT_VIEW
from accord.overview import Overview, run_overview
from accord.report.build import provenance, subtitle
from accord.report.document import Report
from accord.report.sections import briefing
from accord.report.sections.briefing import brief_report

__all__ = ["brief_report", "build_brief", "overview_brief"]


def build_brief(
    scenario: Scenario,
    *,
    settings: dict[str, float] | None = None,
    conflict: Conflict | None = None,
    draws: int = 500,
    seed: int = 0,
    batna: str = DEFAULT_VIEW,
) -> Report:
    """The first page of the briefing on ``scenario``; the arguments are
    :func:`~accord.report.build.build_report`'s, and the same arguments give the same page."""
    o = run_overview(
        scenario, settings=settings, conflict=conflict, draws=draws, seed=seed, batna=batna
    )
    return overview_brief(o)


def overview_brief(o: Overview) -> Report:
    """The first page drawn from an overview already run (with its Monte Carlo)."""
    first = briefing.section(o)
    sections = () if first is None else (first,)
    return brief_report(Report(o.original.title, subtitle(o), sections, (), provenance(o)))
