"""Package trades on linked scenarios against a literal loop over every pair of issues and
settings that evaluates each package by the documented formula (tests/oracle.py's
``linked_utility`` and ``linked_crosses``), and the outlook's package check likewise."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oracle
from accord.analysis.space import outcome_space
from accord.analysis.trades import pair_trades, trade_sequence
from accord.forecast.models import forecast
from accord.forecast.outlook import package
from accord.model import IssueKind, Scenario
from strategies import utility_scenarios

TOL = 1e-9
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
LINKED = utility_scenarios(
    min_issues=2,
    max_issues=4,
    max_actors=3,
    links=True,
    kinds=(IssueKind.ordinal, IssueKind.boolean),
)


def literal_trades(
    s: Scenario, grid: dict, package: dict, giver: str, receiver: str, everyone: list[str]
) -> dict[tuple, dict[str, float]]:
    """Every trade (key -> gains): the rule of accord.analysis.trades, read on whole packages.

    A conditional red line of giver or receiver blocks a trade when the new package crosses
    it on a moved issue, or newly crosses it on an unmoved one."""
    found = {}
    base = {a: oracle.linked_utility(s, a, package) for a in everyone}
    was = {a: set(oracle.linked_crosses(s, a, package)) for a in (giver, receiver)}
    for i, j in itertools.combinations(list(package), 2):
        for v, w in itertools.product(grid[i], grid[j]):
            if v == package[i] and type(v) is type(package[i]):
                continue
            if w == package[j] and type(w) is type(package[j]):
                continue
            new = {**package, i: v, j: w}
            blocked = False
            for a in (giver, receiver):
                now = set(oracle.linked_crosses(s, a, new))
                blocked |= bool(now & {i, j}) or bool(now - was[a])
            if blocked:
                continue
            gain = {a: oracle.linked_utility(s, a, new) - base[a] for a in everyone}
            if gain[giver] <= TOL or gain[receiver] <= TOL:
                continue

            def alone(a: str, iid: str, value: object) -> float:
                return oracle.linked_utility(s, a, {**package, iid: value}) - base[a]

            if alone(giver, i, v) <= TOL and alone(receiver, j, w) <= TOL:
                found[(giver, receiver, (i, v), (j, w))] = gain
            elif alone(giver, j, w) <= TOL and alone(receiver, i, v) <= TOL:
                found[(giver, receiver, (j, w), (i, v))] = gain
    return found


@SLOW
@given(LINKED, st.integers(0, 2**32 - 1))
def test_linked_pair_search_equals_the_literal_loop(s: Scenario, seed: int) -> None:
    space = outcome_space(s)
    codes = space.sample(1, np.random.default_rng(seed))[0]
    package = space.decode(codes)
    grid = {iid: list(space.settings[i]) for i, iid in enumerate(space.issues)}
    for x, giver in enumerate(space.actors):
        for receiver in space.actors[x + 1 :]:
            fast = pair_trades(space, codes, giver, receiver).trades
            slow = literal_trades(s, grid, package, giver, receiver, list(space.actors))
            keys = [(t.giver, t.receiver, t.gives, t.gets) for t in fast]
            assert sorted(keys, key=repr) == sorted(slow, key=repr)
            for t, key in zip(fast, keys, strict=True):
                for a, g in t.gain.items():
                    assert g == pytest.approx(slow[key][a], abs=1e-9)


@SLOW
@given(LINKED)
def test_linked_sequence_reports_the_formula(s: Scenario) -> None:
    result = trade_sequence(s, [a.id for a in s.actors], max_rounds=4)
    for a, (u0, u1) in result.utilities.items():
        assert u0 == pytest.approx(oracle.linked_utility(s, a, result.packages[0]), abs=1e-9)
        assert u1 == pytest.approx(oracle.linked_utility(s, a, result.package), abs=1e-9)
        assert u1 - u0 == pytest.approx(sum(t.gain[a] for t in result.trades), abs=1e-9)
    for n, t in enumerate(result.trades):
        before, after = result.packages[n], result.packages[n + 1]
        for a in result.parties:  # no party newly crosses a red line
            after_ = set(oracle.linked_crosses(s, a, after))
            assert after_ <= set(oracle.linked_crosses(s, a, before))
        assert t.gain[t.giver] > 0 and t.gain[t.receiver] > 0
    for k, pkg in enumerate(result.packages):
        want = {a: tuple(sorted(oracle.linked_crosses(s, a, pkg))) for a in result.parties}
        got = {a: tuple(sorted(v)) for a, v in result.crossings[k].items() if a in want}
        assert got == {a: v for a, v in want.items() if v}


@SLOW
@given(
    utility_scenarios(min_issues=2, max_issues=4, max_actors=4, min_actors=3, links=True),
    st.sampled_from(["compromise", "median"]),
)
def test_the_outlook_package_check_reads_the_formula(s: Scenario, model: str) -> None:
    found = package(s, forecast(s, model), [a.id for a in s.actors])
    settings_ = found.settings
    if any(v is None for v in settings_.values()):
        return  # an issue without a forecast: nothing to compare the formula with
    crossed = {(c.actor, c.issue) for c in found.crossings}
    want = {(a.id, i) for a in s.actors for i in oracle.linked_crosses(s, a.id, settings_)}
    assert crossed == want
    for st_ in found.utilities:
        want_u = oracle.linked_utility(s, st_.actor, settings_)
        assert st_.utility == pytest.approx(want_u, abs=1e-9)
        assert st_.crossed == len(oracle.linked_crosses(s, st_.actor, settings_))
