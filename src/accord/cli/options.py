"""Options several commands share, and ``--as-of DATE``: replaying a scenario as known then."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from accord.io import resolve_scenario
from accord.model import Scenario
from accord.model.asof import scenario_as_of

ProposalOpt = Annotated[
    list[str] | None, typer.Option("--proposal", help="only these drafts (repeatable)")
]
MediatorsOpt = Annotated[bool, typer.Option("--mediators", help="count mediators as parties too")]
ResolutionOpt = Annotated[
    int, typer.Option(min=2, max=1001, help="grid values per continuous issue")
]
ZopaSeedOpt = Annotated[int, typer.Option(help="seed of the ZOPA-size estimate on large spaces")]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="replay the scenario as known on DATE (YYYY-MM-DD): only drafts and events by then",
    ),
]


def open_scenario(scenario: str, as_of: str | None = None) -> Scenario:
    """The scenario named (built-in or file), as of ``as_of`` if given; notes to stderr."""
    from accord.cli.app import UsageProblem, err

    s = resolve_scenario(scenario)
    if as_of is None:
        return s
    try:
        date = dt.date.fromisoformat(as_of)
    except ValueError:
        raise UsageProblem(f"--as-of '{as_of}' is not a date; give YYYY-MM-DD") from None
    try:
        replay = scenario_as_of(s, date)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None
    for note in (f"as of {date.isoformat()}", *replay.notes):
        err.print(f"note: {note}", highlight=False)
    return replay.scenario
