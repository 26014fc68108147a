"""Brute-force references for :mod:`accord.analysis.milp`, for tests only.

Every outcome is listed with ``itertools.product`` over every issue's settings, those a
scenario constraint forbids are dropped, and each actor's utility and red lines are computed
from the stances (through :func:`oracle.issue_utility`). Nothing here uses the outcome space
but the grid of a continuous issue, which is the space's definition of "every setting" and
is passed in.

Items are keys ``("batna", actor, None)`` and ``("red_line", actor, issue)``, as
``(item.kind, item.actor, item.issue)`` of :class:`accord.analysis.milp.Item`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from accord.model import IssueKind, Scenario, Unknown
from oracle import all_settings, issue_utility

TOL = 1e-9
Key = tuple[str, str, str | None]


def same(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))
    return a == b


def forbidden(scenario: Scenario, outcome: Mapping[str, object]) -> bool:
    """Whether some constraint rules the outcome out (every listed issue takes a listed value)."""
    for c in scenario.constraints:
        hit = True
        for iid, values in c.forbid.items():
            listed = values if isinstance(values, list) else [values]
            if not any(same(outcome[iid], w) for w in listed):
                hit = False
        if hit:
            return True
    return False


@dataclass
class Outcome:
    values: dict[str, object]
    utility: dict[str, float]
    broken: frozenset[Key]


@dataclass
class Brute:
    actors: list[str]
    items: list[Key]
    outcomes: list[Outcome]  # every outcome the constraints allow

    def __post_init__(self) -> None:
        self.distinct = {o.broken for o in self.outcomes}  # the few different broken sets

    def feasible(self, enabled: Iterable[Key]) -> bool:
        on = set(enabled)
        return any(not (broken & on) for broken in self.distinct)

    def acceptable(self, enabled: Iterable[Key] | None = None) -> list[Outcome]:
        on = set(self.items if enabled is None else enabled)
        return [o for o in self.outcomes if not (o.broken & on)]

    def min_relaxations(self) -> int | None:
        on = set(self.items)
        return min((len(broken & on) for broken in self.distinct), default=None)

    def min_conflict_size(self) -> int:
        """Size of a smallest set of items that no outcome satisfies (subsets by size)."""
        for size in range(len(self.items) + 1):
            for subset in itertools.combinations(self.items, size):
                if not self.feasible(subset):
                    return size
        raise AssertionError("every item together is satisfiable")


def evaluate(
    scenario: Scenario, actors: Sequence[str], outcome: Mapping[str, object]
) -> tuple[dict[str, float], set[Key]]:
    """Each actor's utility and the items the outcome breaks (for ``actors``)."""
    utility: dict[str, float] = {}
    broken: set[Key] = set()
    for actor in actors:
        stances = [s for s in scenario.stances if s.actor == actor]
        total = sum(s.salience for s in stances)
        u = 0.0
        for s in stances:
            issue = scenario.issue(s.issue)
            value = issue_utility(issue, s, outcome[s.issue])
            u += s.salience / total * value
            if s.red_line is not None and value < issue_utility(issue, s, s.red_line) - TOL:
                broken.add(("red_line", actor, s.issue))
        utility[actor] = u
        batna = scenario.actor(actor).batna
        if batna is not None and batna.utility is not None and u < batna.utility - TOL:
            broken.add(("batna", actor, None))
    return utility, broken


def settings(scenario: Scenario, grids: Mapping[str, Sequence[object]]) -> list[list[object]]:
    """Every setting of every issue: options, false/true, or the given grid if continuous."""
    return [
        list(grids[i.id]) if i.kind is IssueKind.continuous else all_settings(i)
        for i in scenario.issues
    ]


def brute(
    scenario: Scenario, actors: Sequence[str], grids: Mapping[str, Sequence[object]]
) -> Brute:
    choices = settings(scenario, grids)
    ids = [i.id for i in scenario.issues]
    # per actor, issue and setting: weighted utility and whether it crosses the red line
    weighted: dict[str, list[list[float]]] = {}
    crosses: dict[str, list[list[bool]]] = {}
    items: list[Key] = []
    for actor in actors:
        stances = {s.issue: s for s in scenario.stances if s.actor == actor}
        total = sum(s.salience for s in stances.values())
        batna = scenario.actor(actor).batna
        if batna is not None and batna.utility is not None:
            items.append(("batna", actor, None))
        weighted[actor], crosses[actor] = [], []
        for issue, values in zip(scenario.issues, choices, strict=True):
            s = stances.get(issue.id)
            if s is None:
                weighted[actor].append([0.0] * len(values))
                crosses[actor].append([False] * len(values))
                continue
            us = [issue_utility(issue, s, v) for v in values]
            weighted[actor].append([s.salience / total * u for u in us])
            if s.red_line is None:
                crosses[actor].append([False] * len(values))
            else:
                limit = issue_utility(issue, s, s.red_line)
                crosses[actor].append([u < limit - TOL for u in us])
                if any(crosses[actor][-1]):
                    items.append(("red_line", actor, issue.id))
    outcomes = []
    for combo in itertools.product(*[range(len(c)) for c in choices]):
        values = {iid: choices[i][k] for i, (iid, k) in enumerate(zip(ids, combo, strict=True))}
        if forbidden(scenario, values):
            continue
        utility: dict[str, float] = {}
        broken: set[Key] = set()
        for actor in actors:
            u = sum(weighted[actor][i][k] for i, k in enumerate(combo))
            utility[actor] = u
            batna = scenario.actor(actor).batna
            if batna is not None and batna.utility is not None and u < batna.utility - TOL:
                broken.add(("batna", actor, None))
            for i, k in enumerate(combo):
                if crosses[actor][i][k]:
                    broken.add(("red_line", actor, ids[i]))
        outcomes.append(Outcome(values, utility, frozenset(broken)))
    return Brute(list(actors), items, outcomes)


def changes(draft: Mapping[str, object | None], outcome: Mapping[str, object]) -> int:
    """Issues the outcome sets differently from what the draft pins (open ones cost nothing)."""
    n = 0
    for iid, entry in draft.items():
        if entry is None or (isinstance(entry, Unknown) and entry.one_of is None):
            continue
        listed = entry.one_of if isinstance(entry, Unknown) else [entry]
        if not any(same(outcome[iid], v) for v in listed or []):
            n += 1
    return n
