"""The time estimate of an exact frontier: the step cost model against its plain oracle, and
the whole estimate against the model's cost of the merge steps as they really run (a count
of work that does not depend on the machine's speed). No timed asserts: time itself is
measured in ``benchmarks/fit_frontier_cost.py``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle_frontier_cost as oracle
from accord.analysis import frontier_cost, pareto
from accord.analysis.frontier_cost import extrapolate, step_seconds
from accord.analysis.pareto import estimate_frontier, pareto_frontier
from accord.analysis.space import OutcomeSpace, outcome_space
from accord.model import Scenario

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from bench_pareto import accord_document, random_tables

counts = st.integers(min_value=0, max_value=10**7)


def random_space(parties: int, issues: int, options: int, seed: int) -> OutcomeSpace:
    doc = accord_document(*random_tables(parties, issues, options, seed, 0))
    return outcome_space(Scenario.model_validate(doc))


@settings(max_examples=200, deadline=None)
@given(
    steps=st.lists(st.tuples(counts, counts), min_size=1, max_size=20),
    parties=st.integers(min_value=1, max_value=12),
)
def test_step_seconds_matches_the_oracle(steps: list[tuple[int, int]], parties: int) -> None:
    c = [a for a, _ in steps]
    f = [b for _, b in steps]
    np.testing.assert_allclose(
        step_seconds(np.array(c), np.array(f), parties),
        oracle.step_seconds(c, f, parties),
        rtol=1e-12,
    )


def test_step_seconds_grows_with_candidates_kept_and_parties() -> None:
    base = step_seconds([100_000], [20_000], 5)[0]
    assert step_seconds([200_000], [20_000], 5)[0] > base
    assert step_seconds([100_000], [40_000], 5)[0] > base
    assert step_seconds([100_000], [20_000], 6)[0] > base
    # the NumPy sweeps (two or three parties) are linear in the candidates
    one, two = step_seconds([10**6, 2 * 10**6], [10, 10], 3) - frontier_cost.STEP_SECONDS
    assert two == pytest.approx(2 * one)


def merge_counts(space: OutcomeSpace) -> tuple[list[int], list[int], int]:
    """The candidate and kept rows of every merge step of the exact frontier, as it runs,
    and its size."""
    seen: list[tuple[int, int]] = []
    real = pareto.pareto_mask

    def recording(points: np.ndarray, **kw: Any) -> np.ndarray:
        mask = real(points, **kw)
        if "cancel" in kw:  # the candidates' filter; a factor's own options pass no token
            seen.append((len(points), int(mask.sum())))
        return mask

    with mock.patch.object(pareto, "pareto_mask", recording):
        size = pareto_frontier(space, epsilon=0).size
    return [c for c, _ in seen], [f for _, f in seen], size


# (parties, issues, options): frontiers of 10^3 to 10^4 outcomes, a second or less each
SHAPES = [(3, 16, 5), (4, 11, 5), (5, 10, 5), (5, 8, 8), (6, 8, 4)]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("seed", [1, 2])
def test_time_estimate_within_a_factor_of_3_of_the_work_of_the_real_steps(
    shape: tuple[int, int, int], seed: int
) -> None:
    """The estimate prices extrapolated steps; priced the same way, the steps that really
    run cost within a factor of 3 of it (with a 500-point prefix: on these ten spaces from
    0.51x to 1.67x). The machine's speed is left out (no calibration on the prefix)."""
    space = random_space(*shape, seed)
    with (
        mock.patch.object(pareto, "PREFIX_POINTS", 500),
        mock.patch.object(frontier_cost, "CALIBRATE_SECONDS", float("inf")),
    ):
        estimate = estimate_frontier(space)
        candidates, kept, size = merge_counts(space)
    assert not estimate.exact
    work = float(step_seconds(candidates, kept, len(space.actors)).sum())
    print(f"time estimate {shape} seed {seed}: {estimate.seconds / work:.2f} x the real steps")
    assert work / 3 <= estimate.seconds <= work * 3, (estimate, work)
    assert size / 4 <= estimate.points <= size * 4


def test_five_parties_twelve_issues_is_within_the_budget() -> None:
    """5 parties x 12 issues x 5 options, seed 3: 53,763 outcomes listed exactly in about
    1 s; the model for the old filter put it at 166 s, past the 30 s budget."""
    space = random_space(5, 12, 5, 3)
    with mock.patch.object(frontier_cost, "CALIBRATE_SECONDS", float("inf")):
        estimate = estimate_frontier(space)
    assert estimate.seconds < 10.0
    assert not estimate.over_budget()


def test_a_slow_prefix_scales_the_estimate_within_the_speed_range() -> None:
    """A prefix measured slower than the model says scales the rest by as much, within
    ``SPEED_RANGE``; one too short to time leaves the model as fitted."""
    args = ([400, 3000], [25, 625], [25, 25, 25, 25], 5)
    prefix = [625, 10_000]
    modelled = extrapolate(*args, 0.0, prefix).seconds
    prefix_model = float(step_seconds(prefix, [400, 3000], 5).sum())
    low, high = frontier_cost.SPEED_RANGE
    with mock.patch.object(frontier_cost, "CALIBRATE_SECONDS", 0.0):
        slower = extrapolate(*args, prefix_model * 2, prefix).seconds
        much_slower = extrapolate(*args, prefix_model * 100, prefix).seconds
        faster = extrapolate(*args, prefix_model / 100, prefix).seconds
    assert slower == pytest.approx(2 * modelled)
    assert much_slower == pytest.approx(high * modelled)
    assert faster == pytest.approx(low * modelled)
