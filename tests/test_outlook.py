"""Deal or no deal first: the chance of any deal, and the forecast checked as a package."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

from accord.forecast.models import forecast
from accord.forecast.outlook import package
from accord.io import load_builtin
from accord.model import IssueKind, Scenario
from accord.overview.deal import CENTRE, outlook
from cli_runner import accord
from oracle import issue_utility, utility
from strategies import utility_scenarios


def _same(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, float) and isinstance(b, int | float):
        return abs(a - float(b)) <= 1e-9 * max(1.0, abs(a))
    return a == b


def _oracle(s: Scenario, settings: dict[str, object]) -> tuple[set, set, dict]:
    """Red lines crossed, constraints broken and utilities, by plain loops over the model."""
    crossed = set()
    for st in s.stances:
        value = settings.get(st.issue)
        if st.red_line is None or value is None:
            continue
        issue = s.issue(st.issue)
        if issue_utility(issue, st, value) < issue_utility(issue, st, st.red_line) - 1e-9:
            crossed.add((st.actor, st.issue))
    broken = set()
    for c in s.constraints:
        hit = True
        for iid, listed in c.forbid.items():
            values = listed if isinstance(listed, list) else [listed]
            v = settings.get(iid)
            hit &= v is not None and any(_same(v, w) for w in values)
        if hit:
            broken.add(c.id)
    utilities = {}
    for a in {st.actor for st in s.stances}:
        mine = [st.issue for st in s.stances if st.actor == a]
        if all(settings.get(i) is not None for i in mine):
            utilities[a] = utility(s, a, settings)
    return crossed, broken, utilities


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(utility_scenarios(max_actors=4, max_issues=4, max_constraints=2))
def test_package_matches_a_brute_force_oracle(s: Scenario) -> None:
    f = forecast(s, "compromise")
    p = package(s, f)
    settings_ = {x.issue: x.setting for x in f.issues}
    crossed, broken, utilities = _oracle(s, settings_)
    assert {(c.actor, c.issue) for c in p.crossings} == crossed
    assert {c.id for c in p.constraints} == broken
    for c in p.crossings:
        assert c.setting == settings_[c.issue]
        assert c.red_line == s.stance(c.actor, c.issue).red_line  # type: ignore[union-attr]
    for u in p.utilities:
        if u.actor in utilities:
            assert u.utility == pytest.approx(utilities[u.actor], abs=1e-9)
        else:
            assert u.utility is None
        if u.utility is not None and u.batna is not None:
            assert u.margin == pytest.approx(u.utility - u.batna)
        assert u.crossed == sum(1 for a, _ in crossed if a == u.actor)
    assert set(p.open) == {i for i, v in settings_.items() if v is None}
    for iid, owners in p.positions.items():
        issue = s.issue(iid)
        assert issue.kind is not IssueKind.continuous
        for a in owners:
            assert _same(settings_[iid], s.stance(a, iid).position)  # type: ignore[union-attr]


def test_ukraine_compromise_package_crosses_the_named_red_lines() -> None:
    s = load_builtin("ukraine-2025")
    p = package(s, forecast(s, "compromise"))
    assert [(c.actor, c.issue) for c in p.crossings] == [
        ("russia", "donbas"),
        ("russia", "foreign_troops"),
        ("russia", "guarantees"),  # a US Article-5-like guarantee, past the 28 points' one
        ("ukraine", "donbas"),
        ("ukraine", "army_cap"),  # Russia's 85,000 at salience 0.8 pulls the cap below 800,000
        # the bid renounced for a US-only guarantee: Kyiv's NATO line is waived only by the
        # binding US-European one (art5_multi), the terms of its Berlin offer
        ("ukraine", "nato"),
    ]  # Europe's Crimea red line concerns its own recognition only: the forecast keeps to it
    assert p.acceptable is False
    assert "usa" in p.positions["donbas"]  # on Donbas the forecast is the US position


def test_ukraine_headline_names_the_red_lines_the_package_crosses() -> None:
    text = accord("forecast", "ukraine-2025").stdout
    head = " ".join(text[: text.index("where each issue lands")].split())
    # soft red lines on Donbas: the chance is an honest probability, worded as one
    assert "the chance of a zone of agreement is" in head
    assert "Some red lines are soft (they may give at a cost), so this is a probability" in head
    assert "restates that input" not in head
    assert (
        "crosses 6 red lines: Russia's on Control of the rest of Donetsk (Donbas), Western "
        "forces in Ukraine and Security guarantees for Ukraine; Ukraine's on Control of the "
        "rest of Donetsk (Donbas), Cap on Ukraine's armed forces and Ukraine and NATO "
        "membership." in head
    )
    assert "Russia and Ukraine would refuse it" in head
    assert "(United States' position)" in head
    assert (
        "Centre of the stated positions (weighted by capability and salience), ignoring vetoes "
        "— not a prediction that this deal is reachable: where each issue lands"
        in " ".join(text.split())
    )


def test_forecast_json_has_deal_and_package_and_keeps_its_keys() -> None:
    data = json.loads(accord("forecast", "ukraine-2025", "--json").stdout)
    assert {"scenario", "model", "actors", "issues", "notes"} <= set(data)
    deal = data["deal"]
    # 54 of the 100 draws decided exactly have a ZOPA: each soft red line holds in a draw
    # with its credibility, and one that gives costs its actor its cost; where the Donbas
    # lines lie is drawn too (their spreads), so some draws have room even with both holding.
    # (56 before Kyiv's NATO waiver needed the binding US-European guarantee: every zone now
    # pays the link's charge for that guarantee without European forces, and two draws lose
    # their room.)
    assert deal["chance"] == 0.54 and deal["seed"] == 0
    lo, hi = deal["interval"]
    assert 0.42 < lo < 0.54 < hi < 0.66
    assert deal["basis"] and deal["assumes"]
    assert deal["mediated"]["process"] == "mediated"
    pk = data["package"]
    assert {"settings", "crossings", "utilities"} <= set(pk)
    assert len(pk["crossings"]) == 6
    assert data["issues_assume"] == CENTRE  # no deal: the centre of the stated positions
    assert data["deal"]["restates_input"] is False and data["deal"]["why"]


def test_deal_chance_is_seeded_and_reproducible() -> None:
    s = load_builtin("uaw-detroit-2023")
    f = forecast(s, "compromise")
    one = outlook(s, f, draws=60, seed=3, zopa_solves=20)
    two = outlook(s, f, draws=60, seed=3, zopa_solves=20)
    assert one.to_dict() == two.to_dict()
    assert one.deal.seed == 3 and one.deal.draws == 60 and 20 <= one.deal.evaluated <= 60
    assert one.deal.mediated is not None and one.deal.mediated.seed == 3
    lo, hi = one.deal.interval  # type: ignore[misc]
    assert lo <= one.deal.chance <= hi  # type: ignore[operator]


def test_zero_without_spread_on_red_lines_restates_the_input() -> None:
    s = load_builtin("ukraine-2025")
    fixed = s.model_copy(
        update={
            "stances": [
                st.model_copy(update={"uncertainty": None, "firmness": None})
                if st.red_line is not None
                else st
                for st in s.stances
            ]
        }
    )
    o = outlook(fixed, forecast(fixed, "compromise"), draws=30, zopa_solves=30)
    assert o.deal.chance == 0.0 and o.deal.restates_input
    assert any("restates the input" in a for a in o.deal.assumes)
    assert not outlook(s, forecast(s, "compromise"), draws=30, zopa_solves=30).deal.restates_input
