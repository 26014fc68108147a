"""``accord report`` and the briefing ``accord demo`` writes, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import accord


def test_demo_writes_the_ukraine_briefing_and_prints_its_path(tmp_path: Path) -> None:
    out = accord("demo", cwd=str(tmp_path)).stdout
    report = tmp_path / "reports" / "ukraine-2025.html"
    assert report.is_file()
    assert f"The full briefing: {report.resolve()}" in " ".join(out.split())
    text = report.read_text("utf-8")
    assert "Ending the war in Ukraine" in text
    assert "Plotly.newPlot" in text or "js-plotly-plot" in text


def test_demo_json_names_the_report(tmp_path: Path) -> None:
    data = json.loads(accord("demo", "--json", "--report", "brief.md", cwd=str(tmp_path)).stdout)
    assert data["report"] == "brief.md"
    assert (tmp_path / "brief.md").is_file()


def test_report_command_writes_each_format(tmp_path: Path) -> None:
    for name in ("uaw.html", "uaw.md"):
        out = accord("report", "uaw-detroit-2023", "-o", str(tmp_path / name), "--draws", "50")
        assert f"report: {tmp_path / name}" in " ".join(out.stdout.split())
        assert (tmp_path / name).stat().st_size > 1000
    assert list((tmp_path).glob("uaw_files/*.png")), "Markdown charts are PNG files beside it"


def test_report_command_with_levers_and_as_of(tmp_path: Path) -> None:
    path = tmp_path / "then.html"
    accord(
        "report", "ukraine-2025", "-o", str(path), "--as-of", "2025-12-02",
        "--set", "sanctions=2", "--draws", "50",
    )  # fmt: skip
    text = path.read_text("utf-8")
    assert "2025-12-02" in text and "sanctions" in text


def test_report_command_refuses_bad_input_clearly(tmp_path: Path) -> None:
    bad_ext = accord("report", "ukraine-2025", "-o", str(tmp_path / "x.docx"), check=2)
    assert ".html" in bad_ext.stderr and ".md" in bad_ext.stderr and ".pdf" in bad_ext.stderr
    assert not (tmp_path / "x.docx").exists()
    bad_lever = accord(
        "report", "ukraine-2025", "-o", str(tmp_path / "x.html"), "--set", "sanction=1", check=2
    )
    assert "did you mean 'sanctions'" in bad_lever.stderr
    bad_conflict = accord(
        "report", "ukraine-2025", "-o", str(tmp_path / "x.html"), "--conflict", "elmra", check=2
    )
    assert "elmira" in bad_conflict.stderr
    assert not (tmp_path / "x.html").exists()
