"""The reviewer's findings on the Ukraine output, as wording the tool must keep.

1. a 0% that restates the input says so (``deal.restates_input``, ``deal.why``);
2. no per-issue "if a deal is reached" outcome in a summary under a no-deal verdict;
3. every BATNA shown says which view it is in, both views side by side;
4. a margin inside the noise is "too close to call", one the draws settle is not, and the
   closest (or least far) draft names the red lines it crosses;
5. the conflict summary says which stable states the status quo reaches, war or settlement.
"""

from __future__ import annotations

import json
import re
from functools import cache

from accord.forecast.models import forecast
from accord.io import load_builtin
from accord.model import Scenario
from accord.model.actors import Uncertainty
from accord.model.stances import SoftRedLine
from accord.overview.deal import CENTRE, IF_DEAL, deal_lines, no_deal, outlook, restates
from accord.overview.marks import batna_marked
from accord.overview.words import batna_text, margin_text, too_close
from accord.report import build_report
from accord.report.markdown import render_markdown
from cli_runner import accord

DRAWS = 50


def flat(text: str) -> str:
    return " ".join(text.replace("\\", "").split())


@cache
def markdown(name: str) -> str:
    rep = build_report(load_builtin(name), draws=DRAWS)
    return flat(render_markdown(rep, "x_files", draw=lambda chart, colours: b"png").text)


def section(name: str, title: str) -> str:
    """One section of the briefing, from its heading to the next (its appendix apart). The
    old summary is the first page now; what only it said heads the body section it is about."""
    text = markdown(name)
    start = text.index(f"## {title}")
    end = re.search(r"(?<!#)## ", text[start + 3 :])
    return text[start : start + 3 + end.start()] if end else text[start:]


def first_page(name: str) -> str:
    return section(name, "Bottom line and key judgements")


def _with_stance(s: Scenario, actor: str, issue: str, **update: object) -> Scenario:
    stances = [
        st.model_copy(update=update) if (st.actor, st.issue) == (actor, issue) else st
        for st in s.stances
    ]
    return s.model_copy(update={"stances": stances})


# --- 1. a 0% that restates the input ----------------------------------------------------------
def hard(s: Scenario) -> Scenario:
    """Ukraine as the reviewer saw it: every red line hard, Ukraine's on Donbas without a
    spread (Russia's keeps its spread, other red lines theirs), and without Russia's red line
    on guarantees, added later, whose spread reaches Ukraine's line and would otherwise be
    the clash the diagnosis names first."""

    def update(actor: str, issue: str) -> dict[str, object]:
        if (actor, issue) == ("russia", "guarantees"):
            return {"firmness": None, "red_line": None, "uncertainty": None}
        return {"firmness": None} | (
            {"uncertainty": None} if (actor, issue) == ("ukraine", "donbas") else {}
        )

    stances = [st.model_copy(update=update(st.actor, st.issue)) for st in s.stances]
    return s.model_copy(update={"stances": stances})


def test_zero_restates_the_input_although_other_red_lines_have_spreads() -> None:
    s = hard(load_builtin("ukraine-2025"))
    assert any(st.uncertainty and "red_line" in st.uncertainty for st in s.stances)
    o = outlook(s, forecast(s, "compromise"), draws=30, zopa_solves=30)
    assert o.deal.chance == 0.0 and o.deal.restates_input
    why = o.deal.why  # type: ignore[attr-defined]
    assert "red lines of Russia and Ukraine on Control of the rest of Donetsk" in why
    assert "even at the ends of the spreads on Russia's red line" in why
    head = deal_lines(s, o)[0]
    assert head.startswith(
        "No agreement exists under the stated red lines of Russia and Ukraine (on issue Control "
        "of the rest of Donetsk (Donbas)): their stated limits do not overlap"
    )
    assert "so the 0% restates that input" in head
    assert (
        "No a zone of agreement is likely" not in head
        and "No zone of agreement is likely" not in head
    )
    assert "the chance of a zone of agreement (0.0%" in head and "is therefore no finding" in head
    assert o.to_dict()["deal"]["restates_input"] is True
    assert o.to_dict()["deal"]["why"] == why


def test_ukraine_json_says_whether_it_restates_input_and_why() -> None:
    data = json.loads(accord("forecast", "ukraine-2025", "--json", "--draws", "30").stdout)
    assert data["deal"]["restates_input"] is False  # its Donbas red lines are soft now
    assert data["deal"]["chance"] > 0 and "some draws have a ZOPA" in data["deal"]["why"]


def test_a_spread_that_relaxes_the_clash_makes_the_chance_a_probability() -> None:
    s = hard(load_builtin("ukraine-2025"))
    spread = {"red_line": Uncertainty(low="mutual_fez", high="ukr_only_fez")}
    wide = _with_stance(s, "ukraine", "donbas", uncertainty=spread)
    flag, why, _ = restates(wide, ["russia", "ukraine"], 0.0)
    assert not flag and "ends of their spreads let them hold together" in (why or "")


def test_soft_red_lines_make_the_chance_an_honest_probability() -> None:
    s = hard(load_builtin("ukraine-2025"))
    soft = _with_stance(s, "ukraine", "donbas", firmness=SoftRedLine(cost=0.2, credibility=0.6))
    flag, why, _ = restates(soft, ["russia", "ukraine"], 0.0)
    assert not flag and "soft red lines" in (why or "")
    live = load_builtin("ukraine-2025")
    o = outlook(live, forecast(live, "compromise"), draws=30, zopa_solves=30)
    head = deal_lines(live, o)[0]
    assert "the chance of a zone of agreement is" in head and "restates that input" not in head
    assert "Some red lines are soft (they may give at a cost), so this is a probability" in head


def test_no_spread_at_all_is_held_fixed() -> None:
    s = load_builtin("ukraine-2025")
    fixed = s.model_copy(update={"stances": [st.model_copy(update={"uncertainty": None,
                                                                   "firmness": None})
                                             for st in s.stances]})  # fmt: skip
    o = outlook(fixed, forecast(fixed, "compromise"), draws=20, zopa_solves=20)
    assert o.deal.restates_input
    assert (
        "and the model holds them fixed, so the 0% restates that input" in deal_lines(fixed, o)[0]
    )


def test_a_possible_deal_does_not_restate_the_input() -> None:
    s = load_builtin("uaw-detroit-2023")
    o = outlook(s, forecast(s, "compromise"), draws=30, zopa_solves=30)
    assert not o.deal.restates_input and not no_deal(o)
    assert "the chance of a zone of agreement is" in deal_lines(s, o)[0]
    assert "restates" not in deal_lines(s, o)[0]


# --- 2. no per-issue forecasts in a no-deal summary --------------------------------------------
def test_ukraine_summary_lists_no_per_issue_outcome() -> None:
    text = first_page("ukraine-2025")
    assert f"{IF_DEAL.capitalize()}, where the parties care most" not in text
    assert "If a deal is reached" not in text
    assert "; crosses Russia's red line" not in text
    # the caveat moved from the old summary to the head of the Forecasts section
    assert (
        "Per-issue forecasts are not given here: the forecast package crosses the parties' own "
        "red lines, so they show only the centre of the stated positions"
        in section("ukraine-2025", "Forecasts")
    )
    forecasts = markdown("ukraine-2025")[markdown("ukraine-2025").index("## Forecasts") :]
    assert "The centre of the stated positions (compromise model" in forecasts
    assert CENTRE[0].upper() + CENTRE[1:] in forecasts
    assert "; crosses Russia's red line" in forecasts  # the per-issue lines moved here


def test_deal_summary_still_lists_per_issue_outcomes() -> None:
    assert "If a deal is reached, the compromise model puts it at" in first_page("uaw-detroit-2023")
    text = section("uaw-detroit-2023", "Forecasts")
    assert f"{IF_DEAL.capitalize()}, where the parties care most" in text
    assert "Per-issue forecasts are not given here" not in text


def test_demo_relabels_the_forecasts_under_no_deal() -> None:
    text = flat(accord("demo", "ukraine-2025", "--verbose", "--report", "").stdout)
    deal = text[text.index("Deal or no deal:") :]
    assert deal.index("the chance of a zone of agreement") < deal.index("Centre of")
    assert "; crosses Russia's red line" not in deal[: deal.index("Centre of")]
    assert "Centre of the stated positions (weighted by capability and salience), ignoring " \
        "vetoes — not a prediction that this deal is reachable" in deal  # fmt: skip
    assert "If a deal is reached" not in text


# --- 3. perceived and assessed BATNAs ---------------------------------------------------------
def test_batna_text_shows_both_views() -> None:
    assert batna_text("perceived", 0.35, 0.5) == "0.50 perceived (assessed 0.35)"
    assert batna_text("assessed", 0.35, 0.5) == "0.35 assessed (perceived 0.50)"
    assert batna_text("perceived", 0.4, None) == "0.40 assessed"
    assert batna_text("assessed", None, None) == "unknown"


def test_demo_show_score_and_trades_label_the_batna() -> None:
    # each value marked where it rests on judgement, with its spread (accord.overview.marks)
    s = load_builtin("ukraine-2025")
    ru_p, ru_a = (batna_marked(s, "russia", view) for view in ("perceived", "assessed"))
    assert batna_marked(s, "ukraine", "perceived").endswith(" assessed")
    demo = flat(accord("demo", "ukraine-2025", "--verbose", "--report", "").stdout)
    assessed = s.actor("russia").batna.utility  # type: ignore[union-attr]
    assert ru_p[: ru_p.index(" (assessed")] + f" (assessed {assessed:.2f}" in demo
    assert batna_marked(s, "ukraine", "perceived") in demo
    show = flat(accord("show", "ukraine-2025").stdout)
    assert "perceived" in show and "assessed" in show
    score = flat(accord("score", "ukraine-2025", "--batna", "assessed").stdout)
    assert "no deal (BATNA) │ " + ru_a[: ru_a.index(" assessed")] in score
    assert ru_a.startswith(f"{assessed:.2f} ") and " assessed (perceived " in ru_a
    trades = flat(accord("trades", "ukraine-2025", "--batna", "assessed").stdout)
    assert ru_a in trades
    assert ru_p in flat(accord("trades", "ukraine-2025").stdout)
    data = json.loads(accord("trades", "ukraine-2025", "--json", "--batna", "assessed").stdout)
    assert data["batna"] == "assessed"


def test_report_actors_and_scorecard_label_the_batna() -> None:
    s = load_builtin("ukraine-2025")
    batna = s.actor("russia").batna
    assert batna is not None and batna.perceived is not None
    perceived, spread = batna.perceived.utility, batna.perceived.uncertainty
    assert spread is not None
    text = markdown("ukraine-2025")
    actors = text[text.index("## Actors") :]
    # the perceived value, marked as a judgement with its spread, then the assessed one
    assert (
        f"{perceived:.2f} ◆ ({spread.low:.2f}–{spread.high:.2f}) perceived "
        f"(assessed {batna.utility:.2f})" in actors
    )
    assert "This report uses the perceived view" in actors


# --- 4. margins -------------------------------------------------------------------------------
def test_too_close_to_call() -> None:
    assert too_close(0.36, 0.36, 0.40, (0.30, 0.50))  # inside the BATNA spread
    assert too_close(0.30, 0.45, 0.40, None)  # the draft's range spans the BATNA
    assert not too_close(0.24, 0.30, 0.50, (0.35, 0.70))
    assert not too_close(0.75, 0.75, 0.50, (0.35, 0.70))  # above: no miss
    assert margin_text("Ukraine", -0.04, True, "0.30–0.50") == (
        "Ukraine -0.04, too close to call (inside its BATNA spread 0.30–0.50)"
    )


def test_least_far_draft_names_its_red_lines_and_a_settled_margin() -> None:
    text = section("ukraine-2025", "Drafts")
    # every party accepts us-28 in no draw, so it is the least far draft, not the closest
    assert (
        "No draft is near acceptance by every party; the least far is us-28 (US 28-point peace "
        "plan), which crosses 4 of the parties' red lines: Ukraine's on Control of the rest of "
        "Donetsk (Donbas), Cap on Ukraine's armed forces, Ukraine and NATO membership and "
        "Security guarantees for Ukraine;" in text
    )
    # Russia 0.66 against 0.45 perceived, above its BATNA spread 0.30-0.54: no close call;
    # Ukraine 0.40 against 0.45, but the red lines it crosses refuse it in every draw
    assert "Russia +0.21;" in text
    assert (
        "Ukraine -0.05; accepts in 0.0% of draws, as the draft crosses 4 of its red lines" in text
    )
    assert "too close to call" not in text


def test_closest_draft_without_crossings_says_so() -> None:
    assert "which crosses no party's red line" in section("uaw-detroit-2023", "Drafts")


# --- 5. stable states -------------------------------------------------------------------------
def test_conflict_summary_says_which_stable_states_are_reachable() -> None:
    text = section("ukraine-2025", "Conflict stability")
    assert "9 states are stable under every stability concept" in text
    assert (
        "Only 2 of them can be reached from the status quo (state 0, keep-offensive), all war "
        "states: 48 (keep-offensive+sanctions); 64 (keep-offensive+walk-away+sanctions)." in text
    )
    assert "stable settlement states cannot be reached from it" in text
