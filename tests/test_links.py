"""Linked terms: file format (round trip, located errors) and every analysis against a
literal enumeration that evaluates each outcome by the documented formula (tests/oracle.py)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oracle
import oracle_pareto
from accord.analysis.linkage import compile_linkage
from accord.analysis.pareto import pareto_frontier, space_tolerance
from accord.analysis.scoring import score_proposals
from accord.analysis.space import outcome_space
from accord.analysis.utility import compile_preferences
from accord.analysis.verdicts import proposal_verdicts
from accord.analysis.zopa import zopa
from accord.io.scenarios import dump_scenario, load_scenario, parse_scenario
from accord.model import IssueKind, Scenario
from strategies import utility_scenarios

EXAMPLE = Path(__file__).parent / "data" / "links" / "linked.yaml"
DISCRETE = (IssueKind.ordinal, IssueKind.boolean)
LINKED = utility_scenarios(min_issues=2, max_issues=4, max_actors=3, links=True, kinds=DISCRETE)
LINKED_ANY = utility_scenarios(min_issues=2, max_issues=3, max_actors=3, links=True)
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


# --- the file format ------------------------------------------------------------------------------
def test_example_round_trips() -> None:
    s = load_scenario(EXAMPLE)
    again, problems = parse_scenario(dump_scenario(s))
    assert problems == [] and again == s
    assert len(s.links) == 2 and s.stance("kyiv", "nato").unless is not None  # type: ignore[union-attr]


@SLOW
@given(LINKED_ANY)
def test_random_linked_scenarios_round_trip(s: Scenario) -> None:
    again, problems = parse_scenario(dump_scenario(s))
    assert [p for p in problems if p.severity == "error"] == [] and again == s


TEXT = EXAMPLE.read_text()
BAD = [
    ("issues: [nato, guarantees]", "issues: [nato, guarantee]", "unknown issue 'guarantee'"),
    ("at_least: binding", "at_least: bindng", "'bindng' is not an option of issue 'guarantees'"),
    ("at_least: binding", "at_leest: binding", "unknown key 'at_leest'"),
    ("actor: kyiv\n    issues", "actor: kiev\n    issues", "unknown actor 'kiev'"),
    ("    default: 0.2\n", "", "combination(s) have no row"),
    ("issues: [guarantees, ceasefire]", "issues: [guarantees, troops]", "troops' is continuous"),
    (
        "given: [{issue: guarantees, at_least: binding}]",
        "given: [{issue: troops, at_least: 30}]",
        "the rule tests 'troops', which the link does not tie",
    ),
    (
        "unless: {issue: guarantees, at_least: article5}",
        "unless: {issue: nato, at_least: article5}",
        "cannot be waived by a condition on 'nato' itself",
    ),
    (
        "position: article5, salience: 0.8,",
        "position: article5, salience: 0.8, red_line: binding, unless: {issue: nato, "
        "equals: renounce},",
        "wait on each other in a cycle (nato -> guarantees -> nato)",
    ),
    (
        "position: article5, salience: 0.8,",
        "position: article5, salience: 0.8, unless: {issue: nato, equals: renounce},",
        "give 'red_line' too",
    ),
    (
        "given: [{issue: guarantees, at_least: binding}]",
        "given: [{issue: guarantees, at_least: binding, equals: none}]",
        "exactly one test",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD)
def test_bad_links_are_located(old: str, new: str, message: str) -> None:
    assert old in TEXT
    bad = TEXT.replace(old, new, 1)
    scenario, problems = parse_scenario(bad)
    assert scenario is None
    hits = [p for p in problems if message in p.message]
    assert hits, [p.message for p in problems]
    assert hits[0].line is not None and hits[0].column is not None
    assert hits[0].path[0] in ("links", "stances")


def test_a_group_too_large_to_tabulate_is_refused() -> None:
    options = "\n".join(f"      - {{id: o{k}, label: o{k}}}" for k in range(32))
    issues = "".join(
        f"  - id: i{n}\n    name: i{n}\n    kind: ordinal\n    options:\n{options}\n"
        for n in range(4)
    )
    stances = "".join(
        f"  - {{actor: a, issue: i{n}, position: o0, salience: 0.5, judgement: x}}\n"
        for n in range(4)
    )
    rule = (
        "links:\n  - id: big\n    actor: a\n    issues: [i0, i1, i2, i3]\n    rule:\n"
        "      when: [{issue: i0, equals: o1}]\n"
        "      given: [{issue: i1, equals: o1}, {issue: i2, equals: o1}, {issue: i3, equals: o1}]\n"
        "      add: 0.1\n"
    )
    text = (
        "id: big\ntitle: big\nactors:\n  - {id: a, name: A, role: party}\n"
        f"issues:\n{issues}stances:\n{stances}{rule}"
    )
    _, problems = parse_scenario(text)
    [p] = [p for p in problems if "can be tabulated" in p.message]
    assert "1,048,576 joint settings" in p.message and "1,000,000" in p.message
    assert p.line is not None and p.path == ("links", 0)


def test_the_space_refuses_a_linked_group_over_the_limit() -> None:
    s = load_scenario(EXAMPLE)
    doc = s.model_dump()
    doc["links"].append(
        {
            "id": "wide",
            "actor": "moscow",
            "issues": ["troops", "nato"],
            "rule": {
                "when": [{"issue": "nato", "equals": "renounce"}],
                "given": [{"issue": "troops", "at_most": 30}],
                "add": 0.1,
            },
        }
    )
    wide = Scenario.model_validate(doc)
    with pytest.raises(ValueError, match=r"nato, guarantees, troops, ceasefire .*1,000,000"):
        outcome_space(wide, resolution=200_000)


# --- the analysis against the formula ------------------------------------------------------------
def test_without_links_nothing_changes() -> None:
    s = load_scenario(Path(__file__).parent / "data" / "minimal.yaml")
    prefs = compile_preferences(s)
    assert compile_linkage(s, prefs).weight is prefs.weight
    assert outcome_space(s).joints == ()


def _check_space(s: Scenario, red_lines: bool) -> None:
    chosen = [a.id for a in s.actors]
    space = outcome_space(s, chosen, red_lines=chosen if red_lines else ())
    codes = space.enumerate()
    u = space.utilities(codes)
    crossing = space.crossing(codes)
    by_issue = space.crossing_issues(codes)
    for n, row in enumerate(codes):
        outcome = space.decode(row)
        for a, aid in enumerate(space.actors):
            assert u[a, n] == pytest.approx(oracle.linked_utility(s, aid, outcome), abs=1e-9)
            crossed = oracle.linked_crosses(s, aid, outcome)
            assert crossing[a, n] == bool(crossed)
            assert [space.issues[i] for i in np.flatnonzero(by_issue[a, n])] == [
                i for i in space.issues if i in crossed
            ]
            if red_lines:
                assert not crossed
    # factor utilities add up to the same totals (what the Pareto merge and the MIP use)
    total = np.zeros_like(u)
    for factor in space.factors:
        for n, row in enumerate(codes):
            k = np.flatnonzero((factor.codes == row[list(factor.issues)]).all(axis=1))[0]
            total[:, n] += factor.utility[:, k]
    np.testing.assert_allclose(total, u, atol=1e-12)
    if red_lines:  # every outcome the oracle accepts is in the space
        full = outcome_space(s, chosen)
        everything = full.enumerate()
        kept = {tuple(r) for r in codes}
        for row in everything:
            ok = not any(oracle.linked_crosses(s, a, full.decode(row)) for a in chosen)
            assert ok == (tuple(row) in kept)


@SLOW
@given(LINKED_ANY, st.booleans())
def test_space_utilities_and_crossings_match_the_formula(s: Scenario, red_lines: bool) -> None:
    _check_space(s, red_lines)


@SLOW
@given(LINKED_ANY, st.sampled_from(["enumerate", "merge"]))
def test_frontier_matches_a_literal_enumeration(s: Scenario, method: str) -> None:
    chosen = [a.id for a in s.actors]
    space = outcome_space(s, chosen, red_lines=chosen)
    frontier = pareto_frontier(space, method=method)
    codes = space.enumerate()
    points = [[oracle.linked_utility(s, a, space.decode(row)) for a in chosen] for row in codes]
    tol = [float(t) for t in space_tolerance(space)]
    keep = oracle_pareto.pareto_mask(points, [max(t, 1e-12) for t in tol])
    want = {tuple(int(k) for k in row) for row, ok in zip(codes, keep, strict=True) if ok}
    assert {tuple(int(k) for k in row) for row in frontier.codes} == want


@SLOW
@given(LINKED_ANY)
def test_zopa_matches_a_literal_enumeration(s: Scenario) -> None:
    chosen = [a.id for a in s.actors]
    result = zopa(s, chosen)
    space = outcome_space(s, chosen)
    batna = {a.id: a.batna.utility for a in s.actors}  # type: ignore[union-attr]
    count = 0
    for row in space.enumerate():
        outcome = space.decode(row)
        count += all(
            oracle.linked_utility(s, a, outcome) >= batna[a] - 1e-9  # type: ignore[operator]
            and not oracle.linked_crosses(s, a, outcome)
            for a in chosen
        )
    assert result.count == count and result.exists == (count > 0)
    if not count:
        assert result.diagnosis is not None
    # existence decided by the mixed-integer model, as for large spaces
    big = zopa(s, chosen, enumeration_limit=0, draws=200)
    assert big.exists == (count > 0)


@SLOW
@given(LINKED)
def test_scorecards_and_verdicts_match_a_literal_enumeration(s: Scenario) -> None:
    card = score_proposals(s)
    for p, prop in enumerate(card.proposals):
        settings_ = s.proposal(prop).settings()
        choices = [oracle.open_settings(s, i, settings_.get(i.id)) for i in s.issues]
        outcomes = [
            dict(zip([i.id for i in s.issues], combo, strict=True))
            for combo in itertools.product(*choices)
        ]
        for a, aid in enumerate(card.actors):
            values = [oracle.linked_utility(s, aid, o) for o in outcomes]
            assert card.low[a, p] == pytest.approx(min(values), abs=1e-9)
            assert card.high[a, p] == pytest.approx(max(values), abs=1e-9)
            assert card.part_low[a, p].sum() == pytest.approx(min(values), abs=1e-9)
            crossed = [set(oracle.linked_crosses(s, aid, o)) for o in outcomes]
            for i, iid in enumerate(card.issues):
                hits = [iid in c for c in crossed]
                want = 2 if all(hits) else 1 if any(hits) else 0
                assert card.red_line[a, p, i] == want, (aid, prop, iid)
    chosen = [a.id for a in s.actors]
    for v in proposal_verdicts(s, chosen, amend=False):
        p = card.proposals.index(v.proposal)
        for aid in chosen:
            a = card.actors.index(aid)
            batna = s.actor(aid).batna.utility  # type: ignore[union-attr]
            red = card.red_line[a, p]
            if (red == 2).any() or card.high[a, p] < batna - 1e-9:  # type: ignore[operator]
                assert v.accepts[aid] == "no"
            elif (red == 0).all() and card.low[a, p] >= batna - 1e-9:  # type: ignore[operator]
                assert v.accepts[aid] == "yes"
            else:
                assert v.accepts[aid] == "maybe"


def test_the_example_reads_as_intended() -> None:
    s = load_scenario(EXAMPLE)
    space = outcome_space(s)
    bare = space.encode(
        {"nato": "renounce", "guarantees": "assurances", "troops": 50.0, "ceasefire": True}
    )
    firm = space.encode(
        {"nato": "renounce", "guarantees": "article5", "troops": 50.0, "ceasefire": True}
    )
    u = space.utilities(np.stack([bare, firm]))
    crossing = space.crossing(np.stack([bare, firm]))
    k = space.actors.index("kyiv")
    assert crossing[k].tolist() == [True, False]  # the red line on NATO waits on guarantees
    assert u[k, 1] - u[k, 0] > 0.3  # +0.1 instead of -0.2, and better guarantees
    card = score_proposals(s)
    assert card.red_lines("kyiv", "neutral-bare") == {"nato": "crosses"}
    assert card.red_lines("kyiv", "neutral-guaranteed") == {"nato": "may cross"}


def test_the_per_issue_analyses_run_on_links() -> None:
    """Monte Carlo, processes, the lever search and trades once refused links; they honour
    them now (tests/test_links_draws.py, test_links_levers.py, test_links_trades.py)."""
    from accord.analysis.trades import trade_sequence

    s = load_scenario(EXAMPLE)
    result = trade_sequence(s)
    space = outcome_space(s, list(result.utilities))
    u = space.utilities(space.encode(result.package)[None, :])[:, 0]
    for a, (_, after) in result.utilities.items():
        assert after == pytest.approx(u[space.actors.index(a)], abs=1e-12)
