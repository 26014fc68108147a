"""The overview page's briefing: the report's bottom line and key judgements first, its
futures, indicators and options in a fragment loaded after the page, all from the same
library calls as the report (compared here with the report's own, computed apart)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from markupsafe import escape
from tests.web_support import SID, client

from accord.data import scenario_text
from accord.io import load_builtin
from accord.overview import run_overview
from accord.overview.briefing_records import Briefing, Judgement
from accord.overview.judgements import build_briefing
from accord.web import briefing as web_briefing

#: The web page's section for each report section a judgement's evidence is in.
PAGES = {
    "summary": "/forecasts",
    "space": "/space",
    "drafts": "/drafts",
    "forecasts": "/forecasts",
    "conflict": "/conflict",
}


def e(text: str) -> str:
    """``text`` as the page prints it (autoescaped)."""
    return str(escape(text))


def percent(p: float) -> str:
    return f"{100 * p:.1f}%"


def with_interval(p: float | None, interval: tuple[float, float] | None) -> str:
    """The chance and its 95% interval, written out here, not by the module under test."""
    if p is None:
        return "unknown"
    if interval is None:
        return percent(p)
    return f"{percent(p)} (95% interval {percent(interval[0])}–{percent(interval[1])})"


def judgement_items(page: str) -> dict[str, str]:
    """Each key judgement's list item on the page, by its key, in page order."""
    item = r'<li id="judgement-([a-z]+)" data-key="\1">(.*?)</li>\s*(?=<li id="judgement-|</ol>)'
    return dict(re.findall(item, page, flags=re.S))


def report_briefing(with_futures: bool) -> Briefing:
    """The report's first page on the built-in (its overview: draws and seed as
    ``accord report``); its futures, indicators and options computed as the report's first
    page computes them when asked, else none."""
    o = run_overview(load_builtin(SID))
    if with_futures:
        return build_briefing(o)
    return build_briefing(o, futures=(), indicators=(), options=())


def check_judgement(item: str, j: Judgement) -> None:
    assert f'<p class="statement">{e(j.statement)}</p>' in item
    assert f"{j.confidence.value} confidence" in item
    assert e(j.why_confidence) in item
    if j.word is not None:
        assert j.probability is not None
        assert f'<strong class="word">{j.word.text}</strong>' in item
        low, high = j.word.low, j.word.high
        shown = f"under {high:.0%}" if low <= 0 else (
            f"over {low:.0%}" if high >= 1 else f"{100 * low:.0f}–{high:.0%}")  # fmt: skip
        assert f'<span class="range">({shown})</span>' in item
        assert e(with_interval(j.probability, j.interval)) in item
    else:
        assert 'class="word"' not in item
    if j.evidence == "commitments":
        assert 'href="#commitments"' in item
    else:
        assert f'href="/s/{SID}{PAGES[j.evidence]}"' in item
    for label in j.basis.judgement_inputs:
        assert f'<li class="judgement">{e(label)} ◆</li>' in item
    for label in j.basis.sourced_inputs:
        assert f'<li class="sourced">{e(label)} (sourced)</li>' in item


def test_the_overview_page_opens_with_the_reports_bottom_line_and_key_judgements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the page computed the futures before its first paint")

    # the page itself never waits for the futures: they come in the fragment
    monkeypatch.setattr(web_briefing, "compute", refuse)
    c = client(tmp_path)
    r = c.get(f"/s/{SID}")
    assert r.status_code == 200, r.text
    page = r.text
    b = report_briefing(with_futures=False)
    assert len(b.judgements) >= 5
    assert f'<p class="bottom-line">{e(b.bottom_line)}</p>' in page
    items = judgement_items(page)
    assert list(items) == [j.key for j in b.judgements]  # every one, in the report's order
    for j in b.judgements:
        check_judgement(items[j.key], j)
    # the bottom line and the judgements come before everything else the page shows
    first = page.index('<section id="briefing">')
    assert first < page.index("<h2>Actors</h2>") < page.index('<div id="scorecard"')
    assert page.index("<h2>Bottom line</h2>") < page.index("<h2>Key judgements</h2>")
    # the futures are asked for once the page is drawn, with a placeholder meanwhile
    assert f'hx-get="/s/{SID}/futures" hx-trigger="load"' in page
    assert '<p class="computing">computing the futures' in page
    # every BATNA that rests on judgement is marked, with its spread
    s = load_builtin(SID)
    russia = s.actor("russia").batna
    assert russia is not None and russia.perceived is not None
    assert russia.perceived.uncertainty is not None
    lo, hi = russia.perceived.uncertainty.low, russia.perceived.uncertainty.high
    assert f"{russia.perceived.utility:.2f} ◆ ({lo:.2f}–{hi:.2f}) perceived" in page


def test_the_futures_fragment_holds_every_future_indicator_and_option(tmp_path: Path) -> None:
    c = client(tmp_path)
    r = c.get(f"/s/{SID}/futures")
    assert r.status_code == 200, r.text
    fragment = r.text
    b = report_briefing(with_futures=True)
    assert len(b.futures) >= 3 and b.indicators and b.options
    rows = re.findall(r'<tr id="future-\d+" data-key="([^"]+)">(.*?)</tr>', fragment, flags=re.S)
    assert [k for k, _ in rows] == [f.key for f in b.futures]
    for (_, row), f in zip(rows, b.futures, strict=True):
        assert f"<td>{e(f.name)}</td>" in row
        assert f'<td class="after">{with_interval(f.deal_after, f.interval_after)}</td>' in row
        assert f'<td class="before">{with_interval(f.deal_before, f.interval_before)}</td>' in row
        assert f"<li>{e(f.how)}. {e(f.summary)}</li>" in fragment
    for i in b.indicators:
        assert f"<li>{e(i.text)}</li>" in fragment
    for o in b.options:
        assert e(f"{o.text} ({o.for_whom}): {o.achieves}") in fragment
        assert e(o.basis) in fragment
    first = b.futures[0]
    assert f"({first.draws:,} draws, seed {first.seed})" in fragment
    # computed once: asked again, the version's futures come from the cache
    sv = c.app.state.services  # type: ignore[attr-defined]
    kept = web_briefing.futures_computed(sv, SID, 1)
    assert kept is web_briefing.futures_computed(sv, SID, 1)
    assert (kept.futures, kept.indicators, kept.options) == (b.futures, b.indicators, b.options)
    assert c.get(f"/s/{SID}/futures").text == fragment


def test_evidence_links_stay_on_the_version_shown() -> None:
    b = report_briefing(with_futures=False)
    for j in b.judgements:
        link = web_briefing.judgement_view(j, SID, "?version=3")["evidence"]["href"]
        if j.evidence == "commitments":
            assert link == "#commitments"
        else:
            assert link == f"/s/{SID}{PAGES[j.evidence]}?version=3"


def test_a_scenario_without_parties_has_no_futures(tmp_path: Path) -> None:
    doc = yaml.safe_load(scenario_text("dayton-1995"))
    doc["id"] = "no-parties"
    doc["stances"] = []
    doc["proposals"] = []
    for key in ("levers", "beliefs", "conflict"):
        doc.pop(key, None)
    c = client(tmp_path, builtin=False)
    up = c.post("/api/scenarios", json={"text": yaml.safe_dump(doc), "author": "t"})
    assert up.status_code == 201, up.text
    page = c.get("/s/no-parties")
    assert page.status_code == 200 and "<h2>Bottom line</h2>" in page.text
    assert "<h2>Key judgements</h2>" not in page.text
    fragment = c.get("/s/no-parties/futures")
    assert fragment.status_code == 200
    assert "No futures: the scenario has no parties with stances." in fragment.text


def test_a_missing_version_of_the_fragment_is_a_plain_404(tmp_path: Path) -> None:
    c = client(tmp_path)
    r = c.get(f"/s/{SID}/futures?version=99")
    assert r.status_code == 404 and "Traceback" not in r.text
