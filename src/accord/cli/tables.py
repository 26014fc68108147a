"""Rich tables for the terminal: the same results the JSON output carries.

Only the tables and their colours are built here; every number, range and setting is worded
by :mod:`accord.overview.words`, as the report and the web app word them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from accord.analysis import ProposalDiff, Scorecard
from accord.analysis.bargaining import Analysis
from accord.analysis.scoring import RedLine
from accord.analysis.space import outcome_space
from accord.cli.common import coloured
from accord.model import Scenario
from accord.model.dated import Move, StancesAsOf, Standing
from accord.overview.crossings import crossings
from accord.overview.margins import card_close_calls, close_calls, scenario_spreads
from accord.overview.marks import batna_marked, capability_marked, firmness_marked, salience_marked
from accord.overview.packages import short_crossed, solution_checks
from accord.overview.words import (
    amendment_text,
    dated_value_text,
    fmt_gain,
    fmt_range,
    settings_text,
    zopa_settings_text,
)


def gain_cell(lo: float, hi: float) -> Text:
    """A gain in utility, green when sure, red when a sure loss, yellow when open."""
    text = fmt_gain(lo, hi)
    style = "green" if lo > 5e-4 else "red" if hi < -5e-4 else "yellow" if hi - lo > 5e-4 else "dim"
    return Text(text, style=style)


def actors_table(
    scenario: Scenario, brief: bool = False, batnas: dict[str, str] | None = None
) -> Table:
    """Actors with their capability and BATNA, each marked where it rests on judgement
    (:mod:`accord.overview.marks`). ``batnas``: each actor's BATNA labelled with its view and
    marked (:func:`accord.overview.marks.batna_marked`). The long texts (what no deal means,
    the aliases) are :func:`actor_texts`, printed under the table: in a column they would
    wrap a word to a line. ``brief`` is kept for callers; the table is the same."""
    t = Table(title="Actors", title_justify="left", expand=False)
    for col in ("id", "name", "role", "capability", "BATNA utility"):
        t.add_column(col, overflow="fold")
    for a in scenario.actors:
        util = (batnas or {}).get(a.id) or batna_marked(scenario, a.id, "assessed")
        t.add_row(a.id, a.name, str(a.role), capability_marked(a), util)
    return t


def actor_texts(scenario: Scenario) -> list[Text | Padding]:
    """What no deal means for each actor, and the other names it goes by: a paragraph each."""
    lines: list[Text | Padding] = [
        Text("What no deal means for each actor (its BATNA):", style="bold")
    ]
    for a in scenario.actors:
        line = Text(f"{a.name}: ", style="bold")
        line.append(a.batna.description if a.batna is not None else "not recorded", style="")
        if a.aliases:
            line.append(f" Also called {', '.join(a.aliases)}.", style="dim")
        lines.append(Padding(line, (0, 0, 0, 2)))
    return lines


def issues_table(scenario: Scenario) -> Table:
    t = Table(title="Issues", title_justify="left")
    for col in ("id", "name", "kind", "settings (one pole → the other)"):
        t.add_column(col, overflow="fold")
    for i in scenario.issues:
        t.add_row(i.id, i.name, str(i.kind), settings_text(i))
    return t


def stances_table(scenario: Scenario, stood: StancesAsOf | None = None) -> Table:
    """Each actor's position, salience and red line per issue; a dated stance says from when
    its values hold, and (``stood``: replayed as of a date) which came from an earlier entry."""
    t = Table(
        title="Stances: position (salience 0-1: how much the issue matters), red line",
        title_justify="left",
    )
    t.add_column("issue", overflow="fold")
    actors = [a for a in scenario.actors if any(s.actor == a.id for s in scenario.stances)]
    for a in actors:
        t.add_column(a.id, overflow="fold")
    for issue in scenario.issues:
        cells = []
        for a in actors:
            st = scenario.stance(a.id, issue.id)
            if st is None:
                cells.append(Text("—", style="dim"))
                continue
            cell = Text(f"{issue.label(st.position)} ({salience_marked(scenario, st, bare=True)})")
            if st.red_line is not None:
                cell.append(f"\nred line: {issue.label(st.red_line)}", style="red")
                soft = firmness_marked(scenario, st)
                if soft:
                    cell.append(f" ({soft})", style="red")
            mark = _dated_mark(stood.standing(a.id, issue.id) if stood else None, st.since)
            if mark:
                cell.append(f"\n{mark}", style="cyan")
            cells.append(cell)
        t.add_row(issue.id, *cells)
    return t


def _dated_mark(standing: Standing | None, since: object) -> str:
    if standing is None:
        return f"since {since}" if since is not None else ""
    if standing.status == "dated":
        return f"{', '.join(standing.fields) or 'as now'}: from {standing.holds_from}"
    if standing.status == "earliest":
        return f"{', '.join(standing.fields)}: earliest known ({standing.holds_from})"
    if standing.status == "unrecorded":
        return "no earlier value recorded"
    return f"since {standing.holds_from}"


def batna_marks(stood: StancesAsOf | None) -> dict[str, str]:
    """Per actor, what a replay took from a dated entry of its BATNA ('' where nothing)."""
    if stood is None:
        return {}
    return {
        x.actor: _dated_mark(x, None)
        for x in stood.standings
        if x.issue is None and x.status != "current"
    }


def moves_table(scenario: Scenario, found: list[Move]) -> Table:
    """Who moved, when, on what: every recorded change of a stance or BATNA, in date order."""
    t = Table(title="Moves: recorded changes of stances and BATNAs", title_justify="left")
    for col in ("date", "actor", "on", "value", "from", "to", "sources"):
        t.add_column(col, overflow="fold")
    for m in found:
        on = "BATNA" if m.issue is None else m.issue
        said = ", ".join(m.sources) or (f"judgement: {m.judgement}" if m.judgement else "—")
        t.add_row(
            str(m.date),
            m.actor,
            on,
            m.field,
            dated_value_text(scenario, m.issue, m.field, m.old),
            dated_value_text(scenario, m.issue, m.field, m.new),
            said,
        )
    return t


def proposals_table(scenario: Scenario, card: Scorecard) -> Table:
    t = Table(title="Drafts", title_justify="left")
    for col in ("id", "date", "title", "authors", "based on", "points", "set", "unknown", "silent"):
        t.add_column(col, overflow="fold")
    for p, prop in enumerate(scenario.proposals):
        states = [str(s) for s in card.states[p]]
        t.add_row(
            prop.id,
            str(prop.date or "—"),
            prop.title,
            ", ".join(prop.authors) or "—",
            prop.based_on or "—",
            str(len(prop.points)),
            str(states.count("set")),
            str(states.count("unknown")),
            str(states.count("silent")),
        )
    return t


def scorecard_table(
    scenario: Scenario, card: Scorecard, batnas: dict[str, str] | None = None
) -> Group:
    t = Table(
        title="Scorecard: each draft's utility for each actor",
        title_justify="left",
    )
    t.add_column("draft")
    for aid in card.actors:
        t.add_column(aid, justify="right")
    batna = [
        Text("unknown", style="dim")
        if np.isnan(b)
        else Text((batnas or {}).get(aid, f"{b:.2f}"), style="bold")
        for aid, b in zip(card.actors, card.batna, strict=True)
    ]
    close = card_close_calls(scenario, card)  # margins within the noise: no verdict
    colour = coloured()
    for p, pid in enumerate(card.proposals):
        cells = []
        for a in range(len(card.actors)):
            verdict = "straddles" if close[a, p] else card.versus_batna(a, p)
            style = {"above": "green", "below": "red", "straddles": "yellow"}.get(verdict, "")
            cell = Text(fmt_range(card.low[a, p], card.high[a, p]), style=style)
            if close[a, p]:
                cell.append(" ≈", style="yellow")
            elif verdict == "below" and not colour:  # said in text where colour cannot say it
                cell.append(" ↓")
            n_cross = int((card.red_line[a, p] == 2).sum())
            n_may = int((card.red_line[a, p] == 1).sum())
            if n_cross or n_may:
                cell.append(f" ✗{n_cross}" if n_cross else "", style="bold red")
                cell.append(f" ?{n_may}" if n_may else "", style="magenta")
            cells.append(cell)
        t.add_row(pid, *cells)
    t.add_section()
    t.add_row(Text("no deal (BATNA)", style="bold"), *batna)
    versus = (
        "green: above the actor's BATNA · red: below · yellow: the range spans it"
        if colour
        else "↓: below the actor's BATNA (no mark: above it, or the BATNA is unknown)"
    )
    legend = Text(
        "0 = the worst outcome for that actor, 1 = the best; a range where the draft's settings "
        f"are unknown or silent.\n{versus} · ≈: too close to call (the range reaches the BATNA, "
        "or its worst case lies inside the BATNA's spread) · ✗n: red lines crossed · ?n: red "
        "lines that may be crossed",
        style="dim",
    )
    return Group(t, legend)


def red_lines_table(scenario: Scenario, card: Scorecard) -> Table | None:
    t = Table(title="Red lines crossed", title_justify="left")
    for col in ("draft", "actor", "issue", "draft says", "red line", "status"):
        t.add_column(col, overflow="fold")
    rows = crossings(scenario, card)
    for c in rows:
        style = "bold red" if c.status is RedLine.crosses else "magenta"
        red_line = c.red_line if c.red_line is not None else ""
        t.add_row(c.proposal, c.actor, c.issue, c.says, red_line, Text(str(c.status), style=style))
    return t if rows else None


def diff_table(scenario: Scenario, diff: ProposalDiff) -> Table:
    actors = list(diff.total_low)
    t = Table(
        title=f"What changed from {diff.before} to {diff.after} (gain in utility)",
        title_justify="left",
    )
    t.add_column("issue", overflow="fold")
    t.add_column(diff.before, overflow="fold")
    t.add_column(diff.after, overflow="fold")
    for a in actors:
        t.add_column(a, justify="right")
    for c in diff.changes:
        t.add_row(
            scenario.issue(c.issue).name,
            c.before,
            c.after,
            *(gain_cell(c.gain_low[a], c.gain_high[a]) for a in actors),
        )
    if not diff.changes:
        t.add_row("(no issue changed)", "", "", *("" for _ in actors))
    t.add_section()
    t.add_row(
        Text("total", style="bold"),
        "",
        "",
        *(gain_cell(diff.total_low[a], diff.total_high[a]) for a in actors),
    )
    return t


# --- bargaining analysis -------------------------------------------------------------------
def zopa_panel(scenario: Scenario, analysis: Analysis) -> Group:
    z = analysis.zopa
    names = ", ".join(scenario.actor(a).name for a in z.parties)
    parts: list[Any] = []
    if z.exists:
        parts.append(Text(f"ZOPA for {names}: yes — {z.size_text()}", style="bold green"))
        t = Table(title="Settings that occur in the ZOPA", title_justify="left")
        t.add_column("issue", overflow="fold")
        t.add_column("settings every party can accept", overflow="fold")
        for issue in scenario.issues:
            t.add_row(issue.name, zopa_settings_text(issue, z.settings.get(issue.id, [])))
        parts.append(t)
    else:
        parts.append(
            Text(
                f"ZOPA for {names}: none — no outcome every party prefers to no deal",
                style="bold red",
            )
        )
        if z.diagnosis is not None:
            parts.append(Text(z.diagnosis.text(), style="red"))
        if analysis.soft is not None:
            parts.append(Text(analysis.soft.text(), style="yellow"))
    for note in z.notes:
        parts.append(Text(note, style="dim"))
    return Group(*parts)


def solutions_table(scenario: Scenario, analysis: Analysis) -> Group:
    head = Text(
        f"Pareto frontier: {analysis.frontier.size:,} outcomes (of {analysis.space.size:,.0f} "
        "that cross no party's red line)",
        style="bold",
    )
    parts: list[Any] = [head]
    strict = _solutions(scenario, analysis.bargaining, "Bargaining solutions")
    if strict is not None:
        parts.append(strict)
    else:
        parts.append(
            Text(
                "No bargaining solution: no outcome that crosses no red line gives every "
                "party its BATNA.",
                style="red",
            )
        )
        if analysis.relaxed is not None:
            title = "If red lines were soft (BATNAs only)"
            if analysis.relaxed_soft:
                title = "If soft red lines gave way at their cost"
            relaxed = _solutions(scenario, analysis.relaxed, title)
            parts.append(
                relaxed or Text("Even without red lines no outcome meets every BATNA.", style="red")
            )
    return Group(*parts)


def _solutions(scenario: Scenario, b: Any, title: str) -> Group | None:
    """The solutions found, each with the parties' red lines its package crosses (hard and
    soft, soft with its cost; linked terms included)."""
    found = {k: v for k, v in b.solutions.items() if v is not None}
    if not found:
        return None
    t = Table(title=f"{title} (disagreement point: each party's BATNA)", title_justify="left")
    t.add_column("issue", overflow="fold")
    for name in found:
        t.add_column(name, overflow="fold")
    for issue in scenario.issues:
        t.add_row(issue.name, *(issue.label(sol.outcome[issue.id]) for sol in found.values()))
    t.add_section()
    for a in b.parties:
        t.add_row(
            Text(f"{a} utility (gain)", style="bold"),
            *(f"{sol.utility[a]:.2f} ({sol.gain[a]:+.2f})" for sol in found.values()),
        )
    checks = solution_checks(scenario, b, outcome_space(scenario, list(b.parties)))
    t.add_row(
        Text("red lines crossed", style="bold"),
        *(short_crossed(scenario, checks[k].crossed) for k in found),
    )
    return Group(t, *(Text(n, style="dim") for n in b.notes))


def verdicts_table(scenario: Scenario, analysis: Analysis) -> Table:
    basis = "" if analysis.relaxed is None else " (dominance and distance with red lines soft)"
    if analysis.relaxed_soft:
        basis = " (dominance and distance with soft red lines at their cost)"
    t = Table(
        title=f"Drafts: who accepts, whether a better deal exists, the smallest amendment{basis}",
        title_justify="left",
    )
    t.add_column("draft")
    for a in analysis.parties:
        t.add_column(a, justify="right")
    t.add_column("all accept")
    t.add_column("dominated")
    t.add_column("to Nash", justify="right")
    t.add_column("smallest amendment", overflow="fold")
    colour = {"yes": "green", "no": "red", "maybe": "yellow"}
    lo, hi = scenario_spreads(scenario, analysis.parties)
    for v in analysis.verdicts:
        low = np.array([[v.low[a]] for a in analysis.parties])
        high = np.array([[v.high[a]] for a in analysis.parties])
        batna = np.array([_batna(scenario, a) for a in analysis.parties])
        close = close_calls(low, high, batna, lo, hi)[:, 0]  # within the noise: no verdict
        cells = [
            Text(
                f"{fmt_range(v.low[a], v.high[a])} {v.accepts[a]}"
                + (", too close to call" if close[k] else ""),
                style="yellow" if close[k] else colour[v.accepts[a]],
            )
            for k, a in enumerate(analysis.parties)
        ]
        nash = v.distance.get("nash")
        t.add_row(
            v.proposal,
            *cells,
            Text(v.accepted, style=colour[v.accepted]),
            v.dominated,
            "—" if nash is None else f"{nash:.2f}",
            amendment_text(scenario, v.amendment),
        )
    return t


def _batna(scenario: Scenario, actor: str) -> float:
    """An actor's BATNA utility in ``scenario`` (NaN: unknown)."""
    b = scenario.actor(actor).batna
    return np.nan if b is None or b.utility is None else float(b.utility)
