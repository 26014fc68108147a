"""Plain, obviously-correct reference versions of the numeric code, for tests only.

Loops over actors, drafts, issues and settings, reading the model objects directly and
sharing no code with :mod:`accord.analysis` beyond the model itself.
"""

from __future__ import annotations

import itertools

from accord.model import Condition, Issue, IssueKind, Scenario, Stance, Unknown, UtilityShape


def scale_position(issue: Issue, value: object) -> float:
    if issue.kind is IssueKind.continuous:
        return float(value)  # type: ignore[arg-type]
    if issue.kind is IssueKind.boolean:
        return 100.0 if value else 0.0
    ids = [o.id for o in issue.options or []]
    k = ids.index(value)
    if issue.options[0].position is not None:  # type: ignore[index]
        return float(issue.options[k].position)  # type: ignore[index, arg-type]
    return 100.0 * k / (len(ids) - 1)


def issue_utility(issue: Issue, stance: Stance, value: object) -> float:
    if stance.utility is UtilityShape.table:
        key = value if issue.kind is IssueKind.ordinal else ("true" if value else "false")
        return stance.table[key]  # type: ignore[index]
    if issue.kind is IssueKind.continuous:
        lo, hi = float(issue.min), float(issue.max)  # type: ignore[arg-type]
    else:
        ends = [scale_position(issue, v) for v in all_settings(issue)]
        lo, hi = min(ends), max(ends)
    ideal = scale_position(issue, stance.position)
    d = abs(scale_position(issue, value) - ideal) / max(ideal - lo, hi - ideal)
    return 1 - d * d if stance.utility is UtilityShape.quadratic else 1 - d


def all_settings(issue: Issue) -> list[object]:
    if issue.kind is IssueKind.ordinal:
        return [o.id for o in issue.options or []]
    if issue.kind is IssueKind.boolean:
        return [False, True]
    raise ValueError("continuous issues have no finite setting list")


def utility(scenario: Scenario, actor: str, outcome: dict[str, object]) -> float:
    stances = [s for s in scenario.stances if s.actor == actor]
    total = sum(s.salience for s in stances)
    return sum(
        s.salience / total * issue_utility(scenario.issue(s.issue), s, outcome[s.issue])
        for s in stances
    )


def open_settings(scenario: Scenario, issue: Issue, setting: object | None) -> list[object]:
    """Every setting a draft's entry may stand for (continuous: a fine grid plus the ends)."""
    if setting is None:
        if issue.status_quo is not None:
            return [issue.status_quo]
        setting = Unknown()
    if not isinstance(setting, Unknown):
        return [setting]
    if setting.one_of is not None:
        return list(setting.one_of)
    if issue.kind is IssueKind.continuous:
        lo, hi = float(issue.min), float(issue.max)  # type: ignore[arg-type]
        grid = [lo + (hi - lo) * k / 20 for k in range(21)]
        return grid + [float(s.position) for s in scenario.stances if s.issue == issue.id]  # type: ignore[arg-type]
    return all_settings(issue)


def score_range(scenario: Scenario, actor: str, proposal: str) -> tuple[float, float]:
    """(worst, best) utility of a draft for an actor, by enumerating every completion."""
    prop = scenario.proposal(proposal)
    settings = prop.settings()
    choices = [open_settings(scenario, i, settings.get(i.id)) for i in scenario.issues]
    values = [
        utility(scenario, actor, dict(zip([i.id for i in scenario.issues], combo, strict=True)))
        for combo in itertools.product(*choices)
    ]
    return min(values), max(values)


def red_line_status(scenario: Scenario, actor: str, proposal: str, issue_id: str) -> str:
    stance = scenario.stance(actor, issue_id)
    if stance is None or stance.red_line is None:
        return "clear"
    issue = scenario.issue(issue_id)
    limit = issue_utility(issue, stance, stance.red_line)
    options = open_settings(scenario, issue, scenario.proposal(proposal).settings().get(issue_id))
    crossing = [issue_utility(issue, stance, v) < limit - 1e-9 for v in options]
    return "crosses" if all(crossing) else "may cross" if any(crossing) else "clear"


# --- linked terms: the formula of docs/negotiation-analysis.md, literally -------------------
def holds(scenario: Scenario, cond: Condition, value: object) -> bool:
    """Whether a setting meets a condition ("at least": later in the issue's own order)."""
    issue = scenario.issue(cond.issue)
    if issue.kind is IssueKind.continuous:

        def same(a: object, b: object) -> bool:
            return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))  # type: ignore[arg-type]

        if cond.test in ("equals", "one_of"):
            return any(same(value, v) for v in cond.values())
        v = float(cond.values()[0])  # type: ignore[arg-type]
        slack = 1e-9 * max(1.0, abs(v))
        return float(value) >= v - slack if cond.test == "at_least" else float(value) <= v + slack  # type: ignore[arg-type]
    order = all_settings(issue)
    rank = order.index(value)
    if cond.test in ("equals", "one_of"):
        return any(order.index(v) == rank for v in cond.values())
    target = order.index(cond.values()[0])
    return rank >= target if cond.test == "at_least" else rank <= target


def linked_utility(scenario: Scenario, actor: str, outcome: dict[str, object]) -> float:
    """U = (sum of free stances' s*u + sum of tables' w*T) / S + sum of rules' adjustments."""
    tables = [k for k in scenario.links if k.actor == actor and k.table is not None]
    replaced = {iid for k in tables for iid in k.issues}
    free = [s for s in scenario.stances if s.actor == actor and s.issue not in replaced]
    total = sum(s.salience for s in free) + sum(k.weight for k in tables)  # type: ignore[misc]
    value = sum(
        s.salience * issue_utility(scenario.issue(s.issue), s, outcome[s.issue]) for s in free
    )
    for k in tables:
        entry = k.default
        for row in k.table or []:
            if all(
                row.settings[i] == outcome[i] and type(row.settings[i]) is type(outcome[i])
                for i in k.issues
            ):
                entry = row.utility
        value += k.weight * entry  # type: ignore[operator]
    out = value / total if total > 0 else 0.0
    for k in scenario.links:
        when = k.rule is not None and all(holds(scenario, c, outcome[c.issue]) for c in k.rule.when)
        if k.actor == actor and k.rule is not None and when:
            given = all(holds(scenario, c, outcome[c.issue]) for c in k.rule.given)
            out += k.rule.add if given else k.rule.otherwise
    return out


def linked_crosses(scenario: Scenario, actor: str, outcome: dict[str, object]) -> list[str]:
    """The issues on which an outcome crosses the actor's red lines, conditional ones included."""
    out = []
    for s in scenario.stances:
        if s.actor != actor or s.red_line is None:
            continue
        issue = scenario.issue(s.issue)
        limit = issue_utility(issue, s, s.red_line)
        below = issue_utility(issue, s, outcome[s.issue]) < limit - 1e-9
        waived = s.unless is not None and holds(scenario, s.unless, outcome[s.unless.issue])
        if below and not waived:
            out.append(s.issue)
    return out
