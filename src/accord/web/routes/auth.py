"""Signing in and out (a page and a JSON API), one's own password, and managing users.

What a route needs is decided by :mod:`accord.web.access` from its path: the sign-in
routes are public, ``/logout`` and ``/account`` need a session, ``/api/users`` an admin.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from accord.store import ROLES, NotFound, SessionInfo, Store, StoreError, User
from accord.web.access import (
    COOKIE,
    SESSION_LIFETIME,
    Identity,
    identity_of,
    presented_secret,
    set_session_cookie,
)
from accord.web.errors import WebError
from accord.web.limits import LoginLimiter, account_key, address_key
from accord.web.routes.common import render, services

router = APIRouter()


def _store(request: Request) -> Store:
    return services(request).store


def _mode(request: Request) -> str:
    return str(request.app.state.access_mode)


def _limiter(request: Request) -> LoginLimiter:
    return request.app.state.login_limiter


def _me(request: Request) -> Identity:
    who = identity_of(request)
    if who is None:  # Access lets no request without one reach these routes
        raise WebError(401, "sign in first")
    return who


class SignInRefused(Exception):
    """A sign-in refused, with the HTTP status to answer (401 wrong credentials, 409 a server
    without sign-in, 429 too many failures) and, for 429, the seconds to wait.
    """

    def __init__(self, status: int, message: str, retry_after: int = 0) -> None:
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after


def sign_in(request: Request, name: str, password: str, token: str) -> tuple[str, SessionInfo]:
    """Check the credentials of the app's mode, rate limited; a new session's secret and
    the session, or SignInRefused (401 wrong, 429 too many failures, with seconds)."""
    mode = _mode(request)
    if mode == "open":
        raise SignInRefused(409, "this server has no sign-in: every request may do everything")
    account = "token" if mode == "token" else name
    client = request.client.host if request.client else None
    keys = [account_key(account), address_key(client)]
    limiter = _limiter(request)
    wait = limiter.admit(keys)
    if wait:
        raise SignInRefused(
            429,
            f"too many failed sign-ins for this account or from this address: "
            f"try again in {wait} s",
            wait,
        )
    store = _store(request)
    try:
        if mode == "token":
            expected: str = request.app.state.token
            user = None
            ok = secrets.compare_digest(token.encode(), expected.encode())
        else:
            found: User | None = store.accounts.verify(name, password)
            user, ok = (found.name if found else None), found is not None
        if not ok:
            limiter.failed(keys)
            what = "wrong token" if mode == "token" else "wrong user name or password"
            raise SignInRefused(401, what)
        limiter.succeeded(keys[0])
        return store.accounts.start_session(user, request.app.state.session_lifetime)
    finally:
        limiter.done(keys)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


# --- pages ---------------------------------------------------------------------------------
@router.get("/login", include_in_schema=False)
def login_page(request: Request) -> Response:
    """The sign-in form (name and password, or the token in token mode); a server without
    sign-in sends the browser to the scenario list instead.
    """
    if _mode(request) == "open":
        return RedirectResponse("/", status_code=303)
    return render(request, "login.html", error=None, mode=_mode(request))


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
    token: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Sign in from the form: on success a session cookie and a redirect to the scenario list;
    otherwise the form again with why (401 wrong name, password or token; 429 too many
    failures, with ``Retry-After``).
    """
    if _mode(request) == "open":
        return RedirectResponse("/", status_code=303)
    try:
        secret, _ = sign_in(request, name, password, token)
    except SignInRefused as exc:
        page = render(
            request, "login.html", status=exc.status, error=exc.message, mode=_mode(request)
        )
        if exc.retry_after:
            page.headers["Retry-After"] = str(exc.retry_after)
        return page
    response = RedirectResponse("/", status_code=303)
    set_session_cookie(response, secret, secure=_secure(request))
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    """End the session the browser presents, clear its cookie and go to the sign-in form."""
    _end_presented(request)
    response = RedirectResponse("/login" if _mode(request) != "open" else "/", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/account", include_in_schema=False)
def account_page(request: Request) -> Response:
    """The signed-in user's account page: name, role and the form to change one's password."""
    return render(request, "account.html", who=_me(request), error=None, done=False)


@router.post("/account/password", include_in_schema=False)
def account_password_page(
    request: Request,
    current: Annotated[str, Form(max_length=2000)],
    new: Annotated[str, Form(max_length=2000)],
) -> Response:
    """Change one's own password from the account page. Every session of the account ends, this
    one too, so the browser goes to the sign-in form; a wrong current password shows the page
    again with why (401, or 429 after too many failures; 409 on a server without accounts).
    """
    try:
        _change_own_password(request, current, new)
    except WebError as exc:
        return render(
            request, "account.html", status=exc.status, who=_me(request), error=exc.message
        )
    # every session of the user has ended, this one too: sign in with the new password
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/users", include_in_schema=False)
def users_page(request: Request) -> Response:
    """The list of users, their roles and the forms to add, change and remove them (admins)."""
    return _users(request)


def _users(request: Request, status: int = 200, error: str = "", done: str = "") -> Response:
    users = _store(request).accounts.users()
    return render(
        request, "users.html", status=status, users=users, roles=ROLES, error=error, done=done
    )


def _user_change(request: Request, change: Callable[[], object], done: str) -> Response:
    try:
        change()
    except StoreError as exc:  # NotFound included: said on the page, with the list
        return _users(request, 404 if isinstance(exc, NotFound) else 400, error=str(exc))
    return _users(request, done=done)


@router.post("/users", include_in_schema=False)
def add_user_page(
    request: Request,
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=2000)],
    role: Annotated[str, Form(max_length=20)] = "viewer",
) -> Response:
    """Add a user from the users page; the page again, saying so, or with why not (400: name
    taken or not valid, password too short, unknown role).
    """
    accounts = _store(request).accounts
    return _user_change(request, lambda: accounts.add(name, password, role), f"added {name}")


@router.post("/users/{name}/role", include_in_schema=False)
def user_role_page(
    request: Request, name: str, role: Annotated[str, Form(max_length=20)]
) -> Response:
    """Give a user another role from the users page (404 unknown user; 400 unknown role, or the
    last admin made a non-admin).
    """
    accounts = _store(request).accounts
    return _user_change(request, lambda: accounts.set_role(name, role), f"{name} is now {role}")


@router.post("/users/{name}/password", include_in_schema=False)
def user_password_page(
    request: Request, name: str, password: Annotated[str, Form(max_length=2000)]
) -> Response:
    """Set a user's password from the users page (an admin's reset); the user's sessions end
    (404 unknown user; 400 a password that is not valid).
    """
    accounts = _store(request).accounts
    done = f"password of {name} set; their sessions ended"
    return _user_change(request, lambda: accounts.set_password(name, password), done)


@router.post("/users/{name}/remove", include_in_schema=False)
def remove_user_page(request: Request, name: str) -> Response:
    """Remove a user and end their sessions, from the users page (404 unknown user; 400 the last
    admin while other users remain).
    """
    accounts = _store(request).accounts
    return _user_change(request, lambda: accounts.remove(name), f"removed {name}")


def _end_presented(request: Request) -> None:
    secret = presented_secret(request.headers)
    if secret and _mode(request) != "open":
        _store(request).accounts.end_session(secret)


def _change_own_password(request: Request, current: str, new: str) -> None:
    who = _me(request)
    if who.name is None:
        raise WebError(409, "only accounts have passwords; this server has no accounts")
    try:
        secret, _ = sign_in(request, who.name, current, "")
    except SignInRefused as exc:
        raise WebError(exc.status, f"the current password is not right ({exc.message})") from None
    _store(request).accounts.end_session(secret)
    _store(request).accounts.set_password(who.name, new)


# --- API -----------------------------------------------------------------------------------
class SignIn(BaseModel):
    """The body of ``POST /api/login``: ``name`` and ``password`` with accounts, ``token`` in
    token mode.
    """

    name: str = ""
    password: str = ""
    token: str = ""


class NewPassword(BaseModel):
    """The body of ``POST /api/account/password``: the current password and the new one."""

    current: str
    new: str


class NewUser(BaseModel):
    """The body of ``POST /api/users``: the new user's name, password and role (viewer unless
    given).
    """

    name: str
    password: str
    role: str = "viewer"


class RoleChange(BaseModel):
    """The body of ``POST /api/users/{name}/role``: the new role (viewer, editor or admin)."""

    role: str


class PasswordSet(BaseModel):
    """The body of ``POST /api/users/{name}/password``: the new password."""

    password: str


def _user(u: User) -> dict[str, Any]:
    return {
        "name": u.name,
        "role": u.role,
        "created": u.created.isoformat(),
        "password_changed": u.password_changed.isoformat(),
    }


@router.post("/api/login", tags=["accounts"])
def api_login(request: Request, body: SignIn) -> Response:
    """Sign in (accounts: ``name`` and ``password``; token mode: ``token``); the answer's
    ``session`` is the secret to send as ``Authorization: Bearer SESSION``."""
    try:
        secret, info = sign_in(request, body.name, body.password, body.token)
    except SignInRefused as exc:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        extra = {"retry_after": exc.retry_after} if exc.retry_after else {}
        return JSONResponse({"error": exc.message, **extra}, exc.status, headers=headers)
    return JSONResponse(
        {
            "session": secret,
            "expires": info.expires.isoformat(),
            "user": info.user.name if info.user else None,
            "role": info.user.role if info.user else "admin",
        }
    )


@router.post("/api/logout", tags=["accounts"])
def api_logout(request: Request) -> dict[str, bool]:
    """Sign out: the session sent (bearer or cookie) ends at once, in every server process.
    Returns ``{"signed_out": true}``. 401 without a session.
    """
    _end_presented(request)
    return {"signed_out": True}


@router.get("/api/account", tags=["accounts"])
def api_account(request: Request) -> dict[str, Any]:
    """Who the request is from: the sign-in ``mode`` (open, token or accounts), ``user`` (None
    outside accounts), ``role``, when the session ``expires`` and the
    ``session_lifetime_hours`` of a new one. 401 without a session.
    """
    who = _me(request)
    session = who.session
    return {
        "mode": who.mode,
        "user": who.name,
        "role": who.role,
        "expires": session.expires.isoformat() if session else None,
        "session_lifetime_hours": SESSION_LIFETIME.total_seconds() / 3600,
    }


@router.post("/api/account/password", tags=["accounts"])
def api_account_password(request: Request, body: NewPassword) -> dict[str, bool]:
    """Change one's own password; every session of the account ends (sign in again)."""
    _change_own_password(request, body.current, body.new)
    return {"changed": True}


@router.get("/api/users", tags=["accounts"])
def api_users(request: Request) -> list[dict[str, Any]]:
    """Every user: ``name``, ``role``, when the account was ``created`` and its
    ``password_changed`` (ISO 8601, UTC). Password hashes are never sent. Admins only (401
    without a session, 403 for other roles).
    """
    return [_user(u) for u in _store(request).accounts.users()]


@router.post("/api/users", tags=["accounts"], status_code=201)
def api_add_user(request: Request, body: NewUser) -> dict[str, Any]:
    """Add a user; 201 with the user as :func:`api_users` lists it. 400 when the name is taken
    or not valid (1 to 64 letters, digits or ``. _ @ -``), the password is too short (fewer
    than 8 characters) or is the name, or the role is unknown. Admins only (401, 403).
    """
    return _user(_store(request).accounts.add(body.name, body.password, body.role))


@router.delete("/api/users/{name}", tags=["accounts"])
def api_remove_user(request: Request, name: str) -> dict[str, bool]:
    """Remove a user and end their sessions; ``{"removed": true}``. 404 for an unknown user, 400
    for the last admin while other users remain. Admins only (401, 403).
    """
    _store(request).accounts.remove(name)
    return {"removed": True}


@router.post("/api/users/{name}/role", tags=["accounts"])
def api_user_role(request: Request, name: str, body: RoleChange) -> dict[str, Any]:
    """Give a user another role; the user as changed. 404 for an unknown user; 400 for an
    unknown role or making the last admin a non-admin. Admins only (401, 403).
    """
    return _user(_store(request).accounts.set_role(name, body.role))


@router.post("/api/users/{name}/password", tags=["accounts"])
def api_user_password(request: Request, name: str, body: PasswordSet) -> dict[str, int]:
    """Set a user's password (an admin's reset); the user's sessions end."""
    return {"sessions_ended": _store(request).accounts.set_password(name, body.password)}
