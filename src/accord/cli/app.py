"""The ``accord`` commands. Thin: each loads a scenario, calls the library, prints.

Every command that prints results takes ``--json`` and then prints one JSON document
with the same content. Errors print as clear lines and exit with code 2; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from accord.analysis import diff_proposals, score_proposals
from accord.analysis.bargaining import analyze as analyze_scenario
from accord.cli import tables
from accord.cli.options import (
    AsOfOpt,
    MediatorsOpt,
    ProposalOpt,
    ResolutionOpt,
    ZopaSeedOpt,
    open_scenario,
)
from accord.data import scenario_text
from accord.io import DEFAULT_SCENARIO, builtin_names, load_builtin, read_scenario
from accord.io.scenarios import parse_scenario, scenario_to_data
from accord.model import Scenario, ScenarioError

app = typer.Typer(
    name="accord",
    help="Model, score and analyse hard multi-party negotiations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
# Piped output (CI logs, files) gets a fixed width rather than Rich's default of 80.
out = Console(width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True, soft_wrap=True)


class UsageProblem(Exception):
    """A user error that is not a scenario-file problem (e.g. an unknown draft id)."""


_state = {"debug": False}

ScenarioArg = Annotated[
    str,
    typer.Argument(
        metavar="SCENARIO",
        help=f"a built-in scenario name ({DEFAULT_SCENARIO}, ...) or a .yaml file",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="print one JSON document instead of tables")]


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _proposal_ids(scenario: Scenario, *ids: str) -> None:
    known = [p.id for p in scenario.proposals]
    for pid in ids:
        if pid not in known:
            raise UsageProblem(
                f"no draft '{pid}' in scenario '{scenario.id}'; "
                f"drafts: {', '.join(known) or 'none'}"
            )


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="show tracebacks on errors")] = False,
) -> None:
    _state["debug"] = debug


@app.command()
def scenarios(json_: JsonOpt = False) -> None:
    """List the built-in scenarios."""
    rows = []
    for name in builtin_names():
        s = load_builtin(name)
        rows.append(
            {
                "name": name,
                "title": s.title,
                "as_of": s.as_of,
                "actors": len(s.actors),
                "issues": len(s.issues),
                "proposals": len(s.proposals),
            }
        )
    if json_:
        emit_json(rows)
        return
    t = tables.Table(title="Built-in scenarios", title_justify="left")
    for col in ("name", "title", "as of", "actors", "issues", "drafts"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(
            r["name"],
            r["title"],
            str(r["as_of"] or "—"),
            str(r["actors"]),
            str(r["issues"]),
            str(r["proposals"]),
        )
    out.print(t)


@app.command()
def show(
    scenario: ScenarioArg = DEFAULT_SCENARIO, json_: JsonOpt = False, as_of: AsOfOpt = None
) -> None:
    """Show a scenario: actors, issues and stances."""
    s = open_scenario(scenario, as_of)
    if json_:
        emit_json(scenario_to_data(s))
        return
    _header(s)
    out.print(tables.actors_table(s))
    out.print(tables.issues_table(s))
    out.print(tables.stances_table(s))


@app.command()
def validate(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="the scenario .yaml file (or built-in) to check")
    ],
    json_: JsonOpt = False,
) -> None:
    """Check a scenario file and report every problem with its line and a fix."""
    if file in builtin_names() and not Path(file).exists():
        scenario, problems = parse_scenario(scenario_text(file), f"built-in:{file}")
    else:
        scenario, problems = read_scenario(file)
    if json_:
        emit_json(
            {
                "file": file,
                "valid": scenario is not None,
                "problems": [
                    {
                        "severity": p.severity,
                        "line": p.line,
                        "column": p.column,
                        "path": p.where,
                        "message": p.message,
                    }
                    for p in problems
                ],
            }
        )
    else:
        for p in problems:
            (err if p.severity == "error" else out).print(
                Text(p.render(file), style="red" if p.severity == "error" else "yellow")
            )
        if scenario is not None:
            out.print(
                f"[green]OK[/green] {file}: {len(scenario.actors)} actors, "
                f"{len(scenario.issues)} issues, "
                f"{len(scenario.stances)} stances, {len(scenario.proposals)} drafts"
            )
    if scenario is None:
        raise typer.Exit(2)


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files."""
    emit_json(Scenario.model_json_schema())


@app.command()
def proposals(
    scenario: ScenarioArg = DEFAULT_SCENARIO, json_: JsonOpt = False, as_of: AsOfOpt = None
) -> None:
    """List the drafts of a scenario."""
    s = open_scenario(scenario, as_of)
    card = score_proposals(s)
    if json_:
        emit_json(
            [
                {
                    "id": p.id,
                    "title": p.title,
                    "date": p.date,
                    "authors": p.authors,
                    "based_on": p.based_on,
                    "points": len(p.points),
                    "settings": card.to_dict()["settings"][p.id],
                }
                for p in s.proposals
            ]
        )
        return
    out.print(tables.proposals_table(s, card))


@app.command()
def score(
    scenario: ScenarioArg = DEFAULT_SCENARIO, json_: JsonOpt = False, as_of: AsOfOpt = None
) -> None:
    """Score every draft for every actor, with the red lines it crosses."""
    s = open_scenario(scenario, as_of)
    card = score_proposals(s)
    if json_:
        emit_json(card.to_dict())
        return
    out.print(tables.scorecard_table(s, card))
    red = tables.red_lines_table(s, card)
    if red is not None:
        out.print(red)


@app.command()
def diff(
    scenario: ScenarioArg,
    before: Annotated[str, typer.Argument(metavar="BEFORE", help="id of the earlier draft")],
    after: Annotated[str, typer.Argument(metavar="AFTER", help="id of the later draft")],
    json_: JsonOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """Show issue by issue what changed between two drafts and who gains or loses."""
    s = open_scenario(scenario, as_of)
    _proposal_ids(s, before, after)
    d = diff_proposals(s, before, after)
    if json_:
        emit_json(d.to_dict())
        return
    out.print(tables.diff_table(s, d))


@app.command()
def analyze(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    parties_: Annotated[
        list[str] | None,
        typer.Option("--parties", "-p", help="actors whose agreement counts (default: role party)"),
    ] = None,
    proposal: ProposalOpt = None,
    mediators: MediatorsOpt = False,
    resolution: ResolutionOpt = 11,
    seed: ZopaSeedOpt = 0,
    json_: JsonOpt = False,
    as_of: AsOfOpt = None,
) -> None:
    """Zone of possible agreement, Pareto frontier, bargaining solutions, draft verdicts."""
    s = open_scenario(scenario, as_of)
    if proposal:
        _proposal_ids(s, *proposal)
    chosen = _actor_ids(s, parties_ or [])
    result = analyze_scenario(
        s,
        chosen or None,
        proposals=proposal or None,
        include_mediators=mediators,
        resolution=resolution,
        seed=seed,
    )
    if json_:
        emit_json(result.to_dict())
        return
    _print_analysis(s, result)


def _print_analysis(s: Scenario, result: Any) -> None:
    out.print(tables.zopa_panel(s, result))
    out.print(tables.solutions_table(s, result))
    out.print(tables.verdicts_table(s, result))


def _actor_ids(scenario: Scenario, ids: list[str]) -> list[str]:
    stanced = {st.actor for st in scenario.stances}
    names = [i for part in ids for i in part.split(",") if i]
    for a in names:
        if a not in stanced:
            known = ", ".join(x.id for x in scenario.actors if x.id in stanced)
            raise UsageProblem(f"no actor with stances '{a}' in '{scenario.id}'; actors: {known}")
    return names


@app.command()
def demo(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    json_: JsonOpt = False,
    as_of: AsOfOpt = None,
    report: Annotated[
        str,
        typer.Option(
            metavar="FILE",
            help="also write the briefing here (.html, .md or .pdf; '' for none) "
            "[default: reports/SCENARIO.html]",
            show_default=False,
        ),
    ] = "reports/{scenario}.html",
) -> None:
    """The default scenario at a glance: actors, drafts, scorecard, red lines, changes,
    forecasts and dynamics; then the full briefing written as a report."""
    s = open_scenario(scenario, as_of)
    card = score_proposals(s)
    chain = [(p.based_on, p.id) for p in s.proposals if p.based_on]
    diffs = [diff_proposals(s, a, b, card) for a, b in chain]
    analysis = analyze_scenario(s)
    from accord.cli.forecasting import DEMO_MODELS, forecasts_table
    from accord.forecast.models import forecast

    forecasts = {m: forecast(s, m) for m in DEMO_MODELS}
    from accord.cli.demo_dynamics import dynamics_demo, print_dynamics_demo

    dynamics = dynamics_demo(s)
    from accord.cli.report import write_briefing

    # The briefing is written first so that --json can name it; the same numbers as above.
    written = write_briefing(s, report.format(scenario=s.id)) if report else []
    if json_:
        emit_json(
            {
                "scenario": {"id": s.id, "title": s.title, "as_of": s.as_of, "summary": s.summary},
                "actors": [
                    {
                        "id": a.id,
                        "name": a.name,
                        "role": a.role,
                        "batna": a.batna.utility if a.batna else None,
                    }
                    for a in s.actors
                ],
                "scorecard": card.to_dict(),
                "diffs": [d.to_dict() for d in diffs],
                "analysis": analysis.to_dict(),
                "forecasts": {m: f.to_dict() for m, f in forecasts.items()},
                "dynamics": dynamics,
                "report": str(written[0]) if written else None,
            }
        )
        return
    _header(s)
    out.print(tables.actors_table(s, brief=True))
    out.print(tables.proposals_table(s, card))
    out.print(tables.scorecard_table(s, card))
    red = tables.red_lines_table(s, card)
    if red is not None:
        out.print(red)
    for d in diffs:
        out.print(tables.diff_table(s, d))
    _print_analysis(s, analysis)
    out.print(forecasts_table(s, forecasts))
    print_dynamics_demo(s, dynamics, out)
    if written:
        out.print(f"\nThe full briefing: {written[0].resolve()}", highlight=False, soft_wrap=True)


def _header(s: Scenario) -> None:
    body = Text(s.summary or "", style="")
    out.print(Panel(body, title=f"{s.title} — as of {s.as_of or 'undated'}", title_align="left"))


from accord.cli.conflict import conflict_command  # noqa: E402
from accord.cli.dynamics import timeline_command, whatif_command  # noqa: E402
from accord.cli.forecasting import backtest_app, forecast_command  # noqa: E402
from accord.cli.importers import import_app  # noqa: E402
from accord.cli.ingest import apply_command, ingest_command  # noqa: E402
from accord.cli.levers import levers_command  # noqa: E402
from accord.cli.processes import simulate_command  # noqa: E402
from accord.cli.report import report_command  # noqa: E402
from accord.cli.serve import serve_command  # noqa: E402

app.add_typer(import_app, name="import")
app.command(name="conflict")(conflict_command)
app.command(name="forecast")(forecast_command)
app.command(name="timeline")(timeline_command)
app.command(name="whatif")(whatif_command)
app.command(name="simulate")(simulate_command)
app.command(name="levers")(levers_command)
app.command(name="report")(report_command)
app.command(name="ingest")(ingest_command)
app.command(name="apply")(apply_command)
app.command(name="serve")(serve_command)
app.add_typer(backtest_app, name="backtest")


def main() -> None:
    """Entry point: run the app, turning every error into clear lines and exit code 2."""
    debug = "--debug" in sys.argv[1:]
    try:
        code = app(standalone_mode=False)
    except ScenarioError as exc:
        if debug:
            raise
        errors = [p for p in exc.problems if p.severity == "error"]
        for p in errors:
            err.print(Text(f"error: {p.render(exc.filename)}", style="red"))
        sys.exit(2)
    except UsageProblem as exc:
        if debug:
            raise
        err.print(Text(f"error: {exc}", style="red"))
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("aborted")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: never a traceback without --debug
        if debug:
            raise
        # click's usage errors carry their own message and exit code
        show_ = getattr(exc, "show", None)
        if callable(show_) and hasattr(exc, "exit_code"):
            show_()
            sys.exit(exc.exit_code)
        err.print(
            Text(f"error: {type(exc).__name__}: {exc} (run with --debug for details)", style="red")
        )
        sys.exit(2)
    # click returns the exit code of typer.Exit instead of raising when not standalone
    sys.exit(code if isinstance(code, int) else 0)
