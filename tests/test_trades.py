"""Package trades (``accord trades``, :mod:`accord.analysis.trades`).

The pair search is checked against :mod:`oracle_trades` (every two-issue change of the grid,
utilities read from the model) on random scenarios; the greedy sequence is checked step by
step (each trade is the best one the oracle finds from that package under the sequence's
rules, and no trading pair ever loses); the Ukraine case runs and is reproducible.
"""

from __future__ import annotations

import json
import random
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import oracle_trades
from accord.analysis.reference import STATUS_QUO, TradeError, reference_package
from accord.analysis.space import outcome_space
from accord.analysis.trades import pair_trades, trade_sequence
from accord.io import resolve_scenario
from accord.model import Scenario
from cli_runner import accord
from strategies import utility_scenario_data

RESOLUTION = 3
SLOW = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def opposed_scenarios(draw: Any) -> Scenario:
    """:func:`strategies.utility_scenario_data` with at least two issues, most positions at
    opposite ends (even actors low, odd actors high) and saliences drawn from a seed, so
    that saliences differ and trades exist often."""
    red = draw(st.booleans())
    doc = draw(
        utility_scenario_data(
            max_actors=3, min_issues=2, max_issues=4, max_constraints=2, red_lines=red
        )
    )
    actors = [a["id"] for a in doc["actors"]]
    ends: dict[str, tuple[object, object]] = {}
    for issue in doc["issues"]:
        if issue["kind"] == "ordinal":
            ends[issue["id"]] = (issue["options"][0]["id"], issue["options"][-1]["id"])
        elif issue["kind"] == "boolean":
            ends[issue["id"]] = (False, True)
        else:
            ends[issue["id"]] = (issue["min"], issue["max"])
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    for stance in doc["stances"]:
        if draw(st.integers(0, 3)) > 0:
            stance["position"] = ends[stance["issue"]][actors.index(stance["actor"]) % 2]
        stance["salience"] = round(rng.uniform(0.05, 1.0), 3)
    return Scenario.model_validate(doc)


def _key(t: object) -> tuple[object, ...]:
    return (t.giver, t.receiver, t.gives, t.gets)  # type: ignore[attr-defined]


@SLOW
@given(opposed_scenarios(), st.integers(0, 2**32 - 1))
def test_pair_search_equals_brute_force(scenario: Scenario, seed: int) -> None:
    space = outcome_space(scenario, resolution=RESOLUTION)
    assume(space.size > 0)  # constraints may forbid everything
    codes = space.sample(1, np.random.default_rng(seed))[0]  # a package the constraints allow
    package = space.decode(codes)
    grid = {iid: list(space.settings[i]) for i, iid in enumerate(space.issues)}
    for x, giver in enumerate(space.actors):
        for receiver in space.actors[x + 1 :]:
            fast = pair_trades(space, codes, giver, receiver).trades
            slow = oracle_trades.trades(
                scenario, grid, package, giver, receiver, list(space.actors)
            )
            assert sorted(map(_key, fast), key=repr) == sorted(map(_key, slow), key=repr)
            by_key = {_key(t): t for t in slow}
            for t in fast:
                for a, g in t.gain.items():
                    assert g == pytest.approx(by_key[_key(t)].gain[a], abs=1e-9)
            smaller = [t.smaller_gain for t in fast]
            assert smaller == sorted(smaller, reverse=True)
            if slow:
                assert smaller[0] == pytest.approx(max(t.smaller for t in slow), abs=1e-9)


def _allowed(
    scenario: Scenario,
    t: oracle_trades.OracleTrade,
    package: dict[str, object],
    rest: list[str],
    tolerance: float,
) -> bool:
    """The sequence's extra rules: others lose at most ``tolerance``, no new party crossing."""
    if any(t.gain[a] < -tolerance - 1e-9 for a in rest):
        return False
    for iid, value in (t.gives, t.gets):
        for a in [t.giver, t.receiver, *rest]:
            was = oracle_trades.crosses(scenario, a, iid, package[iid])
            if oracle_trades.crosses(scenario, a, iid, value) and not was:
                return False
    return True


@SLOW
@given(opposed_scenarios(), st.sampled_from([0.0, 0.05]))
def test_sequence_takes_the_best_trade_and_no_trader_loses(
    scenario: Scenario, tolerance: float
) -> None:
    result = trade_sequence(scenario, tolerance=tolerance, max_rounds=6, resolution=RESOLUTION)
    space = outcome_space(scenario, resolution=RESOLUTION)
    grid = {iid: list(space.settings[i]) for i, iid in enumerate(space.issues)}
    names = list(result.parties)
    for n, t in enumerate(result.trades):
        before, after = result.packages[n], result.packages[n + 1]
        assert {k for k in before if before[k] != after[k]} == {t.gives[0], t.gets[0]}
        # the trading pair both gain; nobody else loses more than the tolerance
        assert t.gain[t.giver] > 0 and t.gain[t.receiver] > 0
        assert all(g >= -tolerance - 1e-9 for g in t.gain.values())
        # it is the best trade (largest smaller gain) the oracle finds from that package
        best = 0.0
        for x, p in enumerate(names):
            for q in names[x + 1 :]:
                rest = [a for a in names if a not in (p, q)]
                for o in oracle_trades.trades(scenario, grid, before, p, q, names):
                    if _allowed(scenario, o, before, rest, tolerance):
                        best = max(best, o.smaller)
        assert t.smaller_gain == pytest.approx(best, abs=1e-9)
    for a, (u0, u1) in result.utilities.items():
        assert u1 - u0 == pytest.approx(sum(t.gain[a] for t in result.trades), abs=1e-9)
    if len(result.trades) < result.max_rounds:  # stopped because none was left
        end = result.package
        for x, p in enumerate(names):
            for q in names[x + 1 :]:
                rest = [a for a in names if a not in (p, q)]
                found = oracle_trades.trades(scenario, grid, end, p, q, names)
                assert not [o for o in found if _allowed(scenario, o, end, rest, tolerance)]


def test_reference_package_rules() -> None:
    s = resolve_scenario("ukraine-2025")
    space = outcome_space(s)
    quo = reference_package(s, space, STATUS_QUO)
    package = space.decode(quo.codes)
    assert package["donbas"] == "freeze_line" and quo.origin["donbas"] == "status quo"
    # foreign_troops has no status quo: the latest draft to set it (framework-20)
    assert package["foreign_troops"] == "mnf_u"
    assert "framework-20" in quo.origin["foreign_troops"]
    draft = space.decode(reference_package(s, space, "framework-20").codes)
    assert draft["army_cap"] == 800000.0  # set by the draft
    assert draft["nato"] == "open_door"  # silent: the status quo
    assert draft["donbas"] == "freeze_line"  # unknown, the status quo is among those listed
    assert draft["znpp"] == "three_way"  # unknown, the status quo is not: the first listed
    with pytest.raises(TradeError, match="did you mean 'framework-20'"):
        reference_package(s, space, "framwork-20")


def test_ukraine_trades_run_and_are_reproducible() -> None:
    first = accord("trades", "ukraine-2025", "--json").stdout
    assert accord("trades", "ukraine-2025", "--json").stdout == first
    doc = json.loads(first)
    assert {"trades", "package", "utilities", "crossings", "assumptions", "from"} <= set(doc)
    assert doc["from"] == STATUS_QUO and doc["parties"] == ["russia", "ukraine"]
    top = doc["trades"][0]
    assert set(top) >= {"giver", "receiver", "gives", "gets", "gain"}
    # the first trade: a fixed EU accession date for Ukraine against Russia's terms on language
    # and church (guarantees and NATO are now a linked pair for Ukraine, with a conditional
    # red line)
    assert (top["giver"], top["receiver"]) == ("russia", "ukraine")
    assert (top["gives"], top["gets"]) == (
        {"eu_membership": "fixed_date"},
        {"language_church": "russian_rights"},
    )
    for actor, u in doc["utilities"].items():
        assert u["after"] > u["before"], actor
    text = accord("trades", "ukraine-2025", "-p", "russia,ukraine,usa,europe").stdout
    assert "Trades, in the order made" in text and "Red lines crossed at the end" in text


def test_ukraine_sequence_matches_the_library() -> None:
    s = resolve_scenario("ukraine-2025")
    result = trade_sequence(s, ["russia", "ukraine", "usa", "europe"])
    assert result.trades and len(result.pairs) == 6
    for t in result.trades:
        assert t.gain[t.giver] > 0 and t.gain[t.receiver] > 0
        assert min(t.gain.values()) >= -1e-9


def test_clear_errors() -> None:
    bad_party = accord("trades", "ukraine-2025", "-p", "russia,ukrain", check=2).stderr
    assert "did you mean 'ukraine'" in bad_party
    bad_draft = accord("trades", "ukraine-2025", "--from", "us28", check=2).stderr
    assert "did you mean 'us-28'" in bad_draft
    one = accord("trades", "ukraine-2025", "-p", "russia", check=2).stderr
    assert "two different parties" in one


def test_no_trade_leaves_a_tied_group_breaking_a_constraint() -> None:
    # the reference package takes an option a constraint forbids outright ('x' = 'a'), and a
    # second constraint ties 'x' to 'y': a trade moving 'y' would leave that group broken, so
    # it is not offered, by the search or by the oracle
    def actor(i: str) -> dict[str, object]:
        return {"id": i, "name": i, "role": "party", "capability": 0,
                "batna": {"description": "-", "utility": 0.0}}  # fmt: skip

    def stance(a: str, i: str, p: object, s: float, shape: str = "linear") -> dict[str, object]:
        return {"actor": a, "issue": i, "position": p, "salience": s, "utility": shape}

    s = Scenario.model_validate({
        "id": "tied", "title": "tied",
        "actors": [actor("p"), actor("q"), actor("r")],
        "issues": [
            {"id": "x", "name": "x", "kind": "ordinal",
             "options": [{"id": "a", "label": "a"}, {"id": "b", "label": "b"}]},
            {"id": "y", "name": "y", "kind": "continuous", "min": 0, "max": 1, "status_quo": 0.0},
            {"id": "z", "name": "z", "kind": "continuous", "min": 0, "max": 1},
        ],
        "stances": [
            stance("p", "x", "a", 0.852), stance("p", "y", 0.0, 0.77, "quadratic"),
            stance("p", "z", 0.0, 0.45), stance("q", "x", "a", 0.296),
            stance("q", "y", 1.0, 0.536, "quadratic"), stance("q", "z", 1.0, 0.435),
            stance("r", "x", "a", 0.795), stance("r", "y", 0.0, 0.338, "quadratic"),
            stance("r", "z", 0.0, 0.503),
        ],
        "constraints": [{"id": "c1", "description": "-", "forbid": {"x": ["a"], "y": [0.0]}},
                        {"id": "c2", "description": "-", "forbid": {"x": ["a"]}}],
    })  # fmt: skip
    result = trade_sequence(s, tolerance=0.0, max_rounds=6, resolution=RESOLUTION)
    space = outcome_space(s, resolution=RESOLUTION)
    grid = {iid: list(space.settings[i]) for i, iid in enumerate(space.issues)}
    assert result.package["x"] == "a"  # every party's position, though forbidden
    assert result.trades == ()
    names = list(result.parties)
    for k, giver in enumerate(names):
        for receiver in names[k + 1 :]:
            found = oracle_trades.trades(s, grid, result.package, giver, receiver, names)
            assert not [t for t in found if "y" in (t.gives[0], t.gets[0])]
