"""Tests of the convergence verdict (:mod:`accord.forecast.convergence`): the vectorised rule
against a plain loop over instances and rounds, on random trajectories with planted cycles,
and the Ukraine case, where the expected-utility model does not settle on two issues."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis.inputs import Inputs
from accord.forecast import forecast
from accord.forecast.convergence import MAX_PERIOD, REPEAT, SWING, WINDOW, convergence
from accord.forecast.models import model_convergence, scenario_inputs
from accord.io import load_builtin


def oracle(
    traj: list[list[float]], values: list[float], span: float
) -> tuple[bool, int, float, float]:
    """One instance: ``traj[r][a]`` positions after round r, ``values[r]`` the forecast."""
    last = len(traj) - 1
    period = 1 if last == 0 else 0
    for p in range(1, min(MAX_PERIOD, last) + 1):
        same = all(
            (math.isnan(u) and math.isnan(v)) or abs(u - v) <= REPEAT * span
            for u, v in zip(traj[last], traj[last - p], strict=True)
        )
        if same:
            period = p
            break
    first = last - period + 1 if period else max(0, last - WINDOW)
    seen = [v for v in values[first:] if not math.isnan(v)]
    low = min(seen) if seen else math.nan
    high = max(seen) if seen else math.nan
    converged = period == 1 or not (high - low > SWING * span)
    return converged, period, low, high


@st.composite
def trajectories(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``[R+1, B, A, I]`` positions (often ending in a cycle), ``[R+1, B, I]`` values."""
    rounds = draw(st.integers(0, 12))
    b, a, i = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
    grid = st.sampled_from([0.0, 1.0, 2.0, 50.0, math.nan]) | st.floats(0, 100)
    start = draw(st.integers(0, rounds))
    period = draw(st.integers(1, 10))
    x = np.empty((rounds + 1, b, a, i))
    size = x[0].size * (rounds + 1)
    seeds = np.array(draw(st.lists(grid, min_size=size, max_size=size))).reshape(x.shape)
    for r in range(rounds + 1):  # from round `start` on, repeat with the period
        x[r] = seeds[r] if r < start + period else x[r - period]
    values = np.where(np.isnan(x), 0.0, x).mean(axis=-2)
    if draw(st.booleans()):
        values = np.round(values / 30.0)  # forecasts that stay put through a cycle
    return x, values, np.full(i, draw(st.sampled_from([1.0, 100.0])))


@settings(max_examples=300, deadline=None)
@given(trajectories())
def test_vectorised_equals_oracle(case: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    x, values, span = case
    got = convergence(x, values, span)
    for b in range(x.shape[1]):
        for i in range(x.shape[3]):
            want = oracle(x[:, b, :, i].tolist(), values[:, b, i].tolist(), float(span[i]))
            assert bool(got.converged[b, i]) == want[0]
            assert int(got.period[b, i]) == want[1]
            np.testing.assert_equal([got.low[b, i], got.high[b, i]], want[2:])


def test_ukraine_eum_cycles_are_reported_and_values_unchanged() -> None:
    f = forecast(load_builtin("ukraine-2025"), "eum")
    crimea, donbas = f.issue("crimea"), f.issue("donbas")
    assert (crimea.value, donbas.value) == (0.0, 50.0)  # round 10, as before
    assert not crimea.converged and crimea.cycle == {"period": 2, "low": 0.0, "high": 100.0}
    assert not donbas.converged and donbas.cycle == {"period": 5, "low": 0.0, "high": 50.0}
    assert crimea.warning is not None and "cycle every 2 rounds" in crimea.warning
    settled = f.issue("south_line")
    assert settled.converged and settled.cycle is None and settled.warning is None
    doc = f.to_dict()["issues"][0]
    assert {"converged", "cycle"} <= set(doc)


def test_models_without_rounds_always_converge() -> None:
    f = forecast(load_builtin("ukraine-2025"), "compromise")
    assert all(i.converged and i.cycle is None for i in f.issues)
    assert all(d["converged"] is True and d["cycle"] is None for d in f.to_dict()["issues"])


def test_batch_of_draws_equals_single_runs() -> None:
    # Monte Carlo runs many instances at once: the verdict per draw is the single run's
    rng = np.random.default_rng(3)
    scenario = load_builtin("ukraine-2025")
    base = scenario_inputs(scenario, [a.id for a in scenario.actors])
    draws = 4
    position = np.where(
        np.isnan(base.position),
        np.nan,
        np.clip(base.position + rng.normal(0, 5, (draws, *base.position.shape)), 0, None),
    )
    position = np.minimum(position, base.high)
    batch = Inputs(position, np.broadcast_to(base.capability, (draws, *base.capability.shape)),
                   np.broadcast_to(base.salience, position.shape), base.low, base.high)  # fmt: skip
    for model in ("eum", "exchange"):
        together = model_convergence(batch, model)
        assert together is not None
        for k in range(draws):
            one = model_convergence(
                Inputs(position[k], base.capability, base.salience, base.low, base.high), model
            )
            assert one is not None
            assert np.array_equal(together.converged[k], one.converged)
            assert np.array_equal(together.period[k], one.period)
            np.testing.assert_array_equal(together.low[k], one.low)
            np.testing.assert_array_equal(together.high[k], one.high)
    assert model_convergence(batch, "compromise") is None
