"""Red lines that can give: the format, the softened space, the cheapest set to give, the
relaxed bargaining, the timeline and levers, each against a literal enumeration."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from accord.analysis.bargaining import analyze, bargain
from accord.analysis.give import give_way
from accord.analysis.milp.softlines import cheapest_give
from accord.analysis.softening import SoftLine, soft_lines, soften
from accord.analysis.space import outcome_space
from accord.analysis.zopa import zopa
from accord.dynamics.levers import set_levers
from accord.dynamics.openings import smallest_openings
from accord.dynamics.process_tables import build_tables
from accord.dynamics.timeline import given_at, timeline
from accord.forecast.montecarlo import simulate
from accord.io.scenarios import dump_scenario, load_scenario, parse_scenario
from accord.model import IssueKind, Scenario
from oracle_milp import evaluate, forbidden
from oracle_milp import settings as all_outcome_settings
from strategies import utility_scenarios

EXAMPLE = Path(__file__).parent / "data" / "soft" / "soft.yaml"
SOFT = utility_scenarios(max_actors=3, max_issues=3, max_constraints=1, firmness=True)
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
TOL = 1e-9


# --- the file format ------------------------------------------------------------------------------
def test_example_round_trips() -> None:
    s = load_scenario(EXAMPLE)
    again, problems = parse_scenario(dump_scenario(s))
    assert problems == [] and again == s
    soft = s.stance("kyiv", "territory").soft  # type: ignore[union-attr]
    assert (
        soft is not None and soft.cost == 0.15 and soft.at_month(10) == (0.15, pytest.approx(0.4))
    )
    assert s.stance("kyiv", "guarantees").soft is None  # type: ignore[union-attr]


@SLOW
@given(SOFT)
def test_random_soft_scenarios_round_trip(s: Scenario) -> None:
    again, problems = parse_scenario(dump_scenario(s))
    assert [p for p in problems if p.severity == "error"] == [] and again == s


TEXT = EXAMPLE.read_text()
BAD = [
    ("credibility: 0.7", "credibility: 1.5", "valid: a number from 0 to 1", "stances"),
    ("credibility: 0.9", "credibility: -0.1", "valid: a number from 0 to 1", "stances"),
    ("cost: 0.15", "cost: -0.2", "valid: a number of at least 0", "stances"),
    ("red_line: cede\n", "red_line: cede\n    firmness: firm\n", "is not a firmness", "stances"),
    (
        "{credibility: {low: 0.5, high: 0.85}}",
        "{credibilty: {low: 0.5, high: 0.85}}",
        "did you mean",
        "stances",
    ),
    (
        "{credibility: {low: 0.5, high: 0.85}}",
        "{credibility: {low: 0.5, high: 1.85}}",
        "",
        "stances",
    ),
    (
        'target: "red_line.credibility:territory"',
        'target: "red_line.credibility:sanctions"',
        "no soft red line on 'sanctions'",
        "levers",
    ),
    (
        '{actor: moscow, target: "red_line.cost:territory"',
        '{actor: kyiv, target: "red_line.cost:guarantees"',
        "'kyiv' has no soft red line on 'guarantees'",
        "levers",
    ),
    (
        'target: "red_line.cost:territory"',
        'target: "red_line.price:territory"',
        "not a valid target",
        "levers",
    ),
    ("    red_line: cede\n", "", "a soft firmness needs a 'red_line'", "stances"),
]


@pytest.mark.parametrize(("old", "new", "message", "where"), BAD)
def test_bad_firmness_is_located(old: str, new: str, message: str, where: str) -> None:
    assert old in TEXT
    scenario, problems = parse_scenario(TEXT.replace(old, new, 1))
    assert scenario is None
    hits = [p for p in problems if message in p.message and p.severity == "error"]
    assert hits, [p.message for p in problems]
    assert hits[0].line is not None and hits[0].column is not None
    assert hits[0].path[0] == where


# --- the oracle -----------------------------------------------------------------------------------
def grids(space, scenario: Scenario) -> dict[str, tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return {
        iid: space.settings[i]
        for i, iid in enumerate(space.issues)
        if scenario.issue(iid).kind is IssueKind.continuous
    }


def literal(s: Scenario, actors: list[str], grid: dict[str, tuple[object, ...]]):  # type: ignore[no-untyped-def]
    """Every outcome the constraints allow: (values, utility, crossed red lines)."""
    choices = all_outcome_settings(s, grid)
    ids = [i.id for i in s.issues]
    out = []
    for combo in itertools.product(*choices):
        values = dict(zip(ids, combo, strict=True))
        if forbidden(s, values):
            continue
        utility, broken = evaluate(s, actors, values)
        crossed = {(a, i) for kind, a, i in broken if kind == "red_line"}
        out.append((values, utility, crossed))
    return out


def accepted(s: Scenario, actors: list[str], utility, crossed, give: dict) -> bool:  # type: ignore[no-untyped-def]
    """Acceptable when the lines in ``give`` (key -> cost) cost their actors and others hold."""
    if any(key not in give for key in crossed):
        return False
    for a in actors:
        u = utility[a] - sum(c for (who, _), c in give.items() if who == a and (who, _) in crossed)
        b = s.actor(a).batna
        if b is not None and b.utility is not None and u < b.utility - TOL:
            return False
    return True


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(SOFT)
def test_cheapest_set_matches_a_literal_enumeration(s: Scenario) -> None:
    space = outcome_space(s)
    actors = list(space.actors)
    lines = soft_lines(s, actors)
    costs = {(ln.actor, ln.issue): ln.cost for ln in lines}
    rows = literal(s, actors, grids(space, s))
    ok = [(v, crossed) for v, u, crossed in rows if accepted(s, actors, u, crossed, costs)]
    found = cheapest_give(space, lines)
    if not lines:
        assert give_way(s, space, needed=True) is None
    if not ok:
        assert found is None
        return
    assert found is not None
    best = min(sum(costs[k] for k in crossed) for _, crossed in ok)
    assert found.cost == pytest.approx(best, abs=1e-7)
    assert {(ln.actor, ln.issue) for ln in found.lines} <= set(costs)
    if not lines:
        return
    # must give: the soft lines every acceptable outcome crosses
    report = give_way(s, space, needed=True)
    assert report is not None and report.cheapest is not None
    every = set.intersection(*[set(c) for _, c in ok])
    assert {(ln.actor, ln.issue) for ln in report.must_give} == every
    # the zone that opens when the cheapest set gives
    given_costs = {(ln.actor, ln.issue): ln.cost for ln in report.cheapest.lines}
    count = sum(accepted(s, actors, u, c, given_costs) for _, u, c in rows)
    assert report.zopa_if_given is not None and report.zopa_if_given.count == count


@SLOW
@given(SOFT)
def test_softened_space_matches_the_formula(s: Scenario) -> None:
    space = outcome_space(s)
    actors = list(space.actors)
    lines = soft_lines(s, actors)
    costs = {(ln.actor, ln.issue): ln.cost for ln in lines}
    rows = literal(s, actors, grids(space, s))
    softened = soften(space, lines, hard=True)
    codes = softened.enumerate()
    got = {tuple(map(repr, softened.decode(c).values())): k for k, c in enumerate(codes)}
    util = softened.utilities(codes)
    factor_util = np.zeros_like(util)
    # the factors' utilities agree with the per-setting table
    ref = softened.enumerate()
    assert (ref == codes).all()
    keep = [(v, u, c) for v, u, c in rows if all(k in costs for k in c)]
    assert len(got) == len(keep) == softened.size
    for values, utility, crossed in keep:
        k = got[tuple(map(repr, values.values()))]
        for a, aid in enumerate(actors):
            pen = sum(costs[key] for key in crossed if key[0] == aid)
            assert util[a, k] == pytest.approx(utility[aid] - pen, abs=1e-9)
    del factor_util


@SLOW
@given(utility_scenarios(max_actors=3, max_issues=3, max_constraints=1))
def test_softening_nothing_is_the_red_line_space_bit_for_bit(s: Scenario) -> None:
    plain = outcome_space(s)
    strict = outcome_space(s, red_lines=plain.actors)
    same = soften(plain, (), hard=True)
    assert len(same.factors) == len(strict.factors)
    for f, g in zip(same.factors, strict.factors, strict=True):
        assert np.array_equal(f.codes, g.codes) and np.array_equal(f.utility, g.utility)


def test_the_example() -> None:
    s = load_scenario(EXAMPLE)
    result = analyze(s)
    assert not result.zopa.exists and result.soft is not None
    c = result.soft.cheapest
    assert c is not None and c.total_cost == pytest.approx(0.18)
    assert [(ln.actor, ln.issue) for ln in c.lines] == [
        ("kyiv", "territory"),
        ("moscow", "guarantees"),
    ]
    assert result.soft.must_give == ()
    assert result.soft.zopa_if_given is not None and result.soft.zopa_if_given.count == 1
    # the relaxed solutions pay soft costs, within Kyiv's hard red line on guarantees
    assert result.relaxed is not None
    nash = result.relaxed.solutions["nash"]
    assert nash is not None and nash.outcome["guarantees"] != "none"
    assert nash.utility["moscow"] == pytest.approx(0.66 - 0.2, abs=0.01)
    plain = result.to_dict()
    assert plain["soft_red_lines"]["cheapest"]["total_cost"] == pytest.approx(0.18)


def test_constraints_that_rule_out_everything_leave_nothing_to_give() -> None:
    s = load_scenario(EXAMPLE)
    text = (
        dump_scenario(s)
        + "constraints:\n  - {id: all, description: none left,\n"
        + "     forbid: {sanctions: [true, false]}}\n"
    )
    blocked, problems = parse_scenario(text)
    assert blocked is not None, problems
    assert cheapest_give(outcome_space(blocked), soft_lines(blocked)) is None


def test_without_soft_red_lines_nothing_changes() -> None:
    s = load_scenario(Path(__file__).parent / "data" / "minimal.yaml")
    assert soft_lines(s) == ()
    assert "soft_red_lines" not in analyze(s).to_dict()


def test_all_hard_keeps_dropping_every_red_line() -> None:
    s = load_scenario(EXAMPLE)
    hard = s.model_copy(
        update={"stances": [st.model_copy(update={"firmness": None}) for st in s.stances]}
    )
    _strict, relaxed = bargain(hard, ["kyiv", "moscow"])
    assert relaxed is not None and relaxed.space.red_lines_applied == ()
    assert analyze(hard).soft is None


def test_zopa_of_a_softened_space() -> None:
    s = load_scenario(EXAMPLE)
    space = outcome_space(s)
    lines = soft_lines(s)
    z = zopa(s, space=soften(space, lines))
    assert z.exists and z.count == sum(
        1
        for _, u, c in literal(s, list(space.actors), {})
        if accepted(s, list(space.actors), u, c, {(ln.actor, ln.issue): ln.cost for ln in lines})
    )
    assert isinstance(lines[0], SoftLine)


# --- over time and under levers ---------------------------------------------------------------
def test_erosion_opens_the_zopa_in_the_example() -> None:
    s = load_scenario(EXAMPLE)
    tl = timeline(s, months=12)
    assert tl.opens == [7] and tl.closes == []
    months = {(g["actor"], g["issue"]): g["month"] for g in tl.gives}
    assert months == {
        ("kyiv", "territory"): 7,
        ("moscow", "territory"): None,
        ("moscow", "guarantees"): 6,
    }
    assert tl.to_dict()["soft_red_lines"] == tl.gives
    assert "gives in the month its credibility falls below 0.5" in tl.summary()
    # the month of each line that gives is said to follow from its stated credibility and
    # erosion: the first month t with credibility - t * erosion below 0.5
    for g in tl.gives:
        st = s.stance(g["actor"], g["issue"])
        soft = st.soft if st is not None else None
        assert soft is not None and g["credibility"] == pytest.approx(soft.credibility)
        rate = soft.erosion.per_month.credibility if soft.erosion else 0.0
        assert g["erosion"] == pytest.approx(rate)
        if g["month"] is not None:
            t = g["month"]
            assert soft.credibility - t * rate < 0.5 <= soft.credibility - (t - 1) * rate
            said = f"credibility {soft.credibility:.2f} less its stated erosion of {rate:.3f}"
            assert said in tl.summary()


def test_a_lever_wears_a_red_line_down() -> None:
    s = load_scenario(EXAMPLE)
    turned, changes = set_levers(s, {"pressure": 2})
    soft = turned.stance("moscow", "territory").soft  # type: ignore[union-attr]
    assert soft is not None and soft.credibility == pytest.approx(0.4) and soft.cost == 0.0
    assert [c.target for c in changes] == [
        "red_line.credibility:territory",
        "red_line.cost:territory",
    ]
    tl = timeline(s, months=3, settings={"pressure": 2})
    assert all(m.exists for m in tl.months)
    assert timeline(s, months=3).months[0].exists is False


def test_without_soft_red_lines_the_timeline_has_no_new_key() -> None:
    s = load_scenario(Path(__file__).parent / "data" / "minimal.yaml")
    tl = timeline(s, months=2)
    assert tl.gives == [] and "soft_red_lines" not in tl.to_dict()


@SLOW
@given(SOFT)
def test_timeline_month_zero_matches_a_literal_enumeration(s: Scenario) -> None:
    tl = timeline(s, months=0)
    space = outcome_space(s)
    actors = list(space.actors)
    given_costs = {
        (ln.actor, ln.issue): ln.cost for ln in soft_lines(s, actors) if ln.credibility < 0.5
    }
    rows = literal(s, actors, grids(space, s))
    count = sum(accepted(s, actors, u, c, given_costs) for _, u, c in rows)
    assert tl.months[0].count == count and tl.months[0].exists == (count > 0)


def test_verdicts_charge_soft_costs_in_the_soft_basis() -> None:
    result = analyze(load_scenario(EXAMPLE))
    assert result.relaxed_soft
    [v] = result.verdicts
    assert v.accepts["moscow"] == "no"  # its red line is still a wall for acceptance
    assert v.distance["nash"] == pytest.approx(0.0, abs=1e-9)  # net of Moscow's cost 0.2
    assert v.dominated == "no"
    assert "soft red lines at their cost" in result.to_dict()["verdicts_judged_against"]


def test_given_at_follows_the_timeline_rule() -> None:
    s = load_scenario(EXAMPLE)
    assert given_at(s, ["kyiv", "moscow"], 5) == ()
    assert [(ln.actor, ln.issue) for ln in given_at(s, ["kyiv", "moscow"], 7)] == [
        ("kyiv", "territory"),
        ("moscow", "guarantees"),
    ]
    assert given_at(s, ["moscow"], 7)[0].credibility == pytest.approx(0.46)


# --- Monte Carlo and processes ----------------------------------------------------------------
def exact_chance(s: Scenario, credibility: dict[tuple[str, str], float]) -> float:
    """The chance of a ZOPA when each soft red line holds independently with its credibility:
    a sum over every pattern of holding lines (the literal enumeration decides each)."""
    space = outcome_space(s)
    actors = list(space.actors)
    lines = soft_lines(s, actors)
    rows = literal(s, actors, grids(space, s))
    total = 0.0
    for pattern in itertools.product([True, False], repeat=len(lines)):
        p = 1.0
        for ln, held in zip(lines, pattern, strict=True):
            q = credibility[(ln.actor, ln.issue)]
            p *= q if held else 1 - q
        give = {
            (ln.actor, ln.issue): ln.cost
            for ln, held in zip(lines, pattern, strict=True)
            if not held
        }
        if any(accepted(s, actors, u, c, give) for _, u, c in rows):
            total += p
    return total


def test_monte_carlo_draws_whether_soft_red_lines_hold() -> None:
    s = load_scenario(EXAMPLE)
    draws = 4000
    result = simulate(s, draws=draws, seed=1)
    # Kyiv's credibility is drawn uniformly from 0.5..0.85: it holds with chance 0.675
    exact = exact_chance(
        s,
        {("kyiv", "territory"): 0.675, ("moscow", "territory"): 0.9, ("moscow", "guarantees"): 0.6},
    )
    assert 0.1 < exact < 0.5
    p = result.zopa.probability
    assert p is not None and abs(p - exact) < 4 * (exact * (1 - exact) / draws) ** 0.5
    lo, hi = result.zopa.interval  # type: ignore[misc]
    assert lo < p < hi
    again = simulate(s, draws=draws, seed=1)
    assert again.zopa.probability == p  # seeded


@SLOW
@given(SOFT)
def test_monte_carlo_chance_matches_the_enumeration_over_patterns(s: Scenario) -> None:
    lines = soft_lines(s, outcome_space(s).actors)
    draws = 3000
    result = simulate(s, draws=draws, seed=3)
    exact = exact_chance(s, {(ln.actor, ln.issue): ln.credibility for ln in lines})
    p = result.zopa.probability
    assert p is not None
    assert abs(p - exact) <= 5 * (max(exact * (1 - exact), 1e-4) / draws) ** 0.5 + 1e-12


def test_without_soft_red_lines_monte_carlo_is_unchanged() -> None:
    s = load_scenario(Path(__file__).parent / "data" / "minimal.yaml")
    a = simulate(s, draws=300, seed=2)
    assert not any("soft red line" in n for n in a.notes)


def test_processes_concede_a_soft_red_line_when_the_deal_beats_the_alternative() -> None:
    s = load_scenario(EXAMPLE)
    hard = s.model_copy(
        update={"stances": [st.model_copy(update={"firmness": None}) for st in s.stances]}
    )
    tables = build_tables(s, None, rounds=3)
    walls = build_tables(hard, None, rounds=3)
    # Kyiv's soft line on Donbas: a cost where crossed, no longer counted as a crossing
    assert walls.crosses.sum() > tables.crosses.sum()
    k = tables.parties.index("kyiv")
    assert np.nanmin(tables.utility[0, k] - walls.utility[0, k]) == pytest.approx(-0.15)


def test_the_lever_search_wears_a_red_line_down() -> None:
    s = load_scenario(EXAMPLE)
    found = smallest_openings(s)
    assert found.found and [x.settings for x in found.solutions] == [{"pressure": 2.0}]
    assert found.solutions[0].deal is not None
    assert smallest_openings(s, month=7).moved == 0  # erosion alone opens it by month 7
    # the slow check agrees with the timeline under the lever
    assert timeline(s, months=0, settings={"pressure": 1}).months[0].exists is False
    assert timeline(s, months=0, settings={"pressure": 2}).months[0].exists is True


# --- the same holds in drafts' acceptance and in the processes -----------------------------------
def _credibility(s: Scenario, value: float) -> Scenario:
    """Every soft red line at credibility ``value``, without a spread."""
    stances = [
        st.model_copy(
            update={
                "firmness": st.firmness.model_copy(
                    update={"credibility": value, "uncertainty": None}
                )
            }
        )
        if st.firmness is not None
        else st
        for st in s.stances
    ]
    return s.model_copy(update={"stances": stances})


def _hard(s: Scenario) -> Scenario:
    return s.model_copy(
        update={"stances": [st.model_copy(update={"firmness": None}) for st in s.stances]}
    )


def test_acceptance_with_credibility_one_is_the_hard_acceptance() -> None:
    s = load_scenario(EXAMPLE)
    a = simulate(_credibility(s, 1.0), draws=300, seed=4)
    b = simulate(_hard(s), draws=300, seed=4)
    assert a.acceptance == b.acceptance and a.accepted_by_all == b.accepted_by_all


def test_acceptance_with_credibility_zero_charges_the_cost() -> None:
    from accord.forecast.montecarlo_chunks import compile_plan, evaluate
    from accord.uncertainty.holds import all_give

    s = _credibility(load_scenario(EXAMPLE), 0.0)
    result = simulate(s, draws=200, seed=4)
    plan = compile_plan(
        s,
        "compromise",
        None,
        None,
        draws=1,
        acceptance=True,
        zopa=False,
        zopa_budget=0,
        zopa_solves=0,
    )
    given = evaluate(
        plan, plan.base.values()[None, :], outputs=("accepts",), holds=all_give(s, plan.parties, 1)
    )
    for p, draft in enumerate(plan.proposals):
        for a, party in enumerate(plan.parties):
            expect = float(given.accepts[0, p, a] == 2)
            assert result.acceptance[draft][party]["yes"] == expect
    # with every line a wall, Moscow refuses the freeze (it crosses its territory line)
    walls = simulate(_hard(s), draws=50, seed=4)
    assert walls.acceptance["freeze-deal"]["moscow"]["yes"] == 0.0


def test_acceptance_follows_the_drawn_holds_draw_by_draw() -> None:
    from accord.forecast.montecarlo_chunks import compile_plan, evaluate
    from accord.uncertainty.holds import draw_holds
    from accord.uncertainty.plan import seeding

    s = load_scenario(EXAMPLE)
    n = 2000
    plan = compile_plan(
        s,
        "compromise",
        None,
        None,
        draws=n,
        acceptance=True,
        zopa=False,
        zopa_budget=0,
        zopa_solves=0,
    )
    _, [(_start, size, child)] = seeding(1, n, n)
    holds = draw_holds(s, plan.parties, size, child)
    values = np.zeros((size, 0)) if not plan.base.inputs else None
    assert values is not None
    soft = evaluate(plan, values, outputs=("accepts",), holds=holds).accepts
    walls = evaluate(plan, values, outputs=("accepts",)).accepts
    k = [(ln.actor, ln.issue) for ln in holds.lines].index(("moscow", "territory"))
    m = plan.parties.index("moscow")
    p = plan.proposals.index("freeze-deal")
    # the freeze crosses Moscow's soft territory line: refused where it holds, not a wall
    # where it gives (then its cost decides)
    assert (walls[:, p, m] == 0).all()
    assert (soft[holds.holds[:, k], p, m] == 0).all()
    gives = ~holds.holds[:, k]
    assert gives.any() and (soft[gives, p, m] == 2).all()  # the deal, less 0.2, beats 0.4
    # the holds' frequency: credibility 0.9
    share = holds.holds[:, k].mean()
    assert abs(share - 0.9) < 4 * (0.9 * 0.1 / n) ** 0.5
    kyiv = [(ln.actor, ln.issue) for ln in holds.lines].index(("kyiv", "territory"))
    assert abs(holds.holds[:, kyiv].mean() - 0.675) < 4 * (0.675 * 0.325 / n) ** 0.5


def test_processes_draw_the_holds_as_monte_carlo() -> None:
    from accord.dynamics.processes import simulate_process
    from accord.uncertainty.holds import all_give, draw_holds
    from accord.uncertainty.plan import seeding

    s = load_scenario(EXAMPLE)
    one = build_tables(
        _credibility(s, 1.0),
        None,
        3,
        holds=draw_holds(_credibility(s, 1.0), ["kyiv", "moscow"], 1, seeding(1, 1, 1)[1][0][2]),
    )
    hard = build_tables(_hard(s), None, 3)
    assert np.array_equal(one.utility, hard.utility) and np.array_equal(one.crosses, hard.crosses)
    zero_s = _credibility(s, 0.0)
    zero = build_tables(
        zero_s, None, 3, holds=draw_holds(zero_s, ["kyiv", "moscow"], 1, seeding(1, 1, 1)[1][0][2])
    )
    cost = build_tables(zero_s, None, 3, holds=all_give(zero_s, ["kyiv", "moscow"], 1))
    assert np.array_equal(zero.utility, cost.utility) and np.array_equal(zero.crosses, cost.crosses)
    # same seed, same holds: without BATNAs moving, a run agrees only where its draw has a ZOPA
    still = s.model_copy(
        update={
            "actors": [
                a.model_copy(update={"batna": a.batna.model_copy(update={"over_time": None})})
                if a.batna
                else a
                for a in s.actors
            ]
        }
    )
    runs = simulate_process(still, runs=400, seed=5)
    chance = simulate(still, draws=400, seed=5).zopa.probability
    assert chance is not None and 0 < runs.results["agreement"] <= chance
    assert any("soft red line holds in a run" in note for note in runs.notes)
    assert runs.results == simulate_process(still, runs=400, seed=5).results
