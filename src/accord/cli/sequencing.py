"""``accord sequence``: what a phased draft is worth when commitments may be broken.

Thin: the numbers come from :mod:`accord.analysis.sequencing` (one order, the search over
orders) and :mod:`accord.uncertainty.commitments` (Monte Carlo over the beliefs).
"""

from __future__ import annotations

import math
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from accord.analysis.sequencing import (
    OrderGains,
    OrderSearch,
    Sequenced,
    SequencingError,
    search_orders,
    sequence,
)
from accord.cli.common import UsageProblem, emit_json, out
from accord.cli.options import DEFAULT_SCENARIO, BatnaChoice, BatnaOpt, JsonOpt, ScenarioArg
from accord.cli.scenario import check_proposal_ids, open_scenario
from accord.model import Scenario
from accord.overview.words import name
from accord.uncertainty.commitments import SequenceDraws, sequence_draws


def _num(x: float, fmt: str = ".3f") -> str:
    return "unknown" if math.isnan(x) else format(x, fmt)


def _range(lo: float, hi: float) -> str:
    if math.isnan(lo) or math.isnan(hi):
        return "unknown"
    return f"{lo:.3f}" if abs(hi - lo) < 5e-4 else f"{lo:.3f}–{hi:.3f}"


def sequence_command(
    proposal: Annotated[str, typer.Option("--proposal", help="the draft to sequence (its id)")],
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    order: Annotated[
        str | None,
        typer.Option(
            "--order",
            metavar="ID|a,b,c",
            help="a named order of the draft, or every phase id once, comma-separated "
            "(default: the draft's own order)",
        ),
    ] = None,
    search: Annotated[
        bool,
        typer.Option(
            "--search", help="value every order the phases' requires allow (up to 8 phases)"
        ),
    ] = False,
    draws: Annotated[
        int | None,
        typer.Option("--draws", min=1, help="Monte Carlo: draw the beliefs' spreads N times"),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="seed of the draws (default 0; the output records it)")
    ] = 0,
    batna: BatnaOpt = BatnaChoice.perceived,
    json_: JsonOpt = False,
) -> None:
    """Value a phased draft when commitments may be broken: courses, best order, drivers.

    Phases are carried out in order; each committed point is kept with the chance the
    evaluating actor gives it, and a breach halts everything after it. Shows each actor's
    value if all is kept, its expected value, worst case and gain over its BATNA, and which
    commitments matter most; --search ranks every order of the phases; --draws draws the
    beliefs' spreads. The model is in docs/sequencing.md.
    """
    s = open_scenario(scenario)
    check_proposal_ids(s, proposal)
    chosen = [p.strip() for p in order.split(",") if p.strip()] if order else None
    try:
        result = sequence(s, proposal, chosen, view=batna.value)
        found = search_orders(s, proposal, view=batna.value) if search else None
        drawn = (
            sequence_draws(s, proposal, draws, seed, chosen, batna.value)
            if draws is not None
            else None
        )
    except SequencingError as exc:
        raise UsageProblem(str(exc)) from None
    if json_:
        doc: dict[str, object] = {"sequence": result}
        if found is not None:
            doc["search"] = found
        if drawn is not None:
            doc["draws"] = drawn
        emit_json(doc)
        return
    steps = (
        " → ".join([*(["at signature"] if result.steps[0].points else []), *result.order])
        or "at signature"
    )
    out.print(Text(f"{result.title} ({result.proposal}): {steps}", style="bold"))
    out.print(_steps_table(s, result))
    out.print(_values_table(s, result))
    if result.drivers:
        out.print(_drivers_table(s, result))
    for t in result.temptations:
        if t.gain > 0:  # the promises it would pay their makers to break (Fearon)
            out.print(
                Text(
                    f"breaking pays {name(s, t.by)}: its {t.kind} ({t.point}, step {t.step}) "
                    f"broken alone once the earlier steps are done is worth {t.broken:.3f} to "
                    f"it against {t.kept:.3f} if all is kept ({t.gain:+.3f})",
                    style="bold",
                )
            )
    if found is not None:
        out.print(_orders_table(s, found))
        for note in found.notes:
            out.print(Text(f"note: {note}", style="dim"))
    if drawn is not None:
        out.print(_draws_table(s, drawn))
        for note in drawn.notes:
            out.print(Text(f"note: {note}", style="dim"))
    for note in result.notes:
        out.print(Text(f"note: {note}", style="dim"))
    out.print(Text("Assumptions:", style="bold"))
    for line in result.assumptions:
        out.print(Text(f"- {line}", style="dim"))
    out.print(Text("See docs/sequencing.md.", style="dim"))


def _steps_table(s: Scenario, r: Sequenced) -> Table:
    t = Table(title="Steps in the order used, and the chance each is carried out in full")
    for col in ("#", "step", "points", "committed points"):
        t.add_column(col)
    for a in r.parties or r.actors:
        t.add_column(f"as {name(s, a)} sees it", justify="right")
    at = {a: i for i, a in enumerate(r.actors)}
    for j, step in enumerate(r.steps):
        t.add_row(
            str(j),
            step.title if step.id == step.title else f"{step.title} ({step.id})",
            ", ".join(step.points) or "—",
            "\n".join(step.committed) or "—",
            *(f"{r.reach[at[a], j]:.2f}" for a in r.parties or r.actors),
        )
    return t


def _values_table(s: Scenario, r: Sequenced) -> Table:
    t = Table(title=f"What the draft is worth to each actor (BATNA: {r.view})")
    for col in ("actor", "if all kept", "expected", "worst case", "BATNA", "expected gain",
                "all kept"):  # fmt: skip
        t.add_column(col, justify="left" if col == "actor" else "right")
    for a, aid in enumerate(r.actors):
        label = name(s, aid) + ("" if aid in r.parties else " (not a party)")
        t.add_row(
            label,
            _range(r.kept_low[a], r.kept_high[a]),
            _range(r.expected_low[a], r.expected_high[a]),
            _num(r.worst[a]),
            _num(r.batna[a]),
            "unknown" if math.isnan(r.gain[a]) else f"{r.gain[a]:+.3f}",
            f"{r.chance_kept[a]:.1%}" if r.chance_kept[a] < 0.1 else f"{r.chance_kept[a]:.0%}",
        )
    return t


def staged_table(s: Scenario, results: list[Sequenced]) -> Table | None:
    """The flat score beside the expected value when commitments may break, per party."""
    if not results:
        return None
    parties = list(results[0].parties or results[0].actors)
    t = Table(
        title="If commitments may break (each draft in its own order; accord sequence for the "
        "courses): value if all is kept → expected value (gain over the BATNA)"
    )
    t.add_column("draft")
    for aid in parties:
        t.add_column(name(s, aid), justify="right")
    for r in results:
        cells = []
        for aid in parties:
            a = r.actors.index(aid)
            gain = "unknown" if math.isnan(r.gain[a]) else f"{r.gain[a]:+.3f}"
            kept = _range(r.kept_low[a], r.kept_high[a])
            cells.append(f"{kept} → {_range(r.expected_low[a], r.expected_high[a])} ({gain})")
        t.add_row(r.proposal, *cells)
    return t


def _drivers_table(s: Scenario, r: Sequenced) -> Table:
    t = Table(
        title="What each commitment would be worth if it were sure to be kept "
        "(rise of the expected value, low end), largest first"
    )
    t.add_column("commitment")
    t.add_column("points")
    for a in r.actors:
        t.add_column(name(s, a), justify="right")
    for d in r.drivers:
        t.add_row(
            f"{name(s, d.by)}: {d.kind}",
            ", ".join(d.points),
            *("unknown" if math.isnan(d.rise_low[a]) else f"{d.rise_low[a]:+.3f}"
              for a in r.actors),
        )  # fmt: skip
    return t


def _orders_table(s: Scenario, found: OrderSearch) -> Table:
    t = Table(
        title=f"Orders of the phases: {found.evaluated:,} evaluated; expected gain over the "
        "BATNA at the low end"
    )
    for col in ("which", "order"):
        t.add_column(col)
    for a in found.parties:
        t.add_column(name(s, a), justify="right")
    t.add_column("smallest", justify="right")

    def row(which: str, g: OrderGains) -> None:
        flag = "" if g.feasible else " (breaks a requires)"
        t.add_row(
            which,
            " → ".join(g.order) + flag or "—",
            *(_num(g.gains.get(a, math.nan), "+.3f") for a in found.parties),
            _num(g.smallest, "+.3f"),
        )

    if found.maximin is not None:
        row("best for the party worst off (maximin)", found.maximin)
    for a, g in found.preferred.items():
        if g is not None:
            row(f"preferred by {name(s, a)}", g)
    row("the draft's own order", found.own)
    for g in found.named:
        row(f"{g.label}: {g.title}", g)
    return t


def _draws_table(s: Scenario, d: SequenceDraws) -> Table:
    t = Table(title=f"Monte Carlo over the beliefs: {d.draws:,} draws, seed {d.seed}")
    for col in ("actor", "expected: median (5% to 95%)", "gain: median (5% to 95%)"):
        t.add_column(col, justify="left" if col == "actor" else "right")

    def cell(row: list[float], sign: str = "") -> str:
        med, lo, hi = row
        if math.isnan(med):
            return "unknown"
        return f"{med:{sign}.3f} ({lo:{sign}.3f} to {hi:{sign}.3f})"

    for a, aid in enumerate(d.actors):
        t.add_row(name(s, aid), cell(list(d.expected_low[a])), cell(list(d.gain[a]), "+"))
    return t
