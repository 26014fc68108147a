"""Tests of the exchange model (:mod:`accord.forecast.exchange`): the vectorised model against
the plain loops of ``tests/oracle_exchange.py`` on random inputs and batch shapes, and
properties (equal gains, no one yields past the outcome, nothing to trade: no move)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis.inputs import Inputs
from accord.forecast.central import weighted_mean
from accord.forecast.exchange import exchange, exchange_run
from oracle_exchange import play


def inputs_of(x: np.ndarray, c: np.ndarray, s: np.ndarray, low: float = 0.0,
              high: float = 100.0) -> Inputs:  # fmt: skip
    n_i = x.shape[-1]
    return Inputs(x, c, np.where(np.isnan(x), 0.0, s), np.full(n_i, low), np.full(n_i, high))


@st.composite
def cases(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int] | None]:
    n_a = draw(st.integers(2, 6))
    n_i = draw(st.integers(2, 4))
    grid = st.sampled_from([0.0, 10.0, 25.0, 50.0, 60.0, 75.0, 100.0, math.nan])
    x = np.array(draw(st.lists(st.lists(grid, min_size=n_i, max_size=n_i), min_size=n_a,
                               max_size=n_a)))  # fmt: skip
    sal = st.sampled_from([0.0, 0.1, 0.3, 0.5, 0.8, 1.0]) | st.floats(0.0, 1.0)
    s = np.array(draw(st.lists(st.lists(sal, min_size=n_i, max_size=n_i), min_size=n_a,
                               max_size=n_a)))  # fmt: skip
    c = np.array(draw(st.lists(st.sampled_from([1.0, 2.0, 5.0]) | st.floats(0.1, 10.0),
                               min_size=n_a, max_size=n_a)))  # fmt: skip
    groups = draw(st.none() | st.lists(st.integers(0, 1), min_size=n_i, max_size=n_i))
    return x, c, s, groups


@settings(max_examples=150, deadline=None)
@given(cases())
def test_vectorised_equals_oracle(case: tuple[np.ndarray, np.ndarray, np.ndarray,
                                              list[int] | None]) -> None:  # fmt: skip
    x, c, s, groups = case
    n_i = x.shape[1]
    trail = play(x.tolist(), c.tolist(), s.tolist(), [0.0] * n_i, [100.0] * n_i, 10,
                 None if groups is None else list(groups))  # fmt: skip
    run = exchange_run(inputs_of(x, c, s), groups=None if groups is None else np.array(groups))
    assert run.positions.shape[0] == len(trail)
    np.testing.assert_allclose(run.positions, np.array(trail), rtol=1e-9, atol=1e-9)
    assert run.exchanges.shape == (len(trail) - 1,)


@settings(max_examples=40, deadline=None)
@given(cases(), cases())
def test_batch_equals_single_runs(one: tuple, two: tuple) -> None:  # type: ignore[type-arg]
    n_a, n_i = one[0].shape
    if two[0].shape != (n_a, n_i):
        two = (one[0][::-1].copy(), one[1][::-1].copy(), one[2][::-1].copy(), None)
    x = np.stack([one[0], two[0]])
    c = np.stack([one[1], two[1]])
    s = np.stack([one[2], two[2]])
    batch = exchange_run(inputs_of(x, c, s))
    for k in range(2):
        single = exchange_run(inputs_of(x[k], c[k], s[k]))
        r = single.positions.shape[0]
        np.testing.assert_array_equal(batch.positions[:r, k], single.positions)
        # after an instance stops it keeps its positions
        np.testing.assert_array_equal(batch.positions[r:, k],
                                      np.broadcast_to(single.positions[-1],
                                                      batch.positions[r:, k].shape))  # fmt: skip


def test_a_hand_computed_exchange() -> None:
    # two actors, two issues; actor 0 cares about issue 0, actor 1 about issue 1; they sit
    # at opposite ends of both. Weights c x s: outcomes (0.2 * 100) / 1 = 20 and 80.
    x = np.array([[0.0, 0.0], [100.0, 100.0]])
    s = np.array([[0.8, 0.2], [0.2, 0.8]])
    run = exchange_run(inputs_of(x, np.ones(2), s))
    # j = 1 yields on p = 0 (for i = 0), i = 0 yields on q = 1; rate b/a = (0.8+0.2)/(0.2+0.8)
    # = 1; rooms: each can shift the outcome by 0.2 * 80 / 100 = 0.16 of the scale, so both
    # move all the way to the outcome (20 and 80), each gaining (0.8 - 0.2) * 0.16
    np.testing.assert_allclose(run.positions[1], [[0.0, 80.0], [20.0, 100.0]])
    np.testing.assert_allclose(run.values[1], [4.0, 96.0])
    # the outcomes moved, so each is again off the outcome and they trade again, by a fifth
    # as much each round: issue 0 goes to actor 0 (20, 4, 0.8, ...), issue 1 to actor 1
    assert run.exchanges.tolist() == [1] * 10
    np.testing.assert_allclose(run.values[:, 0], 20.0 * 0.2 ** np.arange(11), atol=1e-9)
    np.testing.assert_allclose(run.values[:, 1], 100.0 - run.values[:, 0])


def test_nothing_to_trade_is_the_compromise() -> None:
    # equal relative saliences: no exchange gains both; the forecast is the weighted mean
    x = np.array([[0.0, 100.0], [100.0, 0.0], [40.0, 70.0]])
    s = np.full((3, 2), 0.5)
    inputs = inputs_of(x, np.array([1.0, 2.0, 3.0]), s)
    run = exchange_run(inputs)
    assert run.rounds_run == 0
    np.testing.assert_array_equal(exchange(inputs), weighted_mean(x, inputs.weight))


@settings(max_examples=60, deadline=None)
@given(cases())
def test_no_one_moves_past_the_outcome_or_the_hull(case: tuple) -> None:  # type: ignore[type-arg]
    x, c, s, _ = case
    run = exchange_run(inputs_of(x, c, s))
    lo = np.where(np.isnan(x), np.inf, x).min(axis=0)
    hi = np.where(np.isnan(x), -np.inf, x).max(axis=0)
    moved = run.positions[-1]
    assert np.all(np.isnan(moved) == np.isnan(x))
    ok = ~np.isnan(moved)
    assert np.all((moved >= lo - 1e-9) | ~ok) and np.all((moved <= hi + 1e-9) | ~ok)
    # at most one exchange per actor per round: at most A // 2 exchanges
    assert np.all(run.exchanges <= x.shape[0] // 2)
