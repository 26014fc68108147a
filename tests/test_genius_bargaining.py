"""Frontier and Nash point on every sample GENIUS/ANAC domain, against brute force."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import oracle_pareto
from accord.analysis.pareto import pareto_frontier
from accord.analysis.solutions import bargaining_solutions
from accord.analysis.space import outcome_space, parties
from accord.io.genius import read_genius

GENIUS = Path(__file__).parent / "data" / "genius"
DOMAINS = sorted(
    p.parent
    for p in GENIUS.rglob("*.xml")
    if "domain" in p.name.lower() or p.parent.name.startswith("group")
)
DOMAINS = sorted(set(DOMAINS))
BRUTE_LIMIT = 20_000


def test_every_sample_domain_is_found():
    names = {d.name for d in DOMAINS}
    assert {"EnglandZimbabwe", "ItexvsCypress", "Travel", "group1-university"} <= names
    assert len(DOMAINS) == 6


@pytest.mark.parametrize("folder", DOMAINS, ids=lambda p: p.name)
def test_frontier_and_nash_on_genius_domain(folder):
    scenario = read_genius(folder)
    actors = parties(scenario)
    assert len(actors) >= 2
    space = outcome_space(scenario, actors)
    frontier = pareto_frontier(space)
    assert frontier.size > 0
    if space.size <= BRUTE_LIMIT:
        # the frontier is exactly the brute-force set of non-dominated outcomes
        want = oracle_pareto.frontier(space)
        assert {tuple(map(int, c)) for c in frontier.codes} == want
    else:
        assert np.array_equal(
            np.sort(pareto_frontier(space, method="enumerate").utilities, axis=0),
            np.sort(frontier.utilities, axis=0),
        )
    result = bargaining_solutions(scenario, actors, space=space, frontier=frontier)
    nash = result.solutions["nash"]
    d = np.array([result.disagreement[a] for a in actors])
    if nash is None:
        # no outcome gives every party its reservation value
        assert not np.any(np.all(frontier.utilities >= d - 1e-9, axis=1))
        return
    # the Nash product is maximal over every outcome of the space (plain loop when small)
    got = math.prod(nash.utility[a] - result.disagreement[a] for a in actors)
    if space.size <= BRUTE_LIMIT:
        best = 0.0
        for _codes, u in oracle_pareto.outcomes(space):
            if all(x >= y - 1e-9 for x, y in zip(u, d, strict=True)):
                best = max(best, math.prod(x - y for x, y in zip(u, d, strict=True)))
        assert got == pytest.approx(best, rel=1e-9)
    assert all(nash.gain[a] >= -1e-9 for a in actors)
