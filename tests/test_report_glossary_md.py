"""The glossary appendix in the Markdown rendering: every term the report uses, with the
anchor the HTML gives it."""

from __future__ import annotations

from accord.io import load_builtin
from accord.report.build import build_report
from accord.report.document import Glossary
from accord.report.glossary import TERMS
from accord.report.markdown import render_markdown


def test_markdown_lists_every_glossary_entry_with_its_anchor() -> None:
    report = build_report(load_builtin("ukraine-2025"), draws=20)
    glossary = [b for s in report.sections for b in s.blocks if isinstance(b, Glossary)]
    assert len(glossary) == 1 and glossary[0].entries
    text = render_markdown(report, "x_files", draw=lambda c, col: b"png").text
    section = text.split("Glossary", 2)[-1]
    anchors = {t.term: t.anchor for t in TERMS}
    for term, _ in glossary[0].entries:
        shown = term.replace("(", "\\(").replace(")", "\\)")  # Markdown-escaped
        assert f'<a id="{anchors[term]}"></a>**{shown}**: ' in section
    # the terms BATNA and ZOPA are used in the Ukraine report and explained
    terms = {t for t, _ in glossary[0].entries}
    assert {"BATNA", "ZOPA"} <= terms
