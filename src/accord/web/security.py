"""Access control and request limits.

With a token, every request must carry it: ``Authorization: Bearer TOKEN`` or the session
cookie the login form sets. The cookie holds an HMAC of the token, never the token, and is
HttpOnly and SameSite=Strict, so other sites cannot make a logged-in browser act.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "accord_session"
#: Largest request body accepted (uploads included).
MAX_BODY = 2 * 1024 * 1024
#: Paths reachable without the token: the login form and its stylesheet.
OPEN_PATHS = ("/login", "/static/app.css")


#: The CSRF cookie: a random nonce per browser (see :func:`csrf_token_for`).
CSRF_COOKIE = "accord_csrf"
#: Where a state-changing request sends its CSRF token: this header (htmx, scripts) ...
CSRF_HEADER = "X-CSRF-Token"
#: ... or this form field (plain forms and the multipart upload).
CSRF_FIELD = "csrf_token"
#: The scope keys :class:`accord.web.protect.Protect` fills for every request.
CSRF_KEY_SCOPE = "accord.csrf_key"
CSRF_NONCE_SCOPE = "accord.csrf_nonce"


def csrf_token_for(conn: HTTPConnection) -> str:
    """The CSRF token of the browser making this request: what its pages embed (the
    ``csrf-token`` meta tag, hidden ``csrf_token`` fields) and what its state-changing
    requests must send back.

    An HMAC, under a key random to this server process, of the browser's CSRF-cookie
    nonce and of its session (today the session cookie's value, empty without one). A page
    of another origin can neither read it (the same-origin policy) nor compute it (the
    key). Cookies ignore ports, so a page on another port of the same host can plant a
    nonce cookie with a token its own server fetched for it: logged in, the token binds
    the victim's session, which that server cannot have; without a session the
    Origin/Referer check (:mod:`accord.web.protect`) refuses the request. A session kept on
    the server binds here, by its id.
    """
    key: bytes = conn.scope[CSRF_KEY_SCOPE]
    nonce: str = conn.scope[CSRF_NONCE_SCOPE]
    session = conn.cookies.get(COOKIE, "")
    return hmac.new(key, f"{nonce}\0{session}".encode(), hashlib.sha256).hexdigest()


def session_value(token: str) -> str:
    return hmac.new(token.encode(), b"accord-session", hashlib.sha256).hexdigest()


def authorised(headers: Headers, token: str) -> bool:
    auth = headers.get("authorization", "")
    if auth.startswith("Bearer ") and secrets.compare_digest(auth[7:].encode(), token.encode()):
        return True
    cookies = headers.get("cookie", "")
    want = session_value(token)
    for part in cookies.split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE and secrets.compare_digest(value.encode(), want.encode()):
            return True
    return False


class Guard:
    """ASGI middleware: the body-size limit (413) and, with a token, authentication."""

    def __init__(self, app: ASGIApp, token: str | None, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.token = token
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path: str = scope["path"]
        refusal = self._refusal(headers, path, scope["method"])
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, self._limited(receive), send)

    def _refusal(self, headers: Headers, path: str, method: str) -> Response | None:
        if self.token and path not in OPEN_PATHS and not authorised(headers, self.token):
            if path.startswith("/api/") or path == "/openapi.json" or method != "GET":
                return JSONResponse(
                    {"error": "authentication required: send Authorization: Bearer TOKEN"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
            return RedirectResponse("/login", status_code=303)
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return _too_large(path, self.max_body)
        return None

    def _limited(self, receive: Receive) -> Receive:
        # Chunked bodies carry no length: count them as they arrive.
        seen = 0
        limit = self.max_body

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge()
            return message

        return wrapped


class BodyTooLarge(Exception):
    """A chunked request body went over the limit (answered with 413)."""


def _too_large(path: str, limit: int) -> Response:
    message = f"request too large: the limit is {limit // (1024 * 1024)} MB"
    if path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=413)
    return PlainTextResponse(message, status_code=413)
