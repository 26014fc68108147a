"""Ratification in Monte Carlo draws, the processes and the timeline, plainly.

The reference for :mod:`accord.forecast.ratified_draws`, :mod:`accord.dynamics.process_ratifiers`
and the timeline's ZOPA with ratification: loops over draws, outcomes, ratifiers and months,
reading the model records through the plain formulas of :mod:`tests.oracle` and
:mod:`tests.oracle_ratification`, and sharing no code with the package beyond the model.
A ratifier's swing is added to its utility (its threshold then compared), as the docs say.
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.model import Scenario
from oracle import utility
from oracle_ratification import (
    ABSENT,
    FAILS,
    PASSES,
    TOL,
    entry_of,
    ratifier_crosses,
    ratifier_utility,
    ratifier_votes,
    rule_met,
)


def ratified_with(
    scenario: Scenario, actor: str, outcome: dict[str, object], swing: dict[str, float]
) -> bool:
    """The actor's rule over its ratifiers, each ratifier's utility moved by ``swing[id]``
    (0 when absent from ``swing``)."""
    states = []
    for r in entry_of(scenario, actor).ratifiers:
        if not ratifier_votes(scenario, r, outcome):
            states.append(ABSENT)
            continue
        u = ratifier_utility(scenario, r, outcome)
        reached = r.threshold is None or u is None or u + swing.get(r.id, 0.0) >= r.threshold - TOL
        ok = not ratifier_crosses(scenario, r, outcome) and reached
        states.append(PASSES if ok else FAILS)
    return rule_met(entry_of(scenario, actor), states)


def ratified_by_all(
    scenario: Scenario, parties: Sequence[str], outcome: dict[str, object], swing: dict[str, float]
) -> bool:
    """Every party with ratifiers has them pass ``outcome``."""
    ratifying = {e.actor for e in scenario.ratification}
    return all(ratified_with(scenario, a, outcome, swing) for a in parties if a in ratifying)


def acceptable(
    scenario: Scenario,
    parties: Sequence[str],
    outcome: dict[str, object],
    batna: dict[str, float | None],
) -> bool:
    """Every party's utility at least its BATNA (unknown: met). Parties without red lines
    only: the scenarios these tests use give the parties none."""
    for a in parties:
        b = batna.get(a)
        if b is not None and utility(scenario, a, outcome) < b - TOL:
            return False
    return True


def zopa_ratified(
    scenario: Scenario,
    parties: Sequence[str],
    outcomes: Sequence[dict[str, object]],
    batna: dict[str, float | None],
    swing: dict[str, float],
) -> int:
    """How many of ``outcomes`` every party accepts and every party's ratifiers pass."""
    return sum(
        1
        for x in outcomes
        if acceptable(scenario, parties, x, batna) and ratified_by_all(scenario, parties, x, swing)
    )
