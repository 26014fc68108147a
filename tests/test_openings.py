"""The smallest lever changes that open a ZOPA or make a draft acceptable (``accord levers``).

``data/dynamics/openings.yaml`` derives its answers by hand in its header comment: a wage
rise w on the grid 0..10, union BATNA u (accepts w >= 10 u), firm BATNA f (accepts
w <= 10 (1 - f)); a ZOPA exists when u + f <= 1. The smallest setting that opens one is
{threat: -1, subsidy: 1} (2 levers, 2 steps, deal w = 7); for draft w6 it is
{mediation: 2, threat: -1} (2 levers, 3 steps); draft w9 cannot be reached.

The random tests check the search against a brute-force oracle: every setting of the whole
grid applied the slow way (``apply_levers``, ``scenario_at``, then ``zopa`` or
``proposal_verdicts``), the smallest picked by the same order.
"""

from __future__ import annotations

import json
from itertools import product
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from accord.analysis.verdicts import proposal_verdicts
from accord.analysis.zopa import zopa
from accord.cli.app import UsageProblem
from accord.cli.levers import levers_command
from accord.dynamics.levers import LeverError, apply_levers
from accord.dynamics.openings import OpeningsError, smallest_openings
from accord.dynamics.timeline import scenario_at
from accord.io import load_scenario
from accord.model import Scenario

DATA = Path(__file__).parent / "data"
OPENINGS = DATA / "dynamics" / "openings.yaml"
STRIKE = DATA / "dynamics" / "strike.yaml"
MINIMAL = DATA / "minimal.yaml"


@pytest.fixture(scope="module")
def openings() -> Scenario:
    return load_scenario(OPENINGS)


# --- the brute-force oracle ----------------------------------------------------------------------
def brute(
    scenario: Scenario, target: str = "zopa", parties: list[str] | None = None, month: int = 0
) -> tuple[int | None, int | None, set[frozenset[tuple[str, float]]]]:
    """(levers moved, steps, the smallest settings) by a plain loop over the whole grid."""
    levers = scenario.levers
    found: list[tuple[int, int, frozenset[tuple[str, float]]]] = []
    for levels in product(*[lv.levels for lv in levers]):
        setting = {lv.id: float(v) for lv, v in zip(levers, levels, strict=True)}
        try:
            changed = scenario_at(apply_levers(scenario, setting), month)
        except LeverError:
            continue  # the scenario would be invalid
        if target == "zopa":
            ok = zopa(changed, parties).exists
        else:
            pid = target.removeprefix("proposal:")
            verdict = proposal_verdicts(changed, parties, proposals=[pid], amend=False)[0]
            ok = verdict.accepted == "yes"
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


def fast(scenario: Scenario, target: str = "zopa", **kw: Any) -> tuple[Any, Any, set[Any]]:
    r = smallest_openings(scenario, target, max_solutions=10_000, **kw)
    assert r.count == len(r.solutions)
    return r.moved, r.steps, {frozenset(s.settings.items()) for s in r.solutions}


# --- by hand -------------------------------------------------------------------------------------
def test_the_smallest_setting_that_opens_a_zopa(openings: Scenario) -> None:
    r = smallest_openings(openings)
    assert (r.found, r.moved, r.steps, r.count) == (True, 2, 2, 1)
    sol = r.solutions[0]
    assert sol.settings == {"threat": -1.0, "subsidy": 1.0}
    assert sol.deal is not None and sol.deal.outcome == {"wage": 7.0}
    assert sol.deal.utility == pytest.approx({"union": 0.7, "firm": 0.3})
    assert sol.deal.batna == pytest.approx({"union": 0.7, "firm": 0.3})
    assert sol.deal.count == 1
    assert {(c.lever, c.actor, c.target) for c in sol.changes} == {
        ("threat", "union", "batna.utility"),
        ("subsidy", "firm", "batna.utility"),
    }
    # press moves only a capability: never searched; the grid counts it all the same
    assert r.searched == ("mediation", "threat", "subsidy") and r.grid == 36
    # checked: the default (1), the 5 single moves (1 + 4 steps), the 2-lever class of
    # 2 steps (mediation 1 + threat -1/+1, mediation 1 + subsidy 1, threat +-1 + subsidy 1)
    assert r.checked == 1 + 5 + 5
    assert (r.moved, r.steps, {frozenset(sol.settings.items())}) == brute(openings)


def test_the_smallest_setting_that_makes_a_draft_acceptable(openings: Scenario) -> None:
    r = smallest_openings(openings, "proposal:w6")
    assert (r.found, r.moved, r.steps, r.count) == (True, 2, 3, 1)
    sol = r.solutions[0]
    assert sol.settings == {"mediation": 2.0, "threat": -1.0}
    assert sol.verdicts == {"union": "yes", "firm": "yes"}
    assert sol.deal is None
    assert fast(openings, "proposal:w6") == brute(openings, "proposal:w6")


def test_no_lever_can_do_it(openings: Scenario) -> None:
    r = smallest_openings(openings, "proposal:w9")
    assert not r.found and r.moved is None and r.solutions == [] and r.count == 0
    assert r.checked == 18  # the whole searched grid: 3 x 3 x 2
    assert "no declared lever setting makes draft 'w9' acceptable" in r.notes[0]
    # with the firm's BATNA at 0.6 (u + f >= 0.6 + 0.5 > 1 at best) no ZOPA can open
    data = openings.model_dump(mode="python")
    data["actors"][1]["batna"]["utility"] = 0.6
    r = smallest_openings(Scenario.model_validate(data))
    assert not r.found and "no declared lever setting opens a ZOPA" in r.notes[0]
    assert brute(Scenario.model_validate(data)) == (None, None, set())


def test_levers_over_time_in_the_strike(openings: Scenario) -> None:
    strike = load_scenario(STRIKE)
    # month 0: union 0.9 (w >= 9), firm at best 0.3 (w <= 7): nothing opens it
    assert not smallest_openings(strike).found
    # month 4: union 0.9 - 4 x 0.05 = 0.7 (w >= 7); orders 1 takes the firm to 0.3 (w <= 7)
    r = smallest_openings(strike, month=4)
    assert (r.moved, r.steps) == (1, 1)
    assert [s.settings for s in r.solutions] == [{"orders": 1.0}]
    assert r.solutions[0].deal.outcome == {"wage": 7.0}
    assert fast(strike, month=4) == brute(strike, month=4)
    # month 6: open already (union 0.6, w = 6)
    r = smallest_openings(strike, month=6)
    assert (r.found, r.moved, r.steps) == (True, 0, 0)
    assert r.solutions[0].settings == {} and r.solutions[0].changes == []
    # the strike fund (a rate) is searched only when months pass
    assert smallest_openings(strike).searched == ("orders",)
    assert smallest_openings(strike, month=2).searched == ("strike_fund", "orders")


def test_bad_targets_and_scenarios(openings: Scenario) -> None:
    with pytest.raises(OpeningsError, match=r"takes 'zopa' or 'proposal:ID'.*drafts: w6, w9"):
        smallest_openings(openings, "proposal")
    with pytest.raises(OpeningsError, match=r"no draft 'w7'.*drafts: w6, w9"):
        smallest_openings(openings, "proposal:w7")
    with pytest.raises(OpeningsError, match="declares no levers"):
        smallest_openings(load_scenario(MINIMAL))


def test_settings_that_leave_the_scenario_invalid_are_skipped(openings: Scenario) -> None:
    # 'strike' drives the union's only salience from 1 to 0 (invalid) at level 1; at level
    # 1 the ZOPA would otherwise open (an indifferent union accepts anything); so the
    # smallest setting is the one of the file, and level-1 settings are counted invalid
    data = openings.model_dump(mode="python")
    data["levers"].append(
        {
            "id": "apathy",
            "name": "Apathy",
            "levels": [0, 1],
            "default": 0,
            "effects": [
                {"actor": "union", "target": "salience:wage", "per_level": -1, "judgement": "t"}
            ],
        }
    )
    s = Scenario.model_validate(data)
    r = smallest_openings(s)
    assert [x.settings for x in r.solutions] == [{"threat": -1.0, "subsidy": 1.0}]
    assert r.invalid > 0
    assert fast(s) == brute(s)


def test_result_is_plain_data_and_the_same_on_repeat(openings: Scenario) -> None:
    a = smallest_openings(openings).to_dict()
    assert a == smallest_openings(openings).to_dict()
    json.dumps(a)
    assert set(a) >= {"scenario", "target", "levers", "found", "moved", "steps", "solutions"}
    assert set(a) >= {"checked", "grid", "count"}


# --- against the oracle, on random scenarios -----------------------------------------------------
EFFECT_TARGETS = [
    "batna.utility",
    "batna.utility",
    "batna.cost",
    "batna.trend",
    "salience:wage",
    "salience:tiers",
]


@st.composite
def lever_scenarios(draw: st.DrawFn) -> tuple[Scenario, str, int]:
    """Two parties and an observer, two issues, one draft and one to three random levers."""
    u = st.sampled_from([0.3, 0.5, 0.6, 0.7, 0.8])
    actors = []
    for aid, role in (("union", "party"), ("firm", "party"), ("press", "observer")):
        over = {"cost": draw(st.sampled_from([0.0, 0.05, 0.1])), "judgement": "t"}
        actors.append(
            {
                "id": aid,
                "name": aid.title(),
                "role": role,
                "capability": 1,
                "batna": {
                    "description": "x",
                    "utility": draw(u),
                    "judgement": "t",
                    "over_time": over,
                },
            }
        )
    options = [{"id": o, "label": o} for o in ("a", "b", "c")]
    issues = [
        {"id": "wage", "name": "Wage", "kind": "continuous", "min": 0, "max": 4},
        {"id": "tiers", "name": "Tiers", "kind": "ordinal", "options": options},
    ]
    stances = []
    ideal = {"union": (4, "c"), "firm": (0, "a")}  # opposed; the observer's are random
    for a in ("union", "firm", "press"):
        wage, tier = ideal.get(a, (draw(st.sampled_from([0, 2, 4])), draw(st.sampled_from("abc"))))
        red = draw(st.sampled_from([None, None, 1, 3]))
        stances.append(
            {
                "actor": a,
                "issue": "wage",
                "position": wage,
                "salience": draw(st.sampled_from([0.2, 0.5, 0.5, 1.0])),
                "judgement": "t",
                **({"red_line": red} if red is not None else {}),
            }
        )
        stances.append(
            {
                "actor": a,
                "issue": "tiers",
                "position": tier,
                "salience": draw(st.sampled_from([0.0, 0.0, 0.3, 0.6])),
                "judgement": "t",
            }
        )
    proposal = {
        "id": "draft",
        "title": "A draft",
        "points": [
            {
                "text": "x",
                "settings": {
                    "wage": draw(st.sampled_from([0, 1, 2, 3, 4])),
                    "tiers": draw(st.sampled_from(["a", "b", "c"])),
                },
            }
        ],
    }
    levers = []
    for n in range(draw(st.integers(1, 3))):
        count = draw(st.integers(2, 4))
        levels = list(range(count))
        effects = [
            {
                "actor": draw(st.sampled_from(["union", "firm", "press"])),
                "target": draw(st.sampled_from(EFFECT_TARGETS)),
                "per_level": draw(st.sampled_from([-0.5, -0.3, -0.2, -0.1, -0.1, 0.1, 0.3])),
                "judgement": "t",
            }
            for _ in range(draw(st.integers(1, 2)))
        ]
        levers.append(
            {
                "id": f"l{n}",
                "name": f"Lever {n}",
                "levels": levels,
                "default": draw(st.sampled_from(levels)),
                "effects": effects,
            }
        )
    doc = {
        "id": "random",
        "title": "random",
        "actors": actors,
        "issues": issues,
        "stances": stances,
        "proposals": [proposal],
        "levers": levers,
    }
    target = draw(st.sampled_from(["zopa", "proposal:draft"]))
    return Scenario.model_validate(doc), target, draw(st.integers(0, 3))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=lever_scenarios())
def test_search_equals_brute_force(case: tuple[Scenario, str, int]) -> None:
    scenario, target, month = case
    assert fast(scenario, target, month=month) == brute(scenario, target, month=month)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=lever_scenarios())
def test_search_by_the_solver_equals_search_by_enumeration(case: tuple[Scenario, str, int]) -> None:
    scenario, _, month = case
    enumerated = fast(scenario, month=month)
    assert fast(scenario, month=month, fast_enumeration=0) == enumerated


# --- the command ---------------------------------------------------------------------------------
def run(*args: str) -> Any:
    app = typer.Typer()
    app.command(name="levers")(levers_command)

    @app.callback()
    def _root() -> None:  # keeps 'levers' a sub-command, as in accord's app
        pass

    return CliRunner().invoke(app, ["levers", *args], env={"COLUMNS": "160"})


def test_cli_json() -> None:
    res = run(str(OPENINGS), "--json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["found"] is True and (doc["moved"], doc["steps"]) == (2, 2)
    assert [lv["id"] for lv in doc["levers"]] == ["mediation", "threat", "subsidy", "press"]
    (sol,) = doc["solutions"]
    assert sol["settings"] == {"threat": -1.0, "subsidy": 1.0}
    assert sol["deal"]["outcome"] == {"wage": 7.0}
    assert doc["grid"] == 36 and doc["checked"] == 11
    doc = json.loads(run(str(OPENINGS), "--target", "proposal:w6", "--json").output)
    assert doc["solutions"][0]["verdicts"] == {"union": "yes", "firm": "yes"}
    doc = json.loads(run(str(OPENINGS), "--target", "proposal:w9", "--json").output)
    assert doc["found"] is False and doc["solutions"] == []


def test_cli_table() -> None:
    res = run(str(OPENINGS))
    assert res.exit_code == 0, res.output
    assert "1 smallest setting to open a ZOPA: 2 levers moved, 2 level steps" in res.output
    assert "Lock-out threat (threat) = -1 (default 0)" in res.output
    assert "deal: Wage rise" in res.output and "│ 7%" in res.output
    res = run(str(OPENINGS), "--target", "proposal:w9")
    assert "No declared lever setting can make draft 'w9' acceptable" in res.output
    res = run(str(STRIKE), "--month", "6")
    assert "already" in res.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((str(OPENINGS), "--target", "proposal:w7"), "no draft 'w7' in scenario 'openings'"),
        ((str(OPENINGS), "--target", "deal"), "--target takes 'zopa' or 'proposal:ID'"),
        ((str(MINIMAL),), "scenario 'minimal' declares no levers"),
        ((str(OPENINGS), "--parties", "boss"), "no actor with stances 'boss'"),
    ],
)
def test_cli_errors_are_one_line(args: tuple[str, ...], message: str) -> None:
    res = run(*args)
    # accord's main() prints a UsageProblem as one 'error: ...' line with exit code 2
    assert isinstance(res.exception, UsageProblem), res.output
    text = str(res.exception)
    assert message in text and len(text.splitlines()) == 1
