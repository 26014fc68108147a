"""Sensitivity: the tornado table and first-order variance-based indices."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from accord.forecast.models import forecast
from accord.forecast.montecarlo import simulate
from accord.forecast.sensitivity import first_order, sensitivity
from accord.io import load_builtin
from accord.model import Scenario


def _scenario(spreads: dict[str, tuple[float, float]], capability_c: Any = None) -> Scenario:
    """Three actors on one 0..100 issue, equal weights, positions at the spreads' midpoints.

    The compromise forecast is then (p_a + p_b + p_c) / 3: linear in independent inputs.
    """
    actors = []
    for aid in ("a", "b", "c"):
        actor: dict[str, Any] = {"id": aid, "name": aid.upper(), "role": "party", "capability": 1}
        if aid == "c" and capability_c is not None:
            actor["uncertainty"] = {"capability": capability_c}
        actors.append(actor)
    stances = [
        {
            "actor": aid,
            "issue": "x",
            "position": (lo + hi) / 2,
            "salience": 1.0,
            "judgement": "made up",
            "uncertainty": {"position": {"low": lo, "high": hi}},
        }
        for aid, (lo, hi) in spreads.items()
    ]
    return Scenario.model_validate(
        {
            "id": "linear",
            "title": "A linear test case",
            "actors": actors,
            "issues": [{"id": "x", "name": "X", "kind": "continuous", "min": 0, "max": 100}],
            "stances": stances,
        }
    )


def test_tornado_puts_the_obviously_dominant_input_first() -> None:
    # a's position may be anywhere on the scale; b's and c's barely move; c's capability
    # moves the mean a little
    scenario = _scenario(
        {"a": (0.0, 100.0), "b": (45.0, 55.0), "c": (98.0, 100.0)},
        capability_c={"low": 0.9, "high": 1.1},
    )
    result = sensitivity(scenario, "compromise", draws=500, seed=1)
    bars = result.tornado["x"]
    assert [b.input for b in bars] == [
        "a/x.position",
        "b/x.position",
        "c.capability",
        "c/x.position",
    ]
    top = bars[0]
    # with b, c at 50 and 99 and equal capabilities: (0 + 149) / 3 and (100 + 149) / 3
    assert top.at_low == pytest.approx(149 / 3) and top.at_high == pytest.approx(249 / 3)
    assert top.swing == pytest.approx(100 / 3)
    assert bars[1].swing == pytest.approx(10 / 3)
    assert result.ranking[0] == ("a/x.position", pytest.approx(1 / 3))
    # the middle of every bar is the plain forecast
    assert result.base["x"] == pytest.approx(forecast(scenario, "compromise").issue("x").value)


def test_first_order_indices_match_the_analytic_values_of_a_linear_model() -> None:
    # Y = (p_a + p_b + p_c) / 3 with independent uniform p's of widths 60, 40 and 30:
    # Var(E[Y | p_k]) is proportional to width_k**2, so S = (3600, 1600, 900) / 6100.
    scenario = _scenario({"a": (0.0, 60.0), "b": (30.0, 70.0), "c": (70.0, 100.0)})
    result = sensitivity(scenario, "compromise", draws=20_000, seed=7)
    exact = np.array([3600.0, 1600.0, 900.0]) / 6100.0
    got = result.first_order[:, 0]
    # Tolerance: over 40 seeds at 20,000 draws the estimates had standard deviations of
    # 0.004-0.005 and mean errors below 0.0015 (the binning bias at 50 bins is ~1/50**2 of
    # S, i.e. < 0.0003); 0.025 is five standard deviations.
    np.testing.assert_allclose(got, exact, atol=0.025)
    assert got.sum() == pytest.approx(1.0, abs=0.05)  # additive model: no interactions
    assert result.bins == 50


def test_an_input_that_does_nothing_gets_an_index_near_zero() -> None:
    rng = np.random.default_rng(3)
    x = rng.random((5000, 2))
    y = (3 * x[:, 0])[:, None]  # the second input plays no part
    s = first_order(x, y, 50)
    # the bias correction removes the ~ (M - 1) / D = 0.01 a plain binning estimate gives
    assert s[1, 0] < 0.005 and s[0, 0] == pytest.approx(1.0, abs=0.01)
    # a constant forecast has no variance to share out
    assert np.isnan(first_order(x, np.ones((5000, 1)), 50)).all()


def test_discrete_inputs_are_grouped_by_value() -> None:
    rng = np.random.default_rng(5)
    x = rng.integers(0, 3, size=(3000, 1)).astype(float)
    noise = rng.normal(0, 1, 3000)
    y = (x[:, 0] * 2 + noise)[:, None]
    # Var(2X) = 4 * 2/3 for X uniform on {0, 1, 2}; Var(Y) = 8/3 + 1
    expected = (8 / 3) / (8 / 3 + 1)
    assert first_order(x, y, 50)[0, 0] == pytest.approx(expected, abs=0.03)


def test_same_seed_same_numbers_and_the_draws_are_the_simulations() -> None:
    scenario = load_builtin("ukraine-2025")
    a = sensitivity(scenario, "median", draws=400, seed=12, chunk=150)
    b = sensitivity(scenario, "median", draws=400, seed=12, chunk=150)
    c = sensitivity(scenario, "median", draws=400, seed=13, chunk=150)
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())
    assert not np.array_equal(a.first_order, c.first_order, equal_nan=True)
    assert a.tornado == c.tornado  # the tornado does not depend on the seed
    sim = simulate(scenario, "median", draws=400, seed=12, chunk=150)
    assert (a.entropy, a.draws, a.chunk) == (sim.entropy, 400, 150)
    d = json.loads(json.dumps(a.to_dict()))
    assert set(d["first_order"]) == set(a.issues)
    assert d["estimator"] == {"first_order": "given-data binning, bias-corrected", "bins": 20}
    # inputs that cannot move a forecast (BATNAs, red lines) swing by 0
    assert all(
        bar.swing == 0.0 for bars in a.tornado.values() for bar in bars if "batna" in bar.input
    )


def test_sensitivity_on_dask_equals_numpy() -> None:
    distributed = pytest.importorskip("distributed")
    scenario = load_builtin("ukraine-2025")
    local = sensitivity(scenario, draws=300, seed=4, chunk=100)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = sensitivity(scenario, draws=300, seed=4, chunk=100, backend="dask", address=client)
    assert json.dumps(local.to_dict()) == json.dumps(remote.to_dict())
