"""What :func:`~accord.dynamics.openings.search.smallest_openings` answers, as records.

Each record has ``to_dict``, the form the CLI's ``--json`` output and the reports use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.dynamics.levers import Change
from accord.model.levers import Lever
from accord.model.plain import plain_fields, rename, to_plain

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
    count: int | None = field(metadata=rename("zopa_count"))  # outcomes in the ZOPA, if counted
    # of the outcome space (an estimate when count is None)
    share: float = field(metadata=rename("zopa_share"))


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

    def __plain__(self) -> dict[str, Any]:
        """The fields, without those of the other target (zopa: deal; proposal: the rest)."""
        doc = plain_fields(self)
        if self.deal is None:
            del doc["deal"]
        if self.verdicts is None:
            for key in ("verdicts", "utility", "batna"):
                del doc[key]
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
        return to_plain(self)

    def __plain__(self) -> dict[str, Any]:
        """The fields, each lever by its id, name and levels, and the search method."""
        doc = plain_fields(self)
        notes = doc.pop("notes")
        levers = [
            {
                "id": v.id,
                "name": v.name,
                "levels": v.levels,
                "default": v.default,
                "labels": v.labels,
            }
            for v in self.levers
        ]
        return {**doc, "levers": levers, "method": METHOD, "notes": notes}
