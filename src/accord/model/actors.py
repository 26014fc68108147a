"""Who negotiates: sources of facts, actors and what each does if there is no deal."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from accord.model.base import Id, Number, Record
from accord.model.earlier import EarlierValues


class Reliability(StrEnum):
    """How far a source can be trusted, from the document itself to the analyst's own view.

    One rule assigns the label, from what kind of outlet the page is and whether it reposts a
    named original (docs/scenarios/sources.md; :func:`accord.model.reliability.rule_label`).
    """

    primary = "primary"  # the text itself, an official statement or record
    wire = "wire"  # agency copy (Reuters, AP, AFP) or a faithful repost of it
    secondary = "secondary"  # newspapers, broadcasters, think tanks reporting others
    partisan = "partisan"  # state or party media: good for what its own side says
    unverified = "unverified"  # aggregators, blogs, unknown sites naming no original
    analyst = "analyst judgement"  # no outside source: the modeller's own reasoned call


class Source(Record):
    """Where a fact comes from. Other records cite sources by id."""

    id: Id
    title: str = Field(min_length=1)
    publisher: str | None = None
    url: str | None = None
    date: dt.date | None = None
    reliability: Reliability
    note: str | None = None


class Role(StrEnum):
    party = "party"  # must agree for a deal to exist
    mediator = "mediator"  # runs the process and drafts texts
    guarantor = "guarantor"  # underwrites the outcome
    observer = "observer"  # affected, consulted, no veto


class Uncertainty(Record):
    """A spread around a number, used by Monte Carlo analyses.

    ``low`` and ``high`` bound the value; ``distribution`` says how draws fall between them
    (``normal`` is truncated to ``[low, high]`` with the mode as mean and a quarter of the
    width as standard deviation). For an ordinal position, ``low`` and ``high`` are option ids.
    """

    low: Number | str
    high: Number | str
    distribution: str = Field(default="uniform", pattern="^(uniform|triangular|normal)$")
    mode: Number | str | None = None


class BatnaOverTime(Record):
    """How an actor's alternative to a deal changes month by month.

    ``u(t) = clip(u0 + t * (trend + support - cost), 0, 1)`` for month ``t = 0, 1, ...``,
    where ``u0`` is the BATNA ``utility`` (unknown ``u0``: unknown at every month). All
    three rates are utility per month on the actor's 0..1 scale: ``trend`` from the expected
    course of the fighting or the strike (+ when the alternative improves), ``cost`` what
    fighting on costs (>= 0), ``support`` what outside support adds (or, negative, takes).
    """

    trend: Number = Field(default=0.0, ge=-1.0, le=1.0)
    cost: Number = Field(default=0.0, ge=0.0, le=1.0)
    support: Number = Field(default=0.0, ge=-1.0, le=1.0)
    uncertainty: dict[str, Uncertainty] | None = Field(
        default=None, description="spreads for 'trend', 'cost' or 'support', for Monte Carlo"
    )
    sources: list[Id] = Field(default_factory=list)
    judgement: str | None = None

    @property
    def rate(self) -> float:
        """The net change of the BATNA utility per month."""
        return self.trend + self.support - self.cost


class PerceivedBatna(Record):
    """What the actor itself believes its alternative to a deal is worth.

    Beside the analyst's assessment (:attr:`Batna.utility`): a party acts on its own belief,
    and the gap between the two is what ripeness (Zartman) and mediators work on. ``utility``
    is on the actor's own 0..1 scale; ``uncertainty`` is the spread Monte Carlo draws when
    the perceived view is chosen (none: the value is fixed).
    """

    utility: Number = Field(ge=0.0, le=1.0)
    uncertainty: Uncertainty | None = None
    sources: list[Id] = Field(default_factory=list)
    judgement: str | None = None
    note: str | None = None


class EarlierBatna(EarlierValues):
    """A BATNA's values from ``from`` until the next entry (or the BATNA's ``since``).

    Only the values named differ from the current ones; ``utility: null`` says it was
    unknown then, ``perceived: null`` that no perceived value differed then.
    """

    VALUES: ClassVar[tuple[str, ...]] = ("description", "utility", "uncertainty", "perceived")

    description: str | None = Field(default=None, min_length=1)
    utility: Number | None = Field(default=None, ge=0.0, le=1.0)
    uncertainty: Uncertainty | None = None
    perceived: PerceivedBatna | None = None


class Batna(Record):
    """What the actor does if there is no agreement, and how good that is for it.

    ``utility`` is on the actor's own 0..1 scale, where 0 is the worst and 1 the best
    setting of every issue it cares about: the analyst's assessment. ``None`` means
    unknown: the model does not guess. ``perceived`` is what the actor believes it is worth,
    when that differs (:mod:`accord.model.views` chooses which of the two an analysis uses).

    The top-level values are the current ones, holding from ``since``; ``history`` lists
    earlier values, oldest first (:class:`EarlierBatna`). ``over_time`` is not dated.
    """

    description: str = Field(min_length=1)
    utility: Number | None = Field(default=None, ge=0.0, le=1.0)
    uncertainty: Uncertainty | None = None
    sources: list[Id] = Field(default_factory=list)
    judgement: str | None = None
    perceived: PerceivedBatna | None = None
    over_time: BatnaOverTime | None = None
    since: dt.date | None = Field(
        default=None,
        description="the date from which the current values hold (required with 'history')",
    )
    history: list[EarlierBatna] = Field(
        default_factory=list,
        description="earlier values, oldest first; each names only what differed from now",
    )


class Actor(Record):
    """A party, mediator, guarantor or observer of the negotiation."""

    id: Id
    name: str = Field(min_length=1)
    role: Role
    capability: Number = Field(ge=0.0, description="relative power to shape the outcome, >= 0")
    capability_note: str | None = None
    description: str | None = None
    aliases: list[str] = Field(default_factory=list)
    batna: Batna | None = None
    uncertainty: dict[str, Uncertainty] | None = Field(
        default=None, description="spreads for 'capability' (the only key), for Monte Carlo"
    )
    sources: list[Id] = Field(default_factory=list)
