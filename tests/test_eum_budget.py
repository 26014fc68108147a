"""The expected-utility model's Monte Carlo within its budget: the local process pool gives
the numbers of the in-process run for the same seed, whatever the number of workers; the
kernel gives the oracle's numbers whatever the chunking of its instances."""

from __future__ import annotations

import importlib
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.forecast import backends, threads
from accord.forecast.eum import PRESETS, EumOptions, eum
from accord.forecast.montecarlo import simulate
from accord.io import load_builtin
from oracle_eum import run

RUN = importlib.import_module("accord.forecast.eum.run")


@st.composite
def batches(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random ``[B, A]`` inputs: 1-40 instances of 2-22 actors, maybe on a grid (ties), maybe
    with absent actors."""
    b_size, n = draw(st.integers(1, 40)), draw(st.integers(2, 22))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    shape = (b_size, n)
    grid = draw(st.booleans())
    x = rng.integers(0, 7, shape).astype(float) if grid else rng.uniform(0.0, 100.0, shape)
    x[rng.random(shape) < draw(st.sampled_from([0.0, 0.1]))] = np.nan
    return x, rng.random(shape), rng.random(shape)


@settings(max_examples=40, deadline=None)
@given(batches(), st.sampled_from(["scholz-2011", "textbook"]), st.integers(0, 2**32 - 1))
def test_chunking_changes_no_bit_and_equals_the_oracle(
    inputs: tuple[np.ndarray, np.ndarray, np.ndarray], preset: str, pick: int
) -> None:
    """Cut into chunks of 1, 2, 3, 7, 8 (where the vote counting changes method) or all
    instances, on one thread or several, the batch gives the very same bits; and instances
    on either side of a chunk boundary equal the plain oracle."""
    x, c, s = inputs
    options: EumOptions = PRESETS[preset].with_(rounds=4)
    n = x.shape[1]
    runs = []
    for per_chunk in (1, 2, 3, 7, 8, len(x)):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(RUN, "CHUNK_ELEMENTS", per_chunk * n * n)
            for limit in (1, 2):
                with threads.limited(limit):
                    runs.append(eum(x, c, s, options))
    first = runs[0]
    for other in runs[1:]:
        np.testing.assert_array_equal(other.positions, first.positions)
        np.testing.assert_array_equal(other.dyads, first.dyads)
        np.testing.assert_array_equal(other.risk, first.risk)
        np.testing.assert_array_equal(other.stopped, first.stopped)
    # the instances next to the boundaries of chunks of 7 and 8 (and one at random)
    for index in {0, min(6, len(x) - 1), min(7, len(x) - 1), pick % len(x)}:
        ref = run(
            x[index].tolist(), c[index].tolist(), s[index].tolist(), options,
            follow=first.positions[:, index],
        )  # fmt: skip
        np.testing.assert_allclose(
            first.positions[:, index], ref["positions"], atol=1e-9, rtol=0, equal_nan=True
        )
        np.testing.assert_array_equal(first.dyads[:, index], np.array(ref["dyads"], np.int8))


@pytest.mark.parametrize("workers", [1, 2])
def test_process_pool_gives_the_numbers_of_numpy(
    workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the draws of a chunk come from its own SeedSequence child, keyed on the chunk's index:
    # one worker or two, and whichever finishes first, the numbers are the same
    monkeypatch.setattr(backends, "LOCAL_WORKERS", workers)
    scenario = load_builtin("ukraine-2025")
    local = simulate(scenario, "eum", draws=60, seed=2025, chunk=25)
    calls: list[tuple[int, int]] = []
    pooled = simulate(
        scenario,
        "eum",
        draws=60,
        seed=2025,
        chunk=25,
        backend="processes",
        progress=lambda d, t: calls.append((d, t)),
    )
    assert np.array_equal(local.values, pooled.values)
    assert np.array_equal(local.forecasts, pooled.forecasts, equal_nan=True)
    a, b = local.to_dict(), pooled.to_dict()
    assert a.pop("backend") == "numpy" and b.pop("backend") == "processes"
    assert json.dumps(a) == json.dumps(b)
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_process_pool_keeps_chunk_order_and_shared() -> None:
    assert backends.run_chunks(abs, [-3, 1, -2], backend="processes") == [3, 1, 2]
    assert backends.run_chunks(pow, [1, 2, 3], backend="processes", shared=2) == [2, 4, 8]
    assert backends.run_chunks(abs, [], backend="processes") == []


def test_process_pool_refuses_an_address() -> None:
    with pytest.raises(ValueError, match="'address' is for the dask backend"):
        backends.run_chunks(abs, [1], backend="processes", address="tcp://localhost:1")
    with pytest.raises(ValueError, match="backends: numpy, dask, processes"):
        backends.run_chunks(abs, [1], backend="spark")
