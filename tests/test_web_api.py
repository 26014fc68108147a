"""The JSON API and the pages, on a fresh SQLite store: every endpoint, good and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web_support import SID, client, finished_run

from accord.data import scenario_text


@pytest.fixture
def c(tmp_path: Path) -> TestClient:
    return client(tmp_path)


PAGES = [
    "/",
    f"/s/{SID}",
    f"/s/{SID}/edit",
    f"/s/{SID}/drafts",
    f"/s/{SID}/space",
    f"/s/{SID}/forecasts",
    f"/s/{SID}/conflict",
    f"/s/{SID}/versions",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render(c: TestClient, path: str) -> None:
    r = c.get(path)
    assert r.status_code == 200
    assert "Traceback" not in r.text


def test_static_assets_are_local(c: TestClient) -> None:
    page = c.get(f"/s/{SID}").text
    assert "cdn" not in page.lower() and "https://" not in page
    assert c.get("/static/plotly.min.js").status_code == 200
    htmx = c.get("/static/htmx.min.js")
    assert htmx.status_code == 200 and "htmx.org 2." in htmx.text[:200]


def test_scenarios_and_builtins(c: TestClient) -> None:
    assert SID in c.get("/api/builtins").json()
    assert [s["id"] for s in c.get("/api/scenarios").json()] == [SID]
    r = c.post("/api/scenarios/builtin", json={"name": "uaw-detroit-2023", "author": "a"})
    assert r.status_code == 201
    assert c.post("/api/scenarios/builtin", json={"name": "../etc/passwd"}).status_code == 404
    assert c.post("/api/scenarios/builtin", json={"name": SID}).status_code == 400  # exists
    one = c.get(f"/api/scenarios/{SID}").json()
    assert one["version"]["number"] == 1 and one["scenario"]["actors"]
    assert c.get("/api/scenarios/nope").status_code == 404
    assert c.get(f"/api/scenarios/{SID}?version=99").status_code == 404


def test_upload_and_download(c: TestClient) -> None:
    text = scenario_text("uaw-detroit-2023")
    r = c.post(
        "/api/scenarios/upload", files={"file": ("s.yaml", text.encode())}, data={"author": "u"}
    )
    assert r.status_code == 201, r.text
    sid = r.json()["scenario_id"]
    got = c.get(f"/api/scenarios/{sid}/yaml")
    assert got.status_code == 200 and got.text == text
    assert "attachment" in got.headers["content-disposition"]
    assert c.get(f"/s/{sid}/yaml").text == text


def test_upload_invalid_shows_line_and_column(c: TestClient) -> None:
    bad = "id: x\ntitle: t\nactors:\n  - id: a\n    name: [unclosed\n"
    r = c.post("/api/scenarios/upload", files={"file": ("bad.yaml", bad.encode())})
    assert r.status_code == 422
    assert r.json()["problems"] and "line" in r.json()["problems"][0]
    page = c.post("/scenarios/upload", files={"file": ("bad.yaml", bad.encode())})
    assert page.status_code == 422 and "line " in page.text and "column" in page.text
    assert c.post("/api/scenarios/upload", files={"file": ("b", b"\xff\xfe\x00")}).status_code in (
        400,
        422,
    )


def test_upload_limit(c: TestClient) -> None:
    big = b"#" * (2 * 1024 * 1024 + 10)
    r = c.post("/api/scenarios/upload", files={"file": ("big.yaml", big)})
    assert r.status_code == 413 and "2 MB" in r.json()["error"]
    page = c.post("/scenarios/upload", files={"file": ("big.yaml", big)})
    assert page.status_code == 413


def test_scorecard_analysis_diff_pareto(c: TestClient) -> None:
    card = c.get(f"/api/scenarios/{SID}/scorecard").json()
    assert "russia" in card["actors"] and card["rows"]
    a = c.get(f"/api/scenarios/{SID}/analysis").json()
    assert a["zopa"]["exists"] is False and a["rows"]
    drafts = [d["id"] for d in c.get(f"/api/scenarios/{SID}/drafts").json()]
    d = c.get(f"/api/scenarios/{SID}/diff", params={"a": drafts[0], "b": drafts[1]})
    assert d.status_code == 200 and d.json()["changes"]
    assert c.get(f"/api/scenarios/{SID}/diff", params={"a": "x", "b": drafts[1]}).status_code == 404
    p = c.get(f"/api/scenarios/{SID}/pareto", params={"a": "russia", "b": "ukraine"}).json()
    assert p["pair"] == ["russia", "ukraine"] and p["size"] > 0
    assert c.get(f"/api/scenarios/{SID}/pareto?a=russia&b=russia").status_code == 400
    assert c.get(f"/api/scenarios/{SID}/pareto?a=russia&b=ghost").status_code == 404
    frag = c.get(f"/s/{SID}/space/pareto?a=russia&b=usa")
    assert frag.status_code == 200 and 'class="chart"' in frag.text
    assert c.get(f"/s/{SID}/drafts/diff?a={drafts[0]}&b={drafts[2]}").status_code == 200


def test_stance_edit_and_conflict(c: TestClient) -> None:
    body = {"actor": "ukraine", "issue": "donbas", "base": 1, "salience": 0.3, "author": "ed"}
    r = c.post(f"/api/scenarios/{SID}/stances", json=body)
    assert r.status_code == 201 and r.json()["version"] == 2
    stale = c.post(f"/api/scenarios/{SID}/stances", json={**body, "salience": 0.9})
    assert stale.status_code == 409 and stale.json()["latest"] == 2
    assert c.get(f"/api/scenarios/{SID}/conflicts").json()
    bad = c.post(f"/api/scenarios/{SID}/stances", json={**body, "base": 2, "salience": 7})
    assert bad.status_code == 422
    bad_pos = c.post(f"/api/scenarios/{SID}/stances", json={**body, "base": 2, "position": "x"})
    assert bad_pos.status_code == 422
    ghost = c.post(f"/api/scenarios/{SID}/stances", json={**body, "base": 2, "issue": "ghost"})
    assert ghost.status_code == 404
    b = c.post(f"/api/scenarios/{SID}/batna", json={"actor": "russia", "base": 2, "utility": 0.5})
    assert b.status_code == 201
    assert c.get(f"/api/scenarios/{SID}").json()["version"]["number"] == 3


def test_stance_page_swaps_scorecard_and_shows_conflict(c: TestClient) -> None:
    form = {"actor": "ukraine", "issue": "donbas", "base": "1", "salience": "0.2", "author": "x"}
    r = c.post(f"/s/{SID}/stance", data=form)
    assert "saved as version 2" in r.text and 'id="scorecard" hx-swap-oob="true"' in r.text
    assert 'id="verdicts" hx-swap-oob="true"' in r.text
    again = c.post(f"/s/{SID}/stance", data=form)
    assert "Not applied" in again.text and "was kept" in again.text
    invalid = c.post(f"/s/{SID}/stance", data={**form, "base": "2", "salience": "abc"})
    assert "not a number" in invalid.text
    assert c.post(f"/s/{SID}/stance", data={"actor": "x"}).status_code == 422


def test_text_save_versions_restore(c: TestClient) -> None:
    text = c.get(f"/api/scenarios/{SID}/yaml").text
    new = text.replace("title:", "title: Edited", 1) if False else text + "\n# edited\n"
    r = c.post(f"/api/scenarios/{SID}/versions", json={"text": new, "base": 1, "author": "t"})
    assert r.status_code == 201
    bad = c.post(f"/api/scenarios/{SID}/versions", json={"text": "id: [", "base": 2})
    assert bad.status_code == 422
    assert len(c.get(f"/api/scenarios/{SID}/versions").json()) == 2
    d = c.get(f"/api/scenarios/{SID}/versions/diff?a=1&b=2").json()
    assert "+# edited" in d["diff"]
    r = c.post(f"/api/scenarios/{SID}/versions/1/restore", json={"author": "t", "note": "back"})
    assert r.status_code == 201 and r.json()["restored_from"] == 1
    assert c.post(f"/api/scenarios/{SID}/versions/42/restore", json={}).status_code == 404
    page = c.post(f"/s/{SID}/versions/1/restore", data={"author": "p"}, follow_redirects=False)
    assert page.status_code == 303
    assert c.get(f"/s/{SID}/versions/diff?a=1&b=3").status_code == 200


def test_conflict_timeline_whatif(c: TestClient) -> None:
    conf = c.get(f"/api/scenarios/{SID}/conflict").json()["conflict"]
    assert conf["states"] and conf["equilibria"]
    t = c.get(f"/api/scenarios/{SID}/timeline", params={"as_of": "2025-11-25"})
    assert t.status_code == 200 and t.json()["data"]["months"]
    assert c.get(f"/api/scenarios/{SID}/timeline?as_of=yesterday").status_code == 400
    assert c.get(f"/api/scenarios/{SID}/timeline?as_of=2099-01-01").status_code == 400
    w = c.get(f"/api/scenarios/{SID}/whatif", params={"lever.sanctions": "0"})
    assert w.status_code == 200 and "zopa" in w.json()
    assert c.get(f"/api/scenarios/{SID}/whatif?lever.sanctions=99").status_code == 400
    assert c.get(f"/s/{SID}/whatif?lever.sanctions=0").status_code == 200
    assert c.get(f"/s/{SID}/timeline?as_of=2025-11-25").status_code == 200


def test_forecast_run(c: TestClient) -> None:
    assert c.post(f"/api/scenarios/{SID}/forecasts", json={"model": "ghost"}).status_code == 400
    few = c.post(f"/api/scenarios/{SID}/forecasts", json={"draws": 0})
    assert few.status_code == 422 and "from 1 to 100000" in few.json()["error"]
    r = c.post(f"/api/scenarios/{SID}/forecasts", json={"draws": 100, "seed": 3})
    assert r.status_code == 202
    rid = r.json()["id"]
    run = finished_run(c, rid)
    assert run["status"] == "done", run["error"]
    assert run["result"]["simulation"]["draws"] == 100 and run["seed"] == 3
    listed = c.get(f"/api/scenarios/{SID}/runs").json()
    assert listed[0]["params"] == {"model": "compromise", "draws": 100}
    page = c.get(f"/s/{SID}/runs/{rid}")
    assert "done" in page.text and "median" in page.text
    assert c.get(f"/api/scenarios/{SID}/runs/999").status_code == 404
    started = c.post(f"/s/{SID}/forecasts", data={"model": "median", "draws": "50", "seed": "1"})
    assert started.status_code == 200 and 'class="run"' in started.text


def test_bad_input_never_shows_a_traceback(c: TestClient) -> None:
    for r in (
        c.get(f"/api/scenarios/{SID}/versions/diff?a=x&b=1"),
        c.post(f"/api/scenarios/{SID}/stances", content=b"{not json"),
        c.get("/s/nope"),
        c.get("/no/such/page"),
    ):
        assert r.status_code in (400, 404, 422)
        assert "Traceback" not in r.text and 'File "' not in r.text


def test_unexpected_error_is_a_plain_500(c: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import accord.web.services as services

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(services.api, "score", boom)  # the scorecard comes from accord.api
    for path in (f"/api/scenarios/{SID}/scorecard", f"/s/{SID}"):
        r = c.get(path)
        assert r.status_code == 500 and "secret" not in r.text and "Traceback" not in r.text


def test_openapi_lists_the_api(c: TestClient) -> None:
    paths = c.get("/openapi.json").json()["paths"]
    for p in ("/api/scenarios", "/api/scenarios/{sid}/scorecard", "/api/scenarios/{sid}/stances"):
        assert p in paths
