"""Bargaining solutions found only by relaxing red lines say so beside them: in the
solutions table, on the frontier chart and in the drafts' table (distance to Nash).

On the close call (tests/data/briefing/close-call.yaml) with Beta's red line moved onto
Issue X against Alpha's: hard, every red line must be dropped; soft, charging it is enough.
"""

from __future__ import annotations

from functools import cache

from tests.test_briefing_wording import _variant

from accord.overview import Overview, run_overview
from accord.report.sections import drafts
from accord.report.sections.space import frontier_chart, relaxed_words, solutions_table


@cache
def clash(soft: bool) -> Overview:
    firm = {"cost": 0.05, "credibility": 0.6} if soft else {}
    return run_overview(_variant(firm), monte_carlo=False)


def _verdicts_caption(o: Overview) -> str:
    section = drafts.section(o)
    assert section is not None
    found = [
        b.caption
        for b in (*section.blocks, *section.details)
        if "Dominance" in (getattr(b, "caption", None) or "")
    ]
    assert len(found) == 1
    return found[0]


def test_solutions_with_every_red_line_dropped_say_so_first() -> None:
    o = clash(soft=False)
    assert o.analysis is not None and o.analysis.relaxed is not None
    assert not o.analysis.relaxed_soft
    table = solutions_table(o)
    assert table is not None and table.caption is not None
    assert table.caption.startswith(relaxed_words(False, bool(o.solution_checks)))
    assert "Not settlements" in table.caption and "every red line dropped" in table.caption
    chart = frontier_chart(o)
    assert chart is not None
    assert "bargaining solutions (red lines dropped)" in [s.name for s in chart.series]
    assert "computed with every red line dropped and are not settlements" in chart.caption
    assert "judged with every red line dropped" in _verdicts_caption(o)
    assert "not a settlement" in _verdicts_caption(o)


def test_solutions_with_soft_lines_at_cost_say_so() -> None:
    o = clash(soft=True)
    assert o.analysis is not None and o.analysis.relaxed is not None
    assert o.analysis.relaxed_soft
    table = solutions_table(o)
    assert table is not None and table.caption is not None
    assert "hard red lines kept and the soft ones charged their cost" in table.caption
    chart = frontier_chart(o)
    assert chart is not None
    assert "bargaining solutions (soft red lines at cost)" in [s.name for s in chart.series]
    assert "soft red lines at their cost, hard ones kept" in _verdicts_caption(o)


def test_solutions_within_the_red_lines_carry_no_warning() -> None:
    o = run_overview(_variant(None), monte_carlo=False)  # no clash: d1 is acceptable
    assert o.analysis is not None and o.analysis.relaxed is None
    table = solutions_table(o)
    assert table is not None and "Not settlements" not in (table.caption or "")
    section = drafts.section(o)
    assert section is not None
    assert not any(
        "not a settlement" in (getattr(b, "caption", None) or "")
        for b in (*section.blocks, *section.details)
    )
