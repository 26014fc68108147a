"""Bargaining solutions with each party's BATNA as the disagreement point.

All are computed over the exact Pareto frontier of the outcomes no party's red line rules
out, restricted to the individually rational ones (every party at least at its BATNA):

- **nash**: maximises the product of gains, prod (U_a - d_a) (Nash 1950);
- **nash-weighted**: maximises prod (U_a - d_a) ** w_a with w the parties' capabilities
  normalised to sum 1 (the asymmetric Nash solution: power buys a larger share);
- **kalai-smorodinsky**: maximises min_a (U_a - d_a) / (I_a - d_a), with I_a the best
  utility party a reaches among individually rational outcomes (equal shares of what each
  could at best obtain);
- **egalitarian**: maximises the smallest gain min_a (U_a - d_a);
- **utilitarian**: maximises the sum of utilities.

Conventions. The disagreement point d is each party's BATNA utility as given, even when
every outcome is better than it (gains are measured from the party's real alternative,
not from the worst deal). A party whose BATNA is unknown gets d = the lowest utility it
has anywhere in the space, and the result says so. A party with zero gain at every
individually rational outcome is left out of the Nash product (it would make the product
zero everywhere); where the product is zero at every outcome the larger total gain decides.
Ties are broken by the larger sum of gains, then by the frontier's own order (deterministic).
When no outcome is individually rational there is no solution (the ZOPA is empty).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from accord.analysis.pareto import Frontier, pareto_frontier
from accord.analysis.space import OutcomeSpace, outcome_space, parties
from accord.analysis.utility import TOLERANCE
from accord.model import Scenario
from accord.model.plain import omit

SOLUTIONS = ("nash", "nash-weighted", "kalai-smorodinsky", "egalitarian", "utilitarian")


@dataclass(frozen=True)
class Solution:
    """One bargaining solution: the outcome, issue by issue, and what each party gets."""

    name: str = field(metadata=omit())  # the key it is listed under
    outcome: dict[str, object]
    codes: np.ndarray = field(metadata=omit())
    utility: dict[str, float]
    gain: dict[str, float]


@dataclass(frozen=True)
class Bargaining:
    """Every solution (None where there is none), with the disagreement point used."""

    parties: tuple[str, ...]
    disagreement: dict[str, float]
    disagreement_source: dict[str, str]  # "batna" or "worst outcome (BATNA unknown)"
    weights: dict[str, float]
    frontier_size: int
    individually_rational: int  # frontier points where every party reaches its BATNA
    solutions: dict[str, Solution | None]
    notes: list[str] = field(default_factory=list)


def disagreement_point(space: OutcomeSpace) -> tuple[np.ndarray, list[str]]:
    """BATNAs, with the worst utility in the space standing in for unknown ones."""
    d = space.batna.copy()
    unknown = np.isnan(d)
    if unknown.any():
        # an empty factor (red lines or constraints rule out every setting) empties the space:
        # there is no worst outcome, and no solution either way
        worst = np.array(
            [
                sum(f.utility[a].min() if f.size else 0.0 for f in space.factors)
                for a in range(len(d))
            ]
        )
        d[unknown] = worst[unknown]
    return d, ["worst outcome (BATNA unknown)" if u else "batna" for u in unknown]


def choose(utilities: np.ndarray, d: np.ndarray, weights: np.ndarray) -> dict[str, int | None]:
    """Index of each solution among ``utilities`` [F, A] (frontier points), or None.

    The frontier is passed whole; individual rationality is applied here.
    """
    if utilities.shape[0] == 0:
        return dict.fromkeys(SOLUTIONS)
    gains = utilities - d[None, :]
    rational = np.all(gains >= -TOLERANCE, axis=1)
    if not rational.any():
        return dict.fromkeys(SOLUTIONS)
    g = np.clip(gains, 0.0, None)
    total = g.sum(axis=1)

    def best(score: np.ndarray) -> int:
        # highest score among rational points, then the larger total gain, then first.
        # Scores within TOLERANCE (relative) of the best tie, as utilities within
        # TOLERANCE are equal everywhere else: otherwise a point ahead by rounding alone
        # (1e-9 for one party) would win over one that gives another party 1e-4 more.
        score = np.where(rational, score, -np.inf)
        # only rational points may tie: when every rational score is -inf (each Nash
        # product is 0), an irrational point's -inf must not tie with them
        top = rational & (score >= score.max() - TOLERANCE * max(1.0, abs(score.max())))
        tie_total = np.where(top, total, -np.inf)
        return int(np.flatnonzero(tie_total >= tie_total.max() - 1e-12)[0])

    positive = np.any(g[rational] > TOLERANCE, axis=0)  # parties that can gain at all
    with np.errstate(divide="ignore", invalid="ignore"):
        log_g = np.log(np.where(positive[None, :], g, 1.0))  # -inf where a gain is zero
        # a party of zero weight has no say: its 0 * log(0) would be NaN, so it is left out
        log_w = np.where(weights[None, :] > 0, log_g * weights[None, :], 0.0)
    ideal = np.where(rational[:, None], utilities, -np.inf).max(axis=0)
    span = ideal - d
    ratio = np.where(span > TOLERANCE, gains / np.where(span > TOLERANCE, span, 1.0), 1.0)
    return {
        "nash": best(log_g.sum(axis=1)),
        "nash-weighted": best(log_w.sum(axis=1)),
        "kalai-smorodinsky": best(ratio.min(axis=1)),
        "egalitarian": best(gains.min(axis=1)),
        "utilitarian": best(utilities.sum(axis=1)),
    }


def bargaining_solutions(
    scenario: Scenario,
    actors: list[str] | None = None,
    *,
    space: OutcomeSpace | None = None,
    frontier: Frontier | None = None,
) -> Bargaining:
    """Every bargaining solution for ``actors`` (default: the parties).

    The space excludes outcomes crossing any of the actors' red lines.
    """
    chosen = actors or parties(scenario)
    space = space or outcome_space(scenario, chosen, red_lines=chosen)
    frontier = frontier if frontier is not None else pareto_frontier(space)
    d, source = disagreement_point(space)
    caps = np.array([scenario.actor(a).capability for a in space.actors], dtype=float)
    weights = caps / caps.sum() if caps.sum() > 0 else np.full(len(caps), 1 / len(caps))
    picks = choose(frontier.utilities, d, weights)
    rational = (
        int(np.all(frontier.utilities >= d[None, :] - TOLERANCE, axis=1).sum())
        if frontier.size
        else 0
    )
    solutions: dict[str, Solution | None] = {}
    for name, k in picks.items():
        if k is None:
            solutions[name] = None
            continue
        u = frontier.utilities[k]
        solutions[name] = Solution(
            name=name,
            outcome=space.decode(frontier.codes[k]),
            codes=frontier.codes[k],
            utility=dict(zip(space.actors, map(float, u), strict=True)),
            gain=dict(zip(space.actors, map(float, u - d), strict=True)),
        )
    notes = []
    for a, src in zip(space.actors, source, strict=True):
        if src != "batna":
            notes.append(f"{a}: BATNA unknown; its worst outcome is used as the disagreement point")
    if rational == 0:
        notes.append("no outcome gives every party at least its BATNA: no bargaining solution")
    return Bargaining(
        parties=space.actors,
        disagreement=dict(zip(space.actors, map(float, d), strict=True)),
        disagreement_source=dict(zip(space.actors, source, strict=True)),
        weights=dict(zip(space.actors, map(float, weights), strict=True)),
        solutions=solutions,
        individually_rational=rational,
        frontier_size=frontier.size,
        notes=notes,
    )
