"""What :func:`~accord.dynamics.openings.search.smallest_openings` answers, as records.

Each record has ``to_dict``, the form the CLI's ``--json`` output and the reports use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.dynamics.levers import Change
from accord.model.levers import Lever

METHOD = (
    "exhaustive search over the grid of declared lever levels, in order of levers moved, "
    "then level steps moved; every setting of the first class in which one succeeds is "
    "returned; checks are exact (enumeration, or the mixed-integer solver on large spaces)"
)


class OpeningsError(ValueError):
    """A target that is not ``zopa`` or ``proposal:ID``, an unknown draft, or no levers."""


@dataclass(frozen=True)
class Deal:
    """An outcome every party accepts, with each party's utility and BATNA."""

    outcome: dict[str, object]  # issue id -> setting
    utility: dict[str, float]
    batna: dict[str, float | None]
    count: int | None  # outcomes in the ZOPA, when counted
    share: float  # of the outcome space (an estimate when count is None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "utility": self.utility,
            "batna": self.batna,
            "zopa_count": self.count,
            "zopa_share": self.share,
        }


@dataclass(frozen=True)
class Solution:
    """One smallest setting: the levers moved, what they change, and what it buys."""

    settings: dict[str, float]  # the levers moved, lever id -> level
    steps: int
    changes: list[Change]
    deal: Deal | None = None  # target zopa
    verdicts: dict[str, str] | None = None  # target proposal: party -> yes
    utility: dict[str, float | dict[str, float]] | None = None  # target proposal
    batna: dict[str, float | None] | None = None  # target proposal

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "settings": self.settings,
            "steps": self.steps,
            "changes": [c.to_dict() for c in self.changes],
        }
        if self.deal is not None:
            doc["deal"] = self.deal.to_dict()
        if self.verdicts is not None:
            doc["verdicts"] = self.verdicts
            doc["utility"] = self.utility
            doc["batna"] = self.batna
        return doc


@dataclass(frozen=True)
class Openings:
    """The answer of :func:`smallest_openings`."""

    scenario: str
    target: str
    parties: tuple[str, ...]
    month: int
    levers: tuple[Lever, ...]
    found: bool
    moved: int | None  # levers moved in each smallest setting
    steps: int | None  # level steps moved in each smallest setting
    count: int  # smallest settings (all of them; `solutions` lists the first few)
    solutions: list[Solution]
    checked: int  # settings checked
    grid: int  # settings in the whole grid
    searched: tuple[str, ...]  # levers searched (the others cannot change the answer)
    invalid: int  # settings checked that leave the scenario invalid
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "target": self.target,
            "parties": list(self.parties),
            "month": self.month,
            "levers": [
                {
                    "id": lv.id,
                    "name": lv.name,
                    "levels": list(lv.levels),
                    "default": lv.default,
                    "labels": lv.labels,
                }
                for lv in self.levers
            ],
            "found": self.found,
            "moved": self.moved,
            "steps": self.steps,
            "count": self.count,
            "solutions": [s.to_dict() for s in self.solutions],
            "checked": self.checked,
            "grid": self.grid,
            "searched": list(self.searched),
            "invalid": self.invalid,
            "method": METHOD,
            "notes": self.notes,
        }
