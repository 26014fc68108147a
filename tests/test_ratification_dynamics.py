"""Ratification at home and commitments in Monte Carlo, the processes and the timeline.

Against the plain loops of tests/oracle_ratified_dynamics.py (every draw, outcome and
ratifier one at a time) and hand-computed numbers on tests/data/ratification/
ratified-talks.yaml, whose header works them out; the vectorised processes with ratifiers
against their plain references on random scenarios (hypothesis).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accord.analysis.ratified_space import surely_empty
from accord.analysis.space import ENUMERATION_LIMIT, outcome_space
from accord.dynamics.alternating import alternate, alternate_reference
from accord.dynamics.mediated import mediate, mediate_reference
from accord.dynamics.process_ratifiers import change_passes, passes, passes_reference
from accord.dynamics.process_tables import AGREEMENT, build_tables
from accord.dynamics.processes import PROCESSES, simulate_process
from accord.dynamics.timeline import timeline
from accord.forecast.models import forecast
from accord.forecast.montecarlo import simulate
from accord.forecast.montecarlo_chunks import DEFAULT_CHUNK, compile_plan, run_draws
from accord.forecast.outlook import package
from accord.forecast.ratified_draws import FOUND, NONE, UNRESOLVED
from accord.io import read_scenario
from accord.model import IssueKind, Scenario
from accord.uncertainty.commitments import sequence_draws
from accord.uncertainty.draws import sample, uncertain_inputs
from accord.uncertainty.plan import seeding
from accord.uncertainty.swings import swing_seed, swings
from cli_runner import accord
from oracle import utility
from oracle_ratification import ratifier_utility
from oracle_ratified_dynamics import ratified_with, zopa_ratified
from strategies import utility_scenario_data

TALKS = Path(__file__).parent / "data" / "ratification" / "ratified-talks.yaml"
PARTIES = ["north", "south"]
Phi = NormalDist().cdf
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


def load(path: Path) -> Scenario:
    s, problems = read_scenario(path)
    assert s is not None, problems
    return s


@pytest.fixture(scope="module")
def talks() -> Scenario:
    return load(TALKS)


def variant(s: Scenario, change: str) -> Scenario:
    """The talks with their ratifiers changed: a vote that depends on the outcome, a
    conditional red line, or a majority rule (the last two rule out the exact check)."""
    doc = s.model_dump(mode="json", exclude_none=True)
    south, north = doc["ratification"]
    if change == "votes-when":
        south["ratifiers"][0]["votes_when"] = [{"issue": "border", "at_most": "partial"}]
    elif change == "unless":
        north["ratifiers"][0]["stances"][0]["unless"] = {"issue": "border", "equals": "none"}
    elif change == "majority":
        north["rule"] = "majority"
        north["ratifiers"].append(
            {
                "id": "north-assembly",
                "name": "North's assembly",
                "kind": "parliament",
                "threshold": 0.7,
                "stances": [{"issue": "aid", "position": 0, "salience": 1.0}],
            }
        )
    return Scenario.model_validate(doc)


def chunks(s: Scenario, draws: int, seed: int, **budget: int) -> tuple[Any, list[Any]]:
    plan = compile_plan(
        s,
        "compromise",
        None,
        None,
        draws=draws,
        acceptance=True,
        zopa=True,
        zopa_budget=budget.get("zopa_budget", 20_000_000),
        zopa_solves=budget.get("zopa_solves", 500),
        ratification=True,
    )
    outputs = ("forecast", "accepts", "zopa", "ratified")
    _, out = run_draws(
        plan,
        draws=draws,
        seed=seed,
        chunk=DEFAULT_CHUNK,
        backend="numpy",
        address=None,
        progress=None,
        outputs=outputs,
    )
    return plan, out


def drawn_swings(plan: Any, draws: int, seed: int) -> list[dict[str, float]]:
    """Each draw's swing of every ratifier, drawn again from the chunks' seeds."""
    rat = plan.ratified.rat
    _, args = seeding(seed, draws, DEFAULT_CHUNK)
    rows = np.concatenate([swings(rat, size, swing_seed(child)) for _, size, child in args])
    return [dict(zip(rat.ids, row, strict=True)) for row in rows]


def drawn_batnas(plan: Any, values: np.ndarray) -> list[dict[str, float | None]]:
    """Each draw's BATNA of every party (the scenario's only spreads)."""
    cols = {spec.actor: k for k, spec in enumerate(plan.base.inputs) if spec.kind == "batna"}
    return [{a: float(row[cols[a]]) for a in PARTIES} for row in values]


def outcomes(s: Scenario) -> list[dict[str, object]]:
    space = outcome_space(s, PARTIES)
    return [space.decode(c) for c in space.enumerate()]


# --- Monte Carlo: drafts ----------------------------------------------------------------------
def test_acceptance_with_ratification_is_the_flat_acceptance_cut_by_the_ratifiers(talks) -> None:
    draws, seed = 2500, 7
    sim = simulate(talks, draws=draws, seed=seed, honour=True)
    plan, got = chunks(talks, draws, seed)
    accepts = np.concatenate([c.accepts for c in got])
    swing = drawn_swings(plan, draws, seed)
    assert sim.ratification is not None
    for p, pid in enumerate(plan.proposals):
        given_ = talks.proposal(pid).settings()
        outcome = {i.id: given_.get(i.id, i.status_quo) for i in talks.issues}
        for k, party in enumerate(plan.parties):
            mask = np.array([ratified_with(talks, party, outcome, sw) for sw in swing])
            want = ((accepts[:, p, k] == 2) & mask).mean()
            assert sim.ratification.acceptance[pid][party]["yes"] == pytest.approx(want, abs=1e-12)
            assert sim.ratification.acceptance[pid][party]["maybe"] == 0.0  # every issue set
    # North's council has a red line on the amnesty, which plan-b leaves out: never ratified,
    # although North accepts plan-b in a share of the draws
    assert sim.acceptance["plan-b"]["north"]["yes"] > 0.3
    assert sim.ratification.acceptance["plan-b"]["north"]["yes"] == 0.0
    assert sim.ratification.accepted_by_all["plan-b"]["yes"] == 0.0
    # South's parliament: plan-a is worth 0.55 to it, threshold 0.6, spread 0.1: Phi(-0.5)
    assert sim.acceptance["plan-a"]["south"]["yes"] == 1.0
    assert abs(sim.ratification.acceptance["plan-a"]["south"]["yes"] - Phi(-0.5)) < 0.03


def test_the_flat_figures_do_not_move(talks) -> None:
    flat = simulate(talks, draws=400, seed=3)
    both = simulate(talks, draws=400, seed=3, honour=True)
    assert flat.ratification is None and flat.commitments is None
    assert both.acceptance == flat.acceptance and both.accepted_by_all == flat.accepted_by_all
    assert both.zopa == flat.zopa
    assert np.array_equal(both.values, flat.values)
    assert np.array_equal(both.forecasts, flat.forecasts, equal_nan=True)


# --- Monte Carlo: the ZOPA with ratification --------------------------------------------------
@pytest.mark.parametrize("change", ["none", "votes-when", "unless", "majority"])
def test_zopa_with_ratification_per_draw_is_the_plain_count(talks, change) -> None:
    s = talks if change == "none" else variant(talks, change)
    draws, seed = 150, 11
    plan_e, by_enum = chunks(s, draws, seed)
    plan_m, by_milp = chunks(s, draws, seed, zopa_budget=0, zopa_solves=draws)
    assert (plan_e.zopa_method, plan_m.zopa_method) == ("enumeration", "milp")
    enum = np.concatenate([c.zopa_ratified for c in by_enum])
    milp = np.concatenate([c.zopa_ratified for c in by_milp])
    flat = np.concatenate([c.zopa for c in by_enum])
    batna = drawn_batnas(plan_e, np.concatenate([c.values for c in by_enum]))
    swing = drawn_swings(plan_e, draws, seed)
    every = outcomes(s)
    exact = plan_m.ratified.exact is None
    assert exact == (change in ("none", "votes-when"))
    truths = []
    for d in range(draws):
        truth = zopa_ratified(s, PARTIES, every, batna[d], swing[d]) > 0
        truths.append(truth)
        assert enum[d] == (FOUND if truth else NONE)
        assert truth <= bool(flat[d])  # ratification only cuts
        if exact:
            assert milp[d] == enum[d]
        else:  # a found outcome is a proof; none found leaves it open
            assert milp[d] != FOUND or truth
            assert not truth or milp[d] in (FOUND, UNRESOLVED)
    assert 0 < sum(truths) < draws  # the ratifiers matter in some draws, not all


def test_the_bound_never_rules_out_a_space_that_has_an_acceptable_outcome(talks) -> None:
    """surely_empty is a proof: checked against every outcome, BATNAs swept."""
    from accord.analysis.zopa import acceptable

    space = outcome_space(talks, PARTIES)
    codes = space.enumerate()
    proved = 0
    for b_north, b_south in itertools.product(np.linspace(0.3, 0.9, 13), repeat=2):
        sp = replace(space, batna=np.array([b_north, b_south]))
        has = bool(acceptable(sp, codes).any())
        if surely_empty(sp):
            assert not has
            proved += 1
    assert proved > 0


# --- Monte Carlo: commitments, and the package ------------------------------------------------
def test_commitments_chance_is_the_share_of_beliefs_that_make_the_draft_worth_it(talks) -> None:
    sim = simulate(talks, draws=2000, seed=5, honour=True)
    c = sim.commitments
    assert c is not None and set(c.chances) == {"staged"}
    kept = {"border": "partial", "aid": 60.0, "amnesty": True}
    broken = {**kept, "border": "none"}  # a broken withdrawal leaves the line as it is
    u_kept, u_broken = utility(talks, "south", kept), utility(talks, "south", broken)
    assert (round(u_kept, 6), round(u_broken, 6)) == (0.475, 0.225)
    q = sequence_draws(talks, "staged", 2000, c.seed).probabilities[:, 0]
    want = np.mean(q * u_kept + (1 - q) * u_broken >= 0.35 - 1e-9)  # south's BATNA as stated
    assert c.chances["staged"]["south"] == pytest.approx(want, abs=1e-12)
    assert abs(want - 2 / 3) < 0.04  # q uniform on 0.3..0.9, needs q >= 0.5
    assert c.chances["staged"]["north"] == 1.0  # sure of its own commitment


def test_the_package_says_how_likely_each_party_ratifies_it(talks) -> None:
    f = forecast(talks, "compromise")
    p = package(talks, f)
    rows = {r.actor: r for r in p.ratification}
    assert set(rows) == {"north", "south"} and all(r.party for r in rows.values())
    outcome = {k: v for k, v in p.settings.items()}
    parliament = talks.ratification[0].ratifiers[0]
    u = ratifier_utility(talks, parliament, outcome)
    assert u is not None
    lo, hi = rows["south"].probability
    assert lo == pytest.approx(hi) == pytest.approx(Phi((u - 0.6) / 0.1), abs=1e-9)
    amnesty = outcome["amnesty"] is True
    assert rows["north"].probability == ((1.0, 1.0) if amnesty else (0.0, 0.0))
    assert p.ratification_assumes


# --- the processes ----------------------------------------------------------------------------
@pytest.mark.parametrize("process", PROCESSES)
def test_agreement_with_ratification_never_exceeds_the_flat_one(talks, process) -> None:
    cut = False
    for seed in range(4):
        r = simulate_process(talks, process, runs=300, seed=seed, honour=True)
        plain = simulate_process(talks, process, runs=300, seed=seed)
        assert r.flat_results == plain.results  # the flat runs are the same runs
        assert r.results["agreement"] <= r.flat_results["agreement"]  # type: ignore[index]
        assert r.ratifiers == ("south-parliament", "north-council")
        lost = (r.flat_codes == AGREEMENT) & (r.result_codes != AGREEMENT)
        assert r.lost == pytest.approx(lost.mean())
        if process == "alternating":  # the offers are the flat ones: agreement only where flat
            assert not ((r.result_codes == AGREEMENT) & (r.flat_codes != AGREEMENT)).any()
        cut |= r.results["agreement"] < r.flat_results["agreement"]  # type: ignore[index]
    assert cut


def test_a_single_run_at_central_values_has_no_swing(talks) -> None:
    tables = build_tables(talks, None, 3, PARTIES, honour=True)
    assert tables.ratifiers is not None and not tables.ratifiers.swing.any()
    assert build_tables(talks, None, 3, PARTIES).ratifiers is None


@st.composite
def ratified_talks(draw: Any) -> Scenario:
    """Two or three parties on up to three issues (any kind) with spreads, and ratifiers
    behind some of them: thresholds, spreads, red lines (some conditional), votes_when,
    weights, and every rule."""
    doc = draw(utility_scenario_data(max_actors=3, max_issues=3, max_proposals=0, uncertainty=True))
    issues = doc["issues"]

    def value(issue: dict[str, Any]) -> Any:
        if issue["kind"] == IssueKind.ordinal:
            return draw(st.sampled_from([o["id"] for o in issue["options"]]))
        if issue["kind"] == IssueKind.boolean:
            return draw(st.booleans())
        lo, hi = float(issue["min"]), float(issue["max"])
        return draw(st.sampled_from([lo, hi, (lo + hi) / 2, lo + (hi - lo) / 4]))

    def condition(issue: dict[str, Any]) -> dict[str, Any]:
        tests = ("equals", "at_least", "at_most")
        return {"issue": issue["id"], draw(st.sampled_from(tests)): value(issue)}

    unit = st.floats(0.05, 1.0).map(lambda x: round(x, 3))
    entries = []
    behind = draw(st.lists(st.sampled_from([a["id"] for a in doc["actors"]]), min_size=1,
                           max_size=len(doc["actors"]), unique=True))  # fmt: skip
    for n, actor in enumerate(behind):
        rule = draw(st.sampled_from(["all", "majority", "quota"]))
        ratifiers = []
        for k in range(draw(st.integers(1, 3))):
            stances = []
            for j in draw(st.lists(st.integers(0, len(issues) - 1), max_size=2, unique=True)):
                issue = issues[j]
                stance: dict[str, Any] = {
                    "issue": issue["id"],
                    "position": value(issue),
                    "salience": draw(unit),
                }
                if draw(st.booleans()):
                    stance["red_line"] = value(issue)
                    others = [i for i in issues if i["id"] != issue["id"]]
                    if others and draw(st.booleans()):
                        stance["unless"] = condition(draw(st.sampled_from(others)))
                stances.append(stance)
            ratifier: dict[str, Any] = {
                "id": f"r{n}-{k}",
                "name": f"R{n}-{k}",
                "kind": "parliament",
                "weight": draw(st.floats(0.2, 3.0)),
                "stances": stances,
            }
            if stances and draw(st.booleans()):
                ratifier["threshold"] = draw(st.floats(0.0, 0.9).map(lambda x: round(x, 3)))
                if draw(st.booleans()):
                    ratifier["spread"] = draw(st.floats(0.01, 0.4))
            if draw(st.booleans()):
                ratifier["votes_when"] = [condition(draw(st.sampled_from(issues)))]
            ratifiers.append(ratifier)
        entry: dict[str, Any] = {"actor": actor, "rule": rule, "ratifiers": ratifiers}
        if rule == "quota":
            entry["quota"] = draw(st.floats(0.1, 1.0))
        entries.append(entry)
    doc["ratification"] = entries
    return Scenario.model_validate(doc)


@SLOW
@given(
    s=ratified_talks(),
    seed=st.integers(0, 2**16),
    patience=st.integers(0, 5),
    weights=st.lists(st.floats(0.2, 5.0), min_size=3, max_size=3),
)
def test_processes_with_ratifiers_equal_the_plain_loops(s, seed, patience, weights) -> None:
    parties = [a.id for a in s.actors]
    values = sample(uncertain_inputs(s), 5, np.random.default_rng(seed))
    tables = build_tables(s, values, patience, parties, honour=True, swing_seed=seed)
    rr = tables.ratifiers
    assume(rr is not None)
    assert rr is not None
    # every text of the space, judged by the tables, the plain loop and the oracle
    space = outcome_space(s, parties)
    sizes = [int(tables.valid[f].sum()) for f in range(len(tables.factor_issues))]
    texts = np.array(list(itertools.product(*[range(n) for n in sizes])), dtype=np.intp)
    texts = texts[:: max(1, len(texts) // 60)]
    fast = passes(rr, np.broadcast_to(texts, (tables.runs, *texts.shape)))  # [R, N, Ap]
    for r in range(tables.runs):
        swing = dict(zip(rr.rat.ids, rr.swing[r], strict=True))
        for n, x in enumerate(texts):
            outcome = space.decode(tables.codes(x))
            want = [
                ratified_with(s, a, outcome, swing)
                if a in {e.actor for e in s.ratification}
                else True
                for a in parties
            ]
            assert list(fast[r, n]) == want == passes_reference(rr, r, x)
    # every single change of each run's first text, against judging the changed text
    x = texts[np.arange(tables.runs) % len(texts)]
    changed = change_passes(rr, x)  # [R, F, K, Ap]
    for f, size in enumerate(sizes):
        for k in range(size):
            y = x.copy()
            y[:, f] = k
            assert (changed[:, f, k] == passes(rr, y)).all()
    b = np.array(weights[: len(parties)]) / sum(weights[: len(parties)])
    one, two = mediate(tables, b, patience), mediate_reference(tables, b, patience)
    assert one.result.tolist() == two.result.tolist()
    assert one.rounds.tolist() == two.rounds.tolist()
    assert (one.drafts == two.drafts).all() and (one.accepts == two.accepts).all()
    one, two = alternate(tables, None, patience), alternate_reference(tables, None, patience)
    assert one.result.tolist() == two.result.tolist()
    assert (one.drafts == two.drafts).all() and (one.accepts == two.accepts).all()


# --- the timeline -----------------------------------------------------------------------------
@pytest.mark.parametrize("limit", [ENUMERATION_LIMIT, 10])
def test_timeline_months_with_ratification_are_the_plain_count(talks, limit) -> None:
    tl = timeline(talks, 12, enumeration_limit=limit)
    every = outcomes(talks)
    for m in tl.months:
        count = zopa_ratified(talks, PARTIES, every, m.batna, {})
        assert m.ratified is not None and m.ratified.exists == (count > 0)
        if limit == ENUMERATION_LIMIT:
            assert m.ratified.count == count
            assert m.ratified.count <= (m.count or 0)
    # North's BATNA rises 0.02 a month; at 0.6 nothing South's parliament passes is worth
    # it to North (0.593 at best), while the flat ZOPA stays open
    assert tl.closes_ratified == [10] and tl.opens_ratified == []
    assert tl.opens == [] and tl.closes == []
    assert "closes at month 10" in tl.summary()
    assert any("do not move with the months" in n for n in tl.notes)


def test_a_timeline_without_ratifiers_is_unchanged() -> None:
    strike = Path(__file__).parent / "data" / "dynamics" / "strike.yaml"
    tl = timeline(load(strike), 8)
    assert tl.ratifiers == () and all(m.ratified is None for m in tl.months)
    assert "ratification" not in tl.to_dict() and "zopa_ratified" not in tl.to_dict()["months"][0]


# --- the command line -------------------------------------------------------------------------
def test_cli_forecast_shows_both_figures() -> None:
    doc = json.loads(accord("forecast", str(TALKS), "--draws", "200", "--json").stdout)
    rat = doc["simulation"]["ratification"]
    assert rat["parties"] == ["south", "north"] and rat["zopa"]["method"] == "enumeration"
    assert rat["acceptance"]["plan-b"]["north"]["yes"] == 0.0
    assert doc["simulation"]["acceptance"]["plan-b"]["north"]["yes"] > 0.0
    assert set(doc["simulation"]["commitments"]["chances"]) == {"staged"}
    assert {r["actor"] for r in doc["package"]["ratification"]} == {"north", "south"}
    text = accord("forecast", str(TALKS), "--draws", "200").stdout
    assert "Accepted AND ratified at home" in text
    assert "every party's ratifiers pass" in text
    assert "Ratification at home of this package" in text


def test_cli_simulate_and_timeline_show_the_flat_result_beside() -> None:
    doc = json.loads(accord("simulate", str(TALKS), "--runs", "200", "--json").stdout)
    assert doc["flat_results"]["agreement"] >= doc["results"]["agreement"]
    assert doc["ratifiers"] == ["south-parliament", "north-council"] and doc["assumptions"]
    text = accord("simulate", str(TALKS), "--runs", "200").stdout
    assert "without ratification" in text
    doc = json.loads(accord("timeline", str(TALKS), "--json").stdout)
    assert doc["ratification"]["closes"] == [10]
    assert doc["months"][10]["zopa_ratified"]["exists"] is False
    assert doc["months"][10]["zopa"]["exists"] is True
    assert "ZOPA with ratification" in accord("timeline", str(TALKS)).stdout
