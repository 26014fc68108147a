"""End to end against a real server process: headless Chromium drives the pages, and a
SIGKILL during a stream of saves loses no acknowledged save."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
import yaml
from tests.web_support import SID, free_port, start_server

from accord.report.pdf import CHROMIUM_FLAGS, find_chromium
from accord.store import Store

# The system Chromium, with the report printer's flags (Playwright adds its own --headless).
CHROMIUM = str(find_chromium() or "") or None
ARGS = [flag for flag in CHROMIUM_FLAGS if flag != "--headless"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    port = free_port()
    proc = start_server(url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        yield base, url
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium found")
def test_browser_edit_forecast_restore(server: tuple[str, str]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, _ = server
    assert httpx2.post(
        f"{base}/api/scenarios/builtin", json={"name": SID, "author": "e2e"}
    ).is_success
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/s/{SID}")
        expect(page.locator("#scorecard .js-plotly-plot")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "web-overview.png"), full_page=True)

        # change Ukraine's salience on Donbas: the verdicts follow without a reload
        page.goto(f"{base}/s/{SID}/edit")
        page.fill("#author", "browser")
        before = page.locator("#verdict-1").inner_text()
        form = page.locator("tr.stance[data-actor=ukraine][data-issue=donbas]")
        form.locator("input[name=salience]").fill("0.1")
        form.locator("button").click()
        # the new version's scorecard and verdicts are computed first: slow on a busy machine
        expect(page.locator(".saved")).to_contain_text("saved as version 2", timeout=120_000)
        expect(page.locator("#verdict-1")).not_to_have_text(before)
        expect(page.locator("#base-version")).to_have_value("2")
        page.screenshot(path=str(ARTIFACTS / "web-stance-saved.png"), full_page=True)

        # a forecast run with its live progress bar, to the end
        page.goto(f"{base}/s/{SID}/forecasts")
        page.fill("input[name=draws]", "3000")
        page.click("#start-run button")
        expect(page.locator(".run-status")).to_have_text("done", timeout=120_000)
        expect(page.locator("#current .js-plotly-plot")).to_be_visible()
        expect(page.locator("#past-runs")).to_contain_text("done")  # the list follows along
        page.screenshot(path=str(ARTIFACTS / "web-forecast.png"), full_page=True)

        # restore version 1
        page.goto(f"{base}/s/{SID}/versions")
        page.click("#version-1 button.restore")
        expect(page.locator("#version-3")).to_contain_text("restored from version 1")
        page.screenshot(path=str(ARTIFACTS / "web-versions.png"), full_page=True)

        page.goto(f"{base}/s/{SID}/conflict")
        expect(page.locator("#timeline .js-plotly-plot")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "web-conflict.png"), full_page=True)
        browser.close()
    text = httpx2.get(f"{base}/api/scenarios/{SID}/yaml").text
    assert text == httpx2.get(f"{base}/api/scenarios/{SID}/yaml?version=1").text


def test_sigkill_during_saves_loses_no_acknowledged_save(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kill.db'}"
    port = free_port()
    proc = start_server(url, port)
    base = f"http://127.0.0.1:{port}"
    assert httpx2.post(
        f"{base}/api/scenarios/builtin", json={"name": SID, "author": "k"}
    ).is_success
    original = httpx2.get(f"{base}/api/scenarios/{SID}/yaml").text
    acknowledged: dict[int, str] = {}
    # The kill is armed once a few saves are acknowledged, not after a fixed time, so a
    # loaded machine cannot turn the check into "nothing was saved"; it then lands while
    # the next saves are in flight.
    killer = threading.Timer(0.2, lambda: os.kill(proc.pid, signal.SIGKILL))
    latest, n = 1, 0
    with httpx2.Client(timeout=5) as http:
        while True:
            n += 1
            text = original + f"\n# save {n}\n"
            try:
                r = http.post(
                    f"{base}/api/scenarios/{SID}/versions",
                    json={"text": text, "base": latest, "author": "k"},
                )
            except httpx2.HTTPError:
                break  # the server is gone
            assert r.status_code == 201, r.text
            latest = r.json()["version"]
            acknowledged[latest] = text
            if len(acknowledged) == 4:
                killer.start()
    proc.wait()
    assert len(acknowledged) >= 4
    store = Store(url)
    for number, text in acknowledged.items():
        assert store.get(SID, number).text == text
    assert store.get(SID).info.number >= max(acknowledged)


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium found")
def test_hostile_text_never_runs_in_the_browser(server: tuple[str, str]) -> None:
    """Script and HTML payloads in every text a user can type, on every page, in a real
    browser: no dialog opens and no injected element appears."""
    from playwright.sync_api import Dialog, sync_playwright
    from tests.test_web_security import PAYLOADS, hostile_scenario

    base, _ = server
    opened: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()

        def dismiss(dialog: Dialog) -> None:
            opened.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", dismiss)
        for n, payload in enumerate(PAYLOADS):
            doc = yaml.safe_load(hostile_scenario(payload))
            doc["id"] = f"hostile{n}"  # one scenario per payload
            with httpx2.Client(base_url=base) as http:  # a multipart upload needs the token
                token = http.get("/api/csrf").json()["token"]
                up = http.post(
                    "/api/scenarios/upload",
                    files={"file": ("x.yaml", yaml.safe_dump(doc, allow_unicode=True))},
                    data={"author": f"a {payload}", "note": f"n {payload}"},
                    headers={"X-CSRF-Token": token},
                )
            assert up.status_code == 201, up.text
            sid = up.json()["scenario_id"]
            pages = ["", "/edit", "/drafts", "/space", "/forecasts", "/conflict", "/versions"]
            for path in ["/", *(f"/s/{sid}{tail}" for tail in pages)]:
                page.goto(f"{base}{path}", wait_until="load")
                page.wait_for_timeout(200)  # let htmx and Plotly run
                assert page.locator("img[src=x]").count() == 0, path
        browser.close()
    assert opened == [], f"a payload ran: {opened}"
