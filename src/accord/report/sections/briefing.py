"""The first page: bottom line, key judgements, alternative futures, indicators and options.

Everything here is computed by :func:`accord.overview.judgements.build_briefing` (and the
futures by :mod:`accord.overview.futures`); this module only lays the
:class:`~accord.overview.briefing_records.Briefing` out as report blocks, short enough that
the page fits one A4 sheet: each judgement in one bullet with its estimative word, the
range that word stands for, its confidence and the section that shows the evidence; the
futures in one small table; indicators and options as bullets. ``accord report --brief``
writes this section alone (:func:`brief_report`).
"""

from __future__ import annotations

from accord.overview.briefing_records import Briefing, Judgement
from accord.overview.estimative import word_range_text
from accord.overview.judgements import build_briefing
from accord.overview.words import pct
from accord.report.document import Block, Bullets, Paragraph, Report, Section, Table
from accord.report.results import Results

ID = "briefing"
TITLE = "Bottom line and key judgements"
#: What the page assumes, in one line (the briefing's assumptions in full are in the
#: Summary and docs/report.md).
ASSUMES = (
    "Chances are shares of Monte Carlo draws over the scenario's stated spreads; words "
    "follow ICD 203; confidence follows from how much rests on sourced fact and how wide "
    "the interval is. A party accepts only what beats its alternative without crossing "
    "its red lines."
)
#: The title of the section each judgement's evidence is in (by section id).
EVIDENCE = {
    "summary": "Summary",
    "space": "Agreement space",
    "drafts": "Drafts",
    "forecasts": "Forecasts",
    "commitments": "Order, trust and ratification",
    "conflict": "Conflict stability",
}


def judgement_text(j: Judgement) -> str:
    """``Very unlikely (5-20%), moderate confidence: A deal ... [evidence: Summary]``."""
    head = f"{j.confidence.value.capitalize()} confidence"
    if j.word is not None:
        word = f"{j.word.text.capitalize()} ({word_range_text(j.word)})"
        head = f"{word}, {j.confidence.value} confidence"
    where = EVIDENCE.get(j.evidence, j.evidence)
    return f"{head}: {j.statement} (see {where})"


def blocks(b: Briefing) -> tuple[Block, ...]:
    """The first page's blocks, in reading order."""
    out: list[Block] = [Paragraph(f"Bottom line: {b.bottom_line}", tone="finding")]
    if b.judgements:
        out.append(Paragraph("Key judgements"))
        out.append(Bullets(tuple(judgement_text(j) for j in b.judgements)))
    if b.futures:
        rows = tuple((f.name, pct(f.deal_before), pct(f.deal_after)) for f in b.futures)
        out.append(
            Table(
                ("Alternative future", "Chance of a deal, as things go", "In this future"),
                rows,
                caption="Alternative futures: the chance of any deal (Monte Carlo, seeded)",
            )
        )
    if b.indicators:
        out.append(Paragraph("Indicators to watch"))
        out.append(Bullets(tuple(i.text for i in b.indicators)))
    if b.options:
        out.append(Paragraph("Options"))
        out.append(Bullets(tuple(f"{o.text} ({o.for_whom}): {o.achieves}" for o in b.options)))
    out.append(Paragraph(ASSUMES))
    return tuple(out)


def section(r: Results) -> Section | None:
    """The first page of the report on ``r`` (None: nothing to judge)."""
    b = build_briefing(r)
    if not b.judgements:
        return None
    return Section(ID, TITLE, blocks(b))


#: The provenance rows a brief keeps: enough to produce it again.
BRIEF_PROVENANCE = ("scenario", "as of", "lever settings", "Monte Carlo draws", "seed",
                    "accord version")  # fmt: skip


def brief_report(report: Report) -> Report:
    """``report`` cut to its first page (``accord report --brief``): the briefing section
    under the report's title and subtitle, its provenance in one row (enough to produce it
    again), no source list (each judgement names the section that cites its sources)."""
    first = tuple(s for s in report.sections if s.id == ID)
    again = "; ".join(f"{k} {v}" for k, v in report.provenance if k in BRIEF_PROVENANCE)
    provenance = (("to reproduce", again),) if again else ()
    return Report(report.title, report.subtitle, first, (), provenance)
