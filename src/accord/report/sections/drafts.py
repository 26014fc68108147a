"""Drafts: what each draft says, what it is worth to each actor, the red lines it crosses.

The body shows each draft in words (its summary, and its setting of every issue), the
heatmap, which is the scorecard of ``accord score`` (a cell's text is the range and the
red lines crossed (✗) or possibly crossed (?); a range is drawn as both its ends, never as
its worst case), and the verdicts. The red lines crossed and what changed from draft to
draft go to the appendix. The heatmap's last column is each actor's BATNA, so a cell can be
read against the alternative in the same row.
"""

from __future__ import annotations

import numpy as np

from accord.analysis.diff import ProposalDiff
from accord.analysis.milp import Amendment
from accord.analysis.scoring import RedLine, SettingState
from accord.overview.crossings import crossings
from accord.overview.words import amendment_text, fmt_gain, fmt_range, join, name
from accord.report.document import Block, Bullets, Cell, Chart, Heatmap, Paragraph, Section, Table
from accord.report.results import Results

ID = "drafts"
TITLE = "Drafts"
BATNA_COLUMN = "no deal (BATNA)"


def section(r: Results) -> Section | None:
    card = r.card
    if not card.proposals or not card.actors:
        return None
    blocks: list[Block] = [*_in_words(r), scorecard_heatmap(r)]
    details: list[Block] = []
    red = _red_lines(r)
    if red is not None:
        details.append(red)
    if r.analysis is not None:
        blocks.append(_verdicts(r))
    for d in r.diffs:
        blocks.append(_diff(r, d)[0])  # the one-line summary; the table in the appendix
        details += _diff(r, d)
    return Section(ID, TITLE, tuple(blocks), details=tuple(details))


def _in_words(r: Results) -> list[Block]:
    """Each draft's summary, then one table: every issue as each draft settles it."""
    s, card = r.scenario, r.card
    drafts = [s.proposal(p) for p in card.proposals]
    items = []
    for d in drafts:
        who = ", ".join(name(s, a) for a in d.authors)
        when = d.date.isoformat() if d.date else "undated"
        head = f"{d.id}: {d.title} ({when}{', ' + who if who else ''})"
        items.append(f"{head}. {d.summary}" if d.summary else head + ".")
    rows: list[tuple[Cell, ...]] = []
    for i, issue_id in enumerate(card.issues):
        issue = s.issue(issue_id)
        cells: list[Cell] = [issue.name]
        for p in range(len(card.proposals)):
            state, setting = card.states[p][i], card.settings[p][i]
            if state is SettingState.silent:
                cells.append("not addressed")
            elif state is SettingState.unknown:
                cells.append("addressed, terms not public")
            else:
                cells.append(issue.label(setting))
        rows.append(tuple(cells))
    return [
        Bullets(tuple(items)),
        Table(
            columns=("issue", *card.proposals),
            rows=tuple(rows),
            caption="What each draft says on each issue, as the setting its points imply "
            "(not addressed: the draft is silent, the status quo is assumed when scoring; "
            "terms not public: every possible setting is scored).",
        ),
    ]


def scorecard_heatmap(r: Results) -> Chart:
    """Each draft's utility for each actor as a heatmap (a range where terms are not public),
    with each actor's BATNA in the last column; reads ``scenario``, ``card`` and
    ``batna_labels`` of ``r``."""
    s, card = r.scenario, r.card
    crossed = (card.red_line == 2).sum(axis=2)  # [A, P]
    maybe = (card.red_line == 1).sum(axis=2)
    z: list[tuple[float | None, ...]] = []
    z_high: list[tuple[float | None, ...]] = []
    text: list[tuple[str, ...]] = []
    for a in range(len(card.actors)):
        row: list[float | None] = [float(v) for v in card.low[a]]
        row_high: list[float | None] = [float(v) for v in card.high[a]]
        cells = []
        for p in range(len(card.proposals)):
            cell = fmt_range(card.low[a, p], card.high[a, p])
            if crossed[a, p]:
                cell += f" ✗{crossed[a, p]}"
            if maybe[a, p]:
                cell += f" ?{maybe[a, p]}"
            cells.append(cell)
        b = card.batna[a]
        row.append(None if np.isnan(b) else float(b))
        row_high.append(row[-1])
        shown = "unknown" if np.isnan(b) else f"{b:.2f}"
        cells.append(r.batna_labels.get(card.actors[a], shown))
        z.append(tuple(row))
        z_high.append(tuple(row_high))
        text.append(tuple(cells))
    return Chart(
        id="drafts-scorecard",
        title="Each draft's utility for each actor",
        x_label="draft",
        y_label="actor",
        heatmap=Heatmap(
            x=(*card.proposals, BATNA_COLUMN),
            y=tuple(name(s, a) for a in card.actors),
            z=tuple(z),
            text=tuple(text),
            colorbar="utility (0 worst, 1 best)",
            z_high=tuple(z_high),
        ),
        caption="0 is the worst outcome the issues allow for that actor, 1 the best. Where a "
        "draft leaves points unknown the cell shows the range, split between the colours of "
        "its low and high ends: an unknown draft is not a bad draft. ✗n: red lines crossed; "
        "?n: red lines that may be crossed. Last column: "
        "the actor's alternative to a deal (blank when unknown), in the report's BATNA view, "
        "with the other view in brackets where the actor has both.",
    )


def _red_lines(r: Results) -> Table | None:
    s = r.scenario
    rows: list[tuple[Cell, ...]] = [
        (
            c.proposal,
            name(s, c.actor),
            c.issue,
            c.says,
            c.red_line,
            "crosses" if c.status is RedLine.crosses else "may cross",
        )
        for c in crossings(s, r.card)
    ]
    if not rows:
        return None
    return Table(
        columns=("draft", "actor", "issue", "draft says", "red line", "status"),
        rows=tuple(rows),
        caption="Red lines each draft crosses, or may cross where its setting is not known.",
    )


def _verdicts(r: Results) -> Table:
    """The verdicts of ``accord analyze``: who accepts, dominance, the smallest amendment."""
    a = r.analysis
    assert a is not None
    rows: list[tuple[Cell, ...]] = []
    for v in a.verdicts:
        nash = v.distance.get("nash")
        rows.append(
            (
                v.proposal,
                *(f"{fmt_range(v.low[p], v.high[p])} {v.accepts[p]}" for p in a.parties),
                v.accepted,
                v.dominated,
                nash,
                _amendment_text(r, v.amendment),
            )
        )
    basis = (
        ""
        if a.relaxed is None
        else (
            " Dominance and distance are judged with soft red lines at their cost, hard ones kept"
            if a.relaxed_soft
            else " Dominance and distance are judged with every red line dropped"
        )
        + " (no outcome respects every red line): the Nash point is not a settlement."
    )
    return Table(
        columns=(
            "draft",
            *(name(r.scenario, p) for p in a.parties),
            "all accept",
            "dominated",
            "distance to Nash",
            "smallest amendment",
        ),
        rows=tuple(rows),
        caption="Each party's utility and whether it accepts (yes, no, maybe where points are "
        "open); whether another outcome is better for every party; the fewest issue changes "
        "that make the draft acceptable to all." + basis,
    )


def _amendment_text(r: Results, amendment: Amendment | None) -> str | None:
    """:func:`accord.overview.words.amendment_text`, except in two cells on purpose: no
    amendment leaves the cell empty (not a dash), and an impossible one points to the
    agreement space section, which words the clash at length, instead of repeating it in
    every row of the table."""
    if amendment is None:
        return None
    if not amendment.possible:
        return "none possible (see the agreement space)"
    return amendment_text(r.scenario, amendment)


def _diff(r: Results, d: ProposalDiff) -> list[Block]:
    s = r.scenario
    rows: list[tuple[Cell, ...]] = []
    for c in d.changes:
        gains = [f"{name(s, a)} {fmt_gain(c.gain_low[a], c.gain_high[a])}" for a in c.winners]
        losses = [f"{name(s, a)} {fmt_gain(c.gain_low[a], c.gain_high[a])}" for a in c.losers]
        rows.append((s.issue(c.issue).name, c.before, c.after, ", ".join(gains) or None,
                     ", ".join(losses) or None))  # fmt: skip
    title = f"From {d.before} to {d.after}"
    if not rows:
        return [Paragraph(f"{title}: no issue changed.")]
    up = [a for a in d.total_low if d.total_low[a] > 5e-4]
    down = [a for a in d.total_high if d.total_high[a] < -5e-4]
    overall = []
    if up:
        overall.append(f"{join([name(s, a) for a in up])} gain{'s' * (len(up) == 1)} overall")
    if down:
        overall.append(f"{join([name(s, a) for a in down])} lose{'s' * (len(down) == 1)} overall")
    # the gains are each actor's stated positions and weights applied to the change: what
    # they imply, not something the analysis found out
    summary = f"{title}, {len(rows)} issue(s) changed" + (
        "; by their stated positions and weights, " + " and ".join(overall) + "."
        if overall
        else "; by their stated positions and weights, no actor gains or loses for sure."
    )
    return [
        Paragraph(summary),
        Table(
            columns=("issue", d.before, d.after, "who gains", "who loses"),
            rows=tuple(rows),
            caption=f"What changed from {d.before} to {d.after}: each actor's change in utility "
            "from that issue alone (a range where a setting is not known), as its stated "
            "position and weight imply. Only sure gains and losses are listed: where a setting "
            "is unknown the change may go either way.",
        ),
    ]
