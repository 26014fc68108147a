"""Stop work nobody waits for: a page closed while its analysis runs.

:class:`WatchDisconnect` (an ASGI middleware, innermost) gives every GET request a
``threading.Event`` in :data:`CLIENT_GONE`, set when the client disconnects before the answer
is sent. The request's handler runs in a worker thread, which sees the same context, so the
result cache (:class:`accord.web.cache.ResultCache`) finds the event there and passes it on as
the cancel token of the Pareto frontiers it computes (:func:`accord.analysis.pareto.
frontier_options`): a many-party frontier, the one long computation behind a page, stops at its
next merge step once every request waiting for it has gone.

Only GET and HEAD are watched: they carry no body, so this middleware can take the request's
messages itself and hand the app the one it expects, and a state change (a POST) is never cut
short.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The current request's "client has gone" event (None outside a watched request).
CLIENT_GONE: contextvars.ContextVar[threading.Event | None] = contextvars.ContextVar(
    "accord_client_gone", default=None
)


class WatchDisconnect:
    """Set :data:`CLIENT_GONE` when a GET's client disconnects before its answer is sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        gone = threading.Event()
        request_messages: asyncio.Queue[Message] = asyncio.Queue()
        disconnected = asyncio.Event()

        async def watch() -> None:
            # The server's receive() gives the (empty) body, then blocks until the client
            # goes; reading it here is what notices the disconnect while the app works.
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    gone.set()
                    disconnected.set()
                    return
                await request_messages.put(message)

        async def app_receive() -> Message:
            if not request_messages.empty():
                return request_messages.get_nowait()
            got = asyncio.ensure_future(request_messages.get())
            lost = asyncio.ensure_future(disconnected.wait())
            done, _ = await asyncio.wait({got, lost}, return_when=asyncio.FIRST_COMPLETED)
            if got in done:
                lost.cancel()
                return got.result()
            got.cancel()
            return {"type": "http.disconnect"}

        token = CLIENT_GONE.set(gone)
        watcher = asyncio.ensure_future(watch())
        try:
            await self.app(scope, app_receive, send)
        finally:
            CLIENT_GONE.reset(token)
            watcher.cancel()
