"""The expected-utility model's Monte Carlo within its budget: the local process pool gives
the numbers of the in-process run for the same seed, whatever the number of workers; the
kernel gives the oracle's numbers whatever the chunking of its instances."""

from __future__ import annotations

import json

import numpy as np
import pytest

from accord.forecast import backends
from accord.forecast.montecarlo import simulate
from accord.io import load_builtin


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
