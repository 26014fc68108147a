"""``accord forecast`` and ``accord backtest``: outcome forecasts and their track record.

Thin: all numbers come from :mod:`accord.forecast`. Problems are raised as
:class:`~accord.model.problems.ScenarioError` or :class:`accord.cli.app.UsageProblem`,
which ``accord.cli.app.main`` prints as one line each with exit code 2.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from accord.forecast.deu3 import CAPABILITIES, Backtest, backtest
from accord.forecast.models import MODELS, forecast
from accord.model.files import write_atomically

backtest_app = typer.Typer(
    help="Score forecasting models against recorded outcomes.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

_JsonOpt = Annotated[bool, typer.Option("--json", help="print one JSON document instead of tables")]


def _model_names(text: str) -> list[str]:
    from accord.cli.app import UsageProblem

    names = [m.strip() for m in text.split(",") if m.strip()]
    for m in names:
        if m not in MODELS:
            raise UsageProblem(f"unknown model '{m}'; models: {', '.join(MODELS)}")
    if not names:
        raise UsageProblem(f"no model given; models: {', '.join(MODELS)}")
    return list(dict.fromkeys(names))


def forecast_command(
    scenario: Annotated[
        str, typer.Argument(metavar="SCENARIO", help="a built-in scenario name or a .yaml file")
    ],
    model: Annotated[
        str, typer.Option("--model", help=f"forecasting model: {', '.join(MODELS)}")
    ] = "compromise",
    json_: _JsonOpt = False,
) -> None:
    """Forecast each issue's outcome: capability x salience weighted mean or median."""
    from accord.cli.app import UsageProblem, emit_json, out
    from accord.model import resolve_scenario

    name = model.strip()
    if name not in MODELS:
        raise UsageProblem(f"unknown model '{model}'; models: {', '.join(MODELS)}")
    s = resolve_scenario(scenario)
    result = forecast(s, name)
    if json_:
        emit_json({"scenario": s.id, **result.to_dict()})
        return
    out.print(f"{s.title}: forecast by the {name} model")
    t = Table()
    for col in ("issue", "value", "nearest setting", "actors"):
        t.add_column(col, overflow="fold")
    for f in result.issues:
        value = "—" if f.value is None else f"{f.value:.4g}"
        setting = f.reason or f.label or ""
        t.add_row(f.issue, value, setting, str(len(f.actors)))
    out.print(t)
    for note in result.notes:
        out.print(f"note: {note}")


def _write_csv(bt: Backtest, target: str) -> None:
    from accord.cli.app import UsageProblem

    path = Path(target)
    if path.is_dir():
        raise UsageProblem(f"'{target}' is a folder; give the path of a .csv file to write")
    if not path.parent.is_dir():
        raise UsageProblem(f"cannot write '{target}': there is no folder '{path.parent}'")
    rows = bt.rows()
    fields = ["issue", "dossier", "outcome", "actors"]
    for m in bt.models:
        fields += [m, f"{m}_error"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    try:
        write_atomically(path, buffer.getvalue(), newline="")
    except OSError as exc:
        raise UsageProblem(f"cannot write '{target}': {exc.strerror or exc}") from None


@backtest_app.command("deu3")
def backtest_command(
    path: Annotated[str, typer.Argument(metavar="PATH", help="a DEU III tab-separated file")],
    models: Annotated[
        str, typer.Option("--models", help=f"models, comma-separated: {', '.join(MODELS)}")
    ] = "compromise,median",
    capability: Annotated[
        str,
        typer.Option(
            "--capability",
            help="votes: Council votes (Nice), Commission and Parliament 29 each; "
            "row2: the file's row-2 weights",
        ),
    ] = "votes",
    json_: _JsonOpt = False,
    output: Annotated[
        str | None,
        typer.Option("--out", help="write each scored issue's predictions to this .csv file"),
    ] = None,
) -> None:
    """Forecast every scorable DEU III issue and report each model's absolute errors."""
    from accord.cli.app import UsageProblem, emit_json, out

    names = _model_names(models)
    if capability not in CAPABILITIES:
        raise UsageProblem(f"unknown capability '{capability}'; valid: {', '.join(CAPABILITIES)}")
    if not Path(path).is_file():
        raise UsageProblem(f"no file '{path}'")
    try:
        bt = backtest(path, names, capability=capability)
    except ValueError as exc:  # e.g. an actor without Council votes under --capability votes
        raise UsageProblem(str(exc)) from None
    if output is not None:
        _write_csv(bt, output)
    if json_:
        emit_json(bt.to_dict())
        return
    t = Table(
        title=f"Backtest on {path} (capability: {capability}; 0-100 scale)", title_justify="left"
    )
    for col in ("model", "issues", "mean abs. error", "median abs. error"):
        t.add_column(col)
    for m in names:
        sc = bt.scores[m]
        t.add_row(m, str(sc.n), f"{sc.mae:.2f}", f"{sc.median_ae:.2f}")
    out.print(t)
    out.print(f"{bt.skipped} issue(s) not scored (no outcome in 0-100 or fewer than 3 actors)")
    if output is not None:
        out.print(f"wrote {len(bt.issues)} predictions to {output}")
