"""The batched utility kernel (``accord.analysis.utility.issue_utilities_batch``).

Checked against :func:`oracle_issue_utility`, the arithmetic of the module docstring written
out for one actor, one issue and one setting in plain Python, on random arrays; and the
three callers are checked to agree: a single scenario's :class:`Preferences` (a batch of
one), Monte Carlo's drawn preferences at the scenario's own numbers, and those of a draw
given to the exact solvers.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analysis.utility import (
    QUADRATIC,
    TABLE,
    Preferences,
    compile_preferences,
    encode_setting,
    issue_utilities_batch,
)
from accord.model import Scenario
from accord.uncertainty.draws import apply
from accord.uncertainty.plan import compile_draw_plan
from accord.uncertainty.preferences import (
    drawn_preferences,
    drawn_utilities,
    preferences_of_draw,
)
from strategies import utility_scenarios


def oracle_issue_utility(
    ideal: float, reach: float, shape: int, table: list[float], position: float, index: int
) -> float:
    """u_ai of one setting: 0 without a stance, the table of a table stance at an option,
    otherwise 1 - d (linear) or 1 - d**2 (quadratic), d the distance over the reach."""
    if math.isnan(ideal):
        return 0.0
    if shape == TABLE and index >= 0:
        return table[index]
    d = abs(position - ideal) / reach
    return 1.0 - d * d if shape == QUADRATIC else 1.0 - d


@st.composite
def kernel_inputs(draw: st.DrawFn) -> dict[str, np.ndarray]:
    """Random kernel arguments; settings shared ``[N, I]`` or per actor ``[B, A, N, I]``."""
    n_b, n_a, n_i, n_k, n_n = (draw(st.integers(1, 3)) for _ in range(5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    ideal = rng.uniform(0.0, 100.0, (n_b, n_a, n_i))
    ideal[rng.random((n_b, n_a, n_i)) < draw(st.sampled_from([0.0, 0.3]))] = np.nan
    reach = np.maximum(ideal, 100.0 - ideal)
    reach = np.where(np.isnan(ideal), 1.0, reach)
    shape = rng.integers(0, 3, (n_a, n_i)).astype(np.int8)
    table = rng.random((n_a, n_i, n_k))
    per_actor = draw(st.booleans())
    lead = (n_b, n_a, n_n, n_i) if per_actor else (n_n, n_i)
    # settings on an option use its index; others (continuous) -1
    index = rng.integers(-1, n_k, lead)
    position = np.where(index >= 0, index * (100.0 / max(1, n_k - 1)), rng.uniform(0, 100, lead))
    return {
        "ideal": ideal,
        "reach": reach,
        "shape": shape,
        "table": table,
        "position": position,
        "index": index,
    }


@settings(max_examples=200, deadline=None)
@given(kernel_inputs())
def test_the_batched_kernel_is_the_plain_arithmetic(args: dict[str, np.ndarray]) -> None:
    got = issue_utilities_batch(**args)
    n_b, n_a, n_i = args["ideal"].shape
    n_n = args["position"].shape[-2]
    assert got.shape == (n_b, n_a, n_n, n_i)
    pos = np.broadcast_to(args["position"], got.shape)
    idx = np.broadcast_to(args["index"], got.shape)
    want = np.zeros(got.shape)
    for b, a, n, i in np.ndindex(*got.shape):
        want[b, a, n, i] = oracle_issue_utility(
            float(args["ideal"][b, a, i]),
            float(args["reach"][b, a, i]),
            int(args["shape"][a, i]),
            args["table"][a, i].tolist(),
            float(pos[b, a, n, i]),
            int(idx[b, a, n, i]),
        )
    np.testing.assert_array_equal(got, want)  # the same operations: bit for bit


def _option_settings(scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """One outcome per option row: every issue at its k-th option (or its upper bound)."""
    rows = []
    for k in range(3):
        row = []
        for issue in scenario.issues:
            ids = issue.option_ids() if issue.kind.value == "ordinal" else None
            if ids is not None:
                row.append(encode_setting(issue, ids[min(k, len(ids) - 1)]))
            elif issue.kind.value == "boolean":
                row.append(encode_setting(issue, bool(k % 2)))
            else:
                lo, hi = issue.bounds()
                row.append(encode_setting(issue, lo + (hi - lo) * k / 2))
        rows.append(row)
    pos = np.array([[p for p, _ in row] for row in rows], dtype=float)
    idx = np.array([[k for _, k in row] for row in rows], dtype=np.intp)
    return pos, idx


def _same(a: Preferences, b: Preferences) -> None:
    for name in ("ideal", "reach", "weight", "shape", "table", "red", "batna"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


@settings(max_examples=60, deadline=None)
@given(utility_scenarios(max_actors=3, max_issues=3))
def test_single_scenario_drawn_and_solver_paths_agree(scenario: Scenario) -> None:
    prefs = compile_preferences(scenario)
    plan = compile_draw_plan(scenario, list(prefs.actors))
    drawn = apply(plan.base, plan.base.values()[None, :])
    # the solvers' preferences of the one draw at the stated numbers are the scenario's own
    _same(preferences_of_draw(plan, drawn, 0), prefs)
    # Monte Carlo's batch of one gives the same utilities and red-line thresholds
    pos, idx = _option_settings(scenario)
    pr = drawn_preferences(plan, drawn)
    np.testing.assert_array_equal(
        drawn_utilities(plan, pr, pos, idx)[0], prefs.issue_utilities(pos, idx)
    )
    np.testing.assert_array_equal(pr.red[0], prefs.red)
    np.testing.assert_array_equal(pr.weight[0], prefs.weight)
