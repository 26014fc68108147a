"""The plain, obviously correct version of the sequencing engine, for tests only.

Every course of a phased draft is enumerated with loops: step by step in the order given,
every pattern of kept and broken committed points of the step, its probability as a
product, its outcome by applying the points one by one in file order, and its value read
through :mod:`tests.oracle` (the model objects, no compiled arrays, no scorecard). Orders
are every permutation of the phases, checked against ``requires`` one by one. The model is
the one written in ``docs/sequencing.md``; no code is shared with :mod:`accord.analysis`.
Linked terms are valued by :func:`oracle.linked_utility` over every combination of each
linked group's possible settings, the groups varying independently.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from accord.model import IssueKind, Proposal, Role, Scenario, Unknown
from accord.model.sequencing import Commitment
from oracle import linked_utility, open_settings

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


def units(scenario: Scenario, actor: str) -> list[list[str]]:
    """The actor's issues in groups valued together: each link's issues, and a conditional
    red line's issue with its condition's, joined where they share an issue; the rest alone."""
    group = {i.id: {i.id} for i in scenario.issues}
    ties = [list(k.issues) for k in scenario.links if k.actor == actor]
    ties += [
        [st.issue, st.unless.issue]
        for st in scenario.stances
        if st.actor == actor and st.unless is not None and st.red_line is not None
    ]
    for tie in ties:
        joined = set().union(*(group[i] for i in tie))
        for i in joined:
            group[i] = joined
    out: list[list[str]] = []
    for issue in scenario.issues:
        members = [i.id for i in scenario.issues if i.id in group[issue.id]]
        if members not in out:
            out.append(members)
    return out


def choices(scenario: Scenario, issue_id: str, setting: object | None) -> list[object]:
    """What a draft's entry may stand for. An open number takes the settings the scorecard
    considers (its ends, every stance's position, every linked threshold on it): this oracle
    checks how courses combine values, not the scorecard (tests/test_scoring.py does)."""
    issue = scenario.issue(issue_id)
    out = open_settings(scenario, issue, setting)
    whole = (setting is None and issue.status_quo is None) or setting == Unknown()
    if whole and issue.kind is IssueKind.continuous:
        out = [float(issue.min), float(issue.max)]  # type: ignore[arg-type]
        out += [s.position for s in scenario.stances if s.issue == issue_id]
        for k in scenario.links:
            conds = [] if k.rule is None else [*k.rule.when, *k.rule.given]
            out += [v for c in conds if c.issue == issue_id for v in c.values()]
        for st in scenario.stances:
            if st.unless is not None and st.unless.issue == issue_id:
                out += st.unless.values()
    return out


def unit_values(
    scenario: Scenario, actor: str, settings: dict[str, object], unit: list[str]
) -> list[float]:
    """The actor's utility at every combination of the unit's possible settings, every
    other issue at its first possible setting with nothing addressed (a common base)."""
    base = {i.id: choices(scenario, i.id, None)[0] for i in scenario.issues}
    combos = itertools.product(*(choices(scenario, i, settings.get(i)) for i in unit))
    return [
        linked_utility(scenario, actor, {**base, **dict(zip(unit, c, strict=True))}) for c in combos
    ]


def value_range(scenario: Scenario, actor: str, settings: dict[str, object]) -> tuple[float, float]:
    """(worst, best) utility: the units vary independently, so each adds its own extremes
    over the base: f = f(base) + the sum over units of (f with the unit varied - f(base))."""
    base = {i.id: choices(scenario, i.id, None)[0] for i in scenario.issues}
    at_base = linked_utility(scenario, actor, base)
    lo = hi = at_base
    for unit in units(scenario, actor):
        vals = unit_values(scenario, actor, settings, unit)
        lo += min(vals) - at_base
        hi += max(vals) - at_base
    return lo, hi


def change(scenario: Scenario, actor: str, left: dict[str, object]) -> tuple[float, float]:
    """What the settings ``left`` change from nothing addressed, over the units they touch,
    the two ranges combined at opposite ends."""
    lo = hi = 0.0
    for unit in units(scenario, actor):
        if not any(i in left for i in unit):
            continue
        after = unit_values(scenario, actor, left, unit)
        before = unit_values(scenario, actor, {}, unit)
        lo += min(after) - max(before)
        hi += max(after) - min(before)
    return lo, hi


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
    in_force: bool = True,
) -> tuple[float, float, bool]:
    """(low, high, collapsed) of the course that carried out ``carried`` and broke ``broken``;
    ``in_force``: whether the step that puts the deal in force was carried out in full."""
    points = draft.points
    # a no_deal point broken, or never reached because the process halted first
    ends = any(
        p.commitment is not None and p.commitment.if_broken == "no_deal" and i not in carried
        for i, p in enumerate(points)
    )
    if ends or not in_force:
        left: dict[str, object] = {}
        for i, point in enumerate(points):
            if i in carried and point.commitment is not None and not point.commitment.reversible:
                left.update(point.settings)
        b = batna(scenario, actor, view)
        lo, hi = change(scenario, actor, left)
        return b + lo, b + hi, True
    settings: dict[str, object] = {}
    for i, point in enumerate(points):
        if i in carried:
            settings.update(point.settings)
        elif i in broken:
            # a broken promise is not made good by another point's setting of the issue
            com = point.commitment
            for iid in point.settings:
                stance = scenario.stance(com.by, iid)  # type: ignore[union-attr]
                if com.if_broken == "preferred" and stance is not None:  # type: ignore[union-attr]
                    settings[iid] = stance.position
                else:
                    settings.pop(iid, None)
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
            in_force = draft.in_force_after is None or draft.in_force_after in done
            lo, hi, collapsed = outcome_value(
                scenario, draft, actor, carried, broken, view, in_force
            )
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


def temptations(
    scenario: Scenario, draft: Proposal, order: Sequence[str], view: str = "assessed"
) -> dict[str, float]:
    """Point label -> what breaking it alone is worth to its breaker once every earlier step
    is done (low ends), against everything kept; breakers without stances left out."""
    points = draft.points
    stanced = {st.actor for st in scenario.stances}
    done: set[str | None] = set()
    out: dict[str, float] = {}
    for step in [None, *order]:
        here = [i for i, p in enumerate(points) if p.phase == step]
        for i in here:
            com = points[i].commitment
            if com is None or com.by not in stanced:
                continue
            earlier = {j for j, p in enumerate(points) if p.phase in done}
            carried = earlier | {j for j in here if j != i}
            in_force = draft.in_force_after is None or draft.in_force_after in done
            lo, _, _ = outcome_value(scenario, draft, com.by, carried, {i}, view, in_force)
            kept, _, _ = outcome_value(
                scenario, draft, com.by, set(range(len(points))), set(), view
            )
            if not (math.isnan(lo) or math.isnan(kept)):
                number = points[i].number
                out[f"point {number}" if number is not None else f"point #{i + 1}"] = lo - kept
        done.add(step)
    return out
