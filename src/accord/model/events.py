"""What happened, and what cannot happen together: events and constraints of a scenario."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from accord.model.base import Id, Record, SettingValue


class Event(Record):
    """Something that happened: a meeting, a statement, a deadline."""

    id: Id | None = None
    date: dt.date
    title: str = Field(min_length=1)
    description: str | None = None
    actors: list[Id] = Field(default_factory=list)
    sources: list[Id] = Field(default_factory=list)


class Constraint(Record):
    """A combination of issue settings that cannot occur together.

    ``forbid`` maps issue ids to a setting or a list of settings; an outcome is ruled out
    when every listed issue takes one of its listed settings.
    """

    id: Id
    description: str = Field(min_length=1)
    forbid: dict[Id, SettingValue | list[SettingValue]] = Field(min_length=1)
    sources: list[Id] = Field(default_factory=list)
    judgement: str | None = None
