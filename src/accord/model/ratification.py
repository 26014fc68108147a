"""Ratification at home: the veto players behind an actor (Putnam's two-level games).

A negotiator can only agree to what its ratifiers will pass: a parliament, a referendum, a
senate, the member states of a union that decides by unanimity (Putnam, "Diplomacy and
domestic politics: the logic of two-level games", 1988). The outcomes they would pass are
the actor's *win-set*; an actor accepts an outcome only when its :class:`Ratification`
rule is met.

Each :class:`Ratifier` judges an outcome by its own stances, the same way an actor does
(positions, saliences, utility shapes, red lines, conditional red lines). It passes the
outcome when it crosses none of its red lines and its utility reaches its ``threshold``.
For a referendum, the utility is read as the share of voters in favour, calibrated on
polls, and the threshold is the share needed; ``spread`` is how uncertain that share is.
``votes_when`` limits the ratifier to outcomes that need its vote (a senate votes only on
a treaty). What the model computes is in :mod:`accord.analysis.ratification`.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from accord.model.base import Id, Number, Record, SettingValue
from accord.model.links import Condition
from accord.model.stances import UtilityShape


class RatifierKind(StrEnum):
    parliament = "parliament"
    referendum = "referendum"
    senate = "senate"
    member_state = "member state"
    court = "court"
    other = "other"


class VoteRule(StrEnum):
    """How an actor's ratifiers' verdicts combine."""

    all = "all"  # every ratifier that votes must pass it (unanimity, a chain of vetoes)
    majority = "majority"  # more than half of the voting weight
    quota = "quota"  # at least ``quota`` of the voting weight


class RatifierStance(Record):
    """A ratifier's stance on one issue, read as an actor's stance is."""

    issue: Id
    position: SettingValue
    salience: Number = Field(ge=0.0, le=1.0)
    red_line: SettingValue | None = None
    unless: Condition | None = None
    utility: UtilityShape = UtilityShape.linear
    table: dict[str, Number] | None = None
    sources: list[Id] = Field(default_factory=list)
    judgement: str | None = None


class Ratifier(Record):
    """One veto player or voting body behind an actor."""

    id: Id
    name: str = Field(min_length=1)
    kind: RatifierKind
    weight: Number = Field(default=1.0, gt=0.0, description="its weight under a quota rule")
    stances: list[RatifierStance] = Field(default_factory=list)
    threshold: Number | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="the utility (for a referendum, the share in favour) it needs to pass "
        "an outcome; none: only its red lines count",
    )
    spread: Number | None = Field(
        default=None,
        gt=0.0,
        le=1.0,
        description="standard deviation of its utility (a referendum's share) around the "
        "model's value, for the chance it passes and for Monte Carlo",
    )
    votes_when: list[Condition] = Field(
        default_factory=list,
        description="it votes only on outcomes that meet one of these; none: on every outcome",
    )
    sources: list[Id] = Field(default_factory=list)
    judgement: str | None = None
    note: str | None = None


class Ratification(Record):
    """The ratifiers behind one actor and the rule that combines them."""

    actor: Id
    rule: VoteRule = VoteRule.all
    quota: Number | None = Field(default=None, gt=0.0, le=1.0)
    ratifiers: list[Ratifier] = Field(min_length=1)
    note: str | None = None
    sources: list[Id] = Field(default_factory=list)
