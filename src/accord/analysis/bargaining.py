"""The whole bargaining analysis of a scenario in one call, as the CLI and reports use it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.analysis.pareto import Frontier, pareto_frontier
from accord.analysis.solutions import Bargaining, bargaining_solutions
from accord.analysis.space import DEFAULT_RESOLUTION, OutcomeSpace, outcome_space, parties
from accord.analysis.verdicts import Verdict, proposal_verdicts
from accord.analysis.zopa import Zopa, zopa
from accord.model import Scenario


@dataclass(frozen=True)
class Analysis:
    """ZOPA, Pareto frontier, bargaining solutions and draft verdicts for a set of parties."""

    scenario: str
    parties: tuple[str, ...]
    zopa: Zopa
    space: OutcomeSpace  # outcomes crossing no party's red line
    frontier: Frontier
    bargaining: Bargaining
    verdicts: list[Verdict]
    #: when red lines leave no solution: the solutions if red lines were soft (BATNAs only);
    #: the verdicts' dominance and distances are then judged in that wider space
    relaxed: Bargaining | None = None

    def to_dict(self, frontier_limit: int | None = None) -> dict[str, Any]:
        outcomes = self.frontier.outcomes(self.space)
        rows = [
            {"outcome": o, "utility": dict(zip(self.parties, map(float, u), strict=True))}
            for o, u in zip(outcomes, self.frontier.utilities, strict=True)
        ]
        return {
            "scenario": self.scenario,
            "parties": list(self.parties),
            "zopa": self.zopa.to_dict(),
            "pareto": {
                "size": self.frontier.size,
                "space_size": self.space.size,
                "outcomes": rows[:frontier_limit] if frontier_limit else rows,
            },
            "solutions": self.bargaining.to_dict(),
            "solutions_without_red_lines": self.relaxed.to_dict() if self.relaxed else None,
            "verdicts_judged_against": "outcomes crossing no red line"
            if self.relaxed is None
            else "all outcomes (no outcome respects every red line)",
            "proposals": [v.to_dict() for v in self.verdicts],
        }


def analyze(
    scenario: Scenario,
    actors: list[str] | None = None,
    *,
    proposals: list[str] | None = None,
    include_mediators: bool = False,
    resolution: int = DEFAULT_RESOLUTION,
    seed: int = 0,
) -> Analysis:
    """Run the bargaining analysis for ``actors`` (default: the parties)."""
    chosen = actors or parties(scenario, include_mediators=include_mediators)
    if not chosen:
        raise ValueError("no parties with stances to analyse; name some with --parties")
    plain = outcome_space(scenario, chosen, resolution=resolution)
    space = outcome_space(scenario, chosen, resolution=resolution, red_lines=chosen)
    frontier = pareto_frontier(space)
    bargaining = bargaining_solutions(scenario, chosen, space=space, frontier=frontier)
    relaxed = None
    basis = (space, frontier, bargaining)
    if all(sol is None for sol in bargaining.solutions.values()):
        # No deal respects every red line: show where bargaining would land if they were
        # soft, and judge drafts against that wider space rather than against nothing.
        plain_frontier = pareto_frontier(plain)
        relaxed = bargaining_solutions(scenario, chosen, space=plain, frontier=plain_frontier)
        basis = (plain, plain_frontier, relaxed)
    return Analysis(
        scenario=scenario.id,
        parties=space.actors,
        zopa=zopa(scenario, chosen, space=plain, seed=seed),
        space=space,
        frontier=frontier,
        bargaining=bargaining,
        verdicts=proposal_verdicts(
            scenario,
            chosen,
            proposals=proposals,
            space=basis[0],
            frontier=basis[1],
            bargaining=basis[2],
        ),
        relaxed=relaxed,
    )
