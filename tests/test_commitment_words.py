"""Order, trust and ratification in words: every number a sentence quotes is the engines'
(accord.analysis.sequencing, accord.analysis.ratification), computed here again, and every
sentence that rests on a judgement says so."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from accord.analysis.ratification import ratify_drafts, win_sets
from accord.analysis.sequencing import (
    OrderGains,
    OrderSearch,
    Sequenced,
    search_orders,
    sequence,
)
from accord.io import load_scenario
from accord.model import Scenario
from accord.overview import Overview, run_overview
from accord.overview.commitments import JUDGED, brief_lines, commitments
from accord.overview.home import (
    home_brief,
    home_lines,
    known_names,
    ratification_rows,
    zopa_sentence,
)
from accord.overview.orders import order_lines, order_rows
from accord.overview.trust import (
    bases,
    chance_words,
    draft_lines,
    temptation_sentence,
    value_rows,
)

SCENARIO = Path(__file__).parent / "data" / "commitments" / "truce-in-steps.yaml"
MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"
PARTIES = ("east", "west")


@cache
def scenario() -> Scenario:
    return load_scenario(SCENARIO)


@cache
def overview() -> Overview:
    return run_overview(scenario(), monte_carlo=False)


def trusting(s: Scenario) -> Scenario:
    """The scenario with no beliefs: every commitment is assumed kept."""
    return s.model_copy(update={"beliefs": []})


def named(search: OrderSearch, label: str) -> OrderGains:
    return next(g for g in search.named if g.label == label)


def winners(search: OrderSearch, label: str) -> int:
    return sum(named(search, label).gains[a] > 0.005 for a in search.parties)


# --- each phased draft -----------------------------------------------------------------------
def test_values_are_the_engines_with_the_batna_verdict() -> None:
    s = scenario()
    q = sequence(s, "plan")  # the BATNAs of the scenario as written: one view only
    lines = draft_lines(s, q)
    assert lines[0].startswith("The patron's plan in four phases (plan), in its own order")
    for actor in PARTIES:
        a = q.actors.index(actor)
        line = next(x for x in lines if x.startswith(f"{s.actor(actor).name}: "))
        assert f"{q.kept_low[a]:.2f} if every commitment is kept" in line
        assert f"{q.expected_low[a]:.2f} expected given its beliefs" in line
        assert f"(worst case {q.worst[a]:.2f})" in line
        assert f"BATNA {q.batna[a]:.2f} ({q.gain[a]:+.2f})" in line
        beats = q.gain[a] >= 0 and q.kept_low[a] >= q.batna[a]
        assert ("still beats its BATNA" in line) == beats
        # both parties doubt someone by judgement: the sentence says so
        assert "on the analyst's judgement of" in line
    # the expected value is below the flat score for both: a breach can only cost them here
    assert all(q.expected_low[q.actors.index(a)] < q.kept_low[q.actors.index(a)] for a in PARTIES)


def test_a_value_below_the_batna_even_if_kept_says_so() -> None:
    s = scenario()
    q = sequence(s, "truce-only")
    a = q.actors.index("east")
    assert q.kept_low[a] < q.batna[a]  # a ceasefire and a guarantee: nothing East wants
    line = next(x for x in draft_lines(s, q) if x.startswith("East: "))
    assert f"below its BATNA {q.batna[a]:.2f} even if every commitment is kept" in line


def test_the_top_driver_is_the_engines_with_the_belief_behind_it() -> None:
    s = scenario()
    q = sequence(s, "plan")
    driver = q.drivers[0]  # the engine ranks the groups by their largest rise for a party
    gainer = max(PARTIES, key=lambda a: driver.rise_low[a])
    belief = next(b for b in s.beliefs if b.holder == gainer and b.about == driver.by)
    assert belief.judgement  # recorded as the analyst's judgement, with a range
    said = draft_lines(s, q)[-1]
    first = said.split(". If ")[0]
    assert first == (
        f"If {s.actor(gainer).name} were sure {s.actor(driver.by).name} keeps its "
        f"{driver.kind} commitment ({driver.points[0]}), the draft would be worth "
        f"{driver.rise_low[gainer]:+.2f} more to it — on the analyst's judgement of that chance "
        f"({chance_words(belief)})"
    )
    assert chance_words(belief) == "0.60, range 0.40–0.80"
    # the other party's own largest driver follows, resting on a sourced belief
    other = next(a for a in PARTIES if a != gainer)
    best = max(q.drivers, key=lambda d: d.rise_low[other])
    assert f"{best.rise_low[other]:+.2f} more to {s.actor(other).name}" in said
    assert "on a sourced estimate of that chance (0.80, no range given)" in said


def test_beliefs_named_are_the_ones_the_engine_used_or_assumed() -> None:
    s = scenario()
    q = sequence(s, "plan")
    known = bases(s, "plan", q.actors)
    for actor, basis in known.items():
        for holder, by, kind in basis.assumed:
            assert holder == actor
            # the engine lists every commitment it assumed kept, in these words
            assert f"{holder} on {by} keeping '{kind}': assumed kept: no belief recorded" in (
                q.assumptions
            )
        for b in (*basis.judged, *basis.sourced):
            assert b.about != actor and b.holder in (None, actor)
    engine = {x.split(" on ")[0] for x in q.assumptions if "assumed kept" in x}
    assert {a for a, k in known.items() if k.assumed} == engine
    east = next(x for x in draft_lines(s, q) if x.startswith("East: "))
    assert "assuming Patron keeps its guarantee commitment (no belief recorded)" in east


def test_without_beliefs_nothing_moves_and_the_words_say_why() -> None:
    s = trusting(scenario())
    q = sequence(s, "plan")
    for a in range(len(q.actors)):
        assert q.expected_low[a] == pytest.approx(q.kept_low[a])
    said = draft_lines(s, q)
    assert said[-1].startswith("No commitment's credibility moves a party's expected value")
    lines = order_lines(s, search_orders(s, "plan"))
    assert lines[1] == (
        "Every order gives each party the same expected value: each commitment is believed "
        "(or, without a recorded belief, assumed) kept, so moving first risks nothing in this "
        "model."
    )


def test_value_rows_are_the_engines() -> None:
    s = scenario()
    q = sequence(s, "plan")
    rows = value_rows(s, q)
    assert [r[0] for r in rows] == [s.actor(a).name for a in q.parties]
    for row, actor in zip(rows, q.parties, strict=True):
        a = q.actors.index(actor)
        assert row[1:6] == (
            f"{q.kept_low[a]:.2f}",
            f"{q.expected_low[a]:.2f}",
            f"{q.worst[a]:.2f}",
            f"{q.batna[a]:.2f}",
            f"{q.gain[a]:+.2f}",
        )
        assert row[6] == f"{q.chance_kept[a]:.0%}"


# --- the order of the phases -----------------------------------------------------------------
def test_named_orders_compared_by_the_engines_gains() -> None:
    s = scenario()
    g = search_orders(s, "plan")
    lines = order_lines(s, g)
    assert lines[0] == f"plan: {g.evaluated:,} orders of its phases meet every 'requires':"
    n_cf, n_cmp = winners(g, "ceasefire-first"), winners(g, "comprehensive-first")
    assert (n_cf, n_cmp) == (2, 1)  # West loses under comprehensive-first: it moves first
    comparison = lines[1]
    assert f"‘ceasefire-first’ gives {n_cf} of 2 parties" in comparison
    assert f"‘comprehensive-first’ gives {n_cmp} of 2" in comparison
    for label in ("ceasefire-first", "comprehensive-first"):
        for a in PARTIES:
            assert f"{s.actor(a).name} {named(g, label).gains[a]:+.2f}" in comparison
    assert comparison.endswith("‘ceasefire-first’ gives more parties a gain.")
    assert g.maximin is not None
    assert lines[2] == (
        "The order best for the party worst off is "
        f"{' → '.join(g.maximin.order)} (every party gains at least {g.maximin.smallest:+.2f})."
    )
    for a, pick in g.preferred.items():
        assert pick is not None
        assert f"{s.actor(a).name} prefers {' → '.join(pick.order)} (" in lines[3]
    # who carries out the first committed phase of each named order, from the draft itself
    plan = s.proposal("plan")
    first = {
        o.id: next(p.commitment.by for p in plan.points if p.phase == o.phases[0] and p.commitment)
        for o in plan.orders
    }
    assert first == {"ceasefire-first": "east", "comprehensive-first": "west"}
    assert lines[4] == (
        "Who moves first: East (its ceasefire) in ‘ceasefire-first’ and West (its withdrawal) "
        "in ‘comprehensive-first’."
    )
    assert lines[5].startswith(
        "The orders differ only in who bears the risk of moving first: the model assumes a "
        "breach halts every later phase"
    )
    assert (
        "— on the analyst's judgement of everyone's trust in Patron's sanctions relief"
        in (lines[5])
    )
    assert "West's trust in East's ceasefire (0.60, range 0.40–0.80)" in lines[5]


def test_order_rows_are_the_engines() -> None:
    s = scenario()
    g = search_orders(s, "plan")
    rows = {r[0]: r for r in order_rows(s, g)}
    for o in g.named:
        row = rows[f"‘{o.label}’"]
        assert row[1] == " → ".join(o.order)
        assert row[2:] == (*(f"{o.gains[a]:+.2f}" for a in g.parties), f"{o.smallest:+.2f}")
    assert rows["the draft's own order"][1] == " → ".join(g.own.order)


def test_one_feasible_order_is_said_plainly() -> None:
    s = scenario()
    g = search_orders(s, "truce-only")
    assert g.evaluated == 1  # the guarantee requires the ceasefire
    assert order_lines(s, g)[1] == "The phases can only go ceasefire → guarantee."


# --- ratification at home --------------------------------------------------------------------
def test_ratification_rows_are_the_engines_verdicts() -> None:
    s = scenario()
    rat = ratify_drafts(s)
    names = known_names(s)
    rows = {r[0]: r[1:] for r in ratification_rows(s, rat)}
    assert set(rows) == {p.id for p in s.proposals}
    for p in rat.proposals:
        assert rows[p] == tuple(rat.row(p, a).text(names) for a in rat.actors)
    plan = rat.row("plan", "west")
    assert plan.verdict == "not ratified" and plan.blockers == ("west-parliament",)
    assert rows["plan"][rat.actors.index("west")].startswith(
        "not ratified: blocked by West's parliament"
    )


def test_a_promise_it_pays_to_break_is_named_with_the_engines_values() -> None:
    s = scenario()
    q = sequence(s, "plan")
    # as written, no party gains by breaking its own promise: nothing is said
    assert all(t.gain <= 0.01 for t in q.temptations if t.by in q.parties)
    assert temptation_sentence(s, q) is None
    assert not any(x.startswith("Breaking pays") for x in draft_lines(s, q))
    # East's BATNA raised above the deal: once West has pulled back, breaking the ceasefire
    # pays East (the course it leads to is worth its BATNA plus what West did)
    data = s.model_dump(mode="python", exclude_none=True)
    for actor in data["actors"]:
        if actor["id"] == "east":
            actor["batna"]["utility"] = 0.9
            actor["batna"].pop("perceived", None)
    tempted = Scenario.model_validate(data)
    q2 = sequence(tempted, "plan")
    t = next(t for t in q2.temptations if t.by in q2.parties)
    assert (t.by, t.kind) == ("east", "ceasefire") and t.gain > 0.01
    said = temptation_sentence(tempted, q2)
    assert said is not None and said.startswith(
        f"Breaking pays East: once the earlier steps are done, breaking its ceasefire "
        f"commitment ({t.point}) is worth {t.broken:.2f} to it against {t.kept:.2f} if "
        f"everything is kept ({t.gain:+.2f}), so that promise is not self-enforcing"
    )
    assert said in draft_lines(tempted, q2)


def test_a_named_order_the_draft_rules_out_is_compared_and_marked() -> None:
    data = scenario().model_dump(mode="python", exclude_none=True)
    plan = next(p for p in data["proposals"] if p["id"] == "plan")
    plan["orders"].append(
        {"id": "guarantee-first", "title": "Guarantee first",
         "phases": ["guarantee", "ceasefire", "pullback", "relief"]}
    )  # fmt: skip
    s = Scenario.model_validate(data)  # a warning, not an error: it is compared
    o = run_overview(s, monte_carlo=False)
    g = next(x for x in o.orders if x.proposal == "plan")
    ruled_out = next(n for n in g.named if n.label == "guarantee-first")
    assert not ruled_out.feasible
    assert all(n.feasible for n in g.named if n is not ruled_out)
    line = next(x for x in brief_lines(o) if "(plan): " in x)
    assert "guarantee first (which the draft's own conditions rule out), " in line
    assert "ceasefire first (which" not in line


def test_a_draft_ratified_at_central_values_gives_its_chance() -> None:
    s = scenario()
    r = ratify_drafts(s)
    referendum = next(
        v for v in r.row("truce-only", "west").ratifiers if v.ratifier == "west-referendum"
    )
    assert referendum.low is not None and referendum.low == referendum.high
    data = s.model_dump(mode="python", exclude_none=True)
    for entry in data["ratification"]:
        for rat in entry["ratifiers"]:
            if rat["id"] == "west-referendum":  # half a spread under its share in favour
                rat["threshold"] = referendum.low - 0.05
            if rat["id"] == "east-council":  # East's council no longer blocks
                rat["threshold"] = 0.0
    close = Scenario.model_validate(data)
    r2 = ratify_drafts(close)
    west, east = r2.row("truce-only", "west"), r2.row("truce-only", "east")
    assert west.verdict == east.verdict == "ratified" and east.probability == (1.0, 1.0)
    # the referendum passes with Phi(0.05 / 0.1) = Phi(0.5) = 0.6915
    assert west.probability[0] == pytest.approx(0.6915, abs=1e-4)
    assert home_brief(close, r2, "truce-only") == (
        "ratified by all at central values (chance of ratification: West's 69%)"
    )


def test_win_sets_and_the_zopa_kept_are_the_engines() -> None:
    s = scenario()
    ws = win_sets(s, list(PARTIES), seed=0)
    lines = home_lines(s, ratify_drafts(s), ws)[1:]  # after how to read a verdict
    assert ws.exact and ws.zopa is not None and ws.zopa.exists
    for w in ws.win_sets:
        assert (
            f"{s.actor(w.actor).name} {w.share:.1%} ({w.count:,} of {ws.space_size:,})"
            in (lines[0])
        )
    assert (
        "the stances of West's parliament and East's council are the analyst's judgement"
        in (lines[0])
    )
    z = ws.zopa
    assert z.count is not None and z.kept_count is not None and z.kept_count < z.count
    assert lines[1] == (
        f"Ratification shrinks the ZOPA from {z.count:,} outcomes ({z.share:.1%} of the space) "
        f"to {z.kept_count:,} ({z.kept:.0%} of it) that every party's ratifiers pass."
        + cutters(s, z.passing)
    )


def cutters(s: Scenario, passing: dict[str, float]) -> str:
    """The sentence naming each binding ratifier's share of the ZOPA it passes, lowest first."""
    if not passing or min(passing.values()) >= 1:
        return ""
    names = known_names(s)
    said = [
        f"{names[r]} passes {'none' if p == 0 else 'all' if p == 1 else f'{p:.0%}'}"
        for r, p in sorted(passing.items(), key=lambda kv: kv[1])
    ]
    head, last = said[:-1], said[-1]
    return (
        " What cuts it, ratifier by ratifier, of those outcomes: "
        + (f"{', '.join(head)} and {last}" if head else last)
        + "."
    )


def test_no_zopa_says_ratification_has_nothing_to_cut() -> None:
    s = scenario()
    data = s.model_dump(mode="python", exclude_none=True)
    for st in data["stances"]:  # hard red lines that clash: no outcome both accept
        if st["issue"] == "land":
            st["red_line"] = "ceded" if st["actor"] == "east" else "kept"
    clash = Scenario.model_validate(data)
    ws = win_sets(clash, list(PARTIES), seed=0)
    assert ws.zopa is not None and not ws.zopa.exists and ws.soft is None
    assert zopa_sentence(clash, ws) == (
        "No ZOPA respects every red line, so ratification has nothing left to cut."
    )


def test_the_zopa_if_soft_red_lines_gave_is_the_engines() -> None:
    s = scenario()
    data = s.model_dump(mode="python", exclude_none=True)
    for st in data["stances"]:  # West's line on the land is soft: it gives at a cost
        if st["issue"] == "land":
            st["red_line"] = "ceded" if st["actor"] == "east" else "kept"
            if st["actor"] == "west":
                st["firmness"] = {"cost": 0.1, "credibility": 0.3, "judgement": "test"}
    soft = Scenario.model_validate(data)
    ws = win_sets(soft, list(PARTIES), seed=0)
    assert ws.zopa is not None and not ws.zopa.exists
    k = ws.soft
    assert k is not None and k.exists and k.count is not None and k.kept_count is not None
    assert [(ln.actor, ln.issue) for ln in k.lines_given] == [("west", "land")]
    kept = (
        f"{k.kept_count:,} ({(k.kept or 0.0):.0%} of it) that every party's ratifiers pass"
        if k.kept_count
        else "nothing that every party's ratifiers pass"
    )
    assert zopa_sentence(soft, ws) == (
        "No ZOPA respects every red line; if soft red lines gave (West's on Disputed land) it "
        f"would hold {k.count:,} outcomes ({k.share:.1%} of the space), and ratification would "
        f"leave {kept}." + cutters(soft, k.passing)
    )
    assert k.passing and min(k.passing.values()) < 1  # some ratifier cuts it


# --- everything, and the demo's brief ----------------------------------------------------------
def test_commitments_gather_every_part_once() -> None:
    o = overview()
    said = commitments(o)
    assert [p.head.split("(")[1].split(")")[0] for p in said.drafts] == [
        q.proposal for q in o.sequences
    ]
    assert [p.head.split(":")[0] for p in said.orders] == [g.proposal for g in o.orders]
    assert said.home is not None
    assert [r[0] for r in said.home.rows] == [p.id for p in scenario().proposals]
    assert said.assumptions[0].startswith("Sequencing: ")
    assert said.assumptions[1].startswith("Ratification: ")
    # a scenario with neither phases nor ratifiers: nothing to say, in any front end
    flat = run_overview(load_scenario(MINIMAL), monte_carlo=False)
    assert commitments(flat).empty and brief_lines(flat) == []


def test_brief_lines_quote_the_overviews_numbers_and_mark_judgement() -> None:
    o = overview()
    lines = brief_lines(o)
    by = {q.proposal: q for q in o.sequences}
    plan: Sequenced = by["plan"]
    line = next(x for x in lines if "(plan): " in x)
    assert line.startswith(f"{plan.title} (plan): kept in full it is worth ")
    known = bases(o.scenario, "plan", plan.actors)
    for actor in PARTIES:
        a = plan.actors.index(actor)
        marks = ("*" if known[actor].judged else "") + ("†" if known[actor].assumed else "")
        name = o.scenario.actor(actor).name
        assert f"{name} {plan.kept_low[a]:.2f}" in line
        view = "as it sees it" if o.batna_view == "perceived" else "as the analyst assesses it"
        assert (
            f"{name} {plan.expected_low[a]:.2f}{marks} ({plan.gain[a]:+.2f} against its "
            f"alternative {view})"
        ) in line
    assert marks == JUDGED  # West relies on judgement only, East also assumes a guarantee kept
    top = plan.drivers[0]
    assert (
        "Most at stake is whether West can trust East's ceasefire commitment: were it sure, the "
        f"draft would be worth {top.rise_low['west']:+.2f} more to West*."
    ) in line
    g = next(x for x in o.orders if x.proposal == "plan")
    assert g.maximin is not None and g.maximin.order not in [n.order for n in g.named]
    for n in g.named:  # each named order, with the parties that expect a gain under it
        gaining = [o.scenario.actor(a).name for a in g.parties if n.gains[a] > 0.005]
        said = f"{n.label.replace('-', ' ')}, " + (
            f"{' and '.join(gaining)} gain{'s' if len(gaining) == 1 else ''}"
            if gaining
            else "no party gains"
        )
        assert said in line
        assert len(gaining) == winners(g, n.label)
    # the maximin order is none of the named ones: it is spelled out with its smallest gain
    assert " → ".join(g.maximin.order) in line
    assert f"{g.maximin.smallest:+.2f}" in line
    assert line.endswith("At home: blocked on West's side by West's parliament*.")
    footnote = next(x for x in lines if x.startswith(f"{JUDGED} "))
    assert "West's trust in East's ceasefire (0.60, range 0.40–0.80)" in footnote
    assert any(x.startswith("† Assumed kept") for x in lines)
    assert lines[-1].startswith("Assumed: a breach halts every later phase")
    # a line per phased draft, the ZOPA, two footnotes and the assumptions: the demo stays
    # short
    assert len(lines) == len(o.sequences) + 4
