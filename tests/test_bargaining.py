"""ZOPA, bargaining solutions and draft verdicts against brute force, and their properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

import oracle_milp
from accord.analysis.bargaining import analyze
from accord.analysis.solutions import SOLUTIONS, bargaining_solutions, choose
from accord.analysis.space import outcome_space
from accord.analysis.verdicts import proposal_verdicts
from accord.analysis.zopa import zopa
from accord.io import load_builtin
from accord.model import Scenario
from strategies import utility_scenarios

TOL = 1e-9
SLOW = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def grids(scenario: Scenario) -> dict[str, list[object]]:
    space = outcome_space(scenario, [a.id for a in scenario.actors][:1])
    return {iid: list(v) for iid, v in zip(space.issues, space.settings, strict=True)}


def brute(scenario: Scenario, actors: list[str]) -> oracle_milp.Brute:
    return oracle_milp.brute(scenario, actors, grids(scenario))


def small(scenario: Scenario) -> bool:
    return outcome_space(scenario, [scenario.actors[0].id]).full_size <= 3000


# --- ZOPA --------------------------------------------------------------------------------------
@SLOW
@given(utility_scenarios(max_actors=3, max_issues=3, max_constraints=2))
def test_zopa_matches_brute_force(scenario):
    assume(small(scenario))
    actors = [a.id for a in scenario.actors]
    b = brute(scenario, actors)
    inside = [o for o in b.outcomes if not o.broken]
    z = zopa(scenario, actors)
    assert z.exact and z.count == len(inside)
    assert z.space_size == len(b.outcomes)
    assert z.exists == bool(inside)
    for issue in scenario.issues:
        want = {repr(o.values[issue.id]) for o in inside}
        assert {repr(v) for v in z.settings[issue.id]} == want
    if not inside:
        assert z.diagnosis is not None and z.example is None
    else:
        assert z.diagnosis is None and z.example in [o.values for o in inside]


@SLOW
@given(utility_scenarios(max_actors=3, max_issues=3, max_constraints=1))
def test_zopa_without_enumeration_agrees(scenario):
    # The solver path (large spaces) decides existence and settings exactly too.
    assume(small(scenario))
    actors = [a.id for a in scenario.actors]
    exact = zopa(scenario, actors)
    solved = zopa(scenario, actors, enumeration_limit=0, draws=2000)
    assert solved.exists == exact.exists
    assert {k: [repr(v) for v in vs] for k, vs in solved.settings.items()} == {
        k: [repr(v) for v in vs] for k, vs in exact.settings.items()
    }


def test_zopa_estimate_is_seeded_and_close():
    s = load_builtin("uaw-detroit-2023")
    exact = zopa(s)
    est = zopa(s, enumeration_limit=0, seed=3, draws=50_000)
    again = zopa(s, enumeration_limit=0, seed=3, draws=50_000)
    assert est.seed == 3 and est.draws == 50_000 and not est.exact
    assert est.share == again.share  # reproducible
    lo, hi = est.share_interval
    # the exact share lies in the 95% interval for this seed (checked, not assumed)
    assert lo <= exact.share <= hi


def test_ukraine_zopa_is_closed_by_the_donbas_red_lines_alone():
    s = load_builtin("ukraine-2025")
    z = zopa(s)
    assert not z.exists
    items = {(it.kind, it.actor, it.issue) for it in z.diagnosis.conflict}
    # Russia needs at least a buffer counted as Russian, Kyiv at most a mutual pullback:
    # one of the two lines must give, and either is enough
    assert items == {("red_line", "russia", "donbas"), ("red_line", "ukraine", "donbas")}
    assert z.diagnosis.min_relaxations == 1
    assert "cannot both hold" in z.diagnosis.text()


def test_ukraine_guarantee_line_clashes_only_without_its_condition():
    # Moscow's line on guarantees gives way when no Western troops are based in Ukraine (its
    # `unless`); drop that condition and the guarantee lines clash as well, so two must give
    s = load_builtin("ukraine-2025")
    k = next(
        i for i, st in enumerate(s.stances) if st.actor == "russia" and st.issue == "guarantees"
    )
    assert s.stances[k].unless is not None
    stances = list(s.stances)
    stances[k] = stances[k].model_copy(update={"unless": None})
    z = zopa(s.model_copy(update={"stances": stances}))
    items = {(it.kind, it.actor, it.issue) for it in z.diagnosis.conflict}
    assert ("red_line", "russia", "guarantees") in items
    assert z.diagnosis.min_relaxations == 2


# --- bargaining solutions ------------------------------------------------------------------
def _objectives(gains: np.ndarray, utils: np.ndarray, ideal_gain: np.ndarray, w: np.ndarray):
    """Each solution's objective at one outcome, written out plainly."""
    positive = ideal_gain > TOL
    prod = math.prod(g for g, p in zip(gains, positive, strict=True) if p)
    wprod = math.prod(max(g, 0.0) ** x for g, x, p in zip(gains, w, positive, strict=True) if p)
    ratios = [g / s if s > TOL else 1.0 for g, s in zip(gains, ideal_gain, strict=True)]
    return {
        "nash": prod,
        "nash-weighted": wprod,
        "kalai-smorodinsky": min(ratios),
        "egalitarian": min(gains),
        "utilitarian": sum(utils),
    }


def test_a_zero_nash_product_never_picks_an_irrational_outcome():
    # the frontier of one issue of three options: A gains only at B's expense; with B's
    # BATNA 0.5 every rational point gives one party no gain, so each Nash product is 0 and
    # the tie must stay among the rational points (the irrational (1, 0) has the most total)
    utilities = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])
    picks = choose(utilities, np.array([0.0, 0.5]), np.array([0.5, 0.5]))
    assert picks["nash"] in (1, 2) and picks["nash-weighted"] in (1, 2)
    assert all(k in (1, 2) for k in picks.values())


@SLOW
@given(utility_scenarios(min_actors=2, max_actors=3, max_issues=3, max_constraints=1))
def test_solutions_are_optimal_rational_and_pareto(scenario):
    assume(small(scenario))
    actors = [a.id for a in scenario.actors]
    b = brute(scenario, actors)
    clean = [o for o in b.outcomes if not any(k[0] == "red_line" for k in o.broken)]
    d = np.array([scenario.actor(a).batna.utility for a in actors])
    rational = [o for o in clean if all(o.utility[a] >= d[k] - TOL for k, a in enumerate(actors))]
    result = bargaining_solutions(scenario, actors)
    if not rational:
        assert all(v is None for v in result.solutions.values())
        return
    caps = np.array([scenario.actor(a).capability for a in actors], dtype=float)
    w = caps / caps.sum() if caps.sum() > 0 else np.full(len(actors), 1 / len(actors))
    U = np.array([[o.utility[a] for a in actors] for o in rational])
    ideal_gain = U.max(axis=0) - d
    best = {name: max(_objectives(u - d, u, ideal_gain, w)[name] for u in U) for name in SOLUTIONS}
    for name in SOLUTIONS:
        sol = result.solutions[name]
        assert sol is not None
        u = np.array([sol.utility[a] for a in actors])
        assert np.all(u >= d - TOL), f"{name} is not individually rational"
        got = _objectives(u - d, u, ideal_gain, w)[name]
        # scores within TOL of the best tie (choose() then takes the larger total gain)
        assert got == pytest.approx(best[name], rel=TOL, abs=TOL), name
        # Pareto-optimal among the outcomes that cross no red line
        for o in clean:
            v = np.array([o.utility[a] for a in actors])
            assert not (np.all(v >= u - TOL) and np.any(v > u + 1e-7)), f"{name} is dominated"
        # the reported outcome really has the reported utilities
        match = [o for o in clean if o.values == sol.outcome]
        assert match and np.allclose([match[0].utility[a] for a in actors], u)


def _mirror_scenario(n_issues: int, n_options: int, batna: float) -> Scenario:
    issues = [
        {
            "id": f"i{k}",
            "name": f"issue {k}",
            "kind": "ordinal",
            "options": [{"id": f"o{j}", "label": f"option {j}"} for j in range(n_options)],
        }
        for k in range(n_issues)
    ]
    stances = [
        {"actor": a, "issue": f"i{k}", "position": pos, "salience": 0.5, "judgement": "test"}
        for k in range(n_issues)
        for a, pos in (("a", "o0"), ("b", f"o{n_options - 1}"))
    ]
    actors = [
        {
            "id": a,
            "name": a.upper(),
            "role": "party",
            "capability": 1,
            "batna": {"description": "walk away", "utility": batna, "judgement": "test"},
        }
        for a in ("a", "b")
    ]
    return Scenario.model_validate(
        {"id": "mirror", "title": "mirror", "actors": actors, "issues": issues, "stances": stances}
    )


@pytest.mark.parametrize(
    ("n_issues", "n_options", "batna"), [(1, 11, 0.2), (3, 5, 0.1), (4, 3, 0.3)]
)
def test_symmetric_game_gives_symmetric_solutions(n_issues, n_options, batna):
    result = bargaining_solutions(_mirror_scenario(n_issues, n_options, batna))
    for name in ("nash", "kalai-smorodinsky", "egalitarian"):
        sol = result.solutions[name]
        assert sol.utility["a"] == pytest.approx(sol.utility["b"]), name
        assert sol.gain["a"] == pytest.approx(sol.utility["a"] - batna)


def test_adding_a_dominated_option_changes_nothing():
    base = _mirror_scenario(2, 5, 0.2)
    data = base.model_dump(mode="json")
    # a sixth option on issue i0 that both parties value below option o2 (table utilities)
    data["issues"][0]["options"].append({"id": "worse", "label": "worse"})
    for st in data["stances"]:
        if st["issue"] == "i0":
            a_side = st["actor"] == "a"
            table = {f"o{j}": (1 - j / 4) if a_side else j / 4 for j in range(5)}
            table["worse"] = 0.1
            st["utility"], st["table"] = "table", table
    bigger = Scenario.model_validate(data)
    before = bargaining_solutions(base)
    after = bargaining_solutions(bigger)
    for name in SOLUTIONS:
        assert after.solutions[name].utility == pytest.approx(before.solutions[name].utility)
        assert after.solutions[name].outcome["i0"] != "worse"


def test_batna_below_every_outcome_keeps_the_batna_as_disagreement_point():
    # BATNA 0 is below every outcome here (each outcome gives both at least 0 only at the ends);
    # the convention: gains are measured from the BATNA as given, not from the worst outcome.
    s = _mirror_scenario(1, 11, 0.0)
    result = bargaining_solutions(s)
    assert result.disagreement == {"a": 0.0, "b": 0.0}
    assert result.disagreement_source == {"a": "batna", "b": "batna"}
    nash = result.solutions["nash"]
    assert nash.gain == pytest.approx(nash.utility)
    assert nash.utility == pytest.approx({"a": 0.5, "b": 0.5})


def test_unknown_batna_uses_the_worst_outcome_and_says_so():
    data = _mirror_scenario(1, 11, 0.2).model_dump(mode="json")
    del data["actors"][1]["batna"]["utility"]
    result = bargaining_solutions(Scenario.model_validate(data))
    assert result.disagreement_source["b"].startswith("worst outcome")
    assert result.disagreement["b"] == pytest.approx(0.0)
    assert any("BATNA unknown" in n for n in result.notes)


def test_no_rational_outcome_means_no_solution():
    result = bargaining_solutions(_mirror_scenario(1, 11, 0.6))  # 0.6 + 0.6 > 1: impossible
    assert all(v is None for v in result.solutions.values())
    assert result.individually_rational == 0


def test_weighted_nash_favours_the_stronger_party():
    data = _mirror_scenario(1, 21, 0.0).model_dump(mode="json")
    data["actors"][0]["capability"] = 3
    result = bargaining_solutions(Scenario.model_validate(data))
    # maximise u^0.75 (1-u)^0.25 on a grid of 21 points -> u = 0.75
    assert result.solutions["nash-weighted"].utility["a"] == pytest.approx(0.75)
    assert result.weights == pytest.approx({"a": 0.75, "b": 0.25})


# --- verdicts and the whole analysis -------------------------------------------------------
def test_minimal_verdicts():
    from pathlib import Path

    from accord.io import load_scenario

    s = load_scenario(Path(__file__).parent / "data" / "minimal.yaml")
    by_id = {v.proposal: v for v in proposal_verdicts(s)}
    opening = by_id["opening"]
    assert opening.accepts == {"union": "no", "firm": "yes"}  # crosses the union's wage line
    assert opening.accepted == "no"
    assert opening.amendment.possible and opening.amendment.n_changes >= 1
    final = by_id["final"]
    assert final.accepts["firm"] == "yes"


@SLOW
@given(
    utility_scenarios(
        min_actors=2,
        max_actors=3,
        max_issues=3,
        max_proposals=2,
        unknown_settings=False,
        silent_issues=False,
    )
)
def test_dominance_of_known_drafts_matches_brute_force(scenario):
    assume(small(scenario) and scenario.proposals)
    actors = [a.id for a in scenario.actors]
    b = brute(scenario, actors)
    clean = [o for o in b.outcomes if not any(k[0] == "red_line" for k in o.broken)]
    for v in proposal_verdicts(scenario, actors, amend=False):
        u = np.array([v.low[a] for a in actors])
        dominated = any(
            all(o.utility[a] >= u[k] - TOL for k, a in enumerate(actors))
            and any(o.utility[a] > u[k] + TOL for k, a in enumerate(actors))
            for o in clean
        )
        assert (v.dominated == "yes") == dominated
        if dominated:
            assert all(g >= -TOL for g in v.improvement.values())


def test_ukraine_analysis_end_to_end():
    s = load_builtin("ukraine-2025")
    result = analyze(s)
    data = result.to_dict()
    assert {"zopa", "pareto", "solutions", "proposals"} <= set(data)
    assert data["zopa"]["exists"] is False
    assert result.relaxed is not None and result.relaxed.solutions["nash"] is not None
    verdicts = {v["proposal"]: v for v in data["proposals"]}
    assert verdicts["us-28"]["accepts"] == {"russia": "yes", "ukraine": "no"}
    assert verdicts["e3-counter"]["accepts"] == {"russia": "no", "ukraine": "yes"}
    assert verdicts["us-28"]["smallest_amendment"]["possible"] is False
