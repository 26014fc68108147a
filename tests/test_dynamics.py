"""Dynamics and levers: BATNAs over time, levers applied, ``timeline`` and ``whatif``.

The test scenario ``data/dynamics/strike.yaml`` has one issue, a wage rise of 0..10 % on a
grid of 11 values (0, 1, ..., 10). The union's utility of a rise w is w/10, the firm's is
1 - w/10. The firm's BATNA is 0.4, so it accepts w <= 6. The union's BATNA starts at 0.9 and
falls by its strike cost, 0.05 a month: u(t) = 0.9 - 0.05 t, so it accepts w >= 10 u(t).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analysis.verdicts import proposal_verdicts
from accord.analysis.zopa import zopa
from accord.dynamics.levers import EQUATION, LeverError, apply_levers, set_levers
from accord.dynamics.timeline import batna_at, batna_paths, scenario_at, timeline
from accord.io import dump_scenario, load_scenario, parse_scenario
from accord.model import Scenario
from accord.model.scenario import check_scenario
from cli_runner import accord

DATA = Path(__file__).parent / "data"
STRIKE = DATA / "dynamics" / "strike.yaml"
MINIMAL = DATA / "minimal.yaml"


@pytest.fixture(scope="module")
def strike() -> Scenario:
    return load_scenario(STRIKE)


def variant(scenario: Scenario, **changes: Any) -> Scenario:
    """The scenario with actors' BATNA fields replaced: ``union={"utility": 0.5, ...}``."""
    data = scenario.model_dump(mode="python")
    for actor in data["actors"]:
        for key, value in changes.get(actor["id"], {}).items():
            actor["batna"][key] = value
    return Scenario.model_validate(data)


# --- BATNAs over time --------------------------------------------------------------------------
def test_batna_path_falls_by_the_cost_each_month(strike: Scenario) -> None:
    paths = batna_paths(strike, 12, ["union", "firm"])
    want = [0.9 - 0.05 * t for t in range(13)]  # 0.9, 0.85, ..., 0.3
    assert paths.shape == (2, 13)
    assert np.allclose(paths[0], want, atol=1e-12)
    assert np.allclose(paths[1], 0.4)  # no over_time: constant
    assert batna_at(strike, 6) == {"union": pytest.approx(0.6), "firm": 0.4}
    assert batna_at(strike, 12)["union"] == 0.3  # rounded, not 0.29999999999999993


def test_batna_path_is_clipped_to_zero_and_one(strike: Scenario) -> None:
    # 0.9 + t (0.3 + 0 - 0) = 0.9, 1.2 -> 1, 1.5 -> 1; and 0.9 - t 0.5 = 0.9, 0.4, -0.1 -> 0
    up = variant(strike, union={"over_time": {"trend": 0.3, "judgement": "test"}})
    assert batna_paths(up, 2, ["union"])[0].tolist() == [0.9, 1.0, 1.0]
    down = variant(strike, union={"over_time": {"cost": 0.5, "judgement": "test"}})
    assert batna_paths(down, 3, ["union"])[0].tolist() == [0.9, 0.4, 0.0, 0.0]
    # trend, support and cost add up: 0.9 + t (0.1 + 0.05 - 0.2) = 0.9, 0.85, 0.8
    mixed = variant(
        strike, union={"over_time": {"trend": 0.1, "support": 0.05, "cost": 0.2, "judgement": "x"}}
    )
    assert np.allclose(batna_paths(mixed, 2, ["union"])[0], [0.9, 0.85, 0.8])


def test_unknown_batna_is_unknown_at_every_month(strike: Scenario) -> None:
    no_levers = strike.model_copy(update={"levers": []})  # they move the union's BATNA
    unknown = variant(no_levers, union={"utility": None, "uncertainty": None})
    assert np.isnan(batna_paths(unknown, 5, ["union"])).all()
    assert batna_at(unknown, 3)["union"] is None
    months = timeline(unknown, 2).months
    assert [m.batna["union"] for m in months] == [None, None, None]


@settings(max_examples=60, deadline=None)
@given(
    u0=st.floats(0, 1),
    trend=st.floats(-1, 1),
    cost=st.floats(0, 1),
    support=st.floats(-1, 1),
)
def test_batna_path_stays_on_the_scale_and_moves_one_way(
    u0: float, trend: float, cost: float, support: float
) -> None:
    s = load_scenario(STRIKE)
    over = {"trend": trend, "cost": cost, "support": support, "judgement": "test"}
    path = batna_paths(variant(s, union={"utility": u0, "over_time": over}), 24, ["union"])[0]
    assert ((path >= 0) & (path <= 1)).all()
    steps = np.diff(path)
    assert (steps >= -1e-12).all() or (steps <= 1e-12).all()


# --- levers ------------------------------------------------------------------------------------
def test_levers_applied_by_hand(strike: Scenario) -> None:
    # orders = -1, default 0, so each effect moves by (-1 - 0) x per_level:
    # firm BATNA 0.4 + (-1)(-0.1) = 0.5; firm capability 2 + (-1)(0.5) = 1.5;
    # union salience on wage 1 + (-1)(0.2) = 0.8
    s = apply_levers(strike, {"orders": -1})
    assert s.actor("firm").batna.utility == pytest.approx(0.5)
    assert s.actor("firm").capability == pytest.approx(1.5)
    assert s.stance("union", "wage").salience == pytest.approx(0.8)
    assert s.lever("orders").default == -1  # the result describes itself at that level
    assert "lever 'orders' at -1 (default 0)" in s.actor("firm").batna.judgement
    assert "capability from 2 to 1.5" in s.actor("firm").capability_note
    # strike_fund = full (2): support 0 + 2 x 0.025 = 0.05, so the union's net rate is 0
    s2 = apply_levers(strike, {"strike_fund": 2})
    assert s2.actor("union").batna.over_time.support == pytest.approx(0.05)
    assert s2.actor("union").batna.over_time.rate == pytest.approx(0.0)
    assert strike.actor("union").batna.over_time.support == 0  # the input is unchanged


def test_levers_clip_and_say_so(strike: Scenario) -> None:
    # orders = 1: union salience 1 + 0.2 = 1.2, clipped to 1
    changes = {(c.actor, c.target): c for c in set_levers(strike, {"orders": 1})[1]}
    salience = changes[("union", "salience:wage")]
    assert (salience.before, salience.after, salience.clipped) == (1.0, 1.0, True)
    assert not changes[("firm", "batna.utility")].clipped
    s = apply_levers(strike, {"orders": 1})
    assert "clipped to its range" in s.stance("union", "wage").judgement


def test_a_batna_utility_effect_moves_its_spread_too(strike: Scenario) -> None:
    data = strike.model_dump(mode="python")
    data["levers"][0]["effects"].append(
        {"actor": "union", "target": "batna.utility", "per_level": 0.05, "judgement": "test"}
    )
    s = apply_levers(Scenario.model_validate(data), {"strike_fund": 1})
    batna = s.actor("union").batna
    # 0.9 + 0.05 = 0.95; the spread 0.8..1.0 moves by the same 0.05, its top clipped at 1
    assert batna.utility == pytest.approx(0.95)
    assert (batna.uncertainty.low, batna.uncertainty.high) == (pytest.approx(0.85), 1.0)


def test_levers_at_their_defaults_change_nothing(strike: Scenario) -> None:
    assert dump_scenario(apply_levers(strike, {})) == dump_scenario(strike)
    assert dump_scenario(apply_levers(strike, {"orders": 0})) == dump_scenario(strike)
    once = apply_levers(strike, {"orders": 1, "strike_fund": 2})
    # the defaults moved to the levels set, so setting them again changes nothing more
    assert dump_scenario(apply_levers(once, {"orders": 1, "strike_fund": 2})) == dump_scenario(once)


def test_bad_settings_name_the_valid_ones(strike: Scenario) -> None:
    with pytest.raises(LeverError, match=r"no lever 'order'.*levers: strike_fund, orders"):
        apply_levers(strike, {"order": 1})
    with pytest.raises(LeverError, match=r"0\.5 is not a level of lever 'strike_fund'.*0 \(none\)"):
        apply_levers(strike, {"strike_fund": 0.5})
    with pytest.raises(LeverError, match="declares no levers"):
        apply_levers(load_scenario(MINIMAL), {"x": 1})


def test_lever_checks_in_python(strike: Scenario) -> None:
    data = strike.model_dump(mode="python")
    data["levers"][0]["effects"][0]["actor"] = "unoin"
    with pytest.raises(ValueError, match=r"levers\[0\]\.effects\[0\]\.actor: unknown actor"):
        Scenario.model_validate(data)
    data = strike.model_dump(mode="python")
    data["levers"][1]["effects"][2]["target"] = "salience:cola"
    with pytest.raises(ValueError, match="unknown issue 'cola'"):
        Scenario.model_validate(data)
    data["issues"].append({"id": "cola", "name": "COLA", "kind": "boolean"})
    with pytest.raises(ValueError, match=r"'union' has no stance on 'cola'.*stances are on: wage"):
        Scenario.model_validate(data)
    data = strike.model_dump(mode="python")
    data["levers"].append(dict(data["levers"][0]))
    with pytest.raises(ValueError, match="duplicate id 'strike_fund'"):
        Scenario.model_validate(data)


def test_warnings_for_unsourced_rates_and_idle_levers(strike: Scenario) -> None:
    data = strike.model_dump(mode="python")
    data["actors"][0]["batna"]["over_time"]["judgement"] = None
    data["levers"][0]["effects"] = []
    warnings = [p for p in check_scenario(Scenario.model_validate(data))]
    text = "\n".join(f"{p.where}: {p.message}" for p in warnings)
    assert "actors[0].batna.over_time: BATNA over time has neither 'sources'" in text
    assert "levers[0]: lever 'strike_fund' has no effects" in text
    assert all(p.severity == "warning" for p in warnings)


def test_round_trip_keeps_levers_and_over_time(strike: Scenario, tmp_path: Path) -> None:
    for s in (strike, apply_levers(strike, {"orders": 1, "strike_fund": 1})):
        text = dump_scenario(s)
        back, problems = parse_scenario(text, "back.yaml")
        assert back is not None, problems
        assert back == s
        assert dump_scenario(back) == text
        assert back.levers and back.actor("union").batna.over_time is not None
    assert check_scenario(strike) == []  # the test file is clean: no warnings either


# --- the timeline ------------------------------------------------------------------------------
def test_timeline_opens_when_the_strike_costs_enough(strike: Scenario) -> None:
    # The union accepts w >= 10 (0.9 - 0.05 t) and the firm w <= 6. A grid value w exists in
    # between once 10 (0.9 - 0.05 t) <= 6, i.e. t >= 6: the ZOPA opens at month 6, holding
    # w = 6 only (1 of 11); at month 8 (u = 0.5) w = 5, 6 (2 of 11); at 12 (u = 0.3) 3..6.
    tl = timeline(strike, 12)
    assert [m.exists for m in tl.months] == [False] * 6 + [True] * 7
    assert tl.opens == [6] and tl.closes == []
    assert [m.count for m in tl.months][6:] == [1, 1, 2, 2, 3, 3, 4]
    assert tl.months[8].share == pytest.approx(2 / 11)
    assert tl.exact and tl.space_size == 11
    assert tl.rates == {"union": {"trend": 0.0, "cost": 0.05, "support": 0.0, "net": -0.05}}


def test_timeline_with_a_lever_set(strike: Scenario) -> None:
    # strike fund "some" (1): support 0.025, net -0.025; 0.9 - 0.025 t <= 0.6 at t >= 12
    tl = timeline(strike, 14, {"strike_fund": 1})
    assert tl.opens == [12]
    assert tl.settings == {"strike_fund": 1}
    # "full" (2): net 0, the union's alternative never falls; no ZOPA in 24 months
    assert not any(m.exists for m in timeline(strike, 24, {"strike_fund": 2}).months)


def test_timeline_closes_when_an_alternative_improves(strike: Scenario) -> None:
    # union constant at 0.3 (accepts w >= 3); firm 0.4 + 0.05 t (accepts w <= 10 (0.6 -
    # 0.05 t)); so a ZOPA while 10 (0.6 - 0.05 t) >= 3, i.e. t <= 6: it closes at month 7
    s = variant(
        strike,
        union={"utility": 0.3, "uncertainty": None, "over_time": None},
        firm={"over_time": {"trend": 0.05, "judgement": "test"}},
    )
    tl = timeline(s, 10)
    assert tl.opens == [] and tl.closes == [7]
    assert [m.exists for m in tl.months] == [True] * 7 + [False] * 4


def test_timeline_agrees_with_zopa_month_by_month(strike: Scenario) -> None:
    tl = timeline(strike, 12)
    for m in tl.months:
        z = zopa(scenario_at(strike, m.month))
        assert (m.exists, m.count, m.share) == (z.exists, z.count, z.share)


def test_timeline_estimates_large_spaces(strike: Scenario) -> None:
    exact = timeline(strike, 12)
    est = timeline(strike, 12, enumeration_limit=5, draws=20_000, seed=3)
    assert not est.exact and est.seed == 3 and est.draws == 20_000
    assert [m.exists for m in est.months] == [m.exists for m in exact.months]
    for e, x in zip(est.months, exact.months, strict=True):
        assert e.count is None
        lo, hi = e.share_interval
        assert lo <= x.share <= hi
    assert any("estimated from 20,000 uniform draws (seed 3)" in n for n in est.notes)
    assert est.to_dict()["size"] == "estimated"


def test_timeline_is_the_same_on_repeat(strike: Scenario) -> None:
    a = timeline(strike, 12, {"orders": 1}).to_dict()
    assert a == timeline(strike, 12, {"orders": 1}).to_dict()
    b = timeline(strike, 6, enumeration_limit=5, draws=5_000).to_dict()
    assert b == timeline(strike, 6, enumeration_limit=5, draws=5_000).to_dict()
    assert a["model"] == EQUATION
    json.dumps(a)  # plain data


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    u0=st.floats(0, 1),
    trend=st.floats(-0.2, 0.2),
    cost=st.floats(0, 0.2),
    months=st.tuples(st.integers(0, 12), st.integers(0, 12)),
)
def test_a_better_alternative_never_turns_a_no_into_a_yes(
    u0: float, trend: float, cost: float, months: tuple[int, int]
) -> None:
    s = load_scenario(STRIKE)
    data = s.model_dump(mode="python")
    data["proposals"] = [
        {
            "id": f"w{w}",
            "title": f"{w}% rise",
            "points": [{"text": "rise", "settings": {"wage": w}}],
        }
        for w in (2, 4, 6, 8)
    ]
    over = {"trend": trend, "cost": cost, "judgement": "test"}
    data["actors"][0]["batna"].update(utility=u0, uncertainty=None, over_time=over)
    s = Scenario.model_validate(data)
    early, late = sorted(months)
    u = batna_at(s, early)["union"], batna_at(s, late)["union"]
    worse, better = (early, late) if u[1] >= u[0] else (late, early)
    before = {v.proposal: v.accepts["union"] for v in proposal_verdicts(scenario_at(s, worse))}
    after = {v.proposal: v.accepts["union"] for v in proposal_verdicts(scenario_at(s, better))}
    for pid, answer in after.items():
        if answer == "yes":
            assert before[pid] == "yes", (pid, u)


# --- the command line --------------------------------------------------------------------------
def test_cli_timeline_json() -> None:
    doc = json.loads(accord("timeline", str(STRIKE), "--json").stdout)
    assert set(doc) >= {"scenario", "parties", "model", "settings", "months", "opens", "closes"}
    assert len(doc["months"]) == 13 and doc["opens"] == [6] and doc["size"] == "exact"
    month = doc["months"][6]
    assert month["month"] == 6 and month["batna"] == {"union": 0.6, "firm": 0.4}
    assert month["zopa"]["exists"] is True and month["zopa"]["count"] == 1
    doc = json.loads(
        accord(
            "timeline", str(STRIKE), "--months", "14", "--set", "strike_fund=some", "--json"
        ).stdout
    )
    assert doc["settings"] == {"strike_fund": 1.0} and doc["opens"] == [12]


def test_cli_timeline_table() -> None:
    out = accord("timeline", str(STRIKE), "--months", "8").stdout
    assert "yes (opens)" in out
    assert "it opens at month 6" in out
    assert EQUATION in out


def test_cli_whatif_prints_the_analysis_with_the_settings() -> None:
    plain = json.loads(accord("analyze", str(STRIKE), "--json").stdout)
    doc = json.loads(accord("whatif", str(STRIKE), "--set", "orders=-1", "--json").stdout)
    assert set(doc) == set(plain) | {"settings"}
    orders = doc["settings"]["orders"]
    assert (orders["value"], orders["default"], orders["label"]) == (-1.0, 0.0, "-1")
    moved = {(c["actor"], c["target"]): c["after"] for c in orders["changes"]}
    assert moved[("firm", "batna.utility")] == pytest.approx(0.5)
    out = accord("whatif", str(STRIKE), "--set", "orders=-1", "--set", "strike_fund=full").stdout
    assert "set Firm's order book (orders) = -1 (default 0)" in out
    assert "set Strike fund (strike_fund) = full (default none)" in out
    assert "ZOPA for Union, Firm" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("timeline", str(STRIKE), "--set", "order=1"), "levers: strike_fund, orders"),
        (("timeline", str(STRIKE), "--set", "orders"), "--set takes LEVER=VALUE"),
        (("whatif", str(STRIKE), "--set", "orders=5"), "levels: -1, 0, 1"),
        (("whatif", str(STRIKE), "--set", "strike_fund=lots"), "0 (none), 1 (some), 2 (full)"),
        (("whatif", str(STRIKE)), "give at least one --set LEVER=VALUE; levers: strike_fund"),
        (("whatif", str(MINIMAL), "--set", "x=1"), "declares no levers"),
    ],
)
def test_cli_errors_are_one_line(args: tuple[str, ...], message: str) -> None:
    proc = accord(*args, check=2)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ") and message in lines[0]


def test_cli_timeline_of_a_scenario_without_dynamics() -> None:
    doc = json.loads(accord("timeline", str(MINIMAL), "--months", "2", "--json").stdout)
    assert doc["rates"] == {} and doc["opens"] == [] and doc["closes"] == []
    assert len({m["zopa"]["exists"] for m in doc["months"]}) == 1  # nothing moves
