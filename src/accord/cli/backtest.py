"""``accord backtest``: the forecasting models' track record on recorded decisions.

Thin: all numbers come from :mod:`accord.forecast.backtest` and
:mod:`accord.forecast.calibration`. Problems are raised as
:class:`accord.cli.common.UsageProblem`, which ``accord.cli.app.main`` prints as one line
with exit code 2.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from accord.cli.common import UsageProblem, emit_json, out
from accord.cli.forecasting import model_names
from accord.cli.options import JsonOpt
from accord.forecast.backtest import BASELINE, CAPABILITIES, Backtest, backtest
from accord.forecast.calibration import LEVELS, TooFewToCalibrate, level_key
from accord.forecast.models import MODEL_NAMES
from accord.io import read_deu3
from accord.io.scenarios import write_atomically

backtest_app = typer.Typer(
    help="Score forecasting models against recorded outcomes.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _write_csv(bt: Backtest, target: str) -> None:
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


def _print_intervals(bt: Backtest, names: list[str]) -> None:
    keys = [level_key(p) for p in LEVELS]
    t = Table(
        title="Intervals, held out by dossier (coverage / mean width)",
        title_justify="left",
    )
    for col in ("model", *(f"{k}%" for k in keys), "interval score", "naive pooled"):
        t.add_column(col)
    for m in names:
        cal = bt.calibration[m]
        cells = [f"{cal.intervals[k].coverage:.0%} / {cal.intervals[k].width:.1f}" for k in keys]
        t.add_row(m, *cells, f"{cal.interval_score:.2f}", f"{cal.naive_interval_score:.2f}")
    out.print(t)
    out.print(
        "intervals: forecast +- a conformal quantile of the errors in units of each issue's "
        "spread of positions; interval score (Gneiting & Raftery 2007, lower is better) "
        "against intervals from the pooled absolute errors of every issue"
    )


@backtest_app.command("deu3")
def backtest_command(
    path: Annotated[str, typer.Argument(metavar="PATH", help="a DEU III tab-separated file")],
    models: Annotated[
        str, typer.Option("--models", help=f"models, comma-separated: {', '.join(MODEL_NAMES)}")
    ] = "compromise,median",
    capability: Annotated[
        str,
        typer.Option(
            "--capability",
            help="votes: Council votes (Nice), Commission and Parliament 29 each; "
            "row2: the file's row-2 weights",
        ),
    ] = "votes",
    json_: JsonOpt = False,
    output: Annotated[
        str | None,
        typer.Option("--out", help="write each scored issue's predictions to this .csv file"),
    ] = None,
    intervals: Annotated[
        bool,
        typer.Option(
            "--intervals/--no-intervals",
            help="calibrate 50/80/90% intervals, leave-one-dossier-out (needs 20 issues "
            "in 5 dossiers)",
        ),
    ] = True,
) -> None:
    """Forecast every scorable DEU III issue and report each model's absolute errors.

    With intervals (the default), also each model's 50/80/90% predictive intervals,
    calibrated leave-one-dossier-out: their coverage, mean width and interval score, and
    the interval score of naive intervals from the pooled absolute errors.
    """
    names = model_names(models)
    if capability not in CAPABILITIES:
        raise UsageProblem(f"unknown capability '{capability}'; valid: {', '.join(CAPABILITIES)}")
    if not Path(path).is_file():
        raise UsageProblem(f"no file '{path}'")
    try:
        bt = backtest(read_deu3(path), names, capability=capability, intervals=intervals)
    except TooFewToCalibrate as exc:
        raise UsageProblem(f"{exc}; --no-intervals scores the forecasts without them") from None
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
    for col in ("model", "issues", "mean abs. error", "median abs. error", f"vs {BASELINE}"):
        t.add_column(col)
    for m in names:
        sc = bt.scores[m]
        vs = bt.versus.get(m)
        versus = "" if vs is None else f"{vs.mean_diff:+.2f} ({vs.low:+.2f} to {vs.high:+.2f})"
        t.add_row(m, str(sc.n), f"{sc.mae:.2f}", f"{sc.median_ae:.2f}", versus)
    out.print(t)
    if bt.versus:
        out.print(
            f"vs {BASELINE}: the mean change in absolute error on the issues both forecast, "
            "with its 95% interval (clustered by dossier); an interval that contains 0 "
            "cannot tell the models apart"
        )
    out.print(f"{bt.skipped} issue(s) not scored (no outcome in 0-100 or fewer than 3 actors)")
    if "nash" in names:
        out.print("nash: scored only where the file gives a reference point (its status quo)")
    if bt.calibration:
        _print_intervals(bt, names)
    if bt.ensemble is not None:
        weights = ", ".join(f"{m} {w:.2f}" for m, w in bt.ensemble["weights"].items())
        out.print(
            f"ensemble: scored leave-one-dossier-out ({bt.ensemble['folds']} folds); "
            f"weights fitted on every issue: {weights}"
        )
    if output is not None:
        out.print(f"wrote {len(bt.issues)} predictions to {output}")
