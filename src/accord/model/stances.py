"""What each actor wants on each issue, how much it cares and what it will not accept."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field, field_validator

from accord.model.actors import Uncertainty
from accord.model.base import Id, Number, Record, SettingValue
from accord.model.earlier import EarlierValues
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


class ErosionRates(Record):
    """How fast a soft red line wears down: amounts lost per month (both >= 0)."""

    cost: Number = Field(default=0.0, ge=0.0, description="cost lost per month (utility)")
    credibility: Number = Field(
        default=0.0, ge=0.0, le=1.0, description="credibility lost per month (0..1)"
    )


class Erosion(Record):
    """What wears a soft red line down over time.

    Month ``t`` has ``cost(t) = max(cost - t * per_month.cost, 0)`` and ``credibility(t) =
    clip(credibility - t * per_month.credibility, 0, 1)``. Pressure from declared levers is
    written on the lever, as an effect with target ``red_line.cost:<issue>`` or
    ``red_line.credibility:<issue>`` (:mod:`accord.model.levers`), so that a lever's effects
    stay in one place.
    """

    per_month: ErosionRates | None = None


class SoftRedLine(Record):
    """A red line that can give: crossing it costs its actor ``cost`` instead of being ruled out.

    Schelling's commitment tactics (*The Strategy of Conflict*, 1960): a party declares a line
    it may not in the end hold. ``cost`` is what crossing it costs the actor, on its own 0..1
    utility scale (>= 0; it may exceed 1: a line that costs more than any deal can give never
    gives); ``credibility`` is the chance that the line holds (0..1), which Monte Carlo draws
    from ``uncertainty['credibility']`` when given.
    """

    cost: Number = Field(ge=0.0, description="utility the actor loses when the line is crossed")
    credibility: Number = Field(ge=0.0, le=1.0, description="chance the line holds, 0..1")
    uncertainty: dict[str, Uncertainty] | None = Field(
        default=None, description="spreads for 'credibility' or 'cost'"
    )
    erosion: Erosion | None = None
    sources: list[Id] = Field(default_factory=list)
    judgement: str | None = None

    def at_month(self, t: float) -> tuple[float, float]:
        """(cost, credibility) at month ``t`` after erosion."""
        rates = self.erosion.per_month if self.erosion else None
        if rates is None:
            return self.cost, self.credibility
        return (
            max(self.cost - t * rates.cost, 0.0),
            min(max(self.credibility - t * rates.credibility, 0.0), 1.0),
        )


def firmness_value(value: object) -> object:
    """``firmness: hard`` is the default, held as None; a soft red line is a mapping."""
    if value == "hard":
        return None
    if isinstance(value, str):
        raise ValueError(
            f"{value!r} is not a firmness; valid: hard, or a soft red line as a mapping "
            "{cost: ..., credibility: ...}"
        )
    return value


def _hard_in_schema(schema: dict[str, Any]) -> None:
    # the word a file writes for a hard line, which validation turns into None
    schema.setdefault("anyOf", []).append({"const": "hard", "type": "string"})


class EarlierStance(EarlierValues):
    """A stance's values from ``from`` until the next entry (or the stance's ``since``).

    Only the values named differ from the stance's current ones; ``red_line: null`` says
    there was no red line then, ``firmness: hard`` that the line was hard.
    """

    VALUES: ClassVar[tuple[str, ...]] = (
        "position",
        "salience",
        "red_line",
        "unless",
        "firmness",
        "uncertainty",
    )
    NONE_WORDS: ClassVar[dict[str, str]] = {"firmness": "hard"}

    position: SettingValue | None = None
    salience: Number | None = Field(default=None, ge=0.0, le=1.0)
    red_line: SettingValue | None = None
    unless: Condition | None = None
    firmness: SoftRedLine | None = Field(
        default=None,
        description="'hard' (the line was hard then) or a soft red line",
        json_schema_extra=_hard_in_schema,
    )
    uncertainty: dict[str, Uncertainty] | None = None

    @field_validator("firmness", mode="before")
    @classmethod
    def _hard_is_none(cls, value: object) -> object:
        return firmness_value(value)


class Stance(Record):
    """One actor's stance on one issue.

    The top-level values are the current ones (as of the scenario's ``as_of``), holding from
    ``since``; ``history`` lists earlier values, oldest first (:class:`EarlierStance`).
    """

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
    firmness: SoftRedLine | None = Field(
        default=None,
        description="'hard' (the default: crossing settings are ruled out) or a soft red "
        "line {cost, credibility, uncertainty, erosion}: crossing it costs the actor 'cost'",
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
    since: dt.date | None = Field(
        default=None,
        description="the date from which the current values hold (required with 'history')",
    )
    history: list[EarlierStance] = Field(
        default_factory=list,
        description="earlier values, oldest first; each names only what differed from now",
    )

    @field_validator("firmness", mode="before")
    @classmethod
    def _hard_is_the_default(cls, value: object) -> object:
        return firmness_value(value)

    @property
    def soft(self) -> SoftRedLine | None:
        """The soft red line, or None when there is no red line or it is hard."""
        return None if self.red_line is None else self.firmness
