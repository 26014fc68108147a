"""The web app's numbers are accord.api's: each page's JSON equals the API result that the
command line prints for the same arguments (the scenario read as stored: ``batna="assessed"``),
and what no page shows (the BATNA gap, the win-sets) is never computed for it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web_support import SID, client, finished_run

from accord import api
from accord.model.plain import to_plain


@pytest.fixture(scope="module")
def c(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    return client(tmp_path_factory.mktemp("web"))


def same(data: Any) -> Any:
    """Plain JSON data, as the web app writes it."""
    return to_plain(data, default=str)


def test_analysis_page_is_api_analyze(c: TestClient) -> None:
    web = c.get(f"/api/scenarios/{SID}/analysis").json()
    found = api.analyze(SID, batna="assessed")
    assert web["parties"] == list(found.analysis.parties)
    assert web["zopa"]["exists"] == found.zopa.exists
    assert web["zopa"]["count"] == found.zopa.count
    assert web["zopa"]["diagnosis"] == (
        None if found.zopa.diagnosis is None else found.zopa.diagnosis.text()
    )
    verdicts = {v["proposal"]: v for v in found.table("verdicts")}
    assert [r["proposal"] for r in web["rows"]] == list(verdicts)
    for row in web["rows"]:
        v = next(x for x in found.analysis.verdicts if x.proposal == row["proposal"])
        assert row["accepts"] == same(dict(v.accepts))
        assert row["utility"] == same({p: [v.low[p], v.high[p]] for p in found.analysis.parties})


def test_analysis_page_never_computes_the_gap_or_win_sets(c: TestClient) -> None:
    c.get(f"/api/scenarios/{SID}/analysis")
    services = c.app.state.services  # type: ignore[attr-defined]
    cached = services.cache.get((SID, 1, "analysis"), lambda: pytest.fail("not cached"))
    # the lazy parts are computed (and stored in the instance) only when read
    assert "gap" not in vars(cached) and "ratification" not in vars(cached)
    assert cached.gap_of is not None  # but can be, from the same arguments
    assert same(cached.gap) == same(api.analyze(SID, batna="assessed").gap)


def test_diff_page_is_api_diff(c: TestClient) -> None:
    drafts = [d["id"] for d in c.get(f"/api/scenarios/{SID}/drafts").json()]
    a, b = drafts[0], drafts[-1]
    web = c.get(f"/api/scenarios/{SID}/diff", params={"a": a, "b": b}).json()
    assert web == same(api.diff(SID, a, b, batna="assessed").diff.to_dict())


def test_timeline_page_is_api_timeline(c: TestClient) -> None:
    for as_of in (None, "2025-11-25"):
        params = {} if as_of is None else {"as_of": as_of}
        web = c.get(f"/api/scenarios/{SID}/timeline", params=params).json()
        line = api.timeline(SID, months=12, as_of=as_of, batna="assessed").timeline
        assert web["data"] == same(line.to_dict())
    lever = api.load(SID).levers[0]
    web = c.get(f"/api/scenarios/{SID}/timeline", params={f"lever.{lever.id}": "0"}).json()
    level = lever.levels[0]
    moved = api.timeline(SID, months=12, settings={lever.id: level}, batna="assessed")
    assert web["data"] == same(moved.timeline.to_dict())


def test_whatif_page_is_api_whatif(c: TestClient) -> None:
    web = c.get(f"/api/scenarios/{SID}/whatif", params={"lever.sanctions": "0"}).json()
    level = api.load(SID).lever("sanctions").levels[0]
    found = api.whatif(SID, {"sanctions": level}, batna="assessed")
    assert web["zopa"]["exists"] == found.zopa.exists and web["zopa"]["count"] == found.zopa.count
    assert [r["accepted"] for r in web["rows"]] == [v.accepted for v in found.analysis.verdicts]
    said = [ch.text() for lever in (found.levers or {}).values() for ch in lever["changes"]]
    assert web["changes"] == said and said


def test_conflict_page_is_api_conflict(c: TestClient) -> None:
    web = c.get(f"/api/scenarios/{SID}/conflict").json()["conflict"]
    found = api.conflict(web["conflict"])
    assert web["concepts"] == list(found.stability.tables)
    for k in web["concepts"]:
        assert web["equilibria"][k] == found.equilibria(k)


def test_forecast_run_is_api_forecast(c: TestClient) -> None:
    r = c.post(f"/api/scenarios/{SID}/forecasts", json={"draws": 60, "seed": 4})
    run = finished_run(c, r.json()["id"])
    assert run["status"] == "done", run["error"]
    found = api.forecast(SID, "compromise", draws=60, seed=4, batna="assessed")
    assert found.simulation is not None
    assert run["result"]["forecast"] == same(found.forecast.to_dict())
    assert run["result"]["simulation"] == same(found.simulation.to_dict())
    # the command's figures with ratification at home are the page's too
    assert "ratified" in run["result"]["deal"]


def test_api_analyze_defers_the_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    import accord.analysis.ripeness as ripeness

    calls: list[int] = []
    real = ripeness.batna_gap

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(ripeness, "batna_gap", counted)
    found = api.analyze(SID)  # Russia has a perceived BATNA: there is a gap to report
    assert calls == []
    first = found.gap
    assert first is not None and calls == [1]
    doc = found.to_dict()  # --json reads the same gap, not a second computation
    assert calls == [1] and doc["batna_gap"] == same(first)
