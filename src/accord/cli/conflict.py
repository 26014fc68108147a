"""``accord conflict``: stability analysis of a graph-model conflict. Thin: all logic lives
in :mod:`accord.conflict`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from accord.cli.common import UsageProblem, emit_json, out
from accord.cli.options import JSON_ROWS
from accord.conflict.stability import (
    CONCEPTS,
    REPEAT_NOTE,
    SIM_RESPONSES,
    analyze,
    coalition_equilibria,
    explain,
    status_quo_paths,
)
from accord.conflict.states import MOVE_MODES, conflict_graph, feasible_masks, option_bits
from accord.io.conflicts import builtin_conflicts, load_builtin_conflict, load_conflict
from accord.model.conflict import Conflict
from accord.model.plain import Chunked


def resolve_conflict(name_or_path: str) -> Conflict:
    """A built-in conflict by name, or a conflict file by path."""
    if name_or_path in builtin_conflicts() and not Path(name_or_path).exists():
        return load_builtin_conflict(name_or_path)
    if not Path(name_or_path).exists() and not name_or_path.endswith((".yaml", ".yml")):
        return load_builtin_conflict(name_or_path)  # raises with the list of built-ins
    return load_conflict(name_or_path)


def _dm_index(conflict: Conflict, dm: str) -> int:
    ids = [d.id for d in conflict.decision_makers]
    if dm not in ids:
        raise UsageProblem(
            f"no decision maker '{dm}' in '{conflict.id}'; decision makers: {', '.join(ids)}"
        )
    return ids.index(dm)


def _state(n_states: int, text: str) -> int:
    if not text.isdigit() or int(text) >= n_states:
        raise UsageProblem(f"'{text}' is not a state; states are numbered 0 to {n_states - 1}")
    return int(text)


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
    c = resolve_conflict(conflict)
    graph = conflict_graph(c, moves)
    wanted = [x.strip().upper() for part in concepts or [] for x in part.split(",") if x.strip()]
    wanted = ["R" if w == "NASH" else w for w in wanted]
    for w in wanted:
        if w not in CONCEPTS:
            raise UsageProblem(f"unknown concept '{w}'; valid: {', '.join(CONCEPTS)}")
    result = analyze(graph, wanted or None, sim=sim)
    masks = feasible_masks(c)
    bits = option_bits(c)
    dms = [d.id for d in c.decision_makers]
    n_states = len(masks)
    shown = min(n_states, JSON_ROWS) if json_ and not all_ else n_states

    def states(start: int, stop: int) -> list[dict[str, Any]]:
        return [
            {
                "id": s,
                "label": graph.label(s),
                "options": {o: bool((m >> b) & 1) for o, b in bits.items()},
            }
            for s, m in zip(range(start, stop), masks[start:stop].tolist(), strict=True)
        ]

    # Made as written (a chunk of states at a time), and the stability lists stay arrays: a
    # conflict of 2^18 states is never held as a quarter of a million records.
    data: dict[str, Any] = {"conflict": c.id, "states": Chunked(shown, states)}
    if shown < n_states:
        data["states_left_out"] = n_states - shown
        data["note"] = (
            f"the first {shown:,} of the {n_states:,} feasible states; {n_states - shown:,} "
            "left out; accord conflict --json --all prints every one"
        )
    data["stability"] = {
        dm: {k: t[i].nonzero()[0] for k, t in result.tables.items()} for i, dm in enumerate(dms)
    }
    data["equilibria"] = {k: [int(s) for s in result.equilibria(k)] for k in result.tables}
    data["sim"] = result.sim
    if coalitions:
        data["coalition_equilibria"] = [int(s) for s in coalition_equilibria(graph)]
    if start is not None:
        s0 = _state(graph.n_states, start)
        goals = sorted({int(s) for k in result.tables for s in result.equilibria(k)})
        paths = status_quo_paths(graph, s0, goals)
        data["status_quo"] = {
            "from": s0,
            "paths": {
                str(g): None if p is None else [{"dm": dms[d], "to": t} for d, t in p]
                for g, p in paths.items()
            },
        }
    explanations = []
    for item in why or []:
        dm, _, st = item.partition(":")
        i, s = _dm_index(c, dm), _state(graph.n_states, st)
        for k in result.tables:
            e = explain(graph, i, s, k, sim=result.sim)
            repeats = [sc.improvement for sc in e.sanctions if sc.needs_repeat]
            explanations.append(
                {
                    "dm": dm,
                    "state": s,
                    "concept": k,
                    "stable": e.stable,
                    "improvements": [
                        {
                            "to": sc.improvement,
                            "sanction": [{"dm": dms[d], "to": t} for d, t in sc.moves],
                            "ends_in": sc.result,
                        }
                        for sc in e.sanctions
                    ],
                    # Improvements whose every sanction has an opponent move twice (not in
                    # a row): where GMCR+, which lets each opponent move once, differs.
                    "needs_repeat": repeats,
                    "note": REPEAT_NOTE if repeats else None,
                }
            )
    if explanations:
        data["explanations"] = explanations
    if json_:
        emit_json(data)
        return
    _print(c, graph, data, dms)


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
