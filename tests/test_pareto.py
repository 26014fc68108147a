"""The exact Pareto frontier: merge and enumeration against the plain reference."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import oracle_pareto as oracle
from accord.analysis import pareto
from accord.analysis.pareto import Frontier, frontier_of, pareto_frontier, pareto_mask
from accord.analysis.space import OutcomeSpace, outcome_space
from accord.io import load_builtin
from accord.model import IssueKind, Scenario, UtilityShape
from strategies import utility_scenario_data, utility_scenarios

pareto_settings = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
#: Spaces the quadratic reference compares in well under a second.
ORACLE_SIZE = 200


@contextmanager
def no_shortcut() -> Iterator[None]:
    """Small inputs take the all-pairs shortcut; this makes them use the real algorithms."""
    with mock.patch.object(pareto, "SMALL", 0):
        yield


def _tie_prone(doc: dict) -> dict:
    for issue in doc["issues"]:
        for option in issue.get("options", []):
            option.pop("position", None)  # evenly spaced
    for stance in doc["stances"]:
        stance["salience"] = 1.0
    return doc


def frontier_scenarios(max_issues: int) -> st.SearchStrategy[Scenario]:
    """Random scenarios, and as many where outcomes tie: equal saliences and evenly spaced
    options give utilities like 0, 1/2, 1 on every issue, so many outcomes have the same
    totals (summed in different orders, they differ in the last bits)."""

    def with_sizes(n_actors: int, n_issues: int) -> st.SearchStrategy[Scenario]:
        opts = {
            "min_actors": n_actors,
            "max_actors": n_actors,
            "min_issues": n_issues,
            "max_issues": n_issues,
            "max_constraints": 2,
        }
        tie_prone = utility_scenario_data(
            **opts, kinds=[IssueKind.ordinal, IssueKind.boolean], shapes=[UtilityShape.linear]
        )
        return st.one_of(
            utility_scenarios(**opts), tie_prone.map(_tie_prone).map(Scenario.model_validate)
        )

    # Listed largest first: hypothesis draws the first entries more often.
    sizes = st.tuples(st.sampled_from([3, 2, 4]), st.sampled_from(range(max_issues, 0, -1)))
    return sizes.flatmap(lambda s: with_sizes(*s))


def small_space(data: st.DataObject, scenario: Scenario) -> OutcomeSpace:
    """The space of ``scenario`` for its actors (sometimes fewer, even one), sometimes with
    some of their red lines."""
    actors = [a.id for a in scenario.actors]
    if data.draw(st.sampled_from(["all", "all", "some"])) == "some":
        actors = data.draw(st.lists(st.sampled_from(actors), min_size=1, unique=True))
    red: list[str] = []
    if data.draw(st.sampled_from(["none", "none", "some"])) == "some":
        red = data.draw(st.lists(st.sampled_from(actors), min_size=1, unique=True))
    return outcome_space(scenario, actors=actors, red_lines=red, resolution=3)


def describe(space: OutcomeSpace, front: Frontier) -> None:
    """Hypothesis events: what kinds of spaces the test saw."""
    event(f"{len(space.actors)} actor(s)")
    event("constraints tie issues" if any(len(f.issues) > 1 for f in space.factors) else "no tie")
    event("red lines applied" if space.red_lines_applied else "no red lines")
    event("empty space" if space.size == 0 else f"space of {10 ** len(str(space.size)) // 10}+")
    tied = len({tuple(u) for u in np.round(front.utilities, 9).tolist()}) < front.size
    event("frontier with tied outcomes" if tied else "no ties on the frontier")
    event("whole space efficient" if front.size == space.size else "some outcomes dominated")


def rows(f: Frontier) -> set[tuple[tuple[int, ...], tuple[float, ...]]]:
    return {
        (tuple(int(c) for c in codes), tuple(float(u) for u in utils))
        for codes, utils in zip(f.codes, f.utilities, strict=True)
    }


def all_utilities(space: OutcomeSpace) -> np.ndarray:
    return space.utilities(space.enumerate()).T  # [N, A]


def dominated_by_any(points: np.ndarray, others: np.ndarray, tol: float | np.ndarray) -> np.ndarray:
    """For each point, whether some row of ``others`` dominates it (numpy, quadratic)."""
    ge = (others[None, :, :] >= points[:, None, :] - tol).all(axis=2)
    gt = (others[None, :, :] > points[:, None, :] + tol).any(axis=2)
    return (ge & gt).any(axis=1)


# --- pareto_mask ----------------------------------------------------------------------------
def clouds(
    values: st.SearchStrategy[Any], max_cols: int, max_size: int
) -> st.SearchStrategy[tuple[int, list[list[Any]]]]:
    """(number of columns, points as lists of that many values)."""
    return st.integers(1, max_cols).flatmap(
        lambda a: st.tuples(
            st.just(a),
            st.lists(st.lists(values, min_size=a, max_size=a), max_size=max_size),
        )
    )


@pareto_settings
@given(clouds(st.integers(0, 3), max_cols=5, max_size=60))
def test_pareto_mask_matches_oracle_with_many_ties(cloud: tuple[int, list[list[int]]]) -> None:
    n_cols, points = cloud
    array = np.array(points, dtype=float).reshape(len(points), n_cols)
    expected = oracle.pareto_mask(points)
    assert pareto_mask(array).tolist() == expected
    with no_shortcut():
        assert pareto_mask(array).tolist() == expected


@pareto_settings
@given(clouds(st.floats(-1e6, 1e6), max_cols=4, max_size=40))
def test_pareto_mask_matches_oracle_on_floats(cloud: tuple[int, list[list[float]]]) -> None:
    n_cols, points = cloud
    array = np.array(points).reshape(len(points), n_cols)
    expected = oracle.pareto_mask(points)
    assert pareto_mask(array, atol=0.0).tolist() == expected
    with no_shortcut():
        assert pareto_mask(array, atol=0.0).tolist() == expected


@pytest.mark.parametrize("n_cols", [2, 3, 4, 5])
@pytest.mark.parametrize("spread", [8, 1000])
def test_pareto_mask_large_clouds(n_cols: int, spread: int) -> None:
    # Enough points for every level of the divide and conquer; integer clouds with ties
    # and duplicates, and clouds on a sphere where most points are on the frontier.
    rng = np.random.default_rng(n_cols * spread)
    samples = [rng.integers(0, spread, size=(2500, n_cols)).astype(float)]
    sphere = np.abs(rng.normal(size=(1500, n_cols)))
    samples.append(np.round(sphere / np.linalg.norm(sphere, axis=1, keepdims=True) * spread))
    for points in samples:
        expected = ~dominated_by_any(points, points, 0.0)
        np.testing.assert_array_equal(pareto_mask(points), expected)


def test_pareto_mask_conventions() -> None:
    # Exact copies are all kept; so are values equal up to floating-point noise.
    pts = np.array([[1.0, 2.0], [1.0, 2.0], [0.1 + 0.2, 3.0], [0.3, 3.0], [0.0, 0.0]])
    assert pareto_mask(pts).tolist() == [True, True, True, True, False]
    # ... but not values further apart than the tolerance.
    assert pareto_mask(np.array([[0.3, 3.0], [0.3 + 1e-9, 3.0]])).tolist() == [False, True]
    assert pareto_mask(np.array([[0.3, 3.0], [0.3 + 1e-9, 3.0]]), atol=1e-6).all()
    assert pareto_mask(np.empty((0, 3))).shape == (0,)
    assert pareto_mask(np.empty((4, 0))).all()  # no objectives: every point ties
    assert pareto_mask(np.array([[2.0], [1.0], [2.0]])).tolist() == [True, False, True]
    with pytest.raises(ValueError, match="NaN"):
        pareto_mask(np.array([[np.nan, 1.0]]))
    with pytest.raises(ValueError, match="2-d"):
        pareto_mask(np.array([1.0, 2.0]))


def test_pareto_mask_is_scale_invariant() -> None:
    rng = np.random.default_rng(3)
    pts = rng.integers(0, 5, size=(400, 3)) / 7.0
    np.testing.assert_array_equal(pareto_mask(pts), pareto_mask(pts * 1e9))


# --- frontiers of random scenarios ----------------------------------------------------------
@settings(pareto_settings, max_examples=200)
@given(frontier_scenarios(max_issues=4), st.data())
def test_merge_enumerate_and_oracle_agree(scenario: Scenario, data: st.DataObject) -> None:
    space = small_space(data, scenario)
    assume(space.size <= ORACLE_SIZE)
    merged = pareto_frontier(space, method="merge")
    listed = pareto_frontier(space, method="enumerate")
    describe(space, merged)
    assert rows(merged) == rows(listed)
    np.testing.assert_array_equal(merged.codes, listed.codes)  # the same order, too
    np.testing.assert_array_equal(merged.utilities, listed.utilities)
    with no_shortcut():
        for method in ("merge", "enumerate"):
            again = pareto_frontier(space, method=method)
            np.testing.assert_array_equal(again.codes, merged.codes)
            np.testing.assert_array_equal(again.utilities, merged.utilities)
    assert {tuple(int(c) for c in codes) for codes in merged.codes} == oracle.frontier(space)
    assert merged.actors == space.actors
    assert merged.size == len(merged.outcomes(space))


@pareto_settings
@given(frontier_scenarios(max_issues=5), st.data())
def test_frontier_properties(scenario: Scenario, data: st.DataObject) -> None:
    space = small_space(data, scenario)
    assume(space.size <= 3000)
    front = pareto_frontier(space, method="merge")
    listed = pareto_frontier(space, method="enumerate")
    np.testing.assert_array_equal(front.codes, listed.codes)
    np.testing.assert_array_equal(front.utilities, listed.utilities)
    every = all_utilities(space)
    tol = np.array(oracle.tolerance(space))
    # The reported utilities are the outcomes' utilities.
    np.testing.assert_allclose(front.utilities, space.utilities(front.codes).T, atol=1e-12)
    # No outcome of the space dominates a frontier point ...
    assert not dominated_by_any(front.utilities, every, tol).any()
    # ... and every outcome is dominated by, or ties with, a frontier point.
    if len(every):
        ties = (np.abs(every[:, None, :] - front.utilities[None, :, :]) <= tol).all(axis=2)
        assert (dominated_by_any(every, front.utilities, tol) | ties.any(axis=1)).all()
    # Sorted: utilities descending, lexicographically (utilities within the tolerance tie).
    for upper, lower in zip(front.utilities[:-1], front.utilities[1:], strict=True):
        apart = np.abs(upper - lower) > tol
        assert not apart.any() or upper[np.argmax(apart)] > lower[np.argmax(apart)]


@pareto_settings
@given(
    utility_scenario_data(
        min_actors=1,
        max_actors=3,
        max_issues=3,
        kinds=[IssueKind.ordinal],
        shapes=[UtilityShape.table],
    ),
    st.data(),
)
def test_a_dominated_option_changes_nothing(doc: dict, data: st.DataObject) -> None:
    # Every stance on the first issue gets a table in 0.2..1; the new option is worth 0.1
    # less than a chosen option to every actor, so no frontier outcome can use it, and it
    # dominates nothing the chosen option does not.
    doc = copy.deepcopy(doc)
    issue = doc["issues"][0]
    for option in issue["options"]:
        option.pop("position", None)  # table utilities do not use positions
    ref = data.draw(st.sampled_from([o["id"] for o in issue["options"]]))
    # an id no existing option has (ids are at most 64 characters: no concatenation)
    taken = {o["id"] for o in issue["options"]}
    new_id = next(f"dominated{k}" for k in range(len(taken) + 1) if f"dominated{k}" not in taken)
    for stance in doc["stances"]:
        if stance["issue"] == issue["id"]:
            stance["table"] = {k: 0.2 + 0.8 * float(v) for k, v in stance["table"].items()}
    before = Scenario.model_validate(copy.deepcopy(doc))
    issue["options"].append({"id": new_id, "label": "worse"})
    for stance in doc["stances"]:
        if stance["issue"] == issue["id"]:
            stance["table"][new_id] = stance["table"][ref] - 0.1
    after = Scenario.model_validate(doc)

    actors = [a["id"] for a in doc["actors"]]
    red = data.draw(st.lists(st.sampled_from(actors), unique=True))
    space_1 = outcome_space(before, red_lines=red, actors=actors, resolution=3)
    space_2 = outcome_space(after, red_lines=red, actors=actors, resolution=3)
    f1, f2 = pareto_frontier(space_1, method="merge"), pareto_frontier(space_2, method="merge")
    assert f1.outcomes(space_1) == f2.outcomes(space_2)
    np.testing.assert_array_equal(f1.utilities, f2.utilities)


# --- degenerate spaces ----------------------------------------------------------------------
def _scenario(
    tables: dict[str, list[list[float]]], red_lines: dict[tuple[str, int], str] | None = None
) -> Scenario:
    """Actors x ordinal issues with table utilities: tables[actor][issue][option]."""
    red_lines = red_lines or {}
    n_issues = len(next(iter(tables.values())))
    n_options = len(next(iter(tables.values()))[0])
    options = [{"id": f"o{k}", "label": f"o{k}"} for k in range(n_options)]
    doc = {
        "id": "t",
        "title": "t",
        "actors": [{"id": a, "name": a, "role": "party", "capability": 1} for a in tables],
        "issues": [
            {"id": f"i{i}", "name": f"i{i}", "kind": "ordinal", "options": options}
            for i in range(n_issues)
        ],
        "stances": [
            {
                "actor": a,
                "issue": f"i{i}",
                "position": "o0",
                "salience": 1.0,
                "utility": "table",
                "table": {f"o{k}": v for k, v in enumerate(row)},
            }
            | ({"red_line": red_lines[a, i]} if (a, i) in red_lines else {})
            for a, per_issue in tables.items()
            for i, row in enumerate(per_issue)
        ],
    }
    return Scenario.model_validate(doc)


@pytest.mark.parametrize("method", ["merge", "enumerate"])
def test_all_equal_utilities_put_every_outcome_on_the_frontier(method: str) -> None:
    s = _scenario({"a": [[0.5] * 3] * 4, "b": [[0.2] * 3] * 4})
    space = outcome_space(s)
    front = pareto_frontier(space, method=method)
    assert front.size == space.size == 81
    assert len({tuple(c) for c in front.codes.tolist()}) == 81
    np.testing.assert_array_equal(front.codes, space.enumerate())  # ties: ordered by codes


@pytest.mark.parametrize("method", ["merge", "enumerate"])
def test_one_actor_keeps_its_best_outcomes(method: str) -> None:
    s = _scenario({"a": [[0.0, 1.0, 1.0], [0.3, 0.2, 0.3]]})
    front = pareto_frontier(outcome_space(s), method=method)
    assert sorted(front.codes.tolist()) == [[1, 0], [1, 2], [2, 0], [2, 2]]


@pytest.mark.parametrize("method", ["merge", "enumerate"])
def test_one_issue(method: str) -> None:
    s = _scenario({"a": [[0.0, 1.0, 0.5, 1.0]], "b": [[1.0, 0.0, 0.5, 0.0]]})
    front = pareto_frontier(outcome_space(s), method=method)
    assert front.codes.tolist() == [[1], [3], [2], [0]]
    assert front.utilities.tolist() == [[1.0, 0.0], [1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]


@pytest.mark.parametrize("method", ["merge", "enumerate", "auto"])
def test_empty_space(method: str) -> None:
    # Opposite red lines on the same issue leave no outcome.
    s = _scenario(
        {"a": [[1.0, 0.0], [0.5, 0.5]], "b": [[0.0, 1.0], [0.5, 0.5]]},
        red_lines={("a", 0): "o0", ("b", 0): "o1"},
    )
    space = outcome_space(s, red_lines=["a", "b"])
    assert space.size == 0
    front = pareto_frontier(space, method=method)
    assert front.size == 0
    assert front.codes.shape == (0, 2) and front.utilities.shape == (0, 2)
    assert front.outcomes(space) == []


def test_methods_and_errors() -> None:
    s = _scenario({"a": [[0.0, 1.0]] * 3, "b": [[1.0, 0.0]] * 3})
    space = outcome_space(s)
    auto = pareto_frontier(space)
    assert rows(auto) == rows(pareto_frontier(space, method="merge"))
    assert auto.size == 8  # constant sum: every outcome is efficient
    with pytest.raises(ValueError, match="unknown method"):
        pareto_frontier(space, method="fast")
    ukraine = outcome_space(load_builtin("ukraine-2025"))
    with pytest.raises(ValueError, match="enumerated"):
        pareto_frontier(ukraine, method="enumerate")
    with pytest.raises(AttributeError):
        auto.codes = auto.codes[:1]  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        auto.utilities[0, 0] = 1.0


def test_frontier_of_given_outcomes() -> None:
    s = _scenario({"a": [[0.0, 1.0, 0.2]] * 2, "b": [[1.0, 0.0, 0.2]] * 2})
    space = outcome_space(s)
    codes = np.array([[0, 0], [1, 1], [2, 2], [0, 1], [0, 2], [0, 2]])
    front = frontier_of(space, codes)
    utilities = space.utilities(codes).T.tolist()
    keep = oracle.pareto_mask(utilities, oracle.tolerance(space))
    assert keep == [True, True, False, True, True, True]
    kept = [c for c, k in zip(codes.tolist(), keep, strict=True) if k]
    assert sorted(front.codes.tolist()) == sorted(kept)
    assert front.size == 5  # both copies of (0, 2) are kept


# --- built-in scenarios ---------------------------------------------------------------------
def test_uaw_merge_equals_enumeration() -> None:
    scenario = load_builtin("uaw-detroit-2023")
    for red in ([], ["uaw"]):
        space = outcome_space(scenario, red_lines=red)
        assert len(space.actors) == 4 and 1e5 < space.size <= 5e6
        merged = pareto_frontier(space, method="merge")
        listed = pareto_frontier(space, method="enumerate")
        np.testing.assert_array_equal(merged.codes, listed.codes)
        np.testing.assert_array_equal(merged.utilities, listed.utilities)
        assert merged.size > 0


def test_ukraine_frontier_by_merge() -> None:
    scenario = load_builtin("ukraine-2025")
    space = outcome_space(scenario)
    assert space.actors == ("russia", "ukraine") and space.size > 1e8
    front = pareto_frontier(space)  # auto: merge
    assert 0 < front.size < 10_000
    np.testing.assert_allclose(front.utilities, space.utilities(front.codes).T, atol=1e-12)
    assert pareto_mask(front.utilities, atol=1e-12).all()
    # No outcome among a large random sample beats a frontier point; the best outcome of
    # each party is on the frontier.
    sample = space.utilities(space.sample(100_000, np.random.default_rng(11))).T
    assert not dominated_by_any(front.utilities, sample, 1e-12).any()
    best = front.utilities.max(axis=0)
    assert (best >= sample.max(axis=0) - 1e-12).all()
    # The whole-space optimum of each party, factor by factor.
    exact_best = sum(f.utility.max(axis=1) for f in space.factors)
    np.testing.assert_allclose(best, exact_best, atol=1e-12)
