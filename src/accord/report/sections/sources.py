"""The sources listed at the end of the report: every source the scenario declares (its
records cite them by id), then the conflict model's, when the report shows it."""

from __future__ import annotations

from accord.model import Source
from accord.report.document import Citation
from accord.report.results import Results


def citation(src: Source) -> Citation:
    return Citation(
        id=src.id,
        title=src.title,
        reliability=str(src.reliability),
        publisher=src.publisher,
        url=src.url,
        date=src.date.isoformat() if src.date else None,
        note=src.note,
    )


def citations(r: Results) -> tuple[Citation, ...]:
    """One citation per source id; a conflict source whose id the scenario already uses is
    the scenario's (both files cite by id, and the scenario's comes first)."""
    found: dict[str, Citation] = {}
    extra = r.conflict.sources if r.conflict is not None and r.stability is not None else []
    for src in [*r.scenario.sources, *extra]:
        found.setdefault(src.id, citation(src))
    return tuple(found.values())


def numbers(r: Results) -> dict[str, int]:
    """Each source id's number in the report's numbered source list (1 first): sections
    cite by number, which is shorter than ids and what a printed briefing uses."""
    return {c.id: k for k, c in enumerate(citations(r), 1)}
