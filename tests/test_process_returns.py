"""Tests of :attr:`accord.dynamics.process_tables.Runs.returns`, the count of rounds at which
a negotiation process goes back to an earlier text, against a plain loop."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.dynamics.process_tables import Runs


def oracle(texts: list[tuple[int, ...]], end: int) -> int:
    count = 0
    for t in range(1, end + 1):
        if texts[t] != texts[t - 1] and texts[t] in texts[: t - 1]:
            count += 1
    return count


@st.composite
def runs(draw: st.DrawFn) -> Runs:
    n_t = draw(st.integers(1, 8))
    n_r = draw(st.integers(1, 4))
    n_f = draw(st.integers(1, 3))
    cells = draw(st.lists(st.integers(0, 2), min_size=n_t * n_r * n_f, max_size=n_t * n_r * n_f))
    drafts = np.array(cells, dtype=np.intp).reshape(n_t, n_r, n_f)
    ends = np.array(draw(st.lists(st.integers(0, n_t - 1), min_size=n_r, max_size=n_r)))
    return Runs(drafts, np.zeros((n_t, n_r, 1)), np.zeros((n_t, n_r, 1), bool),
                np.zeros(n_r, dtype=int), ends)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(runs())
def test_returns_equal_the_plain_loop(r: Runs) -> None:
    for k in range(r.result.size):
        texts = [tuple(row) for row in r.drafts[:, k].tolist()]
        assert r.returns[k] == oracle(texts, int(r.rounds[k]))


def test_a_two_cycle_and_a_straight_run() -> None:
    drafts = np.array([[0, 0], [1, 1], [0, 2], [1, 3], [0, 4], [0, 4]])[:, :, None]
    r = Runs(drafts, np.zeros((6, 2, 1)), np.zeros((6, 2, 1), bool), np.zeros(2, dtype=int),
             np.array([5, 5]))  # fmt: skip
    assert r.returns.tolist() == [3, 0]  # rounds 2, 3, 4 go back; round 5 repeats round 4


def test_simulation_reports_the_share_of_runs_that_cycled(monkeypatch) -> None:
    """``Simulation.cycling`` is the share of runs with at least one return; here every other
    run is made to return (the counting of returns is tested above), so the share is 1/2."""
    from pathlib import Path

    from accord.dynamics import process_tables
    from accord.dynamics.processes import simulate_process
    from accord.io import load_scenario

    monkeypatch.setattr(
        process_tables.Runs, "returns", property(lambda r: np.arange(r.result.size) % 2)
    )
    s = load_scenario(Path(__file__).parent / "data" / "processes" / "stuck.yaml")
    sim = simulate_process(s, "alternating", runs=40, seed=5)
    assert sim.cycling == 0.5
    assert sim.to_dict()["cycling"] == 0.5
    assert any("50.0% of runs went back to an earlier text" in n for n in sim.notes)
