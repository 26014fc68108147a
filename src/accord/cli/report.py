"""``accord report``: a self-contained briefing (HTML, Markdown with PNG charts, or PDF)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.common import checked, emit_json, out
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
from accord.io.conflicts import resolve_conflict
from accord.results.arguments import parse_settings
from accord.results.briefing import briefing_path, write_briefing

if TYPE_CHECKING:  # the report extra may be missing: its records are imported when used
    pass

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
    model = resolve_conflict(conflict) if conflict else None  # did you mean, for a near miss
    target = checked(briefing_path, output, hint="")
    written = checked(write_briefing, s, target, settings=settings, conflict=model,
                      draws=draws, seed=seed, batna=batna.value, brief=brief)  # fmt: skip
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
