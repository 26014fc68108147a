"""``accord report``: a self-contained briefing (HTML, Markdown with PNG charts, or PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.common import UsageProblem, checked, emit_json, out
from accord.cli.conflict import resolve_conflict
from accord.cli.options import (
    DEFAULT_SCENARIO,
    AsOfOpt,
    BatnaChoice,
    BatnaOpt,
    JsonOpt,
    ScenarioArg,
    SetOpt,
)
from accord.cli.scenario import open_scenario
from accord.model import Scenario
from accord.model.conflict import Conflict
from accord.results.arguments import parse_settings

if TYPE_CHECKING:  # the report extra may be missing: its records are imported when used
    from accord.overview.records import Overview
    from accord.report.document import Report

#: Monte Carlo draws behind the report's forecast bands, unless --draws says otherwise.
REPORT_DRAWS = 500

OutOpt = Annotated[
    str,
    typer.Option("-o", "--output", metavar="FILE", help="the report to write: .html, .md or .pdf"),
]


def report_command(
    output: OutOpt,
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    as_of: AsOfOpt = None,
    set_: SetOpt = None,
    conflict: Annotated[
        str | None,
        typer.Option(
            metavar="NAME|FILE",
            help="a conflict model for the stability section (default: the scenario's own)",
        ),
    ] = None,
    draws: Annotated[
        int, typer.Option(min=10, max=100_000, help="Monte Carlo draws behind forecast bands")
    ] = REPORT_DRAWS,
    seed: Annotated[int, typer.Option(help="seed of every random draw in the report")] = 0,
    batna: BatnaOpt = BatnaChoice.perceived,
    brief: Annotated[
        bool,
        typer.Option(
            "--brief",
            help="write the first page alone: bottom line, key judgements, futures, "
            "indicators and options",
        ),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Write a briefing: bottom line and key judgements first, then the summary, actors,
    drafts, agreement space, forecasts, conflict stability, timeline and sources. The
    format follows the file's extension; --brief writes the first page alone."""
    s = open_scenario(scenario, as_of)  # as loaded: the report applies and labels the view
    settings = checked(parse_settings, s, set_ or [])
    model = resolve_conflict(conflict) if conflict else None
    written = write_briefing(
        s, output, settings, model, draws=draws, seed=seed, batna=batna, brief=brief
    )
    if json_:  # the files written, the briefing first, and what made them
        emit_json(
            {
                "scenario": s.id,
                "report": str(written[0]),
                "files": [str(p) for p in written],
                "draws": draws,
                "seed": seed,
            }
        )
        return
    out.print(f"report: {written[0]}", highlight=False, soft_wrap=True)
    if len(written) > 1:
        out.print(f"  with {len(written) - 1} chart file(s) beside it", highlight=False)


def output_path(output: str) -> Path:
    """``output`` as a path, or a UsageProblem naming the formats when its extension is not
    one: checked before any analysis runs, so a typo costs nothing."""
    from accord.report.write import FORMATS

    path = Path(output)
    if path.suffix.lower() not in FORMATS:
        valid = ", ".join(FORMATS)
        raise UsageProblem(f"cannot write '{output}': give a file ending in one of {valid}")
    return path


def write_briefing(
    scenario: Scenario,
    output: str,
    settings: dict[str, float] | None = None,
    conflict: Conflict | None = None,
    *,
    draws: int = REPORT_DRAWS,
    seed: int = 0,
    batna: str = "perceived",
    brief: bool = False,
) -> list[Path]:
    """Build the report of ``scenario`` and write it to ``output``: the files written.
    ``brief``: its first page alone (:func:`accord.report.brief.build_brief`)."""
    from accord.report import build_report

    path = output_path(output)
    build = build_report
    if brief:
        from accord.report.brief import build_brief as build
    report = build(
        scenario, settings=settings, conflict=conflict, draws=draws, seed=seed, batna=batna
    )
    return _write(report, path)


def write_overview_briefing(overview: Overview, output: str) -> list[Path]:
    """Write the briefing drawn from an overview already run (with its Monte Carlo) to
    ``output``: the same report :func:`write_briefing` builds from the same arguments,
    without running the analyses a second time."""
    from accord.report.build import overview_report

    path = output_path(output)
    return _write(overview_report(overview), path)


def _write(report: Report, path: Path) -> list[Path]:
    from accord.report.write import ReportError, write_report

    try:
        return write_report(report, path)
    except ReportError as exc:
        raise UsageProblem(str(exc)) from None
