"""Forecasting models (compromise, median), the DEU III backtest and their commands."""

from __future__ import annotations

import csv
import json
import math
import statistics
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle_forecast as oracle
from accord.forecast import backtest, forecast, weighted_mean, weighted_median
from accord.io import load_scenario, read_deu3
from accord.model import Scenario, ScenarioError
from cli_runner import accord
from strategies import scenarios

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal.yaml"
DEU3 = DATA / "deu3" / "deu3-dev.tsv"
EMISSIONS = DATA / "eum" / "emission-standards.csv"


# --- hand-computed cases ------------------------------------------------------------------
def test_minimal_compromise_by_hand():
    # wage: union 10 (1 x 0.8), firm 2 (2 x 0.6) -> (8 + 2.4) / 2.0 = 5.2
    # tiers: union end=100 (0.5), firm keep=0 (0.6) -> 50 / 1.1; nearest option 'shorten' (50)
    # cola: union true (0.4), firm false (2 x 0.2) -> 50, a tie: the lower setting, false
    f = forecast(load_scenario(MINIMAL), "compromise")
    assert f.model == "compromise"
    assert f.actors == ("union", "firm")
    assert f.issue("wage").value == pytest.approx(5.2)
    assert f.issue("wage").setting == pytest.approx(5.2)
    assert f.issue("tiers").value == pytest.approx(50 / 1.1)
    assert (f.issue("tiers").setting, f.issue("tiers").label) == ("shorten", "Shorten progression")
    assert f.issue("cola").value == pytest.approx(50.0)
    assert f.issue("cola").setting is False
    assert f.notes == ()


def test_minimal_median_by_hand():
    # wage: sorted 2 (1.2), 10 (0.8); half of 2.0 is reached at 2
    # tiers: 0 (0.6), 100 (0.5); half of 1.1 reached at 0
    # cola: 0 (0.4), 100 (0.4); exactly half at 0: the lower weighted median
    f = forecast(load_scenario(MINIMAL), "median")
    assert [x.value for x in f.issues] == [2.0, 0.0, 0.0]
    assert [x.setting for x in f.issues] == [2.0, "keep", False]


def _emission_scenario() -> Scenario:
    with open(EMISSIONS, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return Scenario.model_validate(
        {
            "id": "emissions",
            "title": "EC emission standards for medium-sized cars",
            "actors": [
                {"id": r["Actor"], "name": r["Actor"], "role": "party",
                 "capability": float(r["Capability"])}
                for r in rows
            ],
            "issues": [
                {"id": "delay", "name": "Delay", "kind": "continuous", "min": 4, "max": 10}
            ],
            "stances": [
                {"actor": r["Actor"], "issue": "delay", "position": float(r["Position"]),
                 "salience": float(r["Salience"])}
                for r in rows
            ],
        }
    )  # fmt: skip


def test_emission_standards_compromise_is_7_39():
    # sum c*s*x = 5.003 over sum c*s = 0.677 (README: "about 7.39")
    f = forecast(_emission_scenario(), "compromise")
    assert f.issue("delay").value == pytest.approx(5.003 / 0.677)
    assert round(f.issue("delay").value, 2) == 7.39
    assert len(f.issue("delay").actors) == 10


def test_emission_standards_median_is_7():
    # weight at 4: 0.248, at 7: 0.093 (running 0.341), at 10: 0.336; half of 0.677 = 0.3385
    assert forecast(_emission_scenario(), "median").issue("delay").value == 7.0


# --- bad input ----------------------------------------------------------------------------
def _small(stances: list[dict], capability: tuple[float, float, float] = (1, 1, 1)) -> Scenario:
    return Scenario.model_validate(
        {
            "id": "s",
            "title": "t",
            "actors": [
                {"id": a, "name": a, "role": "party", "capability": c}
                for a, c in zip("abc", capability, strict=True)
            ],
            "issues": [
                {"id": "x", "name": "X", "kind": "continuous", "min": 0, "max": 10},
                {"id": "y", "name": "Y", "kind": "boolean"},
            ],
            "stances": stances,
        }
    )


def test_missing_stances_are_noted_and_too_few_actors_give_no_forecast():
    s = _small(
        [
            {"actor": "a", "issue": "x", "position": 2, "salience": 1.0},
            {"actor": "b", "issue": "x", "position": 8, "salience": 1.0},
            {"actor": "a", "issue": "y", "position": True, "salience": 1.0},
        ]
    )
    f = forecast(s)
    assert f.issue("x").value == pytest.approx(5.0)
    assert f.issue("x").actors == ("a", "b")
    y = f.issue("y")
    assert y.value is None and y.setting is None
    assert "fewer than 2" in (y.reason or "")
    assert any("no stance on any issue" in n and "c" in n for n in f.notes)
    assert any(n.startswith("y: no stance from b") for n in f.notes)
    assert any(n.startswith("y: no forecast") for n in f.notes)
    assert forecast(s, "median").issue("y").value is None


def test_zero_weights_give_no_forecast():
    s = _small(
        [
            {"actor": "a", "issue": "x", "position": 2, "salience": 0.0},
            {"actor": "b", "issue": "x", "position": 8, "salience": 1.0},
            {"actor": "a", "issue": "y", "position": True, "salience": 1.0},
            {"actor": "b", "issue": "y", "position": False, "salience": 1.0},
        ],
        capability=(1, 0, 1),
    )
    for model in ("compromise", "median"):
        x = forecast(s, model).issue("x")
        assert x.value is None
        assert "zero" in (x.reason or "")
        assert forecast(s, model).issue("y").value == 100.0
        assert forecast(s, model).issue("y").setting is True


def test_actors_restricts_and_bad_names_are_errors():
    s = load_scenario(MINIMAL)
    f = forecast(s, actors=["union"])
    assert f.actors == ("union",)
    assert all(x.value is None for x in f.issues)
    assert all(x.value is None for x in forecast(s, "median", actors=[]).issues)
    models = "compromise, median, eum, exchange, ensemble, nash"
    with pytest.raises(ValueError, match=f"no model 'oracle'; models: {models}"):
        forecast(s, "oracle")
    with pytest.raises(ValueError, match="no actor 'boss'"):
        forecast(s, actors=["boss"])


# --- the vectorised core against the plain oracle ----------------------------------------
_POSITIONS = st.one_of(
    st.sampled_from([0.0, 25.0, 50.0, 50.0, 100.0]),  # repeated values: ties
    st.floats(-1e4, 1e4, allow_nan=False),
)
_WEIGHTS = st.one_of(st.sampled_from([0.0, 0.0, 0.5, 1.0, 2.0]), st.floats(0, 1e3))


@st.composite
def _arrays(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    n_a = draw(st.integers(1, 7))  # a single actor included
    n_i = draw(st.integers(1, 4))
    pos = np.array([[draw(_POSITIONS) for _ in range(n_i)] for _ in range(n_a)])
    w = np.array([[draw(_WEIGHTS) for _ in range(n_i)] for _ in range(n_a)])
    absent = np.array([[draw(st.booleans()) and draw(st.booleans()) for _ in range(n_i)]
                       for _ in range(n_a)])  # fmt: skip
    return np.where(absent, np.nan, pos), w


def _pairs(pos: np.ndarray, w: np.ndarray, i: int) -> list[tuple[float, float]]:
    return [(float(p), float(x)) for p, x in zip(pos[:, i], w[:, i], strict=True) if p == p]


@settings(max_examples=300, deadline=None)
@given(_arrays())
def test_weighted_mean_and_median_match_the_oracle(arrays):
    pos, w = arrays
    mean, med = weighted_mean(pos, w), weighted_median(pos, w)
    for i in range(pos.shape[1]):
        pairs = _pairs(pos, w, i)
        want_mean, want_med = oracle.mean(pairs), oracle.median(pairs)
        if want_mean is None:
            assert math.isnan(mean[i]) and math.isnan(med[i])
            continue
        assert mean[i] == pytest.approx(want_mean, rel=1e-9, abs=1e-9)
        assert med[i] == want_med


def test_median_tie_convention():
    # exactly half the weight at 10: the lower weighted median is 10, not 15
    pos = np.array([[10.0], [20.0]])
    assert weighted_median(pos, np.array([[1.0], [1.0]]))[0] == 10.0
    # zero-weight actors never decide
    pos = np.array([[0.0], [10.0], [20.0]])
    assert weighted_median(pos, np.array([[0.0], [1.0], [3.0]]))[0] == 20.0


@settings(max_examples=60, deadline=None)
@given(scenarios(max_actors=5, max_issues=4, unicode=False, extreme_numbers=False))
def test_forecast_matches_the_oracle_on_random_scenarios(scenario):
    for model in ("compromise", "median"):
        got = {f.issue: f.value for f in forecast(scenario, model).issues}
        want = oracle.forecast(scenario, model)
        assert got.keys() == want.keys()
        for k, v in want.items():
            if v is None:
                assert got[k] is None
            else:
                assert got[k] == pytest.approx(v, rel=1e-9, abs=1e-9)


# --- DEU III backtest ---------------------------------------------------------------------
#: Council votes under the Treaty of Nice, written out again for an independent check.
_VOTES = dict(
    de=29, fr=29, it=29, uk=29, es=27, pl=27, ro=14, nl=13, be=12, cz=12, el=12, hu=12, pt=12,
    at=10, bu=10, se=10, dk=7, ie=7, lt=7, sk=7, fi=7, cr=7, cy=4, ee=4, lv=4, lu=4, si=4, mt=3,
    com=29, ep=29,
)  # fmt: skip


def _plain_deu3(capability: str) -> tuple[list[float], list[float]]:
    """Compromise errors and median errors, by a plain loop over the file's rows."""
    with open(DEU3, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    head, weights = rows[0], rows[1]
    codes = [h[1:] for h in head if h.startswith("p") and "s" + h[1:] in head]
    compromise, median = [], []
    for row in rows[2:]:
        cell = dict(zip(head, row, strict=True))
        if cell["out"] == "" or not 0 <= float(cell["out"]) <= 100:
            continue
        pairs = []
        for c in codes:
            if cell["p" + c] != "" and cell["s" + c] != "":
                cap = _VOTES[c] if capability == "votes" else float(weights[head.index("p" + c)])
                pairs.append((float(cell["p" + c]), cap * float(cell["s" + c])))
        if len(pairs) < 3 or sum(w for _, w in pairs) == 0:
            continue
        compromise.append(abs(oracle.mean(pairs) - float(cell["out"])))  # type: ignore[operator]
        median.append(abs(oracle.median(pairs) - float(cell["out"])))  # type: ignore[operator]
    return compromise, median


@pytest.mark.parametrize("capability", ["votes", "row2"])
def test_backtest_matches_a_plain_computation(capability):
    bt = backtest(read_deu3(DEU3), capability=capability)
    plain_c, plain_m = _plain_deu3(capability)
    assert bt.scores["compromise"].n == len(plain_c) == 160
    assert bt.skipped == 8
    assert bt.scores["compromise"].mae == pytest.approx(statistics.fmean(plain_c))
    assert bt.scores["compromise"].median_ae == pytest.approx(statistics.median(plain_c))
    assert bt.scores["median"].mae == pytest.approx(statistics.fmean(plain_m))
    assert bt.scores["median"].median_ae == pytest.approx(statistics.median(plain_m))


def test_backtest_figures():
    bt = backtest(read_deu3(DEU3))
    assert bt.models == ("compromise", "median")  # not ensemble: it is compromise on DEU III
    assert bt.capability == "votes"
    assert round(bt.scores["compromise"].mae, 2) == 23.18  # replications report about 23
    assert round(bt.scores["compromise"].median_ae, 2) == 19.12
    assert round(bt.scores["median"].mae, 2) == 29.34
    assert round(bt.scores["median"].median_ae, 2) == 20.00
    rows = bt.rows()
    assert len(rows) == 160
    assert rows[0]["issue"] == "d96085i1" and rows[0]["outcome"] == 45.0
    assert rows[0]["median"] == 82.0 and rows[0]["median_error"] == 37.0


def test_backtest_one_model():
    bt = backtest(read_deu3(DEU3), ["median"])
    assert bt.models == ("median",) and list(bt.scores) == ["median"]


def _broken_copy(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    rows = DEU3.read_text(encoding="utf-8").split("\n")
    target = tmp_path / "broken.tsv"
    target.write_text("\n".join(edit(rows)), encoding="utf-8")
    return target


def test_deu3_non_number_is_located(tmp_path):
    def edit(rows):
        cells = rows[4].split("\t")
        cells[rows[0].split("\t").index("pfr")] = "abc"
        rows[4] = "\t".join(cells)
        return rows

    path = _broken_copy(tmp_path, edit)
    with pytest.raises(ScenarioError) as exc:
        read_deu3(path)
    col = DEU3.read_text().split("\n")[0].split("\t").index("pfr") + 1
    text = str(exc.value)
    assert f"{path}:5:{col}: pfr: 'abc' is not a number from 0 to 100" in text
    assert "or leave it blank" in text


def test_deu3_missing_column_is_named(tmp_path):
    def edit(rows):
        return ["\t".join(r.split("\t")[:-1]) for r in rows]  # drop 'out'

    with pytest.raises(ScenarioError, match="missing column 'out'"):
        read_deu3(_broken_copy(tmp_path, edit))

    def edit_pair(rows):
        return [r.replace("sfr\t", "sxx\t") if n == 0 else r for n, r in enumerate(rows)]

    with pytest.raises(ScenarioError, match="missing column 'sfr'"):
        read_deu3(_broken_copy(tmp_path, edit_pair))


# --- the commands -------------------------------------------------------------------------
def test_cli_forecast_json():
    data = json.loads(accord("forecast", str(MINIMAL), "--model", "median", "--json").stdout)
    assert data["scenario"] == "minimal" and data["model"] == "median"
    assert data["actors"] == ["union", "firm"]
    tiers = data["issues"][1]
    assert tiers == {
        "issue": "tiers",
        "value": 0.0,
        "setting": "keep",
        "label": "Keep tiers",
        "actors": ["union", "firm"],
        "reason": None,
        "converged": True,
        "cycle": None,
        "warning": None,
    }
    assert data["notes"] == []


def test_cli_forecast_table_and_errors():
    text = accord("forecast", "uaw-detroit-2023").stdout
    assert "compromise model" in text and "note:" in text
    bad = accord("forecast", str(MINIMAL), "--model", "oracle", check=2)
    assert "unknown model 'oracle'; models: compromise, median" in bad.stderr
    missing = accord("forecast", "no-such.yaml", check=2)
    assert "no-such.yaml" in missing.stderr


def test_cli_backtest_json_and_csv(tmp_path):
    target = tmp_path / "predictions.csv"
    proc = accord("backtest", "deu3", str(DEU3), "--json", "--out", str(target))
    data = json.loads(proc.stdout)
    assert set(data["models"]) == {"compromise", "median"}
    assert set(data["models"]["compromise"]) == {
        "n", "mae", "median_ae",
        "intervals", "interval_score", "naive_intervals", "naive_interval_score",
    }  # fmt: skip
    intervals = data["models"]["compromise"]["intervals"]
    assert list(intervals) == ["50", "80", "90"]
    assert {k: round(v["coverage"], 3) for k, v in intervals.items()} == {
        "50": 0.5, "80": 0.794, "90": 0.906
    }  # fmt: skip
    assert round(intervals["90"]["width"], 1) == 82.5
    assert round(data["models"]["compromise"]["interval_score"], 2) == 11.29
    assert round(data["models"]["compromise"]["naive_interval_score"], 2) == 11.49
    assert data["models"]["compromise"]["n"] == 160
    assert set(data["vs_compromise"]) == {"median"}
    vs = data["vs_compromise"]["median"]
    assert (vs["better"], vs["worse"], round(vs["mean_diff"], 2)) == (65, 95, 6.17)
    assert round(data["models"]["compromise"]["mae"], 2) == 23.18
    with open(target, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 160
    assert list(rows[0]) == [
        "issue", "dossier", "outcome", "actors",
        "compromise", "compromise_error", "median", "median_error",
    ]  # fmt: skip
    assert [p.name for p in tmp_path.iterdir()] == ["predictions.csv"]  # no temporary left
    one = json.loads(accord("backtest", "deu3", str(DEU3), "--models", "median", "--json").stdout)
    assert list(one["models"]) == ["median"]


def test_cli_backtest_table_and_errors(tmp_path):
    text = accord("backtest", "deu3", str(DEU3)).stdout
    assert "23.18" in text and "29.34" in text
    assert "+6.17 (+2.55 to +9.78)" in text  # median against compromise, clustered interval
    assert "50% / 37.6" in text and "11.29" in text and "11.49" in text  # the intervals
    assert (
        "unknown model 'eu'"
        in accord("backtest", "deu3", str(DEU3), "--models", "compromise,eu", check=2).stderr
    )
    assert "no file" in accord("backtest", "deu3", str(tmp_path / "none.tsv"), check=2).stderr
    bad = tmp_path / "bad.tsv"
    bad.write_text("isnr\tpcom\tscom\tout\n\t1\t\t\ni1\tx\t50\t50\n", encoding="utf-8")
    err = accord("backtest", "deu3", str(bad), check=2).stderr
    assert f"{bad}:3:2: pcom: 'x' is not a number from 0 to 100" in err
    nowhere = accord(
        "backtest", "deu3", str(DEU3), "--out", str(tmp_path / "no" / "p.csv"), check=2
    )
    assert "there is no folder" in nowhere.stderr
