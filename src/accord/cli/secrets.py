"""Secrets for ``accord serve`` and ``accord users``: from the environment or a file,
never the command line.

Any user of the machine can read another's command line (``ps``, ``/proc``), and shells
keep it in their history; the environment of a process and a file with mode 0600 are its
owner's only. So the token (``ACCORD_TOKEN`` / ``--token-file``), the database URL when it
carries a password (``ACCORD_DATABASE_URL`` / ``--database-url-file``) and passwords
(``ACCORD_PASSWORD`` / ``--password-file``, else a prompt) are read from there, and a
secret given as an argument is refused with a line saying how to give it instead.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from rich.text import Text

from accord.cli.common import UsageProblem, err

TOKEN_ENV = "ACCORD_TOKEN"
DATABASE_ENV = "ACCORD_DATABASE_URL"
PASSWORD_ENV = "ACCORD_PASSWORD"
#: A secret file is one line; anything bigger is not one.
MAX_SECRET_FILE = 64 * 1024


def on_command_line(what: str, env: str, file_option: str) -> UsageProblem:
    """The refusal of a secret given as an argument, saying how to give it instead."""
    return UsageProblem(
        f"{what} on the command line is visible to every user of this machine (ps) and kept "
        f"in shell history; set {env} in the environment, or give {file_option} FILE "
        "(a file only you can read)"
    )


def read_secret_file(path: Path, what: str) -> str:
    """The first line of ``path`` (a trailing newline is not part of the secret)."""
    try:
        if path.stat().st_size > MAX_SECRET_FILE:
            raise UsageProblem(f"'{path}' is too big to hold {what}: give a file of one line")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageProblem(f"cannot read {what}: there is no file '{path}'") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageProblem(f"cannot read {what} from '{path}': {exc}") from None
    lines = text.splitlines()
    value = lines[0].strip() if lines else ""
    if not value:
        raise UsageProblem(f"'{path}' is empty: it should hold {what} on its first line")
    _warn_if_shared(path, what)
    return value


def _warn_if_shared(path: Path, what: str) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if os.name == "posix" and mode & (stat.S_IRGRP | stat.S_IROTH):
        err.print(
            Text(
                f"warning: '{path}' holds {what} and others can read it: chmod 600 '{path}'",
                style="yellow",
            )
        )


def secret(what: str, env: str, file: Path | None) -> str | None:
    """``what`` from ``file`` if given, else from the environment variable ``env`` (None
    if neither is set)."""
    if file is not None:
        return read_secret_file(file, what)
    value = os.environ.get(env, "").strip()
    return value or None


def url_has_password(url: str) -> bool:
    """Whether a database URL carries a password (``user:pw@`` or libpq's ``password=``)."""
    try:
        parts = urlsplit(url)
        has = parts.password is not None
    except ValueError:
        return False
    return has or any(k.lower() == "password" for k, _ in parse_qsl(parts.query))


def database_url(db: str | None, db_file: Path | None) -> str | None:
    """The store's URL: ``--db`` (a path or a URL without a password), else
    ``--database-url-file``, else ``ACCORD_DATABASE_URL``, else None (the default file)."""
    if db is not None and db_file is not None:
        raise UsageProblem("give --db or --database-url-file, not both")
    if db is not None:
        if url_has_password(db):
            raise on_command_line("a database password", DATABASE_ENV, "--database-url-file")
        return db
    return secret("the database URL", DATABASE_ENV, db_file)
