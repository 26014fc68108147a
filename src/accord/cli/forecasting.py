"""``accord forecast``: outcome forecasts, with the chance of a deal first.

Thin: all numbers come from :mod:`accord.forecast`. Problems are raised as
:class:`~accord.model.problems.ScenarioError` or :class:`accord.cli.common.UsageProblem`,
which ``accord.cli.app.main`` prints as one line each with exit code 2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer
from rich.table import Table

from accord import api
from accord.cli.common import UsageProblem, checked, emit_json, err, out, require_extra
from accord.cli.forecast_honoured import pct, print_commitments, print_ratification
from accord.cli.options import (
    DEFAULT_SCENARIO,
    AsOfOpt,
    BatnaChoice,
    BatnaOpt,
    JsonOpt,
    ScenarioArg,
)
from accord.cli.scenario import open_scenario
from accord.forecast.backends import BACKENDS
from accord.forecast.eum import PRESETS
from accord.forecast.models import (
    MODEL_NAMES,
    MODELS,
    Forecast,
    ModelName,
)
from accord.forecast.montecarlo import Simulation
from accord.forecast.sensitivity import Sensitivity
from accord.model import Scenario
from accord.model.problems import suggest
from accord.overview.basis import tornado_inputs
from accord.overview.words import JUDGEMENT_MARK, number_text, scale_text, setting_label
from accord.results.arguments import eum_options as shared_eum_options
from accord.results.arguments import parse_eum_option

#: The Monte Carlo backends that need an optional install, with its extra and modules.
BACKEND_EXTRAS = {"dask": ("dask", ("dask", "distributed"))}


def model_name(text: str) -> ModelName:
    """The model ``text`` names (surrounding spaces ignored), or a one-line UsageProblem.

    The ``--model`` option's parser: Click hands it the text (or the default) and the
    command receives the enumeration member.
    """
    try:
        return ModelName(text.strip())
    except ValueError:
        raise UsageProblem(
            f"unknown model '{text}'{suggest(text.strip(), MODEL_NAMES)}; "
            f"models: {', '.join(MODEL_NAMES)}"
        ) from None


def model_names(text: str) -> list[str]:
    """``"compromise, median"`` -> ``["compromise", "median"]``: known, once each, in order."""
    names = [m.strip() for m in text.split(",") if m.strip()]
    if not names:
        raise UsageProblem(f"no model given; models: {', '.join(MODEL_NAMES)}")
    return list(dict.fromkeys(model_name(m).value for m in names))


#: The models the demo compares.
DEMO_MODELS = ("compromise", "median", "eum", "nash")


def unsettled_lines(s: Scenario, forecasts: dict[str, Forecast]) -> list[str]:
    """The footnotes of the issues an iterative model did not settle on (marked ``*``)."""
    from accord.overview.settled import MARK, unsettled

    issues = {i.id: i for i in s.issues}
    return [
        f"{MARK} {m}, {iid}: {text}"
        for m, f in forecasts.items()
        for iid, text in unsettled(f, issues).items()
    ]


def forecasts_table(s: Scenario, forecasts: dict[str, Forecast]) -> Table:
    """Each issue's nearest setting under each model, side by side; a forecast the model did
    not settle on is marked, and the caption says why."""
    from accord.overview.settled import MARK

    notes = unsettled_lines(s, forecasts)
    t = Table(
        title="If a deal is reached: where each issue would land, by model (nearest setting)",
        title_justify="left",
        caption="\n".join(notes) or None,
        caption_justify="left",
    )
    t.add_column("issue")
    for m in forecasts:
        t.add_column(m, overflow="fold")
    for issue in s.issues:
        cells = []
        for f in forecasts.values():
            one = f.issue(issue.id)
            cell = "—" if one.value is None else str(one.label)
            cells.append(cell if one.converged else f"{cell} {MARK}")
        t.add_row(issue.id, *cells)
    return t


#: First-round challenges listed in the text output (all of them, every round, in --json).
PRESSURE_LINES = 15


def _progress_bar(label: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A progress callback drawing a bar on stderr (only on a terminal), and its closer."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    task = bar.add_task(label, total=None)
    bar.start()

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return update, bar.stop


def forecast_command(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    model: Annotated[
        ModelName,
        typer.Option(
            "--model",
            parser=model_name,
            # the help lists the models; the metavar stays the one a plain text option has
            metavar="<str>",
            help=f"forecasting model: {', '.join(MODEL_NAMES)}",
        ),
    ] = ModelName.compromise,
    draws: Annotated[
        int | None,
        typer.Option(
            "--draws", help="Monte Carlo: draw N scenarios from the scenario's spreads", min=1
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="seed of the draws (default 0; the result records it)"),
    ] = None,
    sensitivity_: Annotated[
        bool,
        typer.Option(
            "--sensitivity",
            help="with --draws: tornado table and first-order (variance) indices",
        ),
    ] = False,
    backend: Annotated[
        str, typer.Option("--backend", help="where draws run: numpy, processes (local pool), dask")
    ] = "numpy",
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            help="with --backend dask: scheduler, e.g. tcp://host:8786 (default: a local cluster)",
        ),
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option("--preset", help=f"with --model eum: options preset ({', '.join(PRESETS)})"),
    ] = None,
    option: Annotated[
        list[str] | None,
        typer.Option(
            "--option",
            help="with --model eum: one option, NAME=VALUE (repeatable; see docs/eum.md)",
        ),
    ] = None,
    json_: JsonOpt = False,
    as_of: AsOfOpt = None,
    batna: BatnaOpt = BatnaChoice.perceived,
) -> None:
    """Forecast each issue's outcome with a model (compromise, median, eum, nash, ensemble).

    Every forecast starts with the chance of a zone of agreement (the share of Monte Carlo
    draws with a ZOPA, seeded) and the forecast taken as a package: the red lines it
    crosses and each party's utility against its alternative. The per-issue forecasts hold
    if a deal is reached. With --draws, also the spread of the forecast over the scenario's
    uncertainties, the chance each draft is acceptable to each party and the chance a ZOPA exists,
    each beside the same with ratification at home, and phased drafts valued with commitments
    that may break.
    """
    name = model.value
    if draws is None:
        for flag, given in (
            ("--seed", seed is not None),
            ("--sensitivity", sensitivity_),
            ("--backend", backend != "numpy"),
            ("--address", address is not None),
        ):
            if given:
                raise UsageProblem(f"{flag} needs --draws N (the number of Monte Carlo draws)")
    elif name not in MODELS:
        raise UsageProblem(
            f"--draws works with the array models ({', '.join(MODELS)}); "
            f"'{name}' bargains over the whole outcome space and has no draw axis"
        )
    if backend not in BACKENDS:
        raise UsageProblem(f"unknown backend '{backend}'; backends: {', '.join(BACKENDS)}")
    if address is not None and backend != "dask":
        raise UsageProblem("--address is for --backend dask")
    if draws is not None and backend in BACKEND_EXTRAS:
        extra, modules = BACKEND_EXTRAS[backend]
        require_extra(f"accord forecast --backend {backend}", extra, modules)
    changes = checked(parse_eum_option, option or [])
    # checked here to word a problem as the flags; accord.api builds the same options
    checked(shared_eum_options, name, preset, changes, drawing=draws is not None, flags=True)
    loaded = open_scenario(scenario, as_of)
    update, close = _progress_bar(f"{draws:,} draws") if draws is not None else (None, None)
    try:
        made = checked(api.forecast, loaded, name, draws=draws, seed=seed,
                       sensitivity=sensitivity_, batna=batna.value, preset=preset,
                       option=changes, backend=backend, address=address,
                       progress=update)  # fmt: skip
    finally:  # an unreachable scheduler, dask missing, a bad spread: the bar is closed
        if close is not None:
            close()
    # Deal or no deal first: the chance of any deal and the forecast as a package, from the
    # simulation when there is one (same draws and seed), else the outlook's own draws.
    from accord.overview.deal import deal_lines, package_lines

    if json_:
        emit_json(made.to_dict())
        return
    s, result, looks = made.scenario, made.forecast, made.outlook
    sim, sens = made.simulation, made.sensitivity
    out.print(f"{s.title}: forecast by the {name} model")
    out.print("Deal or no deal:", style="bold")
    for line in deal_lines(s, looks) + package_lines(s, looks, details=True):
        out.print(f"  {line}", highlight=False)
    ratified = looks.package.ratification
    if ratified:
        out.print("  Ratification at home of this package (the ratifiers' spreads included):")
        for r in ratified:
            tail = "" if r.party else " (not a party: it bounds no deal here)"
            out.print(f"    {r.text}{tail}", highlight=False)
    label = made.issues_assume
    t = Table(title=f"{label[0].upper()}{label[1:]}: where each issue lands ({name} model)",
              title_justify="left")  # fmt: skip
    for col in ("issue", "value", "nearest setting", "actors", "90% interval"):
        t.add_column(col, overflow="fold")
    bands = _intervals(s, result)
    from accord.overview.settled import MARK

    for f in result.issues:
        value = scale_text(s.issue(f.issue), f.value)
        if not f.converged:  # the last round's value, not a forecast: footnoted below
            value += f" {MARK}"
        setting = f.reason or f.label or ""
        t.add_row(f.issue, value, setting, str(len(f.actors)), bands.get(f.issue, "—"))
    out.print(t)
    for line in unsettled_lines(s, {name: result}):
        out.print(line, highlight=False)
    if bands:
        from accord.forecast.calibration import PROVENANCE

        out.print("90% interval: calibrated on recorded EU decisions (docs/forecasting.md)")
        out.print(PROVENANCE, highlight=False)
    for note in result.notes:
        out.print(f"note: {note}")
    if result.rounds:
        _print_rounds(result)
    if sim is not None:
        _print_simulation(s, sim)
    if sens is not None:
        _print_sensitivity(s, sens)


def _intervals(s: Scenario, result: Forecast) -> dict[str, str]:
    """Each issue's calibrated 90% interval in words (none for a model without a fit)."""
    from accord.forecast.calibration import forecast_intervals

    try:
        found = forecast_intervals(s, result)
    except ValueError:
        return {}
    words = {}
    for iid, levels in found.items():
        band = levels.get("90")
        if band is not None:
            ends = (
                (band.labels[0], band.labels[-1])
                if band.labels
                else (scale_text(s.issue(iid), band.low), scale_text(s.issue(iid), band.high))
            )
            words[iid] = " – ".join(dict.fromkeys(ends))
    return words


def _print_rounds(result: Forecast) -> None:
    t = Table(title="Round by round (forecast after each round)", title_justify="left")
    t.add_column("issue")
    for r in range(len(result.rounds)):
        t.add_column(str(r))
    for k, f in enumerate(result.issues):
        if f.value is None:
            continue
        mark = "" if f.converged else " *"  # footnoted under the forecast table
        t.add_row(
            f.issue + mark,
            *("—" if (x := row[k]) is None else number_text(x) for row in result.rounds),
        )
    out.print(t)
    if result.pressure:
        shown = result.pressure[:PRESSURE_LINES]
        out.print("Who would pressure whom in the first round (challenger -> target: kind):")
        for line in shown:
            out.print(f"  {line}")
        if len(result.pressure) > len(shown):
            out.print(f"  ... {len(result.pressure) - len(shown)} more; every round's in --json")


def _print_simulation(s: Scenario, sim: Simulation) -> None:
    t = Table(
        title=f"Over {sim.draws:,} draws (seed {sim.seed}): the forecast's quantiles",
        title_justify="left",
    )
    for col in ("issue", "5%", "25%", "median", "75%", "95%", "most often"):
        t.add_column(col, overflow="fold")
    for summary in sim.issues:
        if summary.quantiles is None:
            t.add_row(summary.issue, *["—"] * 5, "no forecast")
            continue
        q = summary.quantiles
        issue = s.issue(summary.issue)
        top = ""
        if summary.settings:
            best = max(summary.settings, key=lambda k: summary.settings[k])  # type: ignore[index]
            top = f"{setting_label(issue, best)} ({pct(summary.settings[best])})"
        t.add_row(summary.issue, *(scale_text(issue, q[p]) for p in (5, 25, 50, 75, 95)), top)
    out.print(t)
    if sim.acceptance:
        a = Table(
            title="Chance each draft is acceptable (yes; maybe where the draft leaves it open)",
            title_justify="left",
        )
        a.add_column("draft")
        for party in sim.parties:
            a.add_column(party)
        a.add_column("all parties")
        for draft, by_party in sim.acceptance.items():
            cells = []
            for tri in [*by_party.values(), sim.accepted_by_all[draft]]:
                cell = pct(tri["yes"])
                if tri["maybe"] > 0:
                    cell += f" (+{pct(tri['maybe'])} maybe)"
                cells.append(cell)
            a.add_row(draft, *cells)
        out.print(a)
    z = sim.zopa
    if z.probability is not None:
        lo, hi = z.interval or (z.probability, z.probability)
        out.print(
            f"Chance a ZOPA exists: {pct(z.probability)} (95% interval {pct(lo)}–{pct(hi)}; "
            f"{z.method}). {z.note}"
        )
    if sim.ratification is not None:
        print_ratification(sim)
    if sim.commitments is not None:
        print_commitments(sim)
    for note in sim.notes:
        out.print(f"note: {note}")


def _print_sensitivity(s: Scenario, sens: Sensitivity) -> None:
    t = Table(
        title="Sensitivity: the inputs that move the forecast most (tornado, top 3 per issue)",
        title_justify="left",
    )
    for col in ("issue", "input", "at low end", "at high end", "swing", "first-order index"):
        t.add_column(col, overflow="fold")
    judged = False
    for iid, bars in sens.tornado.items():
        issue = s.issue(iid)
        for bar in bars[:3]:
            if bar.swing <= 0:
                continue
            index = sens.index(bar.input, iid)
            found = tornado_inputs(s, [bar.input])
            what = bar.input if not found else found[0].label
            if found and not found[0].sourced and "judgement" not in what:
                what += f" {JUDGEMENT_MARK}"
                judged = True
            swing = number_text(bar.swing)
            t.add_row(
                iid,
                what,
                scale_text(issue, bar.at_low),
                scale_text(issue, bar.at_high),
                swing if issue.kind.value != "continuous" else scale_text(issue, bar.swing),
                "—" if index is None else f"{index:.2f}",
            )
    out.print(t)
    if judged:
        out.print(
            f"{JUDGEMENT_MARK}: an input that rests on the analyst's judgement, not on a "
            "source; its spread is what the sensitivity varies.",
            highlight=False,
        )
    for note in sens.notes:
        out.print(f"note: {note}")
