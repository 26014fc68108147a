"""The lever search on linked scenarios against a brute-force loop over the lever grid that
decides every setting by the documented formula (tests/oracle.py), literally."""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oracle
from accord.analysis.space import outcome_space
from accord.analysis.utility import compile_preferences
from accord.dynamics.levers import LeverError, apply_levers
from accord.dynamics.openings import smallest_openings
from accord.dynamics.openings.checks import Outcomes
from accord.model import IssueKind, Scenario
from strategies import utility_scenario_data, utility_scenarios
from test_links_draws import _accepts, _zopa

DISCRETE = (IssueKind.ordinal, IssueKind.boolean)


@st.composite
def levered(draw: st.DrawFn) -> tuple[Scenario, str]:
    """A linked scenario with one or two levers moving saliences and BATNAs."""
    doc = draw(
        utility_scenario_data(
            min_issues=2, max_issues=3, max_actors=3, max_proposals=1, links=True, kinds=DISCRETE
        )
    )
    stances = doc["stances"]
    tabled = {k["actor"] for k in doc.get("links", []) if "table" in k}
    if tabled and draw(st.integers(0, 3)):  # mostly move those whose S_a holds a table
        stances = [x for x in stances if x["actor"] in tabled]
    levers = []
    for n in range(draw(st.integers(1, 2))):
        levels = list(range(draw(st.integers(2, 3))))
        effects = []
        for _ in range(draw(st.integers(1, 2))):
            st_ = draw(st.sampled_from(stances))
            if draw(st.booleans()):
                effects.append(
                    {
                        "actor": st_["actor"],
                        "target": f"salience:{st_['issue']}",
                        "per_level": draw(st.sampled_from([-0.4, -0.2, 0.2, 0.5])),
                        "judgement": "t",
                    }
                )
            else:
                effects.append(
                    {
                        "actor": st_["actor"],
                        "target": "batna.utility",
                        "per_level": draw(st.sampled_from([-0.3, -0.1, 0.1, 0.2])),
                        "judgement": "t",
                    }
                )
        levers.append(
            {
                "id": f"l{n}",
                "name": f"Lever {n}",
                "levels": levels,
                "default": draw(st.sampled_from(levels)),
                "effects": effects,
            }
        )
    doc["levers"] = levers
    s = Scenario.model_validate(doc)
    targets = ["zopa"] + [f"proposal:{p.id}" for p in s.proposals]
    return s, draw(st.sampled_from(targets))


def brute(scenario: Scenario, target: str) -> tuple[int | None, int | None, set]:
    """(levers moved, steps, the smallest settings), each setting decided literally."""
    levers = scenario.levers
    who = [a.id for a in scenario.actors]
    found = []
    for levels in product(*[lv.levels for lv in levers]):
        setting = {lv.id: float(v) for lv, v in zip(levers, levels, strict=True)}
        try:
            changed = apply_levers(scenario, setting)
        except LeverError:
            continue
        if target == "zopa":
            ok = _zopa(changed, changed, who)
        else:
            p = [x.id for x in changed.proposals].index(target.removeprefix("proposal:"))
            ok = bool((_accepts(changed, who)[p] == 2).all())
        if ok:
            moved = {(k, v) for k, v in setting.items() if v != scenario.lever(k).default}
            steps = sum(
                abs(lv.levels.index(setting[lv.id]) - lv.levels.index(lv.default)) for lv in levers
            )
            found.append((len(moved), steps, frozenset(moved)))
    if not found:
        return None, None, set()
    best = min((m, s) for m, s, _ in found)
    return best[0], best[1], {f for m, s, f in found if (m, s) == best}


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(levered(), st.booleans())
def test_lever_search_on_linked_scenarios_equals_the_literal_loop(
    case: tuple[Scenario, str], solver: bool
) -> None:
    s, target = case
    kw = {"fast_enumeration": 0} if solver else {}
    r = smallest_openings(s, target, [a.id for a in s.actors], max_solutions=10_000, **kw)
    got = (r.moved, r.steps, {frozenset(x.settings.items()) for x in r.solutions})
    assert got == brute(s, target)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    utility_scenarios(min_issues=2, max_issues=3, max_actors=3, links=True, kinds=DISCRETE).filter(
        lambda s: any(k.table is not None for k in s.links)  # S_a holds a table's weight
    ),
    st.data(),
)
def test_reweighted_outcomes_match_the_formula_with_new_saliences(s: Scenario, data) -> None:
    """The lever search's replay of a salience move (weights s/S_a, tables' share rescaled
    by the stated S_a over the new one) against the formula on the moved scenario."""
    new = [data.draw(st.sampled_from([0.05, 0.3, 1.0])) for _ in s.stances]
    moved = s.model_copy(
        update={
            "stances": [
                x.model_copy(update={"salience": v}) for x, v in zip(s.stances, new, strict=True)
            ]
        }
    )
    prefs = compile_preferences(s)
    who = [a.id for a in s.actors]
    outcomes = Outcomes(s, prefs, who, 10**6)
    weight = np.zeros_like(prefs.weight)
    ratio = np.ones(len(prefs.actors))
    for a, aid in enumerate(prefs.actors):  # the literal S_a, before and after
        tables = [k for k in s.links if k.actor == aid and k.table is not None]
        replaced = {i for k in tables for i in k.issues}
        table_w = sum(float(k.weight) for k in tables)  # type: ignore[arg-type]
        kept = [(x, v) for x, v in zip(s.stances, new, strict=True) if x.actor == aid]
        kept = [(x, v) for x, v in kept if x.issue not in replaced]
        total = sum(v for _, v in kept) + table_w
        for x, v in kept:
            weight[a, prefs.issues.index(x.issue)] = v / total
        if tables:
            ratio[a] = (sum(float(x.salience) for x, _ in kept) + table_w) / total
    space = outcome_space(s, who)
    codes = space.enumerate()
    check = outcomes.check(weight, ratio)
    u = check.space.utilities(codes)
    for n, row in enumerate(codes):
        outcome = space.decode(row)
        for a, aid in enumerate(who):
            assert u[a, n] == pytest.approx(oracle.linked_utility(moved, aid, outcome), abs=1e-9)
    # the factors (what the solver reads) add up to the same totals
    total = np.zeros_like(u)
    for factor in check.space.factors:
        for n, row in enumerate(codes):
            k = np.flatnonzero((factor.codes == row[list(factor.issues)]).all(axis=1))[0]
            total[:, n] += factor.utility[:, k]
    np.testing.assert_allclose(total, u, atol=1e-12)
