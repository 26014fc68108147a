"""Linked terms under draws: Monte Carlo and the negotiation processes' tables against a
literal enumeration that evaluates every outcome, in every draw, by the documented formula
(tests/oracle.py's ``linked_utility`` and ``linked_crosses`` on the drawn scenario)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oracle
from accord.analysis.space import outcome_space
from accord.analysis.verdicts import proposal_verdicts
from accord.analysis.zopa import zopa
from accord.dynamics.process_tables import build_tables
from accord.forecast.montecarlo import simulate
from accord.forecast.montecarlo_chunks import compile_plan, evaluate
from accord.io.scenarios import load_scenario
from accord.model import IssueKind, Scenario
from accord.uncertainty.draws import sample, uncertain_inputs
from oracle_montecarlo import drawn_scenario
from strategies import utility_scenarios

EXAMPLE = Path(__file__).parent / "data" / "links" / "linked.yaml"
DISCRETE = (IssueKind.ordinal, IssueKind.boolean)
TOL = 1e-9
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
CODE = {"yes": 2, "maybe": 1, "no": 0}


def _linked(kinds=DISCRETE, uncertainty: bool = True) -> st.SearchStrategy[Scenario]:
    return utility_scenarios(
        min_issues=2,
        max_issues=3,
        max_actors=3,
        max_proposals=2,
        links=True,
        kinds=kinds,
        uncertainty=uncertainty,
    )


def _accepts(s: Scenario, who: list[str]) -> np.ndarray:
    """[P, A] 2 yes, 1 maybe, 0 no, every completion of each draft evaluated literally."""
    out = np.zeros((len(s.proposals), len(who)), dtype=np.int8)
    for p, prop in enumerate(s.proposals):
        given_ = prop.settings()
        choices = [oracle.open_settings(s, i, given_.get(i.id)) for i in s.issues]
        outcomes = [
            dict(zip([i.id for i in s.issues], combo, strict=True))
            for combo in itertools.product(*choices)
        ]
        for k, a in enumerate(who):
            values = [oracle.linked_utility(s, a, o) for o in outcomes]
            crossed = [set(oracle.linked_crosses(s, a, o)) for o in outcomes]
            sure = any(all(i.id in c for c in crossed) for i in s.issues)
            clear = not any(crossed)
            b = s.actor(a).batna.utility  # type: ignore[union-attr]
            if sure or max(values) < b - TOL:  # type: ignore[operator]
                out[p, k] = 0
            elif clear and min(values) >= b - TOL:  # type: ignore[operator]
                out[p, k] = 2
            else:
                out[p, k] = 1
    return out


def _zopa(base: Scenario, s: Scenario, who: list[str]) -> bool:
    """Whether some outcome of the base scenario's space is acceptable to all in ``s``."""
    space = outcome_space(base, who)
    for row in space.enumerate():
        outcome = space.decode(row)
        if all(
            oracle.linked_utility(s, a, outcome) >= s.actor(a).batna.utility - TOL  # type: ignore[operator, union-attr]
            and not oracle.linked_crosses(s, a, outcome)
            for a in who
        ):
            return True
    return False


def _plan(s: Scenario, budget: int = 10**9, draws: int = 6):
    return compile_plan(
        s,
        "compromise",
        None,
        None,
        draws=draws,
        acceptance=True,
        zopa=True,
        zopa_budget=budget,
        zopa_solves=500,
    )


@SLOW
@given(_linked(), st.integers(0, 2**16), st.booleans())
def test_monte_carlo_matches_the_formula_in_every_draw(
    s: Scenario, seed: int, exact_solver: bool
) -> None:
    plan = _plan(s, 0 if exact_solver else 10**9)  # budget 0: the per-draw MILP path
    values = sample(plan.base.inputs, 6, np.random.default_rng(seed))
    chunk = evaluate(plan, values)
    who = list(plan.parties)
    for d, row in enumerate(values):
        drawn = drawn_scenario(s, row)
        assert chunk.accepts[d].tolist() == _accepts(drawn, who).tolist(), d
        if plan.zopa_method is not None:
            assert bool(chunk.zopa[d]) == _zopa(s, drawn, who), d


@SLOW
@given(_linked(kinds=tuple(IssueKind)), st.integers(0, 2**16))
def test_monte_carlo_zopa_matches_the_formula_with_continuous_issues(
    s: Scenario, seed: int
) -> None:
    plan = _plan(s)
    values = sample(plan.base.inputs, 4, np.random.default_rng(seed))
    chunk = evaluate(plan, values, outputs=("zopa",))
    for d, row in enumerate(values):
        if plan.zopa_method is not None:
            assert bool(chunk.zopa[d]) == _zopa(s, drawn_scenario(s, row), list(plan.parties))


@SLOW
@given(_linked(kinds=tuple(IssueKind), uncertainty=False))
def test_monte_carlo_without_spreads_is_the_exact_analysis(s: Scenario) -> None:
    sim = simulate(s, "compromise", draws=3, seed=1)
    who = list(sim.parties)
    if sim.zopa.space_size:
        assert sim.zopa.probability == float(zopa(s, who).exists)
    for v in proposal_verdicts(s, who, amend=False):
        for a in who:
            assert sim.acceptance[v.proposal][a][v.accepts[a]] == 1.0, (v.proposal, a)


def test_the_example_simulates() -> None:
    s = load_scenario(EXAMPLE)
    sim = simulate(s, "compromise", draws=50, seed=1)
    assert sim.zopa.probability == float(zopa(s, list(sim.parties)).exists)


@SLOW
@given(_linked(kinds=tuple(IssueKind)), st.integers(0, 2**16), st.booleans())
def test_process_tables_match_the_formula_in_every_run(
    s: Scenario, seed: int, mediator: bool
) -> None:
    who = [a.id for a in s.actors]
    parties = who[:-1] if mediator and len(who) > 2 else who
    broker = who[-1] if mediator and len(who) > 2 else None
    values = sample(uncertain_inputs(s), 3, np.random.default_rng(seed))
    tables = build_tables(s, values, 2, parties, broker)
    space = outcome_space(s, parties)
    codes = space.enumerate()
    rows = np.stack(
        [
            [
                int(np.flatnonzero((f.codes == row[list(f.issues)]).all(axis=1))[0])
                for f in space.factors
            ]
            for row in codes
        ]
    )  # [N, F]
    f_axis = np.arange(len(space.factors))
    for r, value_row in enumerate(values):
        drawn = drawn_scenario(s, value_row)
        u = tables.utility[r][:, f_axis, rows].sum(axis=-1)  # [A, N]
        c = tables.crosses[r][:, f_axis, rows].sum(axis=-1)
        for n, row in enumerate(codes):
            outcome = space.decode(row)
            for k, a in enumerate(parties):
                assert u[k, n] == pytest.approx(oracle.linked_utility(drawn, a, outcome), abs=1e-9)
                assert c[k, n] == len(oracle.linked_crosses(drawn, a, outcome))
