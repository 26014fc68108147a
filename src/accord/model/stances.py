"""What each actor wants on each issue, how much it cares and what it will not accept."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from accord.model.actors import Uncertainty
from accord.model.base import Id, Number, Record, SettingValue
from accord.model.links import Condition


class UtilityShape(StrEnum):
    """How an actor's utility on one issue falls with distance from its position.

    With ``d`` the distance from the position divided by the largest distance the issue
    allows from it (so the worst setting has ``d = 1``): ``linear`` gives ``1 - d``,
    ``quadratic`` gives ``1 - d**2`` (small concessions are cheap), and ``table`` takes the
    utility of each option from ``table``.
    """

    linear = "linear"
    quadratic = "quadratic"
    table = "table"


class Stance(Record):
    """One actor's stance on one issue."""

    actor: Id
    issue: Id
    position: SettingValue = Field(description="the actor's most preferred setting")
    salience: Number = Field(ge=0.0, le=1.0, description="how much the issue matters, 0..1")
    red_line: SettingValue | None = Field(
        default=None, description="the worst setting the actor accepts; anything worse crosses it"
    )
    unless: Condition | None = Field(
        default=None,
        description="makes the red line conditional: settings that cross it are acceptable "
        "when this condition on another issue holds",
    )
    utility: UtilityShape = UtilityShape.linear
    table: dict[str, Number] | None = Field(
        default=None,
        description="option id (or 'true'/'false') -> utility 0..1, for utility: table",
    )
    uncertainty: dict[str, Uncertainty] | None = Field(
        default=None, description="spreads for 'position', 'salience' or 'red_line'"
    )
    sources: list[Id] = Field(default_factory=list)
    judgement: str | None = Field(
        default=None, description="what in this stance is analyst judgement"
    )
    note: str | None = None
