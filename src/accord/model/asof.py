"""Replaying a scenario as it stood on an earlier date.

``scenario_as_of(scenario, date)`` keeps what was on the record by ``date``: the drafts
dated on or before it, the events up to it, and the stances and BATNAs as they stood on it
(:func:`accord.model.dated.stances_as_of`: a stance or BATNA with ``since`` and ``history``
takes the values that held on ``date``). What it cannot date it keeps, and says so:

- drafts without a date are kept (with a note naming them);
- stances and BATNAs without ``since`` are the analyst's reading as of the scenario's own
  ``as_of``, kept as they are; so are capabilities, which carry no date (notes say so);
- a date before a stance's ``since`` with no history keeps the current values (a note says
  no earlier value is recorded); a date before its earliest entry takes that entry's values,
  the earliest known;
- sources are kept (stances cite them), whatever their date.

A draft whose ``based_on`` draft is dropped keeps its content but loses the link. The
scenario's ``as_of`` becomes ``date``. A date after the scenario's last dated item (the
latest of its ``as_of``, draft and event dates, and stance and BATNA dates) is refused,
since the file cannot know what came later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accord.model.dated import StancesAsOf, last_dated, stances_as_of
from accord.model.scenario import Scenario


@dataclass(frozen=True)
class AsOf:
    """The scenario as of a date, with what was dropped and what could not be dated."""

    scenario: Scenario
    date: dt.date
    dropped_proposals: tuple[str, ...]
    dropped_events: int
    notes: tuple[str, ...]
    #: how each dated stance and BATNA stood on ``date`` (which values came from an entry)
    stood: StancesAsOf | None = None


def scenario_last_date(scenario: Scenario) -> dt.date | None:
    """The latest date ``scenario`` gives (None: it gives none): how far it can be replayed."""
    others = [p.date for p in scenario.proposals] + [e.date for e in scenario.events]
    return last_dated(scenario.as_of, scenario.stances, scenario.actors, others)


def scenario_as_of(scenario: Scenario, date: dt.date) -> AsOf:
    """``scenario`` with only the drafts, events and stance values known on ``date``
    (module docstring)."""
    last = scenario_last_date(scenario)
    if last is not None and date > last:
        raise ValueError(
            f"--as-of {date.isoformat()} is after the scenario's last dated item "
            f"({last.isoformat()}); give a date on or before it"
        )
    kept = [p for p in scenario.proposals if p.date is None or p.date <= date]
    dropped = tuple(p.id for p in scenario.proposals if p not in kept)
    ids = {p.id for p in kept}
    proposals = [
        p if p.based_on is None or p.based_on in ids else p.model_copy(update={"based_on": None})
        for p in kept
    ]
    events = [e for e in scenario.events if e.date <= date]
    stood = stances_as_of(scenario.stances, scenario.actors, date)
    data = scenario.model_dump(mode="python", exclude_none=True)
    data.update(
        as_of=date,
        actors=[a.model_dump(mode="python", exclude_none=True) for a in stood.actors],
        stances=[st.model_dump(mode="python", exclude_none=True) for st in stood.stances],
        proposals=[p.model_dump(mode="python", exclude_none=True) for p in proposals],
        events=[e.model_dump(mode="python", exclude_none=True) for e in events],
    )
    reading = scenario.as_of.isoformat() if scenario.as_of else "its writing"
    notes = [*stood.notes, f"capabilities are not dated: they are the reading as of {reading}"]
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
        stood=stood,
    )
