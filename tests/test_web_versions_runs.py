"""Runs a stopped server left behind, the header's version after an in-place save, pages
of an old version (``?version=N``), and single (no-draw) forecast runs of every model."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from tests.web_support import SID, browser, client, free_port, start_server

from accord.forecast.models import MODEL_NAMES, MODELS
from accord.store import Store
from accord.web.app import create_app
from accord.web.runs import INTERRUPTED

OLD_TITLE = "title: Ending the war in Ukraine - the late-2025 peace drafts"
NEW_TITLE = "title: Renamed in version 2"
#: The read-only pages that take ``?version=N``, with a text only that version shows.
PAGES = ["", "/edit", "/drafts", "/space", "/forecasts", "/conflict"]


@pytest.fixture
def c(tmp_path: Path) -> TestClient:
    return client(tmp_path)


def wait_run(c: TestClient, rid: int) -> dict[str, Any]:
    for _ in range(600):
        run = c.get(f"/api/scenarios/{SID}/runs/{rid}").json()
        if run["status"] not in ("queued", "running"):
            return run
        time.sleep(0.05)
    raise AssertionError(f"run {rid} did not finish: {run}")


# --- 1. runs interrupted by a server stop ---------------------------------------------------
def test_runs_left_in_flight_are_interrupted_when_the_app_starts(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'web.db'}")
    store.create_from_builtin(SID, author="tester")
    params = {"model": "median", "draws": 40}
    running = store.update_run(
        store.add_run(SID, 1, "forecast", params, 5).id, status="running", progress=0.3
    )
    queued = store.add_run(SID, 1, "forecast", {"model": "nash", "mode": "single"}, None)
    done = store.update_run(store.add_run(SID, 1, "forecast", params, 1).id, status="done")
    c = browser(create_app(store))
    for r in (running, queued):
        now = store.run(r.id)
        assert (now.status, now.error) == ("interrupted", INTERRUPTED)
    assert store.run(done.id).status == "done"

    page = c.get(f"/s/{SID}/forecasts").text
    assert page.count('class="run-state interrupted"') == 2
    shown = c.get(f"/s/{SID}/runs/{running.id}").text
    assert "the server stopped before this run finished; run it again" in shown
    assert "progressbar" not in shown and "hx-trigger" not in shown  # no spinner, no polling
    assert "Run it again" in shown
    # the button posts the run's own parameters and version
    form = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', shown))
    assert form == {"model": "median", "mode": "montecarlo", "draws": "40", "seed": "5",
                    "version": "1"}  # fmt: skip
    again = c.post(f"/s/{SID}/forecasts", data=form)
    assert again.status_code == 200 and 'class="run"' in again.text
    rid = int(re.search(r'id="run-(\d+)"', again.text).group(1))
    run = wait_run(c, rid)
    assert run["status"] == "done" and run["params"] == params and run["seed"] == 5
    single = c.get(f"/s/{SID}/runs/{queued.id}").text
    assert 'name="mode" value="single"' in single and 'name="draws"' not in single


def test_a_killed_server_leaves_an_interrupted_run(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kill.db'}"
    Store(url).create_from_builtin(SID, author="tester")
    port = free_port()
    base = f"http://127.0.0.1:{port}/api/scenarios/{SID}"
    proc = start_server(url, port)
    try:  # the largest eum run takes minutes: it is running when the server is killed
        body = {"model": "eum", "draws": 100_000}
        rid = httpx2.post(f"{base}/forecasts", json=body, timeout=10).json()["id"]
        for _ in range(200):
            if httpx2.get(f"{base}/runs/{rid}", timeout=10).json()["status"] == "running":
                break
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait()
    assert Store(url).run(rid).status == "running"  # as the killed server left it
    proc = start_server(url, port)
    try:
        run = httpx2.get(f"{base}/runs/{rid}", timeout=10).json()
        assert (run["status"], run["error"]) == ("interrupted", INTERRUPTED)
    finally:
        proc.kill()
        proc.wait()


# --- 2. the header's version after an in-place save -----------------------------------------
def test_saves_send_the_new_version_to_the_header(c: TestClient) -> None:
    assert '<span id="nav-version" >ukraine-2025 · v1</span>' in c.get(f"/s/{SID}/edit").text
    form = {"actor": "ukraine", "issue": "donbas", "base": "1", "salience": "0.2", "author": "x"}
    saved = c.post(f"/s/{SID}/stance", data=form).text
    assert '<span id="nav-version" hx-swap-oob="true">ukraine-2025 · v2</span>' in saved
    batna = c.post(f"/s/{SID}/batna", data={"actor": "russia", "base": "2", "utility": "0.4"})
    assert '<span id="nav-version" hx-swap-oob="true">ukraine-2025 · v3</span>' in batna.text
    stale = c.post(f"/s/{SID}/stance", data=form).text  # refused: no new version
    assert "Not applied" in stale and "nav-version" not in stale


# --- 3. pages of an old version --------------------------------------------------------------
@pytest.fixture
def two(c: TestClient) -> TestClient:
    """Version 2 with a new title."""
    text = c.get(f"/api/scenarios/{SID}/yaml").text
    assert OLD_TITLE in text
    body = {"text": text.replace(OLD_TITLE, NEW_TITLE), "base": 1, "author": "t"}
    assert c.post(f"/api/scenarios/{SID}/versions", json=body).status_code == 201
    return c


@pytest.mark.parametrize("path", PAGES)
def test_pages_show_the_version_asked_for(two: TestClient, path: str) -> None:
    old = two.get(f"/s/{SID}{path}?version=1")
    assert old.status_code == 200
    assert "Viewing version 1 of 2 — the latest is version 2." in old.text
    assert f'<a href="/s/{SID}{path}">Go to the latest version</a>' in old.text
    assert "ukraine-2025 · v1 of 2</span>" in old.text
    assert f'href="/s/{SID}/drafts?version=1"' in old.text  # the links stay on version 1
    latest = two.get(f"/s/{SID}{path}")
    assert "Viewing version" not in latest.text and "ukraine-2025 · v2</span>" in latest.text
    assert 'name="version"' not in latest.text
    same = two.get(f"/s/{SID}{path}?version=2")  # the latest, asked for by number
    assert "Viewing version" not in same.text


def test_old_version_content_and_read_only_editor(two: TestClient) -> None:
    assert "Ending the war in Ukraine" in two.get(f"/s/{SID}?version=1").text
    assert "Renamed in version 2" in two.get(f"/s/{SID}").text
    assert "Ending the war in Ukraine" in two.get(f"/s/{SID}?v=1").text  # the older name
    editor = two.get(f"/s/{SID}/edit?version=1").text
    assert 'id="read-only"' in editor
    assert "<button >save</button>" not in editor and "<button disabled>save</button>" in editor
    # even a form sent anyway is based on version 1: the stale-save check refuses it
    assert 'id="base-version" value="1"' in editor
    latest_editor = two.get(f"/s/{SID}/edit").text
    assert "<button disabled>" not in latest_editor and 'id="read-only"' not in latest_editor


def test_fragments_and_runs_follow_the_version(two: TestClient) -> None:
    page = two.get(f"/s/{SID}/drafts?version=1").text
    assert '<input type="hidden" name="version" value="1">' in page
    drafts = two.get(f"/api/scenarios/{SID}/drafts?version=1").json()
    a, b = drafts[0]["id"], drafts[1]["id"]
    q = {"a": a, "b": b, "version": 1}
    assert two.get(f"/s/{SID}/drafts/diff", params=q).status_code == 200
    assert two.get(f"/s/{SID}/drafts/diff", params={**q, "version": 9}).status_code == 404
    space = two.get(f"/api/scenarios/{SID}/pareto?version=1").json()
    pair = {"a": space["pair"][0], "b": space["pair"][1], "version": 1}
    assert two.get(f"/s/{SID}/space/pareto", params=pair).status_code == 200
    assert two.get(f"/s/{SID}/timeline?version=1").status_code == 200
    assert two.get(f"/s/{SID}/whatif?version=1&lever.sanctions=0").status_code == 200
    assert two.get(f"/s/{SID}/whatif?version=7").status_code == 404
    # the forecasts form of version 1 runs version 1
    form = {"model": "median", "draws": "20", "seed": "1", "version": "1"}
    started = two.post(f"/s/{SID}/forecasts", data=form).text
    assert "(version 1)" in started


@pytest.mark.parametrize("path", PAGES)
def test_bad_versions_are_plain_error_pages(two: TestClient, path: str) -> None:
    for bad, status, says in (
        ("x", 422, "version: must be a whole number from 1 to 2147483647"),
        ("1.5", 422, "version: must be a whole number from 1 to 2147483647"),
        ("99", 404, "has no version 99 (latest: 2)"),
        ("0", 422, "version: must be a whole number from 1 to 2147483647"),
    ):
        r = two.get(f"/s/{SID}{path}?version={bad}")
        assert r.status_code == status, (bad, r.text)
        assert says in r.text and "Traceback" not in r.text
        assert "<h1>Error" in r.text


def test_versions_page_links_each_version(two: TestClient) -> None:
    page = two.get(f"/s/{SID}/versions").text
    for n in (1, 2):
        assert f'<a href="/s/{SID}?version={n}">version {n}</a>' in page


# --- 4. every model, with draws where it has them, and single --------------------------------
RUNS = [(m, "montecarlo") for m in MODELS] + [(m, "single") for m in MODEL_NAMES]


@pytest.mark.parametrize(("model", "mode"), RUNS)
def test_every_model_runs_through_the_api(c: TestClient, model: str, mode: str) -> None:
    body = {"model": model, "mode": mode, "draws": 40, "seed": 2}
    r = c.post(f"/api/scenarios/{SID}/forecasts", json=body)
    assert r.status_code == 202, r.text
    run = wait_run(c, r.json()["id"])
    assert run["status"] == "done", run["error"]
    result = run["result"]
    assert result["forecast"]["model"] == model
    assert any(i["value"] is not None for i in result["forecast"]["issues"])
    if mode == "single":
        assert run["params"] == {"model": model, "mode": "single"} and run["seed"] is None
        assert "simulation" not in result
    else:
        assert run["params"] == {"model": model, "draws": 40} and run["seed"] == 2
        assert result["simulation"]["draws"] == 40
    page = c.get(f"/s/{SID}/runs/{run['id']}").text
    assert 'class="point-forecast"' in page
    assert ("<h3>Monte Carlo</h3>" in page) == (mode == "montecarlo")
    assert ("single forecast" in page) == (mode == "single")
    # eum's round-by-round trajectory, stored and shown
    assert ('class="trajectory"' in page) == (model == "eum")
    assert bool(result["forecast"].get("rounds")) == (model == "eum")


def test_a_model_without_draws_is_explained_not_failed(c: TestClient) -> None:
    page = c.get(f"/s/{SID}/forecasts").text
    assert '<option value="nash">nash (single forecast only)</option>' in page
    assert "nash cannot be run with draws" in page
    api = c.post(f"/api/scenarios/{SID}/forecasts", json={"model": "nash", "draws": 40})
    assert api.status_code == 422
    assert "nash model cannot be run with draws" in api.json()["error"]
    form = c.post(f"/s/{SID}/forecasts", data={"model": "nash", "mode": "montecarlo"})
    assert form.status_code == 200  # htmx swaps it into the page
    assert "run it as a single forecast" in form.text and 'class="run"' not in form.text
    assert c.get(f"/api/scenarios/{SID}/runs").json() == []  # nothing started
    bad_mode = c.post(f"/api/scenarios/{SID}/forecasts", json={"mode": "lots"})
    assert bad_mode.status_code == 400 and "unknown mode" in bad_mode.json()["error"]
