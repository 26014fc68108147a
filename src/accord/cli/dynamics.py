"""``accord timeline`` and ``accord whatif``: alternatives over time, and levers turned.

Thin: the model lives in :mod:`accord.dynamics`; ``whatif`` prints what ``accord
analyze`` prints, on the scenario with the levers applied.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from accord.cli.common import UsageProblem, emit_json, out
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
    check_proposal_ids,
    chosen_parties,
    open_scenario,
    print_analysis,
    replay_scenario,
)
from accord.cli.tables import moves_table
from accord.dynamics.levers import EQUATION, Change, LeverError, levels_text, set_levers
from accord.dynamics.timeline import Timeline, timeline
from accord.io import DEFAULT_SCENARIO
from accord.model import Scenario
from accord.model.dated import moves
from accord.model.problems import suggest
from accord.model.views import batna_view
from accord.overview.words import change_text

#: What the moves rest on, said under the table.
MOVES_NOTE = (
    "Moves: the changes the scenario dates (a stance's or BATNA's 'history' and 'since'); a "
    "value holds unchanged from its date to the next. The months above run forward from the "
    "as-of date, after every dated value, so each month uses the stances as they stand then."
)


def parse_settings(scenario: Scenario, texts: list[str]) -> dict[str, float]:
    """``["sanctions=2", "aid=full"]`` -> ``{"sanctions": 2.0, "aid": 3.0}``, or a UsageProblem."""
    known = [lever.id for lever in scenario.levers]
    levers = ", ".join(known) if known else f"none (scenario '{scenario.id}' declares no levers)"
    settings: dict[str, float] = {}
    for text in texts:
        name, sep, value = text.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise UsageProblem(f"--set takes LEVER=VALUE, got '{text}'; levers: {levers}")
        if name not in known:
            raise UsageProblem(f"no lever '{name}'{suggest(name, known)}; levers: {levers}")
        lever = scenario.lever(name)
        level = lever.level(value)
        if level is None:
            raise UsageProblem(
                f"'{value}' is not a level of lever '{name}'; levels: {levels_text(lever)}"
            )
        if name in settings and settings[name] != level:
            raise UsageProblem(f"lever '{name}' is set twice, to different levels; set it once")
        settings[name] = level
    return settings


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
    base, _ = replay_scenario(scenario, as_of)
    s = batna_view(base, batna)
    # the moves as the file dates them: before the view, which keeps no perceived history
    found = moves(base.stances, base.actors)
    settings = parse_settings(s, set_ or [])
    chosen = chosen_parties(s, parties_ or [])
    try:
        result = timeline(s, months, settings, chosen, seed=seed)
    except LeverError as exc:
        raise UsageProblem(str(exc)) from None
    if json_:
        emit_json({**result.to_dict(), "moves": found})
        return
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
    from accord.analysis.bargaining import analyze as analyze_scenario

    s = open_scenario(scenario, as_of, batna)
    if not set_:
        known = ", ".join(lever.id for lever in s.levers) or "none in this scenario"
        raise UsageProblem(f"give at least one --set LEVER=VALUE; levers: {known}")
    settings = parse_settings(s, set_)
    try:
        changed, changes = set_levers(s, settings)
    except LeverError as exc:
        raise UsageProblem(str(exc)) from None
    if proposal:
        check_proposal_ids(changed, *proposal)
    result = analyze_scenario(
        changed,
        chosen_parties(changed, parties_ or []),
        proposals=proposal or None,
        include_mediators=mediators,
        resolution=resolution,
        seed=seed,
    )
    if json_:
        emit_json({**result.to_dict(), "settings": _settings_doc(s, settings, changes)})
        return
    for line in _settings_lines(s, settings, changes):
        out.print(line)
    print_analysis(changed, result)


def _settings_doc(
    scenario: Scenario, settings: dict[str, float], changes: list[Change]
) -> dict[str, Any]:
    doc = {}
    for lever_id, value in settings.items():
        lever = scenario.lever(lever_id)
        doc[lever_id] = {
            "value": value,
            "label": lever.label(value),
            "default": lever.default,
            "changes": [c for c in changes if c.lever == lever_id],
        }
    return doc


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
