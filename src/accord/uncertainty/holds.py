"""Whether each soft red line holds, per draw: a Bernoulli draw with the drawn credibility.

A soft red line (:class:`accord.model.stances.SoftRedLine`) holds with probability its
``credibility``; when it has a spread, each draw first draws the credibility (and the cost,
when that has a spread) from it, then whether the line holds. A line that holds is a wall in
that draw; one that gives costs its actor its (drawn) cost instead
(:mod:`accord.analysis.softening`). So the chance of a deal Monte Carlo reports is a
probability over the red lines' holding too, not 0 by construction when they clash.

The draws use their own stream, derived from the chunk's seed, so a scenario without soft
red lines draws exactly the numbers it drew before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.analysis.softening import SoftLine, soft_lines
from accord.model import Scenario
from accord.model.actors import Uncertainty
from accord.uncertainty.draws import UncertainInput, sample

#: Added to a chunk's spawn key for the stream of soft red lines' draws.
STREAM = 0x50F7


@dataclass(frozen=True)
class Holds:
    """Per draw: whether each soft red line holds, and its cost. ``lines`` in stance order."""

    lines: tuple[SoftLine, ...]
    holds: np.ndarray  # [n, L] bool
    cost: np.ndarray  # [n, L] float

    def given(self, d: int) -> tuple[SoftLine, ...]:
        """The lines that give in draw ``d``, at that draw's cost."""
        return tuple(
            SoftLine(ln.actor, ln.issue, float(self.cost[d, k]), ln.credibility)
            for k, ln in enumerate(self.lines)
            if not self.holds[d, k]
        )

    def take(self, rows: slice | np.ndarray) -> Holds:
        """The holds of some draws only."""
        return Holds(self.lines, self.holds[rows], self.cost[rows])

    def arrays(
        self, parties: Sequence[str], issues: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per draw, party and issue: whether its soft red line gives, and the cost then:
        ``gives[n, Ap, I]`` bool, ``cost[n, Ap, I]`` (0 where no line gives). Lines of
        actors outside ``parties`` are left out."""
        n = self.holds.shape[0]
        gives = np.zeros((n, len(parties), len(issues)), dtype=bool)
        cost = np.zeros((n, len(parties), len(issues)))
        for k, line in enumerate(self.lines):
            if line.actor not in parties:
                continue
            a, i = list(parties).index(line.actor), list(issues).index(line.issue)
            gives[:, a, i] = ~self.holds[:, k]
            cost[:, a, i] = np.where(gives[:, a, i], self.cost[:, k], 0.0)
        return gives, cost


def _input(
    name: str, kind: str, line: SoftLine, spread: Uncertainty | None, base: float
) -> UncertainInput:
    if spread is None:
        return UncertainInput(name, kind, line.actor, line.issue, "uniform", base, base, base, base)
    lo, hi = float(spread.low), float(spread.high)
    mode = (lo + hi) / 2 if spread.mode is None else float(spread.mode)
    return UncertainInput(
        name, kind, line.actor, line.issue, spread.distribution, lo, hi, mode, base
    )


def draw_holds(
    scenario: Scenario, actors: Sequence[str], n: int, seed: np.random.SeedSequence | None
) -> Holds:
    """``n`` draws of whether each soft red line of ``actors`` holds (its own stream of
    ``seed``; None: every line at its stated credibility and cost, holding)."""
    lines = soft_lines(scenario, actors)
    if not lines:
        return Holds((), np.ones((n, 0), dtype=bool), np.zeros((n, 0)))
    cost0 = np.array([ln.cost for ln in lines])
    if seed is None:
        return Holds(lines, np.ones((n, len(lines)), dtype=bool), np.repeat(cost0[None], n, 0))
    specs = []
    for ln in lines:
        soft = scenario.stance(ln.actor, ln.issue).soft  # type: ignore[union-attr]
        spreads = soft.uncertainty or {} if soft is not None else {}
        specs.append(
            _input("credibility", "credibility", ln, spreads.get("credibility"), ln.credibility)
        )
        specs.append(_input("cost", "cost", ln, spreads.get("cost"), ln.cost))
    rng = np.random.default_rng(
        np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, STREAM))
    )
    drawn = sample(specs, n, rng)  # [n, 2L]: credibility, cost of each line
    holds = rng.random((n, len(lines))) < drawn[:, 0::2]
    return Holds(lines, holds, drawn[:, 1::2])


def soften_settings(
    holds: Holds,
    parties: Sequence[str],
    issues: Sequence[str],
    table: np.ndarray,
    crosses: np.ndarray,
) -> None:
    """In place: where a line gives in a draw, its crossing settings cost its cost instead.

    ``table[D, Ap, K, I]`` weighted utilities per setting, ``crosses[D, Ap, K, I]`` the
    settings that cross a (non-conditional) red line; parties and issues in their axes' order.
    """
    for k, line in enumerate(holds.lines):
        if line.actor not in parties:
            continue
        a, i = list(parties).index(line.actor), list(issues).index(line.issue)
        gives = ~holds.holds[:, k, None]  # [D, 1]
        hit = crosses[:, a, :, i] & gives
        table[:, a, :, i] -= np.where(hit, holds.cost[:, k, None], 0.0)
        crosses[:, a, :, i] &= ~gives


def soften_group(
    holds: Holds,
    parties: Sequence[str],
    issues: Sequence[str],
    group_issues: Sequence[int],
    extra: np.ndarray,
    cross: np.ndarray,
) -> None:
    """In place, for a linked group: ``extra[D, Ap, P]`` pays the cost of each conditional
    line that gives and ``cross[D, Ap, P, g]`` no longer counts it."""
    for k, line in enumerate(holds.lines):
        if line.actor not in parties:
            continue
        i = list(issues).index(line.issue)
        if i not in group_issues:
            continue
        a, j = list(parties).index(line.actor), list(group_issues).index(i)
        gives = ~holds.holds[:, k, None]
        hit = cross[:, a, :, j] & gives
        extra[:, a, :] -= np.where(hit, holds.cost[:, k, None], 0.0)
        cross[:, a, :, j] &= ~gives


def all_give(scenario: Scenario, parties: Sequence[str], n: int) -> Holds:
    """Every soft red line of ``parties`` giving in each of ``n`` runs, at its stated cost:
    the negotiation processes' rule (a party concedes a soft red line when the deal net of
    its cost is at least its alternative, so the line is a cost, never a wall); the
    processes use it for a single run of the scenario as stated (no seed to draw from)."""
    lines = soft_lines(scenario, parties)
    cost = np.repeat(np.array([[ln.cost for ln in lines]]).reshape(1, len(lines)), n, axis=0)
    return Holds(lines, np.zeros((n, len(lines)), dtype=bool), cost)
