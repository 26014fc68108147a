"""Briefing reports: a scenario's analyses as one document (``accord report``).

:func:`build_report` turns a scenario into a :class:`Report` of plain records
(:mod:`accord.report.document`); the renderers draw those records as HTML, Markdown or PDF.
"""

from accord.report.build import build_report
from accord.report.document import (
    Bars,
    Block,
    Bullets,
    Cell,
    Chart,
    Citation,
    Heatmap,
    Line,
    Paragraph,
    Report,
    Section,
    Series,
    Table,
)

__all__ = [
    "Bars",
    "Block",
    "Bullets",
    "Cell",
    "Chart",
    "Citation",
    "Heatmap",
    "Line",
    "Paragraph",
    "Report",
    "Section",
    "Series",
    "Table",
    "build_report",
]
