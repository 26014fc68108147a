"""A Monte Carlo run's figures that honour ratification at home and credible commitments.

Beside the flat figures of :func:`accord.forecast.montecarlo.simulate` (every party free to
sign what it accepts, every promise kept), ``simulate(..., honour=True)`` reports:

- :class:`Ratification`: each draft's chance of acceptance *and* ratification per party and
  by all parties, and the chance a ZOPA exists that every party's ratifiers pass, decided
  per draw as :mod:`accord.forecast.ratified_draws` says (with the method named);
- :class:`Commitments`: for each draft with phases or commitments, each party's chance that
  the draft's *expected* value, commitments that may break and all
  (:func:`accord.uncertainty.commitments.sequence_draws`, the beliefs drawn from their
  spreads), is at least its BATNA, beside the flat chance of acceptance.

The assumptions are stated in words with each (``assumptions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.sequencing import SequencingError
from accord.analysis.utility import TOLERANCE
from accord.analysis.zopa import wilson
from accord.forecast.ratified_draws import FOUND, NONE, UNRESOLVED, RatifiedPlan
from accord.model import Scenario
from accord.model.plain import plain_fields
from accord.model.views import batna_values
from accord.uncertainty.commitments import sequence_draws

#: What Monte Carlo with ratification assumes, in words.
RATIFICATION_ASSUMPTIONS = (
    "a party accepts a draft, or any deal, only when its ratifiers pass it under its rule "
    "(all, majority or quota of the voting weight); a ratifier that does not vote on it "
    "(votes_when) does not block; ratifiers of actors that are not parties are not counted",
    "each ratifier judges by its own stances, threshold and red lines, as stated; one with a "
    "spread has one swing of mood per draw, normal with that spread, shared by every outcome "
    "of the draw; ratifiers swing independently of each other and of the parties' drawn numbers",
    "a draft that leaves settings open is accepted and ratified ('yes') when the party "
    "accepts it and its ratifiers pass its worst completion for them; 'no' when the party "
    "refuses it or they fail even its best; 'maybe' otherwise",
    "the swings come from a stream of their own seeded from each chunk's seed, so the flat "
    "figures are exactly those of a run without ratification, draw for draw",
    "the ZOPA with ratification is looked for on the flat ZOPA's grid and in the same draws",
)

#: What the chances with commitments assume, in words.
COMMITMENT_ASSUMPTIONS = (
    "a draft carried out in phases can stop half-way: each committed point is kept with the "
    "evaluating party's belief about whoever carries it out (a guarantor adds its own "
    "chance), a breach halts the later phases, and what a breach leaves is the point's "
    "if_broken (accord.analysis.sequencing)",
    "only the beliefs in commitments are drawn (each from its spread; one without keeps its "
    "probability); the courses' values and the BATNAs stay at their stated values, whereas "
    "the flat acceptance beside it draws utilities and BATNAs",
    "the expected value is taken at the low end of what the draft leaves open and compared "
    "with the party's BATNA as stated; red lines are not part of this comparison",
    "the draft's own order of phases",
)


def tri(codes: np.ndarray) -> dict[str, float]:
    """The shares of draws with code 2 (yes), 1 (maybe) and 0 (no)."""
    n = max(1, codes.size)
    return {
        "yes": float((codes == 2).sum() / n),
        "maybe": float((codes == 1).sum() / n),
        "no": float((codes == 0).sum() / n),
    }


def by_all(codes: np.ndarray) -> np.ndarray:
    """Every party at once ``[D, Ap] -> [D]``: yes when all say yes, no when one says no."""
    return np.where((codes == 2).all(axis=1), 2, np.where((codes == 0).any(axis=1), 0, 1))


@dataclass(frozen=True)
class RatifiedZopa:
    """How often a ZOPA exists that every party's ratifiers pass, and how it was found.

    ``probability`` counts the draws where one was found; ``high`` also those left
    unresolved (no outcome found where the check is not exact), so the chance lies between
    the two; ``interval`` runs from the 95% Wilson low end of the first to the high end of
    the second. ``exact``: every decided draw settled (``unresolved`` 0).
    """

    probability: float | None
    high: float | None
    interval: tuple[float, float] | None
    method: str | None
    exact: bool
    how: str
    draws_evaluated: int
    found: int
    ruled_out: int
    unresolved: int

    def __plain__(self) -> dict[str, Any]:
        return plain_fields(self)


@dataclass(frozen=True)
class Ratification:
    """Monte Carlo with ratification at home: ``acceptance`` (draft -> party -> yes/maybe/no,
    accepted *and* ratified), ``accepted_by_all``, the ``zopa`` with ratification, and the
    ``parties`` whose ratifiers count (the others have none)."""

    parties: tuple[str, ...]
    ratifiers: tuple[str, ...]
    acceptance: dict[str, dict[str, dict[str, float]]]
    accepted_by_all: dict[str, dict[str, float]]
    zopa: RatifiedZopa | None
    assumptions: tuple[str, ...] = RATIFICATION_ASSUMPTIONS


@dataclass(frozen=True)
class Commitments:
    """Per draft with phases or commitments: each party's chance (over ``draws`` draws of
    the beliefs, ``seed``) that the draft's expected value is at least its BATNA (None: its
    BATNA is unknown, or an unknown course value makes the expectation unknown)."""

    draws: int
    seed: int
    chances: dict[str, dict[str, float | None]]
    drawn: dict[str, tuple[str, ...]]
    notes: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = COMMITMENT_ASSUMPTIONS
    per_draw: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def __plain__(self) -> dict[str, Any]:
        doc = plain_fields(self)
        doc.pop("per_draw", None)
        return doc


def ratification_summary(
    rp: RatifiedPlan,
    proposals: Sequence[str],
    parties: Sequence[str],
    accepts: np.ndarray | None,
    zopa: np.ndarray | None,
    method: str | None,
) -> Ratification:
    """Summarise the chunks' acceptance with ratification ``[D, P, Ap]`` and ZOPA codes
    ``[D]`` (None: not computed)."""
    acceptance: dict[str, dict[str, dict[str, float]]] = {}
    everyone: dict[str, dict[str, float]] = {}
    if accepts is not None:
        for p, pid in enumerate(proposals):
            acceptance[pid] = {a: tri(accepts[:, p, k]) for k, a in enumerate(parties)}
            everyone[pid] = tri(by_all(accepts[:, p]))
    z = None
    if zopa is not None and method is not None:
        decided = zopa[zopa >= 0]
        n = int(decided.size)
        found = int((decided == FOUND).sum())
        ruled = int((decided == NONE).sum())
        open_ = int((decided == UNRESOLVED).sum())
        if method == "enumeration":
            how = "every outcome checked in every draw, with each draw's swings: exact"
        elif rp.exact is None:
            how = (
                "exact in every decided draw: none without a flat ZOPA; else an outcome the "
                "parties accept that the ratifiers pass, or mixed-integer checks with the "
                "ratifiers as extra actors (BATNA: their threshold less the draw's swing), one "
                "per pattern of which ratifiers with votes_when vote, finding none"
            )
        else:
            how = (
                f"a found outcome proves one and no flat ZOPA rules one out; {rp.exact}, so "
                f"in the {open_:,} draws where the check with every ratifier passing found "
                "nothing, the question is left open: the chance lies between the two figures"
            )
        lo = wilson(found, n)[0] if n else 0.0
        hi = wilson(found + open_, n)[1] if n else 1.0
        z = RatifiedZopa(
            probability=found / n if n else None,
            high=(found + open_) / n if n else None,
            interval=(min(lo, found / n), max(hi, (found + open_) / n)) if n else None,
            method=method,
            exact=open_ == 0,
            how=how,
            draws_evaluated=n,
            found=found,
            ruled_out=ruled,
            unresolved=open_,
        )
    return Ratification(
        parties=rp.ratifying,
        ratifiers=rp.rat.ids,
        acceptance=acceptance,
        accepted_by_all=everyone,
        zopa=z,
    )


def commitment_chances(
    scenario: Scenario, parties: Sequence[str], draws: int, seed: int
) -> Commitments | None:
    """Each party's chance that each phased or committed draft's expected value is at least
    its BATNA, over ``draws`` draws of the beliefs (None: no such draft)."""
    drafts = [p for p in scenario.proposals if p.phases or any(pt.commitment for pt in p.points)]
    if not drafts:
        return None
    batna = batna_values(scenario, "assessed")  # the BATNAs as the scenario states them
    chances: dict[str, dict[str, float | None]] = {}
    drawn: dict[str, tuple[str, ...]] = {}
    per_draw: dict[str, np.ndarray] = {}
    notes = []
    for prop in drafts:
        try:
            got = sequence_draws(scenario, prop.id, draws, seed, view="assessed")
        except SequencingError as exc:
            notes.append(f"{prop.id}: not valued with commitments: {exc}")
            continue
        row: dict[str, float | None] = {}
        for a in parties:
            alt = batna.get(a)
            if a not in got.actors or alt is None:
                row[a] = None
                continue
            x = got.per_draw[:, got.actors.index(a)]
            row[a] = None if np.isnan(x).any() else float(np.mean(x >= alt - TOLERANCE))
        chances[prop.id] = row
        drawn[prop.id] = got.drawn
        per_draw[prop.id] = got.per_draw
    if any(not d for d in drawn.values()):
        notes.append("where no belief has a spread, every draw is the same: the chance is 0 or 1")
    return Commitments(draws, seed, chances, drawn, tuple(notes), per_draw=per_draw)
