"""What a report says, independent of how it is drawn.

Sections are built from the library's results (``accord.report.sections``) into these plain
records; each renderer (HTML, Markdown, PDF) turns the same records into its format. Charts
are declared, not drawn: a :class:`Chart` holds the numbers and the renderers draw it with
Plotly (HTML) or matplotlib (PNG), so every format shows the same figures.

All text here is plain text as a user or a scenario file wrote it. Renderers escape it;
nothing in a record is ever trusted as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: A table cell: text, a number (renderers format it), or nothing (shown as a dash).
Cell = str | float | int | None


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text. ``tone`` lets renderers mark a finding or a caveat."""

    text: str
    tone: Literal["plain", "finding", "caveat"] = "plain"


@dataclass(frozen=True)
class Bullets:
    """A bulleted list of plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """Rows of cells under column headings. ``digits`` is how many decimals numbers get."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str | None = None
    digits: int = 2


@dataclass(frozen=True)
class Series:
    """One trace of an ``xy`` chart: points, optionally joined, optionally with a band.

    ``low``/``high`` give a shaded band (``mode="band"``) or error bars (``mode="markers"``)
    around ``y``; ``text`` labels each point (shown on hover in HTML, beside the point in PNG
    when ``label_points`` is set).
    """

    name: str
    x: tuple[float | str, ...]
    y: tuple[float | str, ...]
    mode: Literal["lines", "markers", "lines+markers", "band"] = "lines"
    low: tuple[float, ...] | None = None
    high: tuple[float, ...] | None = None
    text: tuple[str, ...] | None = None
    label_points: bool = False
    dash: bool = False


@dataclass(frozen=True)
class Heatmap:
    """A matrix of values, rows ``y`` by columns ``x``; ``None`` cells are blank."""

    x: tuple[str, ...]
    y: tuple[str, ...]
    z: tuple[tuple[float | None, ...], ...]
    zmin: float = 0.0
    zmax: float = 1.0
    #: Text written in each cell (e.g. the value and a red-line mark); defaults to the value.
    text: tuple[tuple[str, ...], ...] | None = None
    colorbar: str = ""
    #: The high end of each cell where ``z`` is only its low end (a draft with open points):
    #: renderers show both ends (a split cell), never colour a range by one of its ends.
    #: ``None``: every value is exact.
    z_high: tuple[tuple[float | None, ...], ...] | None = None


@dataclass(frozen=True)
class Bars:
    """Horizontal bars from ``low`` to ``high`` per category (a tornado chart when sorted)."""

    categories: tuple[str, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    base: float | None = None
    low_name: str = "low"
    high_name: str = "high"


@dataclass(frozen=True)
class Line:
    """A reference line across the plot, e.g. a party's alternative (BATNA)."""

    axis: Literal["x", "y"]
    value: float
    label: str


@dataclass(frozen=True)
class Region:
    """A shaded box over part of an xy plot, e.g. the rounds over which a model cycles and
    the range its forecast swings over; ``series`` (a series name) takes that series' colour."""

    x0: float
    x1: float
    y0: float
    y1: float
    label: str
    series: str | None = None


@dataclass(frozen=True)
class Chart:
    """A figure: exactly one of ``series`` (an xy chart), ``heatmap`` or ``bars`` is set."""

    id: str  # unique in the report; used for file names and element ids
    title: str
    x_label: str = ""
    y_label: str = ""
    series: tuple[Series, ...] = ()
    heatmap: Heatmap | None = None
    bars: Bars | None = None
    lines: tuple[Line, ...] = ()
    regions: tuple[Region, ...] = ()
    x_range: tuple[float, float] | None = None
    y_range: tuple[float, float] | None = None
    caption: str | None = None

    def __post_init__(self) -> None:
        kinds = sum([bool(self.series), self.heatmap is not None, self.bars is not None])
        if kinds != 1:
            raise ValueError(f"chart {self.id!r} needs exactly one of series, heatmap or bars")


@dataclass(frozen=True)
class Glossary:
    """Terms and what they mean, in the order a reader meets them; renderers give each
    entry an anchor (``gloss-<slug>``) that the first use of the term links to."""

    entries: tuple[tuple[str, str], ...]


Block = Paragraph | Bullets | Table | Chart | Glossary


@dataclass(frozen=True)
class Section:
    """A titled part of the report; ``id`` is stable (``summary``, ``actors``, ...).

    ``details`` are the section's full tables and secondary charts: the body shows
    ``blocks`` and the report puts the details in an appendix of their own
    (:func:`accord.report.build.with_appendices`), so the body stays short.
    ``appendix`` marks such an appendix (renderers print it smaller, after the body).
    """

    id: str
    title: str
    blocks: tuple[Block, ...]
    details: tuple[Block, ...] = ()
    appendix: bool = False


@dataclass(frozen=True)
class Citation:
    """A source as the report lists it at the end."""

    id: str
    title: str
    reliability: str
    publisher: str | None = None
    url: str | None = None
    date: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Report:
    """A whole briefing: the summary first, then the evidence, then every source cited."""

    title: str
    subtitle: str  # e.g. "as of 2025-12-03 · levers: sanctions=2"
    sections: tuple[Section, ...]
    sources: tuple[Citation, ...] = ()
    #: What produced it: scenario id, as-of date, lever settings, seeds. Printed as a footer.
    provenance: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def charts(self) -> list[Chart]:
        """Every chart in reading order (a section's ``details`` are not drawn where they
        stand: :func:`accord.report.build.with_appendices` moves them to an appendix)."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]
