"""``accord serve``: the web app on a local port (FastAPI + uvicorn). See docs/web.md."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import UsageProblem, out
from accord.cli.secrets import TOKEN_ENV, database_url, on_command_line, secret

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
        typer.Option(
            metavar="URL",
            help="database: a path or a URL without a password (default: SQLite in the user "
            "data dir)",
        ),
    ] = None,
    database_url_file: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="read the database URL (with its password) from FILE; or set ACCORD_DATABASE_URL",
        ),
    ] = None,
    token_file: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help=f"one person, no accounts: require the token in FILE on every request; or set "
            f"{TOKEN_ENV}",
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(metavar="T", hidden=True, help="refused: use --token-file or ACCORD_TOKEN"),
    ] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            metavar="NAME",
            help="a host name the server answers to besides 127.0.0.1, localhost and ::1 "
            "(repeatable; the --host address is added itself)",
        ),
    ] = None,
) -> None:
    """Serve the web app: scenarios, stance editor, drafts, agreement space, forecasts,
    conflict stability and versions, with a JSON API under /api.

    Who may use it: the accounts in the store (``accord users``) when there are any, else
    the token (``ACCORD_TOKEN`` or ``--token-file``) when one is given, else anyone who
    can reach it, which is allowed on loopback only."""
    if token is not None:
        raise on_command_line("the token", TOKEN_ENV, "--token-file")
    token = secret("the token", TOKEN_ENV, token_file)
    url = database_url(db, database_url_file)
    import uvicorn

    from accord.store import Store, StoreError

    try:
        store = Store(url)
        users = store.accounts.count()
    except StoreError as exc:
        raise UsageProblem(str(exc)) from None
    if token and users:
        raise UsageProblem(
            f"the store has {users} account(s) and a token was given: the token is for one "
            f"person without accounts; unset {TOKEN_ENV} (and --token-file) to sign in with "
            "the accounts"
        )
    if not is_loopback(host) and not token and not users:
        raise UsageProblem(
            f"refusing to listen on '{host}' without accounts or a token: anyone who can "
            "reach it could read and change every scenario; add accounts (accord users add "
            f"NAME --role admin), or for one person set {TOKEN_ENV} or --token-file FILE, or "
            "listen on 127.0.0.1"
        )
    from accord.web.app import create_app
    from accord.web.protect import host_name

    names = [*(allowed_host or ())]
    if host not in ("0.0.0.0", "::", ""):  # a wildcard address is no name to be reached by
        names.append(host)
    try:
        hosts = [host_name(n) for n in names]
    except ValueError as exc:
        raise UsageProblem(f"--allowed-host: {exc}") from None
    app = create_app(store, token=token, allowed_hosts=hosts)
    out.print(f"accord serve: http://{host}:{port}/", highlight=False)
    if users:
        out.print(f"sign-in: {users} account(s) in {store}", highlight=False)
    elif token:
        out.print("sign-in: the token (one person)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")
