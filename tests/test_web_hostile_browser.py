"""Forgery and framing in a real browser (headless Chromium, as tests/test_web_e2e.py).

A page served from another loopback port (``http://localhost:B``, the attacker) submits
every state-changing route of ``accord serve`` (``http://127.0.0.1:A`` and
``http://localhost:A``): each as the form a page can send without asking (urlencoded,
multipart with a file, text/plain shaped as JSON) and as a no-cors ``fetch``. The routes
come from the app's OpenAPI description, so a new one is attacked too. Every attempt must
reach the server and be refused (403 seen on the wire), and the store must be unchanged:
no version, scenario or run more. The attacks run without a token, with a nonce cookie the
attacker planted and a token its own server fetched for it, and signed in with a token.
"""

from __future__ import annotations

import html
import json
import tempfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx2
import pytest
from tests.test_web_e2e import ARGS, CHROMIUM
from tests.test_web_hostile import Operation, operations
from tests.web_support import SID, free_port, start_server

from accord.store import Store
from accord.web.app import create_app

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium found")
DATA = Path(__file__).parent / "data" / "minimal.yaml"
TOKEN = "s3cret-for-the-test"
#: Values an attacker would send, by field name (anything else: "x", numbers 1).
VALUES = {
    "actor": "russia",
    "issue": "donbas",
    "utility": "0.99",
    "salience": "0.9",
    "base": "1",
    "name": SID,
    "model": "compromise",
    "draws": "20",
    "seed": "1",
    "mode": "montecarlo",
    "text": DATA.read_text(),
    "author": "attacker",
    "note": "forged",
    "token": TOKEN,
}


def _state_changes() -> list[Operation]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Store(f"sqlite:///{Path(tmp) / 'spec.db'}"))
        return [o for o in operations(app) if o.method in ("POST", "PUT", "PATCH", "DELETE")]


def _url(op: Operation) -> str:
    url = op.path
    for name, (where, _) in op.params.items():
        if where == "path":
            url = url.replace("{" + name + "}", SID if name == "sid" else "1")
    return url


def attack_page(targets: list[str], token: str | None) -> str:
    """Every state-changing route of every target, in every body a page can send
    unasked; submitted on load, each form into its own frame so all of them go."""
    ops = _state_changes()
    parts = ['<meta name="referrer" content="no-referrer">']
    scripts = []
    n = 0
    for target in targets:
        for op in ops:
            url = target + _url(op)
            fields = {
                k: VALUES.get(k, "1" if "integer" in json.dumps(s) else "x")
                for k, (where, s) in op.params.items()
                if where == "body" and k != "file"
            }
            if token:
                fields["csrf_token"] = token
            for enctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                n += 1
                inputs = "".join(
                    f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                    for k, v in fields.items()
                )
                if enctype.startswith("multipart"):
                    inputs += '<input type="file" name="file" class="yaml">'
                parts.append(
                    f'<iframe name="f{n}"></iframe><form class="forged" target="f{n}" '
                    f'method="post" action="{html.escape(url)}" enctype="{enctype}">'
                    f"{inputs}</form>"
                )
            # text/plain shaped as JSON: name '{"a":1,"pad":"' value '"}'
            n += 1
            body = json.dumps({k: _json(v) for k, v in fields.items()})[:-1] + ', "pad": "'
            parts.append(
                f'<iframe name="f{n}"></iframe><form class="forged" target="f{n}" '
                f'method="post" action="{html.escape(url)}" enctype="text/plain">'
                f'<input type="hidden" name="{html.escape(body)}" value="&quot;}}"></form>'
            )
            payload = json.dumps({k: _json(v) for k, v in fields.items()})
            scripts.append(
                f"fetch({json.dumps(url)}, {{method: {json.dumps(op.method)}, mode: 'no-cors', "
                f"credentials: 'include', body: new Blob([{json.dumps(payload)}])}});"
            )
    yaml_text = json.dumps(DATA.read_text())
    script = f"""
document.querySelectorAll("input.yaml").forEach(function (input) {{
  var files = new DataTransfer();
  files.items.add(new File([{yaml_text}], "x.yaml", {{type: "application/x-yaml"}}));
  input.files = files.files;
}});
document.querySelectorAll("form.forged").forEach(function (f) {{ f.submit(); }});
{" ".join(scripts)}
document.title = "sent";
"""
    return (
        "<!doctype html><html><head>"
        + parts[0]
        + "</head><body>"
        + "".join(parts[1:])
        + f"<script>{script}</script></body></html>"
    )


def _json(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


class Attacker:
    """A web server on another loopback port: serves one page, and plants a cookie."""

    def __init__(self) -> None:
        self.page = ""
        self.cookie: str | None = None
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = outer.page.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                if outer.cookie:
                    self.send_header("Set-Cookie", outer.cookie)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://localhost:{self.port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def attacker() -> Iterator[Attacker]:
    a = Attacker()
    try:
        yield a
    finally:
        a.close()


def _served(tmp_path: Path, token: str | None) -> tuple[str, Any]:
    url = f"sqlite:///{tmp_path / 'target.db'}"
    store = Store(url)
    store.create_from_builtin(SID, author="owner")
    port = free_port()
    return f"http://127.0.0.1:{port}", start_server(url, port, token=token)


def _snapshot(base: str, token: str | None) -> tuple[Any, ...]:
    auth = {"Authorization": f"Bearer {token}"} if token else {}
    get = lambda path: httpx2.get(base + path, headers=auth, timeout=30).json()  # noqa: E731
    return (
        [(s["id"], s["latest"]) for s in get("/api/scenarios")],
        len(get(f"/api/scenarios/{SID}/versions")),
        len(get(f"/api/scenarios/{SID}/runs")),
        httpx2.get(f"{base}/api/scenarios/{SID}/yaml", headers=auth, timeout=30).text,
    )


def _run_attack(
    browser_page: Any, attacker: Attacker, targets: list[str], ports: set[int], expected: int = 0
) -> list[tuple[str, str, int]]:
    """Open the attack page; the answers the targets gave to its state changes. Waits for
    ``expected`` answers (up to 60 s more: on a loaded machine some come late), so that a
    count short of it means requests that never got an answer, not a slow browser."""
    seen: list[tuple[str, str, int]] = []

    def on_response(response: Any) -> None:
        req = response.request
        if req.method != "GET" and any(f":{p}/" in response.url for p in ports):
            seen.append((req.method, response.url, response.status))

    browser_page.on("response", on_response)
    browser_page.goto(f"{attacker.base}/attack.html")
    browser_page.wait_for_function("document.title === 'sent'", timeout=30_000)
    browser_page.wait_for_timeout(3000)  # let every form and fetch get its answer
    for _ in range(300):
        if len(seen) >= expected:
            break
        browser_page.wait_for_timeout(200)
    return seen


@pytest.mark.parametrize("planted", [False, True], ids=["no-token", "planted-token"])
def test_another_port_cannot_change_anything(
    tmp_path: Path, attacker: Attacker, planted: bool
) -> None:
    from playwright.sync_api import sync_playwright

    base, proc = _served(tmp_path, None)
    port = int(base.rsplit(":", 1)[1])
    local = f"http://localhost:{port}"
    token = None
    if planted:
        # the attacker's own server asks for a token; its page plants the nonce cookie
        # (cookies ignore ports: set by localhost:B, it is sent to localhost:A)
        got = httpx2.get(f"{local}/api/csrf")
        token = got.json()["token"]
        attacker.cookie = f"accord_csrf={got.cookies['accord_csrf']}; Path=/"
    attacker.page = attack_page([base, local], token)
    try:
        before = _snapshot(base, None)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(f"{local}/")  # the victim has the app open: its own nonce cookie
            forms = len(_state_changes()) * 2 * 3  # two targets, three form encodings
            seen = _run_attack(page, attacker, [base, local], {port}, forms)
            browser.close()
        after = _snapshot(base, None)
    finally:
        proc.kill()
        proc.wait()
    assert after == before, "a forged request changed the store"
    statuses = [s for _, _, s in seen]
    assert len(statuses) >= forms, (len(statuses), forms)  # they reached the server
    assert set(statuses) == {403}, sorted(set(statuses))


def test_signed_in_with_a_token_another_port_cannot_change_anything(
    tmp_path: Path, attacker: Attacker
) -> None:
    from playwright.sync_api import sync_playwright

    base, proc = _served(tmp_path, TOKEN)
    port = int(base.rsplit(":", 1)[1])
    local = f"http://localhost:{port}"
    got = httpx2.get(f"{local}/login")
    assert got.status_code == 200
    import re

    found = re.search(r'name="csrf-token" content="([^"]+)"', got.text)
    assert found
    attacker.cookie = f"accord_csrf={got.cookies['accord_csrf']}; Path=/"
    attacker.page = attack_page([base, local], found.group(1))
    try:
        before = _snapshot(base, TOKEN)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(f"{local}/login")
            page.fill("input[name=token]", TOKEN)
            page.click("form button")
            page.wait_for_url(f"{local}/")
            assert SID in page.content()  # signed in
            expected = len(_state_changes()) * 2 * 3
            seen = _run_attack(page, attacker, [base, local], {port}, expected)
            browser.close()
        after = _snapshot(base, TOKEN)
    finally:
        proc.kill()
        proc.wait()
    assert after == before
    statuses = [s for _, _, s in seen]
    assert len(statuses) >= expected
    assert set(statuses) <= {401, 403}, sorted(set(statuses))
    local_statuses = [s for _, url, s in seen if url.startswith(local)]
    assert set(local_statuses) == {403}  # signed in there: refused as forged, not unknown


def test_another_origin_cannot_frame_the_app(tmp_path: Path, attacker: Attacker) -> None:
    from playwright.sync_api import sync_playwright

    base, proc = _served(tmp_path, None)
    attacker.page = (
        f'<!doctype html><iframe id="app" src="{base}/s/{SID}" width="800" height="600">'
        f'</iframe><iframe id="api" src="{base}/api/scenarios"></iframe>'
    )
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(f"{attacker.base}/frame.html")
            page.wait_for_timeout(2000)
            children = [f for f in page.frames if f != page.main_frame]
            assert len(children) == 2
            for frame in children:
                # a refused frame is Chromium's error page: none of the app's content
                shown = frame.content()
                assert "nav-version" not in shown and "ukraine-2025" not in shown
            # the same page, opened by itself, renders
            page.goto(f"{base}/s/{SID}")
            assert "nav-version" in page.content()
            browser.close()
    finally:
        proc.kill()
        proc.wait()


def test_pages_run_under_the_csp_charts_and_sliders_included(tmp_path: Path) -> None:
    """Every page in Chromium under the Content-Security-Policy: no violation reported,
    Plotly charts drawn, the as-of slider and the lever sliders (now in app.js) working,
    and an htmx save carrying its token."""
    from playwright.sync_api import expect, sync_playwright

    base, proc = _served(tmp_path, None)
    violations: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on(
                "console",
                lambda m: (
                    violations.append(m.text) if "Content Security Policy" in m.text else None
                ),
            )
            page.on("pageerror", lambda e: violations.append(str(e)))
            for tail in ("", "/edit", "/drafts", "/space", "/forecasts", "/conflict", "/versions"):
                page.goto(f"{base}/s/{SID}{tail}", wait_until="load")
                page.wait_for_timeout(300)
            page.goto(f"{base}/")
            page.goto(f"{base}/s/{SID}")
            expect(page.locator("#scorecard .js-plotly-plot")).to_be_visible()
            page.goto(f"{base}/s/{SID}/conflict")
            expect(page.locator("#timeline .js-plotly-plot")).to_be_visible()
            dates = json.loads(page.locator("#asof-index").get_attribute("data-dates") or "[]")
            assert len(dates) > 1
            page.locator("#asof-index").fill("0")  # fires input and change
            expect(page.locator("#asof-shown")).to_have_text(dates[0])
            expect(page.locator("#timeline")).to_contain_text(f"As of {dates[0]}")
            lever = page.locator("#levers input[type=range]").first
            labels = json.loads(lever.get_attribute("data-labels") or "[]")
            lever.fill("0")
            expect(page.locator("#levers td:nth-child(3)").first).to_have_text(labels[0])
            page.goto(f"{base}/s/{SID}/edit")
            form = page.locator("form.inline:has(input[name=actor][value=russia])").first
            form.locator("input[name=utility]").fill("0.3")
            form.locator("button").click()
            # the new version's scorecard and verdicts are computed before the answer
            expect(page.locator(".saved")).to_contain_text("saved as version 2", timeout=120_000)
            browser.close()
    finally:
        proc.kill()
        proc.wait()
    assert violations == []
