"""Arguments and options several commands share, declared once so their help reads the same.

Only Typer and :mod:`accord.data` are imported here, so any command module may use these
without slowing ``accord --help``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from accord.cli.common import UsageProblem
from accord.data import DEFAULT_SCENARIO, JSON_ROWS, scenario_names

__all__ = [
    "DEFAULT_SCENARIO",
    "JSON_ROWS",
    "ScenarioArg",
    "leading_scenario",
    "looks_like_scenario",
]

#: The one rule for the scenario argument (docs/cli.md): the first positional argument,
#: optional, a built-in name or a .yaml file, ``ukraine-2025`` when left out. Every command
#: that takes a scenario declares it with this and ``= DEFAULT_SCENARIO``.
ScenarioArg = Annotated[
    str,
    typer.Argument(
        metavar="SCENARIO",
        help=f"a built-in scenario name ({DEFAULT_SCENARIO}, ...) or a .yaml file",
    ),
]


def looks_like_scenario(value: str) -> bool:
    """Whether a positional argument names a scenario: a built-in name or a .yaml file.

    Used where a scenario comes before other positional arguments that are files (articles,
    evidence), so that the scenario can be left out without a separate option.
    """
    return value in scenario_names() or value.endswith((".yaml", ".yml"))


def leading_scenario(values: list[str], names: tuple[str, ...], command: str) -> list[str]:
    """``[SCENARIO, *names]`` from positional ``values``, the scenario left out or given.

    Click fills positional arguments from the left, so an optional scenario before required
    arguments (``accord diff [SCENARIO] BEFORE AFTER``) is read as one variadic argument and
    split here: as many values as ``names`` means the default scenario; one more, the first
    is the scenario.
    """
    if len(values) == len(names):
        return [DEFAULT_SCENARIO, *values]
    if len(values) == len(names) + 1:
        return list(values)
    want = " ".join(names)
    raise UsageProblem(
        f"{command}: give {want}, the scenario first if not {DEFAULT_SCENARIO}; got "
        f"{len(values)} argument{'' if len(values) == 1 else 's'} (see '{command} --help')"
    )


JsonOpt = Annotated[bool, typer.Option("--json", help="print one JSON document instead of tables")]
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
