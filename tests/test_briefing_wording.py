"""The first page says what its figures measure and never contradicts itself.

- one chance of a deal: the key judgement, the bottom line, the futures' "today" and the
  indicators' "rises from" are the overview's own Monte Carlo, every draw decided;
- it is worded as the chance that a zone of agreement exists, not that a deal is signed,
  and names the soft red lines (with their credibilities) it rests on;
- a draft every party accepts in almost no draw, or that crosses a hard red line, is never
  "the closest", and a margin the draws settle is never "too close to call".

Hand-worked on tests/data/briefing/close-call.yaml (see its header).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from accord.io import load_builtin, load_scenario
from accord.model import Scenario
from accord.overview import Overview, run_overview
from accord.overview.chances import Chances
from accord.overview.indicators import deal_draws, indicators, overview_draws
from accord.overview.judgements import bottom_line, deciding_lines, key_judgements
from accord.overview.margins import SURE, draft_margins, margin_words, near_acceptance
from accord.overview.words import pct
from accord.report.sections import drafts
from accord.report.sections.briefing import today_run

CLOSE = Path(__file__).parent / "data" / "briefing" / "close-call.yaml"
MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"
TRUCE = Path(__file__).parent / "data" / "commitments" / "truce-in-steps.yaml"
DRAWS = 200


def _variant(beta_x: dict[str, object] | None) -> Scenario:
    """The close call with Beta's red line on Y dropped and, when given, one on X (``False``)
    with the firmness ``beta_x`` ({} for hard): d1 (X true) then crosses it."""
    data = load_scenario(CLOSE).model_dump(mode="python", exclude_none=True)
    for stance in data["stances"]:
        if stance["actor"] == "b":
            stance.pop("red_line", None)
            if stance["issue"] == "x" and beta_x is not None:
                stance["red_line"] = False
                if beta_x:
                    stance["firmness"] = beta_x
    return Scenario.model_validate(data)


@cache
def close_call() -> Overview:
    return run_overview(load_scenario(CLOSE), draws=DRAWS, seed=3)


@cache
def hard_clash() -> Overview:
    return run_overview(_variant({}), draws=DRAWS, seed=1)


@cache
def soft_clash() -> Overview:
    firm = {"cost": 0.05, "credibility": 0.6, "judgement": "Beta has given before"}
    return run_overview(_variant(firm), draws=DRAWS, seed=2)


# --- one figure -------------------------------------------------------------------------------
def test_the_overview_decides_every_draw_of_its_run() -> None:
    o = close_call()
    sim = o.simulations["compromise"]
    assert sim.zopa.draws_evaluated == DRAWS and sim.zopa_draws is not None
    assert (sim.zopa_draws >= 0).all()
    assert o.outlook is not None and o.outlook.deal.evaluated == DRAWS
    # the per-draw codes are the share the run reports
    assert sim.zopa.probability == pytest.approx(float(sim.zopa_draws.mean()))


def test_indicators_start_from_the_first_pages_figure() -> None:
    o = close_call()
    assert o.outlook is not None
    deal = {j.key: j for j in key_judgements(o)}["deal"]
    own = overview_draws(o, seed=3)
    assert own is not None and own.deal.size == DRAWS
    # the same draws a separate run with the same seed makes, without running them again
    again = deal_draws(o.scenario, list(o.parties), draws=DRAWS, seed=3)
    assert np.array_equal(own.deal, again.deal)
    assert np.allclose(own.values, again.values)
    assert float(own.deal.mean()) == deal.probability == o.outlook.deal.chance
    found = [i for i in indicators(o, (), seed=3) if i.chance_from is not None]
    assert found, "Alpha's BATNA spread decides the deal: it must be an indicator"
    for i in found:
        assert i.chance_from == deal.probability
        assert f"from {pct(deal.probability)}" in i.text
        assert f"of {DRAWS} Monte Carlo draws, seed 3" in i.text


def test_another_seed_is_not_read_off_the_overview() -> None:
    assert overview_draws(close_call(), seed=4) is None


def test_todays_chance_for_the_futures_is_the_overviews() -> None:
    o = close_call()
    assert o.outlook is not None
    now = Chances(o, draws=DRAWS, seed=3).now()
    assert (now.chance, now.interval) == (o.outlook.deal.chance, o.outlook.deal.interval)
    assert today_run(o.outlook.deal) == f"{DRAWS} Monte Carlo draws, all decided, seed 3"


# --- what is measured -------------------------------------------------------------------------
def test_the_chance_is_worded_as_a_zone_of_agreement_not_a_signed_deal() -> None:
    o = close_call()
    js = key_judgements(o)
    deal = {j.key: j for j in js}["deal"]
    assert "These figures are not the chance that a deal is signed or kept" in deal.statement
    assert f"of {DRAWS} Monte Carlo draws (seed 3" in deal.statement
    line = bottom_line(o, js)
    assert "that is not the chance that a deal is signed." in line
    # a zone exists at the stated values: no soft line decides it, none is named
    assert deciding_lines(o) == "" and "credibilities" not in line


def test_a_soft_clash_names_the_credibility_it_rests_on() -> None:
    o = soft_clash()
    assert o.zopa is not None and not o.zopa.exists
    assert deciding_lines(o) == "Beta's red line on Issue X (0.60)"
    js = key_judgements(o)
    deal = {j.key: j for j in js}["deal"]
    # no zone on the stated values: the share counts the draws where the line gives, and
    # says it restates the credibility
    assert "restating the analyst's credibilities of Beta's red line on Issue X (0.60)" in (
        deal.statement
    )
    # a zone needs Beta's line to give (40% of draws) and Alpha's drawn BATNA at most
    # 0.55 (75%), independent: 30%
    assert deal.probability is not None and abs(deal.probability - 0.30) < 0.1
    line = bottom_line(o, js)
    assert line.startswith("On the red lines as stated no deal Alpha and Beta both accept exists")
    assert "credibilities of those lines (0.60)" in line and "a restatement of those" in line


# --- no "closest" draft that no one accepts --------------------------------------------------
def test_a_draft_across_a_hard_red_line_is_not_the_closest() -> None:
    o = hard_clash()
    assert o.closest is not None and not near_acceptance(o, o.closest)
    js = key_judgements(o)
    closest = {j.key: j for j in js}["closest"]
    assert closest.statement.startswith("No draft is near acceptance by every party: ")
    assert "closest" not in closest.statement and "too close to call" not in closest.statement
    assert "crosses Beta's red line on Issue X" in closest.statement
    line = bottom_line(o, js)
    assert "The closest draft" not in line and "too close to call" not in line
    assert "No draft is near acceptance by every party" in line


def test_a_margin_the_draws_settle_is_not_too_close_to_call() -> None:
    o = hard_clash()
    assert o.closest is not None
    for m in draft_margins(o, o.closest):
        if m.chance is not None and m.chance <= SURE:
            assert not m.close
            words = margin_words(o, m)
            assert "too close to call" not in words
            assert f"accepts in {pct(m.chance)} of draws" in words
    beta = next(m for m in draft_margins(o, o.closest) if m.actor == "b")
    assert beta.chance == 0.0 and beta.crossed == 1
    assert "as the draft crosses 1 of its red lines" in margin_words(o, beta)


def test_a_draft_every_party_may_accept_is_still_the_closest() -> None:
    o = close_call()
    assert o.closest is not None and near_acceptance(o, o.closest)
    closest = {j.key: j for j in key_judgements(o)}["closest"]
    assert "near acceptance" not in closest.statement


# --- who gains: what the stated positions imply ----------------------------------------------
def test_who_gains_is_worded_as_what_the_positions_imply() -> None:
    o = run_overview(load_scenario(MINIMAL), monte_carlo=False)
    gains = {j.key: j for j in key_judgements(o)}["gains"]
    assert gains.statement.startswith(
        "Read off the parties' stated positions and weights (a restatement, not a finding): "
        "final against opening is worth "
    )
    d = next(d for d in o.diffs if d.changes)
    # each party's figure: the range of its gain summed over the changes (the parties
    # ordered by its mid-point), since the opening leaves a setting open
    low = {a: sum(c.gain_low[a] for c in d.changes) for a in o.parties}
    high = {a: sum(c.gain_high[a] for c in d.changes) for a in o.parties}
    best = max(o.parties, key=lambda a: low[a] + high[a])
    assert (
        f"is worth between {low[best]:+.2f} and {high[best]:+.2f} to "
        f"{o.scenario.actor(best).name}" in gains.statement
    )
    assert " gains " not in gains.statement and "costs" not in gains.statement
    # a draft with unknown settings is worth a range, not its mid-point
    u = run_overview(load_builtin("ukraine-2025"), draws=20, monte_carlo=False)
    said_u = {j.key: j for j in key_judgements(u)}["gains"].statement
    for d in [d for d in u.diffs if d.changes][:2]:
        lo = {a: sum(c.gain_low.get(a, 0.0) for c in d.changes) for a in u.parties}
        hi = {a: sum(c.gain_high.get(a, 0.0) for c in d.changes) for a in u.parties}
        ranged = [a for a in u.parties if hi[a] - lo[a] >= 5e-3]
        for a in ranged:
            text = f"between {lo[a]:+.2f} and {hi[a]:+.2f} to {u.scenario.actor(a).name}"
            assert text in said_u
    assert "between" in said_u  # geneva-19 kept most of the 28 points as unknown
    section = drafts.section(o)
    assert section is not None
    said = [b.text for b in section.blocks if "issue(s) changed" in getattr(b, "text", "")]
    assert said and all("by their stated positions and weights" in t for t in said)


def test_the_commitments_judgement_says_it_takes_them_as_independent() -> None:
    from accord.overview.words import pct

    o = run_overview(load_scenario(TRUCE), draws=50, seed=1)
    j = {j.key: j for j in key_judgements(o)}["commitments"]
    seq = o.sequences[0]
    west = seq.actors.index("west")
    # West trusts the plan least: its chance that every commitment is kept is the figure
    assert j.probability == float(seq.chance_kept[west])
    assert f"({pct(j.probability)} for West, who trusts it least" in j.statement
    assert "kept or broken independently of the others" in j.statement
