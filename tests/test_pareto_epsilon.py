"""ε-frontiers, the estimate of a frontier's size and cost, the budget, cancelling."""

from __future__ import annotations

import sys
import threading
from math import prod
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import oracle_pareto as oracle
import oracle_pareto_epsilon as eps_oracle
from accord.analysis import frontier_cost, pareto
from accord.analysis.frontier_cost import Cancelled, undominated_boxes
from accord.analysis.pareto import epsilon_frontier, estimate_frontier, pareto_frontier
from accord.analysis.space import OutcomeSpace, outcome_space
from accord.model import Scenario
from strategies import utility_scenarios

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from bench_pareto import accord_document, random_tables

eps_settings = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def random_space(parties: int, issues: int, options: int, seed: int) -> OutcomeSpace:
    doc = accord_document(*random_tables(parties, issues, options, seed, 0))
    return outcome_space(Scenario.model_validate(doc))


def check_cover(space: OutcomeSpace, front: pareto.Frontier, epsilon: float) -> None:
    """Every exact frontier outcome (the plain oracle's) within ``epsilon`` of a returned
    row for every actor; every returned row a real outcome with its utilities recomputed."""
    every = dict(oracle.outcomes(space))
    exact = [every[c] for c in oracle.frontier(space)]
    kept = [tuple(u) for u in front.utilities.tolist()]
    assert eps_oracle.uncovered(exact, kept, epsilon + 1e-9) == []
    for codes, u in zip(front.codes.tolist(), kept, strict=True):
        assert tuple(codes) in every  # a real, allowed outcome
        np.testing.assert_allclose(u, every[tuple(codes)], atol=1e-12)


@eps_settings
@given(
    scenario=utility_scenarios(min_actors=2, max_actors=4, min_issues=3, max_issues=6),
    epsilon=st.sampled_from([0.005, 0.02, 0.1, 0.3]),
    exact_part=st.sampled_from([1, 3, 30_000]),
    pairs_per_chunk=st.sampled_from([8, 40, 2_000_000]),
    top_runs=st.sampled_from([1, 3, 64]),
    branch=st.sampled_from([2, 4]),
)
def test_epsilon_frontier_covers_the_exact_frontier(
    scenario: Scenario,
    epsilon: float,
    exact_part: int,
    pairs_per_chunk: int,
    top_runs: int,
    branch: int,
) -> None:
    space = outcome_space(scenario, resolution=3)
    assume(len(space.factors) >= 3 and space.size <= 600)
    # a tiny EXACT_PART splits halves again, each with a share of ε; small chunks make the
    # boxes' dominance pass skip chunks, filtering new boxes with an older grid; few top
    # runs and a small branching make blocks of pairs skipped at several levels
    with (
        mock.patch.object(pareto, "EXACT_PART", exact_part),
        mock.patch.object(pareto, "PAIRS_PER_CHUNK", pairs_per_chunk),
        mock.patch.object(pareto, "TOP_RUNS", top_runs),
        mock.patch.object(pareto, "BRANCH", branch),
    ):
        front = epsilon_frontier(space, epsilon)
    assert 0 <= front.epsilon <= epsilon + 1e-15
    check_cover(space, front, front.epsilon)


@eps_settings
@given(
    scenario=utility_scenarios(
        min_actors=2, max_actors=3, min_issues=3, max_issues=5, links=True, red_lines=False
    ),
    epsilon=st.sampled_from([0.01, 0.1]),
)
def test_epsilon_frontier_covers_with_linked_terms(scenario: Scenario, epsilon: float) -> None:
    """Linked issues are one factor with their joint utility: the merge stays additive."""
    space = outcome_space(scenario, resolution=3)
    assume(len(space.factors) >= 3 and space.size <= 600)
    front = epsilon_frontier(space, epsilon)
    every = {tuple(c) for c in space.enumerate().tolist()}
    utils = space.utilities(space.enumerate()).T
    exact = utils[pareto.pareto_mask(utils)]
    assert eps_oracle.uncovered(exact.tolist(), front.utilities.tolist(), epsilon + 1e-9) == []
    assert {tuple(c) for c in front.codes.tolist()} <= every
    np.testing.assert_allclose(front.utilities, space.utilities(front.codes).T, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda a: st.lists(
            st.tuples(*[st.integers(-3, 4)] * a), min_size=1, max_size=40, unique=True
        )
    )
)
def test_box_dominance_matches_the_plain_loops(boxes: list[tuple[int, ...]]) -> None:
    mask = undominated_boxes(np.array(boxes, dtype=np.int64))
    assert mask is not None
    assert mask.tolist() == eps_oracle.undominated_boxes(boxes)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), shape=st.lists(st.integers(3, 8), min_size=2, max_size=4))
def test_box_grid_matches_the_plain_loops(data: st.DataObject, shape: list[int]) -> None:
    """The boxes of sums of rows of two sides, and whether a kept box is >= them, as the
    ε-frontier's pruning of blocks of pairs asks them, against plain loops."""
    n_cols = len(shape)
    # side a in [1, s/2), side b in [0, s/2 - 1): every sum is positive and inside the grid
    side_a = data.draw(
        st.lists(
            st.tuples(*[st.floats(1, s / 2, exclude_max=True) for s in shape]),
            min_size=1,
            max_size=6,
        )
    )
    side_b = data.draw(
        st.lists(
            st.tuples(*[st.floats(0, s / 2 - 1, exclude_max=True) for s in shape]),
            min_size=1,
            max_size=6,
        )
    )
    kept = data.draw(
        st.lists(st.tuples(*[st.integers(0, s - 1) for s in shape]), min_size=0, max_size=8)
    )
    pairs = [(i, j) for i in range(len(side_a)) for j in range(len(side_b))]
    last = int(np.argmax(shape))
    grid = frontier_cost.BoxGrid(tuple(shape), last)
    ta = [np.array([row[c] for row in side_a]) for c in range(n_cols)]
    tb = [np.array([row[c] for row in side_b]) for c in range(n_cols)]
    ra, rb = np.array([i for i, _ in pairs]), np.array([j for _, j in pairs])
    boxes = [
        eps_oracle.box_of([a + b for a, b in zip(side_a[i], side_b[j], strict=True)])
        for i, j in pairs
    ]
    flat = [sum(v * prod(shape[c + 1 :]) for c, v in enumerate(box)) for box in boxes]
    fresh, keys = grid.fresh_keys(ta, tb, ra, rb)
    assert keys.tolist() == flat
    assert fresh.all() and grid.fresh(ta, tb, ra, rb).all()  # nothing kept yet
    if kept:
        up = frontier_cost.ceiling_grid(np.array(kept), tuple(shape), last)
        assert up is not None
        grid.up = up.ravel()
        expected = [not eps_oracle.covered(box, kept) for box in boxes]
        assert grid.fresh(ta, tb, ra, rb).tolist() == expected
        fresh, keys = grid.fresh_keys(ta, tb, ra, rb)
        assert fresh.tolist() == expected and keys.tolist() == flat


def test_box_dominance_declines_a_grid_too_large() -> None:
    boxes = np.array([[0, 0, 0], [10_000, 10_000, 1]])
    assert undominated_boxes(boxes, limit=1_000) is None


# (parties, issues, options): exact frontiers up to ~10^4 outcomes, computed in seconds
ESTIMATED = [(2, 40, 5), (3, 20, 5), (3, 12, 10), (4, 11, 5), (5, 10, 5), (5, 8, 8)]


@pytest.mark.parametrize("shape", ESTIMATED)
@pytest.mark.parametrize("seed", [1, 2])
def test_estimate_within_a_factor_of_4_on_random_spaces(
    shape: tuple[int, int, int], seed: int
) -> None:
    """Measured with a 500-point prefix (the default is 2,000): from 0.26x to 3.3x the true
    size on these twelve spaces, ten of them within a factor of 3."""
    space = random_space(*shape, seed)
    with (
        mock.patch.object(frontier_cost, "PREFIX_POINTS", 200),
        mock.patch.object(pareto, "PREFIX_POINTS", 200),
    ):
        estimate = estimate_frontier(space)
    exact = pareto_frontier(space, epsilon=0).size
    assert not estimate.exact
    print(f"estimate {shape} seed {seed}: {estimate.points / exact:.2f} x exact")
    assert exact / 4 <= estimate.points <= exact * 4, (estimate, exact)


def test_estimate_of_a_zero_sum_split_counts_every_outcome() -> None:
    """Two parties exactly opposed on every issue: every outcome is on the frontier."""
    tables, salience = random_tables(2, 8, 4, 3, 0)
    tables[1] = 1.0 - tables[0]
    salience[1] = salience[0]
    space = outcome_space(Scenario.model_validate(accord_document(tables, salience)))
    with mock.patch.object(pareto, "PREFIX_POINTS", 200):
        estimate = estimate_frontier(space)
    exact = pareto_frontier(space, epsilon=0).size
    assert exact / 3 <= estimate.points <= exact * 3, (estimate, exact)


def test_estimate_is_exact_when_the_prefix_is_everything() -> None:
    space = random_space(3, 5, 4, 7)
    estimate = estimate_frontier(space)
    assert estimate.exact and estimate.points == pareto_frontier(space).size


def test_over_budget_chooses_epsilon_with_a_note() -> None:
    space = random_space(4, 9, 5, 4)
    with (
        mock.patch("accord.analysis.frontier_cost.EXACT_BUDGET_POINTS", 10),
        mock.patch.object(pareto, "PREFIX_POINTS", 50),
    ):
        front = pareto_frontier(space)
    exact = pareto_frontier(space, epsilon=0)
    assert 0 < front.epsilon <= frontier_cost.AUTO_EPSILON
    assert "ε = 0.01" in front.note and front.estimate is not None
    kept = front.utilities.tolist()
    assert eps_oracle.uncovered(exact.utilities.tolist(), kept, front.epsilon + 1e-9) == []


def test_exact_over_memory_is_refused_with_what_would_fit() -> None:
    space = random_space(4, 9, 5, 4)
    with (
        mock.patch("accord.analysis.frontier_cost.EXACT_BUDGET_POINTS", 10),
        mock.patch.object(pareto, "PREFIX_POINTS", 50),
        mock.patch.object(pareto, "available_memory", lambda: 1000),
        pytest.raises(ValueError, match=r"epsilon 0.01.*fewer options.*coalition"),
    ):
        pareto_frontier(space, epsilon=0)


def test_bad_epsilon_is_refused() -> None:
    space = random_space(2, 3, 3, 1)
    with pytest.raises(ValueError, match="epsilon must be a number >= 0"):
        pareto_frontier(space, epsilon=-0.1)


def test_cancel_stops_the_merge() -> None:
    space = random_space(4, 9, 5, 4)
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        pareto_frontier(space, epsilon=0, cancel=stop)
    with pytest.raises(Cancelled), pareto.frontier_options(cancel=stop):
        pareto_frontier(space, epsilon=0.01)


def test_progress_reaches_the_end() -> None:
    space = random_space(3, 8, 5, 2)
    seen: list[tuple[int, int]] = []
    pareto_frontier(space, method="merge", progress=lambda d, n: seen.append((d, n)))
    assert seen and seen[-1][0] == seen[-1][1]


def test_exact_frontier_unchanged_by_the_options() -> None:
    space = random_space(3, 8, 5, 2)
    plain = pareto_frontier(space, method="merge", epsilon=0)
    with pareto.frontier_options(progress=lambda d, n: None):
        again = pareto_frontier(space, method="merge")
    assert plain.epsilon == 0 == again.epsilon
    np.testing.assert_array_equal(plain.codes, again.codes)
    assert pareto_frontier(space, method="enumerate").size == plain.size


def test_cli_epsilon_in_words_and_json(tmp_path: Path) -> None:
    import json

    from cli_runner import accord

    doc = accord_document(*random_tables(3, 7, 5, 5, 0))
    path = tmp_path / "random.yaml"
    path.write_text(json.dumps(doc))  # JSON is YAML
    found = json.loads(accord("analyze", str(path), "--epsilon", "0.05", "--json").stdout)
    assert 0 < found["pareto"]["epsilon"] <= 0.05
    words = accord("analyze", str(path), "--epsilon", "0.05")
    assert "every exact frontier outcome is within" in words.stderr
    bad = accord("analyze", str(path), "--epsilon", "-1", check=2)
    assert "epsilon" in (bad.stdout + bad.stderr).lower()
