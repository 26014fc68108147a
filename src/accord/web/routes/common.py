"""What every router needs: the services, rendering, the author of a change."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from typing import Any

import anyio
from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from accord.web.access import identity_of
from accord.web.errors import WebError
from accord.web.services import Services

AUTHOR_COOKIE = "accord_author"
#: Threads that wait for a result computed for the first time (the overview, the futures:
#: seconds each). They are kept apart from the request workers (few, see
#: ``accord.web.app.WORKER_THREADS``), so a handful of pages waiting for a new version's
#: analyses does not hold up every other request meanwhile.
WAITING_THREADS = 32
MAX_TEXT = 200  # authors and notes: one line each


def services(request: Request) -> Services:
    """The app's :class:`Services` (store, caches, runner), made once when the app is created."""
    return request.app.state.services


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """The page ``name`` (a template of ``web/templates``) rendered with ``context``, with
    ``status``.
    """
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status)


async def computed(request: Request, key: Hashable, compute: Callable[[], object]) -> None:
    """Have the app's cache hold ``compute()`` under ``key``, computing it (or waiting for
    the request computing it) in a thread of the waiting pool when it is not there yet; a
    handler then reads it from the cache at once."""
    cache = services(request).cache
    if cache.ready(key):
        return
    state = request.app.state
    limiter = getattr(state, "waiting", None)
    if limiter is None:  # made on the event loop, on first use
        limiter = state.waiting = anyio.CapacityLimiter(WAITING_THREADS)
    await anyio.to_thread.run_sync(cache.get, key, compute, limiter=limiter)


def json_once(request: Request, key: Hashable, make: Callable[[], object]) -> Response:
    """The JSON answer ``make()`` gives, encoded once per ``key`` (which names the scenario
    and the version: versions never change, so it never goes stale). Encoding a scorecard
    through FastAPI's generic encoder took a millisecond of every request; the bytes are
    those FastAPI would send (its JSONResponse)."""
    body = services(request).cache.get(key, lambda: JSONResponse(make()).body)
    return Response(body, media_type="application/json")


def author_of(request: Request, given: str | None) -> str:
    """The signed-in account's name (with accounts, whatever a form or cookie says); else
    the author a form gave, else the one remembered in the cookie, else 'anonymous'."""
    who = identity_of(request)
    if who is not None and who.name is not None:
        return who.name
    name = (given or request.cookies.get(AUTHOR_COOKIE) or "").strip()
    return clean_line(name, "author") or "anonymous"


def clean_line(text: str | None, what: str) -> str:
    r"""A one-line text of a form (an author, a note), stripped, with line breaks and tabs made
    spaces (so it reads as one line in lists and logs).

    Args:
        text: The field as sent (None: not sent).
        what: How the error names the field.

    Raises:
        WebError: 400 when it is longer than ``MAX_TEXT`` characters.

    Example:
        >>> clean_line(" new ZOPA\r\nafter the talks ", "note")
        'new ZOPA after the talks'
    """
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise WebError(400, f"{what} is too long: at most {MAX_TEXT} characters")
    return re.sub(r"[\r\n\t]+", " ", text)


def remember_author(response: Response, author: str) -> Response:
    """Remember a named author in a cookie for a year, so the next form comes filled in (not
    "anonymous", which is what an empty field means anyway); ``response``, for chaining.
    """
    if author and author != "anonymous":
        response.set_cookie(AUTHOR_COOKIE, author, max_age=365 * 86400, samesite="strict")
    return response


def latest(request: Request, sid: str) -> int:
    """The number of the scenario's latest version.

    Raises:
        NotFound: no scenario ``sid`` (a 404 answer).
    """
    # the number alone (every page asks, and the text is hundreds of kilobytes), kept while
    # the database is unchanged (accord.web.fresh)
    return services(request).fresh.version_number(sid)


def version_or_latest(request: Request, sid: str, v: int | None) -> int:
    """``v`` if scenario ``sid`` has that version, the latest version's number when ``v`` is
    None (a ``?version=`` parameter left out).

    Raises:
        NotFound: no such scenario or version (a 404 answer).
    """
    if v is None:
        return latest(request, sid)
    services(request).fresh.version_number(sid, v)  # NotFound if there is no such version
    return v


def page_version(request: Request, sid: str, version: int | None) -> dict[str, Any]:
    """The version a page shows (``?version=N``, else the latest) and the latest's number,
    for the header's "viewing version N of M" line; NotFound (a 404 page) if there is no
    version N."""
    newest = latest(request, sid)
    number = newest if version is None else version_or_latest(request, sid, version)
    return {"number": number, "latest_number": newest, "old_version": number != newest}


def requester(request: Request) -> str:
    """Who a usage limit (runs under way) counts against: the client's address. (Per user
    once requests carry one; behind a proxy every client shares the proxy's address.)"""
    return request.client.host if request.client else ""
