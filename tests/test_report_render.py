"""The report renderers: HTML (self-contained, escaped), Markdown + PNG, PDF, atomic writes."""

from __future__ import annotations

import json
import os
import re
import struct
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from accord.report import markdown as markdown_module
from accord.report import pdf as pdf_module
from accord.report import write as write_module
from accord.report._common import chart_slugs, series_colours, unique_slugs
from accord.report.document import Chart, Report, Section, Series
from accord.report.html import render_html
from accord.report.markdown import escape, render_markdown
from accord.report.pdf import (
    ChromiumNotFoundError,
    PdfRenderError,
    find_chromium,
    require_chromium,
)
from accord.report.plotly_charts import figure
from accord.report.png_charts import png_bytes
from accord.report.write import UnsupportedFormatError, write_report
from report_sample import PAYLOAD, sample_report

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class _Page(HTMLParser):
    """Collects what the tests look at: tags with attributes, script bodies, visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        elif not self._style:
            self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


@pytest.fixture(scope="module")
def hostile() -> Report:
    return sample_report(PAYLOAD)


@pytest.fixture(scope="module")
def page(report: Report) -> str:
    return render_html(report)


@pytest.fixture(scope="module")
def hostile_page(hostile: Report) -> str:
    return render_html(hostile)


def _chart_data(parsed: _Page) -> dict[str, dict]:
    return {
        str(attrs["data-target"]): json.loads(body)
        for attrs, body in parsed.scripts
        if attrs.get("type") == "application/json"
    }


# --- HTML -----------------------------------------------------------------------------------


def test_html_references_nothing_outside_itself(page: str) -> None:
    parsed = _parse(page)
    external = re.compile(r"^\s*(https?:|//)", re.IGNORECASE)
    for tag, attrs in parsed.tags:
        for attr in ("src", "href", "data", "poster", "srcset"):
            value = attrs.get(attr)
            if tag in ("script", "link", "img", "iframe", "embed", "object", "source", "video"):
                assert value is None or not external.match(value), f"<{tag} {attr}={value}>"
    assert not [a for t, a in parsed.tags if t == "script" and a.get("src")]
    assert not [t for t, _ in parsed.tags if t == "link"], "styles must be inline"
    # The page also forbids itself from fetching anything.
    csp = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv")]
    assert csp and "default-src 'none'" in str(csp[0]["content"])


def test_html_embeds_plotly_once_and_a_plot_per_chart(report: Report, page: str) -> None:
    import base64
    import gzip

    parsed = _parse(page)
    # plotly.js once, gzipped and base64-encoded; unpacked, it is the basic bundle
    bundles = [body for _, body in parsed.scripts if len(body) > 300_000]
    assert len(bundles) == 1
    code = gzip.decompress(base64.b64decode(bundles[0].strip())).decode()
    assert "plotly.js (basic" in code[:200] and len(code) > 1_000_000
    assert page.count("plotly.js") < 5  # the bundle is not inlined a second time in clear
    data = _chart_data(parsed)
    div_ids = {
        a.get("id") for t, a in parsed.tags if t == "div" and "chart-plot" in (a.get("class") or "")
    }
    assert len(report.charts()) == 5
    for chart, slug in zip(report.charts(), chart_slugs(report), strict=True):
        target = f"chart-{slug}"
        assert target in div_ids
        if chart.heatmap is not None:  # drawn as an HTML table, not a Plotly figure
            assert target not in data
            continue
        assert data[target]["data"], f"{target} has no traces"
        assert data[target]["layout"]["height"] > 0


def test_html_layout_summary_first_toc_sources_and_provenance(report: Report, page: str) -> None:
    parsed = _parse(page)
    sections = [a["id"] for t, a in parsed.tags if t == "section"]
    assert sections[0] == "sec-summary"
    toc = [a["href"] for t, a in parsed.tags if t == "a" and (a.get("href") or "").startswith("#")]
    assert toc == [f"#{s}" for s in sections]
    classes = " ".join(str(a.get("class")) for _, a in parsed.tags)
    assert "callout finding" in classes and "callout caveat" in classes
    text = " ".join(" ".join(parsed.text).split())
    assert "Ukraine ceasefire talks" in text and "as of 2025-12-03" in text
    assert "reliability B2" in text and "Reuters" in text
    assert "seed 42" in text  # provenance footer
    assert "—" in text  # an empty cell is a dash, not "None"
    assert "0.61" in text and "0.61234" not in text  # Table.digits
    # A javascript: source URL is shown as text, never made a link.
    assert not [a for t, a in parsed.tags if t == "a" and "javascript" in (a.get("href") or "")]
    assert [a for t, a in parsed.tags if t == "a" and a.get("href") == report.sources[0].url]


def test_html_escapes_every_user_string(hostile: Report, hostile_page: str) -> None:
    assert PAYLOAD not in hostile_page
    parsed = _parse(hostile_page)
    # Only our scripts: the plotly bundle, the start-up script and one JSON block per chart
    # (heat maps are HTML tables: no script).
    plotted = [c for c in hostile.charts() if c.heatmap is None]
    assert len(parsed.scripts) == 2 + len(plotted)
    visible = "".join(parsed.text)
    # Shown to the reader as the literal text it is, in many places.
    assert visible.count(PAYLOAD) >= 30
    for _, attrs in parsed.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler attribute {name}"
            assert value is None or "<script" not in value or name == "aria-label"
    # Inside the figures' JSON the text stays inert for Plotly too (it renders a subset of HTML).
    for fig in _chart_data(parsed).values():
        assert "<script" not in json.dumps(fig, ensure_ascii=False).replace("\\u003c", "<")


def test_plotly_figures_cover_every_chart_feature(report: Report) -> None:
    colours = series_colours(report.charts())
    forecast, by_actor = (c for c in report.charts() if c.series)
    fig = figure(forecast, colours)
    fills = [t for t in fig.data if getattr(t, "fill", None) == "tonexty"]
    assert len(fills) == 1  # the band
    dashed = [t for t in fig.data if t.line and t.line.dash == "dash"]
    assert [t.name for t in dashed] == ["Russia"]
    drafts = next(t for t in fig.data if t.name == "Drafts")
    assert drafts.error_y.array == pytest.approx((0.1, 0.15))
    assert drafts.error_y.arrayminus == pytest.approx((0.1, 0.1))
    # the drafts' names are drawn, as annotations placed apart (accord.report.labels)
    assert drafts.text and set(drafts.text) <= {a.text for a in fig.layout.annotations}
    assert len(fig.layout.shapes) == 2 and len(fig.layout.annotations) >= 2
    assert fig.layout.yaxis.range == (0, 1)
    # A party keeps its colour from chart to chart.
    ukraine = next(t for t in fig.data if t.name == "Ukraine")
    other = next(t for t in figure(by_actor, colours).data if t.name == "Ukraine")
    assert ukraine.line.color == other.marker.color == colours["Ukraine"]

    heat = next(c for c in report.charts() if c.heatmap)
    trace = figure(heat).data[0]
    assert (trace.zmin, trace.zmax) == (0.0, 1.0)
    assert trace.text[0][1] == "0.90 †"
    tornado = next(c for c in report.charts() if c.bars and c.bars.base is not None)
    bars = figure(tornado).data
    assert len(bars) == 2 and all(b.orientation == "h" and b.base == 0.52 for b in bars)


def test_long_heatmap_labels_wrap_rather_than_shrink() -> None:
    from accord.report.document import Heatmap
    from accord.report.plotly_charts import READABLE_CELL_FONT

    def trace(label: str, columns: int):  # type: ignore[no-untyped-def]
        cols = tuple(f"draft {k}" for k in range(columns))
        heat = Heatmap(x=cols, y=("Russia", "Ukraine"), z=((0.3,) * columns,) * 2,
                       text=((label,) * columns,) * 2)  # fmt: skip
        return figure(Chart(id="h", title="t", heatmap=heat)).data[0]

    few = trace("0.24–0.30 ✗3", 3)  # room enough: one line
    assert few.text[0][0] == "0.24–0.30 ✗3" and few.textfont.size >= READABLE_CELL_FONT
    many = trace("0.24–0.30 ✗3", 8)  # one line would need a tiny font: two lines instead
    assert many.text[0][0] == "0.24–0.30<br>✗3"
    assert many.textfont.size > trace("0.24–0.30_✗3", 8).textfont.size  # no space: no wrap


def test_chart_ids_become_safe_unique_names() -> None:
    assert unique_slugs(['a"b', "a b", "A-B", ""], "chart") == ["a-b", "a-b-2", "a-b-3", "chart"]


# --- PNG and Markdown -----------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])
    return width, height


CHART_KINDS = ["heatmap", "band+markers", "categorical", "tornado", "range"]  # sample order


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_png_chart_of_every_kind(report: Report, kind: str) -> None:
    chart = report.charts()[CHART_KINDS.index(kind)]
    data = png_bytes(chart, series_colours(report.charts()))
    width, height = _png_size(data)
    assert width >= 1000 and height >= 300


def test_png_takes_dollar_signs_and_markup_literally() -> None:
    chart = Chart(
        id="x",
        title="$5bn $ cost <b>",
        series=(Series("a_$1$", x=(1, 2), y=(1, 2), text=("$x$", "$y"), label_points=True),),
    )
    _png_size(png_bytes(chart))


def test_markdown_links_every_png_and_each_is_a_drawn_image(report: Report, tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    written = write_report(report, target)
    text = target.read_text()
    folder = tmp_path / "brief_files"
    assert written == [target, *(folder / f"{s}.png" for s in chart_slugs(report))]
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert links == [f"brief_files/{s}.png" for s in chart_slugs(report)]
    for link in links:
        image_path = tmp_path / link
        data = image_path.read_bytes()
        _png_size(data)
        assert len(data) > 5_000
        pixels = imread(image_path)
        assert pixels.std() > 0.05  # not a blank canvas
        assert (np.asarray(pixels)[..., :3] < 0.5).mean() > 0.001  # some dark ink


def test_markdown_escapes_text_and_keeps_tables_intact(hostile: Report) -> None:
    rendered = render_markdown(hostile, "x_files", draw=lambda chart, colours: b"png")
    text = rendered.text
    assert PAYLOAD not in text
    assert "\\<script\\>alert\\(1\\)\\</script\\>" in text
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len(table) == 2 + 4
    for line in table:
        assert len(re.findall(r"(?<!\\)\|", line)) == 4 + 1, line
    plain = render_markdown(sample_report(), "x_files", draw=lambda c, cols: b"png").text
    assert "a\\|b" in plain and "pipe \\| in \\| cell" in plain
    assert "- \\# not a heading" in plain and "- 1\\. not a numbered list" in plain
    assert "> **Finding:** The zone" in plain and "> *Caveat:* Two" in plain
    assert "| 0.61 |" in plain and "0.61234" not in plain  # digits, and no "0\\.61" in cells
    assert "<https://example.org/a?x=1&y=2>" in plain and "(javascript" not in plain


def test_markdown_escape_line_starts() -> None:
    assert escape("- x") == "\\- x"
    assert escape("12) x") == "12\\) x"
    assert escape("> q\n= h") == "\\> q  \n\\= h"
    assert escape("a_b*c`d") == "a\\_b\\*c\\`d"


# --- Writing files --------------------------------------------------------------------------


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_write_html(report: Report, tmp_path: Path) -> None:
    target = tmp_path / "sub" / "brief.HTML"
    assert write_report(report, target) == [target]
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # not mkstemp's private mode


def test_write_is_atomic_when_the_write_fails(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.html"
    target.write_text("old report")

    def disk_full(fd: int) -> None:  # data half way to disk, then the failure
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write_module.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_report(report, target)
    assert target.read_text() == "old report"
    with pytest.raises(OSError):
        write_report(report, tmp_path / "new.html")
    assert _leftovers(tmp_path, {"brief.html"}) == []


def test_write_pdf_is_atomic_when_chromium_fails(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(html: str, out: Path, **kwargs: object) -> Path:
        out.write_bytes(b"%PDF-1.4 half")
        raise RuntimeError("chromium crashed")

    monkeypatch.setattr(write_module, "html_to_pdf", crash)
    with pytest.raises(RuntimeError, match="crashed"):
        write_report(report, tmp_path / "brief.pdf")
    assert _leftovers(tmp_path, set()) == []


def test_write_markdown_leaves_nothing_when_a_chart_fails(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def flaky(chart: Chart, colours: object = None) -> bytes:
        calls.append(chart.id)
        if len(calls) == 3:
            raise RuntimeError("matplotlib broke")
        return PNG_SIGNATURE

    monkeypatch.setattr(markdown_module, "png_bytes", flaky)
    with pytest.raises(RuntimeError, match="matplotlib broke"):
        write_report(report, tmp_path / "brief.md")
    assert _leftovers(tmp_path, set()) == []


def test_write_markdown_restores_old_charts_when_the_text_fails(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.md"
    folder = tmp_path / "brief_files"
    folder.mkdir()
    (folder / "old.png").write_bytes(b"old")
    target.write_text("old text")
    monkeypatch.setattr(markdown_module, "png_bytes", lambda chart, colours=None: PNG_SIGNATURE)

    def fail(path: Path, data: bytes) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(write_module, "atomic_write_bytes", fail)
    with pytest.raises(OSError, match="disk full"):
        write_report(report, target)
    assert target.read_text() == "old text"
    assert sorted(os.listdir(folder)) == ["old.png"]
    assert _leftovers(tmp_path, {"brief.md", "brief_files"}) == []


@pytest.mark.parametrize("name", ["brief.docx", "brief", "brief.htm"])
def test_bad_extension_is_a_clear_error(report: Report, tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsupportedFormatError) as info:
        write_report(report, tmp_path / name)
    message = str(info.value)
    assert ".html" in message and ".md" in message and ".pdf" in message
    assert list(tmp_path.iterdir()) == []


# --- PDF ------------------------------------------------------------------------------------


def _chromium() -> Path | None:
    try:
        return find_chromium()
    except ChromiumNotFoundError:
        return None


def test_accord_chromium_is_honoured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("ACCORD_CHROMIUM", str(fake))
    assert find_chromium() == fake


def test_missing_chromium_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(ChromiumNotFoundError, match="ACCORD_CHROMIUM"):
        find_chromium()
    monkeypatch.delenv("ACCORD_CHROMIUM")
    monkeypatch.setattr("accord.report.pdf.shutil.which", lambda name: None)
    with pytest.raises(ChromiumNotFoundError, match=r"apt-get install chromium.*ACCORD_CHROMIUM"):
        require_chromium()


@pytest.mark.skipif(
    _chromium() is None,
    reason="no Chromium found (install Debian's `chromium` or set ACCORD_CHROMIUM)",
)
def test_pdf_output(report: Report, tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    assert write_report(report, target) == [target]
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 20_000
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert pages >= len(report.sections)  # each section starts a new page
    assert _leftovers(tmp_path, {"brief.pdf"}) == []


def test_render_a_report_without_charts_or_sources(tmp_path: Path) -> None:
    bare = Report(title="Bare", subtitle="", sections=(Section("summary", "Summary", ()),))
    assert "Bare" in render_html(bare)
    assert write_report(bare, tmp_path / "bare.md") == [tmp_path / "bare.md"]
    assert not (tmp_path / "bare_files").exists()


def test_chromium_that_hangs_is_stopped() -> None:
    with pytest.raises(PdfRenderError, match="did not finish within"):
        pdf_module._run(["sleep", "30"], timeout=0.5)


@pytest.mark.skipif(
    _chromium() is None,
    reason="no Chromium found (install Debian's `chromium` or set ACCORD_CHROMIUM)",
)
def test_pdf_refuses_to_print_undrawn_charts(tmp_path: Path) -> None:
    page = '<!DOCTYPE html><div class="chart-plot"></div>'  # a chart that never draws
    with pytest.raises(PdfRenderError, match="0 of 1 charts"):
        pdf_module.html_to_pdf(page, tmp_path / "x.pdf", charts=1, chart_timeout=3)
