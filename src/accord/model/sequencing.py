"""Order and trust: the phases of a draft, who carries out each point, and who believes it.

A flat draft is a set of settings that all take effect at once, and every promise is kept.
Real settlements are carried out in steps, and the commitment problem (Fearon, "Rationalist
explanations for war", 1995; Walter, *Committing to Peace*, 2002) is that a party that
moves first cannot be sure the other will follow. Here:

* a :class:`Phase` of a draft groups points that are carried out together, and may
  ``require`` earlier phases ("withdrawal starts only once the ceasefire is verified");
* a point's :class:`Commitment` names who carries it out (``by``), the ``kind`` of
  commitment, an optional ``guarantor``, and what a breach leaves (``if_broken``);
* a :class:`Belief` is one actor's probability that another keeps a kind of commitment.

What the model makes of them (courses, expected values, the best order) is in
:mod:`accord.analysis.sequencing` and ``docs/sequencing.md``.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from accord.model.actors import Uncertainty
from accord.model.base import Id, Number, Record


class IfBroken(StrEnum):
    """What a broken commitment leaves of its point."""

    status_quo = "status_quo"  # the point's issues stay as they are today
    preferred = "preferred"  # the breaker sets them as it likes (its stated position)
    no_deal = "no_deal"  # the deal collapses: every party is back to its alternative


class Commitment(Record):
    """Who must carry out a point, what kind of promise that is, and what a breach leaves."""

    by: Id = Field(description="the actor that carries out the point")
    kind: Id = Field(description="the kind of promise, e.g. ceasefire, withdrawal, guarantee")
    guarantor: Id | None = Field(
        default=None,
        description="an actor that sees the point carried out when 'by' does not",
    )
    if_broken: IfBroken = IfBroken.status_quo
    reversible: bool = Field(
        default=False,
        description="if the deal collapses later, this point is undone (a pullback that "
        "fighting reverses); otherwise what was done stays done",
    )


class Phase(Record):
    """A step of a draft: points carried out together, after the phases it requires."""

    id: Id
    title: str = Field(min_length=1)
    requires: list[Id] = Field(
        default_factory=list,
        description="phases that must be carried out and verified before this one starts",
    )
    note: str | None = None
    sources: list[Id] = Field(default_factory=list)


class Order(Record):
    """A named order of a draft's phases, to compare with others ("ceasefire first")."""

    id: Id
    title: str = Field(min_length=1)
    phases: list[Id] = Field(min_length=1, description="every phase of the draft, once each")
    note: str | None = None
    sources: list[Id] = Field(default_factory=list)


class Belief(Record):
    """How likely ``holder`` thinks it that ``about`` keeps commitments of ``kind``.

    No ``holder``: every actor shares the belief, unless it holds its own. An actor is taken
    to be sure of its own commitments.
    """

    holder: Id | None = None
    about: Id
    kind: Id
    probability: Number = Field(ge=0.0, le=1.0)
    uncertainty: Uncertainty | None = Field(
        default=None, description="a spread of the probability, for Monte Carlo"
    )
    sources: list[Id] = Field(default_factory=list)
    judgement: str | None = None
    note: str | None = None
