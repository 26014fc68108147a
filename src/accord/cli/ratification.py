"""Ratification at home in the terminal: what ``accord analyze`` and ``accord score`` add when
a scenario declares ratifiers. Only layout; the findings and their words come from
:mod:`accord.analysis.ratification`."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from accord.analysis.ratification import ActorRatification, Ratified, WinSets, rule_words
from accord.cli.common import out
from accord.model import Scenario
from accord.overview.home import known_names as names

_STYLE = {"ratified": "green", "not ratified": "red", "may fail": "yellow"}
_RATIFIER_STYLE = {"passes": "green", "fails": "red", "may fail": "yellow", "does not vote": "dim"}


def verdict_cell(row: ActorRatification, known: dict[str, str]) -> Text:
    return Text(row.text(known), style=_STYLE.get(row.verdict, ""))


def drafts_table(scenario: Scenario, ratified: Ratified) -> Table | None:
    """One row per draft, one column per ratifying actor: its verdict, blockers and chance."""
    if ratified.empty or not ratified.proposals:
        return None
    known = names(scenario)
    t = Table(
        title="With ratification: each draft as every actor's ratifiers would vote on it "
        "(chance of ratification)",
        title_justify="left",
    )
    t.add_column("draft", overflow="fold")
    for actor in ratified.actors:
        entry = next(e for e in scenario.ratification if e.actor == actor)
        quota = None if entry.quota is None else float(entry.quota)
        t.add_column(
            f"{known.get(actor, actor)} ({rule_words(entry.rule.value, quota)})",
            overflow="fold",
        )
    for pid in ratified.proposals:
        t.add_row(pid, *[verdict_cell(ratified.row(pid, a), known) for a in ratified.actors])
    return t


def ratifiers_table(scenario: Scenario, ratified: Ratified) -> Table | None:
    """One row per draft and ratifier: its vote, utility against threshold, verdict, chance."""
    if ratified.empty or not ratified.proposals:
        return None
    known = names(scenario)
    t = Table(title="Ratifiers on each draft", title_justify="left")
    for col in (
        "draft",
        "ratifier",
        "votes",
        "utility / threshold",
        "verdict",
        "chance",
        "red lines",
    ):
        t.add_column(col, overflow="fold")
    for row in ratified.rows:
        for v in row.ratifiers:
            utility = "no stances" if v.low is None else _range(v.low, v.high or v.low, 2)
            threshold = "none" if v.threshold is None else f"{v.threshold:.2f}"
            if v.spread:
                threshold += f" ± {v.spread:.2f}"
            lo, hi = v.probability
            chance = "—" if v.verdict == "does not vote" else _range(lo, hi, 0, percent=True)
            crossed = (
                ", ".join(f"{scenario.issue(i).name} ({s})" for i, s in v.red_lines.items()) or "—"
            )
            t.add_row(
                row.proposal,
                f"{known.get(v.ratifier, v.ratifier)} ({known.get(row.actor, row.actor)})",
                v.votes,
                f"{utility} / {threshold}",
                Text(v.verdict, style=_RATIFIER_STYLE.get(v.verdict, "")),
                chance,
                crossed,
            )
    return t


def _range(lo: float, hi: float, digits: int, *, percent: bool = False) -> str:
    def fmt(x: float) -> str:
        return f"{x:.{digits}%}" if percent else f"{x:.{digits}f}"

    return fmt(lo) if fmt(lo) == fmt(hi) else f"{fmt(lo)}–{fmt(hi)}"


def print_ratification(scenario: Scenario, ratified: Ratified, sets: WinSets) -> None:
    """What ``accord analyze`` adds: win-sets, the ZOPA with and without ratification, each
    draft's ratification and the assumptions, in that order. Nothing without ratifiers."""
    if ratified.empty and sets.empty:
        return
    out.print(
        "Ratification at home (two-level games: a party can agree only to what its ratifiers pass)",
        style="bold",
    )
    for line in sets.lines():
        out.print(f"  {line}", highlight=False)
    for note in sets.notes:
        out.print(Text(f"  {note}", style="dim"))
    for table in (drafts_table(scenario, ratified), ratifiers_table(scenario, ratified)):
        if table is not None:
            out.print(table)
    print_assumptions(ratified)


def print_assumptions(ratified: Ratified) -> None:
    if ratified.assumptions:
        out.print(Text("Assumed: " + "; ".join(ratified.assumptions) + ".", style="dim"))
