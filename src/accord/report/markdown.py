"""Render a :class:`~accord.report.document.Report` as Markdown with PNG charts beside it.

The text links each chart as ``NAME_files/<chart>.png``; the caller writes the images (see
:mod:`accord.report.write`). User text is escaped so a scenario's ``*``, ``|`` or ``<script>``
shows as typed instead of becoming emphasis, a broken table or live HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from accord.report._common import (
    chart_slugs,
    format_cell,
    heat_ends,
    is_numeric,
    safe_link,
    section_slugs,
    series_colours,
)
from accord.report.document import Bullets, Chart, Glossary, Paragraph, Report, Table
from accord.report.glossary import TERMS
from accord.report.png_charts import png_bytes

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones
# that can start markup anywhere in a line (emphasis, links, code, HTML, tables, entities).
_INLINE = re.compile(r"([\\`*_{}\[\]()<>|~&!#])")
# At the start of a line these would begin a heading, quote, list or rule.
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def escape(text: str, *, block_start: bool = True) -> str:
    """``text`` as literal Markdown: no emphasis, links, HTML, table cells or entities.

    ``block_start``: also escape what would open a heading, quote or list at a line's start
    (not needed inside a table cell, where "1." is just a number).
    """
    lines = []
    for line in text.splitlines() or [""]:
        line = _INLINE.sub(r"\\\1", line)
        if block_start:
            # "1." -> "1\." and "- x" -> "\- x": the escape goes before the marker's last char.
            line = _LINE_START.sub(
                lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], line
            )
        lines.append(line)
    return "  \n".join(lines)  # two spaces: a hard break, so the writer's line breaks stay


def escape_inline(text: str, *, block_start: bool = True) -> str:
    """Like :func:`escape` but on one line, for table cells, headings and list items."""
    return escape(" ".join(text.split()), block_start=block_start)


def _cell(text: str) -> str:
    return escape_inline(text, block_start=False)


@dataclass
class MarkdownReport:
    """The Markdown text and the PNGs it links, keyed by file name inside the assets folder."""

    text: str
    images: dict[str, bytes] = field(default_factory=dict)


def _table(table: Table) -> list[str]:
    width = len(table.columns)
    numeric = []
    for col in range(width):
        cells = [r[col] for r in table.rows if col < len(r) and r[col] is not None]
        numeric.append(bool(cells) and all(is_numeric(c) for c in cells))
    out = []
    if table.caption:
        out += [f"**{escape_inline(table.caption)}**", ""]
    out.append("| " + " | ".join(_cell(c) or " " for c in table.columns) + " |")
    out.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
    for row in table.rows:
        texts = [format_cell(row[i] if i < len(row) else None, table.digits) for i in range(width)]
        out.append("| " + " | ".join(_cell(t) for t in texts) + " |")
    return [*out, ""]


def _chart(chart: Chart, link: str) -> list[str]:
    out = [f"#### {escape_inline(chart.title)}", "", f"![{escape_inline(chart.title)}]({link})", ""]
    if chart.heatmap is not None:
        heat = chart.heatmap
        out += [
            f"*Colour: {escape_inline(heat.colorbar or 'value')}, dark = {heat.zmin:g}, "
            f"light = {heat.zmax:g}; blank cells have no value."
            + (
                " A cell cut diagonally is a range: its upper-left half is coloured by the low "
                "end, its lower-right half by the high end.*"
                if heat_ends(heat)[2].any()
                else "*"
            ),
            "",
        ]
    if chart.caption:
        out += [f"*{escape_inline(chart.caption)}*", ""]
    return out


def section_links(titles: dict[str, str]) -> Callable[[str], str]:
    """A function that links every escaped "(see Title)" naming a section of the report to
    that section's anchor (the first page's pointers to the evidence)."""
    pairs = [(f"\\(see {escape_inline(t, block_start=False)}\\)", a) for t, a in titles.items()]

    def link(text: str) -> str:
        for said, anchor in pairs:
            if said in text:
                shown = said[len("\\(see ") : -len("\\)")]
                text = text.replace(said, f"\\(see [{shown}](#sec-{anchor})\\)")
        return text

    return link


def render_markdown(
    report: Report,
    assets: str,
    *,
    draw: Callable[[Chart, dict[str, str]], bytes] | None = None,
) -> MarkdownReport:
    """The report as Markdown whose charts are PNGs in the folder ``assets`` beside it.

    ``assets`` is the folder name as the text links it (e.g. ``briefing_files``); ``draw``
    replaces the PNG renderer (tests use it to stay fast).
    """
    colours = series_colours(report.charts())
    paint = draw or (lambda chart, cols: png_bytes(chart, cols))
    slugs = {id(c): s for c, s in zip(report.charts(), chart_slugs(report), strict=True)}
    images: dict[str, bytes] = {}
    anchors = section_slugs(report)

    see = section_links({s.title: a for s, a in zip(report.sections, anchors, strict=True)})
    out = [f"# {escape_inline(report.title)}", ""]
    if report.subtitle:
        out += [f"*{escape_inline(report.subtitle)}*", ""]
    out += ["**Contents**", ""]
    for n, (section, anchor) in enumerate(zip(report.sections, anchors, strict=True), 1):
        out.append(f"{n}. [{escape_inline(section.title)}](#sec-{anchor})")
    if report.sources:
        out.append(f"{len(report.sections) + 1}. [Sources](#sources)")
    out.append("")

    for section, anchor in zip(report.sections, anchors, strict=True):
        # An explicit anchor: heading-derived ids differ between Markdown renderers.
        out += [f'<a id="sec-{anchor}"></a>', "", f"## {escape_inline(section.title)}", ""]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                if block.tone == "finding":
                    out += [f"> **Finding:** {escape(block.text)}".replace("\n", "\n> "), ""]
                elif block.tone == "caveat":
                    out += [f"> *Caveat:* {escape(block.text)}".replace("\n", "\n> "), ""]
                else:
                    out += [escape(block.text), ""]
            elif isinstance(block, Bullets):
                out += [f"- {see(escape_inline(item))}" for item in block.items] + [""]
            elif isinstance(block, Table):
                out += _table(block)
            elif isinstance(block, Chart):
                name = f"{slugs[id(block)]}.png"
                images[name] = paint(block, colours)
                out += _chart(block, f"{quote(assets)}/{name}")
            elif isinstance(block, Glossary):
                # each entry with the anchor the HTML gives it, so a link to a term works in both
                term_ids = {t.term: t.anchor for t in TERMS}
                out += [
                    f'- <a id="{term_ids.get(term, "")}"></a>**{escape_inline(term)}**: '
                    f"{escape_inline(meaning)}"
                    for term, meaning in block.entries
                ] + [""]

    if report.sources:
        out += ['<a id="sources"></a>', "", "## Sources", ""]
        for n, src in enumerate(report.sources, 1):
            meta = [f"\\[{escape_inline(src.id)}\\]"]
            meta += [escape_inline(v) for v in (src.publisher, src.date) if v]
            line = f"{n}. **{escape_inline(src.title)}** {' · '.join(meta)} · reliability "
            line += f"**{escape_inline(src.reliability)}**"
            link = safe_link(src.url)
            if link and not re.search(r"[\s<>]", link):
                line += f" · <{link}>"
            elif src.url:
                line += f" · {escape_inline(src.url)}"
            if src.note:
                line += f" — *{escape_inline(src.note)}*"
            out.append(line)
        out.append("")

    out += ["---", "", "**Provenance**", ""]
    out += [f"- **{escape_inline(k)}:** {escape_inline(v)}" for k, v in report.provenance]
    out += ["", "*Prepared with accord.*", ""]
    return MarkdownReport(text="\n".join(out), images=images)
