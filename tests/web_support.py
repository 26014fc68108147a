"""Helpers of the web tests: a fresh store and app, and a real server in a subprocess."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx2
from fastapi.testclient import TestClient

from accord.store import Store
from accord.web.app import create_app

SID = "ukraine-2025"


#: Where the test clients reach the app: a loopback name the host allow-list accepts.
BASE = "http://127.0.0.1:8000"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


class BrowserClient(TestClient):
    """A TestClient that acts as the app's own pages do: each state-changing request sends
    the CSRF token this client's cookies were given (from ``/api/csrf``, or, before signing
    in with a token, the login page's meta tag), unless the test sets the header itself."""

    _token: tuple[tuple[str, str], str] | None = None

    def request(self, method: str, url: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        headers = dict(kwargs.pop("headers", None) or {})
        if method.upper() in ("POST", "PUT", "PATCH", "DELETE") and not any(
            k.lower() == "x-csrf-token" for k in headers
        ):
            headers["X-CSRF-Token"] = self.csrf_token()
        return super().request(method, url, headers=headers, **kwargs)

    def csrf_token(self) -> str:
        state = (self.cookies.get("accord_csrf", ""), self.cookies.get("accord_session", ""))
        if self._token is None or self._token[0] != state:
            r = super().request("GET", "/api/csrf")
            if r.status_code == 200:
                token = r.json()["token"]
            else:  # signed out of a server with a token: the login page carries one
                found = CSRF_META.search(super().request("GET", "/login").text)
                assert found, "the login page has no csrf-token meta tag"
                token = found.group(1)
            state = (self.cookies.get("accord_csrf", ""), self.cookies.get("accord_session", ""))
            self._token = (state, token)
        return self._token[1]


def browser(app: Any) -> BrowserClient:
    """A client of ``app`` acting as its pages (see :class:`BrowserClient`)."""
    return BrowserClient(app, base_url=BASE, raise_server_exceptions=False)


def client(tmp_path: Path, token: str | None = None, builtin: bool = True) -> TestClient:
    store = Store(f"sqlite:///{tmp_path / 'web.db'}")
    if builtin:
        store.create_from_builtin(SID, author="tester")
    return browser(create_app(store, token=token))


def finished_run(c: TestClient, rid: int, sid: str = SID, polls: int = 600) -> dict[str, Any]:
    """Forecast run ``rid`` once it is done or failed (polled every 0.1 s), or as last seen."""
    for _ in range(polls):
        run: dict[str, Any] = c.get(f"/api/scenarios/{sid}/runs/{rid}").json()
        if run["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    return run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SERVER = """
import os, sys, uvicorn
from accord.store import Store
from accord.web.app import create_app
app = create_app(Store(sys.argv[1]), token=os.environ.get("ACCORD_TEST_TOKEN") or None)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def start_server(db_url: str, port: int, token: str | None = None) -> subprocess.Popen[bytes]:
    """``accord serve`` as it runs it (create_app + uvicorn), in its own process; with
    ``token``, as ``accord serve`` with a token."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "ACCORD_TEST_TOKEN": token or ""}
    proc = subprocess.Popen([sys.executable, "-c", SERVER, db_url, str(port)], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            r = httpx2.get(f"http://127.0.0.1:{port}/api/builtins", timeout=2)
            if r.status_code in (200, 401):  # up (401: a token is needed)
                return proc
        except httpx2.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")
