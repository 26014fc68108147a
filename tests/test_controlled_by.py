"""``controlled_by`` on issues: who decides an issue, checked in the file and used so the
briefing never offers a trade that asks a party to concede what it cannot deliver."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.analysis.trades import Trade
from accord.io import load_scenario
from accord.model import Scenario
from accord.model.problems import ScenarioError
from accord.overview import run_overview
from accord.overview.judgements import ASSUMPTIONS
from accord.overview.options import options
from accord.overview.packages import undeliverable, undeliverable_text

MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"
#: the one trade the minimal case finds from the status quo: the union yields on the tiers,
#: the firm on the cost-of-living adjustment
TRADE = "Union concedes Pay tiers (Keep tiers) in return for Firm conceding Cost-of-living"


def _controlled(**owners: list[str]) -> Scenario:
    data = load_scenario(MINIMAL).model_dump(mode="python", exclude_none=True)
    for issue in data["issues"]:
        if issue["id"] in owners:
            issue["controlled_by"] = owners[issue["id"]]
    return Scenario.model_validate(data)


def _trade_options(s: Scenario) -> list[str]:
    o = run_overview(s, monte_carlo=False)
    return [opt.text for opt in options(o, ()) if opt.text.startswith("Broker a trade")]


def test_without_controlled_by_the_trade_is_offered_and_the_assumption_said() -> None:
    o = run_overview(load_scenario(MINIMAL), monte_carlo=False)
    found = [x for x in options(o, ()) if x.text.startswith("Broker a trade")]
    assert len(found) == 1 and TRADE in found[0].text
    assert "does not say who decides each issue" in found[0].basis
    # on the option itself, which the first page shows without its basis
    assert found[0].achieves.endswith(
        "; it assumes each side can deliver its concession (the scenario does not say who "
        "decides Pay tiers and Cost-of-living adjustment)"
    )
    assert any("controlled_by" in a for a in ASSUMPTIONS)


def test_a_trade_its_parties_decide_is_still_offered() -> None:
    s = _controlled(tiers=["union", "firm"], cola=["firm"])
    texts = _trade_options(s)
    assert len(texts) == 1 and TRADE in texts[0]
    o = run_overview(s, monte_carlo=False)
    (trade,) = [x for x in options(o, ()) if x.text.startswith("Broker a trade")]
    assert "assumes each side can deliver" not in trade.achieves
    assert "who decides is stated for 2 of 3 issues" in trade.basis


def test_a_concession_the_party_does_not_decide_is_not_offered() -> None:
    # the tiers are the firm's alone: the union cannot give them up
    s = _controlled(tiers=["firm"])
    assert _trade_options(s) == []
    trade = Trade("union", "firm", ("tiers", "keep"), ("cola", True), {"union": 0.1, "firm": 0.1})
    assert undeliverable(s, trade) == [("union", "tiers")]
    assert undeliverable_text(s, [("union", "tiers")]) == (
        "Union cannot deliver Pay tiers (decided by Firm)"
    )
    # both sides checked: the firm cannot give a cost-of-living adjustment the union decides
    s2 = _controlled(cola=["union"])
    assert undeliverable(s2, trade) == [("firm", "cola")]
    assert undeliverable(load_scenario(MINIMAL), trade) == []


def _load_text(tmp_path: Path, text: str) -> Scenario:
    path = tmp_path / "s.yaml"
    path.write_text(text, "utf-8")
    return load_scenario(path)


def test_an_unknown_actor_in_controlled_by_is_a_located_error(tmp_path: Path) -> None:
    text = MINIMAL.read_text("utf-8").replace(
        '    unit: "%"\n', '    unit: "%"\n    controlled_by: [firm, boss]\n', 1
    )
    with pytest.raises(ScenarioError) as err:
        _load_text(tmp_path, text)
    msg = str(err.value)
    assert "issues[0].controlled_by[1]" in msg
    assert "unknown actor 'boss'" in msg and "known actors: firm, union" in msg


def test_an_empty_controlled_by_says_what_to_do(tmp_path: Path) -> None:
    text = MINIMAL.read_text("utf-8").replace(
        '    unit: "%"\n', '    unit: "%"\n    controlled_by: []\n', 1
    )
    with pytest.raises(ScenarioError) as err:
        _load_text(tmp_path, text)
    msg = str(err.value)
    assert "issues[0].controlled_by" in msg and "leave 'controlled_by' out" in msg
