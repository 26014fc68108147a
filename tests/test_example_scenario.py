"""``accord example``: the shipped example scenario prints, validates, analyses and shows
every major feature of the format; the small test scenario agrees with it."""

from __future__ import annotations

from pathlib import Path

from accord.data import example_names, example_text
from accord.io.scenarios import load_scenario, parse_scenario
from accord.model import IssueKind, Role, Scenario, UtilityShape
from accord.model.scenario import COLLECTIONS
from cli_runner import accord

MINIMAL = Path(__file__).resolve().parent / "data" / "minimal.yaml"


def test_the_command_prints_the_shipped_file_unchanged() -> None:
    proc = accord("example")
    assert proc.stdout == example_text()
    assert proc.stdout.startswith("# FICTIONAL EXAMPLE.")
    assert accord("example", "--list").stdout.split() == example_names()


def test_an_unknown_example_is_one_line_with_a_close_match() -> None:
    proc = accord("example", "exampel", check=2)
    assert "no example 'exampel' (did you mean 'example'?)" in proc.stderr
    assert proc.stdout == ""


def test_the_printed_file_validates_and_analyses(tmp_path: Path) -> None:
    path = tmp_path / "my-talks.yaml"
    path.write_text(accord("example").stdout, encoding="utf-8")
    assert "OK" in accord("validate", str(path)).stdout
    analysis = accord("analyze", str(path)).stdout
    assert "ZOPA for Norland, Sudmark: yes" in analysis
    assert "league-framework" in analysis and "sudmark-counter" in analysis


def test_the_example_validates_without_warnings() -> None:
    scenario, problems = parse_scenario(example_text(), "example.yaml")
    assert scenario is not None
    assert [p.message for p in problems] == []


def test_the_example_uses_every_major_feature() -> None:
    s = load_scenario_text()
    for name in COLLECTIONS:
        assert getattr(s, name), f"the example has no {name}"
    assert {i.kind for i in s.issues} == set(IssueKind)
    assert {st.utility for st in s.stances} == set(UtilityShape)
    assert {Role.party, Role.mediator, Role.guarantor} <= {a.role for a in s.actors}
    lines = [st for st in s.stances if st.red_line is not None]
    assert any(st.soft is None for st in lines) and any(st.soft is not None for st in lines)
    assert any(st.unless is not None for st in s.stances)
    assert any(a.batna and a.batna.perceived and a.batna.over_time for a in s.actors)
    assert len(s.proposals) >= 2 and all(p.points for p in s.proposals)
    assert any(p.phases and p.orders for p in s.proposals)
    assert any(pt.commitment for p in s.proposals for pt in p.points)
    assert any(i.controlled_by for i in s.issues) and any(
        i.status_quo is not None for i in s.issues
    )
    assert "fictional" in s.title.lower() and "fictional" in (s.summary or "").lower()


def test_the_small_test_scenario_agrees_with_the_example() -> None:
    # tests/data/minimal.yaml is the short scenario many tests use; the example must show
    # every key it uses, so the example is never the less complete of the two
    minimal = load_scenario(MINIMAL)
    example = load_scenario_text()
    for name in minimal.model_fields_set:
        assert name in example.model_fields_set, name
    for attr in ("actors", "issues", "stances", "proposals"):
        used = set().union(*(r.model_fields_set for r in getattr(minimal, attr)))
        shown = set().union(*(r.model_fields_set for r in getattr(example, attr)))
        assert used <= shown, (attr, used - shown)
    assert {i.kind for i in minimal.issues} <= {i.kind for i in example.issues}
    assert {st.utility for st in minimal.stances} <= {st.utility for st in example.stances}


def load_scenario_text() -> Scenario:
    scenario, problems = parse_scenario(example_text(), "example.yaml")
    assert scenario is not None, problems
    return scenario
