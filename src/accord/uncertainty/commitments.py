"""Monte Carlo over beliefs in commitments: a phased draft's expected values, drawn.

A belief (:class:`accord.model.sequencing.Belief`) may carry a spread of its probability
(``uncertainty``: low, high, distribution, mode). Each draw takes every such probability
from its spread with :func:`accord.uncertainty.draws.sample` (the same uniform, triangular
and truncated normal draws as the rest of the scenario's spreads), clipped to [0, 1]; a
belief without a spread keeps its stated probability. The value of every course of the
draft does not depend on the beliefs, only the chances of the courses do, so the courses
are valued once (:func:`accord.analysis.sequencing.plan_sequence`) and the draws are one
extra leading axis of the chances: no loop over draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord.analysis.sequencing import SequencingError, plan_sequence
from accord.model import Scenario
from accord.model.plain import omit
from accord.uncertainty.draws import UncertainInput, sample

#: The quantiles reported: the median and a 90% interval.
QUANTILES = (0.5, 0.05, 0.95)


@dataclass(frozen=True)
class SequenceDraws:
    """Each actor's expected value and gain over ``draws`` draws of the beliefs.

    ``expected_low``, ``expected_high`` and ``gain`` are ``[A, 3]``: median, 5th and 95th
    percentile (gain at the low end, NaN where the BATNA is unknown). ``drawn`` names the
    beliefs whose probability was drawn. The per-draw arrays are kept for checks, not
    written out.
    """

    proposal: str
    view: str
    order: tuple[str, ...]
    draws: int
    seed: int
    actors: tuple[str, ...]
    parties: tuple[str, ...]
    drawn: tuple[str, ...]
    expected_low: np.ndarray  # [A, 3]
    expected_high: np.ndarray  # [A, 3]
    gain: np.ndarray  # [A, 3]
    notes: list[str]
    probabilities: np.ndarray = field(metadata=omit())  # [D, B] every belief, per draw
    per_draw: np.ndarray = field(metadata=omit())  # [D, A] expected value, low end

    def __plain__(self) -> dict[str, Any]:
        def q(row: np.ndarray) -> dict[str, float | None]:
            vals = [None if np.isnan(x) else float(x) for x in row]
            return dict(zip(("median", "p5", "p95"), vals, strict=True))

        return {
            "proposal": self.proposal,
            "view": self.view,
            "order": list(self.order),
            "draws": self.draws,
            "seed": self.seed,
            "drawn": list(self.drawn),
            "actors": [
                {
                    "actor": a,
                    "party": a in self.parties,
                    "expected_low": q(self.expected_low[i]),
                    "expected_high": q(self.expected_high[i]),
                    "gain": q(self.gain[i]),
                }
                for i, a in enumerate(self.actors)
            ],
            "notes": self.notes,
        }


def belief_name(scenario: Scenario, b: int) -> str:
    belief = scenario.beliefs[b]
    holder = belief.holder or "everyone"
    return f"{holder} on {belief.about} keeping '{belief.kind}'"


def belief_inputs(scenario: Scenario) -> tuple[list[int], list[UncertainInput]]:
    """The beliefs with a spread (their indices) and their spreads as uncertain inputs."""
    rows, inputs = [], []
    for b, belief in enumerate(scenario.beliefs):
        spread = belief.uncertainty
        if spread is None:
            continue
        ends = (spread.low, spread.high, spread.mode)
        if any(isinstance(v, str) for v in ends):
            raise SequencingError(
                f"beliefs[{b}] ({belief_name(scenario, b)}): uncertainty takes numbers "
                "between 0 and 1 for low, high and mode"
            )
        low, high = sorted((float(spread.low), float(spread.high)))
        mode = (low + high) / 2 if spread.mode is None else float(spread.mode)
        rows.append(b)
        inputs.append(
            UncertainInput(
                name=belief_name(scenario, b),
                kind="belief",
                actor=belief.about,
                issue=None,
                distribution=spread.distribution,
                low=low,
                high=high,
                mode=min(max(mode, low), high),
                base=float(belief.probability),
            )
        )
    return rows, inputs


def sequence_draws(
    scenario: Scenario,
    proposal_id: str,
    draws: int,
    seed: int,
    order: Sequence[str] | None = None,
    view: str = "assessed",
) -> SequenceDraws:
    """Draw the beliefs ``draws`` times (seeded) and value draft ``proposal_id`` in ``order``
    (as :func:`accord.analysis.sequencing.sequence`) in every draw at once."""
    if draws < 1:
        raise SequencingError(f"draws must be at least 1, not {draws}")
    plan = plan_sequence(scenario, proposal_id, order, view=view)
    rows, inputs = belief_inputs(scenario)
    rng = np.random.default_rng(seed)
    probs = np.repeat(plan.trust.base[None, :], draws, axis=0)  # [D, B]
    if inputs:
        probs[:, rows] = np.clip(sample(inputs, draws, rng), 0.0, 1.0)
    low, high = plan.expected(plan.trust.q(probs))  # [D, A]
    gain = low - plan.batna[None, :]

    def spread(x: np.ndarray) -> np.ndarray:
        # a NaN draw (unknown BATNA in a collapse) makes the actor's quantiles unknown
        qs = np.quantile(x, QUANTILES, axis=0).T  # [A, 3]
        return np.where(np.isnan(x).any(axis=0)[:, None], np.nan, qs)

    notes = [
        f"{draws:,} draws of the beliefs with seed {seed}; each shows the median and the "
        "90% interval (5th to 95th percentile) of the expected value over the courses",
        "only the chances of the courses are drawn: their values, and the BATNAs, stay fixed",
    ]
    if not inputs:
        notes.append("no belief has a spread: every draw is the same")
    return SequenceDraws(
        proposal=proposal_id,
        view=view,
        order=tuple(plan.draft.steps[k] for k in plan.order[1:]),
        draws=draws,
        seed=seed,
        actors=plan.actors,
        parties=plan.parties,
        drawn=tuple(s.name for s in inputs),
        expected_low=spread(low),
        expected_high=spread(high),
        gain=spread(gain),
        notes=notes,
        probabilities=probs,
        per_draw=low,
    )
