"""Arguments and options several commands share, declared once so their help reads the same.

Only Typer and :mod:`accord.data` are imported here, so any command module may use these
without slowing ``accord --help``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from accord.data import DEFAULT_SCENARIO

ScenarioArg = Annotated[
    str,
    typer.Argument(
        metavar="SCENARIO",
        help=f"a built-in scenario name ({DEFAULT_SCENARIO}, ...) or a .yaml file",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="print one JSON document instead of tables")]
#: Rows of a long list (frontier outcomes, states) that ``--json`` prints unless ``--all``:
#: enough to read, and a bounded document however large the frontier (a million outcomes of
#: 80 issues are gigabytes of text).
JSON_ROWS = 1_000
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
PartiesOpt = Annotated[
    list[str] | None,
    typer.Option("--parties", "-p", help="actors whose agreement counts (default: role party)"),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="LEVER=VALUE",
        help="set a declared lever to one of its levels (a number or a label; repeatable)",
    ),
]


class BatnaChoice(StrEnum):
    """Which BATNA utilities an analysis uses (see :mod:`accord.model.views`)."""

    perceived = "perceived"
    assessed = "assessed"


BatnaOpt = Annotated[
    BatnaChoice,
    typer.Option(
        "--batna",
        help="each party's alternative as it perceives it, or as the analyst assesses it "
        "(a party without a perceived value has its assessed one in both)",
    ),
]
