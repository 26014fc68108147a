"""Escaping of every user text in the pages, the token, serve's host refusal and allowed hosts."""

from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.web_support import SID, client

from accord.cli.serve import is_loopback

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')
DATA = Path(__file__).parent / "data" / "minimal.yaml"


def hostile_scenario(payload: str) -> str:
    """The minimal scenario with the payload in every free text a page shows."""
    data = yaml.safe_load(DATA.read_text())
    data["title"] = f"T {payload}"
    data["summary"] = f"S {payload}"
    data["sources"][0]["title"] = f"src {payload}"
    for a in data["actors"]:
        a["name"] = f"{a['id']} {payload}"
        a["batna"]["description"] = f"b {payload}"
    for i in data["issues"]:
        i["name"] = f"{i['id']} {payload}"
        for o in i.get("options") or []:
            o["label"] = f"{o['id']} {payload}"
    for p in data["proposals"]:
        p["title"] = f"{p['id']} {payload}"
    return yaml.safe_dump(data, allow_unicode=True)


def assert_escaped(html: str, payload: str) -> None:
    assert payload not in html
    assert "<img src=x" not in html and "<script>alert" not in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_user_text_is_escaped_everywhere(tmp_path: Path, payload: str) -> None:
    c = client(tmp_path, builtin=False)
    r = c.post(
        "/api/scenarios/upload",
        files={"file": ("x.yaml", hostile_scenario(payload))},
        data={"author": f"a {payload}", "note": f"n {payload}"},
    )
    assert r.status_code == 201, r.text
    sid = r.json()["scenario_id"]
    # a save and a kept conflict with hostile author and note
    edit = {
        "actor": "union",
        "issue": "wage",
        "base": 1,
        "salience": 0.5,
        "author": f"e {payload}",
        "note": f"n {payload}",
    }
    assert c.post(f"/api/scenarios/{sid}/stances", json=edit).status_code == 201
    assert c.post(f"/api/scenarios/{sid}/stances", json=edit).status_code == 409
    c.cookies.set("accord_author", "c " + payload.replace('"', ""))
    run = c.post(f"/api/scenarios/{sid}/forecasts", json={"draws": 20}).json()
    for _ in range(100):
        if c.get(f"/api/scenarios/{sid}/runs/{run['id']}").json()["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    pages = [
        "/",
        f"/s/{sid}",
        f"/s/{sid}/edit",
        f"/s/{sid}/drafts",
        f"/s/{sid}/space",
        f"/s/{sid}/forecasts",
        f"/s/{sid}/conflict",
        f"/s/{sid}/versions",
        f"/s/{sid}/conflicts/1",
        f"/s/{sid}/runs/{run['id']}",
        f"/s/{sid}/drafts/diff?a=opening&b=final",
        f"/s/{sid}/space/pareto?a=union&b=firm",
        f"/s/{sid}/versions/diff?a=1&b=2",
        f"/s/{sid}/timeline",
    ]
    for path in pages:
        page = c.get(path)
        assert page.status_code == 200, (path, page.text[:300])
        assert_escaped(page.text, payload)
    saved = c.post(f"/s/{sid}/stance", data={**edit, "base": 2, "salience": "0.4"})
    assert "saved" in saved.text
    assert_escaped(saved.text, payload)
    # error pages quote what was asked for, escaped
    assert_escaped(c.get(f"/s/{payload}").text, payload)
    assert_escaped(c.get(f"/s/{sid}/drafts/diff?a={payload}&b=final").text, payload)


def test_chart_json_cannot_close_its_attribute(tmp_path: Path) -> None:
    c = client(tmp_path, builtin=False)
    text = hostile_scenario('"></div><script>alert(1)</script>')
    sid = c.post("/api/scenarios/upload", files={"file": ("x.yaml", text)}).json()["scenario_id"]
    page = c.get(f"/s/{sid}").text
    figures = re.findall(r'<div class="chart" data-figure="([^"]*)"></div>', page)
    assert figures
    for body in figures:
        json.loads(html.unescape(body))  # the whole figure is inside, unbroken
        assert "<" not in body


def test_token_required_everywhere(tmp_path: Path) -> None:
    c = client(tmp_path, token="s3cret")
    assert c.get("/api/scenarios").status_code == 401
    assert c.get("/openapi.json").status_code == 401
    assert c.get("/static/htmx.min.js", follow_redirects=False).status_code == 303
    assert c.get("/", follow_redirects=False).headers["location"] == "/login"
    assert c.post(f"/api/scenarios/{SID}/stances", json={}).status_code == 401
    bad = {"Authorization": "Bearer nope"}
    assert c.get("/api/scenarios", headers=bad).status_code == 401
    good = {"Authorization": "Bearer s3cret"}
    assert c.get("/api/scenarios", headers=good).status_code == 200
    assert c.get("/login").status_code == 200
    assert c.post("/login", data={"token": "wrong"}).status_code == 401
    r = c.post("/login", data={"token": "s3cret"}, follow_redirects=False)
    assert r.status_code == 303 and "s3cret" not in r.headers["set-cookie"]
    assert "httponly" in r.headers["set-cookie"].lower()
    assert c.get("/api/scenarios").status_code == 200  # the session cookie now
    assert c.get(f"/s/{SID}").status_code == 200


def test_without_token_no_login_needed(tmp_path: Path) -> None:
    assert client(tmp_path).get("/api/scenarios").status_code == 200


def test_serve_refuses_public_host_without_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")
    from accord.cli.app import UsageProblem
    from accord.cli.serve import serve_command

    monkeypatch.delenv("ACCORD_TOKEN", raising=False)
    with pytest.raises(UsageProblem, match="without accounts or a token"):
        serve_command(host="0.0.0.0", port=8000, db=str(tmp_path / "s.db"), token=None)


def test_serve_allowed_hosts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--allowed-host names (and the --host address) are the only extra names answered;
    a name with a port is refused with a message, before the server starts."""
    import uvicorn
    from fastapi.testclient import TestClient

    from accord.cli.app import UsageProblem
    from accord.cli.serve import serve_command

    apps: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: apps.append(app))
    monkeypatch.delenv("ACCORD_TOKEN", raising=False)
    db = str(tmp_path / "s.db")
    serve_command(host="127.0.0.2", port=8000, db=db, allowed_host=["Team.Example"])
    c = TestClient(apps[0], base_url="http://127.0.0.1:8000")
    for host, status in (
        ("team.example:8000", 200),
        ("127.0.0.2:8000", 200),  # the --host address
        ("localhost:8000", 200),
        ("evil.example:8000", 400),
    ):
        assert c.get("/api/scenarios", headers={"Host": host}).status_code == status, host
    with pytest.raises(UsageProblem, match=r"--allowed-host: 'team\.example:80' has a port"):
        serve_command(host="127.0.0.1", port=8000, db=db, allowed_host=["team.example:80"])
