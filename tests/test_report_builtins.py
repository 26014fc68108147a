"""A report for every built-in scenario in every format (PDF where a Chromium exists)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from accord.io import builtin_names, load_builtin
from accord.report import build_report
from accord.report.pdf import find_chromium
from accord.report.write import write_report

FORMATS = ["html", "md", "pdf"]


class _Links(HTMLParser):
    """Every resource a page loads: script, style, image and frame sources. (Links a reader
    may follow, like a cited article's address, load nothing.)"""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "img", "iframe", "link", "source", "embed", "object"):
            self.links += [v for k, v in attrs if k in ("src", "href", "data") and v]


@pytest.fixture(scope="module", params=builtin_names())
def report(request: pytest.FixtureRequest):
    return build_report(load_builtin(request.param), draws=50, seed=1)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_builtin_in_every_format(report, fmt: str, tmp_path: Path) -> None:
    if fmt == "pdf" and find_chromium() is None:
        pytest.skip("no Chromium on this machine (CI installs Debian's chromium)")
    path = tmp_path / f"report.{fmt}"
    written = write_report(report, path)
    assert written[0] == path and path.stat().st_size > 2000
    if fmt == "html":
        text = path.read_text("utf-8")
        parser = _Links()
        parser.feed(text)
        outside = [link for link in parser.links if re.match(r"(https?:)?//", link)]
        assert not outside, f"the HTML must reference nothing outside itself: {outside[:3]}"
        for section in report.sections:
            assert section.title in text
    elif fmt == "md":
        text = path.read_text("utf-8")
        pngs = re.findall(r"\]\(([^)]+\.png)\)", text)
        assert len(pngs) == len(report.charts())
        for png in pngs:
            assert (tmp_path / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        assert path.read_bytes()[:5] == b"%PDF-"
