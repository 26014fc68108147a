"""``build_report``: a scenario in, a :class:`~accord.report.document.Report` out.

The analyses run once (:func:`accord.overview.run_overview`); each section then words and
charts its part of them (:mod:`accord.report.sections`). Renderers take the report from
here; nothing in it depends on the format it will be drawn in.
"""

from __future__ import annotations

import accord
from accord.model import Scenario
from accord.model.conflict import Conflict
from accord.model.views import DEFAULT_VIEW
from accord.overview import MAIN_MODEL, Overview, run_overview
from accord.overview.words import lever_text
from accord.report.document import Report, Section
from accord.report.sections import ORDER
from accord.report.sections.sources import citations


def build_report(
    scenario: Scenario,
    *,
    settings: dict[str, float] | None = None,
    conflict: Conflict | None = None,
    draws: int = 500,
    seed: int = 0,
    batna: str = DEFAULT_VIEW,
) -> Report:
    """The briefing on ``scenario``: summary first, then the evidence, then the sources.

    ``scenario`` is as loaded; ``batna`` is the view of every BATNA the analyses use
    (``perceived`` or ``assessed``), applied by :func:`~accord.overview.run.run_overview` so
    that the report can label each value with its view and show the other beside it.

    ``settings`` turns declared levers (lever id -> level) before anything is computed;
    ``conflict`` is a graph model of the same situation (default: the scenario's built-in
    ``conflict``, if it names one). ``draws`` and ``seed`` drive the Monte Carlo analyses;
    the same arguments give the same report. As-of filtering is the caller's
    (:func:`accord.model.asof.scenario_as_of`); the report shows ``scenario.as_of``.
    """
    o = run_overview(
        scenario, settings=settings, conflict=conflict, draws=draws, seed=seed, batna=batna
    )
    return overview_report(o)


def overview_report(r: Overview) -> Report:
    """The briefing drawn from an overview already run (with its Monte Carlo)."""
    sections: list[Section] = [sec for module in ORDER if (sec := module.section(r)) is not None]
    return Report(
        title=r.original.title,
        subtitle=subtitle(r),
        sections=tuple(sections),
        sources=citations(r),
        provenance=provenance(r),
    )


def subtitle(r: Overview) -> str:
    as_of = r.scenario.as_of.isoformat() if r.scenario.as_of else "undated"
    return f"as of {as_of} · levers: {lever_text(r.original, r.settings)}"


def provenance(r: Overview) -> tuple[tuple[str, str], ...]:
    """What produced the report, enough to produce it again."""
    s = r.scenario
    rows = [
        ("scenario", s.id),
        ("as of", s.as_of.isoformat() if s.as_of else "undated"),
        ("lever settings", lever_text(r.original, r.settings)),
    ]
    if r.changes:
        rows.append(("lever changes", "; ".join(c.text() for c in r.changes)))
    rows += [
        ("Monte Carlo draws", str(r.draws)),
        ("seed", str(r.seed)),
    ]
    for model, sim in r.simulations.items():
        if sim.draws != r.draws:
            rows.append((f"{model} Monte Carlo draws", str(sim.draws)))
    z = r.simulations[MAIN_MODEL].zopa
    if z.method is not None:
        rows.append(("Monte Carlo ZOPA", f"{z.method}, {z.draws_evaluated} draws decided"))
    if r.conflict is not None:
        rows.append(("conflict model", r.conflict.id))
    rows.append(("accord version", accord.__version__))
    return tuple(rows)
