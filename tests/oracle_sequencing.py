"""The plain, obviously correct version of the sequencing engine, for tests only.

Every course of a phased draft is enumerated with loops: step by step in the order given,
every pattern of kept and broken committed points of the step, its probability as a
product, its outcome by applying the points one by one in file order, and its value read
through :mod:`tests.oracle` (the model objects, no compiled arrays, no scorecard). Orders
are every permutation of the phases, checked against ``requires`` one by one. The model is
the one written in ``docs/sequencing.md``; no code is shared with :mod:`accord.analysis`.
Linked terms are not supported here (the random scenarios of the tests have none).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from accord.model import Proposal, Role, Scenario
from accord.model.sequencing import Commitment
from oracle import issue_utility, open_settings

TIE = 1e-9
NAN = float("nan")


def belief(scenario: Scenario, holder: str, about: str, kind: str) -> float:
    """p_holder(about, kind): 1 for its own, else its belief, else shared, else 1 (assumed)."""
    if holder == about:
        return 1.0
    for b in scenario.beliefs:
        if b.holder == holder and b.about == about and b.kind == kind:
            return b.probability
    for b in scenario.beliefs:
        if b.holder is None and b.about == about and b.kind == kind:
            return b.probability
    return 1.0


def keep_chance(scenario: Scenario, holder: str, com: Commitment) -> float:
    p = belief(scenario, holder, com.by, com.kind)
    if com.guarantor is None:
        return p
    g = belief(scenario, holder, com.guarantor, com.kind)
    return 1.0 - (1.0 - p) * (1.0 - g)


def parts(
    scenario: Scenario, actor: str, settings: dict[str, object]
) -> dict[str, tuple[float, float]]:
    """Issue -> (worst, best) weighted utility of the actor under ``settings``."""
    stances = [s for s in scenario.stances if s.actor == actor]
    total = sum(s.salience for s in stances)
    out = {i.id: (0.0, 0.0) for i in scenario.issues}
    for s in stances:
        issue = scenario.issue(s.issue)
        us = [
            issue_utility(issue, s, v)
            for v in open_settings(scenario, issue, settings.get(s.issue))
        ]
        w = s.salience / total if total > 0 else 0.0
        out[s.issue] = (w * min(us), w * max(us))
    return out


def value_range(scenario: Scenario, actor: str, settings: dict[str, object]) -> tuple[float, float]:
    p = parts(scenario, actor, settings)
    return sum(lo for lo, _ in p.values()), sum(hi for _, hi in p.values())


def batna(scenario: Scenario, actor: str, view: str = "assessed") -> float:
    b = scenario.actor(actor).batna
    if b is None:
        return NAN
    if view == "perceived" and b.perceived is not None:
        return b.perceived.utility
    return NAN if b.utility is None else b.utility


def outcome_value(
    scenario: Scenario,
    draft: Proposal,
    actor: str,
    carried: set[int],
    broken: set[int],
    view: str,
) -> tuple[float, float, bool]:
    """(low, high, collapsed) of the course that carried out ``carried`` and broke ``broken``."""
    points = draft.points
    if any(points[i].commitment.if_broken == "no_deal" for i in broken):  # type: ignore[union-attr]
        left: dict[str, object] = {}
        for i, point in enumerate(points):
            if i in carried and (point.commitment is None or not point.commitment.reversible):
                left.update(point.settings)
        after, before = parts(scenario, actor, left), parts(scenario, actor, {})
        b = batna(scenario, actor, view)
        lo = b + sum(after[i][0] - before[i][1] for i in left)
        hi = b + sum(after[i][1] - before[i][0] for i in left)
        return lo, hi, True
    settings: dict[str, object] = {}
    for i, point in enumerate(points):
        if i in carried:
            settings.update(point.settings)
        elif i in broken and point.commitment.if_broken == "preferred":  # type: ignore[union-attr]
            for iid in point.settings:
                stance = scenario.stance(point.commitment.by, iid)  # type: ignore[union-attr]
                if stance is not None:
                    settings[iid] = stance.position
    lo, hi = value_range(scenario, actor, settings)
    return lo, hi, False


@dataclass(frozen=True)
class Course:
    probability: float
    low: float
    high: float
    collapsed: bool


def courses(
    scenario: Scenario,
    draft: Proposal,
    order: Sequence[str],
    actor: str,
    view: str = "assessed",
    sure: frozenset[int] = frozenset(),
) -> list[Course]:
    """Every course of ``draft`` in ``order`` (phase ids) as ``actor`` sees it; the points
    in ``sure`` are kept for certain."""
    points = draft.points
    steps: list[str | None] = [None, *order]
    done: set[str | None] = set()
    reach = 1.0
    out = []
    for step in steps:
        here = [i for i, p in enumerate(points) if p.phase == step]
        committed = [i for i in here if points[i].commitment is not None]
        chance = {
            i: 1.0 if i in sure else keep_chance(scenario, actor, points[i].commitment)  # type: ignore[arg-type]
            for i in committed
        }
        for pattern in itertools.product([False, True], repeat=len(committed)):
            broken = {i for i, b in zip(committed, pattern, strict=True) if b}
            if not broken:
                continue
            prob = reach
            for i in committed:
                prob *= (1.0 - chance[i]) if i in broken else chance[i]
            carried = {j for j, p in enumerate(points) if p.phase in done}
            carried |= {j for j in here if j not in broken}
            lo, hi, collapsed = outcome_value(scenario, draft, actor, carried, broken, view)
            out.append(Course(prob, lo, hi, collapsed))
        for i in committed:
            reach *= chance[i]
        done.add(step)
    lo, hi, _ = outcome_value(scenario, draft, actor, set(range(len(points))), set(), view)
    out.append(Course(reach, lo, hi, False))
    return out


@dataclass(frozen=True)
class Valued:
    expected_low: float
    expected_high: float
    worst: float
    kept_low: float
    kept_high: float


def value(
    scenario: Scenario,
    draft: Proposal,
    order: Sequence[str],
    actor: str,
    view: str = "assessed",
    sure: frozenset[int] = frozenset(),
) -> Valued:
    cs = courses(scenario, draft, order, actor, view, sure)
    live = [c for c in cs if c.probability > 0]
    return Valued(
        expected_low=sum(c.probability * c.low for c in live),
        expected_high=sum(c.probability * c.high for c in live),
        worst=NAN if any(math.isnan(c.low) for c in live) else min(c.low for c in live),
        kept_low=cs[-1].low,
        kept_high=cs[-1].high,
    )


def feasible(draft: Proposal, order: Sequence[str]) -> bool:
    """Whether every phase comes after each phase it requires."""
    if sorted(order) != sorted(p.id for p in draft.phases):
        return False
    for k, pid in enumerate(order):
        phase = next(p for p in draft.phases if p.id == pid)
        if any(r not in order[:k] for r in phase.requires):
            return False
    return True


def groups(draft: Proposal) -> dict[tuple[str, str], frozenset[int]]:
    out: dict[tuple[str, str], set[int]] = {}
    for i, p in enumerate(draft.points):
        if p.commitment is not None:
            out.setdefault((p.commitment.by, p.commitment.kind), set()).add(i)
    return {k: frozenset(v) for k, v in out.items()}


def parties(scenario: Scenario) -> list[str]:
    stanced = {s.actor for s in scenario.stances}
    return [a.id for a in scenario.actors if a.id in stanced and a.role is Role.party]


@dataclass(frozen=True)
class Search:
    orders: list[tuple[str, ...]]
    smallest: list[float]  # per order, over counted parties
    expected: dict[str, list[float]]  # party -> per order
    maximin: tuple[str, ...] | None
    preferred: dict[str, tuple[str, ...] | None]


def pick(
    scores: list[float], orders: list[tuple[str, ...]], own: tuple[str, ...]
) -> tuple[str, ...] | None:
    known = [s for s in scores if not math.isnan(s)]
    if not known:
        return None
    best = max(known)
    tied = [o for o, s in zip(orders, scores, strict=True) if not math.isnan(s) and s >= best - TIE]
    return own if own in tied else tied[0]


def search(scenario: Scenario, proposal_id: str, view: str = "assessed") -> Search:
    """Every feasible ordering, each party's expected value (low end) and the picks."""
    draft = scenario.proposal(proposal_id)
    ids = [p.id for p in draft.phases]
    orders = [o for o in itertools.permutations(ids) if feasible(draft, o)]
    stanced = {s.actor for s in scenario.stances}
    pool = parties(scenario) or [a.id for a in scenario.actors if a.id in stanced]
    counted = [a for a in pool if not math.isnan(batna(scenario, a, view))]
    expected = {a: [value(scenario, draft, o, a, view).expected_low for o in orders] for a in pool}
    smallest = [
        min(expected[a][k] - batna(scenario, a, view) for a in counted) if counted else NAN
        for k in range(len(orders))
    ]
    own = tuple(ids)
    return Search(
        orders=orders,
        smallest=smallest,
        expected=expected,
        maximin=pick(smallest, orders, own) if counted else None,
        preferred={a: pick(expected[a], orders, own) for a in pool},
    )
