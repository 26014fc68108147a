"""``accord users``: the accounts of ``accord serve`` (add, list, remove, passwd, role).

Accounts live in the store (:class:`accord.store.accounts.Accounts`), so these commands
take the server's ``--db`` (or ``--database-url-file`` / ``ACCORD_DATABASE_URL``). A
password is never an argument: it is typed at a prompt (twice), or read from
``ACCORD_PASSWORD`` or ``--password-file FILE`` (``-``: the first line of standard input).
Changes take effect at once in a running server: a password change or removal ends the
user's sessions, a role change applies to the next request.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.table import Table

from accord.cli.common import UsageProblem, emit_json, out
from accord.cli.options import JsonOpt
from accord.cli.secrets import PASSWORD_ENV, database_url, secret

if TYPE_CHECKING:
    from collections.abc import Callable

    from accord.store.accounts import Accounts

T = TypeVar("T")

users_app = typer.Typer(
    help="Manage the accounts of accord serve: add, list, remove, passwd, role.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="the server's database: a path or a URL without a password "
        "(default: SQLite in the user data dir)",
    ),
]
DbFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--database-url-file",
        metavar="FILE",
        help="read the database URL (with its password) from FILE; or set ACCORD_DATABASE_URL",
    ),
]
PasswordFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--password-file",
        metavar="FILE",
        help=f"read the password from FILE's first line ('-': standard input); or set "
        f"{PASSWORD_ENV}; else it is asked for",
    ),
]
ROLE_HELP = "viewer (reads), editor (also changes scenarios, runs forecasts), admin (also users)"


@users_app.callback()
def users_root() -> None:
    """Manage the accounts of accord serve: add, list, remove, passwd, role."""


def _accounts(db: str | None, db_file: Path | None) -> Accounts:
    from accord.store import Store, StoreError

    try:
        return Store(database_url(db, db_file)).accounts
    except StoreError as exc:
        raise UsageProblem(str(exc)) from None


def _password(file: Path | None, name: str) -> str:
    if file is not None and str(file) == "-":
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UsageProblem("no password on standard input (--password-file -)")
        return line
    given = secret("the password", PASSWORD_ENV, file)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UsageProblem(
            f"no password for '{name}': type it at a prompt (run in a terminal), set "
            f"{PASSWORD_ENV}, or give --password-file FILE"
        )
    import getpass

    first = getpass.getpass(f"password for {name}: ")
    if getpass.getpass("again: ") != first:
        raise UsageProblem("the two passwords differ; nothing was changed")
    return first


def _run(action: Callable[[], T]) -> T:
    from accord.store import StoreError

    try:
        return action()
    except StoreError as exc:
        raise UsageProblem(str(exc)) from None


@users_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="the user name (letters, digits, . _ @ -)")],
    role: Annotated[str, typer.Option(help=ROLE_HELP)] = "viewer",
    password_file: PasswordFileOpt = None,
    db: DbOpt = None,
    database_url_file: DbFileOpt = None,
) -> None:
    """Add a user with a role; the password is asked for (or read from the environment or a
    file)."""
    accounts = _accounts(db, database_url_file)
    from accord.store.accounts import check_name, check_role

    _run(lambda: (check_name(name), check_role(role)))  # before asking for a password
    password = _password(password_file, name)
    user = _run(lambda: accounts.add(name, password, role))
    out.print(f"added {user.name} ({user.role})", highlight=False)


@users_app.command("list")
def list_command(
    db: DbOpt = None, database_url_file: DbFileOpt = None, json: JsonOpt = False
) -> None:
    """List the users with their roles and when their passwords were set."""
    users = _run(lambda: _accounts(db, database_url_file).users())
    if json:
        emit_json(
            [
                {
                    "name": u.name,
                    "role": u.role,
                    "created": u.created.isoformat(),
                    "password_changed": u.password_changed.isoformat(),
                }
                for u in users
            ]
        )
        return
    if not users:
        out.print("no users: accord serve runs without accounts (add one with accord users add)")
        return
    table = Table("user", "role", "created", "password set")
    for u in users:
        table.add_row(
            u.name,
            u.role,
            u.created.strftime("%Y-%m-%d %H:%M"),
            u.password_changed.strftime("%Y-%m-%d %H:%M"),
        )
    out.print(table)


@users_app.command("remove")
def remove_command(
    name: Annotated[str, typer.Argument(help="the user to remove")],
    db: DbOpt = None,
    database_url_file: DbFileOpt = None,
) -> None:
    """Remove a user and end their sessions (what they saved keeps their name)."""
    accounts = _accounts(db, database_url_file)
    _run(lambda: accounts.remove(name))
    out.print(f"removed {name}", highlight=False)


@users_app.command("passwd")
def passwd_command(
    name: Annotated[str, typer.Argument(help="the user whose password to set")],
    password_file: PasswordFileOpt = None,
    db: DbOpt = None,
    database_url_file: DbFileOpt = None,
) -> None:
    """Set a user's password; every session of the user ends (they sign in again)."""
    accounts = _accounts(db, database_url_file)
    _run(lambda: accounts.user(name))  # an unknown name before asking for a password
    password = _password(password_file, name)
    ended = _run(lambda: accounts.set_password(name, password))
    out.print(f"password of {name} changed; {ended} session(s) ended", highlight=False)


@users_app.command("role")
def role_command(
    name: Annotated[str, typer.Argument(help="the user")],
    role: Annotated[str, typer.Argument(help=ROLE_HELP)],
    db: DbOpt = None,
    database_url_file: DbFileOpt = None,
) -> None:
    """Change a user's role (it applies to their next request)."""
    accounts = _accounts(db, database_url_file)
    user = _run(lambda: accounts.set_role(name, role))
    out.print(f"{user.name} is now {user.role}", highlight=False)
