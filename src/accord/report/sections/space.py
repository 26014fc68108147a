"""Agreement space: the ZOPA (or why there is none) and a two-party Pareto frontier.

The ZOPA is :func:`accord.analysis.zopa.zopa`'s, as ``accord analyze`` prints it. The chart
is the exact Pareto frontier for two parties (:class:`~accord.report.results.PairFrontier`)
with the drafts, the bargaining solutions and each party's BATNA.
"""

from __future__ import annotations

import numpy as np

from accord.overview.packages import short_crossed
from accord.overview.words import join, name, names, sentence, zopa_settings_text
from accord.report.document import (
    Block,
    Bullets,
    Cell,
    Chart,
    Line,
    Paragraph,
    Section,
    Series,
    Table,
)
from accord.report.results import Results

ID = "space"
TITLE = "Agreement space"
#: Frontier points drawn at most (evenly thinned beyond; the caption says so).
MAX_POINTS = 400
#: Bargaining solutions closer than this (utility, on both axes) are drawn as one point.
SAME_SPOT = 0.02
#: Package trades listed at most.
MAX_TRADES = 5


def section(r: Results) -> Section | None:
    if r.zopa is None:
        return None
    blocks: list[Block] = [*zopa_blocks(r)]
    details: list[Block] = []
    solutions = solutions_table(r)
    if solutions is not None:
        details.append(solutions)
    trades = trades_table(r)
    if trades is not None:
        blocks.append(trades)
    chart = frontier_chart(r)
    if chart is not None:
        blocks.append(chart)
    elif len(r.parties) < 2:
        blocks.append(Paragraph("One party only: there is no frontier to draw.", tone="caveat"))
    elif r.pair is None:
        blocks.append(
            Paragraph(
                "The two-party Pareto frontier is too large to list (utilities that mostly "
                "tie), so no frontier is drawn.",
                tone="caveat",
            )
        )
    return Section(ID, TITLE, tuple(blocks), details=tuple(details))


def zopa_blocks(r: Results) -> list[Block]:
    s, z = r.scenario, r.zopa
    assert z is not None
    who = names(s, z.parties)
    out: list[Block] = []
    if z.exists:
        out.append(Paragraph(f"A ZOPA exists for {who}: {z.size_text()}.", tone="finding"))
        rows: list[tuple[Cell, ...]] = []
        for issue in s.issues:
            rows.append((issue.name, zopa_settings_text(issue, z.settings.get(issue.id, []))))
        out.append(
            Table(
                columns=("issue", "settings every party can accept"),
                rows=tuple(rows),
                caption="Each setting listed occurs in at least one outcome of the ZOPA "
                "(not every combination of them does).",
            )
        )
    else:
        out.append(
            Paragraph(
                f"There is no ZOPA for {who}: no outcome gives every party at least its "
                "alternative without crossing a red line.",
                tone="finding",
            )
        )
        if z.diagnosis is not None:
            lines = z.diagnosis.text().split("\n")
            out.append(Paragraph(lines[0], tone="finding"))
            rest = [ln.strip() for ln in lines[1:] if ln.strip()]
            if rest:
                out.append(Bullets(tuple(rest)))
    for note in z.notes:
        out.append(Paragraph(sentence(note), tone="caveat"))
    return out


def solutions_table(r: Results) -> Table | None:
    """Where bargaining among all the parties would land (``accord analyze``'s solutions)."""
    a, s = r.analysis, r.scenario
    if a is None:
        return None
    b = a.bargaining if a.relaxed is None else a.relaxed
    found = {k: v for k, v in b.solutions.items() if v is not None}
    if not found:
        return None
    rows: list[tuple[Cell, ...]] = [
        (issue.name, *(issue.label(sol.outcome[issue.id]) for sol in found.values()))
        for issue in s.issues
    ]
    rows += [
        (
            f"{name(s, p)}: utility (gain over BATNA)",
            *(f"{sol.utility[p]:.2f} ({sol.gain[p]:+.2f})" for sol in found.values()),
        )
        for p in b.parties
    ]
    checks = r.solution_checks
    if checks:
        rows.append(
            (
                "red lines crossed",
                *(short_crossed(s, checks[k].crossed) if k in checks else "" for k in found),
            )
        )
    # said first, beside the solutions: a reader takes a bargaining solution for a settlement
    # unless told that it was found only by dropping what the parties said they would refuse
    relaxed = "" if a.relaxed is None else relaxed_words(a.relaxed_soft, bool(checks)) + " "
    return Table(
        columns=("issue", *found),
        rows=tuple(rows),
        caption=relaxed
        + "Bargaining solutions over the exact Pareto frontier of all the parties, each "
        "party's BATNA the disagreement point: Nash, Nash weighted by capability, "
        "Kalai–Smorodinsky, egalitarian and utilitarian."
        + "".join(" " + sentence(n) for n in b.notes),
    )


def relaxed_words(soft: bool, crossed_row: bool = True) -> str:
    """What relaxed bargaining solutions are, for the sentence beside them: computed with
    every red line dropped (``soft`` False) or with soft ones charged their cost;
    ``crossed_row``: the table shows the red lines each crosses."""
    how = (
        "with the hard red lines kept and the soft ones charged their cost"
        if soft
        else "with every red line dropped (only the BATNAs bound them)"
    )
    row = "; the row 'red lines crossed' says what each asks the parties to give up" * crossed_row
    return (
        f"Not settlements: no outcome respects every red line, so these solutions are "
        f"computed {how}{row}."
    )


def trades_table(r: Results) -> Table | None:
    """Package trades from the status quo (``accord trades``' sequence), each package
    against the parties' BATNAs and every red line it still crosses."""
    seq, s = r.trades, r.scenario
    if seq is None or not seq.trades:
        return None
    rows: list[tuple[Cell, ...]] = []
    for n, t in enumerate(seq.trades[:MAX_TRADES], 1):
        c = r.trade_checks[n]
        rows.append(
            (
                str(n),
                f"{name(s, t.giver)}: {s.issue(t.gives[0]).name} "
                f"({s.issue(t.gives[0]).label(t.gives[1])})",
                f"{name(s, t.receiver)}: {s.issue(t.gets[0]).name} "
                f"({s.issue(t.gets[0]).label(t.gets[1])})",
                "; ".join(f"{name(s, a)} {g:+.2f}" for a, g in t.gain.items()),
                "; ".join(
                    f"{name(s, a)} {u:.2f}"
                    + ("" if c.batna[a] is None else f" (BATNA {c.batna[a]:.2f})")
                    for a, u in c.utility.items()
                ),
                short_crossed(s, c.crossed),
            )
        )
    more = len(seq.trades) - len(rows)
    return Table(
        columns=(
            "trade",
            "concedes",
            "in return for",
            "gain",
            "package utility",
            "red lines crossed",
        ),
        rows=tuple(rows),
        caption="Package trades: the greedy sequence from the status quo (accord trades), "
        "each trade two parties' concessions on two issues that both gain by, costing no "
        "other party and newly crossing no party's red line; each package is checked against "
        "every party's red line, hard and soft (soft with its cost), linked terms included."
        + (f" {more} more trade(s) not shown." if more > 0 else "")
        + f" The sequence stopped: {seq.stopped}.",
    )


def frontier_chart(r: Results) -> Chart | None:
    pf = r.pair
    if pf is None:
        return None
    (pa, pb), why = pf.pair, pf.why
    space, frontier, bargaining, relaxed = pf.space, pf.frontier, pf.bargaining, pf.relaxed
    s, card = r.scenario, r.card
    # the relaxed solutions keep hard red lines and charge soft ones when that is enough
    soft = r.analysis is not None and r.analysis.relaxed_soft
    u = np.asarray(frontier.utilities)
    shown = u[np.argsort(u[:, 0], kind="stable")]
    thinned = len(shown) > MAX_POINTS
    if thinned:
        shown = shown[np.unique(np.linspace(0, len(shown) - 1, MAX_POINTS).round().astype(int))]
    series = []
    if len(shown):
        series.append(
            Series(
                name="Pareto frontier",
                x=tuple(map(float, shown[:, 0])),
                y=tuple(map(float, shown[:, 1])),
                mode="lines+markers",
            )
        )
    if card.proposals:
        ia, ib = card.actors.index(pa), card.actors.index(pb)
        mid = (card.low + card.high) / 2  # [A, P]
        series.append(
            Series(
                name="drafts",
                x=tuple(map(float, mid[ia])),
                y=tuple(map(float, mid[ib])),
                low=tuple(float(v) for v in card.low[ib]),
                high=tuple(float(v) for v in card.high[ib]),
                mode="markers",
                text=card.proposals,
                label_points=True,
            )
        )
    found_sols = {k: v for k, v in bargaining.solutions.items() if v is not None}
    if found_sols:
        # Solutions that land on (nearly) the same point share one marker and one label:
        # separate labels on one spot overprint each other.
        spots: dict[tuple[float, float], list[str]] = {}
        for k, sol in found_sols.items():
            key = (round(sol.utility[pa] / SAME_SPOT), round(sol.utility[pb] / SAME_SPOT))
            spots.setdefault(key, []).append(k)
        firsts = [found_sols[ks[0]] for ks in spots.values()]
        series.append(
            Series(
                name="bargaining solutions"
                + (
                    (" (soft red lines at cost)" if soft else " (red lines dropped)")
                    if relaxed
                    else ""
                ),
                x=tuple(sol.utility[pa] for sol in firsts),
                y=tuple(sol.utility[pb] for sol in firsts),
                mode="markers",
                text=tuple(" = ".join(ks) for ks in spots.values()),
                label_points=True,
            )
        )
    if not series:
        return None
    lines = []
    unknown = []
    for axis, p in (("x", pa), ("y", pb)):
        b = float(space.batna[list(space.actors).index(p)])
        if np.isnan(b):
            unknown.append(name(s, p))
        else:
            lines.append(Line(axis=axis, value=b, label=f"{name(s, p)} BATNA"))  # type: ignore[arg-type]
    caption = [
        f"{name(s, pa)} and {name(s, pb)}: {why}.",
        f"The exact Pareto frontier has {frontier.size:,} outcomes"
        + (f" ({len(shown):,} of them drawn, evenly spaced)" if thinned else "")
        + (
            ", over all outcomes: no outcome respects both parties' red lines and alternatives, "
            "so the bargaining solutions are computed "
            + ("with soft red lines at their cost" if soft else "with every red line dropped")
            + " and are not settlements"
            if relaxed
            else ", over the outcomes that cross neither party's red line"
        )
        + ".",
        "Drafts with open points sit at the middle of their range; the bar shows "
        f"{name(s, pb)}'s range.",
    ]
    if len(r.parties) > 2:
        caption.append(
            "Frontier and bargaining solutions are for these two parties alone: the other "
            "parties' alternatives and red lines do not bound them."
        )
    if unknown:
        caption.append(f"BATNA unknown for {join(unknown)}: no line drawn.")
    caption += [sentence(n) for n in bargaining.notes]
    return Chart(
        id="space-frontier",
        title=f"Pareto frontier for {name(s, pa)} and {name(s, pb)}",
        x_label=f"{name(s, pa)} utility",
        y_label=f"{name(s, pb)} utility",
        series=tuple(series),
        lines=tuple(lines),
        caption=" ".join(caption),
    )
