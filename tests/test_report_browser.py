"""The HTML report in a real browser: every chart draws, nothing is fetched, nothing errs.

Uses the system Chromium through Playwright (Playwright's own browser download is never
needed). Leaves a full-page screenshot in ``artifacts/report-screenshot.png`` to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

from accord.report._common import chart_slugs
from accord.report.document import Report
from accord.report.pdf import CHROMIUM_FLAGS, ChromiumNotFoundError, find_chromium
from accord.report.write import write_report
from report_sample import PAYLOAD, sample_report

REPO = Path(__file__).resolve().parents[1]
SCREENSHOT = REPO / "artifacts" / "report-screenshot.png"
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def _chromium() -> Path | None:
    try:
        return find_chromium()
    except ChromiumNotFoundError:
        return None


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium found (install Debian's `chromium` or set ACCORD_CHROMIUM)",
)

ALL_CHARTS_DRAWN = """(count) => {
    const plots = Array.from(document.querySelectorAll('.chart-plot'));
    return plots.length === count && plots.every(
        (el) => el.classList.contains('chart-table') ? el.querySelector('td') !== null
            : el.classList.contains('js-plotly-plot') && el.data && el.data.length > 0
            && el.querySelector('svg.main-svg') !== null
    );
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    # --headless is Playwright's own switch; the rest match the PDF printer's flags.
    args = [flag for flag in CHROMIUM_FLAGS if flag != "--headless"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True)
        yield browser
        browser.close()


class _Watch:
    """Everything the page said or asked for while loading."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.errors.append(f"pageerror: {err}"))
        page.on("request", self._request)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)


def _open(browser: Browser, report: Report, path: Path) -> tuple[Page, _Watch]:
    write_report(report, path)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    watch = _Watch(page)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function(ALL_CHARTS_DRAWN, arg=len(report.charts()), timeout=30_000)
    return page, watch


def test_report_draws_every_chart_offline(browser: Browser, tmp_path: Path) -> None:
    report = sample_report()
    page, watch = _open(browser, report, tmp_path / "brief.html")
    try:
        for chart, slug in zip(report.charts(), chart_slugs(report), strict=True):
            if chart.heatmap is not None:  # an HTML table
                assert page.locator(f"#chart-{slug} td").count() > 0
                continue
            traces = page.evaluate(f"document.getElementById('chart-{slug}').data.length")
            assert traces > 0, slug
            box = page.locator(f"#chart-{slug} svg.main-svg").first.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] >= 150
        ready = page.get_attribute("html", "data-charts-ready")
        assert ready == str(len(report.charts()))
        assert watch.errors == []
        remote = [u for u in watch.requests if not u.startswith(LOCAL_SCHEMES)]
        assert remote == [], f"the report fetched {remote}"
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        assert SCREENSHOT.stat().st_size > 50_000
    finally:
        page.close()


def test_the_ukraine_briefing_draws_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    """The built-in scenario's real report (what `make demo` writes), not just the sample."""
    from accord.io import load_builtin
    from accord.report import build_report

    report = build_report(load_builtin("ukraine-2025"), draws=50)
    page, watch = _open(browser, report, tmp_path / "ukraine.html")
    try:
        chart = next(c for c in report.charts() if c.id == "drafts-scorecard")
        assert chart.heatmap is not None
        # the scorecard is an HTML table: a cell per actor and draft (and BATNA), its text
        cells = page.evaluate(
            "Array.from(document.querySelectorAll('#chart-drafts-scorecard tbody tr'))"
            ".map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.innerText))"
        )
        assert chart.heatmap.text is not None
        assert cells == [list(row) for row in chart.heatmap.text]
        assert watch.errors == []
        remote = [u for u in watch.requests if not u.startswith(LOCAL_SCHEMES)]
        assert remote == [], f"the report fetched {remote}"
        shot = SCREENSHOT.with_name("ukraine-report.png")
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 100_000
    finally:
        page.close()


def test_hostile_text_stays_text_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    report = sample_report(PAYLOAD)
    page, watch = _open(browser, report, tmp_path / "hostile.html")
    try:
        assert watch.dialogs == [], "a scenario string ran as script"
        assert watch.errors == []
        assert page.title() == report.title
        heading = page.locator("h1").inner_text()
        assert heading == report.title
        # Plotly shows the names literally too (it decodes our entities, runs no markup).
        legend = page.locator("#chart-forecast-script-alert-1-script .legendtext").first
        assert PAYLOAD in legend.text_content()
    finally:
        page.close()


def test_print_hides_interactive_chrome(browser: Browser, tmp_path: Path) -> None:
    report = sample_report()
    page, _ = _open(browser, report, tmp_path / "brief.html")
    try:
        page.emulate_media(media="print")
        visible = page.evaluate(
            "Array.from(document.querySelectorAll('.modebar-container'))"
            ".filter((el) => getComputedStyle(el).display !== 'none').length"
        )
        assert visible == 0
        breaks = page.evaluate(
            "Array.from(document.querySelectorAll('section.section'))"
            ".map((el) => getComputedStyle(el).breakBefore)"
        )
        # sections run on: a page per section left half-empty pages
        assert all(b != "page" for b in breaks)
        # Printing redraws the charts at paper width, and closing the dialog restores them.
        widths = (
            "Array.from(document.querySelectorAll('.chart-plot .main-svg'))"
            ".map((svg) => svg.width.baseVal.value)"
        )
        page.emulate_media(media="screen")
        screen = page.evaluate(widths)
        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        page.wait_for_function(f"{widths}.every((w) => w === 680)")
        page.emulate_media(media="screen")
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        page.wait_for_function(f"{widths}.every((w, i) => w === {json.dumps(screen)}[i])")
    finally:
        page.close()
