"""build_report on random scenarios: it always builds, never shows an empty section, and lists
every source cited."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from accord.analysis.bargaining import analyze
from accord.model import Scenario
from accord.report import Paragraph, build_report
from strategies import scenarios
from test_report_build import cited


# numbers near the float limits overflow in the forecasting models' arithmetic (their own
# warnings); the report must build all the same
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_actors=5, max_issues=5, max_proposals=3, max_events=2))
def test_any_scenario_gives_a_report(s: Scenario) -> None:
    rep = build_report(s, draws=5, seed=0)
    # the first page is the summary when there is anything to judge; else the summary
    ids = [sec.id for sec in rep.sections]
    assert (ids[0] == "briefing") != ("summary" in ids)
    assert all(sec.id != "briefing" for sec in rep.sections[1:])
    assert all(sec.blocks for sec in rep.sections)
    assert cited(s.model_dump(mode="json")) <= {c.id for c in rep.sources}
    charts = [c.id for c in rep.charts()]
    assert len(charts) == len(set(charts))


def test_a_space_emptied_by_red_lines_and_constraints() -> None:
    # A red line and a constraint that together rule out every setting of an issue: the
    # space the bargaining solutions search is empty (it used to crash the analysis).
    s = Scenario.model_validate(
        {
            "id": "empty",
            "title": "nothing is left",
            "actors": [
                {"id": a, "name": a.upper(), "role": "party", "capability": 1} for a in "ab"
            ],
            "issues": [
                {
                    "id": "i",
                    "name": "I",
                    "kind": "ordinal",
                    "options": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}],
                }
            ],
            "stances": [
                {"actor": "a", "issue": "i", "position": "x", "salience": 0.5, "red_line": "x"},
                {"actor": "b", "issue": "i", "position": "x", "salience": 0.5},
            ],
            "constraints": [{"id": "c", "description": "no x", "forbid": {"i": ["x"]}}],
        }
    )
    result = analyze(s)
    assert result.frontier.size == 0
    assert all(sol is None for sol in result.bargaining.solutions.values())
    rep = build_report(s, draws=5)
    # the summary's finding, in the Agreement space section once the first page is the summary
    shown = [b for sec in rep.sections if not sec.appendix for b in sec.blocks]
    assert any(
        isinstance(b, Paragraph) and b.text.startswith("No deal is possible now") for b in shown
    )
