"""The nash and ensemble forecasting models, against plain oracles and by hand."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle_forecast as oracle
from accord.forecast import Inputs, backtest, forecast
from accord.forecast.ensemble import DEFAULT, cross_validated, fit_weights
from accord.forecast.nash import nash_point
from accord.io import load_builtin, read_deu3

DEU3 = Path(__file__).parent / "data" / "deu3" / "deu3-dev.tsv"


def _inputs(pos: np.ndarray, cap: np.ndarray, sal: np.ndarray) -> Inputs:
    n_i = pos.shape[-1]
    return Inputs(pos, cap, sal, np.zeros(n_i), np.full(n_i, 100.0))


# --- nash on one issue ---------------------------------------------------------------------
def test_nash_point_by_hand():
    # status quo 0; actors at 60 (weight 1) and 100 (weight 1). Every x in (0, 100] makes
    # both gain; product x * (x - 0)... gains: a at 60 gains 60 - |x - 60|, b gains x (x <= 100)
    # maximise log(60 - |x - 60|) + log(x): on [0, 60] it rises; on [60, 100] it is
    # log(120 - x) + log(x), maximal at x = 60. So the Nash point is 60.
    pos = np.array([[60.0], [100.0]])
    got = nash_point(_inputs(pos, np.ones(2), np.ones((2, 1))), np.array([0.0]))
    assert got[0] == pytest.approx(60.0)
    # actors on both sides of the status quo at 50: only the status quo is rational
    pos = np.array([[0.0], [100.0]])
    got = nash_point(_inputs(pos, np.ones(2), np.ones((2, 1))), np.array([50.0]))
    assert got[0] == 50.0
    # no reference point: no forecast
    got = nash_point(_inputs(pos, np.ones(2), np.ones((2, 1))), np.array([np.nan]))
    assert math.isnan(got[0])


@st.composite
def _issue(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n_a = draw(st.integers(1, 6))
    n_i = draw(st.integers(1, 3))
    value = st.one_of(st.sampled_from([0.0, 25.0, 50.0, 100.0]), st.floats(0, 100))
    pos = np.array([[draw(value) for _ in range(n_i)] for _ in range(n_a)])
    absent = np.array([[draw(st.integers(0, 4)) == 0 for _ in range(n_i)] for _ in range(n_a)])
    cap = np.array([draw(st.sampled_from([0.0, 1.0, 2.0, 3.5])) for _ in range(n_a)])
    sal = np.array([[draw(st.sampled_from([0.0, 0.3, 1.0])) for _ in range(n_i)]
                    for _ in range(n_a)])  # fmt: skip
    d = np.array([draw(st.one_of(st.just(np.nan), value)) for _ in range(n_i)])
    return np.where(absent, np.nan, pos), cap, sal, d


@settings(max_examples=150, deadline=None)
@given(_issue())
def test_nash_point_matches_the_oracle(case):
    pos, cap, sal, d = case
    got = nash_point(_inputs(pos, cap, sal), d)
    for i in range(pos.shape[1]):
        pairs = [(float(pos[a, i]), float(cap[a] * sal[a, i])) for a in range(pos.shape[0])
                 if not math.isnan(pos[a, i]) and cap[a] * sal[a, i] > 0]  # fmt: skip
        if math.isnan(d[i]) or not pairs:
            assert math.isnan(got[i])
            continue
        assert got[i] == pytest.approx(oracle.nash_point(pairs, float(d[i]), 0.0, 100.0))


def test_nash_point_ignores_the_position_of_a_weightless_actor():
    # found by hypothesis: an actor with capability 0 at 28.125 once offered its position as
    # a candidate, so the forecast depended on an actor the model says does not count
    pos = np.array([[28.125], [53.25], [0.0]])
    got = nash_point(_inputs(pos, np.array([0.0, 1.0, 1.0]), np.array([[0.0], [0.3], [1.0]])),
                     np.array([100.0]))  # fmt: skip
    want = oracle.nash_point([(53.25, 0.3), (0.0, 1.0)], 100.0, 0.0, 100.0)
    assert got[0] == pytest.approx(want) == 28.0


def test_nash_point_vectorises_over_draws():
    rng = np.random.default_rng(7)
    pos = rng.uniform(0, 100, (4, 5, 3))
    cap, sal = rng.uniform(0.1, 1, (4, 5)), rng.uniform(0.1, 1, (4, 5, 3))
    d = rng.uniform(0, 100, (4, 3))
    whole = nash_point(_inputs(pos, cap, sal), d)
    for k in range(4):
        one = nash_point(_inputs(pos[k], cap[k], sal[k]), d[k])
        np.testing.assert_array_equal(whole[k], one)


# --- nash on a scenario ----------------------------------------------------------------------
def test_scenario_nash_follows_the_bargaining_analysis():
    from accord.analysis import analyze
    from accord.analysis.utility import encode_setting

    s = load_builtin("ukraine-2025")
    f = forecast(s, "nash")
    a = analyze(s)
    basis = a.bargaining if a.relaxed is None else a.relaxed
    solution = basis.solutions["nash-weighted"]
    assert solution is not None
    for issue in s.issues:
        want = encode_setting(issue, solution.outcome[issue.id])[0]
        assert f.issue(issue.id).value == pytest.approx(want)
    assert any("red lines treated as soft" in n for n in f.notes) == (a.relaxed is not None)


def test_scenario_nash_without_batnas_says_why():
    s = load_builtin("ukraine-2025")
    data = s.model_dump(mode="json", exclude_none=True)
    for actor in data["actors"]:
        actor.pop("batna", None)
    data.pop("levers", None)  # their effects move BATNAs
    bare = type(s).model_validate(data)
    f = forecast(bare, "nash")
    assert all(i.value is None for i in f.issues)
    assert "no party has a BATNA" in (f.issues[0].reason or "")


# --- ensemble --------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 3), st.integers(3, 12))
def test_fit_weights_is_the_best_convex_combination(seed, members, n):
    rng = np.random.default_rng(seed)
    p = rng.uniform(0, 100, (n, members)).round(1)
    y = rng.uniform(0, 100, n).round(1)
    w = fit_weights(p, y)
    assert w.min() >= 0 and w.sum() == pytest.approx(1.0)
    best = oracle.lad_error(p.tolist(), y.tolist(), w.tolist())
    # no point of a fine grid of the simplex does better
    steps = np.linspace(0, 1, 41)
    for combo in itertools.product(steps, repeat=members - 1):
        if sum(combo) <= 1 + 1e-12:
            grid_w = [*combo, 1 - sum(combo)]
            assert best <= oracle.lad_error(p.tolist(), y.tolist(), grid_w) + 1e-6


def test_cross_validation_never_sees_the_held_out_group():
    # group b's outcomes are absurd; its predictions must use weights fitted on a alone
    p = np.array([[10.0, 90.0], [20.0, 80.0], [30.0, 70.0], [50.0, 0.0]])
    y = np.array([10.0, 20.0, 30.0, 0.0])
    pred, used = cross_validated(p, y, ["a", "a", "a", "b"])
    np.testing.assert_allclose(used[1], [1.0, 0.0])  # fitted on a: the first member
    assert pred[3] == pytest.approx(50.0)


def test_shipped_ensemble_weights_are_the_fit_on_deu3_dev():
    bt = backtest(read_deu3(DEU3), ["ensemble"])
    assert bt.ensemble is not None
    assert tuple(bt.ensemble["members"]) == DEFAULT.members
    for m, w in zip(DEFAULT.members, DEFAULT.weights, strict=True):
        assert bt.ensemble["weights"][m] == pytest.approx(w, abs=1e-6)


# --- eum on a scenario -----------------------------------------------------------------------
def test_scenario_eum_is_the_oracle_issue_by_issue():
    import oracle_eum
    from accord.analysis.inputs import scenario_inputs
    from accord.forecast.eum import DYAD_CODES, PRESETS

    s = load_builtin("ukraine-2025")
    f = forecast(s, "eum")
    inputs = scenario_inputs(s, [a.id for a in s.actors])
    preset = PRESETS["scholz-2011"]
    assert f.options is not None and f.options["preset"] == "scholz-2011"
    assert len(f.rounds) == preset.rounds + 1
    for i, issue in enumerate(s.issues):
        want = oracle_eum.run(
            list(inputs.position[:, i]), list(inputs.capability), list(inputs.salience[:, i]),
            preset,
        )  # fmt: skip
        weight = inputs.capability * inputs.salience[:, i]
        present = {a: weight[a] for a in range(len(s.actors))
                   if not math.isnan(inputs.position[a, i])}  # fmt: skip
        for r, row in enumerate(want["positions"]):
            xs = {a: row[a] for a in present}
            assert f.rounds[r][i] == pytest.approx(oracle_eum.lower_weighted_median(xs, present))
        assert f.issue(issue.id).value == pytest.approx(f.rounds[-1][i])
        # every first-round challenge listed is one the oracle classifies the same way
        listed = {(d["challenger"], d["target"]) for d in f.dyads[0] if d["issue"] == issue.id}
        ids = [a.id for a in s.actors]
        for a, b in itertools.permutations(range(len(ids)), 2):
            kind = DYAD_CODES[want["dyads"][0][a][b]]
            assert ((ids[a], ids[b]) in listed) == (
                kind in ("conflict", "compromise", "capitulation")
            )
    assert f.pressure and all(" -> " in line for line in f.pressure)


def test_eum_in_the_backtest_is_the_oracle_on_every_issue():
    import oracle_eum
    from accord.forecast.backtest import capabilities
    from accord.forecast.eum import PRESETS
    from accord.io.deu3 import read_deu3

    bt = backtest(read_deu3(DEU3), ["eum"])
    data = read_deu3(DEU3)
    cap = capabilities(data)
    errors = []
    for k, issue in enumerate(bt.issues):
        i = data.issues.index(issue)
        both = ~np.isnan(data.position[:, i]) & ~np.isnan(data.salience[:, i])
        pos = np.where(both, data.position[:, i], np.nan)
        sal = np.where(both, data.salience[:, i] / 100.0, 0.0)
        want = oracle_eum.run(list(pos), list(cap), list(sal), PRESETS["scholz-2011"])
        final = want["positions"][-1]
        weights = {a: cap[a] * sal[a] for a in range(len(pos)) if both[a]}
        value = oracle_eum.lower_weighted_median({a: final[a] for a in weights}, weights)
        assert bt.predictions["eum"][k] == pytest.approx(value)
        errors.append(abs(value - bt.outcome[k]))
    assert bt.scores["eum"].mae == pytest.approx(float(np.mean(errors)))


# --- paired comparison with the baseline -----------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 100), st.floats(0, 100), st.sampled_from("abcde"), st.booleans()),
        min_size=1,
        max_size=40,
    )
)
def test_paired_difference_is_the_plain_clustered_mean(rows):
    from accord.forecast.backtest import paired_difference

    error = np.array([e if known else math.nan for e, _, _, known in rows])
    base = np.array([b for _, b, _, _ in rows])
    groups = [g for _, _, g, _ in rows]
    got = paired_difference(error, base, groups)
    kept = [(e - b, g) for e, b, g, known in rows if known]
    assert got.n == len(kept)
    if not kept:
        assert math.isnan(got.mean_diff)
        return
    mean, se = oracle.clustered_mean([d for d, _ in kept], [g for _, g in kept])
    assert got.mean_diff == pytest.approx(mean, abs=1e-9)
    if math.isnan(se):
        assert math.isnan(got.se)
    else:
        assert got.se == pytest.approx(se, rel=1e-9, abs=1e-9)
        assert got.low == pytest.approx(mean - 1.96 * se, abs=1e-9)
    assert got.better == sum(d < 0 for d, _ in kept)
    assert got.worse == sum(d > 0 for d, _ in kept)


def test_backtest_compares_every_model_with_compromise():
    bt = backtest(read_deu3(DEU3), ["compromise", "median", "nash", "ensemble"])
    assert set(bt.versus) == {"median", "nash", "ensemble"}
    med = bt.versus["median"]
    # same issues, so the mean paired difference is the difference of the mean errors
    assert med.n == 160
    assert med.mean_diff == pytest.approx(bt.scores["median"].mae - bt.scores["compromise"].mae)
    assert med.low > 0  # the median model is reliably worse on these data
    assert bt.versus["nash"].n == bt.scores["nash"].n == 111
    ens = bt.versus["ensemble"]
    assert ens.low <= 0 <= ens.high  # the data cannot tell the ensemble from compromise
    assert bt.to_dict()["vs_compromise"]["ensemble"]["better"] == ens.better
