"""Hostile requests to every route: forged changes, foreign hosts, framing, numbers out of
range, oversized bodies. The routes and their parameters are read from the app's own
OpenAPI description (pages included), so a new route is covered without a new test.

Browser checks (a page on another loopback port forging every form, an iframe from another
origin) are in tests/test_web_hostile_browser.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from fastapi import APIRouter
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from tests.web_support import BASE, SID, BrowserClient, browser, client

from accord.store import Store
from accord.web.app import create_app
from accord.web.params import MAX_DRAWS, MAX_ID, MAX_SEED, Draws, RecordId, Seed, VersionNumber
from accord.web.protect import CSP
from accord.web.runs import MAX_LIVE_RUNS

DATA = Path(__file__).parent / "data" / "minimal.yaml"
TEMPLATES = Path(__file__).resolve().parent.parent / "src" / "accord" / "web" / "templates"
#: Integers no route may take: far past 64 bits, negative, not whole, not numbers.
HOSTILE_INTS = (str(10**30), "-1", str(-(10**30)), "abc", "1.5", "", "1e400", "0x10")
#: Strings in every text parameter: a path step, a NUL with markup, a huge number, length.
HOSTILE_TEXT = ("..", "\x00<script>", "9" * 40, "x" * 5000)


# --- the routes, from OpenAPI ---------------------------------------------------------------
def full_openapi(app: Any) -> dict[str, Any]:
    """The app's OpenAPI description with the pages too (the public one leaves them out):
    the same generator, over every route remade with ``include_in_schema``."""
    every = APIRouter()
    for ctx in iter_route_contexts(app.routes):
        if isinstance(ctx.original_route, APIRoute):
            every.add_api_route(
                ctx.path_format, ctx.endpoint, methods=sorted(ctx.methods or ()), name=ctx.name
            )
    return get_openapi(title="accord", version="test", routes=every.routes)


def api_routes(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every route of the app, those of included routers too."""
    return [
        (m, ctx.path_format)
        for ctx in iter_route_contexts(app.routes)
        if isinstance(ctx.original_route, APIRoute)
        for m in ctx.methods or ()
    ]


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with a ``$ref`` followed."""
    if "$ref" in schema:
        node: Any = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        return dict(node)
    return schema


def is_int(schema: dict[str, Any]) -> bool:
    options = schema.get("anyOf", [schema])
    return any(o.get("type") == "integer" for o in options)


def int_range(schema: dict[str, Any]) -> tuple[int, int]:
    for o in schema.get("anyOf", [schema]):
        if o.get("type") == "integer":
            return int(o["minimum"]), int(o["maximum"])
    raise AssertionError(f"no integer in {schema}")


class Operation:
    """One route and method, with its parameters by where they go."""

    def __init__(self, spec: dict[str, Any], path: str, method: str, op: dict[str, Any]):
        self.path, self.method = path, method.upper()
        self.params: dict[str, tuple[str, dict[str, Any]]] = {}  # name -> (where, schema)
        self.required: set[str] = set()
        for p in op.get("parameters", []):
            self.params[p["name"]] = (p["in"], p.get("schema", {}))
            if p.get("required"):
                self.required.add(p["name"])
        self.body_kind: str | None = None
        for kind, content in (op.get("requestBody") or {}).get("content", {}).items():
            self.body_kind = kind
            schema = resolve(spec, content["schema"])
            for name, prop in schema.get("properties", {}).items():
                self.params[name] = ("body", resolve(spec, prop))
            self.required |= set(schema.get("required", []))

    def __repr__(self) -> str:
        return f"{self.method} {self.path}"

    def request(self, c: TestClient, values: dict[str, Any]) -> Any:
        """Send with ``values`` (others: a valid scenario id, 1 for numbers, 'x' for text)."""
        filled: dict[str, Any] = {}
        for name, (_, schema) in self.params.items():
            if name in values:
                filled[name] = values[name]
            elif name == "sid":
                filled[name] = SID
            elif is_int(schema):
                filled[name] = 1
            elif name in self.required:
                filled[name] = "x"
        url = self.path
        query: dict[str, Any] = {}
        body: dict[str, Any] = {}
        for name, value in filled.items():
            where = self.params[name][0]
            if where == "path":
                url = url.replace("{" + name + "}", path_part(str(value)))
            elif where == "query":
                query[name] = value
            else:
                body[name] = value
        kwargs: dict[str, Any] = {"params": query}
        if self.body_kind == "application/json":
            kwargs["json"] = {k: _json_value(v) for k, v in body.items()}
        elif self.body_kind == "multipart/form-data":
            files = {k: ("x.yaml", str(v).encode()) for k, v in body.items() if k == "file"}
            kwargs["files"] = files or {"file": ("x.yaml", b"x")}
            kwargs["data"] = {k: str(v) for k, v in body.items() if k != "file"}
        elif self.body_kind is not None:
            kwargs["data"] = {k: str(v) for k, v in body.items()}
        return c.request(self.method, url, follow_redirects=False, **kwargs)


def path_part(text: str) -> str:
    """``text`` as one path segment, dots escaped too (else ``..`` is resolved away by
    the client before it is sent)."""
    return quote(text, safe="").replace(".", "%2E")


def _json_value(value: Any) -> Any:
    # a JSON body carries numbers as numbers where they parse as one, else as text
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    return value


def operations(app: Any) -> list[Operation]:
    spec = full_openapi(app)
    return [
        Operation(spec, path, method, op)
        for path, methods in spec["paths"].items()
        for method, op in methods.items()
    ]


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserClient]:
    c = client(tmp_path_factory.mktemp("hostile"))
    with c:
        yield c


def test_openapi_sees_every_route(hostile_client: BrowserClient) -> None:
    ops = operations(hostile_client.app)
    seen = {(o.method, o.path) for o in ops}
    routes = set(api_routes(hostile_client.app))
    assert len(routes) > 40
    assert routes <= seen, routes - seen
    int_params = {(o.path, n) for o in ops for n, (_, s) in o.params.items() if is_int(s)}
    # the reported overflows: versions, run ids, restore numbers, seeds, kept edits, bases
    for want in (
        ("/api/scenarios/{sid}", "version"),
        ("/api/scenarios/{sid}/runs/{run_id}", "run_id"),
        ("/api/scenarios/{sid}/versions/{n}/restore", "n"),
        ("/api/scenarios/{sid}/forecasts", "seed"),
        ("/api/scenarios/{sid}/forecasts", "draws"),
        ("/s/{sid}/conflicts/{cid}", "cid"),
        ("/s/{sid}/stance", "base"),
        ("/s/{sid}/forecasts", "seed"),
    ):
        assert want in int_params, want


def test_every_integer_on_every_route_is_bounded(hostile_client: BrowserClient) -> None:
    """Every integer parameter (path, query, form, JSON) of every route, given a number
    past 64 bits, a negative, a fraction or text: 422 naming the range, never 5xx."""
    checked = 0
    for op in operations(hostile_client.app):
        for name, (_, schema) in op.params.items():
            if not is_int(schema):
                continue
            lo, hi = int_range(schema)
            assert hi <= 2**63 - 1, (op, name)  # fits the store's integers
            for bad in (*HOSTILE_INTS, str(lo - 1), str(hi + 1)):
                r = op.request(hostile_client, {name: bad})
                if bad == "":
                    assert r.status_code < 500, (op, name, bad, r.status_code)
                    continue  # an empty value may read as absent (or as an empty path step)
                assert r.status_code == 422, (op, name, bad, r.status_code, r.text[:300])
                assert f"{name}: must be a whole number from {lo} to {hi}" in r.text, (op, name)
                checked += 1
    assert checked > 250


def test_every_text_parameter_on_every_route_is_4xx_or_fine(hostile_client: BrowserClient) -> None:
    for op in operations(hostile_client.app):
        for name, (_, schema) in op.params.items():
            if is_int(schema) or name == "file":
                continue
            for bad in HOSTILE_TEXT:
                r = op.request(hostile_client, {name: bad})
                assert r.status_code < 500, (op, name, bad[:20], r.status_code, r.text[:300])
                if name == "sid" and bad in ("..", "\x00<script>", "x" * 5000):
                    assert r.status_code == 422, (op, bad[:20], r.status_code)
                    assert "not a scenario id" in r.text
                elif name == "sid":  # a well-formed id of no scenario (or a bad body)
                    assert r.status_code in (404, 422), (op, bad[:20], r.status_code)


@pytest.mark.parametrize("value", ["9" * 40, "-1", "1e400", "nan", "inf", "..", "-" + "9" * 40])
def test_lever_values_are_refused_not_crashed(hostile_client: BrowserClient, value: str) -> None:
    for path in (
        f"/api/scenarios/{SID}/whatif",
        f"/s/{SID}/whatif",
        f"/api/scenarios/{SID}/timeline",
    ):
        r = hostile_client.get(path, params={"lever.sanctions": value})
        assert 200 <= r.status_code < 500, (path, value, r.status_code, r.text[:200])


# --- the reported failures, one by one -----------------------------------------------------
@pytest.fixture
def c(tmp_path: Path) -> BrowserClient:
    return client(tmp_path)


def test_reported_overflows_are_422(c: BrowserClient) -> None:
    big = 10**30
    for method, path, kwargs in (
        ("GET", f"/api/scenarios/{SID}?version={big}", {}),
        ("GET", f"/api/scenarios/{SID}/yaml?version={big}", {}),
        ("GET", f"/s/{SID}?version={big}", {}),
        ("GET", f"/api/scenarios/{SID}/runs/{big}", {}),
        ("GET", f"/s/{SID}/runs/{big}", {}),
        ("POST", f"/api/scenarios/{SID}/versions/{big}/restore", {"json": {}}),
        ("POST", f"/s/{SID}/versions/{big}/restore", {"data": {}}),
        ("GET", f"/s/{SID}/conflicts/{big}", {}),
        ("GET", f"/api/scenarios/{SID}/versions/diff?a=1&b={big}", {}),
        ("POST", f"/api/scenarios/{SID}/forecasts", {"json": {"seed": big}}),
        ("POST", f"/s/{SID}/forecasts", {"data": {"seed": str(big)}}),
    ):
        r = c.request(method, path, **kwargs)
        assert r.status_code == 422, (path, r.status_code, r.text[:200])
        assert "must be a whole number from" in r.text


def test_negative_seed_is_refused_before_a_run_starts(c: BrowserClient) -> None:
    r = c.post(f"/api/scenarios/{SID}/forecasts", json={"seed": -1, "draws": 20})
    assert r.status_code == 422
    assert (
        r.json()["error"] == f"invalid request: seed: must be a whole number from 0 to {MAX_SEED}"
    )
    assert c.get(f"/api/scenarios/{SID}/runs").json() == []
    too_many = c.post(f"/api/scenarios/{SID}/forecasts", json={"draws": MAX_DRAWS + 1})
    assert too_many.status_code == 422 and f"from 1 to {MAX_DRAWS}" in too_many.text


class _Idle:
    """A pool that keeps every run queued (none finishes while the limit is tested)."""

    def submit(self, *args: Any, **kwargs: Any) -> None:
        return None

    def shutdown(self, *args: Any, **kwargs: Any) -> None:
        return None


def test_runs_under_way_are_limited_per_client(c: BrowserClient) -> None:
    c.app.state.runner.pool = _Idle()  # type: ignore[attr-defined]
    for _ in range(MAX_LIVE_RUNS):
        assert c.post(f"/api/scenarios/{SID}/forecasts", json={"draws": 20}).status_code == 202
    r = c.post(f"/api/scenarios/{SID}/forecasts", json={"draws": 20})
    assert r.status_code == 429 and f"at most {MAX_LIVE_RUNS}" in r.json()["error"]
    page = c.post(f"/s/{SID}/forecasts", data={"draws": "20"})
    assert f"at most {MAX_LIVE_RUNS}" in page.text and 'class="run"' not in page.text
    assert len(c.get(f"/api/scenarios/{SID}/runs").json()) == MAX_LIVE_RUNS


def _chunks(size: int) -> Iterator[bytes]:
    step = 64 * 1024
    for start in range(0, size, step):
        yield b"a" * min(step, size - start)


@pytest.mark.parametrize(
    "path", ["/api/scenarios/upload", "/scenarios/upload", "/api/scenarios", f"/s/{SID}/batna"]
)
def test_oversized_bodies_are_413_declared_or_chunked(c: BrowserClient, path: str) -> None:
    size = 2 * 1024 * 1024 + 1
    token = c.csrf_token()
    kinds = {"Content-Type": "multipart/form-data; boundary=x", "X-CSRF-Token": token}
    declared = c.post(path, content=b"a" * size, headers=kinds)
    assert declared.status_code == 413, declared.text[:200]
    chunked = c.post(path, content=_chunks(size), headers=kinds)  # no length: chunked
    assert chunked.status_code == 413, chunked.text[:200]
    assert "the limit is 2 MB" in chunked.text
    json_chunked = c.post(path, content=_chunks(size), headers={"Content-Type": "application/json"})
    assert json_chunked.status_code == 413


@pytest.mark.parametrize("sid", [".", "..", "...", "a/b", ""])
def test_unreachable_scenario_ids_are_refused(c: BrowserClient, sid: str) -> None:
    doc = yaml.safe_load(DATA.read_text())
    doc["id"] = sid
    text = yaml.safe_dump(doc)
    up = c.post("/api/scenarios/upload", files={"file": ("x.yaml", text)})
    made = c.post("/api/scenarios", json={"text": text})
    for r in (up, made):
        assert r.status_code == 422, r.text[:300]
        if set(sid) == {"."}:  # the others fail the general id rule first
            assert "not only dots" in r.text
    assert [s["id"] for s in c.get("/api/scenarios").json()] == [SID]
    if sid:
        r = c.get(f"/api/scenarios/{path_part(sid)}")
        assert r.status_code in (404, 422), r.status_code
        if set(sid) == {"."}:
            assert r.status_code == 422 and "not only dots" in r.json()["error"]


# --- host allow-list and DNS rebinding -----------------------------------------------------
@pytest.mark.parametrize(
    "host", ["evil.example:8000", "evil.example", "127.0.0.1.evil.example:8000", "", "[::2]:8000"]
)
def test_foreign_host_is_400_reads_included(c: BrowserClient, host: str) -> None:
    for method, path in (("GET", "/api/scenarios"), ("GET", "/"), ("POST", "/api/scenarios")):
        r = c.request(method, path, headers={"Host": host}, json={"text": "x"})
        assert r.status_code == 400, (host, path, r.status_code)
        assert "does not answer to the host" in r.text
        assert SID not in r.text


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST"])
def test_loopback_names_are_allowed(c: BrowserClient, host: str) -> None:
    assert c.get("/api/scenarios", headers={"Host": host}).status_code == 200


def test_allowed_host_adds_a_name(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'h.db'}")
    c = browser(create_app(store, allowed_hosts=["team.example"]))
    assert c.get("/api/scenarios", headers={"Host": "team.example:8443"}).status_code == 200
    assert c.get("/api/scenarios", headers={"Host": "other.example"}).status_code == 400


def test_allowed_host_names_are_checked() -> None:
    from accord.web.protect import host_name

    assert host_name(" Team.Example ") == "team.example"
    assert host_name("[::1]") == "::1"
    for bad in ("team.example:8000", "", "a b", "http://x"):
        with pytest.raises(ValueError, match="name"):
            host_name(bad)


# --- origin and CSRF -----------------------------------------------------------------------
def versions(c: TestClient) -> int:
    return len(c.get(f"/api/scenarios/{SID}/versions").json())


BATNA = {"actor": "russia", "base": "1", "utility": "0.99"}


def test_forged_form_from_another_port_changes_nothing(c: BrowserClient) -> None:
    """The reported attack: a page on localhost:9999 posting Russia's BATNA form. Without
    a token, with a token the attacker's own server fetched (and the cookie it planted),
    from another port of the same host: nothing is saved."""
    other = "http://localhost:9999"
    plain = TestClient(c.app, base_url=BASE, raise_server_exceptions=False)
    assert plain.post(f"/s/{SID}/batna", data=BATNA).status_code == 403
    assert plain.post(f"/s/{SID}/batna", data=BATNA, headers={"Origin": other}).status_code == 403
    # a token valid for a browser without a session, with its nonce cookie planted
    token = c.csrf_token()
    forged = {**BATNA, "csrf_token": token}
    for headers in (
        {"Origin": other},
        {"Referer": f"{other}/attack.html"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:9999"},
        {"Origin": "http://[::1]:8000"},  # another loopback name on the very port
        {"Origin": "http://localhost:8000"},
    ):
        r = c.post(f"/s/{SID}/batna", data=forged, headers={"X-CSRF-Token": token, **headers})
        assert r.status_code == 403, (headers, r.status_code)
        assert "another origin" in r.text
    r = c.post("/scenarios/builtin", data={"name": SID}, headers={"Origin": other})
    assert r.status_code == 403
    assert versions(c) == 1
    # the page's own origin, with the token: saved
    mine = c.post(f"/s/{SID}/batna", data=forged, headers={"Origin": BASE})
    assert mine.status_code == 200 and "saved as version 2" in mine.text
    assert versions(c) == 2


def test_every_state_changing_route_needs_the_token(c: BrowserClient) -> None:
    """Every POST/PUT/PATCH/DELETE route, as a form, as multipart and as text/plain (the
    bodies a page of another origin can send without asking): 403 without the token."""
    plain = TestClient(c.app, base_url=BASE, raise_server_exceptions=False)
    ops = [o for o in operations(c.app) if o.method in ("POST", "PUT", "PATCH", "DELETE")]
    assert len(ops) >= 10
    for op in ops:
        url = op.path.replace("{sid}", SID).replace("{n}", "1")
        for kwargs in (
            {"data": {"actor": "russia", "base": "1", "utility": "0.99", "name": SID}},
            {"files": {"file": ("x.yaml", DATA.read_bytes())}, "data": {"author": "x"}},
            {"content": json.dumps({"name": SID}), "headers": {"Content-Type": "text/plain"}},
            {"content": json.dumps({"name": SID})},  # no content type: read as JSON by FastAPI
            {"data": {"csrf_token": "0" * 64, "name": SID}},  # a guessed token
        ):
            r = plain.request(op.method, re.sub(r"\{\w+\}", "1", url), **kwargs)
            assert r.status_code == 403, (op, kwargs, r.status_code, r.text[:200])
    assert versions(c) == 1
    assert [s["id"] for s in c.get("/api/scenarios").json()] == [SID]


def test_token_of_another_browser_is_refused(c: BrowserClient, tmp_path: Path) -> None:
    other = browser(c.app)
    theirs = other.csrf_token()
    assert theirs != c.csrf_token()
    r = c.post(f"/s/{SID}/batna", data=BATNA, headers={"X-CSRF-Token": theirs})
    assert r.status_code == 403 and "reload the page" in r.text
    assert versions(c) == 1


def test_json_and_authorization_requests_need_no_token_but_the_origin(c: BrowserClient) -> None:
    plain = TestClient(c.app, base_url=BASE, raise_server_exceptions=False)
    edit = {"actor": "russia", "base": 1, "utility": 0.5}
    other = {"Origin": "http://localhost:9999"}
    assert plain.post(f"/api/scenarios/{SID}/batna", json=edit, headers=other).status_code == 403
    assert plain.post(f"/api/scenarios/{SID}/batna", json=edit).status_code == 201
    up = plain.post(
        "/api/scenarios/upload",
        files={"file": ("x.yaml", DATA.read_bytes())},
        headers={"Authorization": "Bearer anything"},
    )
    assert up.status_code == 201  # no token mode: the header only proves a script sent it


def test_csrf_cookie_and_token_in_every_page(c: BrowserClient) -> None:
    r = c.get("/")
    cookie = r.headers["set-cookie"].lower()
    assert "accord_csrf=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    token = c.csrf_token()
    for path in ("/", f"/s/{SID}/versions", "/login"):
        page = c.get(path).text
        assert f'<meta name="csrf-token" content="{token}">' in page, path
    assert page.count('name="csrf_token"') >= 1
    assert c.get("/").text.count(f'name="csrf_token" value="{token}"') == 2  # both forms
    assert "set-cookie" not in c.get("/").headers  # the cookie is kept, not renewed


def test_login_is_forgery_proof_with_a_token(tmp_path: Path) -> None:
    c = client(tmp_path, token="s3cret")
    plain = TestClient(c.app, base_url=BASE, raise_server_exceptions=False)
    assert plain.post("/login", data={"token": "s3cret"}).status_code == 403
    other = {"Origin": "http://localhost:9999"}
    assert c.post("/login", data={"token": "s3cret"}, headers=other).status_code == 403
    before = c.csrf_token()  # what a forger's server could fetch too: no session
    signed = c.post("/login", data={"token": "s3cret"}, follow_redirects=False)
    assert signed.status_code == 303
    # signed in, the token binds the session: the signed-out one is stale
    assert c.csrf_token() != before
    r = c.post(f"/s/{SID}/batna", data=BATNA, headers={"X-CSRF-Token": before})
    assert r.status_code == 403
    assert c.post(f"/s/{SID}/batna", data=BATNA).status_code == 200


# --- headers -------------------------------------------------------------------------------
def test_security_headers_on_every_kind_of_answer(tmp_path: Path) -> None:
    c = client(tmp_path)
    answers = [
        c.get("/"),
        c.get(f"/s/{SID}"),
        c.get("/api/scenarios"),
        c.get("/static/app.js"),
        c.get("/static/plotly.min.js"),
        c.get("/openapi.json"),
        c.get("/s/nope"),
        c.get("/api/scenarios", headers={"Host": "evil.example"}),
        c.post(f"/s/{SID}/batna", data=BATNA, headers={"X-CSRF-Token": "x"}),
        c.post("/api/scenarios", content=b"a" * (3 * 1024 * 1024)),
        client(tmp_path / "t", token="s3cret").get("/api/scenarios"),
    ]
    for r in answers:
        h = r.headers
        assert h["content-security-policy"] == CSP, r.url
        assert h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "same-origin"
        assert h["x-content-type-options"] == "nosniff"
    script = re.search(r"script-src ([^;]*)", CSP)
    assert script and script.group(1) == "'self'"
    assert "frame-ancestors 'none'" in CSP and "default-src 'none'" in CSP


def test_no_inline_script_or_handler_in_any_template_or_page(tmp_path: Path) -> None:
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=", re.I)
    for f in TEMPLATES.glob("*.html"):
        text = f.read_text()
        assert not inline.search(text), f.name
        assert not handler.search(text), f.name
        assert "javascript:" not in text.lower(), f.name
    c = client(tmp_path)
    for path in ("/", f"/s/{SID}", f"/s/{SID}/edit", f"/s/{SID}/conflict", f"/s/{SID}/forecasts"):
        page = c.get(path).text
        assert not inline.search(page) and not handler.search(page), path
        assert "http://" not in page.replace(BASE, "") and "https://" not in page, path


# --- the bounded types against their plain rule ----------------------------------------------
BOUNDED = (
    (VersionNumber, 1, MAX_ID),
    (RecordId, 1, MAX_ID),
    (Seed, 0, MAX_SEED),
    (Draws, 1, MAX_DRAWS),
)


@settings(max_examples=200, deadline=None)
@given(
    which=st.integers(0, len(BOUNDED) - 1),
    value=st.one_of(
        st.integers(),
        st.integers(-(2**70), 2**70).map(str),
        st.text(max_size=12),
        st.floats(allow_nan=True),
    ),
)
def test_bounded_numbers_accept_exactly_their_range(which: int, value: Any) -> None:
    kind, lo, hi = BOUNDED[which]
    adapter: TypeAdapter[int] = TypeAdapter(kind)
    # the plain rule: a whole number (or its decimal text, or a whole float) from lo to hi
    if isinstance(value, bool):
        whole: int | None = int(value)
    elif isinstance(value, int):
        whole = value
    elif isinstance(value, float):
        whole = int(value) if value == value and abs(value) < 2**63 and value.is_integer() else None
    else:
        text = value.strip()
        whole = int(text) if re.fullmatch(r"[+-]?\d+", text) and text.isascii() else None
        if whole is None and re.fullmatch(r"[+-]?\d+\.0*", text):
            whole = int(float(text)) if abs(float(text)) < 2**53 else None
    ok = whole is not None and lo <= whole <= hi
    try:
        got = adapter.validate_python(value)
    except ValidationError as exc:
        assert not ok, (value, exc)
        assert f"must be a whole number from {lo} to {hi}" in str(exc)
        return
    assert ok and got == whole, (value, got)
