"""``accord levers``: the smallest lever changes that open a ZOPA or make a draft acceptable.

Thin: the search lives in :mod:`accord.dynamics.openings`.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from accord import api
from accord.cli.common import checked, emit_json, out
from accord.cli.options import (
    DEFAULT_SCENARIO,
    AsOfOpt,
    BatnaChoice,
    BatnaOpt,
    JsonOpt,
    PartiesOpt,
    ScenarioArg,
)
from accord.cli.scenario import open_scenario
from accord.dynamics.openings import Openings, Solution
from accord.model import Issue, Scenario
from accord.model.levers import Effect, Lever, red_line_target, salience_issue
from accord.model.views import batna_view
from accord.overview.words import TARGET_WORDS, change_text, name, number_text, setting_label


def levers_command(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    target: Annotated[
        str,
        typer.Option(
            "--target",
            metavar="zopa|proposal:ID",
            help="open a ZOPA (default), or make draft ID acceptable to every party",
        ),
    ] = "zopa",
    parties_: PartiesOpt = None,
    month: Annotated[
        int,
        typer.Option(
            "--month", min=0, max=600, help="judge BATNAs this many months ahead (default 0)"
        ),
    ] = 0,
    json_: JsonOpt = False,
    as_of: AsOfOpt = None,
    batna: BatnaOpt = BatnaChoice.perceived,
    list_: Annotated[
        bool,
        typer.Option(
            "--list",
            help="list the scenario's levers (what each moves, its levels, its sources) "
            "instead of searching",
        ),
    ] = False,
) -> None:
    """The smallest lever changes (fewest levers, then smallest moves) that reach a target."""
    loaded = open_scenario(scenario, as_of)
    if list_:
        print_levers(batna_view(loaded, batna), json_)
        return
    found = checked(api.levers, loaded, target=target, parties=parties_, month=month,
                    batna=batna.value)  # fmt: skip
    if json_:
        emit_json(found.to_dict())
        return
    s, result = found.scenario, found.openings
    out.print(Text(_headline(s, result), style="bold"))
    for n, sol in enumerate(result.solutions, 1):
        title, table = _solution_table(s, result, sol, n)
        out.print(Text(title, style="cyan"))
        out.print(table)
    for note in result.notes:
        out.print(Text(note, style="dim"))
    out.print(
        Text(
            f"searched {result.checked:,} of {result.grid:,} settings of the lever grid "
            "(exact over the grid; see docs/dynamics.md)",
            style="dim",
        )
    )


def _what(result: Openings) -> str:
    if result.target == "zopa":
        return "open a ZOPA"
    return f"make draft '{result.target.removeprefix('proposal:')}' acceptable to every party"


def _headline(scenario: Scenario, result: Openings) -> str:
    when = f" at month {result.month}" if result.month else ""
    if not result.found:
        return f"No declared lever setting can {_what(result)}{when} in '{scenario.id}'."
    if result.moved == 0:
        already = (
            "a ZOPA exists already"
            if result.target == "zopa"
            else f"draft '{result.target.removeprefix('proposal:')}' is acceptable already"
        )
        return f"With every lever at its default {already}{when}; no lever needs to move."
    many = "setting" if result.count == 1 else "settings"
    return (
        f"{result.count} smallest {many} to {_what(result)}{when}: "
        f"{result.moved} lever{'s' if result.moved != 1 else ''} moved, "
        f"{result.steps} level step{'s' if result.steps != 1 else ''} in all."
    )


def _solution_table(
    scenario: Scenario, result: Openings, sol: Solution, n: int
) -> tuple[str, Table]:
    moved = [
        f"{scenario.lever(k).name} ({k}) = {scenario.lever(k).label(v)} "
        f"(default {scenario.lever(k).label(scenario.lever(k).default)})"
        for k, v in sol.settings.items()
    ]
    title = f"{n}. " + ("; ".join(moved) if moved else "every lever at its default")
    t = Table()
    t.add_column("what")
    t.add_column("value")
    for c in sol.changes:
        t.add_row(f"lever {scenario.lever(c.lever).name}", change_text(scenario, c))
    if sol.deal is not None:
        for issue in scenario.issues:
            value = sol.deal.outcome.get(issue.id)
            t.add_row(f"deal: {issue.name}", _setting(issue, value))
        for a in result.parties:
            b = sol.deal.batna[a]
            shown = "unknown" if b is None else f"{b:.3f}"
            t.add_row(
                f"{scenario.actor(a).name}", f"utility {sol.deal.utility[a]:.3f} (BATNA {shown})"
            )
        if sol.deal.count is not None:
            t.add_row(
                "ZOPA size",
                f"{sol.deal.count:,} outcome{'' if sol.deal.count == 1 else 's'} "
                f"({sol.deal.share:.2%})",
            )
    if sol.verdicts is not None:
        for a, verdict in sol.verdicts.items():
            u = (sol.utility or {}).get(a)
            b = (sol.batna or {}).get(a)
            shown_u = (
                f"{u:.3f}"
                if isinstance(u, float)
                else f"{u['low']:.3f}–{u['high']:.3f}"
                if isinstance(u, dict)
                else "?"
            )
            shown_b = "unknown" if b is None else f"{b:.3f}"
            t.add_row(
                f"{scenario.actor(a).name} accepts",
                f"{verdict} (utility {shown_u}, BATNA {shown_b})",
            )
    return title, t


def _setting(issue: Issue, value: object) -> str:
    return "—" if value is None else setting_label(issue, value)


def effect_text(s: Scenario, e: Effect) -> str:
    """One effect of a lever in words: ``Russia's BATNA's cost per month of no deal +0.003
    per level``. The step is the effect's ``per_level``, added for each unit of lever value
    above the default (and taken away below it), clipped to the target's range."""
    owner = f"{name(s, e.actor)}'s"
    line, issue = red_line_target(e.target), salience_issue(e.target)
    if line is not None:
        what, iid = line
        words = "chance to hold" if what == "credibility" else "cost to cross"
        moved = f"{owner} red line on {s.issue(iid).name}: {words}"
    elif issue is not None:
        moved = f"{owner} salience on {s.issue(issue).name}"
    else:
        moved = f"{owner} {TARGET_WORDS.get(e.target, e.target)}"
    sign = "+" if e.per_level >= 0 else "-"
    return f"{moved} {sign}{number_text(abs(e.per_level))} per level"


def lever_row(s: Scenario, lever: Lever) -> dict[str, object]:
    """One lever as plain data: what ``accord levers --list --json`` prints."""
    return {
        "id": lever.id,
        "name": lever.name,
        "description": lever.description,
        "levels": lever.levels,
        "labels": lever.labels,
        "default": lever.default,
        "effects": [
            {
                "actor": e.actor,
                "target": e.target,
                "per_level": e.per_level,
                "text": effect_text(s, e),
                "sources": e.sources,
                "judgement": e.judgement,
            }
            for e in lever.effects
        ],
        # the lever's own sources, then those its effects cite, each once
        "sources": list(
            dict.fromkeys([*lever.sources, *(x for e in lever.effects for x in e.sources)])
        ),
        "judgement": lever.judgement,
    }


def print_levers(s: Scenario, json_: bool) -> None:
    """The levers a scenario declares: a table, or (``json_``) one JSON document."""
    rows = [lever_row(s, lever) for lever in s.levers]
    if json_:
        emit_json({"scenario": s.id, "levers": rows})
        return
    if not rows:
        out.print(f"'{s.id}' declares no levers.")
        return
    t = Table(title=f"Levers of '{s.id}' (accord whatif --set LEVER=VALUE)", title_justify="left")
    t.add_column("lever", overflow="fold", ratio=2)
    t.add_column("levels (default marked *)", overflow="fold", ratio=3)
    t.add_column("what it moves, per level", overflow="fold", ratio=4)
    t.add_column("sources", overflow="fold", ratio=2)
    for lever, r in zip(s.levers, rows, strict=True):
        levels = [f"{v:g} ({lever.label(v)})" if lever.labels else f"{v:g}" for v in lever.levels]
        marked = [
            f"{text} *" if v == lever.default else text
            for v, text in zip(lever.levels, levels, strict=True)
        ]
        effects = r["effects"]
        assert isinstance(effects, list)
        sources = r["sources"]
        assert isinstance(sources, list)
        t.add_row(
            f"{lever.name} ({lever.id})",
            "\n".join(marked),
            "\n".join(e["text"] for e in effects) or "nothing",
            ", ".join(sources) or "analyst's judgement",
        )
    out.print(t)
