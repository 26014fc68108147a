"""``accord forecast`` with Monte Carlo draws, sensitivity and backends, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from accord.forecast.montecarlo import simulate
from accord.io import load_scenario
from cli_runner import accord

SPREADS = Path(__file__).parent / "data" / "uncertainty" / "capability-spread.yaml"


def test_draws_json_is_the_simulation_and_reproducible():
    args = ("forecast", str(SPREADS), "--draws", "300", "--seed", "11", "--json")
    first = json.loads(accord(*args).stdout)
    again = json.loads(accord(*args).stdout)
    assert first == again
    sim = first["simulation"]
    assert sim["draws"] == 300 and sim["seed"] == 11 and sim["backend"] == "numpy"
    # the same numbers as the library call with the same seed
    want = simulate(load_scenario(SPREADS), "compromise", draws=300, seed=11).to_dict()
    assert sim["issues"] == json.loads(json.dumps(want["issues"]))
    assert sim["acceptance"] == want["acceptance"]
    wage = sim["issues"][0]
    q = [wage["quantiles"][k] for k in ("5", "25", "50", "75", "95")]
    assert q == sorted(q) and q[0] < q[-1]  # the union's position and capability vary
    assert first["issues"][0]["issue"] == "wage"  # the point forecast is still there
    other = json.loads(accord("forecast", str(SPREADS), "--draws", "300", "--seed", "12",
                              "--json").stdout)  # fmt: skip
    assert other["simulation"]["issues"] != sim["issues"]


def test_default_seed_is_zero_and_recorded():
    data = json.loads(accord("forecast", str(SPREADS), "--draws", "50", "--json").stdout)
    assert data["simulation"]["seed"] == 0


def test_sensitivity_json_and_tables():
    data = json.loads(
        accord("forecast", str(SPREADS), "--draws", "400", "--sensitivity", "--json").stdout
    )
    sens = data["sensitivity"]
    wage = sens["tornado"]["wage"]
    # wage = (8 x 0.8c + 2 x 1) / (0.8c + 1) with the union's capability c (firm: 2 x 0.5).
    # c from 0.5 to 2: 5.2 / 1.4 = 3.714 to 14.8 / 2.6 = 5.692, a swing of 1.978; the union's
    # position from 6 to 9 (c = 1): 6.8 / 1.8 = 3.778 to 9.2 / 1.8 = 5.111, a swing of 1.333
    assert [b["input"] for b in wage[:2]] == ["union.capability", "union/wage.position"]
    assert wage[0]["swing"] == pytest.approx(14.8 / 2.6 - 5.2 / 1.4)
    assert wage[1]["swing"] == pytest.approx(9.2 / 1.8 - 6.8 / 1.8)
    first = sens["first_order"]["wage"]
    assert first["union.capability"] > first["union/wage.position"] > 0.05
    text = accord("forecast", str(SPREADS), "--draws", "200", "--sensitivity").stdout
    assert "quantiles" in text and "Chance each draft is acceptable" in text
    # the input in words, marked as the analyst's judgement (no source states a capability)
    assert "Sensitivity" in text and "Union's capability (judgement" in text
    assert "Chance a ZOPA exists" in text


def test_draws_errors_are_one_line():
    cases = [
        (("--seed", "3"), "--seed needs --draws N"),
        (("--sensitivity",), "--sensitivity needs --draws N"),
        (("--draws", "10", "--model", "nash"), "--draws works with the array models"),
        (("--draws", "10", "--backend", "spark"), "unknown backend 'spark'"),
        (("--draws", "10", "--address", "tcp://127.0.0.1:1"), "--address is for --backend dask"),
        (("--draws", "0",), "--draws"),
    ]  # fmt: skip
    for extra, message in cases:
        proc = accord("forecast", str(SPREADS), *extra, check=2)
        assert message in proc.stderr, (extra, proc.stderr)


def test_unreachable_scheduler_is_a_clear_error():
    proc = accord("forecast", str(SPREADS), "--draws", "10", "--backend", "dask",
                  "--address", "tcp://127.0.0.1:9", check=2)  # fmt: skip
    assert "127.0.0.1:9" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_quantiles_match_the_draws():
    sim = simulate(load_scenario(SPREADS), "compromise", draws=500, seed=5)
    wage = sim.forecasts[:, 0]
    for p, v in sim.issue("wage").quantiles.items():  # type: ignore[union-attr]
        assert v == np.percentile(wage, p)


def test_eum_json_has_rounds_dyads_and_options():
    from accord.forecast import forecast
    from accord.forecast.eum import PRESETS

    data = json.loads(accord("forecast", "ukraine-2025", "--model", "eum", "--json").stdout)
    assert data["options"]["preset"] == "scholz-2011"
    assert len(data["rounds"]) == PRESETS["scholz-2011"].rounds + 1
    assert [r["round"] for r in data["dyads"]] == list(range(1, len(data["rounds"])))
    kinds = {c["kind"] for r in data["dyads"] for c in r["challenges"]}
    assert kinds <= {"conflict", "compromise", "capitulation"} and kinds
    # the last round's forecast is the forecast
    last = data["rounds"][-1]["forecast"]
    assert {i["issue"]: i["value"] for i in data["issues"]} == last
    # options from the command line reach the model
    tuned = json.loads(accord("forecast", "ukraine-2025", "--model", "eum", "--preset",
                              "textbook", "--option", "rounds=3", "--json").stdout)  # fmt: skip
    assert tuned["options"]["preset"] is None and tuned["options"]["rounds"] == 3
    assert len(tuned["rounds"]) == 4
    want = forecast(load_builtin_scenario(), "eum",
                    eum_options=PRESETS["textbook"].with_(rounds=3))  # fmt: skip
    assert [i["value"] for i in tuned["issues"]] == [f.value for f in want.issues]
    text = accord("forecast", "ukraine-2025", "--model", "eum").stdout
    assert "Round by round" in text and "Who would pressure whom" in text


def load_builtin_scenario():
    from accord.io import load_builtin

    return load_builtin("ukraine-2025")


def test_eum_option_errors_are_one_line():
    cases = [
        (("--option", "rounds=3"), "--preset and --option are for --model eum"),
        (("--model", "eum", "--preset", "bdm"), "unknown preset 'bdm'"),
        (("--model", "eum", "--option", "speed=3"), "give NAME=VALUE with NAME one of"),
        (("--model", "eum", "--option", "rounds=x"), "'x' is not a number"),
        (("--model", "eum", "--option", "offer=best"), "offer must be one of"),
        (("--model", "eum", "--option", "rounds=2", "--draws", "5"), "--draws runs the eum"),
    ]
    for extra, message in cases:
        proc = accord("forecast", str(SPREADS), *extra, check=2)
        assert message in proc.stderr, (extra, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1


def test_model_names_are_one_enumeration():
    """The forecast option, backtest's --models and the web runs check one list of models."""
    from accord.cli.common import UsageProblem
    from accord.cli.forecasting import model_name, model_names
    from accord.forecast.models import MODEL_NAMES, MODELS, ModelName

    assert MODEL_NAMES == tuple(ModelName) == (*MODELS, "nash")
    assert model_name(" eum ") is ModelName.eum
    assert model_names("median, compromise,median") == ["median", "compromise"]
    with pytest.raises(UsageProblem, match=r"^unknown model 'oracle'; models: compromise, median"):
        model_name("oracle")
    with pytest.raises(UsageProblem, match=r"^no model given"):
        model_names(" , ")
    text = accord("forecast", "uaw-detroit-2023", "--model", " median", "--json").stdout
    assert json.loads(text)["model"] == "median"
