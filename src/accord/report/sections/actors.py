"""Actors and their stances: who is at the table, what each wants, and on whose word.

Nothing is filled in: a BATNA without a utility reads "unknown", an actor without a stance
on an issue has no row for it, and every row names its sources by their number in the
source list. A number that rests on the analyst's judgement (capability, a BATNA's utility,
a salience with a judgement note) is marked ◆ with its spread; the notes that give the
reasons are in the section's appendix, so judgement never passes for sourced fact.
"""

from __future__ import annotations

from accord.model import Actor, Scenario, Stance
from accord.overview.words import JUDGEMENT_MARK, fmt_range, judged_text, refs_text
from accord.report.document import Block, Cell, Paragraph, Section, Table
from accord.report.results import Results
from accord.report.sections.sources import numbers

ID = "actors"
TITLE = "Actors and their stances"


def _spread(spreads: dict | None, key: str) -> tuple[float | None, float | None]:
    u = (spreads or {}).get(key)
    if u is None or not isinstance(u.low, int | float) or not isinstance(u.high, int | float):
        return None, None
    return float(u.low), float(u.high)


def capability_text(a: Actor) -> str:
    """Capability is always the analyst's estimate (no source states a number for power)."""
    return judged_text(float(a.capability), *_spread(a.uncertainty, "capability"))


def batna_text(r: Results, a: Actor) -> str:
    """The BATNA's utility in the report's view (its label), marked ◆ with its spread where
    it rests on judgement (a judgement note, or no source)."""
    b = a.batna
    label = r.batna_labels.get(a.id)
    if b is None or b.utility is None:
        return label or "unknown"
    judged = bool(b.judgement) or not b.sources
    if not judged:
        return label or f"{b.utility:.2f}"
    low, high = _spread({"u": b.uncertainty} if b.uncertainty else None, "u")
    spread = "" if low is None or high is None else f" ({fmt_range(low, high)})"
    value = f"{b.utility:.2f}"
    mark = f"{value} {JUDGEMENT_MARK}{spread}"
    # The mark and spread belong to the view's value, which the label starts with: put after
    # the whole label ("0.55 perceived (assessed 0.32) ◆ (0.20-0.48)") they would read as
    # the other view's.
    if label and label.startswith(value):
        return mark + label[len(value) :]
    return f"{label} {JUDGEMENT_MARK}{spread}" if label else mark


def salience_text(st: Stance) -> Cell:
    if not st.judgement and st.sources:
        return float(st.salience)
    return judged_text(float(st.salience), *_spread(st.uncertainty, "salience"))


def section(r: Results) -> Section | None:
    s = r.scenario
    refs = numbers(r)
    actor_rows: list[tuple[Cell, ...]] = []
    for a in s.actors:
        b = a.batna
        cited = [*a.sources, *(b.sources if b is not None else [])]
        actor_rows.append(
            (
                a.name,
                str(a.role),
                capability_text(a),
                batna_text(r, a),
                None if b is None else b.description,
                refs_text(cited, refs),
            )
        )
    blocks: list[Block] = [
        Table(
            columns=("actor", "role", "capability", "BATNA", "no deal means", "sources"),
            rows=tuple(actor_rows),
            caption=f"{JUDGEMENT_MARK} marks an analyst judgement, with its spread in brackets; "
            "the reasons are in the appendix. Capability is relative power to shape the "
            "outcome; the BATNA is the actor's alternative to a deal on its own 0–1 scale, as "
            "it perceives it or as the analyst assesses it (the label says which). This "
            f"report uses the {r.batna_view} view. Sources are numbers in the source list.",
        )
    ]
    details: list[Block] = [_judgements(s)]
    if s.stances:
        details.append(_stances(s, refs))
    else:
        blocks.append(Paragraph("No stances are recorded yet.", tone="caveat"))
    return Section(ID, TITLE, tuple(blocks), details=tuple(details))


def _judgements(s: Scenario) -> Table:
    rows: list[tuple[Cell, ...]] = []
    for a in s.actors:
        rows.append((a.name, f"capability {capability_text(a)}",
                     a.capability_note or "no reason recorded"))  # fmt: skip
        b = a.batna
        if b is not None and b.utility is not None and (b.judgement or not b.sources):
            rows.append((a.name, f"BATNA {b.utility:.2f}", b.judgement or "no reason recorded"))
    return Table(
        columns=("actor", "value", "the analyst's reasons"),
        rows=tuple(rows),
        caption=f"Analyst judgements ({JUDGEMENT_MARK}) behind the actors' numbers, in the "
        "analyst's words.",
    )


def _stances(s: Scenario, refs: dict[str, int]) -> Table:
    rows: list[tuple[Cell, ...]] = []
    order = {a.id: k for k, a in enumerate(s.actors)}
    issue_order = {i.id: k for k, i in enumerate(s.issues)}
    for st in sorted(s.stances, key=lambda x: (order[x.actor], issue_order[x.issue])):
        issue = s.issue(st.issue)
        rows.append(
            (
                s.actor(st.actor).name,
                issue.name,
                issue.label(st.position),
                salience_text(st),
                None if st.red_line is None else issue.label(st.red_line),
                refs_text(st.sources, refs),
                st.judgement,
            )
        )
    return Table(
        columns=("actor", "issue", "position", "salience", "red line", "sources", "judgement"),
        rows=tuple(rows),
        caption="Salience: how much the issue matters to the actor, 0–1. Red line: the worst "
        f"setting it accepts (a dash: none stated). {JUDGEMENT_MARK}: the salience is the "
        "analyst's judgement (spread in brackets), for the reasons in the last column.",
    )
