"""Predictive intervals (accord.forecast.calibration): the oracle, DEU III, scenarios."""

from __future__ import annotations

import dataclasses
import hashlib
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle_calibration as oracle
from accord.analysis.inputs import Inputs
from accord.analysis.utility import encode_setting
from accord.forecast import backtest, forecast
from accord.forecast.calibration import (
    LEVELS,
    MIN_DOSSIERS,
    MIN_ISSUES,
    PROVENANCE,
    calibrate,
    conformal_quantile,
    fit_table,
    forecast_intervals,
    held_out_quantiles,
    interval_score,
    shipped_table,
    spread,
)
from accord.forecast.models import MODEL_NAMES
from accord.io import load_builtin, read_deu3
from cli_runner import accord

DEU3 = Path(__file__).parent / "data" / "deu3" / "deu3-dev.tsv"
ALL = ("compromise", "median", "eum", "exchange", "nash", "ensemble")


# --- the method against the plain oracle ---------------------------------------------------
@st.composite
def issues(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(1, 30))
    groups = draw(st.lists(st.sampled_from("abcdef"), min_size=n, max_size=n))
    value = st.floats(0, 100, allow_nan=False)
    prediction = draw(st.lists(value | st.just(math.nan), min_size=n, max_size=n))
    outcome = draw(st.lists(value, min_size=n, max_size=n))
    scale = draw(st.lists(st.floats(0.5, 50), min_size=n, max_size=n))
    levels = tuple(
        sorted(draw(st.sets(st.sampled_from([0.3, 0.5, 0.75, 0.8, 0.9, 0.95]), min_size=1)))
    )
    return prediction, outcome, scale, groups, levels


@settings(max_examples=150)
@given(issues())
def test_calibrate_matches_the_oracle(case):  # type: ignore[no-untyped-def]
    prediction, outcome, scale, groups, levels = case
    n = len(prediction)
    low, high = [0.0] * n, [100.0] * n
    want = oracle.held_out_intervals(prediction, outcome, scale, groups, low, high, levels)
    record, lo, hi = calibrate(
        np.array(prediction), np.array(outcome), np.array(scale), groups,
        np.array(low), np.array(high), levels,
    )  # fmt: skip
    for i, row in enumerate(want):
        if row is None:
            continue
        for k, (a, b) in enumerate(row):
            assert lo[i, k] == pytest.approx(a, abs=1e-9)
            assert hi[i, k] == pytest.approx(b, abs=1e-9)
    if record.n == 0:
        return
    coverage, width, score = oracle.summary(want, outcome, levels)
    for k, p in enumerate(levels):
        key = f"{round(p * 100)}"
        assert record.intervals[key].coverage == pytest.approx(coverage[k])
        assert record.intervals[key].width == pytest.approx(width[k])
    assert record.interval_score == pytest.approx(score)
    known = [abs(y - f) for f, y in zip(prediction, outcome, strict=True) if math.isfinite(f)]
    half = [oracle.pooled_quantile(known, p) for p in levels]
    naive = [
        [(max(f - h, 0), min(f + h, 100)) for h in half] if math.isfinite(f) else None
        for f in prediction
    ]
    n_cov, n_width, n_score = oracle.summary(naive, outcome, levels)
    assert record.naive_interval_score == pytest.approx(n_score)
    assert [record.naive_intervals[f"{round(p * 100)}"].coverage for p in levels] == n_cov
    assert [c.width for c in record.naive_intervals.values()] == pytest.approx(n_width)


@given(
    st.lists(st.floats(0, 10) | st.just(math.nan), max_size=40),
    st.sampled_from([0.1, 0.5, 0.8, 0.9, 0.99]),
)
def test_conformal_quantile_matches_the_oracle(scores, level):  # type: ignore[no-untyped-def]
    assert conformal_quantile(np.array(scores), [level])[0] == oracle.conformal_quantile(
        scores, level
    )


@given(issues())
def test_held_out_quantiles_never_use_their_own_group(case):  # type: ignore[no-untyped-def]
    prediction, outcome, scale, groups, levels = case
    scores = np.abs(np.array(outcome) - np.array(prediction)) / np.array(scale)
    q = held_out_quantiles(scores, groups, levels)
    for i, g in enumerate(groups):
        others = [s for s, h in zip(scores, groups, strict=True) if h != g]
        assert list(q[i]) == [oracle.conformal_quantile(others, p) for p in levels]


@given(
    st.integers(2, 6).flatmap(
        lambda a: st.tuples(
            st.lists(st.floats(0, 100) | st.just(math.nan), min_size=a, max_size=a),
            st.lists(st.floats(0.1, 5), min_size=a, max_size=a),
            st.lists(st.floats(0, 1), min_size=a, max_size=a),
        )
    )
)
def test_spread_matches_the_oracle(actors):  # type: ignore[no-untyped-def]
    position, capability, salience = actors
    inputs = Inputs(
        position=np.array(position)[:, None],
        capability=np.array(capability),
        salience=np.array(salience)[:, None],
        low=np.zeros(1),
        high=np.full(1, 100.0),
    )
    pairs = [
        (p, c * s) for p, c, s in zip(position, capability, salience, strict=True)
        if not math.isnan(p) and c * s > 0
    ]  # fmt: skip
    got = spread(inputs)[0]
    if not pairs:
        assert math.isnan(got)
    else:
        assert got == pytest.approx(max(oracle.spread(pairs), 5.0), rel=1e-9, abs=1e-9)


def test_interval_score_by_hand():
    # a 90 % interval [40, 60]: width 20, an outcome 5 below costs 2/0.1 * 5 = 100 more
    assert interval_score(np.array(40.0), np.array(60.0), np.array(35.0), 0.9) == pytest.approx(120)
    assert interval_score(np.array(40.0), np.array(60.0), np.array(50.0), 0.9) == pytest.approx(20)
    assert oracle.interval_score(40, 60, 65, 0.5) == 20 + 4 * 5


# --- DEU III: the targets, measured on issues the quantiles were not fitted on --------------
@pytest.fixture(scope="module")
def deu3():  # type: ignore[no-untyped-def]
    return backtest(read_deu3(DEU3), ALL)


def test_held_out_coverage_within_five_points(deu3):  # type: ignore[no-untyped-def]
    for m in ALL:
        cal = deu3.calibration[m]
        for p in LEVELS:
            assert abs(cal.intervals[f"{round(p * 100)}"].coverage - p) <= 0.05, (m, p)


def test_interval_scores(deu3):  # type: ignore[no-untyped-def]
    got = {m: round(deu3.calibration[m].interval_score, 2) for m in ALL}
    naive = {m: round(deu3.calibration[m].naive_interval_score, 2) for m in ALL}
    assert got == {
        "compromise": 11.29,
        "median": 13.11,
        "eum": 13.55,
        "exchange": 11.35,  # trades within a dossier
        "nash": 16.07,
        "ensemble": 11.29,
    }
    assert naive == {
        "compromise": 11.49,
        "median": 14.13,
        "eum": 13.85,
        "exchange": 11.57,
        "nash": 14.68,
        "ensemble": 11.49,
    }
    # better than the naive pooled interval for every model but nash (see docs/forecasting.md)
    assert all(got[m] < naive[m] for m in ALL if m != "nash")
    assert deu3.calibration["nash"].n == 111
    # the errors and the scores of before are unchanged
    assert round(deu3.scores["compromise"].mae, 2) == 23.18


def test_intervals_are_nested_and_hold_the_forecast(deu3):  # type: ignore[no-untyped-def]
    lo, hi = deu3.interval_low["compromise"], deu3.interval_high["compromise"]
    f = deu3.predictions["compromise"]
    assert np.all(lo[:, 0] <= f) and np.all(f <= hi[:, 0])
    assert np.all(np.diff(lo, axis=1) <= 0) and np.all(np.diff(hi, axis=1) >= 0)
    assert np.all(lo >= 0) and np.all(hi <= 100)


def test_shipped_table_is_the_fit_on_the_whole_file():
    table = shipped_table()
    # the models of the table (a model added later gets its row by rerunning the script)
    models = list(table["models"])
    assert set(ALL) <= set(models) <= set(MODEL_NAMES)
    bt = backtest(read_deu3(DEU3), models, intervals=False)
    assert bt.spread is not None
    fit = fit_table(
        bt.predictions, bt.outcome, bt.spread, source=table["source"],
        sha256=hashlib.sha256(DEU3.read_bytes()).hexdigest(), capability="votes",
    )  # fmt: skip
    assert fit == table


def test_too_small_a_file_names_the_minimum(tmp_path):
    rows = DEU3.read_text(encoding="utf-8").split("\n")
    small = tmp_path / "small.tsv"
    small.write_text("\n".join(rows[:14]), encoding="utf-8")
    with pytest.raises(
        ValueError, match=f"at least {MIN_ISSUES} issues in {MIN_DOSSIERS} dossiers"
    ):
        backtest(read_deu3(small))
    assert backtest(read_deu3(small), intervals=False).calibration == {}
    err = accord("backtest", "deu3", str(small), check=2).stderr
    assert f"at least {MIN_ISSUES} issues in {MIN_DOSSIERS} dossiers" in err
    assert "--no-intervals" in err


# --- scenario forecasts ----------------------------------------------------------------------
def test_forecast_intervals_on_a_scenario():
    scenario = load_builtin("uaw-detroit-2023")
    f = forecast(scenario, "compromise")
    got = forecast_intervals(scenario, f)
    q = shipped_table()["models"]["compromise"]["quantiles"]
    assert "EU legislation" in PROVENANCE and "peace negotiation" in PROVENANCE
    assert got, "some issue has an interval"
    for issue in scenario.issues:
        value = f.issue(issue.id).value
        if value is None:
            assert issue.id not in got
            continue
        lo_end, hi_end = issue.bounds() if issue.kind.value == "continuous" else (
            min(issue.positions()), max(issue.positions()))  # fmt: skip
        levels = got[issue.id]
        assert list(levels) == ["50", "80", "90"]
        for key, iv in levels.items():
            assert lo_end <= iv.low <= value <= iv.high <= hi_end
            # the plain computation: weighted spread of the stances, times the quantile
            pairs = list(_stances(scenario, f.actors, issue.id))
            s = max(oracle.spread(pairs), 0.05 * (hi_end - lo_end))
            assert iv.low == pytest.approx(max(value - q[key] * s, lo_end))
            assert iv.high == pytest.approx(min(value + q[key] * s, hi_end))
            if issue.kind.value == "ordinal":
                assert iv.settings and len(iv.labels) == len(iv.settings)
                assert all(lbl in [o.label for o in issue.options] for lbl in iv.labels)
        assert levels["50"].low >= levels["90"].low and levels["50"].high <= levels["90"].high
    with pytest.raises(ValueError, match="no intervals for model 'nope'"):
        forecast_intervals(scenario, dataclasses.replace(f, model="nope"))


def _stances(scenario, actors, issue_id):  # type: ignore[no-untyped-def]
    capability = {a.id: float(a.capability) for a in scenario.actors}
    issue = next(i for i in scenario.issues if i.id == issue_id)
    for st_ in scenario.stances:
        if st_.issue == issue_id and st_.actor in actors and st_.salience > 0:
            yield (
                encode_setting(issue, st_.position)[0],
                capability[st_.actor] * float(st_.salience),
            )
