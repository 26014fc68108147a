"""Levers: named inputs an analyst can turn (sanctions, aid, a guarantee) and what they move.

A lever has ordered ``levels`` and a ``default`` (the level the rest of the scenario
describes). Each of its effects adds ``(level - default) * per_level`` to one number of one
actor: its BATNA utility, a rate of its BATNA over time, its capability, its salience on
an issue, or the cost or credibility of its soft red line on an issue (pressure wearing a
red line down). :func:`accord.dynamics.levers.apply_levers` applies them; the equations are in
``docs/dynamics.md``.
"""

from __future__ import annotations

import re
from itertools import pairwise

from pydantic import Field, field_validator, model_validator

from accord.model.base import Id, Number, Record

#: What an effect can move, besides ``salience:<issue id>``.
TARGETS = ("batna.utility", "batna.trend", "batna.cost", "batna.support", "capability")
SALIENCE = "salience:"
#: Targets on a soft red line: ``red_line.cost:<issue id>``, ``red_line.credibility:<issue id>``.
RED_LINE = ("red_line.cost:", "red_line.credibility:")
#: Targets as shown in messages, the salience form included.
VALID_TARGETS = ", ".join(
    [*TARGETS, "salience:<issue id>", "red_line.cost:<issue id>", "red_line.credibility:<issue id>"]
)
_ISSUE_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")


def salience_issue(target: str) -> str | None:
    """The issue id of a ``salience:<issue id>`` target, else None."""
    return target[len(SALIENCE) :] if target.startswith(SALIENCE) else None


def red_line_target(target: str) -> tuple[str, str] | None:
    """``("cost" | "credibility", issue id)`` of a red-line target, else None."""
    for prefix in RED_LINE:
        if target.startswith(prefix):
            return prefix[len("red_line.") : -1], target[len(prefix) :]
    return None


class Effect(Record):
    """What one lever does to one number of one actor, per unit of lever value.

    At level ``v`` the target moves by ``(v - default) * per_level``; the result is clipped
    to the target's valid range. An effect cites ``sources`` or says in ``judgement`` that it
    is the analyst's call.
    """

    actor: Id
    target: str = Field(
        description="batna.utility, batna.trend, batna.cost, batna.support, capability "
        "salience:<issue id>, red_line.cost:<issue id> or red_line.credibility:<issue id>"
    )
    per_level: Number = Field(description="added per unit of lever value above the default")
    sources: list[Id] = Field(default_factory=list)
    judgement: str | None = None
    note: str | None = None

    @field_validator("target")
    @classmethod
    def _known_target(cls, value: str) -> str:
        line = red_line_target(value)
        issue = salience_issue(value) if line is None else line[1]
        if value in TARGETS or (issue is not None and _ISSUE_ID.match(issue)):
            return value
        from accord.model.problems import suggest

        raise ValueError(
            f"{value!r} is not a valid target{suggest(value, TARGETS)}; valid: {VALID_TARGETS}"
        )

    @model_validator(mode="after")
    def _sourced(self) -> Effect:
        if not self.sources and not (self.judgement and self.judgement.strip()):
            raise ValueError(
                "an effect needs 'sources' or a 'judgement' note saying it is the analyst's call"
            )
        return self


class Lever(Record):
    """A named input with declared levels and declared effects."""

    id: Id
    name: str = Field(min_length=1)
    description: str | None = None
    levels: list[Number] = Field(min_length=2, description="ascending, at least two")
    default: Number = Field(description="the level the rest of the scenario describes")
    labels: list[str] | None = Field(default=None, description="one label per level")
    effects: list[Effect] = Field(default_factory=list)
    sources: list[Id] = Field(default_factory=list)
    judgement: str | None = None

    @field_validator("levels")
    @classmethod
    def _ascending(cls, value: list[float]) -> list[float]:
        if any(b <= a for a, b in pairwise(value)):
            raise ValueError(f"levels must increase, each once; got {value}")
        return value

    @model_validator(mode="after")
    def _default_and_labels(self) -> Lever:
        if self.default not in self.levels:
            shown = ", ".join(f"{v:g}" for v in self.levels)
            raise ValueError(
                f"'default' ({self.default:g}) is not one of the levels; valid: {shown}"
            )
        if self.labels is not None:
            if len(self.labels) != len(self.levels):
                raise ValueError(
                    f"'labels' gives {len(self.labels)} labels for {len(self.levels)} levels; "
                    "give one label per level"
                )
            if len(set(self.labels)) != len(self.labels) or not all(s.strip() for s in self.labels):
                raise ValueError("'labels' must be distinct and not empty")
        return self

    def label(self, value: float) -> str:
        """The label of a level (its number when there are no labels)."""
        if self.labels is not None and value in self.levels:
            return self.labels[self.levels.index(value)]
        return f"{value:g}"

    def level(self, text: str) -> float | None:
        """The level a command-line value names (a number or a label), or None."""
        if self.labels is not None and text in self.labels:
            return self.levels[self.labels.index(text)]
        try:
            value = float(text)
        except ValueError:
            return None
        return value if value in self.levels else None
