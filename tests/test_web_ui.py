"""What analysts met in `accord serve` in a real browser, each checked in headless Chromium
at 1280 px: charts that redraw after a swap, errors shown where a fragment would go, the
timeline replayed as of the slider's date, a conflict page that reads at a glance, settings
worded with labels and units, tables that fit their column, axis titles inside their chart,
honest run progress, a stance editor whose errors name actor, issue and field, and a page
that says when the server cannot be reached."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
import yaml
from tests.web_support import SID, free_port, start_server

from accord.data import scenario_text
from accord.report.pdf import CHROMIUM_FLAGS, find_chromium

CHROMIUM = str(find_chromium() or "") or None
ARGS = [flag for flag in CHROMIUM_FLAGS if flag != "--headless"]
WIDTH = 1280
#: A built-in with a ZOPA, and drafts whose verdict is "maybe" (points left open).
UAW = "uaw-detroit-2023"
#: A small built-in the editing tests change (the others' pages stay as built).
EDITED = "dayton-1995"
#: ukraine-2025 without Russia's red lines (so a ZOPA opens in a space too large to
#: enumerate: its share is estimated) and with Ukraine's BATNA dated (0.2 until 1 Dec).
OPEN = "ukraine-open"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium found")


def open_scenario() -> str:
    doc = yaml.safe_load(scenario_text(SID))
    doc["id"] = OPEN
    for st in doc["stances"]:
        if st["actor"] == "russia":
            for key in ("red_line", "unless", "firmness"):
                st.pop(key, None)
            st.get("uncertainty", {}).pop("red_line", None)
            for entry in st.get("history") or []:
                for key in ("red_line", "unless", "firmness"):
                    entry.pop(key, None)
                entry.get("uncertainty", {}).pop("red_line", None)
    # levers that wear down a red line of Russia's have nothing left to act on
    doc["levers"] = [
        lever
        for lever in doc.get("levers", [])
        if not any("red_line" in str(e.get("target")) for e in lever.get("effects", []))
    ]
    ukraine = next(a for a in doc["actors"] if a["id"] == "ukraine")
    ukraine["batna"]["since"] = "2025-12-01"
    ukraine["batna"]["history"] = [{"from": "2025-10-01", "utility": 0.2, "judgement": "a test"}]
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def create(base: str, name: str) -> None:
    r = httpx2.post(f"{base}/api/scenarios/builtin", json={"name": name, "author": "ui"})
    assert r.status_code == 201, r.text


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("ui") / "ui.db"
    port = free_port()
    proc = start_server(f"sqlite:///{db}", port)
    base = f"http://127.0.0.1:{port}"
    try:
        for name in (SID, UAW, EDITED):
            create(base, name)
        up = httpx2.post(
            f"{base}/api/scenarios", json={"text": open_scenario(), "author": "ui"}, timeout=60
        )
        assert up.status_code == 201, up.text
        yield base
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": WIDTH, "height": 900})
    context.set_default_timeout(60_000)
    yield context.new_page()
    context.close()


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def slide(page: Any, selector: str, value: int) -> None:
    """Move a range input as a hand does: its value changes, then input and change fire."""
    page.eval_on_selector(
        selector,
        """(el, v) => { el.value = String(v);
            el.dispatchEvent(new Event('input', {bubbles: true}));
            el.dispatchEvent(new Event('change', {bubbles: true})); }""",
        value,
    )


def all_charts_drawn(page: Any) -> None:
    """Every chart on the page is drawn (a Plotly plot inside each .chart)."""
    charts = page.locator(".chart")
    for k in range(charts.count()):
        expect(charts.nth(k).locator(".js-plotly-plot")).to_have_count(1)


#: Tables wider than their column, and axis titles outside their chart, on the page.
LAYOUT_FAULTS = """() => {
  const out = [];
  if (document.documentElement.scrollWidth > window.innerWidth)
    out.push('page ' + document.documentElement.scrollWidth + ' px wide');
  for (const table of document.querySelectorAll('main table')) {
    // a table in a box of its own that scrolls sideways: that box must fit its column
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(table.parentElement).overflowX);
    const t = scrolls ? table.parentElement : table;
    const r = t.getBoundingClientRect();
    if (r.width === 0) continue;  // folded away
    const box = t.parentElement.getBoundingClientRect();
    const name = table.className || table.rows[0].innerText.slice(0, 40);
    if (r.right > box.right + 1)
      out.push('table ' + name + ' ends at ' + Math.round(r.right) + ' > ' + box.right);
  }
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const p = plot.getBoundingClientRect();
    for (const title of plot.querySelectorAll('.g-xtitle text, .g-ytitle text')) {
      const r = title.getBoundingClientRect();
      if (r.width === 0) continue;
      const inside = r.left >= p.left - 1 && r.right <= p.right + 1
        && r.top >= p.top - 1 && r.bottom <= p.bottom + 1;
      if (!inside)
        out.push('axis title "' + title.textContent + '" cut off');
    }
  }
  return out;
}"""


def run_to_end(page: Any, base: str, sid: str, *, model: str, single: bool, draws: int) -> None:
    page.goto(f"{base}/s/{sid}/forecasts")
    page.select_option("select[name=model]", model)
    if single:
        page.check("input[name=mode][value=single]")
    else:
        page.fill("input[name=draws]", str(draws))
    page.click("#start-run button")
    expect(page.locator("#current .run-status")).to_have_text("done", timeout=240_000)


# --- charts after a swap, errors in fragments ----------------------------------------------
def test_pareto_chart_redraws_after_the_pair_changes(site: str, page: Any) -> None:
    page.goto(f"{site}/s/{SID}/space")
    expect(page.locator("#pareto .js-plotly-plot")).to_have_count(1)
    page.select_option("select[name=b]", "usa")
    expect(page.locator("#pareto")).to_contain_text("United States")
    expect(page.locator("#pareto .js-plotly-plot")).to_have_count(1)


def test_fragment_error_is_shown_and_the_selectors_stay_usable(site: str, page: Any) -> None:
    page.goto(f"{site}/s/{SID}/space")
    page.select_option("select[name=b]", "russia")  # Russia and Russia: refused (400)
    expect(page.locator("#pareto .error")).to_contain_text("choose two different parties")
    expect(page.locator("#pareto .js-plotly-plot")).to_have_count(0)
    page.select_option("select[name=b]", "ukraine")
    expect(page.locator("#pareto .error")).to_have_count(0)
    expect(page.locator("#pareto .js-plotly-plot")).to_have_count(1)


# --- the timeline as of a date -------------------------------------------------------------
def timeline_figure(page: Any) -> dict[str, Any]:
    return json.loads(page.locator("#timeline .chart").get_attribute("data-figure"))


def test_asof_slider_replays_the_timeline_on_that_date(site: str, page: Any) -> None:
    page.goto(f"{site}/s/{OPEN}/conflict")
    expect(page.locator("#timeline .js-plotly-plot")).to_have_count(1)
    dates = json.loads(page.locator("#asof-index").get_attribute("data-dates"))
    late = timeline_figure(page)
    early = dates.index("2025-11-20")
    slide(page, "#asof-index", early)
    expect(page.locator("#timeline")).to_contain_text("As of 2025-11-20")
    expect(page.locator("#timeline .js-plotly-plot")).to_have_count(1)
    shown = timeline_figure(page)

    def batna(fig: dict[str, Any]) -> list[float]:
        return next(t["y"] for t in fig["data"] if t["name"] == "Ukraine BATNA")

    # Ukraine's BATNA stood at 0.2 before 1 December: the month-by-month line starts there
    assert batna(shown)[0] == pytest.approx(0.2)
    assert batna(late)[0] == pytest.approx(0.45)
    # and what was replayed is said in words
    expect(page.locator("#timeline")).to_contain_text("earlier values replayed")


# --- the conflict page ---------------------------------------------------------------------
def test_conflict_page_has_a_legend_and_a_folded_stability_table(site: str, page: Any) -> None:
    page.goto(f"{site}/s/{SID}/conflict")
    legend = page.locator("#stability-legend")
    for words in (
        "Nash stability",
        "general metarationality",
        "symmetric metarationality",
        "sequential stability",
        "simultaneous",
    ):
        expect(legend).to_contain_text(words, ignore_case=True)
    table = page.locator("#stability table")
    expect(table).to_be_hidden()  # behind a toggle
    top = page.locator("h2", has_text="Timeline").bounding_box()
    assert top is not None and top["y"] < 1500, top
    page.locator("#stability summary").click()
    expect(table).to_be_visible()
    assert table.locator("tr").count() > 50


# --- forecasts -----------------------------------------------------------------------------
#: A position on an issue's internal scale (every setting shown has a label or a unit).
INTERNAL = re.compile(r"^-?[\d.,]+(e[+-]\d+)?$|\de[+-]\d")


def internal_values(table: Any) -> list[str]:
    """The cells of a table (its first column, the issue, aside) that show a bare number."""
    cells = table.locator("tr td:not(:first-child)").all_inner_texts()
    return [c for c in cells if INTERNAL.search(c.strip())]


def test_forecast_shows_settings_with_labels_and_units(site: str, page: Any) -> None:
    run_to_end(page, site, SID, model="compromise", single=False, draws=200)
    current = page.locator("#current")
    for table in ("table.point-forecast", "table.quantiles"):
        assert internal_values(current.locator(table)) == [], table
    army = current.locator("table.quantiles tr", has_text="armed forces").inner_text()
    assert "troops" in army, army
    amnesty = current.locator("table.point-forecast tr", has_text="amnesty").inner_text()
    assert re.search(r"\b(yes|no)\b", amnesty), amnesty


def test_eum_rounds_fit_and_charts_keep_their_axis_titles(site: str, page: Any) -> None:
    run_to_end(page, site, SID, model="eum", single=True, draws=0)
    all_charts_drawn(page)
    assert internal_values(page.locator("#current table.trajectory")) == []
    assert page.evaluate(LAYOUT_FAULTS) == []


#: The current run's progress bar as [aria-valuenow, its words], or null when there is none.
PROGRESS_BAR = """() => {
  const bar = document.querySelector('#current .progress');
  return bar ? [bar.getAttribute('aria-valuenow'), bar.textContent] : null;
}"""


def test_run_progress_claims_no_false_percentage(site: str, page: Any) -> None:
    page.goto(f"{site}/s/{SID}/forecasts")
    page.select_option("select[name=model]", "eum")
    page.fill("input[name=draws]", "400")
    page.click("#start-run button")
    seen: list[str | None] = []
    status = page.locator("#current .run-status")
    while True:
        state = status.text_content(timeout=60_000)
        if state == "done":
            break
        # the bar's value and words read in one step: the page redraws it as the run goes
        # on, and two reads could see two different bars
        bar = page.evaluate(PROGRESS_BAR)
        if bar is not None:
            now, words = bar
            seen.append(now)
            # queued or running with no progress reported yet: no percentage at all, and the
            # bar says which
            if now is None:
                assert re.search(r"\b(queued|running)\b", words), words
                assert not re.search(r"\d\s*%", words), words
        page.wait_for_timeout(100)
    assert seen, "the run was never seen running"
    assert "0" not in seen, seen


# --- fits at 1280 px, every chart draws ----------------------------------------------------
@pytest.mark.parametrize("tail", ["", "/space", "/forecasts", "/conflict"])
def test_tables_fit_and_charts_draw(site: str, page: Any, tail: str) -> None:
    for sid in (SID, UAW):
        page.goto(f"{site}/s/{sid}{tail}")
        if tail == "/forecasts":  # with a Monte Carlo run's results shown
            run_to_end(page, site, sid, model="compromise", single=False, draws=200)
        all_charts_drawn(page)
        assert page.evaluate(LAYOUT_FAULTS) == [], (sid, tail)


# --- the briefing first, its futures after --------------------------------------------------
def test_key_judgements_come_first_and_the_futures_fragment_loads(site: str, page: Any) -> None:
    first = page.goto(f"{site}/s/{SID}")
    assert first is not None and first.ok
    # the first paint has a placeholder where the futures will go (they take seconds)
    assert '<p class="computing">computing the futures' in first.text()
    heads = page.locator("main h2").all_inner_texts()
    assert heads[:2] == ["Bottom line", "Key judgements"], heads
    judgements = page.locator("#briefing ol.judgements > li")
    assert judgements.count() >= 5
    # first on the screen too: above the actors and the scorecard
    briefing = page.locator("#briefing").bounding_box()
    actors = page.locator("main h2", has_text="Actors").bounding_box()
    assert briefing is not None and actors is not None and briefing["y"] < actors["y"]
    # each judgement says how likely, how confident and where its evidence is: a page of
    # this scenario (one of the header's) or the section below
    nav = set(page.locator("header nav a").evaluate_all("els => els.map(a => a.href)"))
    for k in range(judgements.count()):
        item = judgements.nth(k)
        expect(item.locator(".confidence")).to_contain_text("confidence")
        href = item.locator("a.evidence").evaluate("a => a.href")
        assert href in nav or href.endswith("#commitments"), href
    expect(page.locator("#commitments")).to_have_count(1)
    # the futures swap in by themselves: a table of futures, each with its chances
    rows = page.locator("#futures table.futures tr[data-key]")
    expect(rows.first).to_be_visible(timeout=240_000)
    expect(page.locator("#futures .computing")).to_have_count(0)
    assert rows.count() >= 3
    for k in range(rows.count()):
        assert re.search(r"\d+\.\d% \(95% interval", rows.nth(k).inner_text())
    expect(page.locator("#futures ul.indicators li").first).to_be_visible()
    assert page.evaluate(LAYOUT_FAULTS) == []


# --- verdicts and the agreement space ------------------------------------------------------
def test_maybe_verdicts_name_the_open_points_they_need(site: str, page: Any) -> None:
    page.goto(f"{site}/s/{UAW}/drafts")
    rows = page.locator("#verdicts tr", has=page.locator("td.accepted.maybe"))
    assert rows.count() > 0
    for k in range(rows.count()):
        amendment = rows.nth(k).locator("td").last.inner_text()
        assert amendment != "none needed", rows.nth(k).inner_text()
        assert "open points" in amendment, amendment


def test_agreement_space_shows_the_estimated_zopa_share(site: str, page: Any) -> None:
    page.goto(f"{site}/s/{OPEN}/space")
    expect(page.locator("main")).to_contain_text("ZOPA share is estimated")
    share = page.locator("#zopa-size")
    expect(share).to_contain_text(re.compile(r"of \d{1,3}(,\d{3})+ outcomes"))
    assert re.search(r"about \d+\.\d+% ", share.inner_text())


# --- the stance editor ---------------------------------------------------------------------
def stance_form(page: Any, actor: str, issue: str) -> Any:
    return page.locator(f"tr.stance[data-actor={actor}][data-issue={issue}]")


def test_stance_headers_line_up_with_their_inputs(site: str, page: Any) -> None:
    page.goto(f"{site}/s/{EDITED}/edit")
    table = page.locator("table.stances")
    row = table.locator("tr.stance").first
    for k, name in enumerate(("position", "salience", "red_line")):
        head = table.locator("th").nth(2 + k).bounding_box()
        field = row.locator(f"[name={name}]").bounding_box()
        assert head and field
        middle = field["x"] + field["width"] / 2
        assert head["x"] <= middle <= head["x"] + head["width"], (name, head, field)


def test_stance_error_names_actor_issue_and_field_once(site: str, page: Any) -> None:
    page.goto(f"{site}/s/{SID}/edit")
    row = stance_form(page, "ukraine", "army_cap")
    row.locator("input[name=red_line]").fill("5000000")
    row.locator("button").click()
    status = row.locator(".status")
    expect(status.locator(".error")).to_be_visible()
    text = status.inner_text()
    assert "line " not in text and "stances[" not in text, text
    assert "Ukraine" in text and "Cap on Ukraine's armed forces" in text and "red line" in text
    assert text.count("is not valid") == 1, text
    assert "1,000,000 troops" in text, text


def test_saving_an_unchanged_stance_makes_no_version(site: str, page: Any) -> None:
    page.goto(f"{site}/s/{EDITED}/edit")
    before = httpx2.get(f"{site}/api/scenarios/{EDITED}/versions").json()
    row = page.locator("tr.stance").first
    row.locator("button").click()
    expect(row.locator(".status")).to_contain_text("unchanged")
    assert httpx2.get(f"{site}/api/scenarios/{EDITED}/versions").json() == before


def test_kept_edit_shows_the_change_not_the_whole_file(site: str, page: Any) -> None:
    page.goto(f"{site}/s/{EDITED}/edit")
    row = page.locator("tr.stance").first
    latest = httpx2.get(f"{site}/api/scenarios/{EDITED}").json()["version"]["number"]
    # someone else saves first: this page's save is kept aside
    text = httpx2.get(f"{site}/api/scenarios/{EDITED}/yaml").text + "\n# elsewhere\n"
    r = httpx2.post(
        f"{site}/api/scenarios/{EDITED}/versions",
        json={"text": text, "base": latest, "author": "other"},
    )
    assert r.status_code == 201, r.text
    salience = row.locator("input[name=salience]")
    salience.fill("0.05" if salience.input_value() != "0.05" else "0.1")
    row.locator("button").click()
    link = row.locator(".conflict a")
    expect(link).to_be_visible()
    link.click()
    shown = page.locator("pre.diff").inner_text()
    changed = [ln for ln in shown.splitlines() if ln.startswith(("+", "-"))]
    assert 2 <= len(changed) <= 6, shown
    assert any("salience" in ln for ln in changed), changed
    assert len(shown.splitlines()) < 40


def test_a_second_copy_of_a_built_in_gets_a_free_id(site: str, page: Any) -> None:
    page.goto(f"{site}/")
    page.select_option("select[name=name]", UAW)
    page.click("form#create-builtin button")
    proposal = page.locator("#copy-builtin input[name=new_id]")
    expect(proposal).to_have_value(f"{UAW}-2")
    page.click("#copy-builtin button")
    expect(page).to_have_url(re.compile(f"/s/{UAW}-2$"))
    assert httpx2.get(f"{site}/api/scenarios/{UAW}-2").json()["scenario"]["id"] == f"{UAW}-2"


def test_timestamps_show_minutes(site: str, page: Any) -> None:
    for path in ("/", f"/s/{SID}/versions"):
        page.goto(f"{site}{path}")
        text = page.locator("main").inner_text()
        assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d\b", text), text
        assert not re.search(r"\d\d:\d\d:\d\d", text), text


def test_a_server_that_went_down_is_said_so(tmp_path: Path, chromium: Any) -> None:
    port = free_port()
    proc = start_server(f"sqlite:///{tmp_path / 'down.db'}", port)
    base = f"http://127.0.0.1:{port}"
    context = chromium.new_context(viewport={"width": WIDTH, "height": 900})
    try:
        create(base, EDITED)
        page = context.new_page()
        page.goto(f"{base}/s/{EDITED}/forecasts")
        page.select_option("select[name=model]", "eum")
        page.fill("input[name=draws]", "100000")
        page.click("#start-run button")
        expect(page.locator("#current .run-status")).to_have_text(re.compile("queued|running"))
        editor = context.new_page()
        editor.goto(f"{base}/s/{EDITED}/edit")
        proc.kill()
        proc.wait()
        # the run no longer says "running", and says why
        expect(page.locator("#current")).to_contain_text("cannot reach the server")
        expect(page.locator("#current .run-status")).not_to_have_text(re.compile("running"))
        row = editor.locator("tr.stance").first
        row.locator("button").click()
        expect(row.locator(".status")).to_contain_text("cannot reach the server")
    finally:
        context.close()
        proc.kill()
        proc.wait()
