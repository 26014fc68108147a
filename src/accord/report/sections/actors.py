"""Actors and their stances: who is at the table, what each wants, and on whose word.

Nothing is filled in: a BATNA without a utility reads "unknown", an actor without a stance
on an issue has no row for it, and every row names its sources with their reliability.
"""

from __future__ import annotations

from accord.overview.words import sources_text
from accord.report.document import Cell, Paragraph, Section, Table
from accord.report.results import Results

ID = "actors"
TITLE = "Actors and their stances"


def section(r: Results) -> Section | None:
    s = r.scenario
    actor_rows: list[tuple[Cell, ...]] = []
    for a in s.actors:
        b = a.batna
        utility: Cell = "unknown" if b is None or b.utility is None else float(b.utility)
        utility = r.batna_labels.get(a.id, utility)
        cited = [*a.sources, *(b.sources if b is not None else [])]
        actor_rows.append(
            (a.name, str(a.role), float(a.capability), utility, sources_text(s, cited))
        )
    blocks: list = [
        Table(
            columns=("actor", "role", "capability", "BATNA utility", "sources"),
            rows=tuple(actor_rows),
            caption="Capability is relative power to shape the outcome; the BATNA utility is "
            "the actor's alternative to a deal on its own 0–1 scale, as the actor perceives it "
            "or as the analyst assesses it (the label says which; the other view in brackets "
            f"where the actor has both). This report uses the {r.batna_view} view.",
        )
    ]
    if s.stances:
        stance_rows: list[tuple[Cell, ...]] = []
        order = {a.id: k for k, a in enumerate(s.actors)}
        issue_order = {i.id: k for k, i in enumerate(s.issues)}
        for st in sorted(s.stances, key=lambda x: (order[x.actor], issue_order[x.issue])):
            issue = s.issue(st.issue)
            stance_rows.append(
                (
                    s.actor(st.actor).name,
                    issue.name,
                    issue.label(st.position),
                    float(st.salience),
                    None if st.red_line is None else issue.label(st.red_line),
                    sources_text(s, st.sources) or ("analyst judgement" if st.judgement else None),
                )
            )
        blocks.append(
            Table(
                columns=("actor", "issue", "position", "salience", "red line", "sources"),
                rows=tuple(stance_rows),
                caption="Salience: how much the issue matters to the actor, 0–1. Red line: the "
                "worst setting it accepts (a dash: none stated).",
            )
        )
    else:
        blocks.append(Paragraph("No stances are recorded yet.", tone="caveat"))
    return Section(ID, TITLE, tuple(blocks))
