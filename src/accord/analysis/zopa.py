"""The zone of possible agreement: outcomes every party prefers to having no deal.

An outcome is in the ZOPA when every party's utility is at least its BATNA (within
TOLERANCE) and it crosses none of their red lines. A party whose BATNA is unknown is held
to its red lines only, and the result says so.

Small spaces are enumerated and the count is exact. Large spaces are never enumerated:
existence, and which settings of each issue occur in the ZOPA, are decided exactly by
mixed-integer feasibility (HiGHS); the size is estimated from seeded uniform draws, with
a 95% Wilson interval, and the seed is recorded. When the ZOPA is empty, an irreducible
set of BATNAs and red lines that cannot all hold explains why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import sqrt
from typing import Any

import numpy as np

from accord.analysis.milp import Diagnosis, diagnose, find_acceptable
from accord.analysis.space import (
    ENUMERATION_LIMIT,
    OutcomeSpace,
    outcome_space,
    parties,
)
from accord.analysis.utility import TOLERANCE
from accord.model import Scenario
from accord.model.plain import plain_fields

#: Uniform draws used to estimate the ZOPA's share of a space too large to enumerate.
DEFAULT_DRAWS = 200_000


@dataclass(frozen=True)
class Zopa:
    """The ZOPA of a scenario for a set of parties."""

    parties: tuple[str, ...]
    exists: bool
    space_size: int  # outcomes of the whole space (constraints applied, no red lines)
    count: int | None  # exact number of outcomes in the ZOPA, when enumerated
    share: float  # count / space_size (an estimate when count is None)
    share_interval: tuple[float, float]  # exact: (share, share); estimated: 95% interval
    settings: dict[str, list[object]]  # issue -> the settings that occur in the ZOPA
    example: dict[str, object] | None  # one outcome in the ZOPA
    diagnosis: Diagnosis | None  # why it is empty
    seed: int | None = None
    draws: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.count is not None

    def size_text(self) -> str:
        """How large the ZOPA is, in words: exact, or an estimate with its interval."""
        if self.exact:
            return f"{self.count:,} of {self.space_size:,} outcomes ({self.share:.2%})"
        lo, hi = self.share_interval
        return (
            f"about {self.share:.2%} of {self.space_size:,.0f} outcomes "
            f"(95% interval {lo:.2%}–{hi:.2%}, {self.draws:,} draws, seed {self.seed})"
        )

    def __plain__(self) -> dict[str, Any]:
        """The fields with ``exact`` added, and the estimate's seed and draws before the
        settings."""
        keys = ("parties", "exists", "space_size", "count", "share", "share_interval")
        first = {k: getattr(self, k) for k in keys}
        return {
            **first,
            "exact": self.exact,
            "seed": self.seed,
            "draws": self.draws,
            **plain_fields(self),
        }


def acceptable(space: OutcomeSpace, codes: np.ndarray) -> np.ndarray:
    """Which outcomes [N, I] every actor of the space accepts: [N] bool."""
    u = space.utilities(codes)
    d = np.where(np.isnan(space.batna), -np.inf, space.batna)
    return np.all(u >= d[:, None] - TOLERANCE, axis=0) & ~space.crossing(codes).any(axis=0)


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval for a proportion."""
    if n == 0:
        return (0.0, 1.0)
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def zopa(
    scenario: Scenario,
    actors: list[str] | None = None,
    *,
    include_mediators: bool = False,
    space: OutcomeSpace | None = None,
    seed: int = 0,
    draws: int = DEFAULT_DRAWS,
    enumeration_limit: int = ENUMERATION_LIMIT,
) -> Zopa:
    """The ZOPA for ``actors`` (default: the parties, and mediators when asked)."""
    chosen = actors or parties(scenario, include_mediators=include_mediators)
    space = space or outcome_space(scenario, chosen)
    notes = [
        f"{a}: BATNA unknown; only its red lines count"
        for a, b in zip(space.actors, space.batna, strict=True)
        if np.isnan(b)
    ]
    if any(s.kind.value == "continuous" for s in scenario.issues):
        notes.append(
            f"continuous issues are discretised ({space.resolution} grid values "
            "plus the values the scenario names)"
        )
    size = space.size
    if size <= enumeration_limit:
        codes = space.enumerate(enumeration_limit)
        ok = acceptable(space, codes)
        inside = codes[ok]
        count = int(ok.sum())
        settings = {
            iid: [space.settings[i][k] for k in np.unique(inside[:, i])]
            for i, iid in enumerate(space.issues)
        }
        example = space.decode(_best(space, inside)) if count else None
        diagnosis = None if count else diagnose(space, scenario=scenario)
        share = count / size if size else 0.0
        return Zopa(
            parties=space.actors,
            exists=count > 0,
            space_size=size,
            count=count,
            share=share,
            share_interval=(share, share),
            settings=settings,
            example=example,
            diagnosis=diagnosis,
            notes=notes,
        )
    found = find_acceptable(space)
    if found is None:
        return Zopa(
            parties=space.actors,
            exists=False,
            space_size=size,
            count=0,
            share=0.0,
            share_interval=(0.0, 0.0),
            settings={iid: [] for iid in space.issues},
            example=None,
            diagnosis=diagnose(space, scenario=scenario),
            notes=notes,
        )
    settings = {}
    for i, iid in enumerate(space.issues):
        occurring = []
        for value in space.settings[i]:
            if find_acceptable(space, fix={iid: value}) is not None:
                occurring.append(value)
        settings[iid] = occurring
    rng = np.random.default_rng(seed)
    hits = int(acceptable(space, space.sample(draws, rng)).sum())
    lo, hi = wilson(hits, draws)
    notes.append(
        f"the space has {size:,.0f} outcomes: its ZOPA share is estimated from {draws:,} "
        f"uniform draws (seed {seed}); existence and settings are exact"
    )
    return Zopa(
        parties=space.actors,
        exists=True,
        space_size=size,
        count=None,
        share=hits / draws,
        share_interval=(lo, hi),
        settings=settings,
        example=space.decode(found),
        diagnosis=None,
        seed=seed,
        draws=draws,
        notes=notes,
    )


def _best(space: OutcomeSpace, codes: np.ndarray) -> np.ndarray:
    """The ZOPA outcome with the largest total utility (a representative example)."""
    return codes[int(np.argmax(space.utilities(codes).sum(axis=0)))]
