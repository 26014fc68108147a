"""Conflict stability: the same situation as a graph model, and which states would hold.

Results are those of ``accord conflict``: stability of every state under each concept
(:func:`accord.conflict.stability.analyze`) and the shortest paths of unilateral
improvements from the status quo to each equilibrium (``accord conflict --from``). The body
says in words what is stable, under which concepts and for whom, with a legend of the
concepts; the tables of every equilibrium and path are in the section's appendix.
"""

from __future__ import annotations

import numpy as np

from accord.overview.words import cut, join
from accord.report.document import Block, Bullets, Cell, Paragraph, Section, Table
from accord.report.results import Results

ID = "conflict"
TITLE = "Conflict stability"
#: What each stability concept assumes of a decision-maker, in a few words.
CONCEPTS = {
    "R": "Nash stability, no move of its own improves a decision-maker's lot",
    "GMR": "general metarationality, every improving move can be punished by the others, "
    "whatever the punishment costs them",
    "SMR": "symmetric metarationality, as GMR, and the punishment still hurts after the "
    "mover answers it",
    "SEQ": "sequential stability, every improving move can be punished by a move that also "
    "pays the punisher (a credible threat)",
    "SIM": "simultaneous stability, no set of moves made at the same time pays every mover",
    "SEQ+SIM": "both sequentially and simultaneously stable",
}


def section(r: Results) -> Section | None:
    c, result = r.conflict, r.stability
    if c is None or result is None:
        return None
    graph = result.graph
    dms = {d.id: d.name for d in c.decision_makers}
    blocks: list[Block] = [Paragraph(f"{c.title}. {graph.n_states} feasible states.")]
    if c.description:
        blocks.append(Paragraph(c.description))
    concepts = list(result.tables)
    eq = {k: {int(s) for s in result.equilibria(k)} for k in concepts}
    states = sorted(set().union(*eq.values()))
    blocks += _in_words(r, concepts, eq)
    details: list[Block] = []
    if states:
        rows, note = cut(
            [(s, graph.label(s), *("✓" if s in eq[k] else None for k in concepts)) for s in states],
            "states",
        )
        details.append(
            Table(
                columns=("state", "options taken", *concepts),
                rows=rows,
                caption="States stable for every decision-maker under at least one concept (✓)"
                + (f" ({note})" if note else "")
                + ". "
                + "; ".join(f"{k}: {CONCEPTS.get(k, k)}" for k in concepts)
                + ".",
            )
        )
    else:
        blocks.append(
            Paragraph("No state is stable for every decision-maker under any concept.", "finding")
        )
    if r.status_quo is not None and r.paths:
        s0 = r.status_quo
        rows_p: list[tuple[Cell, ...]] = []
        robust = set.intersection(*eq.values()) if eq else set()
        for goal, path in r.paths.items():
            if robust and goal not in robust:
                continue
            if path is None:
                steps = "not reachable by unilateral improvements"
            elif not path:
                steps = "the status quo itself"
            else:
                steps = " → ".join(
                    f"{dms.get(graph.dms[d], graph.dms[d])} moves to {t} ({graph.label(t)})"
                    for d, t in path
                )
            rows_p.append((goal, graph.label(goal), steps))
        shown, note_p = cut(rows_p, "equilibria")
        details.append(
            Table(
                columns=("equilibrium", "options taken", "from the status quo"),
                rows=shown,
                caption=f"Status quo: state {s0} ({graph.label(s0)}), the feasible state with "
                "the fewest options taken. Shortest sequence of unilateral improvements to "
                "each equilibrium"
                + (" stable under every concept" if robust else "")
                + (f" ({note_p})." if note_p else "."),
            )
        )
    if c.judgement:
        blocks.append(Paragraph(c.judgement, tone="caveat"))
    return Section(ID, TITLE, tuple(blocks), details=tuple(details))


def _in_words(r: Results, concepts: list[str], eq: dict[str, set[int]]) -> list[Block]:
    """What is stable, under which concepts, for whom, and the legend of the concepts."""
    c, result = r.conflict, r.stability
    assert c is not None and result is not None
    graph = result.graph
    dms = {d.id: d.name for d in c.decision_makers}
    out: list[Block] = []
    every = sorted(set.intersection(*eq.values())) if eq else []
    weakest = max(concepts, key=lambda k: len(eq[k]))
    if every:
        reach = [s for s in every if r.paths.get(s) is not None]
        listed = "; ".join(f"state {s} ({graph.label(s)})" for s in every[:6])
        more = f" and {len(every) - 6} more" if len(every) > 6 else ""
        text = (
            f"{len(every)} state(s) are stable for every decision-maker under every concept, "
            f"the most robust outcomes of this model: {listed}{more}."
        )
        if r.status_quo is not None:
            text += (
                f" {len(reach)} of them can be reached from the status quo by moves each "
                "side makes to improve its own lot."
            )
        out.append(Paragraph(text, tone="finding"))
    elif any(eq.values()):
        out.append(Paragraph("No state is stable under every concept at once.", "finding"))
    if any(eq.values()):
        loose = len(eq[weakest]) - len(every)
        if loose > 0:
            out.append(
                Paragraph(
                    f"{loose} more state(s) hold only under {weakest} and the concepts close to "
                    "it, that is only if each side believes the others would punish a move "
                    "even at a cost to themselves: weaker grounds for expecting them to last."
                )
            )
    # for whom: the share of states each decision-maker would not leave on its own (R)
    if "R" in result.tables:
        holds = result.tables["R"].sum(axis=1)
        who = [f"{dms.get(d, d)} {int(n)}" for d, n in zip(graph.dms, holds, strict=True)]
        most = graph.dms[int(np.argmin(holds))]
        out.append(
            Paragraph(
                "States each decision-maker would not leave by a move of its own (R), of "
                f"{graph.n_states}: {join(who)}. {dms.get(most, most)} has a move that pays "
                "in the most states: it is the one whose choices keep the conflict moving."
            )
        )
    out.append(Bullets(tuple(f"{k}: {CONCEPTS.get(k, k)}." for k in concepts)))
    return out
