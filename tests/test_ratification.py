"""Ratification at home: drafts, win-sets, the ZOPA with ratification and the Monte Carlo of
ratification, against the plain oracle (tests/oracle_ratification.py) and hand-computed
cases."""

from __future__ import annotations

import json
import math
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import oracle_ratification as oracle
from accord.analysis.ratification import ratifier_pass, ratify_drafts, win_sets
from accord.analysis.ratifiers import (
    MAX_PATTERN_RATIFIERS,
    compile_ratifiers,
    judge,
    rule_probability,
)
from accord.analysis.space import outcome_space, parties
from accord.io import read_scenario
from accord.model import IssueKind, Scenario
from accord.uncertainty.ratification import draft_draws, ratification_draws
from cli_runner import accord
from strategies import utility_scenario_data

DATA = Path(__file__).parent / "data"
TWO_LEVEL = DATA / "ratification" / "two-level.yaml"
MINIMAL = DATA / "minimal.yaml"
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
TOL = 1e-9
Phi = NormalDist().cdf


def load(path: Path) -> Scenario:
    s, problems = read_scenario(path)
    assert s is not None, problems
    return s


@pytest.fixture(scope="module")
def two_level() -> Scenario:
    return load(TWO_LEVEL)


# --- random scenarios with ratifiers --------------------------------------------------------------
def _setting(draw: Any, issue: dict[str, Any]) -> Any:
    if issue["kind"] == IssueKind.boolean:
        return draw(st.booleans())
    return draw(st.sampled_from([o["id"] for o in issue["options"]]))


def _condition(draw: Any, issue: dict[str, Any]) -> dict[str, Any]:
    test = draw(st.sampled_from(("equals", "one_of", "at_least", "at_most")))
    if test == "one_of":
        return {"issue": issue["id"], "one_of": [_setting(draw, issue), _setting(draw, issue)]}
    return {"issue": issue["id"], test: _setting(draw, issue)}


def _unit(draw: Any, lo: float = 0.0, hi: float = 1.0) -> float:
    return round(draw(st.floats(lo, hi)), 3)


@st.composite
def ratified_scenarios(
    draw: Any, *, rules: tuple[str, ...] = ("all", "majority", "quota"), links: bool = False,
    votes_when: bool = True, firmness: bool = False,
) -> Scenario:  # fmt: skip
    """Small scenarios of discrete issues (so every draft's completions and every outcome
    can be listed) with 1-4 ratifiers behind some actors."""
    kinds = (IssueKind.ordinal, IssueKind.boolean)
    doc = draw(
        utility_scenario_data(
            max_actors=3, max_issues=3, kinds=kinds, links=links, firmness=firmness
        )
    )
    actors = [a["id"] for a in doc["actors"]]
    issues = doc["issues"]
    behind = draw(st.lists(st.sampled_from(actors), min_size=1, max_size=len(actors), unique=True))
    entries, k = [], 0
    for actor in behind:
        rule = draw(st.sampled_from(rules))
        ratifiers = []
        for _ in range(draw(st.integers(1, 4))):
            rid = f"rat{k}-{draw(st.sampled_from(['x', 'y']))}"
            k += 1
            assume(rid not in actors)
            stances = []
            for j in draw(st.lists(st.integers(0, len(issues) - 1), max_size=3, unique=True)):
                issue = issues[j]
                stance: dict[str, Any] = {
                    "issue": issue["id"],
                    "position": _setting(draw, issue),
                    "salience": _unit(draw),
                }
                if draw(st.booleans()):
                    keys = (
                        [o["id"] for o in issue["options"]]
                        if issue["kind"] == IssueKind.ordinal
                        else ["false", "true"]
                    )
                    stance["utility"] = "table"
                    stance["table"] = {key: _unit(draw) for key in keys}
                elif draw(st.booleans()):
                    stance["utility"] = "quadratic"
                if draw(st.booleans()):
                    stance["red_line"] = _setting(draw, issue)
                    others = [i for i in issues if i["id"] != issue["id"]]
                    if others and draw(st.booleans()):
                        stance["unless"] = _condition(draw, draw(st.sampled_from(others)))
                stances.append(stance)
            ratifier: dict[str, Any] = {
                "id": rid,
                "name": rid.upper(),
                "kind": draw(st.sampled_from(["parliament", "referendum", "senate", "court"])),
                "weight": _unit(draw, 0.1, 3.0),
                "stances": stances,
                "judgement": "generated",
            }
            total = sum(s["salience"] for s in stances)
            if total > 0 and draw(st.booleans()):
                best = sum(
                    s["salience"] * (max(s["table"].values()) if "table" in s else 1.0)
                    for s in stances
                )
                # rounded down: a threshold above the most its stances give is refused
                ratifier["threshold"] = math.floor(_unit(draw) * best / total * 1000) / 1000
                if draw(st.booleans()):
                    ratifier["spread"] = _unit(draw, 0.01, 0.5)
            if votes_when and draw(st.booleans()):
                ratifier["votes_when"] = [
                    _condition(draw, draw(st.sampled_from(issues)))
                    for _ in range(draw(st.integers(1, 2)))
                ]
            ratifiers.append(ratifier)
        entry: dict[str, Any] = {"actor": actor, "rule": rule, "ratifiers": ratifiers}
        if rule == "quota":
            entry["quota"] = _unit(draw, 0.05, 1.0) or 0.5
        entries.append(entry)
    doc["ratification"] = entries
    return Scenario.model_validate(doc)


# --- the vectorised code against the oracle ---------------------------------------------------
@SLOW
@given(ratified_scenarios(links=True))
def test_ratifier_pass_is_the_oracle_on_every_outcome(s: Scenario) -> None:
    space = outcome_space(s)
    codes = space.enumerate()
    mask = ratifier_pass(s, space, codes)
    assert mask.shape == (len(s.ratification), codes.shape[0])
    for n, row in enumerate(codes):
        outcome = space.decode(row)
        for a, entry in enumerate(s.ratification):
            assert mask[a, n] == oracle.ratified(s, entry.actor, outcome), (entry.actor, outcome)


@SLOW
@given(ratified_scenarios())
def test_drafts_are_the_oracle(s: Scenario) -> None:
    found = ratify_drafts(s)
    for prop in s.proposals:
        for entry in s.ratification:
            want = oracle.draft_view(s, prop.id, entry.actor)
            row = found.row(prop.id, entry.actor)
            assert row.verdict == want["verdict"]
            assert row.probability == pytest.approx(want["probability"], abs=1e-9)
            assert list(row.blockers) == want["blockers"]
            for got, exp in zip(row.ratifiers, want["ratifiers"], strict=True):  # type: ignore[call-overload]
                assert got.ratifier == exp["ratifier"]
                assert got.votes == exp["votes"]
                assert got.verdict == exp["verdict"]
                assert got.red_lines == exp["red_lines"]
                if exp["low"] is None:
                    assert got.low is None and got.high is None
                else:
                    assert (got.low, got.high) == pytest.approx((exp["low"], exp["high"]), abs=TOL)
                if got.votes != "does not vote":
                    assert got.probability == pytest.approx(exp["p"], abs=1e-9)


@SLOW
@given(ratified_scenarios())
def test_the_chance_range_holds_every_completion_of_a_draft(s: Scenario) -> None:
    """The low end is every ratifier's worst case at once, the high end its best: each
    completion's own chance (the oracle, one fully set outcome) lies between them."""
    found = ratify_drafts(s)
    for prop in s.proposals:
        every = oracle.completions(s, prop.id)
        for entry in s.ratification:
            lo, hi = found.row(prop.id, entry.actor).probability
            for outcome in every:
                p = oracle.outcome_chance(s, entry.actor, outcome)
                assert lo - 1e-9 <= p <= hi + 1e-9, (prop.id, entry.actor, outcome)


@SLOW
@given(ratified_scenarios(links=True))
def test_win_sets_count_what_the_oracle_counts(s: Scenario) -> None:
    ws = win_sets(s)
    chosen = parties(s)
    want = oracle.win_set_counts(s, chosen)
    assert ws.exact and ws.space_size == len(oracle.outcomes(s))
    for w in ws.win_sets:
        assert w.count == want[w.actor]
        assert w.share == pytest.approx(want[w.actor] / ws.space_size)
        assert w.party == (w.actor in chosen)
    assert ws.zopa is not None
    assert ws.zopa.count == want["zopa"] and ws.zopa.kept_count == want["kept"]
    assert ws.zopa.exists_ratified == (want["kept"] > 0)
    # what cuts the ZOPA: each binding ratifier's own share of the ZOPA outcomes it passes
    inside = [o for o in oracle.outcomes(s) if oracle.in_zopa(s, chosen, o)]
    binding = [r for e in s.ratification if e.actor in chosen for r in e.ratifiers]
    if not inside:
        assert ws.zopa.passing == {}
    else:
        assert ws.zopa.passing == pytest.approx(
            {
                r.id: sum(
                    not oracle.ratifier_votes(s, r, o) or oracle.ratifier_passes(s, r, o)
                    for o in inside
                )
                / len(inside)
                for r in binding
            }
        )


@SLOW
@given(ratified_scenarios(firmness=True))
def test_exact_existence_by_mixed_integer_checks_is_the_enumeration(s: Scenario) -> None:
    """Sampling forced (enumeration limit 1): whether a ratified deal exists is decided by
    mixed-integer checks, one per case of who votes and who must pass, whatever the rules."""
    exact, sampled = win_sets(s), win_sets(s, enumeration_limit=1, draws=2_000, seed=5)
    assert sampled.seed == 5 and sampled.draws == 2_000 and not sampled.exact
    for e, m in ((exact.zopa, sampled.zopa), (exact.soft, sampled.soft)):
        assert (e is None) == (m is None)
        if e is None or m is None:
            continue
        assert m.exists == e.exists and m.lines_given == e.lines_given
        if "the exact check was not made" in m.how:
            # past the checks' case limit: a drawn outcome that passes proves existence;
            # without one the answer is an estimate (None), never a wrong yes or no
            assert "more than" in m.how
            assert m.exists_ratified in (None, True) and m.exact == (m.exists_ratified is True)
            assert m.exists_ratified is None or e.exists_ratified
            continue
        assert m.exists_ratified == e.exists_ratified and m.exact
        if e.exists:
            assert "mixed-integer" in m.how
            if m.exists_ratified:  # the example it gives passes every party's ratifiers
                assert m.example is not None
                assert all(
                    oracle.ratified(s, a.actor, m.example)
                    for a in s.ratification
                    if a.actor in sampled.parties
                )


@SLOW
@given(ratified_scenarios(), st.integers(0, 2**31), st.integers(1, 6))
def test_monte_carlo_draws_are_the_oracle(s: Scenario, seed: int, draws: int) -> None:
    space = outcome_space(s)
    codes = space.enumerate()[:30]
    rat = compile_ratifiers(s)
    j = judge(rat, space, codes)
    got = ratification_draws(s, j.utility, crossed=j.crossed, votes=j.votes, draws=draws, seed=seed)
    want = oracle.draws_oracle(s, j.utility, j.crossed, j.votes, draws, seed)
    assert got.seed == seed and got.draws == draws
    np.testing.assert_array_equal(got.passes, want)
    if not any(r.spread for e in s.ratification for r in e.ratifiers):
        central = ratifier_pass(s, space, codes)
        np.testing.assert_array_equal(got.passes, np.broadcast_to(central, got.passes.shape))


@SLOW
@given(ratified_scenarios(), st.integers(0, 1000))
def test_draft_draws_low_end_never_above_high_end(s: Scenario, seed: int) -> None:
    d = draft_draws(s, draws=50, seed=seed)
    assert d.low.passes.shape == (50, len(s.ratification), len(s.proposals))
    assert not (d.low.passes & ~d.high.passes).any()


@SLOW
@given(
    st.lists(st.floats(0, 1), min_size=1, max_size=6),
    st.sampled_from(["all", "majority", "quota"]),
    st.data(),
)
def test_rule_probability_is_the_pattern_enumeration(
    chances: list[float], rule: str, data: Any
) -> None:
    n = len(chances)
    s = oracle_rule_scenario(
        rule, n, data.draw(st.lists(st.floats(0.1, 3), min_size=n, max_size=n))
    )
    rat = compile_ratifiers(s)
    states = st.sampled_from([0, 1, 2])
    good = np.array(data.draw(st.lists(states, min_size=n, max_size=n)))
    bad = np.array(data.draw(st.lists(states, min_size=n, max_size=n)))
    got = rule_probability(rat, np.array(chances), good, bad)[0]
    names = (oracle.FAILS, oracle.ABSENT, oracle.PASSES)
    want = oracle.chance_by_patterns(
        s.ratification[0],
        [(p, names[g], names[b]) for p, g, b in zip(chances, good, bad, strict=True)],
    )
    assert got == pytest.approx(want, abs=1e-12)


def oracle_rule_scenario(rule: str, n: int, weights: list[float]) -> Scenario:
    """One party behind which n ratifiers with red lines only stand (for rule arithmetic)."""
    return Scenario.model_validate(
        {
            "id": "rules",
            "title": "rules",
            "actors": [{"id": "gov", "name": "Gov", "role": "party", "capability": 1}],
            "issues": [{"id": "x", "name": "X", "kind": "boolean"}],
            "stances": [{"actor": "gov", "issue": "x", "position": True, "salience": 1}],
            "ratification": [
                {
                    "actor": "gov",
                    "rule": rule,
                    **({"quota": 0.6} if rule == "quota" else {}),
                    "ratifiers": [
                        {
                            "id": f"r{k}",
                            "name": f"R{k}",
                            "kind": "other",
                            "weight": round(w, 3),
                            "judgement": "test",
                            "stances": [
                                {"issue": "x", "position": True, "salience": 1, "red_line": False}
                            ],
                        }
                        for k, w in enumerate(weights)
                    ],
                }
            ],
        }
    )


# --- named cases, computed by hand ----------------------------------------------------------------
def test_a_referendum_with_a_spread_passes_with_chance_phi(two_level: Scenario) -> None:
    """plan-a: partial withdrawal (table 0.55) with an amnesty the voters oppose (0), weights
    0.7 and 0.3: share in favour 0.385; threshold 0.5, spread 0.1: Phi(-1.15) = 0.1251."""
    row = ratify_drafts(two_level).row("plan-a", "south")
    voters = next(v for v in row.ratifiers if v.ratifier == "south-voters")
    assert voters.low == voters.high == pytest.approx(0.7 * 0.55 + 0.3 * 0.0)
    assert voters.probability[0] == pytest.approx(Phi(-1.15), abs=1e-12)
    assert voters.probability[0] == pytest.approx(0.12507, abs=1e-5)
    assert voters.verdict == "fails"
    # the parliament passes surely (border partial 0.5, aid 60: 0.55 >= 0.45), so South's
    # chance is the referendum's
    assert row.probability == pytest.approx((Phi(-1.15), Phi(-1.15)), abs=1e-12)
    assert row.verdict == "not ratified" and row.blockers == ("south-voters",)


def quota_scenario(rule: str) -> Scenario:
    """A draft sets x = 6 on 0..10; three ratifiers with linear stances: A at 10 (u 0.6),
    B at 0 (u 0.4), C at 2 (u 1 - 4/8 = 0.5), weights 1, 1, 2, threshold 0.5, spreads 0.1,
    0.2, 0.1."""
    ratifiers = [
        ("A", 10, 1, 0.1),
        ("B", 0, 1, 0.2),
        ("C", 2, 2, 0.1),
    ]
    return Scenario.model_validate(
        {
            "id": "quota",
            "title": "quota",
            "actors": [{"id": "gov", "name": "Gov", "role": "party", "capability": 1}],
            "issues": [{"id": "x", "name": "X", "kind": "continuous", "min": 0, "max": 10}],
            "stances": [{"actor": "gov", "issue": "x", "position": 10, "salience": 1}],
            "proposals": [
                {
                    "id": "p",
                    "title": "P",
                    "points": [{"number": 1, "text": "t", "settings": {"x": 6}}],
                }
            ],
            "ratification": [
                {
                    "actor": "gov",
                    "rule": rule,
                    **({"quota": 0.5} if rule == "quota" else {}),
                    "ratifiers": [
                        {
                            "id": rid,
                            "name": rid,
                            "kind": "member state",
                            "weight": w,
                            "threshold": 0.5,
                            "spread": s,
                            "judgement": "test",
                            "stances": [{"issue": "x", "position": pos, "salience": 1}],
                        }
                        for rid, pos, w, s in ratifiers
                    ],
                }
            ],
        }
    )


def test_a_quota_rule_with_three_ratifiers() -> None:
    """pA = Phi(1) = 0.8413, pB = Phi(-0.5) = 0.3085, pC = Phi(0) = 0.5. Quota 0.5 of weight 4
    needs weight 2: C alone, or A and B: pC + (1 - pC) pA pB = 0.5 + 0.5 x 0.2596 = 0.6298."""
    row = ratify_drafts(quota_scenario("quota")).row("p", "gov")
    u = {v.ratifier: v.low for v in row.ratifiers}
    assert u == pytest.approx({"A": 0.6, "B": 0.4, "C": 0.5})
    pa, pb, pc = Phi(1.0), Phi(-0.5), 0.5
    assert row.probability[0] == pytest.approx(pc + (1 - pc) * pa * pb, abs=1e-12)
    assert row.probability[0] == pytest.approx(0.62979, abs=1e-5)
    # central values: A passes (w 1), B fails (w 1), C at its threshold passes (w 2): 3 >= 2
    assert row.verdict == "ratified" and row.blockers == ()
    # majority needs more than 2: C and one of A, B
    maj = ratify_drafts(quota_scenario("majority")).row("p", "gov")
    assert maj.probability[0] == pytest.approx(pc * (1 - (1 - pa) * (1 - pb)), abs=1e-12)
    # all: the product
    every = ratify_drafts(quota_scenario("all")).row("p", "gov")
    assert every.probability[0] == pytest.approx(pa * pb * pc, abs=1e-12)
    assert every.verdict == "not ratified" and every.blockers == ("B",)


def test_votes_when_leaves_a_ratifier_out(two_level: Scenario) -> None:
    """North's assembly votes only on a treaty. A full withdrawal without amnesty, no aid:
    the council passes (u 1/1.5 = 0.67 >= 0.4, weight 2), the court's conditional red line is
    crossed (weight 1), the assembly would fail (u 0 < 0.6, weight 1). As an executive
    agreement 2 of 3 >= 60%: ratified; as a treaty 2 of 4 < 60%: not."""
    space = outcome_space(two_level)
    base = {"border": "full", "aid": 0.0, "amnesty": False}
    codes = np.stack([space.encode({**base, "form": form}) for form in ("executive", "treaty")])
    north = [e.actor for e in two_level.ratification].index("north")
    assert ratifier_pass(two_level, space, codes)[north].tolist() == [True, False]
    found = ratify_drafts(two_level)
    b = found.row("plan-b", "south")  # full withdrawal: the referendum is not held
    assert [v.votes for v in b.ratifiers] == ["votes", "does not vote"]
    assert b.verdict == "ratified" and b.probability == (1.0, 1.0)
    c = found.row("plan-c", "north")  # the form is open: the assembly may vote
    assert next(v for v in c.ratifiers if v.ratifier == "north-assembly").votes == "may vote"


def test_a_ratifiers_conditional_red_line(two_level: Scenario) -> None:
    """North's court rejects any withdrawal unless there is an amnesty."""
    space = outcome_space(two_level)
    rat = compile_ratifiers(two_level)
    court = rat.ids.index("north-court")
    rows = [
        {"border": "partial", "aid": 0.0, "amnesty": True, "form": "executive"},
        {"border": "partial", "aid": 0.0, "amnesty": False, "form": "executive"},
        {"border": "none", "aid": 0.0, "amnesty": False, "form": "executive"},
    ]
    j = judge(rat, space, np.stack([space.encode(r) for r in rows]))
    assert j.crossed[court].tolist() == [False, True, False]
    found = ratify_drafts(two_level)
    a = next(v for v in found.row("plan-a", "north").ratifiers if v.ratifier == "north-court")
    assert a.verdict == "passes" and a.red_lines == {}  # plan-a has the amnesty
    b = next(v for v in found.row("plan-b", "north").ratifiers if v.ratifier == "north-court")
    assert b.verdict == "fails" and b.red_lines == {"border": "crosses"}


def test_win_sets_of_the_example_by_hand(two_level: Scenario) -> None:
    """The ZOPA of North and South needs a partial withdrawal (both red lines); with
    ratification only aid 40, no amnesty, an executive agreement survives (South's parliament
    needs aid >= 40, North's council aid <= 40 without the court)."""
    ws = win_sets(two_level)
    assert ws.zopa is not None and ws.zopa.kept_count == 1
    assert ws.zopa.example == {
        "border": "partial",
        "aid": 40.0,
        "amnesty": False,
        "form": "executive",
    }
    broker = next(w for w in ws.win_sets if w.actor == "broker")
    assert not broker.party and "not a party" in " ".join(ws.lines())


def test_sampled_win_sets_bracket_the_exact_counts(two_level: Scenario) -> None:
    exact = win_sets(two_level)
    sampled = win_sets(two_level, enumeration_limit=10, draws=20_000, seed=3)
    assert sampled.seed == 3 and not sampled.exact
    for e, m in zip(exact.win_sets, sampled.win_sets, strict=True):
        assert m.count is None and m.interval[0] <= e.share <= m.interval[1]
    assert exact.zopa is not None and sampled.zopa is not None
    lo, hi = sampled.zopa.kept_interval  # type: ignore[misc]
    assert lo <= exact.zopa.kept <= hi  # type: ignore[operator]
    assert sampled.zopa.exists_ratified is True and "mixed-integer" in sampled.zopa.how


@pytest.mark.parametrize(("seed", "exists"), [(0, True), (2, False)])
def test_the_zopa_if_soft_red_lines_gave_with_ratification(seed: int, exists: bool) -> None:
    s = Scenario.model_validate(oracle.clash_document(5, 4, seed))
    exact = win_sets(s)
    assert exact.zopa is not None and not exact.zopa.exists
    soft = exact.soft
    assert soft is not None and [(ln.actor, ln.issue) for ln in soft.lines_given] == [("a", "i0")]
    given = [("a", "i0")]
    inside = [o for o in oracle.outcomes(s) if oracle.soft_in_zopa(s, ["a", "b"], given, o)]
    kept = [o for o in inside if all(oracle.ratified(s, a, o) for a in ("a", "b"))]
    assert soft.count == len(inside) and soft.kept_count == len(kept)
    assert soft.exists_ratified is exists and (len(kept) > 0) is exists
    sampled = win_sets(s, enumeration_limit=10, draws=50_000, seed=1).soft
    assert sampled is not None and sampled.exists_ratified is exists and sampled.exact
    assert "mixed-integer" in sampled.how
    lo, hi = sampled.kept_interval  # type: ignore[misc]
    assert lo <= len(kept) / len(inside) <= hi
    assert sampled.sampled and sampled.sampled > 1000  # the ZOPA itself is drawn, not the space


def test_past_the_budget_of_cases_existence_is_an_estimate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    s = Scenario.model_validate(oracle.clash_document(5, 4, 0, rule="quota"))
    exact = win_sets(s, enumeration_limit=10, draws=20_000, seed=1).soft
    assert exact is not None and exact.exists_ratified is True and "mixed-integer" in exact.how
    monkeypatch.setattr("accord.analysis.ratified_deal.MAX_CASES", 0)
    drawn = win_sets(s, enumeration_limit=10, draws=20_000, seed=1).soft
    assert drawn is not None and drawn.exists_ratified is True  # a drawn outcome proves it
    assert drawn.how.startswith("exact: a drawn outcome is one (the exact check was not made")
    s2 = Scenario.model_validate(oracle.clash_document(5, 4, 2, rule="all"))
    none = win_sets(s2, enumeration_limit=10, draws=2_000, seed=1).soft
    assert none is not None and none.exists_ratified is None and not none.exact
    assert none.how.startswith("an estimate")


def test_too_many_ratifiers_for_patterns_is_refused() -> None:
    n = MAX_PATTERN_RATIFIERS + 1
    s = oracle_rule_scenario("majority", n, [1.0] * n)
    rat = compile_ratifiers(s)
    with pytest.raises(ValueError, match="at most 16 ratifiers"):
        rule_probability(rat, np.full(n, 0.5), np.full(n, 2), np.full(n, 0))
    # under 'all' the product needs no patterns
    every = compile_ratifiers(oracle_rule_scenario("all", n, [1.0] * n))
    assert rule_probability(every, np.full(n, 0.5), np.full(n, 2), np.full(n, 0))[0] == 0.5**n


def test_a_scenario_without_ratifiers_gives_empty_results() -> None:
    s = load(MINIMAL)
    found = ratify_drafts(s)
    assert found.empty and found.rows == () and found.proposals == ("opening", "final")
    assert win_sets(s).empty
    space = outcome_space(s)
    assert ratifier_pass(s, space).shape == (0, space.size)
    d = draft_draws(s, draws=10, seed=0)
    assert d.low.passes.shape == (10, 0, 2)


def test_a_ratifier_with_an_actors_id_is_refused_clearly() -> None:
    from accord.analysis.ratifiers import derived_scenario

    s = load(TWO_LEVEL)
    clash = s.model_copy(
        update={
            "ratification": [
                s.ratification[0].model_copy(
                    update={
                        "ratifiers": [
                            s.ratification[0].ratifiers[0].model_copy(update={"id": "north"})
                        ]
                    }
                )
            ]
        }
    )
    with pytest.raises(ValueError, match=r"ratification\[0\]\.ratifiers\[0\]\.id: 'north'"):
        derived_scenario(clash)


# --- the command line -----------------------------------------------------------------------------
def test_analyze_shows_ratification_at_home() -> None:
    out = " ".join(accord("analyze", str(TWO_LEVEL)).stdout.split())  # lines wrap at 160
    assert "ZOPA for North, South: yes — 34 of 132 outcomes" in out  # the flat result is kept
    assert "Ratification at home" in out
    assert (
        "Win-set of South (South's parliament and South's referendum; all must pass): 58 of 132"
        in out
    )
    assert "with ratification 1 of them (2.9%) are in every party's win-set" in out
    assert "With ratification" in out and "blocked by South's" in out  # cells wrap
    assert "Assumed: each ratifier judges a draft by its own stances" in out


def test_analyze_json_has_a_ratification_key() -> None:
    data = json.loads(accord("analyze", str(TWO_LEVEL), "--json").stdout)
    assert data["zopa"]["count"] == 34  # flat, unchanged
    home = data["ratification"]
    assert [w["count"] for w in home["win_sets"]["win_sets"]] == [58, 80, 48]
    assert home["win_sets"]["zopa"]["kept_count"] == 1
    row = next(
        r for r in home["drafts"]["drafts"] if r["proposal"] == "plan-a" and r["actor"] == "south"
    )
    assert row["verdict"] == "not ratified" and row["blockers"] == ["south-voters"]
    assert row["probability"][0] == pytest.approx(Phi(-1.15), abs=1e-12)


def test_score_has_a_ratification_table_and_key() -> None:
    out = " ".join(accord("score", str(TWO_LEVEL)).stdout.split())
    assert "With ratification" in out and "ratified (chance 97%)" in out
    data = json.loads(accord("score", str(TWO_LEVEL), "--json").stdout)
    assert {"scores", "ratification"} <= set(data)
    assert len(data["ratification"]["drafts"]) == 3 * 3


def test_commands_without_ratifiers_print_nothing_extra() -> None:
    assert "Ratification" not in accord("analyze", str(MINIMAL)).stdout
    assert "With ratification" not in accord("score", str(MINIMAL)).stdout
    assert "ratification" not in json.loads(accord("analyze", str(MINIMAL), "--json").stdout)
    assert "ratification" not in json.loads(accord("score", str(MINIMAL), "--json").stdout)


def test_analyze_ukraine_shows_its_ratifiers() -> None:
    """The built-in scenario declares ratifiers behind Ukraine, the US and Europe; analyze
    names them, and its answer on the ZOPA if soft red lines gave is exact and consistent."""
    from accord.io import load_builtin

    s = load_builtin("ukraine-2025")
    out = " ".join(accord("analyze", "ukraine-2025").stdout.split())
    assert "Ratification at home" in out
    for entry in s.ratification:
        assert f"Win-set of {s.actor(entry.actor).name} (" in out
    data = json.loads(accord("analyze", "ukraine-2025", "--json").stdout)["ratification"]
    assert [w["actor"] for w in data["win_sets"]["win_sets"]] == [e.actor for e in s.ratification]
    # Donbas is the clash: under either view of Russia's alternative (perceived 0.45,
    # assessed 0.32) a soft-line ZOPA opens once Ukraine's Donbas line gives; Russia's
    # guarantee line, waived when no Western troops are based in Ukraine, need not give
    for view in ("assessed", "perceived"):
        data = json.loads(accord("analyze", "ukraine-2025", "--batna", view, "--json").stdout)[
            "ratification"
        ]
        soft = data["win_sets"]["zopa_if_soft_red_lines_gave"]
        assert data["win_sets"]["zopa"]["exists"] is False and soft["exists"] is True
        given = {(g["actor"], g["issue"]) for g in soft["lines_given"]}
        assert given == {("ukraine", "donbas")}
    assert soft["exact"] is True and "mixed-integer" in soft["how"]
    if soft["exists_ratified"]:
        assert oracle.ratified(s, "ukraine", soft["example"])
    else:
        assert soft["kept"] == 0.0
    assert {r["proposal"] for r in data["drafts"]["drafts"]} == {p.id for p in s.proposals}


def test_parties_without_ratifiers_keep_their_whole_zopa(two_level: Scenario) -> None:
    only_broker = two_level.model_copy(update={"ratification": two_level.ratification[2:]})
    ws = win_sets(only_broker)
    assert ws.zopa is not None and ws.zopa.kept_count == ws.zopa.count == 34
    assert "no party has ratifiers, so ratification leaves it whole" in " ".join(ws.lines())
