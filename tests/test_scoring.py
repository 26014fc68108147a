"""Scorecards and diffs: hand-computed values, and the vectorised code against the oracle."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import oracle
from accord.analysis import compile_preferences, diff_proposals, score_proposals
from accord.analysis.scoring import SettingState
from accord.io import load_scenario

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def minimal():
    return load_scenario(DATA / "minimal.yaml")


def test_hand_computed_utilities(minimal):
    card = score_proposals(minimal)
    union, firm = card.actors.index("union"), card.actors.index("firm")
    opening = card.proposals.index("opening")
    # union: wage 3 vs ideal 10 on 0..10 -> 0.3; tiers keep vs end -> 0; cola silent -> status
    # quo false vs true -> 0; saliences .8, .5, .4.
    assert card.low[union, opening] == pytest.approx(0.8 * 0.3 / 1.7)
    assert card.high[union, opening] == pytest.approx(0.8 * 0.3 / 1.7)
    # firm: quadratic on wage, ideal 2, farthest setting 10 -> 1 - (1/8)^2; tiers keep -> 1;
    # cola table false -> 1.0; saliences .6, .3, .2.
    assert card.low[firm, opening] == pytest.approx((0.6 * (1 - 1 / 64) + 0.3 + 0.2) / 1.1)


def test_unknown_setting_gives_a_range(minimal):
    card = score_proposals(minimal)
    union, final = card.actors.index("union"), card.proposals.index("final")
    assert card.states[final][minimal.issues.index(minimal.issue("cola"))] is SettingState.unknown
    # wage 6 -> 0.6; tiers shorten -> 0.5; cola unknown: 0 (false) or 1 (true)
    base = 0.8 * 0.6 + 0.5 * 0.5
    assert card.low[union, final] == pytest.approx(base / 1.7)
    assert card.high[union, final] == pytest.approx((base + 0.4) / 1.7)


def test_red_line_crossed(minimal):
    card = score_proposals(minimal)
    assert card.red_lines("union", "opening") == {"wage": "crosses"}
    assert card.red_lines("union", "final") == {}
    assert card.red_lines("firm", "final") == {}


def test_diff_gains(minimal):
    d = diff_proposals(minimal, "opening", "final")
    by_issue = {c.issue: c for c in d.changes}
    assert set(by_issue) == {"wage", "tiers", "cola"}
    assert by_issue["wage"].winners == ["union"] and by_issue["wage"].losers == ["firm"]
    assert by_issue["wage"].gain_low["union"] == pytest.approx(0.8 * 0.3 / 1.7)
    assert by_issue["cola"].before == "silent (status quo: no)"
    assert by_issue["cola"].after == "unknown"
    assert by_issue["cola"].gain_low["union"] == pytest.approx(0.0)
    assert by_issue["cola"].gain_high["union"] == pytest.approx(0.4 / 1.7)


def test_diff_of_a_draft_with_itself_is_zero(minimal):
    d = diff_proposals(minimal, "final", "final")
    assert d.changes == []
    # final has an unknown setting; compared with itself the change is still a range
    # (two independent completions), but it must contain zero.
    for a in d.total_low:
        assert d.total_low[a] <= 1e-12 <= d.total_high[a] + 2e-12


def test_matches_oracle_on_minimal(minimal):
    card = score_proposals(minimal)
    for a, actor in enumerate(card.actors):
        for p, prop in enumerate(card.proposals):
            lo, hi = oracle.score_range(minimal, actor, prop)
            assert card.low[a, p] == pytest.approx(lo)
            assert card.high[a, p] == pytest.approx(hi)


def test_preferences_weights_sum_to_one(minimal):
    prefs = compile_preferences(minimal)
    assert np.allclose(prefs.weight.sum(axis=1), 1.0)


# --- the vectorised scorecard against the oracle on random scenarios --------------------------
from math import prod  # noqa: E402

from hypothesis import HealthCheck, assume, given, settings  # noqa: E402

from strategies import utility_scenarios  # noqa: E402


def _completions(scenario) -> int:
    """How many outcomes the oracle enumerates for the largest draft."""
    sizes = []
    for prop in scenario.proposals:
        s = prop.settings()
        sizes.append(
            prod(len(oracle.open_settings(scenario, i, s.get(i.id))) for i in scenario.issues)
        )
    return max(sizes, default=1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(utility_scenarios(max_actors=4, max_issues=4, max_proposals=3))
def test_scorecard_matches_oracle(scenario):
    assume(_completions(scenario) <= 5000)
    card = score_proposals(scenario)
    assert card.actors == tuple(a.id for a in scenario.actors)
    for a, actor in enumerate(card.actors):
        for p, prop in enumerate(card.proposals):
            lo, hi = oracle.score_range(scenario, actor, prop)
            assert card.low[a, p] == pytest.approx(lo, abs=1e-9)
            assert card.high[a, p] == pytest.approx(hi, abs=1e-9)
            assert card.low[a, p] <= card.high[a, p] + 1e-12
            for i, issue in enumerate(card.issues):
                want = oracle.red_line_status(scenario, actor, prop, issue)
                assert str(("clear", "may cross", "crosses")[card.red_line[a, p, i]]) == want


@settings(max_examples=100, deadline=None)
@given(
    utility_scenarios(
        max_actors=3, max_issues=4, max_proposals=3, unknown_settings=False, silent_issues=False
    )
)
def test_known_drafts_score_exactly(scenario):
    card = score_proposals(scenario)
    assert np.array_equal(card.low, card.high)
    for a, actor in enumerate(card.actors):
        for p, prop in enumerate(scenario.proposals):
            outcome = prop.settings()
            assert card.low[a, p] == pytest.approx(
                oracle.utility(scenario, actor, outcome), abs=1e-9
            )


@settings(max_examples=100, deadline=None)
@given(utility_scenarios(max_actors=3, max_issues=4, max_proposals=3))
def test_diff_parts_add_up(scenario):
    assume(len(scenario.proposals) >= 2)
    a, b = scenario.proposals[0].id, scenario.proposals[1].id
    card = score_proposals(scenario)
    d = diff_proposals(scenario, a, b, card)
    p, q = card.proposals.index(a), card.proposals.index(b)
    for k, actor in enumerate(card.actors):
        # unchanged issues contribute the same to both drafts only when known
        exact = np.isclose(card.low[k, p], card.high[k, p]) and np.isclose(
            card.low[k, q], card.high[k, q]
        )
        if exact:
            assert d.total_low[actor] == pytest.approx(
                sum(c.gain_low[actor] for c in d.changes), abs=1e-9
            )
        assert d.total_low[actor] <= d.total_high[actor] + 1e-12
