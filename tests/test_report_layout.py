"""The Ukraine briefing as a reader gets it: its size, its printed length, and its layout in
a real browser (Debian's Chromium through Playwright, as tests/test_report_browser.py).

Nothing here pins a Ukraine figure (the scenario's data moves): the checks are properties
of the page (sizes, pages, element boxes, links) that any correct report must have.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from accord.report.document import Report
from accord.report.pdf import CHROMIUM_FLAGS, ChromiumNotFoundError, find_chromium, html_to_pdf
from accord.report.write import write_report

#: The targets of a briefing a minister's office can mail and print.
MAX_BYTES = 1_500_000
MAX_PAGES = 15  # A4, pages strictly fewer than this
WIDTH = 1280  # a laptop's browser window, CSS px


def _chromium() -> Path | None:
    try:
        return find_chromium()
    except ChromiumNotFoundError:
        return None


CHROMIUM = _chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium found (install Debian's `chromium` or set ACCORD_CHROMIUM)",
)


@pytest.fixture(scope="module")
def ukraine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path]:
    from accord.io import load_builtin
    from accord.report import build_report

    # fewer draws than the default keep the test quick; the layout does not depend on them
    report = build_report(load_builtin("ukraine-2025"), draws=100, seed=0)
    path = tmp_path_factory.mktemp("layout") / "ukraine.html"
    write_report(report, path)
    return report, path


def pdf_pages(data: bytes) -> int:
    """Pages of a PDF, counted as its page objects (Chromium writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def test_page_counter_counts_pages_not_the_page_tree() -> None:
    fake = b"<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page /Parent 1 0 R >>"
    assert pdf_pages(fake) == 2


def test_the_briefing_is_small_enough_to_mail(ukraine: tuple[Report, Path]) -> None:
    _, path = ukraine
    size = path.stat().st_size
    assert size < MAX_BYTES, f"{size:,} bytes"


@needs_chromium
def test_the_briefing_prints_on_fewer_than_15_a4_pages(
    ukraine: tuple[Report, Path], tmp_path: Path
) -> None:
    report, path = ukraine
    out = html_to_pdf(path.read_text("utf-8"), tmp_path / "b.pdf", charts=len(report.charts()))
    data = out.read_bytes()
    pages = pdf_pages(data)
    assert 1 < pages < MAX_PAGES, f"{pages} pages"
    # A4 portrait: 595.28 x 841.89 points (Chromium writes it rounded through CSS pixels,
    # e.g. 594.96 x 841.92): every page within a point of it
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes
    for w, h in boxes:
        assert abs(float(w) - 595.28) < 1 and abs(float(h) - 841.89) < 1, (w, h)


@pytest.fixture(scope="module")
def page(ukraine: tuple[Report, Path]) -> Iterator[Page]:
    if CHROMIUM is None:
        pytest.skip("no Chromium found")
    report, path = ukraine
    args = [flag for flag in CHROMIUM_FLAGS if flag != "--headless"]
    with sync_playwright() as p:
        browser: Browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=args, headless=True
        )
        pg = browser.new_page(viewport={"width": WIDTH, "height": 900})
        errors: list[str] = []
        pg.on("pageerror", lambda err: errors.append(str(err)))
        pg.goto(path.as_uri(), wait_until="load")
        pg.wait_for_function(
            f"() => Number(document.documentElement.getAttribute('data-charts-ready'))"
            f" === {len(report.charts())}",
            timeout=60_000,
        )
        assert errors == []
        yield pg
        browser.close()


@needs_chromium
def test_key_judgements_come_first(page: Page) -> None:
    # the first section of the body is the briefing, and it holds the key judgements
    first = page.evaluate("document.querySelector('main section').id")
    assert first == "sec-briefing", first
    text = page.evaluate("document.querySelector('main section').innerText")
    assert "Key judgements" in text
    assert text.index("Key judgements") < len(text) // 2, "key judgements sit low in the section"


@needs_chromium
def test_every_chart_draws(page: Page, ukraine: tuple[Report, Path]) -> None:
    report, _ = ukraine
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll('.chart-plot')).map((el) =>
            el.classList.contains('chart-table')
                ? el.querySelectorAll('td').length
                : (el.data ? el.data.length : 0) * (el.querySelector('svg.main-svg') ? 1 : 0))"""
    )
    assert len(drawn) == len(report.charts())
    assert all(n > 0 for n in drawn), drawn


@needs_chromium
def test_no_table_overflows_its_column(page: Page) -> None:
    wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('main table')).filter((t) => {
            const col = t.closest('section') || document.querySelector('main');
            const box = t.getBoundingClientRect(), room = col.getBoundingClientRect();
            return box.right > room.right + 1 || t.scrollWidth > t.clientWidth + 1;
        }).map((t) => (t.caption ? t.caption.textContent : t.className).slice(0, 80))"""
    )
    assert wide == []


@needs_chromium
def test_no_text_is_clipped(page: Page) -> None:
    # HTML text: no cell, paragraph or caption whose content is wider than its box
    clipped = page.evaluate(
        """() => Array.from(document.querySelectorAll(
                'main td, main th, main p, main li, main caption, figcaption, dd, dt, h2, h3'))
            .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
            .map((el) => el.textContent.trim().slice(0, 60))"""
    )
    assert clipped == []
    # chart text (axis titles, tick labels, point labels) inside its figure's box
    outside = page.evaluate(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap((plot) => {
            const box = plot.querySelector('svg.main-svg').getBoundingClientRect();
            return Array.from(plot.querySelectorAll('text')).filter((t) => {
                const r = t.getBoundingClientRect();
                if (r.width === 0 || !t.textContent.trim()) return false;
                return r.left < box.left - 1 || r.right > box.right + 1
                    || r.top < box.top - 1 || r.bottom > box.bottom + 1;
            }).map((t) => plot.id + ': ' + t.textContent.slice(0, 40));
        })"""
    )
    assert outside == []


@needs_chromium
def test_bargaining_solution_labels_do_not_overlap(
    page: Page, ukraine: tuple[Report, Path]
) -> None:
    report, _ = ukraine
    frontier = next(c for c in report.charts() if c.id == "space-frontier")
    names = [t for s in frontier.series if s.label_points for t in s.text or ()]
    # point labels (drafts, bargaining solutions) and reference lines' labels (BATNAs):
    # whether drawn as Plotly's point text or as annotations placed apart
    boxes = page.evaluate(
        """() => {
            const plot = document.getElementById('chart-space-frontier');
            if (!plot) return [];
            const texts = plot.querySelectorAll('.textpoint text, .annotation-text');
            return Array.from(texts).map((t) => {
                const r = t.getBoundingClientRect();
                return [r.left, r.top, r.right, r.bottom, t.textContent];
            }).filter((b) => b[2] > b[0]);
        }"""
    )
    assert names and set(names) <= {b[4] for b in boxes}  # every label is drawn
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, f"{a[4]!r} overprints {b[4]!r}"


@needs_chromium
def test_every_glossary_link_resolves_to_an_entry(page: Page) -> None:
    links = page.evaluate(
        """() => Array.from(document.querySelectorAll('a.gloss')).map((a) => {
            const id = a.getAttribute('href').slice(1);
            const target = document.getElementById(id);
            return [id, target !== null && target.closest('dl.glossary') !== null];
        })"""
    )
    assert links, "no term is linked to the glossary"
    assert [i for i, ok in links if not ok] == []
    # each term is linked once, at its first use
    ids = [i for i, _ in links]
    assert len(ids) == len(set(ids))
    # every term the report uses is explained: BATNA and ZOPA at least, on this scenario
    entries = page.evaluate(
        "Array.from(document.querySelectorAll('dl.glossary dt')).map((d) => d.textContent)"
    )
    assert {"BATNA", "ZOPA"} <= set(entries)
