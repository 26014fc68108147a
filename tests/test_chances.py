"""Chances of a deal run once per report: today's read off the overview's own Monte Carlo
when that is the same run, every other chance memoised by the change it names, and the
first page's futures, indicators and options quoting them without a second run.

The reference is a fresh run (:func:`accord.overview.chances.run_chance`), so every check
compares the memo against the computation it saves.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import accord.overview.run as run_module
from accord.io import load_builtin, load_scenario
from accord.model import Scenario
from accord.overview import MAIN_MODEL, Overview, run_overview
from accord.overview.chances import SOLVES, Chances, run_chance, stride
from accord.overview.futures import futures
from accord.overview.indicators import indicators
from accord.overview.options import options

WAGE = Path(__file__).parent / "data" / "futures" / "wage.yaml"


@cache
def wage() -> Scenario:
    return load_scenario(WAGE)


@cache
def overview(draws: int, seed: int) -> Overview:
    return run_overview(wage(), draws=draws, seed=seed)


@pytest.mark.parametrize("draws", [40, 250])
def test_today_is_the_overviews_own_run_and_equals_a_fresh_one(draws: int) -> None:
    o = overview(draws, 3)  # a small outcome space: every draw decided by enumeration
    ch = Chances(o, draws=draws, seed=3)
    got = ch.now()
    assert ch.ran == 0  # read off the overview, not run
    assert got == run_chance(o.scenario, list(o.parties), draws=draws, seed=3)
    assert got.decided == draws


def test_today_on_a_subsample_is_the_overviews_own_run(monkeypatch: pytest.MonkeyPatch) -> None:
    # UAW: too many outcomes to enumerate; with the overview's MILP budget cut to this
    # module's, every 3rd of 250 draws is decided, as a run here would
    monkeypatch.setattr(run_module, "ZOPA_SOLVES", SOLVES)
    o = run_overview(load_builtin("uaw-detroit-2023"), draws=250, seed=3)
    assert o.simulations[MAIN_MODEL].zopa.method == "milp-subsample"
    ch = Chances(o, draws=250, seed=3)
    got = ch.now()
    assert ch.ran == 0
    assert got.decided == len(range(0, 250, stride(250))) == 84
    assert got == run_chance(o.scenario, list(o.parties), draws=250, seed=3)


def test_today_is_the_overviews_finer_run_when_it_decided_every_draw() -> None:
    # the overview decides all 250 draws by MILP: its figure, not a coarser second run
    o = run_overview(load_builtin("uaw-detroit-2023"), draws=250, seed=3)
    z = o.simulations[MAIN_MODEL].zopa
    assert z.method == "milp" and z.draws_evaluated == 250
    ch = Chances(o, draws=250, seed=3)
    got = ch.now()
    assert ch.ran == 0 and got.decided == 250
    assert o.outlook is not None
    assert (got.chance, got.interval) == (o.outlook.deal.chance, o.outlook.deal.interval)
    coarse = run_chance(o.scenario, list(o.parties), draws=250, seed=3)
    assert coarse.decided == 84 and ch.ran == 0


def test_today_is_run_when_the_overview_ran_other_draws() -> None:
    o = overview(40, 3)
    ch = Chances(o, draws=60, seed=3)
    got = ch.now()
    assert ch.ran == 1
    assert got == run_chance(o.scenario, list(o.parties), draws=60, seed=3)
    ch.now()
    assert ch.ran == 1


def test_a_change_is_run_once_and_equals_its_own_run() -> None:
    o = overview(40, 3)
    ch = Chances(o, draws=40, seed=3)
    lever = o.scenario.levers[0]
    level = lever.levels[-1] if lever.levels[-1] != lever.default else lever.levels[0]
    a = ch.with_levers({lever.id: float(level)})
    b = ch.with_levers({lever.id: float(level)})
    assert ch.ran == 1 and a == b
    from accord.dynamics.levers import set_levers

    changed = set_levers(o.scenario, {lever.id: float(level)})[0]
    assert a == run_chance(changed, list(o.parties), draws=40, seed=3)


def test_chances_refuse_other_draws_or_seed() -> None:
    ch = Chances(overview(40, 3), draws=40, seed=3)
    with pytest.raises(ValueError, match="40 draws and seed 3; asked for 41 draws and seed 3"):
        futures(overview(40, 3), draws=41, seed=3, chances=ch)
    with pytest.raises(ValueError, match="at least 1"):
        Chances(overview(40, 3), draws=0, seed=3)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5000))
def test_stride_decides_at_most_solves_draws_and_no_fewer_than_needed(draws: int) -> None:
    # the plain rule: the smallest k such that every k-th draw from 0 is at most SOLVES draws
    k = next(k for k in range(1, draws + 1) if len(range(0, draws, k)) <= SOLVES)
    assert stride(draws) == k


def test_futures_indicators_and_options_share_their_runs() -> None:
    o = overview(40, 3)
    ch = Chances(o, draws=40, seed=3)
    fs = futures(o, draws=40, seed=3, chances=ch)
    after_futures = ch.ran
    assert after_futures >= len(fs) - 1  # at least one run a shown future (today is free)
    found = indicators(o, fs, seed=3, chances=ch, draws=200)
    offered = options(o, fs, ch)
    # the same figures as each computing alone, with no chance run twice
    alone = futures(o, draws=40, seed=3)
    assert fs == alone
    assert found == indicators(o, alone, seed=3, draws=200)
    assert offered == options(o, alone)
    keys = ch.keys()
    assert len(keys) == len(set(keys)) and ch.ran == len(keys) - 1  # today not run


# --- ratification -----------------------------------------------------------------------------
RATIFIED = Path(__file__).parent / "data" / "ratification" / "ratified-talks.yaml"


def test_a_chance_carries_the_ratified_share_where_parties_have_ratifiers() -> None:
    from accord.forecast.montecarlo import simulate
    from accord.forecast.outlook import deal_chance

    s = load_scenario(RATIFIED)
    c = run_chance(s, ["north", "south"], draws=200, seed=4)
    # the reference: the same run made by hand, its ratified share read off the outlook
    sim = simulate(s, MAIN_MODEL, draws=200, seed=4, parties=["north", "south"],
                   zopa_solves=SOLVES, honour=True)  # fmt: skip
    ref = deal_chance(s, sim)
    assert ref.ratified is not None
    assert (c.chance, c.ratified) == (ref.chance, ref.ratified.probability)
    assert c.ratified is not None and c.chance is not None and c.ratified < c.chance
    # no ratifiers: no ratified share
    wage = load_scenario(WAGE)
    assert run_chance(wage, ["union", "firm"], draws=50, seed=4).ratified is None


def test_a_future_states_the_ratified_share_beside_the_zone() -> None:
    from accord.overview.chances import Chance
    from accord.overview.futures import Plan, summary_text

    s = load_scenario(RATIFIED)
    plan = Plan("lever:x=1", "X: on", "set X", {}, None, "lever")
    before = Chance(0.50, (0.40, 0.60), 100, 0.10)
    after = Chance(0.80, (0.70, 0.88), 100, 0.20)
    text = summary_text(s, plan, before, after, (), "now")
    assert "the chance of a zone of agreement now rises to 80.0%" in text
    assert "one that survives ratification at home, 20.0% against 10.0%" in text
    bare = summary_text(s, plan, Chance(0.5, None, 100), Chance(0.8, None, 100), (), "now")
    assert "ratification" not in bare
