"""Verdicts on drafts: who accepts each, whether a better deal exists, how far it is from
each bargaining solution, and the smallest amendment that would make it acceptable.

Dominance is judged within the space given, by default the outcomes that cross none of the
parties' red lines (a "better" deal that crosses a red line is no suggestion at all). For a
draft with unknown or silent settings the answers can be "maybe": accepted if the open
settings fall one way, not if they fall the other. When the space is one where soft red lines
give at a cost (:func:`accord.analysis.softening.soften`), dominance and distances take each
party's utility less the costs of the soft red lines the draft crosses (a line it may cross
lowers the worst case only); acceptance still treats every red line as a wall.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from accord.analysis.milp import Amendment, proposal_draft, smallest_amendment
from accord.analysis.pareto import Frontier, pareto_frontier
from accord.analysis.scoring import Scorecard, score_proposals
from accord.analysis.softening import SoftLine
from accord.analysis.solutions import Bargaining, bargaining_solutions
from accord.analysis.space import OutcomeSpace, outcome_space, parties
from accord.analysis.utility import TOLERANCE
from accord.model import Scenario, Unknown
from accord.model.plain import omit, plain_fields, rename

Tri = Literal["yes", "no", "maybe"]


@dataclass(frozen=True)
class Verdict:
    """What the parties make of one draft."""

    proposal: str
    low: dict[str, float] = field(metadata=omit())  # written with high as "utility"
    high: dict[str, float] = field(metadata=omit())
    accepts: dict[str, Tri]  # per party: utility >= BATNA and no red line crossed
    accepted: Tri = field(metadata=rename("accepted_by_all"))  # by every party
    dominated: Tri  # by an outcome that crosses no party's red line
    # that outcome, when dominated for sure
    dominating: dict[str, object] | None = field(metadata=rename("dominating_outcome"))
    improvement: dict[str, float] | None  # each party's gain by moving to it
    # to each bargaining solution, in utility space
    distance: dict[str, float | None] = field(metadata=rename("distance_to_solutions"))
    # issues set differently from each solution
    issues_off: dict[str, int | None] = field(metadata=rename("issues_differing_from_solutions"))
    amendment: Amendment | None = field(metadata=rename("smallest_amendment"))

    def __plain__(self) -> dict[str, Any]:
        """The fields, with ``low`` and ``high`` written as one ``utility`` range."""
        utility = {a: _range(self.low[a], self.high[a]) for a in self.low}
        return {"proposal": self.proposal, "utility": utility, **plain_fields(self)}


def _range(lo: float, hi: float) -> float | dict[str, float]:
    return lo if abs(hi - lo) <= TOLERANCE else {"low": lo, "high": hi}


def _all(values: list[Tri]) -> Tri:
    if all(v == "yes" for v in values):
        return "yes"
    return "no" if any(v == "no" for v in values) else "maybe"


def proposal_verdicts(
    scenario: Scenario,
    actors: list[str] | None = None,
    *,
    proposals: list[str] | None = None,
    space: OutcomeSpace | None = None,
    frontier: Frontier | None = None,
    bargaining: Bargaining | None = None,
    card: Scorecard | None = None,
    amend: bool = True,
    soft: Sequence[SoftLine] = (),
) -> list[Verdict]:
    """A verdict on each draft (default: all) for ``actors`` (default: the parties).

    ``soft``: the soft red lines that give at their cost in ``space`` (then dominance and
    distances are judged on utilities less those costs).
    """
    chosen = actors or parties(scenario)
    space = space or outcome_space(scenario, chosen, red_lines=chosen)
    frontier = frontier if frontier is not None else pareto_frontier(space)
    bargaining = bargaining or bargaining_solutions(
        scenario, chosen, space=space, frontier=frontier
    )
    props = [scenario.proposal(p) for p in proposals] if proposals else scenario.proposals
    card = card or score_proposals(scenario, props)
    rows = [card.actors.index(a) for a in space.actors]
    plain = None  # the space without red lines, for amendments (red lines are constraints there)
    verdicts = []
    for prop in props:
        p = card.proposals.index(prop.id)
        lo, hi = card.low[rows, p], card.high[rows, p]
        draft = proposal_draft(scenario, prop.id)
        accepts: dict[str, Tri] = {}
        for a, r in zip(space.actors, rows, strict=True):
            b = card.batna[r]
            red = card.red_line[r, p]
            if (red == 2).any() or (not np.isnan(b) and card.high[r, p] < b - TOLERANCE):
                accepts[a] = "no"
            elif (red == 0).all() and (np.isnan(b) or card.low[r, p] >= b - TOLERANCE):
                accepts[a] = "yes"
            else:
                accepts[a] = "maybe"
        net_lo, net_hi = _net(card, p, space.actors, soft, lo, hi)
        dominated, dominating, improvement = _dominance(space, frontier, net_lo, net_hi)
        distance: dict[str, float | None] = {}
        off: dict[str, int | None] = {}
        mid = (net_lo + net_hi) / 2
        for name, sol in bargaining.solutions.items():
            if sol is None:
                distance[name] = off[name] = None
                continue
            target = np.array([sol.utility[a] for a in space.actors])
            distance[name] = float(np.linalg.norm(mid - target))
            off[name] = _issues_off(draft, sol.outcome)
        amendment = None
        if amend:
            if plain is None:
                plain = outcome_space(scenario, list(space.actors), resolution=space.resolution)
            amendment = smallest_amendment(plain, draft, scenario=scenario)
        verdicts.append(
            Verdict(
                proposal=prop.id,
                low=dict(zip(space.actors, map(float, lo), strict=True)),
                high=dict(zip(space.actors, map(float, hi), strict=True)),
                accepts=accepts,
                accepted=_all(list(accepts.values())),
                dominated=dominated,
                dominating=dominating,
                improvement=improvement,
                distance=distance,
                issues_off=off,
                amendment=amendment,
            )
        )
    return verdicts


def _net(
    card: Scorecard,
    p: int,
    actors: Sequence[str],
    soft: Sequence[SoftLine],
    lo: np.ndarray,
    hi: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """``lo``, ``hi`` less the costs of the soft red lines draft ``p`` crosses (surely: both;
    maybe: the worst case only); unchanged without soft red lines."""
    if not soft:
        return lo, hi
    lo, hi = lo.copy(), hi.copy()
    for line in soft:
        if line.actor not in actors:
            continue
        k = list(actors).index(line.actor)
        code = card.red_line[card.actors.index(line.actor), p, card.issues.index(line.issue)]
        if code >= 1:
            lo[k] -= line.cost
        if code == 2:
            hi[k] -= line.cost
    return lo, hi


def _dominance(
    space: OutcomeSpace, frontier: Frontier, lo: np.ndarray, hi: np.ndarray
) -> tuple[Tri, dict[str, object] | None, dict[str, float] | None]:
    if frontier.size == 0:
        return "no", None, None
    u = frontier.utilities

    def dominators(v: np.ndarray) -> np.ndarray:
        return np.all(u >= v - TOLERANCE, axis=1) & np.any(u > v + TOLERANCE, axis=1)

    over_high = dominators(hi)
    if over_high.any():
        # the dominating outcome that improves the worst-off party most
        gains = np.where(over_high[:, None], u - hi, -np.inf).min(axis=1)
        k = int(np.argmax(gains))
        improvement = dict(zip(space.actors, map(float, u[k] - hi), strict=True))
        return "yes", space.decode(frontier.codes[k]), improvement
    if dominators(lo).any():
        return "maybe", None, None
    return "no", None, None


def _issues_off(draft: dict[str, object | None], outcome: dict[str, object]) -> int | None:
    """Issues where a fully known draft differs from an outcome (None if any is open)."""
    count = 0
    for iid, value in draft.items():
        if value is None or isinstance(value, Unknown):
            return None
        target = outcome[iid]
        if isinstance(target, float) and not isinstance(value, bool):
            count += abs(float(value) - target) > 1e-9 * max(1.0, abs(target))  # type: ignore[arg-type]
        else:
            count += value != target
    return count
