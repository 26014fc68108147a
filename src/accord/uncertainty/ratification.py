"""Ratification drawn: in each Monte Carlo draw, which outcomes each actor's ratifiers pass.

A ratifier with a ``spread`` s (:class:`accord.model.ratification.Ratifier`) has, in each
draw, a utility ``u + e`` with ``e ~ N(0, s)`` drawn once per draw and ratifier and shared by
every outcome of that draw (a swing of mood moves its view of every outcome alike). It
passes an outcome when it crosses none of its red lines and ``u + e >= threshold -
TOLERANCE``; without a spread ``e = 0``. Whether it votes, and the actor's rule, are as in
:mod:`accord.analysis.ratifiers`. Ratifiers draw independently of each other.

Everything is one array operation over draws x ratifiers x outcomes, in chunks of draws so
that memory stays bounded; the noise comes from ``numpy.random.default_rng(seed)`` and the
seed is recorded, so a run can be repeated exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.ratification import MAY_VOTE, VOTES, Ratified, ratify_drafts
from accord.analysis.ratifiers import (
    ABSENT,
    FAILS,
    PASSES,
    Ratifiers,
    compile_ratifiers,
    reaches,
    rule_met,
)
from accord.model import Proposal, Scenario

#: Elements of the [draws, ratifiers, outcomes] intermediate held at once.
CHUNK_ELEMENTS = 4_000_000


@dataclass(frozen=True)
class RatificationDraws:
    """Per draw, which outcomes each ratifying actor's ratifiers pass: ``passes`` [D, A, N]."""

    actors: tuple[str, ...]
    passes: np.ndarray  # [D, A, N] bool
    seed: int
    draws: int

    def chance(self) -> np.ndarray:
        """The share of draws in which each actor ratifies each outcome: [A, N]."""
        return np.asarray(self.passes.mean(axis=0))


@dataclass(frozen=True)
class DraftDraws:
    """Ratification of drafts per draw, at the low and the high end of each draft's open
    settings (:mod:`accord.analysis.ratification`): ``low.passes <= high.passes``, the same
    noise in both."""

    proposals: tuple[str, ...]
    low: RatificationDraws
    high: RatificationDraws


def noise(rat: Ratifiers, draws: int, seed: int) -> np.ndarray:
    """Each ratifier's swing in each draw, ``N(0, spread)``: [D, R] (0 without a spread)."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((draws, rat.size)) * rat.spread[None, :]


def ratification_draws(
    scenario: Scenario | Ratifiers,
    utility: np.ndarray,
    *,
    draws: int,
    seed: int,
    crossed: np.ndarray | None = None,
    votes: np.ndarray | None = None,
    vote_if_fail: np.ndarray | None = None,
) -> RatificationDraws:
    """Which of N outcomes each actor's ratifiers pass in each of ``draws`` draws.

    ``utility`` [R, N] is each ratifier's utility of each outcome at central values (NaN:
    no stances), ``crossed`` [R, N] whether the outcome crosses one of its red lines
    (default: none), ``votes`` [R, N] whether it votes (default: always). A ratifier whose
    vote depends on an open setting may be given ``vote_if_fail`` different from ``votes``:
    it then counts as voting when it passes per ``votes``, when it fails per
    ``vote_if_fail`` (so the low end of a range is "votes only to fail"). Ratifiers follow
    ``scenario.ratification``; rows of the result follow its actors.
    """
    rat = scenario if isinstance(scenario, Ratifiers) else compile_ratifiers(scenario)
    utility = np.asarray(utility, dtype=float)
    n_r, n = utility.shape
    if n_r != rat.size:
        raise ValueError(f"utility has {n_r} rows; the scenario has {rat.size} ratifiers")
    crossed = np.zeros((n_r, n), bool) if crossed is None else np.asarray(crossed, bool)
    votes = np.ones((n_r, n), bool) if votes is None else np.asarray(votes, bool)
    vote_if_fail = votes if vote_if_fail is None else np.asarray(vote_if_fail, bool)
    swing = noise(rat, draws, seed)  # [D, R]
    out = np.empty((draws, len(rat.actors), n), dtype=bool)
    step = max(1, CHUNK_ELEMENTS // max(1, n_r * n))
    threshold = rat.threshold[None, :, None]
    for start in range(0, draws, step):  # chunks bound memory; each is one array operation
        e = swing[start : start + step, :, None]  # [d, R, 1]
        ok = ~crossed[None] & reaches(utility[None] + e, threshold)  # [d, R, N]
        states = np.where(
            ok,
            np.where(votes[None], PASSES, ABSENT),
            np.where(vote_if_fail[None], FAILS, ABSENT),
        )
        out[start : start + step] = rule_met(rat, states.transpose(0, 2, 1)).transpose(0, 2, 1)
    return RatificationDraws(rat.actors, out, seed, draws)


def draft_draws(
    scenario: Scenario,
    *,
    draws: int,
    seed: int,
    proposals: list[Proposal] | None = None,
    ratified: Ratified | None = None,
) -> DraftDraws:
    """Ratification of every draft (all the scenario's by default) in each draw.

    ``ratified`` (:func:`accord.analysis.ratification.ratify_drafts` of the same drafts)
    saves scoring them again. The low end takes each ratifier's worst case (utility low, a
    red line it may cross crossed, a ratifier that may vote voting only to fail), the high
    end its best; both use the same draws of noise.
    """
    rat = compile_ratifiers(scenario)
    found = ratified or ratify_drafts(scenario, proposals)
    sure, maybe = found.voting == VOTES, found.voting >= MAY_VOTE
    low = ratification_draws(
        rat,
        found.low,
        draws=draws,
        seed=seed,
        crossed=found.crossing >= 1,
        votes=sure,
        vote_if_fail=maybe,
    )
    high = ratification_draws(
        rat,
        found.high,
        draws=draws,
        seed=seed,
        crossed=found.crossing == 2,
        votes=maybe,
        vote_if_fail=sure,
    )
    return DraftDraws(found.proposals, low, high)
