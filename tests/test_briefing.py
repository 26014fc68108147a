"""The briefing's first page: key judgements, honest margins, the bottom line and --brief.

The small cases are worked out by hand in the scenario files' comments; figures of the
built-in Ukraine scenario are never pinned (its data are being corrected), only properties.
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.oracle_estimative import close_call

from accord.io import load_builtin, load_scenario
from accord.model import Scenario
from accord.overview import Overview, run_overview
from accord.overview.estimative import chance_clause, confidence, estimative_span
from accord.overview.judgements import bottom_line, build_briefing, key_judgements
from accord.overview.margins import close_calls, draft_margins, margin_words
from accord.overview.words import pct
from accord.report.brief import build_brief
from accord.report.pdf import find_chromium
from accord.report.write import write_report
from cli_runner import accord

DATA = Path(__file__).parent / "data"
CLOSE = DATA / "briefing" / "close-call.yaml"
MINIMAL = DATA / "minimal.yaml"
RATIFIED = DATA / "ratification" / "ratified-talks.yaml"
DRAWS = 200


@cache
def scenario() -> Scenario:
    return load_scenario(CLOSE)


@cache
def overview(seed: int = 3) -> Overview:
    return run_overview(scenario(), draws=DRAWS, seed=seed)


def _clash() -> Scenario:
    """The close call with Beta's red line moved onto Issue X against Alpha's: no outcome
    keeps both, whatever the draws (hard red lines without spreads)."""
    data = scenario().model_dump(mode="python", exclude_none=True)
    for stance in data["stances"]:
        if stance["actor"] == "b":
            stance.pop("red_line", None)
            if stance["issue"] == "x":
                stance["red_line"] = False
    return Scenario.model_validate(data)


# --- judgements on the hand-worked case -------------------------------------------------------
def test_the_deal_judgement_is_the_share_of_draws_with_a_zopa() -> None:
    o = overview()
    j = {j.key: j for j in key_judgements(o)}["deal"]
    assert o.outlook is not None
    assert j.probability == o.outlook.deal.chance
    # a ZOPA exists exactly when Alpha's BATNA, uniform on 0.4..0.6, is at most 0.55: 75%
    assert j.probability is not None and abs(j.probability - 0.75) < 0.1
    assert j.word is not None and j.word.low <= j.probability <= j.word.high
    assert j.word.text in j.statement and pct(j.probability) in j.statement


def test_the_basis_counts_sourced_red_lines_and_judged_batnas() -> None:
    j = {j.key: j for j in key_judgements(overview())}["deal"]
    # Alpha's red line cites the wire, Beta's only the analyst's memo; Alpha's BATNA carries
    # a judgement note, Beta's cites the wire without one: two of four sourced
    assert j.basis.sourced_share == 0.5
    assert set(j.basis.sourced_inputs) == {"Alpha's red line on Issue X", "Beta's BATNA 0.30"}
    assert set(j.basis.judgement_inputs) == {
        "Beta's red line on Issue Y",
        "Alpha's BATNA 0.50 (0.40–0.60)",
    }
    assert (j.confidence, j.why_confidence) == confidence(j.basis, j.interval)


def test_the_zopa_judgement_counts_the_one_outcome_both_accept() -> None:
    j = {j.key: j for j in key_judgements(overview())}["zopa"]
    assert "1 of 4 outcomes" in j.statement
    assert j.probability is None and j.word is None


def test_a_clash_of_hard_red_lines_is_no_deal_in_any_draw() -> None:
    o = run_overview(_clash(), draws=50, seed=1)
    found = {j.key: j for j in key_judgements(o)}
    assert found["deal"].probability == 0.0
    assert "possible on the red lines as stated" in found["deal"].statement
    assert "Alpha and Beta's red lines on Issue X clash" in found["zopa"].statement
    line = bottom_line(o, tuple(found.values()))
    assert "0.0%" in line and line.startswith("On the red lines as stated no deal Alpha and Beta")
    assert "crosses 1 of Beta's red lines" in line and "1 of the 4 judgements below is held" in line


# --- honest margins ---------------------------------------------------------------------------
def test_a_margin_inside_the_batna_spread_is_too_close_to_call() -> None:
    o = overview()
    assert o.closest is not None and o.closest.proposal == "d1"
    alpha, beta = draft_margins(o, o.closest)
    assert alpha.margin == pytest.approx(0.05) and alpha.close
    assert alpha.spread == (0.4, 0.6)
    sim = o.simulations["compromise"]
    assert alpha.chance == sim.acceptance["d1"]["a"]["yes"]
    assert abs(alpha.chance - 0.75) < 0.1  # Alpha's drawn BATNA at most 0.55
    # Beta's +0.20 has no spread and holds in every draw: a finding, not a close call
    assert beta.margin == pytest.approx(0.2) and not beta.close and beta.chance == 1.0
    words = margin_words(o, alpha)
    assert "Alpha +0.05, too close to call (inside its BATNA spread 0.40–0.60)" in words
    assert f"accepts in {pct(alpha.chance)} of draws" in words
    assert margin_words(o, beta) == "Beta +0.20"
    closest = {j.key: j for j in key_judgements(o)}["closest"]
    assert "the margin of Alpha (+0.05) is too close to call" in closest.statement
    assert closest.probability == sim.accepted_by_all["d1"]["yes"]


FLOATS = st.floats(0.0, 1.0, allow_nan=False)
MAYBE = st.one_of(st.just(math.nan), FLOATS)


@given(st.data())
def test_close_calls_match_the_rule_cell_by_cell(data: st.DataObject) -> None:
    n_a = data.draw(st.integers(1, 5))
    n_p = data.draw(st.integers(1, 4))
    low = np.array(data.draw(st.lists(FLOATS, min_size=n_a * n_p, max_size=n_a * n_p)))
    width = np.array(data.draw(st.lists(FLOATS, min_size=n_a * n_p, max_size=n_a * n_p)))
    low, high = low.reshape(n_a, n_p), (low + width / 2).reshape(n_a, n_p)
    batna = np.array(data.draw(st.lists(MAYBE, min_size=n_a, max_size=n_a)))
    ends = [sorted(data.draw(st.tuples(FLOATS, FLOATS))) for _ in range(n_a)]
    bare = data.draw(st.lists(st.booleans(), min_size=n_a, max_size=n_a))
    s_lo = np.array([math.nan if b else e[0] for e, b in zip(ends, bare, strict=True)])
    s_hi = np.array([math.nan if b else e[1] for e, b in zip(ends, bare, strict=True)])
    found = close_calls(low, high, batna, s_lo, s_hi)
    expected = [
        [close_call(low[a, p], high[a, p], batna[a], s_lo[a], s_hi[a]) for p in range(n_p)]
        for a in range(n_a)
    ]
    assert found.tolist() == expected


# --- the bottom line and the briefing ---------------------------------------------------------
def test_the_bottom_line_leads_with_the_chance_of_a_zone() -> None:
    o = overview()
    js = key_judgements(o)
    line = bottom_line(o, js)
    assert o.outlook is not None and o.outlook.deal.chance is not None
    d = o.outlook.deal
    assert d.ratified is None  # no ratifiers: the unratified share leads
    head = chance_clause(
        d.chance, "a zone of agreement Alpha and Beta both accept exists", ranged=False,
        interval=d.interval,
    )  # fmt: skip
    assert line.startswith(head[0].upper() + head[1:])
    assert pct(d.chance) in line
    assert "too close to call" in line  # the closest draft's margin for Alpha


def test_the_ratified_share_leads_where_parties_have_ratifiers() -> None:
    o = run_overview(load_scenario(RATIFIED), draws=200, seed=1)
    d = o.outlook.deal if o.outlook is not None else None
    assert d is not None and d.ratified is not None and d.ratified.probability is not None
    assert d.ratified.probability < d.chance  # a ratifier fails some of the zones
    deal = {j.key: j for j in key_judgements(o)}["deal"]
    # the judgement's chance, word and interval are the ratified share's
    assert (deal.probability, deal.interval) == (d.ratified.probability, d.ratified.interval)
    assert deal.word == estimative_span(d.ratified.probability, d.ratified.interval)
    assert "and their ratifiers at home pass: " + pct(d.ratified.probability) in deal.statement
    assert f"Before ratification: {pct(d.chance)}" in deal.statement
    assert "survives ratification at home" in bottom_line(o, key_judgements(o))


def test_build_briefing_takes_the_futures_it_is_given() -> None:
    from accord.overview.briefing_records import Option

    o = overview()
    given_option = Option("ask Beta first", "the mediator", "a yes from Beta", "hand-made")
    b = build_briefing(o, futures=(), indicators=(), options=(given_option,))
    assert b.options == (given_option,)
    assert b.judgements == key_judgements(o)
    assert b.bottom_line == bottom_line(o, b.judgements)
    assert b.assumptions


# --- --brief ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_brief_writes_the_first_page_alone(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"brief.{fmt}"
    accord("report", str(CLOSE), "-o", str(path), "--brief", "--draws", "50")
    text = path.read_text("utf-8")
    assert "Bottom line and key judgements" in text
    for later in ("Summary", "Actors and their stances", "Drafts", "Sources"):
        assert not re.search(rf"(##|<h2>)\s*{later}\b", text), later
    assert re.search(
        r"Bottom line: (It is|There is) [a-z ]+ that a zone of agreement Alpha and Beta", text
    )


def _pages(pdf: bytes) -> int:
    """Pages of a PDF Chromium printed: its page objects (Chromium does not compress them)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium (CI installs Debian's)")
def test_the_ukraine_brief_is_one_a4_page_with_five_to_eight_judgements(tmp_path: Path) -> None:
    report = build_brief(load_builtin("ukraine-2025"), draws=100, seed=0)
    assert [s.id for s in report.sections] == ["briefing"]
    bullets = [b for b in report.sections[0].blocks if type(b).__name__ == "Bullets"]
    assert 5 <= len(bullets[0].items) <= 8
    path = tmp_path / "brief.pdf"
    write_report(report, path)
    data = path.read_bytes()
    assert data[:5] == b"%PDF-" and _pages(data) == 1


def test_each_judgement_links_to_the_section_with_its_evidence() -> None:
    from accord.report import build_report
    from accord.report.html import render_html

    page = render_html(build_report(scenario(), draws=50, seed=0))
    links = re.findall(r'\(see <a href="#(sec-[a-z-]+)">([^<]+)</a>\)', page)
    judgements = key_judgements(run_overview(scenario(), draws=50, seed=0))
    assert len(links) >= len(judgements)
    for anchor, title in links:
        assert f'id="{anchor}"' in page
        assert re.search(rf'id="{anchor}">\s*<h2>[^<]*{re.escape(title)}', page)


def test_markdown_links_each_judgement_to_its_evidence() -> None:
    from accord.report import build_report
    from accord.report.markdown import render_markdown

    text = render_markdown(
        build_report(scenario(), draws=50, seed=0), "x", draw=lambda c, cols: b""
    ).text
    links = re.findall(r"\\\(see \[([^]]+)\]\(#(sec-[a-z-]+)\)\\\)", text)
    assert len(links) >= len(key_judgements(run_overview(scenario(), draws=50, seed=0)))
    for title, anchor in links:
        assert f'<a id="{anchor}"></a>\n\n## {title}' in text
