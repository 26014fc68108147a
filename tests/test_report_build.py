"""build_report: sections, numbers straight from the library, sources, determinism."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from accord.analysis import outcome_space, pareto_frontier, score_proposals, zopa
from accord.analysis.bargaining import analyze
from accord.analysis.inputs import issue_scale
from accord.conflict.stability import analyze as stability
from accord.conflict.states import conflict_graph
from accord.dynamics.openings import smallest_openings
from accord.dynamics.timeline import timeline
from accord.forecast.models import forecast
from accord.forecast.montecarlo import simulate
from accord.io import builtin_names, load_builtin, load_scenario
from accord.io.conflicts import load_builtin_conflict
from accord.model import Scenario
from accord.model.views import batna_view
from accord.report import (
    Block,
    Bullets,
    Chart,
    Citation,
    Paragraph,
    Report,
    Section,
    Table,
    build_report,
)
from accord.report.document import Heatmap
from accord.report.sections.space import MAX_POINTS, SAME_SPOT

DRAWS = 50
MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"
ORDER = (
    "briefing",
    "actors",
    "drafts",
    "space",
    "commitments",
    "mediation",
    "forecasts",
    "conflict",
    "timeline",
)
COMMITMENTS = Path(__file__).parent / "data" / "commitments" / "truce-in-steps.yaml"


@cache
def report(name: str, seed: int = 0) -> Report:
    return build_report(load_builtin(name), draws=DRAWS, seed=seed)


def section(rep: Report, sid: str) -> Section:
    return next(s for s in rep.sections if s.id == sid)


def blocks(rep: Report, sid: str) -> list[Block]:
    """A section's blocks and then its appendix's (the full tables moved there): the
    appendix is part of the document, so what it holds is still in the report."""
    found = [b for s in rep.sections if s.id in (sid, f"appendix-{sid}") for b in s.blocks]
    assert found, f"no section {sid!r}"
    return found


def chart(rep: Report, cid: str) -> Chart:
    return next(c for c in rep.charts() if c.id == cid)


def body_texts(rep: Report) -> list[str]:
    """Every paragraph of the body (what the old summary said is now in its body section)."""
    return [x for s in rep.sections if not s.appendix for x in texts(s)]


def texts(sec: Section) -> list[str]:
    return [b.text for b in sec.blocks if isinstance(b, Paragraph)]


def cited(data: Any) -> set[str]:
    """Every source id any record of a scenario cites (its ``sources`` lists)."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "sources" and all(isinstance(v, str) for v in value):
                found.update(value)
            else:
                found |= cited(value)
    elif isinstance(data, list):
        for item in data:
            found |= cited(item)
    return found


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_builds_with_sections_in_order(name: str) -> None:
    rep = report(name)
    ids = [s.id for s in rep.sections if not s.appendix]  # the body; appendices follow it
    # the first page is the summary: no summary section repeats it
    assert ids[0] == "briefing" and "summary" not in ids
    assert ids == [i for i in ORDER if i in ids]
    assert all(s.blocks for s in rep.sections)  # never an empty section
    charts = [c.id for c in rep.charts()]
    assert len(charts) == len(set(charts))
    s = load_builtin(name)
    assert rep.title == s.title
    assert s.as_of is not None and s.as_of.isoformat() in rep.subtitle
    prov = dict(rep.provenance)
    assert prov["scenario"] == s.id
    assert prov["seed"] == "0" and prov["Monte Carlo draws"] == str(DRAWS)
    assert "accord version" in prov


@pytest.mark.parametrize("name", builtin_names())
def test_summary_says_no_zopa_iff_the_library_finds_none(name: str) -> None:
    s = load_builtin(name)
    summary = body_texts(report(name))  # the summary's findings, each in its body section
    exists = zopa(s).exists
    assert any(t.startswith("No deal is possible now") for t in summary) == (not exists)
    assert any(t.startswith("A deal is possible now") for t in summary) == exists
    if not exists:
        first = zopa(s).diagnosis.text().split("\n")[0]  # type: ignore[union-attr]
        assert any(first in t for t in summary)


@pytest.mark.parametrize("name", builtin_names())
def test_heatmap_is_the_scorecard(name: str) -> None:
    s = batna_view(load_builtin(name))  # the report reads BATNAs in the default (perceived) view
    card = score_proposals(s)
    hm = chart(report(name), "drafts-scorecard").heatmap
    assert isinstance(hm, Heatmap)
    n_p = len(card.proposals)
    assert hm.x[:n_p] == card.proposals
    z = np.array([[np.nan if v is None else v for v in row] for row in hm.z])
    np.testing.assert_array_equal(z[:, :n_p], card.low)
    np.testing.assert_array_equal(z[:, n_p], card.batna)  # NaN where unknown
    assert hm.text is not None
    crossed = (card.red_line == 2).sum(axis=2)
    for a in range(len(card.actors)):
        for p in range(n_p):
            cell = hm.text[a][p]
            assert (f"✗{crossed[a, p]}" in cell) == bool(crossed[a, p])
            if card.low[a, p] == card.high[a, p]:
                assert cell.startswith(f"{card.low[a, p]:.2f}")


@pytest.mark.parametrize("name", builtin_names())
def test_every_cited_source_is_listed(name: str) -> None:
    s = load_builtin(name)
    rep = report(name)
    listed = {c.id for c in rep.sources}
    assert all(isinstance(c, Citation) for c in rep.sources)
    assert cited(s.model_dump(mode="json")) <= listed
    assert {src.id for src in s.sources} <= listed
    if s.conflict is not None:
        assert {src.id for src in load_builtin_conflict(s.conflict).sources} <= listed
    by_id = {c.id: c for c in rep.sources}
    for src in s.sources:
        assert by_id[src.id].reliability == str(src.reliability)
        assert by_id[src.id].url == src.url


def test_same_seed_same_report_and_seed_recorded() -> None:
    s = load_builtin("uaw-detroit-2023")
    a = build_report(s, draws=DRAWS, seed=7)
    b = build_report(s, draws=DRAWS, seed=7)
    assert a == b
    assert dict(a.provenance)["seed"] == "7"


def test_forecast_chart_is_the_models_with_monte_carlo_bands() -> None:
    s = load_builtin("ukraine-2025")
    c = chart(report("ukraine-2025"), "forecasts-models")
    by_name = {sr.name: sr for sr in c.series}
    assert set(by_name) == {"compromise", "median", "eum"}
    sim = simulate(s, "compromise", draws=DRAWS, seed=0)
    f = forecast(s, "compromise")
    series = by_name["compromise"]
    for issue in s.issues:
        if issue.name not in series.x:  # the axis names each issue
            assert f.issue(issue.id).value is None
            continue
        k = series.x.index(issue.name)
        lo, hi = issue_scale(issue)
        q = sim.issue(issue.id).quantiles
        assert q is not None
        assert series.y[k] == pytest.approx((f.issue(issue.id).value - lo) / (hi - lo))
        assert series.low is not None and series.high is not None
        assert series.low[k] == pytest.approx((q[5] - lo) / (hi - lo))
        assert series.high[k] == pytest.approx((q[95] - lo) / (hi - lo))
    rounds = chart(report("ukraine-2025"), "forecasts-eum-rounds")
    eum = forecast(s, "eum")
    assert all(len(sr.y) == len(eum.rounds) for sr in rounds.series)


def test_frontier_chart_is_the_analysis_for_two_parties() -> None:
    s = batna_view(load_builtin("ukraine-2025"))
    result = analyze(s)
    c = chart(report("ukraine-2025"), "space-frontier")
    front = next(sr for sr in c.series if sr.name == "Pareto frontier")
    pair = list(result.parties)
    # no outcome respects both red lines: the chart shows the frontier with red lines soft,
    # and the solutions analyze computes for that case
    assert result.relaxed is not None
    expected = pareto_frontier(outcome_space(s, pair)).utilities
    expected = expected[np.argsort(expected[:, 0], kind="stable")]
    drawn = np.column_stack([front.x, front.y])
    # a long frontier is thinned evenly for the chart (the caption says how many are drawn):
    # every drawn point is on it, both ends are kept, at most MAX_POINTS in x order
    assert len(drawn) == min(len(expected), MAX_POINTS)
    assert set(map(tuple, drawn.tolist())) <= set(map(tuple, expected.tolist()))
    np.testing.assert_allclose(drawn[[0, -1]], expected[[0, -1]])
    assert (np.diff(drawn[:, 0]) >= 0).all()
    if len(expected) > MAX_POINTS:
        assert c.caption and f"{len(expected):,} outcomes ({MAX_POINTS} of them drawn" in c.caption
    sols = next(sr for sr in c.series if sr.name.startswith("bargaining solutions"))
    shown = []
    for label, x, y in zip(sols.text or (), sols.x, sols.y, strict=True):
        # solutions on (nearly) one spot share a marker: "nash = kalai-smorodinsky"
        for k, one in enumerate(label.split(" = ")):
            sol = result.relaxed.solutions[one]
            assert sol is not None
            at = (sol.utility[pair[0]], sol.utility[pair[1]])
            assert at == (x, y) if k == 0 else np.allclose(at, (x, y), atol=2 * SAME_SPOT)
            shown.append(one)
    assert sorted(shown) == sorted(k for k, v in result.relaxed.solutions.items() if v is not None)
    assert {ln.label for ln in c.lines} == {f"{s.actor(a).name} BATNA" for a in pair}
    assert c.caption and "two parties" in c.caption


def test_conflict_equilibria_and_lever_search_are_the_librarys() -> None:
    s = load_builtin("ukraine-2025")
    rep = report("ukraine-2025")
    result = stability(conflict_graph(load_builtin_conflict("ukraine-2025-gmcr")))
    table = next(
        b for b in blocks(rep, "conflict") if isinstance(b, Table) and b.columns[0] == "state"
    )
    shown = {row[0] for row in table.rows}
    assert shown == {int(x) for k in result.tables for x in result.equilibria(k)}
    for row in table.rows:
        for k, cell in zip(table.columns[2:], row[2:], strict=True):
            assert (cell == "✓") == (row[0] in set(result.equilibria(k).tolist()))  # see caption
    found = smallest_openings(s, "zopa").found
    summary = body_texts(rep)
    shown = any("No setting of the declared levers opens a ZOPA" in t for t in summary)
    assert shown == (not found)


def test_timeline_months_and_events() -> None:
    s = batna_view(load_builtin("ukraine-2025"))
    shown = blocks(report("ukraine-2025"), "timeline")
    events = next(b for b in shown if isinstance(b, Table) and b.columns[0] == "date")
    assert len(events.rows) == len(s.events)
    months = next(b for b in shown if isinstance(b, Table) and b.columns[0] == "month")
    line = timeline(s, 12)
    assert [row[1].startswith("yes") for row in months.rows] == [m.exists for m in line.months]
    batna = chart(report("ukraine-2025"), "timeline-batna")
    for sr in batna.series:
        party = next(a for a in line.parties if sr.name == f"{s.actor(a).name} BATNA")
        assert sr.y == tuple(m.batna[party] for m in line.months)


def test_sections_are_left_out_when_the_scenario_lacks_what_they_need() -> None:
    s = load_scenario(MINIMAL)
    rep = build_report(s, draws=DRAWS)
    ids = [sec.id for sec in rep.sections if not sec.appendix]
    # no levers, no events, no BATNA over time, no conflict model
    assert ids == ["briefing", "actors", "drafts", "space", "forecasts"]
    bare = Scenario.model_validate(
        {**s.model_dump(mode="python", exclude_none=True), "proposals": [], "stances": []}
    )
    rep = build_report(bare, draws=DRAWS)
    assert [sec.id for sec in rep.sections if not sec.appendix] == ["summary", "actors"]
    summary = texts(section(rep, "summary"))
    assert any("no parties with stances" in t for t in summary)


def test_unknown_batna_reads_unknown() -> None:
    s = load_scenario(MINIMAL)
    data = s.model_dump(mode="python", exclude_none=True)
    data["actors"][0]["batna"].pop("utility")
    rep = build_report(Scenario.model_validate(data), draws=DRAWS)
    actors = section(rep, "actors").blocks[0]
    assert isinstance(actors, Table)
    assert actors.rows[0][3] == "unknown"
    # the view is named with the value; the judgement mark follows the value it marks
    assert actors.rows[1][3] == "0.40 ◆ assessed"


def test_lever_settings_are_applied_and_recorded() -> None:
    s = load_builtin("ukraine-2025")
    rep = build_report(s, settings={"sanctions": 2}, draws=DRAWS)
    prov = dict(rep.provenance)
    assert prov["lever settings"].startswith("sanctions=2")
    assert "russia batna.cost" in prov["lever changes"]
    assert "sanctions=2" in rep.subtitle
    first = section(rep, "briefing").blocks[0]
    assert isinstance(first, Paragraph) and first.tone == "caveat"
    assert first.text.startswith("Levers turned for this report: sanctions=2")
    with pytest.raises(ValueError, match="not a level"):
        build_report(s, settings={"sanctions": 7}, draws=DRAWS)


def test_a_conflict_can_be_given() -> None:
    s = load_builtin("uaw-detroit-2023")
    assert "conflict" not in [sec.id for sec in report("uaw-detroit-2023").sections]
    chicken = load_builtin_conflict("chicken")
    rep = build_report(s, conflict=chicken, draws=DRAWS)
    assert "conflict" in [sec.id for sec in rep.sections]
    assert dict(rep.provenance)["conflict model"] == "chicken"
    assert {src.id for src in chicken.sources} <= {c.id for c in rep.sources}


def test_diagnosis_is_shown_when_there_is_no_zopa() -> None:
    # the report judges BATNAs as each party perceives them (the default view); Moscow's
    # perceived alternative changes which lines the diagnosis names as the ones to give
    s = batna_view(load_builtin("ukraine-2025"))
    sec = section(report("ukraine-2025"), "space")
    diagnosis = zopa(s).diagnosis
    assert diagnosis is not None
    lines = [ln.strip() for ln in diagnosis.text().split("\n") if ln.strip()]
    assert lines[0] in texts(sec)
    bullets = next(b for b in sec.blocks if isinstance(b, Bullets))
    assert list(bullets.items) == lines[1:]


def test_closest_draft_is_one_every_party_accepts_when_there_is_one() -> None:
    s = load_builtin("uaw-detroit-2023")
    verdicts = analyze(s).verdicts
    accepted = [v.proposal for v in verdicts if v.accepted == "yes"]
    assert accepted  # the tentative agreements
    summary = body_texts(report("uaw-detroit-2023"))
    closest = next(t for t in summary if t.startswith("The closest draft is "))
    pid = closest.removeprefix("The closest draft is ").split(" ")[0]
    assert pid in accepted
    assert f"{pid} is acceptable to every party as it stands." in summary


def test_zopa_settings_table_is_the_librarys() -> None:
    s = load_builtin("uaw-detroit-2023")
    z = zopa(s)
    assert z.exists
    sec = section(report("uaw-detroit-2023"), "space")
    table = next(b for b in sec.blocks if isinstance(b, Table))
    for issue, row in zip(s.issues, table.rows, strict=True):
        assert row[0] == issue.name
        values = z.settings[issue.id]
        if issue.kind.value != "continuous":
            assert row[1] == " | ".join(issue.label(v) for v in values)


def test_a_scenario_as_of_an_earlier_date() -> None:
    import datetime as dt

    from accord.model.asof import scenario_as_of

    s = load_builtin("ukraine-2025")
    earlier = scenario_as_of(s, dt.date(2025, 11, 25)).scenario
    rep = build_report(earlier, draws=DRAWS)
    assert "as of 2025-11-25" in rep.subtitle
    hm = chart(rep, "drafts-scorecard").heatmap
    assert hm is not None
    assert hm.x[:-1] == tuple(p.id for p in earlier.proposals)
    assert len(earlier.proposals) < len(s.proposals)


def test_the_smallest_amendment_of_the_closest_draft() -> None:
    from accord.analysis.milp import proposal_draft, smallest_amendment

    data = load_scenario(MINIMAL).model_dump(mode="python", exclude_none=True)
    data["proposals"] = data["proposals"][:1]  # the opening offer: crosses the union's red line
    s = Scenario.model_validate(data)
    amendment = smallest_amendment(
        outcome_space(s, ["union", "firm"]), proposal_draft(s, "opening"), scenario=s
    )
    assert amendment.possible and amendment.n_changes
    summary = body_texts(build_report(s, draws=DRAWS))
    found = next(t for t in summary if t.startswith("The smallest amendment"))
    assert f"changes {amendment.n_changes} issue(s)" in found
    for iid, (_old, new) in amendment.changes.items():
        assert f"{s.issue(iid).name} to {s.issue(iid).label(new)}" in found


def test_solutions_table_is_the_analysis() -> None:
    s = load_builtin("uaw-detroit-2023")
    result = analyze(s)
    shown = blocks(report("uaw-detroit-2023"), "space")
    table = next(b for b in shown if isinstance(b, Table) and "nash" in b.columns)
    found = {k: v for k, v in result.bargaining.solutions.items() if v is not None}
    assert table.columns[1:] == tuple(found)
    for issue, row in zip(s.issues, table.rows[: len(s.issues)], strict=True):
        assert row[1:] == tuple(issue.label(sol.outcome[issue.id]) for sol in found.values())
    n = len(s.issues) + len(result.parties)
    for p, row in zip(result.parties, table.rows[len(s.issues) : n], strict=True):
        assert row[1:] == tuple(
            f"{sol.utility[p]:.2f} ({sol.gain[p]:+.2f})" for sol in found.values()
        )
    # strict solutions: within every party's red line, so each crosses none
    assert table.rows[n:] == (("red lines crossed", *("none" for _ in found)),)


def test_order_trust_and_ratification_quote_the_engines() -> None:
    from accord.analysis.ratification import ratify_drafts
    from accord.analysis.sequencing import search_orders, sequence
    from accord.overview.home import known_names
    from accord.report.html import render_html
    from accord.report.markdown import render_markdown

    s = load_scenario(COMMITMENTS)
    rep = build_report(s, draws=DRAWS)
    sec = section(rep, "commitments")
    assert sec.title == "Order, trust and ratification"
    ids = [x.id for x in rep.sections]
    assert ids.index("commitments") == ids.index("space") + 1
    viewed = batna_view(s)  # the report's default view of every BATNA
    shown = blocks(rep, "commitments")
    tables = [b for b in shown if isinstance(b, Table)]
    values = [b for b in tables if b.columns[0] == "party"]
    assert len(values) == 2  # the two phased drafts; the flat one has none
    q = sequence(viewed, "plan")
    for row, actor in zip(values[0].rows, q.parties, strict=True):
        a = q.actors.index(actor)
        assert row[:4] == (
            s.actor(actor).name,
            f"{q.kept_low[a]:.2f}",
            f"{q.expected_low[a]:.2f}",
            f"{q.worst[a]:.2f}",
        )
        assert row[5] == f"{q.gain[a]:+.2f}"
    search = search_orders(viewed, "plan")
    orders = next(b for b in tables if b.columns[0] == "which")
    for g in search.named:
        row = next(r for r in orders.rows if r[0] == f"‘{g.label}’")
        assert row[2:4] == tuple(f"{g.gains[a]:+.2f}" for a in search.parties)
    rat = ratify_drafts(viewed)
    home = next(b for b in tables if b.columns[0] == "draft")
    names = known_names(s)
    assert [r[0] for r in home.rows] == list(rat.proposals)
    for r in home.rows:
        assert r[1:] == tuple(rat.row(str(r[0]), a).text(names) for a in rat.actors)
    words = [i for b in shown if isinstance(b, Bullets) for i in b.items]
    assert any("on the analyst's judgement of that chance (0.60, range 0.40–0.80)" in w
               for w in words)  # fmt: skip
    assert any(w.startswith("The orders differ only in who bears the risk") for w in words)
    assert any("A breach halts the process" in w for w in words)  # the model, in full
    html = render_html(rep)
    assert "Order, trust and ratification" in html and "West&#39;s parliament" in html
    md = render_markdown(rep, "x_files", draw=lambda chart, colours: b"png").text
    assert "## Order, trust and ratification" in md


def test_ukraine_phased_drafts_and_ratification_are_in_the_report() -> None:
    s = batna_view(load_builtin("ukraine-2025"))
    shown = blocks(report("ukraine-2025"), "commitments")
    phased = [p.id for p in s.proposals if p.phases]
    heads = [b.text for b in shown if isinstance(b, Paragraph) and b.tone == "finding"]
    for pid in phased:
        assert any(f"({pid}), in its own order" in h for h in heads)
    if s.ratification:
        home = next(b for b in shown if isinstance(b, Table) and b.columns[0] == "draft")
        assert [r[0] for r in home.rows] == [p.id for p in s.proposals]
