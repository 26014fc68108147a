"""``build_report``: a scenario in, a :class:`~accord.report.document.Report` out.

The analyses run once (:func:`accord.overview.run_overview`); each section then words and
charts its part of them (:mod:`accord.report.sections`). Renderers take the report from
here; nothing in it depends on the format it will be drawn in.
"""

from __future__ import annotations

from dataclasses import replace

import accord
from accord.model import Scenario
from accord.model.conflict import Conflict
from accord.model.views import DEFAULT_VIEW
from accord.overview import MAIN_MODEL, Overview, run_overview
from accord.overview.words import lever_text
from accord.report.document import (
    Block,
    Bullets,
    Chart,
    Glossary,
    Paragraph,
    Report,
    Section,
    Table,
)
from accord.report.glossary import used_terms
from accord.report.sections import ORDER, briefing, summary
from accord.report.sections.sources import citations


def build_report(
    scenario: Scenario,
    *,
    settings: dict[str, float] | None = None,
    conflict: Conflict | None = None,
    draws: int = 500,
    seed: int = 0,
    batna: str = DEFAULT_VIEW,
) -> Report:
    """The briefing on ``scenario``: summary first, then the evidence, then the sources.

    ``scenario`` is as loaded; ``batna`` is the view of every BATNA the analyses use
    (``perceived`` or ``assessed``), applied by :func:`~accord.overview.run.run_overview` so
    that the report can label each value with its view and show the other beside it.

    ``settings`` turns declared levers (lever id -> level) before anything is computed;
    ``conflict`` is a graph model of the same situation (default: the scenario's built-in
    ``conflict``, if it names one). ``draws`` and ``seed`` drive the Monte Carlo analyses;
    the same arguments give the same report. As-of filtering is the caller's
    (:func:`accord.model.asof.scenario_as_of`); the report shows ``scenario.as_of``.
    """
    o = run_overview(
        scenario, settings=settings, conflict=conflict, draws=draws, seed=seed, batna=batna
    )
    return overview_report(o)


def overview_report(r: Overview) -> Report:
    """The briefing drawn from an overview already run (with its Monte Carlo)."""
    sections: list[Section] = [sec for module in ORDER if (sec := module.section(r)) is not None]
    if sections and sections[0].id == briefing.ID:
        sections = with_summary_moved(sections, summary.moved(r))
    sources = citations(r)
    return Report(
        title=r.original.title,
        subtitle=subtitle(r),
        sections=with_glossary(with_appendices(sections)),
        sources=sources,
        provenance=provenance(r),
    )


def with_summary_moved(sections: list[Section], moved: dict[str, list[Block]]) -> list[Section]:
    """``sections`` with the summary's findings that the first page does not give put at
    the head of the body section they belong to (``moved``: section id -> blocks); a
    finding whose section the report lacks goes at the head of the first body section."""
    ids = {s.id for s in sections}
    orphans = [b for k, bs in moved.items() if k not in ids for b in bs]
    out = []
    for k, s in enumerate(sections):
        head = list(moved.get(s.id, ()))
        if k == min(1, len(sections) - 1):  # the first body section, or the only one
            head = orphans + head
        out.append(replace(s, blocks=(*head, *s.blocks)) if head else s)
    return out


#: Appendix letters, in order; a report with more appendices numbers the rest.
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def with_appendices(sections: list[Section]) -> tuple[Section, ...]:
    """The body (each section's ``blocks``) followed by one appendix per section that has
    ``details``, in the body's order, each titled after its section. The body is what a
    reader with ten minutes reads; the appendices keep every full table for the analyst."""
    body = [Section(s.id, s.title, s.blocks, appendix=s.appendix) for s in sections]
    extra = [s for s in sections if s.details]
    appendices = [
        Section(
            f"appendix-{s.id}",
            f"Appendix {_letter(k)}. {s.title}: the full tables",
            s.details,
            appendix=True,
        )
        for k, s in enumerate(extra)
    ]
    # sections that are appendices of their own (appendix=True) follow the generated ones
    return (
        *[s for s in body if not s.appendix],
        *appendices,
        *_lettered([s for s in body if s.appendix], len(appendices)),
    )


def _letter(k: int) -> str:
    return LETTERS[k] if k < len(LETTERS) else str(k + 1)


def _lettered(sections: list[Section], start: int) -> list[Section]:
    return [
        Section(s.id, f"Appendix {_letter(start + k)}. {s.title}", s.blocks, appendix=True)
        for k, s in enumerate(sections)
    ]


def block_texts(block: Block) -> list[str]:
    """Every piece of prose a block shows, in reading order (for the glossary's scan)."""
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Bullets):
        return list(block.items)
    if isinstance(block, Table):
        cells = [c for row in block.rows for c in row if isinstance(c, str)]
        return [block.caption or "", *block.columns, *cells]
    if isinstance(block, Chart):
        return [block.title, block.caption or ""]
    return []


def with_glossary(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """``sections`` and, when they use any term of art, a glossary appendix of those terms
    in the order a reader meets them. (Source titles are quoted as published and not
    scanned: their words are not the report's.)"""
    texts = [s.title for s in sections]
    texts += [x for s in sections for b in s.blocks for x in block_texts(b)]
    terms = used_terms(texts)
    if not terms:
        return sections
    glossary = Section(
        "glossary",
        f"Appendix {_letter(sum(s.appendix for s in sections))}. Glossary",
        (Glossary(tuple((t.term, t.meaning) for t in terms)),),
        appendix=True,
    )
    return (*sections, glossary)


def subtitle(r: Overview) -> str:
    as_of = r.scenario.as_of.isoformat() if r.scenario.as_of else "undated"
    return f"as of {as_of} · levers: {lever_text(r.original, r.settings)}"


def provenance(r: Overview) -> tuple[tuple[str, str], ...]:
    """What produced the report, enough to produce it again."""
    s = r.scenario
    rows = [
        ("scenario", s.id),
        ("as of", s.as_of.isoformat() if s.as_of else "undated"),
        ("lever settings", lever_text(r.original, r.settings)),
    ]
    if r.changes:
        rows.append(("lever changes", "; ".join(c.text() for c in r.changes)))
    rows += [
        ("Monte Carlo draws", str(r.draws)),
        ("seed", str(r.seed)),
    ]
    for model, sim in r.simulations.items():
        if sim.draws != r.draws:
            rows.append((f"{model} Monte Carlo draws", str(sim.draws)))
    z = r.simulations[MAIN_MODEL].zopa
    if z.method is not None:
        rows.append(("Monte Carlo ZOPA", f"{z.method}, {z.draws_evaluated} draws decided"))
    if r.conflict is not None:
        rows.append(("conflict model", r.conflict.id))
    rows.append(("accord version", accord.__version__))
    return tuple(rows)
