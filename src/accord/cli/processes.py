"""``accord simulate``: a negotiation process run over scenarios drawn from the spreads.

Thin: the process lives in :mod:`accord.dynamics.processes`.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from accord import api
from accord.cli.common import UsageProblem, checked, emit_json, out
from accord.cli.options import AsOfOpt, BatnaChoice, BatnaOpt, ScenarioArg
from accord.cli.scenario import open_scenario
from accord.dynamics.processes import (
    DEFAULT_PATIENCE,
    PROCESSES,
    STRATEGIES,
    Simulation,
)
from accord.io import DEFAULT_SCENARIO
from accord.model import Scenario
from accord.overview.words import number_text
from accord.results.arguments import parse_bias, parse_strategies


def simulate_command(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    process: Annotated[
        str, typer.Option("--process", help=f"the negotiation process: {', '.join(PROCESSES)}")
    ] = "mediated",
    bias: Annotated[
        list[str] | None,
        typer.Option(
            "--bias",
            metavar="PARTY=WEIGHT",
            help="the mediator's weight on a party (positive; default 1 each; repeatable)",
        ),
    ] = None,
    strategy: Annotated[
        list[str] | None,
        typer.Option(
            "--strategy",
            metavar="PARTY=NAME",
            help="alternating offers: a party's strategy, one of "
            + ", ".join(STRATEGIES)
            + " (default linear; repeatable)",
        ),
    ] = None,
    runs: Annotated[
        int, typer.Option("--runs", min=1, max=1_000_000, help="runs with drawn inputs")
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="seed of the draws")] = 0,
    patience: Annotated[
        int,
        typer.Option(
            "--patience",
            min=0,
            max=600,
            help="rounds (months): the mediator's patience, or the deadline of alternating offers",
        ),
    ] = DEFAULT_PATIENCE,
    mediator: Annotated[
        str | None,
        typer.Option(
            "--mediator",
            help="the mediating actor (default: the first of role mediator with stances; "
            "'none' for one without preferences)",
        ),
    ] = None,
    json_: Annotated[
        bool, typer.Option("--json", help="print one JSON document instead of tables")
    ] = False,
    as_of: AsOfOpt = None,
    batna: BatnaOpt = BatnaChoice.perceived,
) -> None:
    """Run a negotiation process many times over the scenario's uncertain inputs.

    A party accepts a text only when its ratifiers at home pass it (each run draws their
    swings of mood); the same runs without ratification are shown beside.
    """
    from accord.analysis.space import parties as party_ids

    loaded = open_scenario(scenario, as_of)
    parties = party_ids(loaded)
    weights = checked(parse_bias, parties, bias or [])
    names = checked(parse_strategies, parties, strategy or [])
    if bias and process == "alternating":
        raise UsageProblem("--bias is the mediator's; it needs --process mediated")
    if names and process == "mediated":
        raise UsageProblem("--strategy is for alternating offers; use --process alternating")
    ran = checked(api.simulate, loaded, process, runs=runs, seed=seed, bias=weights,
                  strategy=names, patience=patience, mediator=mediator,
                  batna=batna.value)  # fmt: skip
    s, result = ran.scenario, ran.simulation
    if json_:
        emit_json(result.to_dict())
        return
    out.print(_summary_table(result))
    out.print(_utility_table(s, result))
    out.print(_example_table(s, result))
    for note in result.notes:
        out.print(Text(note, style="dim"))
    for line in result.assumptions:
        out.print(Text(f"assumes (ratification): {line}", style="dim"))
    out.print(Text("rules: docs/processes.md", style="dim"))


def _q(d: dict[str, float], key: str) -> str:
    return number_text(d[key], 3) if key in d else "–"


def _summary_table(result: Simulation) -> Table:
    if result.process == "mediated":
        who = result.mediator or "a mediator without preferences"
        bias = ", ".join(f"{a} {w:.2f}" for a, w in result.bias.items())
        how = f"mediator {who}; bias {bias}; patience {result.patience}"
    else:
        how = ", ".join(f"{a} {n}" for a, n in result.strategies.items())
        how = f"strategies {how}; deadline {result.patience}"
    t = Table(
        title=f"'{result.scenario}': {result.process} process, {result.runs:,} runs "
        f"(seed {result.seed}); {how}",
        title_justify="left",
    )
    t.add_column("result")
    flat = result.flat_results
    t.add_column("share of runs" + (" (ratification honoured)" if flat else ""), justify="right")
    if flat:
        t.add_column("without ratification", justify="right")
    for name, share in result.results.items():
        t.add_row(name, f"{share:.1%}", *([f"{flat[name]:.1%}"] if flat else []))
    r = result.rounds
    rest = [""] if flat else []
    t.add_row("rounds (5/50/95 %)", f"{_q(r, '5')} / {_q(r, '50')} / {_q(r, '95')}", *rest)
    t.add_row("went back to an earlier text (cycled)", f"{result.cycling:.1%}", *rest)
    if flat:
        t.add_row("agreed only without ratification", f"{result.lost:.1%}", "")
        if result.gained:
            t.add_row("agreed only with ratification", f"{result.gained:.1%}", "")
    return t


def _utility_table(scenario: Scenario, result: Simulation) -> Table:
    t = Table(
        title="What each party ends with (the agreement, else its BATNA at the last round)",
        title_justify="left",
    )
    t.add_column("party")
    for q in ("5", "25", "50", "75", "95"):
        t.add_column(f"{q} %", justify="right")
    for a, qs in result.utility.items():
        t.add_row(scenario.actor(a).name, *[_q(qs, q) for q in ("5", "25", "50", "75", "95")])
    return t


def _example_table(scenario: Scenario, result: Simulation) -> Table:
    ex: dict[str, Any] = result.example
    t = Table(title=f"Run 0, text by text: {ex['result']}", title_justify="left")
    t.add_column("round", justify="right")
    t.add_column("changed")
    for a in result.parties:
        t.add_column(f"{scenario.actor(a).name}", justify="right")
    before: dict[str, Any] | None = None
    for draft in ex["drafts"]:
        if before is None:
            changed = "first text"
        else:
            diff = [
                f"{scenario.issue(k).name} → {scenario.issue(k).label(v)}"
                for k, v in draft["outcome"].items()
                if before[k] != v
            ]
            changed = ", ".join(diff) or "no change"
        before = draft["outcome"]
        cells = []
        for a in result.parties:
            mark = "accepts" if draft["accepts"][a] else "rejects"
            batna = draft["batna"][a]
            alt = "" if batna is None else f" (BATNA {batna:.3f})"
            cells.append(
                Text(
                    f"{draft['utility'][a]:.3f}{alt} {mark}",
                    style="green" if draft["accepts"][a] else "red",
                )
            )
        t.add_row(str(draft["round"]), changed, *cells)
    return t
