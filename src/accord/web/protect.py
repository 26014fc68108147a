"""Forgery, rebinding and framing: the checks every request passes before the app sees it.

:class:`Protect` is the outermost ASGI middleware of ``accord serve``:

1. **Host allow-list.** The ``Host`` header must name this server by an allowed name: the
   loopback names (``127.0.0.1``, ``localhost``, ``::1``) and those given with
   ``accord serve --allowed-host``. Anything else is a 400. A DNS-rebinding page
   (``evil.example`` re-pointed at 127.0.0.1) reaches the server under its own name and is
   refused here, reads included. The port is not part of this check: a name is what
   rebinding cannot fake, and a tunnel (``ssh -L``) may move the port.
2. **Same origin for every state change** (POST, PUT, PATCH, DELETE). A browser says where
   a request comes from (``Origin``, else ``Referer``); it must be the very host and port
   the request was sent to. Another port of the same host is another origin (a page on
   ``localhost:9999`` cannot post to ``127.0.0.1:8000`` or ``localhost:8000``), although
   it is the same *site* for SameSite cookies. A request without either header is not from
   a browser page (or its browser hides both); the token rule below still holds for it.
3. **CSRF token** (:func:`accord.web.security.csrf_token_for`) on every state change, in
   the ``X-CSRF-Token`` header (htmx sends it from the page's ``csrf-token`` meta tag) or
   the ``csrf_token`` form field (plain forms, the multipart upload). Two kinds of request
   are exempt, because no page of another origin can send them without first asking this
   server in a CORS preflight, which it never grants: a JSON body
   (``Content-Type: application/json``) and a request with an ``Authorization`` header.
   A form, multipart or text body, or one with no content type, needs the token.
4. **Body size.** Every state-changing body is read here, to its end or the 2 MB limit:
   over it is a 413, whether the length was declared or the body came in chunks.
5. **Security headers** on every response: a Content-Security-Policy allowing scripts,
   styles, images and connections from this origin only (no inline script; inline
   *styles* are allowed, as Plotly and the progress bars set them), no framing
   (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``), ``Referrer-Policy:
   same-origin``, ``X-Content-Type-Options: nosniff``, and cross-origin isolation of
   windows and resources.

The CSRF cookie (``accord_csrf``, a random nonce, HttpOnly, SameSite=Strict) is set on
the first response to a browser without one. The key of the HMAC is random per app: after
a restart, pages opened before it must be reloaded (their forms answer 403 saying so).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from email.message import Message as MimeMessage
from urllib.parse import parse_qsl, urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    CSRF_KEY_SCOPE,
    CSRF_NONCE_SCOPE,
    MAX_BODY,
    csrf_token_for,
)

#: Names every server answers to: the loopback addresses and localhost.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
#: Methods that change state; they need the same origin and the CSRF token.
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
_NONCE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
#: What a refused request is told, by reason.
RELOAD = (
    "the form's security token is missing or out of date (a page opened before the "
    "server restarted, or before signing in): reload the page and try again"
)


def host_name(name: str) -> str:
    """``name`` as the allow-list keeps it: lower case, without brackets or a port; a
    ValueError saying what is wrong otherwise (``accord serve --allowed-host`` shows it)."""
    text = name.strip().lower()
    bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    if not bare or not re.fullmatch(r"[a-z0-9.\-:_]+", bare):
        raise ValueError(f"'{name}' is not a host name or address")
    if ":" in bare and not re.fullmatch(r"[0-9a-f:.]+", bare):
        raise ValueError(f"'{name}' has a port or a colon; give the name alone, e.g. example.org")
    return bare


def _netloc(text: str, scheme: str = "http") -> tuple[str, int | None] | None:
    """(host, port) of a ``Host`` header value or of a URL's authority; None if invalid.
    A default port (80 for http, 443 for https) is None, as browsers leave it out."""
    try:
        parts = urlsplit(text if "://" in text else f"{scheme}://{text}")
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host:
        return None
    if port == _DEFAULT_PORTS.get(parts.scheme):
        port = None
    return host.lower(), port


class Protect:
    """ASGI middleware: the host allow-list, the origin and CSRF checks of state changes,
    the body limit and the security headers (see the module doc)."""

    def __init__(
        self, app: ASGIApp, allowed_hosts: Iterable[str] = (), max_body: int = MAX_BODY
    ) -> None:
        self.app = app
        self.hosts = frozenset(LOOPBACK_HOSTS) | {host_name(h) for h in allowed_hosts}
        self.max_body = max_body
        self.key = secrets.token_bytes(32)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        nonce = HTTPConnection(scope).cookies.get(CSRF_COOKIE, "")
        fresh = not _NONCE.match(nonce)
        if fresh:
            nonce = secrets.token_urlsafe(32)
        scope[CSRF_KEY_SCOPE] = self.key
        scope[CSRF_NONCE_SCOPE] = nonce
        send = self._dressed(send, nonce if fresh else None)

        host = _netloc(headers.get("host", ""))
        if host is None or host[0] not in self.hosts:
            names = ", ".join(sorted(self.hosts))
            await _refuse(
                scope,
                400,
                f"refused: this server does not answer to the host "
                f"'{headers.get('host', '')}' (allowed: {names}; add one with "
                "accord serve --allowed-host NAME)",
            )(scope, receive, send)
            return
        if scope["method"] not in UNSAFE:
            await self.app(scope, receive, send)
            return
        refusal = self._cross_origin(headers, host)
        if refusal is None:
            body = await self._body(headers, receive)
            if body is None:
                limit = self.max_body // (1024 * 1024)
                refusal = (413, f"request too large: the limit is {limit} MB")
            else:
                receive = _replay(body, receive)
                if not await self._token_ok(scope, headers, body):
                    refusal = (403, f"refused: {RELOAD}")
        if refusal is not None:
            await _refuse(scope, *refusal)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _cross_origin(
        self, headers: Headers, host: tuple[str, int | None]
    ) -> tuple[int, str] | None:
        said = headers.get("origin")
        if said is None:
            said = headers.get("referer")
            if said is None:
                return None  # not a browser page: the token rule still applies
        origin = _netloc(said) if "://" in said else None
        if origin != host:
            return (
                403,
                f"refused: a change from another origin ({said.split('?')[0][:100]}); "
                "only this server's own pages can change data",
            )
        return None

    async def _body(self, headers: Headers, receive: Receive) -> bytes | None:
        """The whole body, or None past the limit (declared or counted)."""
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return None
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away: what came is all there is
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    async def _token_ok(self, scope: Scope, headers: Headers, body: bytes) -> bool:
        kind = _content_type(headers.get("content-type"))
        if kind in ("application/json",) or kind.endswith("+json"):
            return True  # a preflight would be needed from another origin
        if "authorization" in headers:
            return True  # likewise: a page cannot add it without a preflight
        want = csrf_token_for(HTTPConnection(scope))
        given = headers.get(CSRF_HEADER)
        if given is None:
            given = await _form_token(scope, kind, body)
        return given is not None and secrets.compare_digest(given.encode(), want.encode())

    def _dressed(self, send: Send, new_nonce: str | None) -> Send:
        async def dressed(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name not in out:
                        out[name] = value
                if new_nonce is not None:
                    out.append(
                        "set-cookie",
                        f"{CSRF_COOKIE}={new_nonce}; Path=/; HttpOnly; SameSite=Strict",
                    )
            await send(message)

        return dressed


def _content_type(value: str | None) -> str:
    if not value:
        return ""
    parsed = MimeMessage()
    parsed["content-type"] = value
    return parsed.get_content_type().lower()


async def _form_token(scope: Scope, kind: str, body: bytes) -> str | None:
    """The ``csrf_token`` field of a form or multipart body; None if it has none."""
    if kind == "application/x-www-form-urlencoded":
        for name, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True):
            if name == CSRF_FIELD:
                return value
        return None
    if kind != "multipart/form-data":
        return None
    request = Request(scope, _replay(body, _never))
    try:
        form = await request.form()
    except Exception:  # an unreadable multipart body carries no token to check
        return None
    try:
        field = form.get(CSRF_FIELD)
        return field if isinstance(field, str) else None
    finally:
        await form.close()


async def _never() -> Message:
    return {"type": "http.disconnect"}


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives ``body`` once, then what the client sends next."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _refuse(scope: Scope, status: int, message: str) -> Response:
    path: str = scope["path"]
    if path.startswith("/api/") or path == "/openapi.json":
        return JSONResponse({"error": message}, status_code=status)
    if Headers(scope=scope).get("hx-request"):
        # a fragment htmx shows where the answer would have gone (static/app.js)
        from html import escape

        return HTMLResponse(f"<p class='error'>{escape(message)}</p>", status_code=status)
    return PlainTextResponse(message, status_code=status)
