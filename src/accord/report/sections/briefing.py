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

from accord.forecast.outlook import DealChance
from accord.overview.briefing_records import Briefing, Indicator, Judgement, Option
from accord.overview.estimative import word_range_text
from accord.overview.futures import when_text
from accord.overview.judgements import build_briefing, key_judgements
from accord.overview.words import lever_text, pct
from accord.report.document import Block, Bullets, Paragraph, Report, Section, Table
from accord.report.results import Results
from accord.report.sections.futures import compute, details

ID = "briefing"
TITLE = "Bottom line and key judgements"
#: What the page assumes, in one line (the briefing's assumptions in full are in the
#: Summary and docs/report.md).
ASSUMES = (
    # what the chance measures is said in the bottom line and the first judgement
    "Chances are shares of Monte Carlo draws over the scenario's stated spreads; words "
    "follow ICD 203; confidence follows from how much rests on sourced fact and how wide "
    "the interval is. A party accepts only what beats its alternative without crossing "
    "its red lines, and can deliver what a trade asks of it unless the scenario says who "
    "decides the issue."
)
#: Indicators and options the first page lists, the strongest of each (its appendix gives them
#: all): two of each push the Ukraine page past one A4 sheet.
FIRST_ITEMS = 1
#: The title of the section each judgement's evidence is in (by section id).
EVIDENCE = {
    # the deal's chance, once the summary's, is shown in full in the Forecasts section
    "summary": "Forecasts",
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


def chance_text(p: float | None, interval: tuple[float, float] | None) -> str:
    """``17.0% (10.9-25.5%)``: a chance with its 95% interval, or ``unknown``."""
    if p is None:
        return "unknown"
    if interval is None:
        return pct(p)
    return f"{pct(p)} ({pct(interval[0])}–{pct(interval[1])})"


def today_run(today: DealChance) -> str:
    """The run today's chance comes from: ``500 draws, all decided, seed 0``; the same run the
    key judgements and the forecasts quote."""
    decided = "all decided" if today.evaluated >= today.draws else f"{today.evaluated:,} decided"
    seed = "" if today.seed is None else f", seed {today.seed}"
    return f"{today.draws:,} Monte Carlo draws, {decided}{seed}"


def futures_lead(b: Briefing, when: str, today: DealChance | None) -> str:
    """What the futures table reads and when: a reader takes a chance on a first page for
    today's, so a table read months ahead says so and gives today's beside it."""
    f0 = b.futures[0]
    head = (
        f"Alternative futures, read {when}"
        + (f", not today (today {chance_text(today.chance, today.interval)}, "
           f"{today_run(today)})"
           if f0.months and today else "")
        + f": each row re-runs the same {f0.draws:,} draws ({f0.decided:,} decided, seed "
        f"{f0.seed}) with the scenario changed as it says; 95% intervals in brackets."
    )  # fmt: skip
    return head


def first_indicators(b: Briefing) -> tuple[Indicator, ...]:
    """The indicators the first page lists: those that are not a future of the table above
    it (each future is one already) nor an option below it (the lever search's opening is
    both), at most :data:`FIRST_ITEMS`."""
    shown = {f.key for f in b.futures} | {o.source for o in b.options if o.source}
    return tuple(i for i in b.indicators if i.source not in shown)[:FIRST_ITEMS]


def option_line(o: Option) -> str:
    """An option in one line: what, for whom, and what it achieves up to its first clause
    (the appendix gives it in full, with its basis)."""
    achieves = o.achieves.split("; ")[0].rstrip(".")
    # "whoever can move" the levers the option sets only repeats them
    whom = "" if o.for_whom.startswith("whoever can move") else f" ({o.for_whom})"
    return f"{o.text}{whom}: {achieves}."


def blocks(
    b: Briefing,
    *,
    when: str = "now",
    today: DealChance | None = None,
    levers: str | None = None,
) -> tuple[Block, ...]:
    """The first page's blocks, in reading order. ``when`` the futures are read (``in 6
    months (August 2026)``), ``today`` the chance of a deal today (shown beside futures read
    later), ``levers`` the levers turned for the report, if any."""
    out: list[Block] = []
    if levers:
        out.append(Paragraph(f"Levers turned for this report: {levers}.", tone="caveat"))
    out.append(Paragraph(f"Bottom line: {b.bottom_line}", tone="finding"))
    if b.judgements:
        out.append(Paragraph("Key judgements"))
        out.append(Bullets(tuple(judgement_text(j) for j in b.judgements)))
    if b.futures:
        months = b.futures[0].months
        ahead = f"In {months} months, on the current course" if months else "As things go"
        course = {(f.deal_before, f.interval_before) for f in b.futures}
        out.append(Paragraph(futures_lead(b, when, today)))
        if len(course) == 1:
            # every future is read against one course: said once in the caption, which
            # keeps the page to one sheet, rather than repeated on every row
            before = b.futures[0]
            out.append(
                Table(
                    ("Alternative future", "In this future"),
                    tuple((f.name, chance_text(f.deal_after, f.interval_after)) for f in b.futures),
                    caption=f"The chance of a zone of agreement, {when}; "
                    f"{'on the current course' if months else 'as things go'}: "
                    f"{chance_text(before.deal_before, before.interval_before)}",
                )
            )
        else:
            rows = tuple(
                (
                    f.name,
                    chance_text(f.deal_before, f.interval_before),
                    chance_text(f.deal_after, f.interval_after),
                )
                for f in b.futures
            )
            out.append(
                Table(
                    ("Alternative future", f"{ahead}", "In this future"),
                    rows,
                    caption=f"The chance of a zone of agreement, {when}",
                )
            )
    found = first_indicators(b)
    if found:
        out.append(Paragraph("Indicators to watch (besides the futures above)"))
        out.append(Bullets(tuple(i.text for i in found)))
    if b.options:
        out.append(Paragraph("Options"))
        out.append(Bullets(tuple(option_line(o) for o in b.options[:FIRST_ITEMS])))
    out.append(Paragraph(ASSUMES))
    return tuple(out)


def section(r: Results) -> Section | None:
    """The first page of the report on ``r`` (None: nothing to judge); its appendix gives
    every future, indicator and option in full, with what the futures assume."""
    if not key_judgements(r):
        return None
    computed = compute(r)
    b = build_briefing(
        r, futures=computed.futures, indicators=computed.indicators, options=computed.options
    )
    months = b.futures[0].months if b.futures else 0
    today = r.outlook.deal if r.outlook is not None else None
    levers = None
    if r.settings:
        changed = "; ".join(c.text() for c in r.changes) or "nothing changes"
        levers = f"{lever_text(r.original, r.settings)} ({changed})"
    body = blocks(b, when=when_text(r.scenario, months), today=today, levers=levers)
    return Section(ID, TITLE, body, details=tuple(details(r, computed)))


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
