"""Helpers of the web tests: a fresh store and app, and a real server in a subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
from fastapi.testclient import TestClient

from accord.store import Store
from accord.web.app import create_app

SID = "ukraine-2025"


def client(tmp_path: Path, token: str | None = None, builtin: bool = True) -> TestClient:
    store = Store(f"sqlite:///{tmp_path / 'web.db'}")
    if builtin:
        store.create_from_builtin(SID, author="tester")
    return TestClient(create_app(store, token=token), raise_server_exceptions=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SERVER = """
import sys, uvicorn
from accord.store import Store
from accord.web.app import create_app
uvicorn.run(create_app(Store(sys.argv[1])), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning")
"""


def start_server(db_url: str, port: int) -> subprocess.Popen[bytes]:
    """``accord serve`` as it runs it (create_app + uvicorn), in its own process."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-c", SERVER, db_url, str(port)], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/api/builtins", timeout=2).status_code == 200:
                return proc
        except httpx2.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")
