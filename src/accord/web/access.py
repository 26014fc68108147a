"""Who is asking, and may they: sign-in modes, sessions and roles on every route.

Three modes, fixed when the app is made (:func:`accord.web.app.create_app`):

- ``open``: no sign-in (one person on their own machine, listening on loopback only);
  every request may do everything.
- ``token``: one secret token, for one person. ``Authorization: Bearer TOKEN``, or a
  session the ``/login`` form starts; the holder may do everything.
- ``accounts``: users with passwords and roles in the store (``accord users``). A client
  signs in at ``/login`` (a page) or ``/api/login`` (JSON) and holds a session: the
  cookie :data:`COOKIE` or ``Authorization: Bearer SECRET``.

Sessions are random and kept server-side (:class:`accord.store.accounts.Accounts`):
signing out, a password change or removing the user ends them at once, and each expires
after :data:`SESSION_LIFETIME`. The cookie is HttpOnly and SameSite=Strict (Secure too when
the request came over HTTPS).

Roles: a viewer reads, an editor also changes scenarios and runs analyses, an admin also
manages users. The role a request needs follows from its method and path alone
(:func:`required_role`), so a new route is covered the day it is added: reads (GET, HEAD)
need a viewer, every other method an editor, anything under ``/api/users`` or ``/users``
an admin; signing in and out and changing one's own password need only a session. A
request with too small a role gets 403 naming the role it needs.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

import anyio
from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from accord.store import ROLES, SessionInfo, Store
from accord.store.accounts import session_key as _hashed
from accord.web.fresh import Fresh

Mode = Literal["open", "token", "accounts"]
MODES: tuple[Mode, ...] = ("open", "token", "accounts")

COOKIE = "accord_session"
#: How long a session lasts from sign-in (then the user signs in again).
SESSION_LIFETIME = timedelta(hours=12)
#: Reachable without signing in: the sign-in form and API, and the form's stylesheet.
PUBLIC_PATHS = ("/login", "/api/login", "/static/app.css")
#: Open to any signed-in user, whatever the method: signing out, one's own password.
SELF_PATHS = ("/logout", "/api/logout", "/account", "/account/password", "/api/account/password")
#: Paths (and everything below them) only admins reach: managing users.
ADMIN_PATHS = ("/users", "/api/users")
READ_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Identity:
    """Who a request is from. ``name``: the account (None in the open and token modes);
    ``role``: what it may do; ``session``: the server-side session it came with, if any."""

    mode: Mode
    role: str
    name: str | None = None
    session: SessionInfo | None = None

    @property
    def label(self) -> str:
        """How pages name the requester."""
        return self.name or ("the token holder" if self.mode == "token" else "local user")


def rank(role: str | None) -> int:
    """0 for no role, then 1, 2, 3 for viewer, editor, admin."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def required_role(method: str, path: str) -> str | None:
    """The least role a request needs (None: none, anyone may ask)."""
    if path in PUBLIC_PATHS:
        return None
    if path in SELF_PATHS:
        return ROLES[0]
    if any(path == p or path.startswith(p + "/") for p in ADMIN_PATHS):
        return "admin"
    return ROLES[0] if method.upper() in READ_METHODS else "editor"


def identity_of(conn: HTTPConnection) -> Identity | None:
    """The identity :class:`Access` found for this request (None before it ran)."""
    found = conn.scope.get("state", {}).get("identity")
    return found if isinstance(found, Identity) else None


def session_key(conn: HTTPConnection) -> str | None:
    """A stable key of the request's server-side session (the store's SHA-256 of its
    secret), to bind other tokens to, e.g. a form's CSRF token; None without a session.

    After :class:`Access` ran it is the checked session's; before (an outer middleware),
    it is derived from the cookie or bearer secret as sent, checked or not: a token bound
    to a forged key fails anyway once the session is checked.
    """
    who = identity_of(conn)
    if who is not None:
        return who.session.key if who.session is not None else None
    secret = presented_secret(conn.headers)
    return _hashed(secret) if secret else None


def presented_secret(headers: Headers) -> str | None:
    """The session secret a request carries: the bearer value, else the session cookie."""
    auth = headers.get("authorization", "")
    if auth.startswith("Bearer ") and auth[7:].strip():
        return auth[7:].strip()
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE and value:
            return value
    return None


def set_session_cookie(response: Response, secret: str, *, secure: bool) -> None:
    """Give the client its session's secret as the ``accord_session`` cookie.

    The cookie lives as long as a session (``SESSION_LIFETIME``), is out of reach of page
    scripts (``HttpOnly``: a script injected into a page cannot read it) and is not sent with
    requests started by other sites (``SameSite=Strict``).

    Args:
        response: The response that signs the client in.
        secret: The secret from :meth:`Accounts.start_session`; the store keeps only its hash.
        secure: Send the cookie over HTTPS only (on when the server is reached by HTTPS).
    """
    response.set_cookie(
        COOKIE,
        secret,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=secure,
    )


class Access:
    """ASGI middleware: finds the request's :class:`Identity` (401 without one where one
    is needed), checks its role against :func:`required_role` (403), and leaves the
    identity in ``request.state.identity`` for the handlers."""

    def __init__(
        self,
        app: ASGIApp,
        store: Store,
        mode: Mode,
        token: str | None = None,
        fresh: Fresh | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown access mode {mode!r}; modes: {', '.join(MODES)}")
        if (mode == "token") != bool(token):
            raise ValueError("a token is given exactly in the token mode")
        self.app = app
        self.store = store
        self.mode: Mode = mode
        self.token = token
        #: the session check, kept while the database is unchanged (see accord.web.fresh)
        self.fresh = fresh or Fresh(store)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        path, method = scope["path"], scope["method"]
        need = required_role(method, path)
        # The session lookup is a database query: in a worker thread, so the event loop
        # goes on reading and answering other requests while it waits (on the loop, every
        # request of every client queued behind each lookup). A session kept unchanged
        # since (accord.web.fresh) is answered here at once, without the thread's round trip.
        who = (
            self.identify(conn.headers)
            if self._answered_at_once(conn.headers)
            else await anyio.to_thread.run_sync(self.identify, conn.headers)
        )
        scope.setdefault("state", {})["identity"] = who
        if need is not None:
            refusal = self._refusal(who, need, path, method)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _answered_at_once(self, headers: Headers) -> bool:
        """Whether :meth:`identify` needs no database query (rarely it still makes one: the
        database changed between the two looks; the answer is right, only slower)."""
        if self.mode == "open":
            return True
        secret = presented_secret(headers)
        if not secret:
            return True
        if self.token is not None and secrets.compare_digest(secret.encode(), self.token.encode()):
            return True
        return self.fresh.kept(("session", _hashed(secret)))

    def identify(self, headers: Headers) -> Identity | None:
        """The identity the request's credentials prove (None: none)."""
        if self.mode == "open":
            return Identity("open", "admin")
        secret = presented_secret(headers)
        if not secret:
            return None
        if self.mode == "token":
            assert self.token is not None
            if secrets.compare_digest(secret.encode(), self.token.encode()):
                return Identity("token", "admin")
        # A database lookup unless the database is unchanged since the last one: a session
        # ended by another process (accord users passwd) is refused at once.
        session = self.fresh.session(secret)
        if session is None:
            return None
        if self.mode == "token":
            return Identity("token", "admin", session=session) if session.user is None else None
        if session.user is None:  # a token-mode session is worth nothing with accounts
            return None
        return Identity("accounts", session.user.role, session.user.name, session)

    def _refusal(self, who: Identity | None, need: str, path: str, method: str) -> Response | None:
        api = path.startswith("/api/") or path == "/openapi.json"
        if who is None:
            if api or method not in READ_METHODS:
                how = (
                    "send Authorization: Bearer TOKEN"
                    if self.mode == "token"
                    else "sign in at POST /api/login, then send Authorization: Bearer SESSION"
                )
                return JSONResponse(
                    {"error": f"authentication required: {how}"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
            return RedirectResponse("/login", status_code=303)
        if rank(who.role) >= rank(need):
            return None
        message = f"this needs the {need} role; {who.label} is {_article(who.role)} {who.role}"
        if who.mode == "accounts":
            message += ": ask an admin to change your role"
        if api:
            return JSONResponse(
                {"error": message, "role_needed": need, "role": who.role}, status_code=403
            )
        # pages: the plain error page's words, without its template (no request state here)
        from html import escape

        body = (
            "<!doctype html><meta charset='utf-8'><title>Error 403 · accord</title>"
            "<link rel='stylesheet' href='/static/app.css'><main><h1>Error 403</h1>"
            f"<p class='error'>{escape(message)}</p><p><a href='/'>Back to the scenarios</a></p>"
            "</main>"
        )
        return Response(body, status_code=403, media_type="text/html; charset=utf-8")


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
