"""Conflict stability: the same situation as a graph model, and which states would hold.

Results are those of ``accord conflict``: stability of every state under each concept
(:func:`accord.conflict.stability.analyze`) and the shortest paths of unilateral
improvements from the status quo to each equilibrium (``accord conflict --from``).
"""

from __future__ import annotations

from accord.overview.words import cut
from accord.report.document import Block, Cell, Paragraph, Section, Table
from accord.report.results import Results

ID = "conflict"
TITLE = "Conflict stability"
#: What each stability concept assumes of a decision-maker, in a few words.
CONCEPTS = {
    "R": "Nash stability: no move improves it",
    "GMR": "general metarationality: every improvement can be sanctioned",
    "SMR": "symmetric metarationality: sanctions hold even after its counter-move",
    "SEQ": "sequential stability: sanctions that are improvements for the sanctioner",
    "SIM": "simultaneous stability: moves made at the same time",
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
    if states:
        rows, note = cut(
            [
                (s, graph.label(s), *("equilibrium" if s in eq[k] else None for k in concepts))
                for s in states
            ],
            "states",
        )
        blocks.append(
            Table(
                columns=("state", "options taken", *concepts),
                rows=rows,
                caption="States stable for every decision-maker under at least one concept"
                + (f" ({note})" if note else "")
                + ". "
                + "; ".join(f"{k}: {CONCEPTS.get(k, k)}" for k in concepts)
                + ".",
            )
        )
        counts = ", ".join(f"{k} {len(eq[k])}" for k in concepts)
        blocks.append(Paragraph(f"Equilibria by concept: {counts}.", tone="finding"))
    else:
        blocks.append(
            Paragraph("No state is stable for every decision-maker under any concept.", "finding")
        )
    if r.status_quo is not None and r.paths:
        s0 = r.status_quo
        rows_p: list[tuple[Cell, ...]] = []
        for goal, path in r.paths.items():
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
        blocks.append(
            Table(
                columns=("equilibrium", "options taken", "from the status quo"),
                rows=shown,
                caption=f"Status quo: state {s0} ({graph.label(s0)}), the feasible state with "
                "the fewest options taken. Shortest sequence of unilateral improvements to "
                "each equilibrium" + (f" ({note_p})." if note_p else "."),
            )
        )
    if c.judgement:
        blocks.append(Paragraph(c.judgement, tone="caveat"))
    return Section(ID, TITLE, tuple(blocks))
