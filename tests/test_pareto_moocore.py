"""The dominance filter for four or more columns (moocore's, a chunk at a time with cancel
checks between), the k-d order, and the frontier merge that uses them, against the plain
loops of ``oracle_pareto``."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from unittest import mock

import moocore
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oracle_pareto as oracle
from accord.analysis import pareto
from accord.analysis.frontier_cost import Cancelled
from accord.analysis.kd_order import kd_order
from accord.analysis.pareto import pareto_frontier, pareto_mask
from accord.analysis.space import outcome_space
from accord.model import Scenario

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from bench_pareto import accord_document, random_tables

many_settings = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def integer_clouds(
    min_cols: int, max_cols: int, max_size: int, spread: int
) -> st.SearchStrategy[list[list[int]]]:
    """Integer points [N, A] with many ties and copies (a small spread)."""
    return st.integers(min_cols, max_cols).flatmap(
        lambda a: st.lists(
            st.lists(st.integers(0, spread), min_size=a, max_size=a), min_size=1, max_size=max_size
        )
    )


@many_settings
@given(points=integer_clouds(1, 5, 80, 1000).map(np.array))
def test_kd_order_is_a_permutation(points: np.ndarray) -> None:
    order = kd_order(points)
    assert sorted(order.tolist()) == list(range(len(points)))


@many_settings
@given(
    points=integer_clouds(4, 7, 120, 3),
    small=st.sampled_from([0, 256]),
    chunk=st.sampled_from([1, 3, 16, 1 << 18]),
)
def test_many_columns_match_the_plain_loops(
    points: list[list[int]], small: int, chunk: int
) -> None:
    """Copies and ties included, with and without the first pass, and in chunks of 1, 3
    and 16 points (each filtered with the frontier of the chunks before)."""
    array = np.array(points, dtype=float)
    with mock.patch.object(pareto, "SMALL", small), mock.patch.object(pareto, "CHUNK", chunk):
        assert pareto_mask(array).tolist() == oracle.pareto_mask(points)


@many_settings
@given(
    points=integer_clouds(2, 6, 100, 4),
    data=st.data(),
    chunk=st.sampled_from([2, 1 << 18]),
)
def test_tolerance_levels_match_the_plain_loops(
    points: list[list[int]], data: st.DataObject, chunk: int
) -> None:
    """Values within ``atol`` of each other are equal: integers moved by at most 0.1 with an
    atol of 0.25 give the integers' mask, whichever copy is moved which way."""
    noise = data.draw(
        st.lists(
            st.floats(-0.1, 0.1),
            min_size=len(points) * len(points[0]),
            max_size=len(points) * len(points[0]),
        )
    )
    array = np.array(points, dtype=float) + np.array(noise).reshape(len(points), -1)
    with mock.patch.object(pareto, "SMALL", 0), mock.patch.object(pareto, "CHUNK", chunk):
        assert pareto_mask(array, atol=0.25).tolist() == oracle.pareto_mask(points)


@pytest.mark.parametrize("n_cols", [4, 5, 6])
def test_a_large_frontier_in_chunks(n_cols: int) -> None:
    """Points on a sphere, most on the frontier, and some pulled inwards, dominated by a few
    points each; in chunks smaller than the frontier, and with a few copies."""
    rng = np.random.default_rng(n_cols)  # seeded: the cloud is reproducible
    sphere = np.abs(rng.normal(size=(6000, n_cols)))
    sphere /= np.linalg.norm(sphere, axis=1, keepdims=True)
    sphere[:1500] *= rng.uniform(0.97, 1.0, size=(1500, 1))
    points = np.round(sphere * 300)
    points = np.concatenate([points, points[:200]])  # copies
    dominated = np.zeros(len(points), dtype=bool)
    for block in np.array_split(np.arange(len(points)), 20):  # every pair, in numpy
        ge = (points[None, :, :] >= points[block, None, :]).all(axis=2)
        gt = (points[None, :, :] > points[block, None, :]).any(axis=2)
        dominated[block] = (ge & gt).any(axis=1)
    assert 0 < dominated.sum() < len(points) // 2
    with mock.patch.object(pareto, "CHUNK", 500):
        np.testing.assert_array_equal(pareto_mask(points), ~dominated)
    np.testing.assert_array_equal(pareto_mask(points), ~dominated)


def test_cancel_is_checked_between_chunks() -> None:
    """A cancel set while the chunks are filtered stops before the next one."""
    rng = np.random.default_rng(7)  # seeded: the cloud is reproducible
    points = rng.random((4000, 5))
    stop = threading.Event()
    calls = 0
    real = moocore.is_nondominated

    def counted(*args: object, **kwargs: object) -> np.ndarray:
        nonlocal calls
        calls += 1
        if calls == 2:
            stop.set()
        return np.asarray(real(*args, **kwargs))

    with (
        mock.patch.object(pareto, "CHUNK", 100),
        mock.patch.object(moocore, "is_nondominated", counted),
        pytest.raises(Cancelled),
    ):
        pareto_mask(points, cancel=stop)
    assert calls == 2


def test_more_columns_than_moocore_takes_are_refused() -> None:
    with pytest.raises(ValueError, match="at most 255"):
        pareto_mask(np.zeros((3, 256)))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_five_party_merge_equals_enumeration(seed: int) -> None:
    """Frontiers of dozens to hundreds of outcomes, merged in chunks of 16 points."""
    doc = accord_document(*random_tables(5, 5, 5, seed, 0))
    space = outcome_space(Scenario.model_validate(doc))
    utils = space.utilities(space.enumerate()).T
    dominated = np.zeros(len(utils), dtype=bool)
    for block in np.array_split(np.arange(len(utils)), 10):
        ge = (utils[None, :, :] >= utils[block, None, :]).all(axis=2)
        gt = (utils[None, :, :] > utils[block, None, :]).any(axis=2)
        dominated[block] = (ge & gt).any(axis=1)
    with mock.patch.object(pareto, "CHUNK", 16):
        merged = pareto_frontier(space, method="merge", epsilon=0)
    expected = {tuple(c) for c in space.enumerate()[~dominated].tolist()}
    assert {tuple(c) for c in merged.codes.tolist()} == expected
    assert len(expected) > 50
