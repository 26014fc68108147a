"""``accord conflicts``: the built-in conflict models, each with its decision makers, options,
feasible states and sources, so that a name for ``accord conflict NAME`` can be found."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from accord.cli.common import emit_json, out
from accord.cli.options import JsonOpt
from accord.conflict.states import feasible_masks
from accord.io.conflicts import builtin_conflicts, load_builtin_conflict
from accord.model.conflict import Conflict


def conflict_row(name: str, c: Conflict) -> dict[str, Any]:
    """One built-in conflict as plain data: what ``accord conflicts --json`` prints."""
    return {
        "name": name,
        "title": c.title,
        "decision_makers": [
            {"id": dm.id, "name": dm.name, "options": [o.id for o in dm.options]}
            for dm in c.decision_makers
        ],
        "options": len(c.option_ids()),
        # the states left once the infeasible combinations are removed: what stability runs on
        "states": len(feasible_masks(c)),
        "sources": [s.id for s in c.sources],
    }


def conflicts_command(json_: JsonOpt = False) -> None:
    """List the built-in conflicts: decision makers, options, states and sources."""
    rows = [conflict_row(n, load_builtin_conflict(n)) for n in builtin_conflicts()]
    if json_:
        emit_json(rows)
        return
    t = Table(title="Built-in conflicts (accord conflict NAME)", title_justify="left")
    t.add_column("name", overflow="fold")
    t.add_column("title", overflow="fold", ratio=2)
    t.add_column("decision makers: options", overflow="fold", ratio=3)
    t.add_column("options", justify="right", no_wrap=True)
    t.add_column("states", justify="right", no_wrap=True)
    t.add_column("sources", overflow="fold", ratio=2)
    for r in rows:
        dms = "\n".join(
            f"{dm['name']} ({dm['id']}): {', '.join(dm['options'])}" for dm in r["decision_makers"]
        )
        t.add_row(
            r["name"],
            r["title"],
            dms,
            str(r["options"]),
            f"{r['states']:,}",
            ", ".join(r["sources"]) or "none cited",
        )
    out.print(t)
