"""Tests of :mod:`accord.forecast.eum.repeats`: instances whose positions repeat are played
no further, and that changes no result, bit for bit.

* the period found for each instance equals a plain loop's (``oracle_eum.repeat_period``)
  on random histories with planted repeats, for one instance and for many;
* the model with the skipping equals the model without it (every round played), on random
  inputs and options, positions, dyads, risk exponents and rounds run, bit for bit; and it
  equals the plain oracle;
* on cases where instances do repeat, the skipping does happen (both the whole chunk
  stopping and a smaller chunk going on).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.forecast import eum as eum_module
from accord.forecast.eum import PRESETS, EumOptions, eum, repeats
from accord.forecast.eum import rounds as rounds_module
from accord.forecast.eum.repeats import History
from oracle_eum import repeat_period, run

CHOICES = {**eum_module.CHOICES, "q": (1.0, 0.5)}


@st.composite
def histories(draw: st.DrawFn) -> list[np.ndarray]:
    """Positions ``[B, A]`` after each of 1-10 rounds, drawn from a small pool of rows (so
    that rows repeat, also after a cycle), with ``-0.0`` beside ``0.0``."""
    b_size = draw(st.sampled_from([1, 2, 5]))
    n = draw(st.integers(1, 4))
    rounds = draw(st.integers(1, 10))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    pool = rng.choice(np.array([0.0, -0.0, 1.0, 2.5]), size=(3, n))
    picks = rng.integers(0, len(pool), (rounds + 1, b_size))
    return [pool[picks[t]] for t in range(rounds + 1)]


@settings(max_examples=200, deadline=None)
@given(histories())
def test_periods_equal_a_plain_loop(rows: list[np.ndarray]) -> None:
    rounds = len(rows) - 1
    history = History(np.ascontiguousarray(rows[0]), rounds)
    found_any = False
    for t in range(1, rounds + 1):
        period = history.add(np.ascontiguousarray(rows[t]))
        want = [
            repeat_period([rows[u][b].tolist() for u in range(t + 1)]) for b in range(len(rows[0]))
        ]
        if period is None:
            assert not any(want)
        else:
            found_any = True
            assert period.tolist() == want
    assert found_any == any(
        repeat_period([rows[u][b].tolist() for u in range(t + 1)])
        for t in range(1, rounds + 1)
        for b in range(len(rows[0]))
    )


@st.composite
def option_sets(draw: st.DrawFn) -> EumOptions:
    """Every option sampled (no tolerance: the skipping applies only without one), 3-10
    rounds so that instances have time to repeat."""
    chosen = {name: draw(st.sampled_from(values)) for name, values in CHOICES.items()}
    if chosen["conflict"] == "expected" and chosen["scale"] == "current-range":
        chosen["scale"] = "initial-range"  # ill-conditioned, as in test_eum
    return EumOptions(**chosen, rounds=draw(st.integers(3, 10)), bounds=(-1.0, 11.0))


@st.composite
def batches(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random ``(B, A)`` inputs, 1-20 instances of 2-9 actors, often on a coarse grid (where
    many instances reach a fixed point or a cycle), some absent actors."""
    shape = (draw(st.sampled_from([1, 3, 12, 20])), draw(st.integers(2, 9)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    grid = draw(st.booleans())
    x = rng.integers(0, 5, shape).astype(float) if grid else rng.uniform(0.0, 10.0, shape)
    x[rng.random(shape) < draw(st.sampled_from([0.0, 0.2]))] = np.nan
    c, s = rng.random(shape), rng.random(shape)
    return x, c, s


def played_in_full(
    monkeypatch: pytest.MonkeyPatch,
    x: np.ndarray,
    c: np.ndarray,
    s: np.ndarray,
    options: EumOptions,
    record: bool,
) -> eum_module.EumRun:
    with monkeypatch.context() as m:
        m.setattr(repeats, "SKIP", False)
        return eum(x, c, s, options, record=record)


@settings(max_examples=150, deadline=None)
@given(batches(), option_sets(), st.booleans())
def test_skipping_changes_no_bit(
    inputs: tuple[np.ndarray, np.ndarray, np.ndarray], options: EumOptions, record: bool
) -> None:
    x, c, s = inputs
    with pytest.MonkeyPatch.context() as monkeypatch:
        full = played_in_full(monkeypatch, x, c, s, options, record)
    skipped = eum(x, c, s, options, record=record)
    np.testing.assert_array_equal(skipped.positions, full.positions)
    np.testing.assert_array_equal(skipped.dyads, full.dyads)
    np.testing.assert_array_equal(skipped.risk, full.risk)
    np.testing.assert_array_equal(skipped.stopped, full.stopped)
    assert skipped.rounds_run == full.rounds_run == options.rounds


class Calls:
    """Counts the calls of a function it wraps."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn, self.count = fn, 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.count += 1
        return self.fn(*args, **kwargs)


def test_a_chunk_stops_and_shrinks(monkeypatch: pytest.MonkeyPatch) -> None:
    """On 40 grid instances of 5 actors, 10 rounds of ``scholz-2011``: instances repeat,
    the chunk is made smaller (``subset``) and stops once all repeat, with every round
    equal, bit for bit, to the rounds played in full, and each instance equal to the plain
    oracle."""
    rng = np.random.default_rng(12)
    x = rng.integers(0, 5, (40, 5)).astype(float)
    c, s = rng.random((40, 5)), rng.random((40, 5))
    options = PRESETS["scholz-2011"]
    full = played_in_full(monkeypatch, x, c, s, options, True)
    fill, subset = Calls(rounds_module.fill), Calls(rounds_module.subset)
    monkeypatch.setattr(rounds_module, "fill", fill)
    monkeypatch.setattr(rounds_module, "subset", subset)
    skipped = eum(x, c, s, options)
    assert subset.count >= 1 and fill.count >= 1
    np.testing.assert_array_equal(skipped.positions, full.positions)
    np.testing.assert_array_equal(skipped.dyads, full.dyads)
    np.testing.assert_array_equal(skipped.risk, full.risk)
    for k in range(0, 40, 7):
        ref = run(x[k].tolist(), c[k].tolist(), s[k].tolist(), options)
        np.testing.assert_allclose(skipped.positions[:, k], ref["positions"], atol=1e-9)
        np.testing.assert_array_equal(skipped.dyads[:, k], np.array(ref["dyads"], np.int8))


def test_one_instance_stops_at_its_fixed_point(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two actors, x = 0 and 10, textbook: the second moves to 0 in round 1 (worked in
    test_eum's hand-computed case), then nothing moves: round 2 repeats round 1, so rounds
    3-10 are copies, and the whole 10 rounds are the fixed point."""
    x, c, s = np.array([0.0, 10.0]), np.ones(2), np.array([1.0, 0.5])
    fill = Calls(rounds_module.fill)
    monkeypatch.setattr(rounds_module, "fill", fill)
    result = eum(x, c, s, PRESETS["textbook"])
    assert fill.count == 1
    assert result.rounds_run == 10 and int(result.stopped) == 10
    np.testing.assert_array_equal(result.positions[1:], np.tile(result.positions[1], (10, 1)))
    assert result.positions[1].tolist() != x.tolist()
    full = played_in_full(monkeypatch, x, c, s, PRESETS["textbook"], True)
    np.testing.assert_array_equal(result.positions, full.positions)
    np.testing.assert_array_equal(result.dyads, full.dyads)
