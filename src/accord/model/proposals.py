"""Drafts of a plan: their points and the issue settings those points imply."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from accord.model.base import Count, Id, Record, Setting
from accord.model.sequencing import Commitment, Order, Phase


class PointStatus(StrEnum):
    agreed = "agreed"
    open = "open"
    bracketed = "bracketed"  # text proposed but disputed, in square brackets


class Point(Record):
    """One point of a draft, in paraphrase, with the settings it implies."""

    number: Count | None = Field(default=None, ge=0, description="the point's number in the draft")
    text: str = Field(min_length=1, description="a paraphrase of the point")
    settings: dict[Id, Setting] = Field(default_factory=dict)
    status: PointStatus = PointStatus.agreed
    sources: list[Id] = Field(default_factory=list)
    judgement: str | None = None
    phase: Id | None = Field(
        default=None, description="the phase that carries the point out; none: at signature"
    )
    commitment: Commitment | None = None


class Proposal(Record):
    """A draft of a plan.

    An issue set by no point is *silent* (the draft does not address it); an issue set to
    ``unknown`` is addressed but its content is not public. The two are kept apart everywhere.
    """

    id: Id
    title: str = Field(min_length=1)
    date: dt.date | None = None
    authors: list[Id] = Field(default_factory=list)
    based_on: Id | None = None
    summary: str | None = None
    points: list[Point] = Field(default_factory=list)
    sources: list[Id] = Field(default_factory=list)
    #: The steps in which the draft is carried out (:mod:`accord.model.sequencing`), in the
    #: draft's own order; none: everything takes effect at signature.
    phases: list[Phase] = Field(default_factory=list)
    #: Other orders of the phases to compare with the draft's own.
    orders: list[Order] = Field(default_factory=list)
    #: The phase whose completion puts the deal in force (a ceasefire, a return to work);
    #: a course that halts before it ends in no deal. None: in force at signature.
    in_force_after: Id | None = None

    def settings(self) -> dict[str, object]:
        """Issue id -> setting (a value or Unknown) for every issue the draft addresses."""
        out: dict[str, object] = {}
        for point in self.points:
            out.update(point.settings)
        return out
