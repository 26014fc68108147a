"""``accord timeline`` and ``accord whatif``: alternatives over time, and levers turned.

Thin: the model lives in :mod:`accord.dynamics`; ``whatif`` prints what ``accord
analyze`` prints, on the scenario with the levers applied.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from accord import api
from accord.cli.common import UsageProblem, checked, emit_json, out
from accord.cli.options import (
    AsOfOpt,
    BatnaChoice,
    BatnaOpt,
    JsonOpt,
    MediatorsOpt,
    PartiesOpt,
    ProposalOpt,
    ResolutionOpt,
    ScenarioArg,
    SetOpt,
    ZopaSeedOpt,
)
from accord.cli.scenario import (
    open_scenario,
    print_analysis,
)
from accord.cli.tables import moves_table
from accord.dynamics.levers import EQUATION, Change
from accord.dynamics.timeline import Timeline
from accord.io import DEFAULT_SCENARIO
from accord.model import Scenario
from accord.overview.words import change_text
from accord.results.arguments import parse_settings

#: What the moves rest on, said under the table.
MOVES_NOTE = (
    "Moves: the changes the scenario dates (a stance's or BATNA's 'history' and 'since'); a "
    "value holds unchanged from its date to the next. The months above run forward from the "
    "as-of date, after every dated value, so each month uses the stances as they stand then."
)


def timeline_command(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    months: Annotated[
        int, typer.Option("--months", min=0, max=600, help="months ahead to follow")
    ] = 12,
    set_: SetOpt = None,
    parties_: PartiesOpt = None,
    seed: Annotated[int, typer.Option(help="seed of the ZOPA-size estimate on large spaces")] = 0,
    json_: JsonOpt = False,
    as_of: AsOfOpt = None,
    batna: BatnaOpt = BatnaChoice.perceived,
) -> None:
    """Month by month: each party's alternative, whether a ZOPA exists, and its size.

    Where parties have ratifiers at home, whether a ZOPA exists that they pass, beside it.
    Then every recorded move of a stance or BATNA (up to --as-of), in date order.
    """
    base = open_scenario(scenario, as_of)
    settings = checked(parse_settings, base, set_ or [])
    followed = checked(api.timeline, base, months=months, settings=settings, parties=parties_,
                       seed=seed, batna=batna.value)  # fmt: skip
    if json_:
        emit_json(followed.to_dict())
        return
    s, result, found = followed.scenario, followed.timeline, list(followed.moves)
    for line in _settings_lines(s, settings):
        out.print(line)
    out.print(_timeline_table(s, result))
    out.print(Text(result.summary(), style="bold"))
    out.print(Text(f"BATNA over time: {EQUATION} (see docs/dynamics.md)", style="dim"))
    for note in result.notes:
        out.print(Text(note, style="dim"))
    if found:
        out.print(moves_table(s, found))
    out.print(Text(MOVES_NOTE, style="dim"))


def whatif_command(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    set_: SetOpt = None,
    parties_: PartiesOpt = None,
    proposal: ProposalOpt = None,
    mediators: MediatorsOpt = False,
    resolution: ResolutionOpt = 11,
    seed: ZopaSeedOpt = 0,
    json_: JsonOpt = False,
    as_of: AsOfOpt = None,
    batna: BatnaOpt = BatnaChoice.perceived,
) -> None:
    """The analysis of `accord analyze`, re-run with levers set (--set LEVER=VALUE ...)."""
    loaded = open_scenario(scenario, as_of)
    if not set_:
        known = ", ".join(lever.id for lever in loaded.levers) or "none in this scenario"
        raise UsageProblem(f"give at least one --set LEVER=VALUE; levers: {known}")
    settings = checked(parse_settings, loaded, set_)
    pressed = checked(api.whatif, loaded, settings, parties=parties_, proposals=proposal,
                      mediators=mediators, resolution=resolution, seed=seed,
                      batna=batna.value)  # fmt: skip
    if json_:
        # every frontier outcome, as this command has always written
        emit_json(pressed.document(None))
        return
    changes = [c for lever in (pressed.levers or {}).values() for c in lever["changes"]]
    for line in _settings_lines(loaded, settings, changes):
        out.print(line)
    print_analysis(pressed.scenario, pressed.analysis)


def _settings_lines(
    scenario: Scenario, settings: dict[str, float], changes: list[Change] | None = None
) -> list[Text]:
    lines = []
    for lever_id, value in settings.items():
        lever = scenario.lever(lever_id)
        text = f"set {lever.name} ({lever_id}) = {lever.label(value)}"
        text += f" (default {lever.label(lever.default)})"
        if changes is not None:
            mine = [change_text(scenario, c) for c in changes if c.lever == lever_id]
            text += ": " + ("; ".join(mine) if mine else "no change")
        lines.append(Text(text, style="cyan"))
    return lines


def _timeline_table(scenario: Scenario, result: Timeline) -> Table:
    t = Table(
        title=f"Timeline of '{result.scenario}': alternatives and the ZOPA",
        title_justify="left",
    )
    t.add_column("month", justify="right")
    for a in result.parties:
        t.add_column(f"{scenario.actor(a).name} BATNA", justify="right")
    t.add_column("ZOPA")
    t.add_column("size (share of outcomes)" + ("" if result.exact else ", estimated"))
    if result.ratifiers:
        t.add_column("ZOPA with ratification")
    opens, closes = set(result.opens), set(result.closes)
    opens_r, closes_r = set(result.opens_ratified), set(result.closes_ratified)
    for m in result.months:
        cells = [str(m.month)]
        cells += ["unknown" if m.batna[a] is None else f"{m.batna[a]:.3f}" for a in result.parties]
        mark = " (opens)" if m.month in opens else " (closes)" if m.month in closes else ""
        zopa = Text("yes" + mark, style="green") if m.exists else Text("no" + mark, style="red")
        if m.count is not None:
            size = f"{m.count:,} of {result.space_size:,} ({m.share:.2%})"
        else:
            lo, hi = m.share_interval
            size = f"about {m.share:.2%} ({lo:.2%}–{hi:.2%})"
        extra = []
        if m.ratified is not None:
            r = m.ratified
            note = " (opens)" if m.month in opens_r else " (closes)" if m.month in closes_r else ""
            word = {True: "yes", False: "no", None: "not settled"}[r.exists]
            if r.count is not None:
                kept = f"{r.count:,} of {result.space_size:,} ({r.share:.2%})"
            else:
                kept = f"about {r.share:.2%} ({r.share_interval[0]:.2%}–{r.share_interval[1]:.2%})"
            style = {True: "green", False: "red", None: "yellow"}[r.exists]
            extra.append(Text(f"{word}{note}: {kept}", style=style))
        t.add_row(*cells, zopa, size, *extra)
    return t
