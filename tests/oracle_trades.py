"""The plain, obviously correct version of the trade search, for tests only.

Loops over every pair of issues and every pair of their grid settings, reading utilities
through :mod:`tests.oracle` (the model objects, no compiled arrays) and checking red lines
and constraints on the model directly. Only the grid of settings per issue is taken as
given (it defines the search, it is not what is tested).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from accord.model import Scenario
from oracle import issue_utility, utility

TOL = 1e-9


@dataclass(frozen=True)
class OracleTrade:
    giver: str
    receiver: str
    gives: tuple[str, object]
    gets: tuple[str, object]
    gain: dict[str, float]

    @property
    def smaller(self) -> float:
        return min(self.gain[self.giver], self.gain[self.receiver])


def crosses(scenario: Scenario, actor: str, issue_id: str, value: object) -> bool:
    """Whether ``value`` on the issue is below the actor's red line."""
    stance = scenario.stance(actor, issue_id)
    if stance is None or stance.red_line is None:
        return False
    issue = scenario.issue(issue_id)
    return issue_utility(issue, stance, value) < issue_utility(issue, stance, stance.red_line) - TOL


def same(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, float) and isinstance(b, int | float):
        return abs(a - float(b)) <= 1e-9 * max(1.0, abs(a))
    return a == b


def tied(scenario: Scenario, touched: set[str]) -> set[str]:
    """The touched issues and every issue a chain of constraints ties to them (the issues
    of the space's factors that hold them)."""
    group = set(touched)
    grew = True
    while grew:
        grew = False
        for c in scenario.constraints:
            issues = set(c.forbid)
            if issues & group and not issues <= group:
                group |= issues
                grew = True
    return group


def violates(scenario: Scenario, package: dict[str, object], touched: set[str]) -> bool:
    """Whether a constraint on an issue tied to a touched one forbids the package: a trade
    must leave every group of tied issues it moves in an allowed joint setting, even when
    the package broke a constraint of that group before."""
    group = tied(scenario, touched)
    for c in scenario.constraints:
        if not group & set(c.forbid):
            continue
        if all(
            any(same(package[iid], w) for w in (v if isinstance(v, list) else [v]))
            for iid, v in c.forbid.items()
        ):
            return True
    return False


def trades(
    scenario: Scenario,
    grid: dict[str, list[object]],
    package: dict[str, object],
    giver: str,
    receiver: str,
    everyone: list[str],
) -> list[OracleTrade]:
    """Every trade between giver and receiver from ``package`` (the rule of
    :mod:`accord.analysis.trades`), gains for everyone in ``everyone``."""
    found = []
    base = {a: utility(scenario, a, package) for a in everyone}
    ids = list(package)
    for i, j in itertools.combinations(ids, 2):
        for v, w in itertools.product(grid[i], grid[j]):
            if same(v, package[i]) or same(w, package[j]):
                continue
            if any(
                crosses(scenario, a, i, v) or crosses(scenario, a, j, w) for a in (giver, receiver)
            ):
                continue
            new = {**package, i: v, j: w}
            if violates(scenario, new, {i, j}):
                continue
            gain = {a: utility(scenario, a, new) - base[a] for a in everyone}
            if gain[giver] <= TOL or gain[receiver] <= TOL:
                continue

            def alone(a: str, iid: str, value: object) -> float:
                return utility(scenario, a, {**package, iid: value}) - base[a]

            if alone(giver, i, v) <= TOL and alone(receiver, j, w) <= TOL:
                found.append(OracleTrade(giver, receiver, (i, v), (j, w), gain))
            elif alone(giver, j, w) <= TOL and alone(receiver, i, v) <= TOL:
                found.append(OracleTrade(giver, receiver, (j, w), (i, v), gain))
    return found
