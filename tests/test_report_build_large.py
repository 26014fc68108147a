"""build_report on scenarios too large for the full analysis, and the choices it makes there."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np

from accord.analysis import parties, score_proposals, zopa
from accord.analysis.bargaining import analyze
from accord.io import load_builtin
from accord.model import Scenario
from accord.overview.run import ANALYZE_PARTIES, run_overview, standings
from accord.report import Paragraph, Section, build_report


def bench() -> ModuleType:
    path = Path(__file__).parents[1] / "benchmarks" / "bench_report.py"
    spec = importlib.util.spec_from_file_location("bench_report", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_many_parties_fall_back_to_zopa_and_two_party_frontier() -> None:
    s = bench().random_scenario(n_actors=10, n_issues=12, n_parties=ANALYZE_PARTIES + 1)
    rep = build_report(s, draws=20, seed=1)
    ids = [sec.id for sec in rep.sections if not sec.appendix]
    # the first page is the summary; its findings are in the body sections they belong to
    # the random scenario has two mediators with stances and a guarantor: a mediation section
    assert {str(a.role) for a in s.actors} >= {"mediator", "guarantor"}
    assert ids == ["briefing", "actors", "drafts", "space", "mediation", "forecasts", "timeline"]
    summary = Section("body", "", tuple(b for sec in rep.sections[1:] if not sec.appendix
                                        for b in sec.blocks))  # fmt: skip
    limits = [b.text for b in summary.blocks if isinstance(b, Paragraph) and b.tone == "caveat"]
    assert any("all-party Pareto frontier" in t for t in limits)
    exists = zopa(s).exists
    assert any(
        isinstance(b, Paragraph) and b.text.startswith("No deal is possible now")
        for b in summary.blocks
    ) == (not exists)
    frontier = next(c for c in rep.charts() if c.id == "space-frontier")
    assert frontier.caption and "most opposed interests" in frontier.caption


def test_scorecard_acceptance_matches_the_verdicts() -> None:
    # Without the full analysis, acceptance comes from the scorecard by the verdicts' rule.
    s = load_builtin("uaw-detroit-2023")
    chosen = parties(s)
    card = score_proposals(s)
    result = analyze(s)
    from_verdicts = standings(card, chosen, result)
    from_card = standings(card, chosen, None)
    assert [x.accepts for x in from_card] == [x.accepts for x in from_verdicts]
    assert [x.proposal for x in from_card] == [x.proposal for x in from_verdicts]


def test_the_most_opposed_pair_is_drawn() -> None:
    actor = {"role": "party", "capability": 1, "batna": {"description": "x", "utility": 0.1}}
    issue = {
        "kind": "ordinal",
        "options": [{"id": "lo", "label": "low"}, {"id": "hi", "label": "high"}],
    }
    s = Scenario.model_validate(
        {
            "id": "three",
            "title": "three parties",
            "actors": [{**actor, "id": k, "name": k.upper()} for k in ("a", "b", "c")],
            "issues": [{**issue, "id": f"i{k}", "name": f"issue {k}"} for k in range(2)],
            "stances": [
                {"actor": a, "issue": f"i{k}", "position": pos, "salience": 0.5}
                for k in range(2)
                for a, pos in (("a", "lo"), ("b", "hi"), ("c", "lo" if k else "hi"))
            ],
        }
    )
    rep = build_report(s, draws=10)
    c = next(c for c in rep.charts() if c.id == "space-frontier")
    assert c.x_label == "A utility" and c.y_label == "B utility"


def test_gather_is_deterministic_and_analyses_small_spaces_in_full() -> None:
    s = bench().random_scenario(n_actors=8, n_issues=6, n_parties=3, n_drafts=2, seed=3)
    r = run_overview(s, settings=None, conflict=None, draws=20, seed=5)
    again = run_overview(s, settings=None, conflict=None, draws=20, seed=5)
    main = r.simulations["compromise"]
    np.testing.assert_array_equal(main.forecasts, again.simulations["compromise"].forecasts)
    assert main.seed == 5 and main.draws == 20
    assert r.analysis is not None  # three parties over a small space: the full analysis
    assert r.zopa is r.analysis.zopa
    assert r.limits == ()
