"""Opening a scenario for a command, checking the ids a user names, and printing an analysis:
the steps ``analyze``, ``whatif``, ``timeline``, ``levers`` and the others share."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.panel import Panel
from rich.text import Text

from accord.analysis.bargaining import Analysis
from accord.analysis.ripeness import BatnaGap
from accord.cli import tables
from accord.cli.common import UsageProblem, checked, err, out
from accord.io import builtin_names, resolve_scenario
from accord.model import Scenario
from accord.model.asof import AsOf, scenario_as_of
from accord.model.problems import suggest
from accord.model.views import batna_view
from accord.results.arguments import check_drafts, check_parties


def open_scenario(scenario: str, as_of: str | None = None, batna: str | None = None) -> Scenario:
    """The scenario named (built-in or file), as of ``as_of`` if given; notes to stderr.

    ``batna`` (``perceived`` or ``assessed``) sets every BATNA to that view
    (:func:`accord.model.views.batna_view`); None leaves the scenario as the file has it.
    """
    return replay_scenario(scenario, as_of, batna)[0]


def replay_scenario(
    scenario: str, as_of: str | None = None, batna: str | None = None
) -> tuple[Scenario, AsOf | None]:
    """:func:`open_scenario`, with the replay (None without ``as_of``): which stance and BATNA
    values came from a dated entry. The view is taken after the replay, so that a BATNA's
    dated perceived value is the one viewed."""
    check_scenario_name(scenario)
    s = resolve_scenario(scenario)
    replay = None
    if as_of is not None:
        try:
            date = dt.date.fromisoformat(as_of)
        except ValueError:
            raise UsageProblem(f"--as-of '{as_of}' is not a date; give YYYY-MM-DD") from None
        try:
            replay = scenario_as_of(s, date)
        except ValueError as exc:
            raise UsageProblem(str(exc)) from None
        for note in (f"as of {date.isoformat()}", *replay.notes):
            err.print(f"note: {note}", highlight=False)
        s = replay.scenario
    if batna is not None:
        s = batna_view(s, batna)
    return s, replay


def check_scenario_name(name: str) -> None:
    """Raise a :class:`UsageProblem` with the closest built-in if ``name`` is neither a
    built-in scenario nor a path (one that exists, or a .yaml file whose absence the file
    reader reports)."""
    known = builtin_names()
    if name in known or Path(name).exists() or name.endswith((".yaml", ".yml")):
        return
    raise UsageProblem(
        f"no built-in scenario or file '{name}'{suggest(name, known)}; "
        f"built-ins: {', '.join(known)}"
    )


def check_proposal_ids(scenario: Scenario, *ids: str) -> None:
    """Raise a :class:`UsageProblem` listing the drafts if any of ``ids`` is not one."""
    checked(check_drafts, scenario, *ids)


def actor_ids(scenario: Scenario, ids: list[str]) -> list[str]:
    """The actor ids given (repeated or comma-separated), each checked to have stances."""
    return checked(check_parties, scenario, ids) or []


def chosen_parties(scenario: Scenario, ids: list[str]) -> list[str] | None:
    """:func:`actor_ids`, or None (the library's default parties) when none are given."""
    return actor_ids(scenario, ids) or None


def print_header(s: Scenario) -> None:
    """The scenario's title, date and summary in a panel."""
    body = Text(s.summary or "", style="")
    out.print(Panel(body, title=f"{s.title} — as of {s.as_of or 'undated'}", title_align="left"))


def print_analysis(s: Scenario, result: Analysis) -> None:
    """What ``accord analyze`` prints: the ZOPA, the bargaining solutions, draft verdicts."""
    out.print(tables.zopa_panel(s, result))
    out.print(tables.solutions_table(s, result))
    out.print(tables.verdicts_table(s, result))


def print_gap(gap: BatnaGap, view: str) -> None:
    """What ``accord analyze`` adds when a party perceives its BATNA otherwise than assessed."""
    title = f"Perceived and assessed alternatives (the analysis above uses the {view} view)"
    out.print(Panel(Text(" ".join(gap.sentences)), title=title, title_align="left"))
