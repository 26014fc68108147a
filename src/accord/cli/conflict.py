"""``accord conflict``: stability analysis of a graph-model conflict. Thin: all logic lives
in :mod:`accord.conflict`."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from accord import api
from accord.cli.common import UsageProblem, checked, emit_json, out
from accord.cli.options import JSON_ROWS
from accord.conflict.stability import (
    CONCEPTS,
    SIM_RESPONSES,
)
from accord.conflict.states import MOVE_MODES
from accord.io.conflicts import builtin_conflicts
from accord.model.conflict import Conflict


def conflict_command(
    conflict: Annotated[
        str,
        typer.Argument(
            metavar="CONFLICT",
            help=f"a built-in conflict ({', '.join(builtin_conflicts())}) or a .yaml file",
        ),
    ],
    concepts: Annotated[
        list[str] | None,
        typer.Option(
            "--concepts", help=f"solution concepts, comma-separated: {', '.join(CONCEPTS)}"
        ),
    ] = None,
    coalitions: Annotated[
        bool, typer.Option("--coalitions", help="coalition-stable equilibria")
    ] = False,
    start: Annotated[
        str | None, typer.Option("--from", help="status quo state: paths to each equilibrium")
    ] = None,
    why: Annotated[
        list[str] | None,
        typer.Option("--explain", help="DM:STATE — why that state is stable or not for that DM"),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="print one JSON document")] = False,
    all_: Annotated[
        bool,
        typer.Option("--all", help=f"with --json, every state (default: the first {JSON_ROWS:,})"),
    ] = False,
    sim: Annotated[
        str,
        typer.Option(
            "--sim",
            help="who answers in SIM: joint (any group of opponents at once, the "
            "n-decision-maker definition) or one-opponent (one at a time, as GMCR+ before 2016)",
        ),
    ] = "joint",
    moves: Annotated[
        str,
        typer.Option(
            "--moves",
            help="how moves are held: auto (listed up to 4 million moves, implicit above), "
            "listed, or implicit (computed from the options, for large conflicts); "
            "the results are the same",
        ),
    ] = "auto",
) -> None:
    """Stability of every state under R, GMR, SMR, SEQ, SIM and SEQ+SIM; equilibria."""
    if sim not in SIM_RESPONSES:
        raise UsageProblem(f"unknown --sim '{sim}'; valid: {', '.join(SIM_RESPONSES)}")
    if moves not in MOVE_MODES:
        raise UsageProblem(f"unknown --moves '{moves}'; valid: {', '.join(MOVE_MODES)}")
    found = checked(api.conflict, conflict, concepts=concepts, coalitions=coalitions,
                    start=start, sim=sim, moves=moves, explain=why)  # fmt: skip
    limit = JSON_ROWS if json_ and not all_ else None
    data = found.document(limit, rest="accord conflict --json --all prints every one")
    if json_:
        emit_json(data)
        return
    _print(found.conflict, found.graph, data, [d.id for d in found.conflict.decision_makers])


#: What SIM assumed, said under the table.
_SIM_WORDS = {
    "joint": "SIM: the opponents may answer an improvement together, each with one of its own "
    "improvements made at the same time (the n-decision-maker definition); "
    "--sim one-opponent lets one answer at a time, as GMCR+ did before 2016.",
    "one-opponent": "SIM: one opponent at a time answers an improvement with one of its own "
    "made at the same time (GMCR+ before 2016); the n-decision-maker definition, the "
    "default --sim joint, lets several answer together.",
}


def _print(c: Conflict, graph: Any, data: dict[str, Any], dms: list[str]) -> None:
    out.print(Text(f"{c.title} — {graph.n_states} feasible states", style="bold"))
    concepts = list(data["equilibria"])
    t = Table(
        title="Stability (★ equilibrium; n/D: stable for n of the D decision makers)",
        title_justify="left",
    )
    t.add_column("state", justify="right")
    t.add_column("options taken", overflow="fold")
    for k in concepts:
        t.add_column(k, justify="center")
    eq = {k: set(v) for k, v in data["equilibria"].items()}
    for st in data["states"]:
        s = st["id"]
        taken = ", ".join(o for o, v in st["options"].items() if v) or "—"
        cells = []
        for k in concepts:
            if s in eq[k]:
                cells.append(Text("★", style="bold green"))
            else:
                n = sum(s in data["stability"][dm][k] for dm in dms)
                cells.append(Text(f"{n}/{len(dms)}", style="dim"))
        t.add_row(str(s), taken, *cells)
    out.print(t)
    if any("SIM" in k for k in concepts):
        out.print(Text(_SIM_WORDS[data["sim"]], style="dim"))
    if "coalition_equilibria" in data:
        out.print(f"Coalition-stable equilibria: {data['coalition_equilibria'] or 'none'}")
    if "status_quo" in data:
        sq = data["status_quo"]
        out.print(Text(f"From state {sq['from']}:", style="bold"))
        for goal, path in sq["paths"].items():
            if path is None:
                out.print(f"  to {goal}: not reachable by unilateral improvements")
            else:
                steps = " → ".join(f"{m['dm']} moves to {m['to']}" for m in path) or "already there"
                out.print(f"  to {goal}: {steps}")
    for e in data.get("explanations", []):
        verdict = "stable" if e["stable"] else "unstable"
        out.print(
            Text(f"{e['dm']} at state {e['state']} under {e['concept']}: {verdict}", style="bold")
        )
        if not e["improvements"]:
            out.print("  no unilateral improvement")
        for imp in e["improvements"]:
            if imp["ends_in"] is None:
                out.print(f"  improvement to {imp['to']}: no sanction deters it")
            elif e["concept"] == "SIM":
                both = " and ".join(f"{m['dm']} to {m['to']}" for m in imp["sanction"])
                out.print(
                    f"  improvement to {imp['to']}: deterred by {both} at the same time "
                    f"(ends in {imp['ends_in']})"
                )
            else:
                seq = " → ".join(f"{m['dm']} to {m['to']}" for m in imp["sanction"])
                out.print(
                    f"  improvement to {imp['to']}: deterred by {seq} (ends in {imp['ends_in']})"
                )
                if imp["to"] in e["needs_repeat"]:
                    out.print(Text(f"    {e['note']}", style="yellow"))
