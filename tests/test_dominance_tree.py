"""The box-first dominance test for four or more columns, and the frontier merge that uses
it, against the plain loops of ``oracle_pareto``."""

from __future__ import annotations

import sys
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oracle_pareto as oracle
from accord.analysis import dominance_tree, pareto
from accord.analysis.dominance_tree import dominated_tree, kd_order
from accord.analysis.pareto import pareto_frontier, pareto_mask
from accord.analysis.space import outcome_space
from accord.model import Scenario

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from bench_pareto import accord_document, random_tables

tree_settings = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def distinct_clouds(max_cols: int, max_size: int, spread: int) -> st.SearchStrategy[np.ndarray]:
    """Distinct non-negative integer points [N, A] (the tree's input), with many ties."""
    return st.integers(1, max_cols).flatmap(
        lambda a: st.lists(
            st.tuples(*[st.integers(0, spread)] * a), min_size=0, max_size=max_size, unique=True
        ).map(lambda pts, a=a: np.array(pts, dtype=np.int64).reshape(len(pts), a))
    )


@tree_settings
@given(
    points=distinct_clouds(max_cols=6, max_size=120, spread=5),
    branch=st.sampled_from([2, 4, 8]),
    nearby=st.sampled_from([2, 8, 256]),
    top=st.sampled_from([2, 64, 4096]),
)
def test_tree_matches_the_plain_loops(
    points: np.ndarray, branch: int, nearby: int, top: int
) -> None:
    """Small branches and windows make even 100 points go through every level."""
    expected = [not keep for keep in oracle.pareto_mask(points.tolist())]
    with (
        mock.patch.object(dominance_tree, "BRANCH", branch),
        mock.patch.object(dominance_tree, "NEARBY", nearby),
        mock.patch.object(dominance_tree, "TOP_POINTS", top),
        mock.patch.object(dominance_tree, "PAIRS_PER_STEP", 7),  # many small chunks
    ):
        assert dominated_tree(points).tolist() == expected


@tree_settings
@given(points=distinct_clouds(max_cols=5, max_size=80, spread=1000))
def test_kd_order_is_a_permutation(points: np.ndarray) -> None:
    order = kd_order(points)
    assert sorted(order.tolist()) == list(range(len(points)))


@tree_settings
@given(
    st.integers(4, 6).flatmap(
        lambda a: st.lists(
            st.lists(st.integers(0, 3), min_size=a, max_size=a), min_size=1, max_size=80
        )
    ),
    st.sampled_from([1, 4, 16]),
)
def test_pareto_mask_past_the_scan_matches_the_plain_loops(
    points: list[list[int]], scan: int
) -> None:
    """Copies and ties included: the scan stops after ``scan`` frontier points and the
    tree decides the rest."""
    array = np.array(points, dtype=float).reshape(len(points), -1)
    with mock.patch.object(pareto, "SMALL", 0), mock.patch.object(pareto, "FRONT_SCAN", scan):
        assert pareto_mask(array).tolist() == oracle.pareto_mask(points)


@pytest.mark.parametrize("n_cols", [4, 5, 6])
def test_tree_on_a_large_frontier(n_cols: int) -> None:
    """Points on a sphere, most on the frontier (the case the scan handles worst), and
    some pulled inwards, dominated by a few points each."""
    rng = np.random.default_rng(n_cols)
    sphere = np.abs(rng.normal(size=(6000, n_cols)))
    sphere /= np.linalg.norm(sphere, axis=1, keepdims=True)
    sphere[:1500] *= rng.uniform(0.97, 1.0, size=(1500, 1))
    points = np.unique(np.round(sphere * 300), axis=0)
    points = points.astype(np.int64)
    expected = np.zeros(len(points), dtype=bool)
    for block in np.array_split(np.arange(len(points)), 20):  # every pair, in numpy
        ge = (points[None, :, :] >= points[block, None, :]).all(axis=2)
        ge[np.arange(len(block)), block] = False
        expected[block] = ge.any(axis=1)
    assert 0 < expected.sum() < len(points)
    np.testing.assert_array_equal(dominated_tree(points), expected)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_five_party_merge_equals_enumeration(seed: int) -> None:
    """Frontiers of dozens to hundreds of outcomes: merge steps past the scan use the tree."""
    doc = accord_document(*random_tables(5, 5, 5, seed, 0))
    space = outcome_space(Scenario.model_validate(doc))
    utils = space.utilities(space.enumerate()).T
    dominated = np.zeros(len(utils), dtype=bool)
    for block in np.array_split(np.arange(len(utils)), 10):
        ge = (utils[None, :, :] >= utils[block, None, :]).all(axis=2)
        gt = (utils[None, :, :] > utils[block, None, :]).any(axis=2)
        dominated[block] = (ge & gt).any(axis=1)
    with mock.patch.object(pareto, "FRONT_SCAN", 16):
        merged = pareto_frontier(space, method="merge", epsilon=0)
    expected = {tuple(c) for c in space.enumerate()[~dominated].tolist()}
    assert {tuple(c) for c in merged.codes.tolist()} == expected
    assert len(expected) > 50
