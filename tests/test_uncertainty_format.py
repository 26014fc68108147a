"""Actor capability spreads in scenario files: validated like stance spreads, round-tripped."""

from __future__ import annotations

from pathlib import Path

from accord.io import dump_scenario, load_scenario, parse_scenario
from accord.io.scenarios import read_scenario

DATA = Path(__file__).parent / "data" / "uncertainty"


def test_malformed_capability_spreads_are_located_and_explained() -> None:
    scenario, problems = read_scenario(DATA / "capability-spread-malformed.yaml")
    assert scenario is None
    errors = [p for p in problems if p.severity == "error"]
    got = [(p.where, p.line) for p in errors]
    assert got == [
        ("actors[0].uncertainty.capabilty", 11),
        ("actors[1].uncertainty.capability.low", 16),
        ("actors[2].uncertainty.capability", 17),
        ("actors[3].uncertainty.capability.mode", 18),
    ]
    messages = [p.message for p in errors]
    assert "no uncertainty for 'capabilty' (did you mean 'capability'?)" in messages[0]
    assert "valid: capability" in messages[0]
    assert "-1.0 is out of range; valid: a number >= 0" in messages[1]
    assert "'low' (3.0) is above 'high' (2.0); swap them" in messages[2]
    assert "'mode' (5.0) is outside 1..2" in messages[3]


def test_valid_capability_spread_loads_and_round_trips() -> None:
    scenario = load_scenario(DATA / "capability-spread.yaml")
    spread = scenario.actor("union").uncertainty["capability"]  # type: ignore[index]
    assert (spread.low, spread.high, spread.distribution, spread.mode) == (
        0.5,
        2.0,
        "triangular",
        1.0,
    )
    again, problems = parse_scenario(dump_scenario(scenario))
    assert not [p for p in problems if p.severity == "error"]
    assert again == scenario
    assert scenario.actor("firm").uncertainty is None
