"""``accord trades``: exchanges of concessions across issues that both sides gain by.

Thin: the search lives in :mod:`accord.analysis.trades`.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from accord import api
from accord.analysis.trades import ASSUMPTIONS, MAX_ROUNDS, STATUS_QUO, Trade, TradeSequence
from accord.cli.common import UsageProblem, emit_json, out
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
from accord.model import Scenario
from accord.overview.marks import MARK_KEY, batnas_marked
from accord.overview.words import name, names


def trades_command(
    scenario: ScenarioArg = DEFAULT_SCENARIO,
    parties_: PartiesOpt = None,
    source: Annotated[
        str,
        typer.Option(
            "--from",
            metavar="status-quo|PROPOSAL_ID",
            help="the package trading starts from: the status quo (default) or a draft",
        ),
    ] = STATUS_QUO,
    tolerance: Annotated[
        float,
        typer.Option(
            min=0.0, max=1.0, help="utility a party outside a trade may lose by it (default 0)"
        ),
    ] = 0.0,
    rounds: Annotated[
        int, typer.Option(min=0, max=1000, help=f"trades at most (default {MAX_ROUNDS})")
    ] = MAX_ROUNDS,
    top: Annotated[
        int, typer.Option(min=0, max=1000, help="best trades shown per pair from the start")
    ] = 3,
    json_: JsonOpt = False,
    as_of: AsOfOpt = None,
    batna: BatnaOpt = BatnaChoice.perceived,
) -> None:
    """Trades across issues (each side yields where it cares less) that both sides gain by."""
    as_loaded = open_scenario(scenario, as_of)
    labels = batnas_marked(as_loaded, batna.value)
    try:
        traded = api.trades(as_loaded, parties=parties_, source=source, tolerance=tolerance,
                            rounds=rounds, top=top, batna=batna.value)  # fmt: skip
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None
    if json_:
        emit_json(traded.to_dict())
        return
    s, result = traded.scenario, traded.sequence
    start = "the status quo" if source == STATUS_QUO else f"draft '{source}'"
    many = "trade" if len(result.trades) == 1 else "trades"
    out.print(
        Text(
            f"{len(result.trades)} {many} among {names(s, result.parties)} from {start}; "
            f"stopped: {result.stopped}.",
            style="bold",
        )
    )
    if result.trades:
        out.print(_trades_table(s, result))
    out.print(_package_table(s, result))
    out.print(_utilities_table(s, result, labels))
    out.print(Text(MARK_KEY, style="dim"))
    for when, n in (("at the start", 0), ("at the end", -1)):
        out.print(Text(f"Red lines crossed {when}: {_crossed(s, result, n)}"))
    if top:
        out.print(_pairs_table(s, result, top))
    out.print(
        Text(
            "Assumptions: " + "; ".join(ASSUMPTIONS) + ". A trade may cost a party outside it "
            f"at most {tolerance:g} and may not newly cross a party's red line. "
            "Exact over the outcome space's grid; see docs/negotiation-analysis.md.",
            style="dim",
        )
    )


def _setting(s: Scenario, issue_id: str, value: object) -> str:
    issue = s.issue(issue_id)
    return f"{issue.name}: {issue.label(value)}"


def _others(s: Scenario, t: Trade) -> str:
    rest = [f"{name(s, a)} {g:+.3f}" for a, g in t.gain.items() if a not in (t.giver, t.receiver)]
    return ", ".join(rest) or "—"


def _trades_table(s: Scenario, result: TradeSequence) -> Table:
    t = Table(title="Trades, in the order made")
    for col in ("#", "yields", "in return for", "gains", "others"):
        t.add_column(col)
    for n, trade in enumerate(result.trades, 1):
        t.add_row(
            str(n),
            f"{name(s, trade.giver)} → {_setting(s, *trade.gives)}",
            f"{name(s, trade.receiver)} → {_setting(s, *trade.gets)}",
            f"{name(s, trade.giver)} {trade.gain[trade.giver]:+.3f}, "
            f"{name(s, trade.receiver)} {trade.gain[trade.receiver]:+.3f}",
            _others(s, trade),
        )
    return t


def _package_table(s: Scenario, result: TradeSequence) -> Table:
    t = Table(title="The package: from the reference to the end of the sequence")
    for col in ("issue", "reference", "after trading", "reference from"):
        t.add_column(col)
    first, last = result.packages[0], result.package
    for issue in s.issues:
        before, after = first[issue.id], last[issue.id]
        moved = before != after
        t.add_row(
            issue.name,
            issue.label(before),
            Text(issue.label(after), style="bold" if moved else "") if moved else "same",
            result.reference.origin[issue.id],
        )
    return t


def _utilities_table(s: Scenario, result: TradeSequence, labels: dict[str, str]) -> Table:
    t = Table(title="Utility of each party")
    for col in ("party", "before", "after", "change", "BATNA"):
        t.add_column(col)
    for a, (before, after) in result.utilities.items():
        batna = s.actor(a).batna
        shown = f"{batna.utility:.3f}" if batna and batna.utility is not None else "unknown"
        shown = labels.get(a, shown)
        t.add_row(name(s, a), f"{before:.3f}", f"{after:.3f}", f"{after - before:+.3f}", shown)
    return t


def _crossed(s: Scenario, result: TradeSequence, n: int) -> str:
    found = result.crossings[n]
    if not found:
        return "none."
    return (
        "; ".join(
            f"{name(s, a)} on {', '.join(s.issue(i).name for i in issues)}"
            for a, issues in found.items()
        )
        + "."
    )


def _pairs_table(s: Scenario, result: TradeSequence, top: int) -> Table:
    t = Table(title=f"Trades available from the reference, per pair (best {top})")
    for col in ("pair", "trades", "yields", "in return for", "smaller gain"):
        t.add_column(col)
    for pair in result.pairs:
        label = f"{name(s, pair.giver)} – {name(s, pair.receiver)}"
        if not pair.trades:
            t.add_row(label, "0", "—", "—", "—")
        for k, trade in enumerate(pair.trades[:top]):
            t.add_row(
                label if k == 0 else "",
                str(len(pair.trades)) if k == 0 else "",
                f"{name(s, trade.giver)} → {_setting(s, *trade.gives)}",
                f"{name(s, trade.receiver)} → {_setting(s, *trade.gets)}",
                f"{trade.smaller_gain:.3f}",
            )
    return t
