"""``accord serve``: the web app on a local port (FastAPI + uvicorn). See docs/web.md."""

from __future__ import annotations

import ipaddress
from typing import Annotated

import typer

from accord.cli.common import UsageProblem, out

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve anywhere


def serve_command(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to listen on")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(metavar="URL", help="database URL (default: SQLite in the user data dir)"),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(metavar="T", help="require this token on every request (needed off loopback)"),
    ] = None,
) -> None:
    """Serve the web app: scenarios, stance editor, drafts, agreement space, forecasts,
    conflict stability and versions, with a JSON API under /api."""
    if not is_loopback(host) and not token:
        raise UsageProblem(
            f"refusing to listen on '{host}' without --token: anyone who can reach it could "
            "read and change every scenario; give --token T, or listen on 127.0.0.1"
        )
    import uvicorn

    from accord.store import Store
    from accord.web.app import create_app

    app = create_app(Store(db), token=token)
    out.print(f"accord serve: http://{host}:{port}/", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")
