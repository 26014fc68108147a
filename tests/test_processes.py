"""The mediated single negotiating text (``accord.dynamics.processes``) and ``simulate``.

Hand-worked cases are in ``data/processes/*.yaml`` (each file's comments derive its
result); the vectorised process is checked against :func:`mediate_reference`, a plain loop
per run, on random small scenarios; and the properties of the feature request are tested:
symmetry, monotone acceptance in the BATNA, reproducibility from the seed.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from accord.analysis.space import outcome_space
from accord.cli.processes import simulate_command
from accord.dynamics.alternating import STRATEGIES, alternate, alternate_reference, offer
from accord.dynamics.mediated import (
    accepts,
    bias_vector,
    first_draft,
    mediate,
    mediate_reference,
)
from accord.dynamics.process_tables import (
    AGREEMENT,
    DEADLOCK,
    WALK_AWAY,
    ProcessError,
    build_tables,
)
from accord.dynamics.processes import simulate_process
from accord.io import load_scenario
from accord.model import Scenario
from accord.uncertainty.draws import sample, uncertain_inputs
from strategies import utility_scenarios

DATA = Path(__file__).parent / "data"
HERE = DATA / "processes"
WAGE, STUCK, SYMMETRIC, BROKERED = (
    HERE / f"{n}.yaml" for n in ("wage", "stuck", "symmetric", "brokered")
)
MINIMAL = DATA / "minimal.yaml"


def _wage(tables, runs, r=0):
    """Run r's wage settings, round by round, as numbers."""
    space_codes = tables.factor_codes[0][:, 0]
    return [int(space_codes[runs.drafts[t, r, 0]]) for t in range(int(runs.rounds[r]) + 1)]


# --- hand-worked cases ----------------------------------------------------------------------
def test_wage_agrees_at_round_two_as_the_strike_grows_costly() -> None:
    s = load_scenario(WAGE)
    tables = build_tables(s, None, 12)
    runs = mediate(tables)
    assert runs.result.tolist() == [AGREEMENT] and runs.rounds.tolist() == [2]
    assert _wage(tables, runs) == [5, 5, 6]
    assert runs.accepts[:3, 0].tolist() == [[False, True], [False, True], [True, True]]
    assert np.allclose(runs.final, [[0.6, 0.4]])


def test_no_zopa_and_fixed_alternatives_deadlock_at_once() -> None:
    tables = build_tables(load_scenario(STUCK), None, 12)
    runs = mediate(tables)
    assert runs.result.tolist() == [DEADLOCK] and runs.rounds.tolist() == [0]
    assert np.allclose(runs.final, [[0.5, 0.5]])


def test_walk_away_when_patience_runs_out() -> None:
    # wage.yaml needs two rounds; a mediator with patience 1 walks away at round 1
    tables = build_tables(load_scenario(WAGE), None, 1)
    runs = mediate(tables, patience=1)
    assert runs.result.tolist() == [WALK_AWAY] and runs.rounds.tolist() == [1]


def test_mediator_red_lines_restrict_its_drafts() -> None:
    s = load_scenario(BROKERED)
    with_broker = build_tables(s, None, 12, mediator="broker")
    assert with_broker.drafts_ok[0, 0, :11].astype(int).tolist() == [0] + [1] * 5 + [0] * 5
    runs = mediate(with_broker)
    assert runs.result.tolist() == [DEADLOCK] and runs.rounds.tolist() == [0]
    assert _wage(with_broker, runs) == [5]
    free = build_tables(s, None, 12, mediator=None)
    runs = mediate(free)
    assert runs.result.tolist() == [AGREEMENT] and runs.rounds.tolist() == [1]
    assert _wage(free, runs) == [5, 6]


def test_symmetric_base_scenario_agrees_in_the_middle() -> None:
    tables = build_tables(load_scenario(SYMMETRIC), None, 12)
    runs = mediate(tables)
    assert runs.result.tolist() == [AGREEMENT] and runs.rounds.tolist() == [0]
    assert np.allclose(runs.final, [[0.5, 0.5]])


def test_bias_moves_the_first_draft() -> None:
    # with a bias the weighted sum is no longer flat: 2:1 for the union gives wage 10
    tables = build_tables(load_scenario(WAGE), None, 12)
    x = first_draft(tables, bias_vector(["union", "firm"], {"union": 2}))
    assert int(tables.factor_codes[0][x[0, 0], 0]) == 10


# --- tables ---------------------------------------------------------------------------------
def test_tables_of_the_base_scenario_are_the_outcome_space_factors() -> None:
    s = load_scenario(MINIMAL)
    tables = build_tables(s, None, 3)
    space = outcome_space(s)
    for f, factor in enumerate(space.factors):
        assert np.allclose(tables.utility[0, :, f, : factor.size], factor.utility)
    codes = space.enumerate()
    rows = np.zeros((codes.shape[0], len(space.factors)), dtype=np.intp)
    for f, factor in enumerate(space.factors):
        match = (codes[:, None, list(factor.issues)] == factor.codes[None]).all(axis=2)
        rows[:, f] = match.argmax(axis=1)
    crossing = space.crossing(codes)  # [A, N]
    count = sum(tables.crosses[0][:, f, rows[:, f]] for f in range(len(space.factors)))
    assert ((count > 0) == crossing).all()


# --- the oracle -----------------------------------------------------------------------------
def _draws(s: Scenario, n: int, seed: int) -> np.ndarray:
    return sample(uncertain_inputs(s), n, np.random.default_rng(seed))


def _first_draft_loop(tables, bias):
    n_r, n_a, n_f, _ = tables.utility.shape
    out = np.zeros((n_r, n_f), dtype=np.intp)
    for r in range(n_r):
        scale = [
            h - lo if h - lo > 1e-9 else 1.0
            for h, lo in zip(tables.high[r], tables.low[r], strict=True)
        ]
        for f in range(n_f):
            size = int(tables.valid[f].sum())
            rows = [k for k in range(size) if tables.drafts_ok[r, f, k]]
            obj = {
                k: sum(bias[a] / scale[a] * tables.utility[r, a, f, k] for a in range(n_a))
                for k in rows
            }
            top = max(obj.values())
            ties = [k for k in rows if obj[k] >= top - 1e-12]

            def rel(k, f=f, r=r, size=size):
                vals = []
                for a in range(n_a):
                    col = tables.utility[r, a, f, :size]
                    span = col.max() - col.min()
                    vals.append((col[k] - col.min()) / (span if span > 1e-9 else 1.0))
                return min(vals)

            out[r, f] = max(ties, key=lambda k: (rel(k), -k))
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    s=utility_scenarios(max_actors=3, max_issues=3, max_proposals=0, uncertainty=True),
    seed=st.integers(0, 2**16),
    rates=st.lists(st.floats(-0.05, 0.05), min_size=3, max_size=3),
    patience=st.integers(0, 6),
    weights=st.lists(st.floats(0.2, 5.0), min_size=3, max_size=3),
)
def test_vectorised_equals_the_plain_loop(s, seed, rates, patience, weights) -> None:
    parties = [a.id for a in s.actors]
    tables = build_tables(s, _draws(s, 8, seed), patience, parties)
    # alternatives that move with time, run by run
    t = np.arange(patience + 1)
    path = np.clip(
        tables.batna[:, :, :1] + t * np.array(rates[: len(parties)])[None, :, None], 0, 1
    )
    tables = replace(tables, batna=np.round(path, 12))
    b = np.array(weights[: len(parties)]) / sum(weights[: len(parties)])
    assert (first_draft(tables, b) == _first_draft_loop(tables, b)).all()
    fast, slow = mediate(tables, b, patience), mediate_reference(tables, b, patience)
    assert fast.result.tolist() == slow.result.tolist()
    assert fast.rounds.tolist() == slow.rounds.tolist()
    assert (fast.drafts == slow.drafts).all()
    assert (fast.accepts == slow.accepts).all()
    assert np.allclose(fast.utility, slow.utility)


# --- properties -----------------------------------------------------------------------------
@st.composite
def mirrored(draw) -> Scenario:
    """Two parties, each the mirror image of the other on every issue, equal BATNAs."""
    n = draw(st.integers(1, 3))
    batna = draw(st.floats(0.0, 0.9))
    issues, stances = [], []
    for i in range(n):
        lo = draw(st.integers(-20, 20))
        hi = lo + draw(st.integers(1, 40))
        p = draw(st.integers(lo, hi))
        sal = draw(st.floats(0.05, 1.0))
        shape = draw(st.sampled_from(["linear", "quadratic"]))
        issues.append({"id": f"i{i}", "name": f"i{i}", "kind": "continuous", "min": lo, "max": hi})
        line = draw(st.none() | st.integers(lo, hi))
        for actor, pos, red in (
            ("east", p, line),
            ("west", lo + hi - p, None if line is None else lo + hi - line),
        ):
            stance = {
                "actor": actor,
                "issue": f"i{i}",
                "position": pos,
                "salience": sal,
                "utility": shape,
                "judgement": "test",
            }
            if red is not None:
                stance["red_line"] = red
            stances.append(stance)
    actors = [
        {
            "id": a,
            "name": a,
            "role": "party",
            "capability": 1,
            "batna": {"description": "x", "utility": batna, "judgement": "test"},
        }
        for a in ("east", "west")
    ]
    return Scenario.model_validate(
        {"id": "mirror", "title": "mirror", "actors": actors, "issues": issues, "stances": stances}
    )


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(s=mirrored())
def test_unbiased_mediator_on_a_symmetric_scenario_gives_a_symmetric_result(s) -> None:
    tables = build_tables(s, None, 6)
    runs = mediate(tables, patience=6)
    for t in range(int(runs.rounds[0]) + 1):
        u = runs.utility[t, 0]
        assert abs(u[0] - u[1]) < 1e-9
        assert runs.accepts[t, 0, 0] == runs.accepts[t, 0, 1]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    s=utility_scenarios(max_actors=3, max_issues=3, max_proposals=0),
    who=st.integers(0, 2),
    raise_by=st.floats(0.0, 0.5),
)
def test_a_better_alternative_never_makes_a_party_accept_a_rejected_draft(s, who, raise_by):
    parties = [a.id for a in s.actors]
    who = who % len(parties)
    tables = build_tables(s, None, 4, parties)
    higher = tables.batna.copy()
    higher[:, who] = np.minimum(higher[:, who] + raise_by, 1.0)
    raised = replace(tables, batna=higher)
    before, after = mediate(tables, patience=4), mediate(raised, patience=4)
    # every draft of either run, judged at every round, before and after the raise
    drafts = np.concatenate([before.drafts[:, 0], after.drafts[:, 0]])
    for t in range(5):
        base_acc = accepts(tables.take(np.zeros(len(drafts), dtype=np.intp)), drafts, t)
        new_acc = accepts(raised.take(np.zeros(len(drafts), dtype=np.intp)), drafts, t)
        assert not (new_acc[:, who] & ~base_acc[:, who]).any()
        others = [a for a in range(len(parties)) if a != who]
        assert (new_acc[:, others] == base_acc[:, others]).all()
    # and in the run itself: a draft the party rejected in round t stays rejected
    for t in range(int(min(before.rounds[0], after.rounds[0])) + 1):
        if (before.drafts[t, 0] == after.drafts[t, 0]).all() and not before.accepts[t, 0, who]:
            assert not after.accepts[t, 0, who]


def test_the_same_seed_gives_the_same_runs() -> None:
    s = load_scenario(SYMMETRIC)
    a = simulate_process(s, runs=300, seed=7, chunk=100)
    b = simulate_process(s, runs=300, seed=7, chunk=100)
    c = simulate_process(s, runs=300, seed=8, chunk=100)
    assert (a.result_codes == b.result_codes).all()
    assert (a.final_utility == b.final_utility).all()
    assert a.to_dict() == b.to_dict()
    assert not np.array_equal(a.final_utility, c.final_utility)
    # a smaller run repeats the complete chunks of a larger one
    d = simulate_process(s, runs=100, seed=7, chunk=100)
    assert (d.final_utility == a.final_utility[:100]).all()


def test_spreads_give_a_distribution() -> None:
    sim = simulate_process(load_scenario(SYMMETRIC), runs=400, seed=1)
    assert abs(sum(sim.results.values()) - 1) < 1e-12
    # BATNAs drawn up to 0.6 > 0.5 make some runs fail: not every run agrees
    assert 0 < sim.results["agreement"] < 1


def test_bad_inputs_raise() -> None:
    s = load_scenario(WAGE)
    with pytest.raises(ProcessError, match="no party 'boss'"):
        simulate_process(s, runs=2, bias={"boss": 1})
    with pytest.raises(ProcessError, match="positive"):
        simulate_process(s, runs=2, bias={"union": 0})
    with pytest.raises(ProcessError, match="no process"):
        simulate_process(s, "auction", runs=2)


# --- CLI ------------------------------------------------------------------------------------
def _cli(*args: str):
    app = typer.Typer()
    app.command()(simulate_command)
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "160"})


def test_cli_json() -> None:
    res = _cli(str(WAGE), "--runs", "5", "--seed", "3", "--json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["scenario"] == "wage" and doc["process"] == "mediated"
    assert doc["runs"] == 5 and doc["seed"] == 3
    assert doc["bias"] == {"union": 0.5, "firm": 0.5}
    assert doc["results"] == {"agreement": 1.0, "walk-away": 0.0, "deadlock": 0.0}
    assert doc["rounds"]["50"] == 2
    assert doc["utility"]["union"]["50"] == pytest.approx(0.6)
    ex = doc["example"]
    assert ex["result"] == "agreement"
    assert [d["outcome"]["wage"] for d in ex["drafts"]] == [5.0, 5.0, 6.0]
    assert ex["drafts"][2]["accepts"] == {"union": True, "firm": True}
    assert set(ex["drafts"][0]["utility"]) == {"union", "firm"}


def test_cli_bias_and_tables() -> None:
    res = _cli(str(WAGE), "--runs", "3", "--bias", "union=3", "--json")
    assert json.loads(res.output)["bias"]["union"] == pytest.approx(0.75)
    res = _cli(str(WAGE), "--runs", "3")
    assert res.exit_code == 0, res.output
    assert "agreement" in res.output and "Run 0" in res.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bias", "boss=1"], "no party 'boss'"),
        (["--bias", "union=0"], "positive"),
        (["--bias", "union=x"], "positive"),
        (["--bias", "union"], "PARTY=WEIGHT"),
        (["--process", "auction"], "no process 'auction'"),
        (["--mediator", "nobody"], "no actor 'nobody'"),
    ],
)
def test_cli_errors_are_one_line(args: list[str], message: str) -> None:
    from accord.cli.app import UsageProblem

    res = _cli(str(WAGE), "--runs", "2", *args)
    assert res.exit_code != 0
    assert isinstance(res.exception, UsageProblem)
    assert message in str(res.exception) and "\n" not in str(res.exception)


# --- alternating offers ---------------------------------------------------------------------
def test_alternating_linear_agrees_at_round_eight() -> None:
    tables = build_tables(load_scenario(WAGE), None, 10)
    runs = alternate(tables, ["linear", "linear"], 10)
    assert runs.result.tolist() == [AGREEMENT] and runs.rounds.tolist() == [8]
    assert _wage(tables, runs)[7:] == [4, 5]
    assert not runs.accepts[7, 0, 0] and runs.accepts[8, 0].all()
    assert np.allclose(runs.final, [[0.5, 0.5]])


def test_alternating_deadline_and_walk_away() -> None:
    tables = build_tables(load_scenario(STUCK), None, 6)
    runs = alternate(tables, None, 6)  # no ZOPA: nothing is agreed by the deadline
    assert runs.result.tolist() == [DEADLOCK] and runs.rounds.tolist() == [6]
    # the union's alternative rises above the best the space offers it (0.9) at round 3
    lower = replace(
        tables, utility=tables.utility * 0.9, low=tables.low * 0.9, high=tables.high * 0.9
    )
    path = lower.batna.copy()
    path[:, 0, 3:] = 0.95
    runs = alternate(replace(lower, batna=path), None, 6)
    assert runs.result.tolist() == [WALK_AWAY] and runs.rounds.tolist() == [3]


def test_strategies_shape_the_concessions() -> None:
    tables = build_tables(load_scenario(WAGE), None, 10)
    # a Boulware firm facing a linear union holds out longer and gets more
    tough = alternate(tables, ["linear", "boulware"], 10)
    soft = alternate(tables, ["linear", "conceder"], 10)
    assert tough.final[0, 1] >= soft.final[0, 1]


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    s=utility_scenarios(max_actors=3, max_issues=3, max_proposals=0, uncertainty=True),
    seed=st.integers(0, 2**16),
    names=st.lists(st.sampled_from(sorted(STRATEGIES)), min_size=3, max_size=3),
    deadline=st.integers(0, 6),
    rates=st.lists(st.floats(-0.05, 0.05), min_size=3, max_size=3),
)
def test_alternating_vectorised_equals_the_plain_loop(s, seed, names, deadline, rates) -> None:
    parties = [a.id for a in s.actors]
    tables = build_tables(s, _draws(s, 6, seed), deadline, parties)
    t = np.arange(deadline + 1)
    path = np.clip(
        tables.batna[:, :, :1] + t * np.array(rates[: len(parties)])[None, :, None], 0, 1
    )
    tables = replace(tables, batna=np.round(path, 12))
    chosen = names[: len(parties)]
    fast, slow = alternate(tables, chosen, deadline), alternate_reference(tables, chosen, deadline)
    assert fast.result.tolist() == slow.result.tolist()
    assert fast.rounds.tolist() == slow.rounds.tolist()
    assert (fast.drafts == slow.drafts).all()
    assert (fast.accepts == slow.accepts).all()


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    s=utility_scenarios(max_actors=3, max_issues=3, max_proposals=0, red_lines=False),
    share=st.floats(0.0, 1.0),
)
def test_an_offer_meets_the_proposers_target_when_it_can(s, share) -> None:
    parties = [a.id for a in s.actors]
    tables = build_tables(s, None, 1, parties)
    target = tables.low[:, 0] + share * (tables.high[:, 0] - tables.low[:, 0])
    x = offer(tables, 0, target)
    at = np.broadcast_to(x[:, None, :, None], (1, len(parties), x.shape[1], 1))
    u = np.take_along_axis(tables.utility, at, -1)[..., 0].sum(axis=-1)
    assert u[0, 0] >= target[0] - 1e-9
    # and no single-factor change gives the others more while keeping the target
    # (a local optimum for the others)
    space = outcome_space(s, parties)
    if space.size <= 2000:
        others = [a for a in range(len(parties)) if a != 0]
        for f, factor in enumerate(space.factors):
            for k in range(factor.size):
                y = x[0].copy()
                y[f] = k
                uy = sum(tables.utility[0, :, g, y[g]] for g in range(len(space.factors)))
                if uy[0] >= target[0] - 1e-9:
                    gain = sum(
                        (uy[b] - u[0, b]) / max(tables.high[0, b] - tables.low[0, b], 1e-9)
                        for b in others
                    )
                    assert gain <= 1e-9


def test_cli_alternating() -> None:
    res = _cli(str(WAGE), "--process", "alternating", "--patience", "10", "--runs", "2", "--json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["process"] == "alternating"
    assert doc["strategies"] == {"union": "linear", "firm": "linear"}
    assert doc["results"]["agreement"] == 1.0 and doc["rounds"]["50"] == 8
    assert doc["example"]["drafts"][-1]["outcome"]["wage"] == 5.0
    res = _cli(
        str(WAGE), "--process", "alternating", "--strategy", "firm=tit-for-tat", "--runs", "2"
    )
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--process", "alternating", "--strategy", "firm=stubborn"], "no strategy 'stubborn'"),
        (["--process", "alternating", "--strategy", "boss=linear"], "no party 'boss'"),
        (["--strategy", "firm=linear"], "alternating"),
        (["--process", "alternating", "--bias", "firm=2"], "mediated"),
    ],
)
def test_cli_strategy_errors(args: list[str], message: str) -> None:
    from accord.cli.app import UsageProblem

    res = _cli(str(WAGE), "--runs", "2", *args)
    assert isinstance(res.exception, UsageProblem)
    assert message in str(res.exception) and "\n" not in str(res.exception)


def test_accord_simulate_is_registered_and_reproducible():
    from cli_runner import accord

    wage = str(Path(__file__).parent / "data" / "processes" / "wage.yaml")
    args = ("simulate", wage, "--runs", "50", "--seed", "4", "--json")
    first = json.loads(accord(*args).stdout)
    assert first == json.loads(accord(*args).stdout)
    assert first["process"] == "mediated" and first["runs"] == 50 and first["seed"] == 4
    assert abs(sum(first["results"].values()) - 1.0) < 1e-12
    bad = accord("simulate", wage, "--bias", "boss=1", check=2)
    assert len(bad.stderr.strip().splitlines()) == 1


def test_each_run_draws_its_own_over_time_rates():
    from accord.dynamics.process_tables import build_tables
    from accord.io import load_scenario
    from accord.uncertainty.draws import base_arrays, sample

    s = load_scenario(Path(__file__).parent / "data" / "dynamics" / "strike.yaml")
    base = base_arrays(s)
    names = [spec.name for spec in base.inputs]
    k = names.index("union.batna.cost")  # spread 0.03..0.07 around the stated 0.05
    values = sample(base.inputs, 40, np.random.default_rng(3))
    tables = build_tables(s, values, 4, parties=["union", "firm"], mediator=None)
    union = tables.parties.index("union")
    u0 = values[:, names.index("union.batna")]
    for t in range(5):  # u(t) = u0 - t * cost, each run with its own cost
        np.testing.assert_allclose(tables.batna[:, union, t], np.clip(u0 - t * values[:, k], 0, 1))
    assert values[:, k].min() >= 0.03 and values[:, k].max() <= 0.07
    assert np.ptp(values[:, k]) > 0.01  # the rates really vary from run to run
