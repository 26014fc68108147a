"""The scenario: everything known about one negotiation, in one document."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Protocol, TypeVar

from pydantic import Field, field_validator, model_validator

from accord.data import conflict_names
from accord.model.actors import Actor, Source
from accord.model.base import Id, Record
from accord.model.checks import Parts, check_parts
from accord.model.events import Constraint, Event
from accord.model.issues import Issue
from accord.model.levers import Lever
from accord.model.links import Link
from accord.model.problems import Problem, suggest
from accord.model.proposals import Proposal
from accord.model.ratification import Ratification
from accord.model.sequencing import Belief
from accord.model.stances import Stance

FORMAT_VERSION = 1
#: A scenario's id: an Id that is not only dots. The id names the scenario in web addresses
#: (``/s/ID``), where ``.`` and ``..`` are path steps a browser resolves away, so a scenario
#: called that could be stored but never reached.
SCENARIO_ID_PATTERN = r"^[A-Za-z0-9_.\-]*[A-Za-z0-9_\-][A-Za-z0-9_.\-]*$"
SCENARIO_ID_RULE = (
    f"1 to 64 letters, digits, '_', '-' or '.', not only dots (the pattern {SCENARIO_ID_PATTERN})"
)

#: The lists of records in a scenario, in file order (everything else is a header field).
COLLECTIONS = (
    "sources",
    "actors",
    "issues",
    "stances",
    "proposals",
    "events",
    "constraints",
    "levers",
    "links",
    "beliefs",
    "ratification",
)


class Scenario(Record):
    """One negotiation: who, over what, wanting what, and the drafts on the table."""

    format: int = Field(default=FORMAT_VERSION, ge=1, le=FORMAT_VERSION)
    id: Id
    title: str = Field(min_length=1)
    summary: str | None = None
    as_of: dt.date | None = None
    sources: list[Source] = Field(default_factory=list)
    actors: list[Actor] = Field(min_length=1)
    issues: list[Issue] = Field(min_length=1)
    stances: list[Stance] = Field(default_factory=list)
    proposals: list[Proposal] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    constraints: list[Constraint] = Field(default_factory=list)
    levers: list[Lever] = Field(default_factory=list)
    #: Actors' joint valuations of small groups of issues (:mod:`accord.model.links`).
    links: list[Link] = Field(default_factory=list)
    #: How likely each actor thinks it that others keep their commitments
    #: (:mod:`accord.model.sequencing`).
    beliefs: list[Belief] = Field(default_factory=list)
    #: The ratifiers behind actors and their rules (:mod:`accord.model.ratification`).
    ratification: list[Ratification] = Field(default_factory=list)
    #: A built-in conflict model (``accord conflict``) of the same situation; reports show
    #: its stability results beside the bargaining analysis.
    conflict: Id | None = None

    @field_validator("id")
    @classmethod
    def _reachable_id(cls, value: str) -> str:
        if not re.match(SCENARIO_ID_PATTERN, value):
            raise ValueError(f"the scenario id '{value}' is not valid: {SCENARIO_ID_RULE}")
        return value

    @field_validator("conflict")
    @classmethod
    def _known_conflict(cls, name: str | None) -> str | None:
        if name is None:
            return None
        known = conflict_names()
        if name not in known:
            hint = f"{suggest(name, known)}; built-ins: {', '.join(known)}"
            raise ValueError(f"no built-in conflict '{name}'{hint}")
        return name

    @model_validator(mode="after")
    def _references_hold(self) -> Scenario:
        # Files are checked more thoroughly, with locations, by accord.io.scenarios; this keeps
        # scenarios built in Python to the same rules.
        errors = [p for p in check_scenario(self) if p.severity == "error"]
        if errors:
            raise ValueError("; ".join(f"{p.where}: {p.message}" for p in errors))
        return self

    # --- look-ups --------------------------------------------------------------------------
    def actor(self, actor_id: str) -> Actor:
        return _find(self.actors, actor_id, "actor")

    def issue(self, issue_id: str) -> Issue:
        return _find(self.issues, issue_id, "issue")

    def proposal(self, proposal_id: str) -> Proposal:
        return _find(self.proposals, proposal_id, "proposal")

    def lever(self, lever_id: str) -> Lever:
        return _find(self.levers, lever_id, "lever")

    def source(self, source_id: str) -> Source:
        return _find(self.sources, source_id, "source")

    def stance(self, actor_id: str, issue_id: str) -> Stance | None:
        for s in self.stances:
            if s.actor == actor_id and s.issue == issue_id:
                return s
        return None


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_R = TypeVar("_R", bound=_Identified)


def _find(items: list[_R], item_id: str, what: str) -> _R:
    for item in items:
        if item.id == item_id:
            return item
    known = ", ".join(i.id for i in items) or "none"
    raise KeyError(f"no {what} '{item_id}'; known {what}s: {known}")


def check_scenario(scenario: Scenario) -> list[Problem]:
    """Every problem across the records of a scenario built in Python (references, ranges)."""
    records: dict[str, Any] = {n: list(enumerate(getattr(scenario, n))) for n in COLLECTIONS}
    return check_parts(Parts(**records, as_of=scenario.as_of))
