"""Futures, indicators and options: by hand, against the plain oracles, and on Ukraine.

``data/futures/wage.yaml`` derives every chance by hand in its header: today 0.375, binding
mediation 0.875, a lock-out threat 0.125, the firm's soft line giving way 0.5. The random
tests build two-party wage scenarios with spreads on the BATNAs, levers on BATNAs and trends,
and compare each future's chance, draw for draw, with :func:`oracle_futures.chance` on the
scenario :func:`oracle_futures.future_scenario` builds the plain way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oracle_futures as oracle
from accord.analysis.zopa import wilson
from accord.dynamics.levers import apply_levers
from accord.io import load_builtin, load_scenario
from accord.model import Scenario
from accord.overview import run_overview
from accord.overview.futures import HORIZON, farthest, futures, scenario_in
from accord.overview.indicators import (
    DEAL,
    MIN_TAIL,
    SHIFT,
    crossing,
    deal_draws,
    indicators,
    tail_chance,
)
from accord.overview.options import options
from accord.report.document import Report
from accord.report.markdown import render_markdown
from accord.report.sections import futures as futures_section

WAGE = Path(__file__).parent / "data" / "futures" / "wage.yaml"
#: 4,000 draws, every one decided (enumeration): a share's standard error is at most 0.008,
#: so 0.04 is five of them.
DRAWS = 4000
NOISE = 0.04


@pytest.fixture(scope="module")
def wage() -> Any:
    return run_overview(load_scenario(WAGE), monte_carlo=False)


@pytest.fixture(scope="module")
def wage_futures(wage: Any) -> Any:
    return futures(wage, draws=DRAWS, seed=11)


# --- by hand ----------------------------------------------------------------------------------
def test_wage_futures_by_hand(wage_futures: Any) -> None:
    got = {f.key: f for f in wage_futures}
    assert list(got) == ["lever:mediation=2", "lever:threat=1", "soft:firm"]
    by_hand = {"lever:mediation=2": 0.875, "lever:threat=1": 0.125, "soft:firm": 0.5}
    for key, p in by_hand.items():
        f = got[key]
        assert f.deal_after == pytest.approx(p, abs=NOISE)
        assert f.deal_before == pytest.approx(0.375, abs=NOISE)
        assert f.interval_after[0] <= f.deal_after <= f.interval_after[1]
        assert (f.seed, f.draws, f.months, f.decided) == (11, DRAWS, 0, DRAWS)
    # the levers move the union's alternative as declared; the soft line moves none
    union = {f.key: {p.actor: p for p in f.parties}["union"] for f in wage_futures}
    assert union["lever:mediation=2"].after == pytest.approx(0.4)
    assert union["lever:threat=1"].after == pytest.approx(0.7)
    assert union["soft:firm"].after == union["soft:firm"].before == pytest.approx(0.6)


def test_wage_course_over_time(wage: Any) -> None:
    """With the union's alternative falling 0.01 a month, every future is read six months
    ahead; the union's BATNA is then drawn from 0.34..0.74, so the course's chance is
    0.5 * P(u <= 0.5) + 0.5 * P(u <= 0.6) = 0.5 * 0.4 + 0.5 * 0.65 = 0.525, against 0.375
    today, and binding mediation (0.14..0.54) gives 0.5 * 0.9 + 0.5 = 0.95."""
    data = wage.scenario.model_dump(mode="python")
    data["actors"][0]["batna"]["over_time"] = {"trend": -0.01, "judgement": "test"}
    s = Scenario.model_validate(data)
    got = {f.key: f for f in futures(run_overview(s, monte_carlo=False), draws=DRAWS, seed=5)}
    assert list(got) == ["lever:mediation=2", "lever:threat=1", "soft:firm", "course"]
    assert all(f.months == HORIZON for f in got.values())
    course = got["course"]
    assert course.deal_before == pytest.approx(0.375, abs=NOISE)
    assert course.deal_after == pytest.approx(0.525, abs=NOISE)
    assert got["lever:mediation=2"].deal_before == course.deal_after
    assert got["lever:mediation=2"].deal_after == pytest.approx(0.95, abs=NOISE)
    assert "(November 2024)" in course.summary


def test_farthest_level_ties_to_the_higher() -> None:
    s = load_scenario(WAGE)
    assert farthest(s.lever("mediation")) == 2.0
    assert farthest(s.lever("threat")) == 1.0


def test_soft_lines_give_only_for_parties_that_have_them(wage_futures: Any) -> None:
    assert [f.key for f in wage_futures if f.key.startswith("soft:")] == ["soft:firm"]


# --- against the oracle on random scenarios ---------------------------------------------------
@st.composite
def wage_scenarios(draw: Any) -> Scenario:
    """Two parties over a wage on the grid 0..10, spreads on both BATNAs, one or two levers on
    a BATNA or its trend, and maybe a trend of the union's alternative."""

    def batna(name: str) -> dict[str, Any]:
        u = draw(st.floats(0.1, 0.9))
        lo = max(0.0, u - draw(st.floats(0.0, 0.3)))
        hi = min(1.0, u + draw(st.floats(0.0, 0.3)))
        out: dict[str, Any] = {"description": name, "utility": u, "judgement": "test"}
        if hi > lo:
            out["uncertainty"] = {"low": lo, "high": hi}
        return out

    union, firm = batna("strike"), batna("temps")
    if draw(st.booleans()):
        union["over_time"] = {"trend": draw(st.floats(-0.03, 0.03)), "judgement": "test"}
    levers = []
    for k in range(draw(st.integers(1, 2))):
        n = draw(st.integers(2, 4))
        target = draw(st.sampled_from(["batna.utility", "batna.trend"]))
        levers.append(
            {
                "id": f"l{k}",
                "name": f"Lever {k}",
                "levels": list(range(n)),
                "default": draw(st.integers(0, n - 1)),
                "effects": [
                    {
                        "actor": draw(st.sampled_from(["union", "firm"])),
                        "target": target,
                        "per_level": draw(st.floats(-0.15, 0.15)),
                        "judgement": "test",
                    }
                ],
            }
        )
    return Scenario.model_validate(
        {
            "id": "random-wage",
            "title": "Random wage",
            "as_of": "2024-01-01",
            "actors": [
                {"id": "union", "name": "Union", "role": "party", "capability": 1, "batna": union},
                {"id": "firm", "name": "Firm", "role": "party", "capability": 1, "batna": firm},
            ],
            "issues": [{"id": "wage", "name": "Wage", "kind": "continuous", "min": 0, "max": 10}],
            "stances": [
                {"actor": "union", "issue": "wage", "position": 10, "salience": 1},
                {"actor": "firm", "issue": "wage", "position": 0, "salience": 1},
            ],
            "levers": levers,
        }
    )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(s=wage_scenarios(), seed=st.integers(0, 2**31 - 1))
def test_futures_against_the_oracle(s: Scenario, seed: int) -> None:
    """Each future's chance equals the plain loop's, draw for draw (every draw decided)."""
    draws = 40
    o = run_overview(s, monte_carlo=False)
    got = futures(o, draws=draws, seed=seed)
    assert 1 <= len(got) <= 5
    months = got[0].months
    parties = ["union", "firm"]
    course = oracle.chance(oracle.future_scenario(s, {}, months), parties, draws, seed)
    for f in got:
        if f.key == "course":
            assert f.deal_before == pytest.approx(oracle.chance(s, parties, draws, seed))
            assert f.deal_after == pytest.approx(course)
            continue
        changed = oracle.future_scenario(s, f.settings, months)
        assert f.deal_before == pytest.approx(course)
        assert f.deal_after == pytest.approx(oracle.chance(changed, parties, draws, seed))
        # the scenario read ahead by the fast path holds the same BATNAs as the plain one
        fast = scenario_in(apply_levers(s, f.settings) if f.settings else s, months)
        for a in parties:
            ours, plain = fast.actor(a).batna, changed.actor(a).batna
            assert ours is not None and plain is not None
            assert ours.utility == pytest.approx(plain.utility)


@settings(max_examples=200, deadline=None)
@given(
    x=st.lists(st.integers(0, 12), min_size=1, max_size=80),
    bits=st.lists(st.booleans(), min_size=80, max_size=80),
    base=st.integers(0, 12),
    shift=st.sampled_from([0.05, 0.1, 0.2]),
    min_tail=st.integers(1, 10),
    direction=st.sampled_from(["above", "below"]),
)
def test_crossing_against_the_oracle(
    x: list[int], bits: list[bool], base: int, shift: float, min_tail: int, direction: str
) -> None:
    xs = np.array(x, dtype=float) / 4  # repeated values, as snapped options give
    deal = np.array(bits[: len(x)], dtype=float)
    fast = crossing(xs, deal, base / 4, direction, shift=shift, min_tail=min_tail)
    plain = oracle.crossing(xs, deal, base / 4, direction, shift, min_tail)
    if plain is None:
        assert fast is None
    else:
        assert fast is not None
        assert (fast.value, fast.tail) == (plain[0], plain[2])
        assert fast.chance_to == pytest.approx(plain[1])


# --- indicators -------------------------------------------------------------------------------
def test_indicator_thresholds_really_cross(wage: Any, wage_futures: Any) -> None:
    """Re-run at the threshold: the share beyond it moved by SHIFT; one step nearer the stated
    value (the next drawn value), it has not."""
    found = indicators(wage, wage_futures, seed=4, draws=1500)
    d = deal_draws(wage.scenario, list(wage.parties), draws=1500, seed=4)
    names = [spec.name for spec in d.specs]
    inputs = [i for i in found if i.source in names]
    assert inputs, "the union's BATNA decides the deal: it must be watched"
    p = float(d.deal.mean())
    for ind in inputs:
        assert ind.judgement == DEAL and ind.value is not None
        k = names.index(ind.source)
        x, spec = d.values[:, k], d.specs[k]
        direction = "above" if ind.value > spec.base else "below"
        q, n = tail_chance(x, d.deal, ind.value, direction)
        assert q is not None and q == pytest.approx(ind.chance_to) and n >= MIN_TAIL
        assert abs(q - p) >= SHIFT
        nearer = (
            x[(x < ind.value) & (x > spec.base)]
            if direction == "above"
            else (x[(x > ind.value) & (x < spec.base)])
        )
        if nearer.size:  # one drawn value nearer the stated one: not crossed there
            step = nearer.max() if direction == "above" else nearer.min()
            q2, n2 = tail_chance(x, d.deal, float(step), direction)
            assert q2 is not None
            lo, hi = wilson(round(q2 * n2), n2)
            assert not (n2 >= MIN_TAIL and abs(q2 - p) >= SHIFT and (p < lo or p > hi))
        plain = oracle.crossing(x, d.deal, spec.base, direction, SHIFT, MIN_TAIL)
        assert plain is not None and plain[0] == ind.value
    # the union's alternative falling raises the chance (a deal needs u <= 0.6)
    below = [i for i in inputs if i.value is not None and i.value < 0.6]
    assert below and all((i.chance_to or 0.0) > (i.chance_from or 0.0) for i in below)
    # the futures are indicators too, with their own computed chances
    by_source = {i.source: i for i in found}
    for f in wage_futures:
        if f.key in by_source:
            assert by_source[f.key].chance_to == f.deal_after


def test_determinism(wage: Any, wage_futures: Any) -> None:
    again = futures(wage, draws=DRAWS, seed=11)
    assert again == wage_futures
    assert indicators(wage, again, seed=2, draws=500) == indicators(
        wage, wage_futures, seed=2, draws=500
    )
    other = futures(wage, draws=DRAWS, seed=12)
    assert [f.deal_after for f in other] != [f.deal_after for f in wage_futures]


# --- options ----------------------------------------------------------------------------------
def test_options(wage: Any, wage_futures: Any) -> None:
    got = options(wage, wage_futures)
    texts = [o.text for o in got]
    # the lever search: mediation 1 or withdrawing the threat opens a ZOPA on the stated values
    # (u 0.5 with the firm's line holding: w = 5)
    assert texts[:2] == ["Set Mediation to talks", "Set Lock-out threat to withdrawn"]
    # the settings as typed (for --lever) are in the basis, not in the reader's line
    assert "mediation=1 (talks)" in got[0].basis
    assert "costs: Union's alternative to a deal 0.60 → 0.50" in got[0].basis
    # the futures that raise the chance by at least five points: mediation, and the firm's
    # line giving way, which is a sensitivity shown among the futures, never an option
    assert any(t.startswith("Bring about: Mediation: binding") for t in texts)
    assert any(f.key == "soft:firm" and (f.deal_after or 0) > (f.deal_before or 0) + 0.05
               for f in wage_futures)  # fmt: skip
    assert not any(t.startswith("Press ") for t in texts)
    assert not any("Lock-out threat: made" in t for t in texts)


# --- the section ------------------------------------------------------------------------------
def test_section_renders_every_future(wage: Any, wage_futures: Any) -> None:
    computed = futures_section.Computed(
        wage_futures,
        indicators(wage, wage_futures, seed=1, draws=500),
        options(wage, wage_futures),
    )
    sec = futures_section.section(wage, computed)
    assert sec is not None and sec.id == "futures"
    md = render_markdown(Report("t", "s", (sec,)), "x", draw=lambda c, cols: b"").text
    for f in wage_futures:
        assert f.name in md
        assert f"{100 * f.deal_after:.1f}%" in md


# --- Ukraine ----------------------------------------------------------------------------------
def test_ukraine_has_the_required_futures() -> None:
    """A US walk-away, the front collapsing (either way), an economic squeeze on Russia."""
    o = run_overview(load_builtin("ukraine-2025"), draws=20, monte_carlo=False)
    got = futures(o, draws=60, seed=0)
    keys = {f.key for f in got}
    assert 3 <= len(got) <= 5
    assert "lever:us_walkaway=1" in keys
    assert "lever:sanctions=2" in keys
    assert keys & {"lever:front=1", "lever:front=-1"}
    for f in got:
        assert f.deal_after is not None and 0.0 <= f.deal_after <= 1.0
        assert f.months == HORIZON and f.draws == 60 and f.seed == 0


def test_a_trade_that_leaves_a_party_below_its_alternative_says_it_is_no_deal() -> None:
    from accord.overview.options import _trades

    # who decides the EU, sanctions and NATO issues left out, so that the trades are offered
    # (with it, the first trade asks Russia for Ukraine's EU accession and none is offered)
    s = load_builtin("ukraine-2025")
    with_it = run_overview(s, draws=20, monte_carlo=False)
    assert _trades(with_it) == []
    issues = [i.model_copy(update={"controlled_by": None}) for i in s.issues]
    o = run_overview(s.model_copy(update={"issues": issues}), draws=20, monte_carlo=False)
    offered = _trades(o)
    assert offered
    for n, opt in enumerate(offered, 1):
        check = o.trade_checks[n]
        short = [a for a, u in check.utility.items() if u < (check.batna[a] or 0.0)]
        said = "a step both prefer to the status quo, not a deal" in opt.achieves
        assert said == bool(short), opt.achieves


def test_an_alternative_moving_the_chance_the_way_the_model_rules_out_is_no_indicator() -> None:
    from accord.overview.indicators import Crossing, _against_the_model
    from accord.uncertainty.draws import UncertainInput

    batna = UncertainInput("russia.batna", "batna", "russia", None, "uniform", 0.3, 0.6, 0.45, 0.45)
    weight = UncertainInput(
        "russia/x.salience", "salience", "russia", "x", "uniform", 0, 1, 0.5, 0.5
    )

    def cut(direction: str, to: float) -> Crossing:
        return Crossing("i", direction, 0.45, 0.38, 0.58, to, 60, (to - 0.1, to + 0.1))

    # a lower alternative can only widen the zone: a tail where it narrows is noise
    assert _against_the_model(cut("below", 0.36), batna)
    assert not _against_the_model(cut("below", 0.78), batna)
    assert _against_the_model(cut("above", 0.78), batna)
    assert not _against_the_model(cut("above", 0.36), batna)
    # a weight may move the zone either way
    assert not _against_the_model(cut("below", 0.36), weight)


def test_the_lever_opening_reads_in_words_and_is_listed_once(wage: Any, wage_futures: Any) -> None:
    from accord.overview.briefing_records import Briefing
    from accord.report.sections.briefing import first_indicators, option_line

    found = indicators(wage, wage_futures, seed=2, draws=500)
    opening = next(i for i in found if i.source == "openings")
    # the settings as typed are the observable (for --lever); the reader gets words
    assert opening.observable == "mediation=1 (talks)"
    assert opening.text.startswith("If Mediation is set to talks: ")
    assert "mediation=1" not in opening.text
    offered = options(wage, wage_futures)
    assert offered[0].source == "openings"
    page = Briefing("b", (), tuple(wage_futures), found, offered)
    # the first page lists the opening once, as an option, not again as an indicator
    assert all(i.source != "openings" for i in first_indicators(page))
    assert option_line(offered[0]).startswith("Set Mediation to talks: opens a zone")
