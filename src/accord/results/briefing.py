"""Briefings written to files, once for :func:`accord.api.report`, ``accord report`` and
``accord demo --report``: the path checked before any analysis runs, the report built and
written, every file written returned (a Markdown briefing's PNG charts go beside it).

The report's modules are imported when a briefing is written, since they need the 'report'
extra; a caller checks for it first (:func:`accord.results.base.require`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.model import Scenario

if TYPE_CHECKING:
    from accord.overview.records import Overview
    from accord.report.document import Report

#: The briefing formats, by extension.
REPORT_FORMATS = ("html", "md", "pdf")


def briefing_path(
    path: str | os.PathLike[str], format: str | None = None, *, hint: str = " (or format=)"
) -> Path:
    """The file a briefing goes to: ``path``, with ``format`` as its extension when it has
    none; checked so that a typo is refused before a minute of analysis.

    Args:
        path: The file to write.
        format: ``"html"``, ``"md"`` or ``"pdf"``, or None to take the path's extension.
        hint: Said after the formats when the extension is not one (how else to give one).

    Returns:
        The path to write.

    Raises:
        ValueError: An unknown format, a format that differs from the path's extension, or
            no format at all.

    Example:
        >>> briefing_path("brief", "md").name
        'brief.md'
        >>> briefing_path("brief.txt", hint="")
        Traceback (most recent call last):
        ...
        ValueError: cannot write 'brief.txt': give a file ending in one of .html, .md, .pdf
    """
    target = Path(path)
    suffix = target.suffix.lower().lstrip(".")
    if format is not None:
        fmt = format.lower().lstrip(".")
        if fmt not in REPORT_FORMATS:
            raise ValueError(f"unknown format '{format}'; formats: {', '.join(REPORT_FORMATS)}")
        if not suffix:
            return target.with_name(f"{target.name}.{fmt}")
        if suffix != fmt:
            raise ValueError(
                f"format '{fmt}' but the path '{target}' ends in '.{suffix}'; give one"
            )
        return target
    if suffix not in REPORT_FORMATS:
        valid = ", ".join(f".{f}" for f in REPORT_FORMATS)
        raise ValueError(f"cannot write '{path}': give a file ending in one of {valid}{hint}")
    return target


def write_briefing(
    scenario: Scenario,
    path: Path,
    *,
    settings: Mapping[str, float] | None = None,
    conflict: Any = None,
    draws: int = 500,
    seed: int = 0,
    batna: str = "perceived",
    brief: bool = False,
) -> list[Path]:
    """Build the briefing of ``scenario`` (as loaded: the report applies and labels the
    BATNA view) and write it to ``path``; ``brief``: its first page alone.

    Returns:
        The files written, the briefing first.

    Raises:
        ValueError: The file cannot be written (the reason in one line).
    """
    from accord.report import build_report

    build = build_report
    if brief:
        from accord.report.brief import build_brief as build
    built = build(
        scenario, settings=dict(settings or {}), conflict=conflict, draws=draws, seed=seed,
        batna=batna,
    )  # fmt: skip
    return write(built, path)


def write_overview(overview: Overview, path: Path) -> list[Path]:
    """The briefing drawn from an overview already run (with its Monte Carlo), written to
    ``path``: the report :func:`write_briefing` builds from the same arguments, without
    running the analyses a second time."""
    from accord.report.build import overview_report

    return write(overview_report(overview), path)


def write(report: Report, path: Path) -> list[Path]:
    """``report`` written to ``path``: the files written; ValueError if it cannot be."""
    from accord.report.write import ReportError, write_report

    try:
        return write_report(report, path)
    except ReportError as exc:
        raise ValueError(str(exc)) from None
