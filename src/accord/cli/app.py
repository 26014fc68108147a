"""The ``accord`` command line: the root group, its commands by name, and :func:`main`.

Each command lives in a module of its own and is imported only when it runs (see
:mod:`accord.cli.lazy`), so ``accord --help`` and ``accord scenarios`` start without NumPy,
pydantic or the analyses. Every command that prints results takes ``--json`` and then
prints one JSON document with the same content. Errors print as clear lines and exit with
code 2; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.text import Text

from accord.cli.common import REPORT_MODULES, UsageProblem, err
from accord.cli.lazy import LazyCommand, LazyGroup

__all__ = ["COMMANDS", "UsageProblem", "app", "main"]

_CORE = "accord.cli.core"

#: Every command in the order ``accord --help`` lists them, with the first paragraph of its
#: help (a test checks it against the command's docstring).
COMMANDS = (
    LazyCommand("scenarios", "accord.cli.listing:scenarios", "List the built-in scenarios."),
    LazyCommand(
        "show",
        f"{_CORE}:show",
        "Show a scenario: actors, issues and stances (as they stood, with --as-of).",
    ),
    LazyCommand(
        "validate",
        f"{_CORE}:validate",
        "Check a scenario file and report every problem with its line and a fix.",
    ),
    LazyCommand("schema", f"{_CORE}:schema", "Print the JSON Schema of scenario files."),
    LazyCommand(
        "example",
        "accord.cli.example:example",
        "Print a complete, commented example scenario (fictional) to start your own from.",
    ),
    LazyCommand("proposals", f"{_CORE}:proposals", "List the drafts of a scenario."),
    LazyCommand(
        "score",
        f"{_CORE}:score",
        "Score every draft for every actor, with the red lines it crosses.",
    ),
    LazyCommand(
        "diff",
        f"{_CORE}:diff",
        "Show issue by issue what changed between two drafts and who gains or loses.",
    ),
    LazyCommand(
        "analyze",
        f"{_CORE}:analyze",
        "Zone of possible agreement, Pareto frontier, bargaining solutions, draft verdicts.",
    ),
    LazyCommand(
        "demo",
        f"{_CORE}:demo",
        "The default scenario on one screen: the bottom line and the key judgements, and "
        "where the full briefing was written; --verbose adds every table behind them.",
    ),
    LazyCommand(
        "conflict",
        "accord.cli.conflict:conflict_command",
        "Stability of every state under R, GMR, SMR, SEQ, SIM and SEQ+SIM; equilibria.",
    ),
    LazyCommand(
        "conflicts",
        "accord.cli.conflicts:conflicts_command",
        "List the built-in conflicts: decision makers, options, states and sources.",
    ),
    LazyCommand(
        "forecast",
        "accord.cli.forecasting:forecast_command",
        "Forecast each issue's outcome with a model (compromise, median, eum, nash, ensemble).",
    ),
    LazyCommand(
        "timeline",
        "accord.cli.dynamics:timeline_command",
        "Month by month: each party's alternative, whether a ZOPA exists, and its size.",
    ),
    LazyCommand(
        "whatif",
        "accord.cli.dynamics:whatif_command",
        "The analysis of `accord analyze`, re-run with levers set (--set LEVER=VALUE ...).",
    ),
    LazyCommand(
        "simulate",
        "accord.cli.processes:simulate_command",
        "Run a negotiation process many times over the scenario's uncertain inputs.",
    ),
    LazyCommand(
        "levers",
        "accord.cli.levers:levers_command",
        "The smallest lever changes (fewest levers, then smallest moves) that reach a target.",
    ),
    LazyCommand(
        "trades",
        "accord.cli.trades:trades_command",
        "Trades across issues (each side yields where it cares less) that both sides gain by.",
    ),
    LazyCommand(
        "sequence",
        "accord.cli.sequencing:sequence_command",
        "Value a phased draft when commitments may be broken: courses, best order, drivers.",
    ),
    LazyCommand(
        "report",
        "accord.cli.report:report_command",
        "Write a briefing: bottom line and key judgements first, then the summary, actors, "
        "drafts, agreement space, forecasts, conflict stability, timeline and sources. The "
        "format follows the file's extension; --brief writes the first page alone.",
        extra="report",
        needs=REPORT_MODULES,
    ),
    LazyCommand(
        "ingest",
        "accord.cli.ingest:ingest_command",
        "Read news articles and pull out evidence bearing on a scenario, with suggestions.",
        extra="nlp",
        needs=("spacy",),
    ),
    LazyCommand(
        "apply",
        "accord.cli.ingest:apply_command",
        "Apply the suggestions you accept to a new scenario file, citing the article.",
        extra="nlp",
        needs=("spacy",),
    ),
    LazyCommand(
        "serve",
        "accord.cli.serve:serve_command",
        "Serve the web app: scenarios, stance editor, drafts, agreement space, forecasts, "
        "conflict stability and versions, with a JSON API under /api.",
        extra="web",
        needs=("fastapi", "uvicorn", "sqlalchemy", "alembic", "argon2"),
    ),
    LazyCommand(
        "users",
        "accord.cli.users:users_app",
        "Manage the accounts of accord serve: add, list, remove, passwd, role.",
        extra="web",
        needs=("sqlalchemy", "alembic", "argon2"),
    ),
    LazyCommand(
        "import",
        "accord.cli.importers:import_app",
        "Import negotiation domains from other tools' formats into scenario files.",
    ),
    LazyCommand(
        "backtest",
        "accord.cli.backtest:backtest_app",
        "Score forecasting models against recorded outcomes.",
    ),
)


class RootGroup(LazyGroup):
    """The ``accord`` group: :data:`COMMANDS`, each imported when used."""

    lazy = COMMANDS


app = typer.Typer(
    name="accord",
    help="Model, score and analyse hard multi-party negotiations.",
    cls=RootGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:  # accord.__version__ is the one place the version is written
        from accord import __version__

        print(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    debug: Annotated[bool, typer.Option("--debug", help="show tracebacks on errors")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="print the version and exit", is_eager=True, callback=_version
        ),
    ] = False,
) -> None:
    """Declares ``--debug``; :func:`main` reads it from ``sys.argv`` to catch errors early."""


def main() -> None:
    """Entry point: run the app, turning every error into clear lines and exit code 2."""
    debug = "--debug" in sys.argv[1:]
    try:
        code = app(standalone_mode=False)
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
        # A scenario-file problem; if the model was never imported, none can have been raised
        # (and importing it here would cost a click usage error a third of a second).
        problems = sys.modules.get("accord.model.problems")
        if problems is not None and isinstance(exc, problems.ScenarioError):
            errors = [p for p in exc.problems if p.severity == "error"]
            for p in errors:
                err.print(Text(f"error: {p.render(exc.filename)}", style="red"))
            sys.exit(2)
        # click's usage errors: one line (accord.cli.usage), but a bare group shows its help
        show_ = getattr(exc, "show", None)
        if callable(show_) and hasattr(exc, "exit_code"):
            if type(exc).__name__ == "NoArgsIsHelpError":
                show_()
            else:
                from accord.cli.usage import usage_line

                err.print(Text(f"error: {usage_line(exc)}", style="red"))
            sys.exit(exc.exit_code)
        err.print(
            Text(f"error: {type(exc).__name__}: {exc} (run with --debug for details)", style="red")
        )
        sys.exit(2)
    # click returns the exit code of typer.Exit instead of raising when not standalone
    sys.exit(code if isinstance(code, int) else 0)
