"""The command line as a user runs it: output, --json, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from accord.io import builtin_names
from cli_runner import accord

DATA = Path(__file__).parent / "data"
MINIMAL = str(DATA / "minimal.yaml")


def test_help_lists_every_command():
    out = accord("--help").stdout
    for cmd in ("scenarios", "show", "validate", "schema", "proposals", "diff", "score", "demo"):
        assert cmd in out


def test_scenarios_lists_the_builtins():
    rows = json.loads(accord("scenarios", "--json").stdout)
    names = [r["name"] for r in rows]
    assert names[0] == "ukraine-2025"
    assert set(names) == set(builtin_names())
    assert len(names) >= 2


def test_demo_shows_the_ukraine_scorecard():
    out = accord("demo", "--verbose", "--report", "").stdout
    for text in (
        "Scorecard",
        "us-28",
        "framework-20",
        "russia",
        "ukraine",
        "Red lines crossed",
        "What changed",
    ):
        assert text in out


def test_demo_json_has_the_same_content():
    data = json.loads(accord("demo", "--json", "--report", "").stdout)
    assert data["scenario"]["id"] == "ukraine-2025"
    assert {r["proposal"] for r in data["scorecard"]["scores"]} >= {"us-28", "framework-20"}
    assert data["diffs"], "each draft is compared with the one it is based on"


def test_score_json_matches_library():
    from accord.analysis import score_proposals
    from accord.io import load_scenario

    data = json.loads(accord("score", MINIMAL, "--json").stdout)
    card = score_proposals(load_scenario(MINIMAL))
    row = next(r for r in data["scores"] if r["actor"] == "union" and r["proposal"] == "opening")
    a, p = card.actors.index("union"), card.proposals.index("opening")
    assert row["utility"] == pytest.approx(card.low[a, p])
    assert row["red_lines"] == {"wage": "crosses"}
    final = next(r for r in data["scores"] if r["actor"] == "union" and r["proposal"] == "final")
    assert final["utility"] is None and final["low"] < final["high"]


def test_show_and_proposals(tmp_path):
    out = accord("show", MINIMAL).stdout
    assert "Wage rise" in out and "red line" in out
    doc = json.loads(accord("show", MINIMAL, "--json").stdout)
    assert doc["id"] == "minimal"
    rows = json.loads(accord("proposals", MINIMAL, "--json").stdout)
    assert [r["id"] for r in rows] == ["opening", "final"]
    assert rows[1]["settings"]["cola"] == "unknown"


def test_diff_names_winners_and_losers():
    data = json.loads(accord("diff", MINIMAL, "opening", "final", "--json").stdout)
    wage = next(c for c in data["changes"] if c["issue"] == "wage")
    assert wage["winners"] == ["union"] and wage["losers"] == ["firm"]
    assert "Shorten progression" in accord("diff", MINIMAL, "opening", "final").stdout


def test_validate_ok_and_json():
    assert "OK" in accord("validate", MINIMAL).stdout
    data = json.loads(accord("validate", MINIMAL, "--json").stdout)
    assert data["valid"] is True


def test_validate_reports_every_error_with_location(tmp_path):
    bad = tmp_path / "bad.yaml"
    text = (DATA / "minimal.yaml").read_text()
    text = text.replace("salience: 0.8", "salience: 1.5").replace("position: end", "position: ende")
    bad.write_text(text)
    proc = accord("validate", str(bad), check=2)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 2
    assert "stances[0].salience" in lines[0] and f"{bad}:" in lines[0]
    assert "did you mean 'end'" in lines[1]
    data = json.loads(accord("validate", str(bad), "--json", check=2).stdout)
    assert data["valid"] is False and len(data["problems"]) == 2


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["show", "no-such-scenario"], "no built-in scenario or file 'no-such-scenario'"),
        (["show", "missing.yaml"], "no such file"),
        (["diff", MINIMAL, "opening", "nope"], "no draft 'nope'"),
        (["score", str(DATA)], "is a directory"),
        (["validate", str(DATA)], "is a directory"),
        (["bogus-command"], "No such command"),
    ],
)
def test_errors_are_one_clear_line_and_exit_2(args, needle):
    proc = accord(*args, check=2)
    assert needle in proc.stderr
    assert proc.stdout == ""


def test_debug_shows_the_traceback():
    proc = subprocess.run(
        [sys.executable, "-m", "accord", "--debug", "show", "no-such-scenario"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_schema_is_json_schema():
    schema = json.loads(accord("schema").stdout)
    assert schema["title"] == "Scenario"
    assert {"actors", "issues", "stances", "proposals"} <= set(schema["properties"])


def test_analyze_json_has_the_documented_keys():
    data = json.loads(accord("analyze", "uaw-detroit-2023", "--json").stdout)
    assert {"zopa", "pareto", "solutions", "proposals"} <= set(data)
    assert data["zopa"]["exists"] is True and data["zopa"]["exact"] is True
    frontier = data["pareto"]["outcomes"]
    # at most 1,000 outcomes unless --all (tests/test_json_stream.py checks which)
    assert len(frontier) == 1000 < data["pareto"]["size"]
    assert data["pareto"]["left_out"] == data["pareto"]["size"] - 1000
    first = frontier[0]
    from accord.io import load_builtin

    assert set(first["outcome"]) == {i.id for i in load_builtin("uaw-detroit-2023").issues}
    assert set(first["utility"]) == set(data["parties"])
    assert data["solutions"]["solutions"]["nash"]["utility"]


def test_analyze_ukraine_reports_the_clash_and_parties_option():
    out = " ".join(accord("analyze").stdout.split())
    assert "ZOPA for Russia, Ukraine: none" in out
    assert "cannot both hold" in out
    data = json.loads(accord("analyze", "--parties", "russia", "--json").stdout)
    assert data["parties"] == ["russia"] and data["zopa"]["exists"] is True
    proc = accord("analyze", "--parties", "atlantis", check=2)
    assert "no actor with stances 'atlantis'" in proc.stderr


def test_conflict_json_layout_and_hand_derived_prisoners_dilemma():
    data = json.loads(accord("conflict", "prisoners-dilemma", "--json").stdout)
    assert {"states", "stability", "equilibria"} <= set(data)
    assert [s["id"] for s in data["states"]] == [0, 1, 2, 3]
    assert data["states"][3]["options"] == {"defect-1": True, "defect-2": True}
    # (defect, defect) is the only Nash equilibrium; mutual cooperation is stable under GMR,
    # SMR and SEQ because a defection is answered by the other's defection
    assert data["equilibria"]["R"] == [3]
    for concept in ("GMR", "SMR", "SEQ"):
        assert data["equilibria"][concept] == [0, 3]
    assert data["stability"]["one"]["R"] == [1, 3]


def test_conflict_explain_status_quo_and_errors():
    data = json.loads(
        accord(
            "conflict",
            "prisoners-dilemma",
            "--concepts",
            "R,GMR",
            "--from",
            "0",
            "--explain",
            "one:0",
            "--json",
        ).stdout
    )
    assert set(data["equilibria"]) == {"R", "GMR"}
    assert data["status_quo"]["paths"]["3"] == [{"dm": "two", "to": 2}, {"dm": "one", "to": 3}]
    gmr = next(e for e in data["explanations"] if e["concept"] == "GMR")
    assert gmr["stable"] is True
    assert gmr["improvements"] == [{"to": 1, "sanction": [{"dm": "two", "to": 3}], "ends_in": 3}]
    assert (
        "unknown concept 'XYZ'"
        in accord("conflict", "chicken", "--concepts", "xyz", check=2).stderr
    )
    assert (
        "no decision maker 'nobody'"
        in accord("conflict", "chicken", "--explain", "nobody:0", check=2).stderr
    )
    assert "no built-in conflict" in accord("conflict", "nothing-here", check=2).stderr


def test_demo_dynamics_are_computed_from_the_scenario():
    from accord.analysis.zopa import zopa
    from accord.dynamics.openings import smallest_openings
    from accord.dynamics.processes import simulate_process
    from accord.io import load_builtin
    from accord.model.views import batna_view

    s = batna_view(load_builtin("ukraine-2025"))  # the demo's default (perceived) view
    dyn = json.loads(accord("demo", "--json", "--report", "").stdout)["dynamics"]
    # the ZOPA on every draft's date, the Moscow meeting (2 December) among them
    rows = {r["draft"]: r for r in dyn["zopa_by_draft_date"]}
    assert rows["moscow-27"]["date"] == "2025-12-02"
    assert all(r["zopa"] is zopa(s).exists for r in rows.values())
    # a mediator leaning to one party drafts a first text better for it than an even one
    by = {m["mediator"]: m for m in dyn["mediated"]["by_bias"]}
    even, to_ru = by["even-handed"], by["leans to russia"]
    assert to_ru["first_text"]["russia"] > even["first_text"]["russia"]
    assert to_ru["first_text"]["ukraine"] < even["first_text"]["ukraine"]
    again = simulate_process(s, "mediated", runs=200, seed=0, bias={"russia": 3, "ukraine": 1})
    assert to_ru["results"] == again.results
    assert dyn["levers"] == json.loads(json.dumps(smallest_openings(s, "zopa").to_dict()))
    text = accord("demo", "--verbose", "--report", "").stdout
    assert "A mediator's single text, by its bias" in text and "draft dates" in text


def test_levers_command_is_registered():
    data = json.loads(accord("levers", "ukraine-2025", "--json").stdout)
    assert data["grid"] == 54  # 3 x 3 x 2 x 3 declared levels (front moves trends only)
    # cutting Western aid and a US walk-away each lower the credibility of Kyiv's soft Donbas
    # red line (0.6 -> 0.5 -> 0.45) until it gives; Russia's guarantee line is waived when no
    # Western troops are based in Ukraine, so a deal with a US Article-5-like guarantee and no
    # Western troops opens: the two moves together, and no smaller change
    assert data["found"] is True and data["moved"] == 2 and data["steps"] == 2
    assert [sol["settings"] for sol in data["solutions"]] == [
        {"military_aid": 0.0, "us_walkaway": 1.0}
    ]
    # unmoved 1, one lever moved 2 + 2 + 1, two levers a step each 4 + 2 + 2; the front moves
    # only rates, not month 0
    assert data["checked"] == 14 and data["count"] == 1
    bad = accord("levers", "ukraine-2025", "--target", "proposal:nope", check=2)
    assert "nope" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_demo_shows_order_trust_and_ratification_beside_the_flat_results():
    from accord.analysis.sequencing import search_orders
    from accord.io import load_scenario
    from accord.model.views import batna_view
    from accord.overview import run_overview
    from accord.overview.commitments import brief_lines

    path = str(DATA / "commitments" / "truce-in-steps.yaml")
    s = batna_view(load_scenario(path))  # the demo's default (perceived) view
    lines = brief_lines(run_overview(s, monte_carlo=False))
    out = accord("demo", path, "--verbose", "--report", "").stdout
    head, tail = out.split("Order, trust and ratification:\n")
    assert "Scorecard" in head  # after the flat results
    flat = " ".join(tail.split())
    for line in lines:
        assert " ".join(line.split()) in flat
    data = json.loads(accord("demo", path, "--json", "--report", "").stdout)["commitments"]
    assert data["text"] == lines
    search = search_orders(s, "plan")
    got = {g["label"]: g["gains"] for g in data["orders"][0]["named"]}
    assert got == {g.label: pytest.approx(g.gains) for g in search.named}
