"""``accord import``: build scenario files from other tools' formats.

Each importer reads its input with the library (``accord.io.genius`` for GENIUS), writes
the scenario atomically with :func:`accord.model.save_scenario` and prints one line. Problems
are raised as :class:`ScenarioError` or :class:`UsageProblem`, which ``accord.cli.app.main``
prints as one line each with exit code 2.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from accord.cli.common import UsageProblem, emit_json, out
from accord.cli.options import JsonOpt
from accord.io import save_scenario
from accord.io.genius import DEFAULT_STEPS, read_genius

import_app = typer.Typer(
    help="Import negotiation domains from other tools' formats into scenario files.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _target(output: str, force: bool) -> Path:
    """The file to write, after refusing what must not be overwritten or cannot be written."""
    path = Path(output)
    if path.is_dir():
        raise UsageProblem(f"'{output}' is a folder; give the path of a .yaml file to write")
    if path.exists() and not force:
        raise UsageProblem(f"'{output}' exists; use --force to overwrite it")
    parent = path.parent
    if not parent.is_dir():
        raise UsageProblem(f"cannot write '{output}': there is no folder '{parent}'")
    return path


def _write(save: Callable[[Any, Path], None], document: Any, path: Path) -> None:
    """Save a scenario or conflict, turning a failed write into one clear line."""
    try:
        save(document, path)
    except OSError as exc:
        raise UsageProblem(f"cannot write '{path}': {exc.strerror or exc}") from None


@import_app.command()
def genius(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="DIR",
            help="a GENIUS domain folder (one domain file, one profile per party), or the "
            "domain file followed by the profile files",
        ),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="FILE.yaml", help="the scenario to write")
    ],
    scenario_id: Annotated[
        str | None, typer.Option("--id", help="the scenario's id (default: from the domain)")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="the scenario's title (one line)")
    ] = None,
    steps: Annotated[
        int,
        typer.Option(
            "--steps",
            min=2,
            help="values a real issue (or a very wide integer issue) is discretised to",
        ),
    ] = DEFAULT_STEPS,
    force: Annotated[
        bool, typer.Option("--force", help="overwrite FILE.yaml if it exists")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Import a GENIUS / ANAC negotiation domain (XML) as a scenario file."""
    target = _target(output, force)
    source = paths[0] if len(paths) == 1 else paths
    scenario = read_genius(source, scenario_id=scenario_id, title=title, steps=steps)
    _write(save_scenario, scenario, target)
    outcomes = math.prod(len(i.options or []) for i in scenario.issues)
    if json_:
        emit_json(
            {
                "file": output,
                "id": scenario.id,
                "actors": len(scenario.actors),
                "issues": len(scenario.issues),
                "outcomes": outcomes,
            }
        )
        return
    counts = ", ".join(
        _count(n, what)
        for n, what in (
            (len(scenario.actors), "actor"),
            (len(scenario.issues), "issue"),
            (outcomes, "outcome"),
        )
    )
    out.print(Text(f"Wrote {output}: {counts}"), soft_wrap=True)


@import_app.command()
def gmcr(
    path: Annotated[str, typer.Argument(metavar="FILE.gmcr", help="a GMCR+ (gmcr-py) save file")],
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="FILE.yaml", help="the conflict to write")
    ],
    conflict_id: Annotated[
        str | None, typer.Option("--id", help="the conflict's id (default: from the file name)")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="overwrite FILE.yaml if it exists")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Import a GMCR+ conflict (options, infeasible states, preferences) as a conflict file."""
    from accord.conflict.states import feasible_masks
    from accord.io.conflicts import save_conflict
    from accord.io.gmcr import read_gmcr

    target = _target(output, force)
    conflict = read_gmcr(path, conflict_id)
    _write(save_conflict, conflict, target)
    summary = {
        "decision_makers": len(conflict.decision_makers),
        "options": len(conflict.option_ids()),
        "states": len(feasible_masks(conflict)),
    }
    if json_:
        emit_json({"file": output, "id": conflict.id, **summary})
        return
    counts = ", ".join(_count(n, what[:-1].replace("_", " ")) for what, n in summary.items())
    out.print(Text(f"Wrote {output}: {counts}"), soft_wrap=True)


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}" + ("" if n == 1 else "s")
