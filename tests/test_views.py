"""Perceived and assessed BATNAs: the format, the view switch, the gap statement, the CLI flag."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.analysis.bargaining import analyze
from accord.analysis.ripeness import batna_gap
from accord.analysis.scoring import score_proposals
from accord.analysis.zopa import zopa
from accord.io import dump_scenario, load_builtin, parse_scenario
from accord.model import Scenario
from accord.model.plain import to_plain
from accord.model.views import batna_value, batna_values, batna_view
from cli_runner import accord

MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"


def two_parties(
    a_assessed: float = 0.4,
    a_perceived: float | None = 0.8,
    b_assessed: float = 0.4,
    b_perceived: float | None = None,
) -> dict[str, Any]:
    """One issue of five evenly spaced options; A wants the first, B the last (linear).

    At option k (0..4) A has 1 - k/4 and B k/4, so with both BATNAs at 0.4 the middle
    option is the one outcome both accept; A believing 0.8 leaves only option 0, which B
    refuses.
    """

    def batna(assessed: float, perceived: float | None) -> dict[str, Any]:
        b: dict[str, Any] = {"description": "walk away", "utility": assessed, "judgement": "x"}
        if perceived is not None:
            b["perceived"] = {
                "utility": perceived,
                "uncertainty": {
                    "low": round(perceived - 0.1, 6),
                    "high": round(perceived + 0.1, 6),
                },
                "judgement": "what it says",
            }
        return b

    return {
        "id": "pair",
        "title": "Two parties",
        "actors": [
            {
                "id": "a",
                "name": "A",
                "role": "party",
                "capability": 1,
                "batna": batna(a_assessed, a_perceived),
            },
            {
                "id": "b",
                "name": "B",
                "role": "party",
                "capability": 1,
                "batna": batna(b_assessed, b_perceived),
            },
        ],
        "issues": [
            {
                "id": "x",
                "name": "X",
                "kind": "ordinal",
                "options": [{"id": f"o{k}", "label": f"option {k}"} for k in range(5)],
            },
        ],
        "stances": [
            {"actor": "a", "issue": "x", "position": "o0", "salience": 1, "judgement": "x"},
            {"actor": "b", "issue": "x", "position": "o4", "salience": 1, "judgement": "x"},
        ],
        "proposals": [
            {
                "id": "mid",
                "title": "Middle",
                "points": [{"number": 1, "text": "middle", "settings": {"x": "o2"}}],
            },
        ],
    }


def parse(data: dict[str, Any]) -> Scenario:
    s, problems = parse_scenario(yaml.safe_dump(data, sort_keys=False))
    assert s is not None, [p.render() for p in problems]
    return s


def errors(data: dict[str, Any]) -> list[str]:
    s, problems = parse_scenario(yaml.safe_dump(data, sort_keys=False), "f.yaml")
    assert s is None
    return [p.render("f.yaml") for p in problems if p.severity == "error"]


# --- the view switch ------------------------------------------------------------------------
def test_without_perceived_values_both_views_are_the_scenario_itself():
    s = parse(yaml.safe_load(MINIMAL.read_text()))
    for view in ("perceived", "assessed"):
        assert batna_view(s, view) is s
        assert batna_values(s, view) == {"union": 0.3, "firm": 0.4}
    a = analyze(batna_view(s, "perceived")).to_dict()
    assert a == analyze(s).to_dict() == analyze(batna_view(s, "assessed")).to_dict()


def test_assessed_view_gives_todays_numbers_on_the_ukraine_built_in():
    s = load_builtin("ukraine-2025")
    assessed = batna_view(s, "assessed")
    assert analyze(assessed).to_dict() == analyze(s).to_dict()
    assert score_proposals(assessed).to_dict() == score_proposals(s).to_dict()
    perceived = batna_view(s, "perceived")
    russia = s.actor("russia").batna
    assert russia is not None and russia.perceived is not None
    assert perceived.actor("russia").batna.utility == russia.perceived.utility  # type: ignore[union-attr]
    assert perceived.actor("russia").batna.uncertainty == russia.perceived.uncertainty  # type: ignore[union-attr]
    assert perceived.actor("ukraine") == s.actor("ukraine")  # no perceived value: untouched
    assert batna_view(perceived, "assessed") == perceived  # a view applied twice is the same


def test_the_view_sets_utility_and_the_spread_monte_carlo_draws():
    s = parse(two_parties())
    p = batna_view(s, "perceived").actor("a").batna
    assert p is not None and p.utility == 0.8 and p.perceived is None
    assert p.uncertainty is not None and (p.uncertainty.low, p.uncertainty.high) == (0.7, 0.9)
    a = batna_view(s, "assessed").actor("a").batna
    assert a is not None and a.utility == 0.4 and a.uncertainty is None and a.perceived is None
    assert batna_value(s.actor("b"), "perceived") == batna_value(s.actor("b"), "assessed") == 0.4
    with pytest.raises(ValueError, match="unknown BATNA view 'hoped'"):
        batna_view(s, "hoped")


def test_a_gap_that_blocks_a_deal_is_found_and_named():
    s = parse(two_parties(b_perceived=0.45))
    assert not zopa(batna_view(s, "perceived")).exists
    assert zopa(batna_view(s, "assessed")).exists
    gap = batna_gap(s)
    assert gap is not None and gap.blocks
    assert gap.zopa == {"perceived": False, "assessed": True}
    assert {g.actor: g.decisive for g in gap.gaps} == {"a": True, "b": False}
    assert gap.opened is not None and gap.opened.count == 1
    assert gap.opened.example == {"x": "o2"}
    assert gap.sentences[0] == "A believes its alternative to a deal is worth 0.80; assessed 0.40."
    assert "with the assessed values a ZOPA opens on 1 of 5 outcomes" in gap.sentences[-1]
    assert "A's gap alone decides it" in gap.sentences[-1]
    doc = to_plain(gap)
    assert doc["decisive"] == ["a"] and doc["opened_zopa"]["count"] == 1


def test_the_reverse_gap_and_no_gap():
    low = parse(two_parties(a_assessed=0.8, a_perceived=0.3))
    gap = batna_gap(low)
    assert gap is not None and gap.zopa == {"perceived": True, "assessed": False}
    assert "as the parties perceive their alternatives a ZOPA opens" in gap.sentences[-1]
    same = batna_gap(parse(two_parties(a_perceived=0.45)))
    assert same is not None and not same.blocks
    assert same.sentences[-1].startswith("The gap does not decide the ZOPA: there is a ZOPA")
    assert batna_gap(parse(two_parties(a_perceived=None))) is None


# --- the format -----------------------------------------------------------------------------
def test_perceived_values_round_trip():
    s = parse(two_parties(b_perceived=0.45))
    again, problems = parse_scenario(dump_scenario(s))
    assert again == s, problems
    assert "perceived:" in dump_scenario(s)
    u = load_builtin("ukraine-2025")
    assert parse_scenario(dump_scenario(u))[0] == u


def test_bad_perceived_values_are_located():
    data = two_parties()
    data["actors"][0]["batna"]["perceived"]["utility"] = 1.5
    data["actors"][1]["batna"]["perceived"] = {
        "utility": 0.5,
        "sources": ["nowhere"],
        "uncertainty": {"low": 0.2, "high": 1.2},
        "judgment": "typo",
    }
    found = errors(data)
    joined = "\n".join(found)
    assert "actors[0].batna.perceived.utility" in joined
    assert "actors[1].batna.perceived" in joined and "judgment" in joined
    assert all(line.startswith("f.yaml:") for line in found), found
    data = two_parties()
    data["actors"][1]["batna"]["perceived"] = {
        "utility": 0.5,
        "sources": ["nowhere"],
        "uncertainty": {"low": 0.2, "high": 1.2},
    }
    del data["actors"][0]["batna"]["utility"]
    joined = "\n".join(errors(data))
    assert "actors[0].batna.perceived: a perceived BATNA needs the assessed 'utility'" in joined
    assert "actors[1].batna.perceived.sources[0]" in joined and "nowhere" in joined
    assert "actors[1].batna.perceived.uncertainty.high: 1.2 is out of range" in joined


def test_a_perceived_value_without_provenance_is_warned_about():
    data = two_parties()
    del data["actors"][0]["batna"]["perceived"]["judgement"]
    _, problems = parse_scenario(yaml.safe_dump(data, sort_keys=False))
    assert any(
        p.severity == "warning" and "perceived BATNA has neither" in p.message for p in problems
    )


# --- the command line -----------------------------------------------------------------------
@pytest.fixture
def pair_file(tmp_path: Path) -> Path:
    path = tmp_path / "pair.yaml"
    path.write_text(yaml.safe_dump(two_parties(), sort_keys=False))
    return path


def test_analyze_states_the_gap_in_words_and_json(pair_file: Path):
    perceived = json.loads(accord("analyze", str(pair_file), "--json").stdout)
    assert perceived["batna"] == "perceived" and perceived["zopa"]["exists"] is False
    assert perceived["batna_gap"]["blocks"] is True
    assert perceived["batna_gap"]["decisive"] == ["a"]
    assessed = json.loads(accord("analyze", str(pair_file), "--json", "--batna", "assessed").stdout)
    assert assessed["zopa"]["exists"] is True
    assert assessed["batna_gap"] == perceived["batna_gap"]
    text = accord("analyze", str(pair_file)).stdout
    assert "A believes its alternative to a deal is worth 0.80; assessed 0.40" in " ".join(
        text.replace("│", " ").split()
    )
    assert "batna_gap" not in json.loads(accord("analyze", str(MINIMAL), "--json").stdout)
    assert "believes" not in accord("analyze", str(MINIMAL)).stdout
    bad = accord("analyze", str(pair_file), "--batna", "hoped", check=2)
    assert "hoped" in bad.stderr


def test_score_forecast_and_timeline_take_the_view(pair_file: Path):
    def run(*args: str) -> dict[str, Any]:
        return json.loads(accord(*args, str(pair_file), "--json").stdout)

    for view, expected in (("perceived", 0.8), ("assessed", 0.4)):
        tl = json.loads(
            accord("timeline", str(pair_file), "--json", "--months", "1", "--batna", view).stdout
        )
        assert tl["months"][0]["batna"]["a"] == expected
        assert tl["months"][0]["zopa"]["exists"] is (view == "assessed")
        card = json.loads(accord("score", str(pair_file), "--json", "--batna", view).stdout)
        assert {r["batna"] for r in card["scores"] if r["actor"] == "a"} == {expected}
    # the default is perceived
    assert run("score") == json.loads(
        accord("score", str(pair_file), "--json", "--batna", "perceived").stdout
    )
    fc = {
        view: json.loads(accord("forecast", str(pair_file), "--json", "--batna", view).stdout)
        for view in ("perceived", "assessed")
    }
    assert fc["perceived"] != fc["assessed"]
    minimal = {
        view: accord("forecast", str(MINIMAL), "--json", "--batna", view).stdout
        for view in ("perceived", "assessed")
    }
    assert minimal["perceived"] == minimal["assessed"]
    assert minimal["perceived"] == accord("forecast", str(MINIMAL), "--json").stdout
