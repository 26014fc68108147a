"""Request limits and the CSRF token.

Who may ask what (the token, accounts, sessions and roles) is :mod:`accord.web.access`.
"""

from __future__ import annotations

import hashlib
import hmac

from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.web.access import session_key

#: Largest request body accepted (uploads included).
MAX_BODY = 2 * 1024 * 1024


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
    session = session_key(conn) or ""
    return hmac.new(key, f"{nonce}\0{session}".encode(), hashlib.sha256).hexdigest()


class Guard:
    """ASGI middleware: the body-size limit (413)."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path: str = scope["path"]
        refusal = self._refusal(headers, path)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, self._limited(receive), send)

    def _refusal(self, headers: Headers, path: str) -> Response | None:
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
