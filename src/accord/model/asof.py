"""Replaying a scenario as it stood on an earlier date.

``scenario_as_of(scenario, date)`` keeps what was on the record by ``date``: the drafts
dated on or before it and the events up to it. What it cannot date it keeps, and says so:

- drafts without a date are kept (with a note naming them);
- stances, capabilities and BATNAs are the analyst's reading as of the scenario's own
  ``as_of`` and carry no date of their own, so they are kept as they are (a note says so);
- sources are kept (stances cite them), whatever their date.

A draft whose ``based_on`` draft is dropped keeps its content but loses the link. The
scenario's ``as_of`` becomes ``date``; a date after the scenario's own ``as_of`` is refused,
since the file cannot know what came later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accord.model.scenario import Scenario


@dataclass(frozen=True)
class AsOf:
    """The scenario as of a date, with what was dropped and what could not be dated."""

    scenario: Scenario
    date: dt.date
    dropped_proposals: tuple[str, ...]
    dropped_events: int
    notes: tuple[str, ...]


def scenario_as_of(scenario: Scenario, date: dt.date) -> AsOf:
    """``scenario`` with only the drafts and events known on ``date`` (module docstring)."""
    if scenario.as_of is not None and date > scenario.as_of:
        raise ValueError(
            f"--as-of {date.isoformat()} is after the scenario's own date "
            f"({scenario.as_of.isoformat()}); give a date on or before it"
        )
    kept = [p for p in scenario.proposals if p.date is None or p.date <= date]
    dropped = tuple(p.id for p in scenario.proposals if p not in kept)
    ids = {p.id for p in kept}
    proposals = [
        p if p.based_on is None or p.based_on in ids else p.model_copy(update={"based_on": None})
        for p in kept
    ]
    events = [e for e in scenario.events if e.date <= date]
    data = scenario.model_dump(mode="python", exclude_none=True)
    data.update(
        as_of=date,
        proposals=[p.model_dump(mode="python", exclude_none=True) for p in proposals],
        events=[e.model_dump(mode="python", exclude_none=True) for e in events],
    )
    notes = [
        "stances, capabilities and BATNAs are not dated: they are the scenario's reading as of "
        f"{scenario.as_of.isoformat() if scenario.as_of else 'its writing'}"
    ]
    undated = [p.id for p in kept if p.date is None]
    if undated:
        notes.append(f"undated drafts kept: {', '.join(undated)}")
    if dropped:
        notes.append(f"drafts not yet on the table: {', '.join(dropped)}")
    return AsOf(
        scenario=Scenario.model_validate(data),
        date=date,
        dropped_proposals=dropped,
        dropped_events=len(scenario.events) - len(events),
        notes=tuple(notes),
    )
