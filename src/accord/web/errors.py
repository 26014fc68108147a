"""Errors as users see them: one plain message, never a traceback.

API paths (``/api/...``) get ``{"error": message}`` JSON (and ``problems`` for invalid
scenarios); pages get a small HTML page. Unexpected exceptions are logged server-side and
shown as a plain 500 message.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from accord.analysis.frontier_cost import Cancelled
from accord.store import EditConflict, InvalidScenario, NotFound, StoreError

log = logging.getLogger("accord.web")


class WebError(Exception):
    """A request the app refuses, with its HTTP status and a message for the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def problem_list(problems: list[Any]) -> list[dict[str, Any]]:
    """A scenario's problems as JSON-ready dicts, the ``problems`` of a 422 answer: each with
    its path in the document (``stances[3].salience``), line, column, message and severity.

    Example:
        >>> from accord.model.problems import Problem
        >>> [p] = problem_list([Problem(("actors", 0, "batna"), "needs a utility", line=5)])
        >>> p["path"], p["line"], p["message"], p["severity"]
        ('actors[0].batna', 5, 'needs a utility', 'error')
    """
    out = []
    for p in problems:
        path = getattr(p, "where", None) or ".".join(str(x) for x in getattr(p, "path", ()) or ())
        out.append(
            {
                "path": path,
                "line": getattr(p, "line", None),
                "column": getattr(p, "column", None),
                "message": getattr(p, "message", str(p)),
                "severity": getattr(p, "severity", "error"),
            }
        )
    return out


def respond(request: Request, status: int, message: str, **extra: Any) -> Response:
    """The answer to a refused or failed request: ``{"error": message, ...}`` JSON with the
    status for the JSON API (``/api/...``), the error page for a page; ``extra`` fields go into
    both (the ``problems`` of an invalid scenario, the ``latest`` version of an edit conflict).
    """
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse({"error": message, **extra}, status_code=status)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message, **extra}, status_code=status
    )


def install(app: FastAPI) -> None:
    """Register the app's exception handlers, so every error reaches the user as one message,
    never a traceback.

    Statuses: :class:`WebError` its own; ``NotFound`` 404; ``InvalidScenario`` 422 with its
    problems; ``EditConflict`` 409 with the latest version and the conflict's id; another
    ``StoreError`` 400; a request pydantic or FastAPI refuses 422, naming each field; an
    analysis abandoned because every client waiting for it left 503; anything unexpected 500,
    logged with its traceback on the server.
    """

    @app.exception_handler(WebError)
    async def _web(request: Request, exc: WebError) -> Response:
        return respond(request, exc.status, exc.message)

    @app.exception_handler(Cancelled)
    async def _stopped(request: Request, exc: Cancelled) -> Response:
        # every request waiting for this analysis had gone: no one reads this answer
        return respond(request, 503, "stopped: the page was closed before the analysis ended")

    @app.exception_handler(NotFound)
    async def _missing(request: Request, exc: NotFound) -> Response:
        return respond(request, 404, str(exc))

    @app.exception_handler(InvalidScenario)
    async def _invalid(request: Request, exc: InvalidScenario) -> Response:
        return respond(request, 422, str(exc), problems=problem_list(exc.problems))

    @app.exception_handler(EditConflict)
    async def _conflict(request: Request, exc: EditConflict) -> Response:
        return respond(
            request,
            409,
            str(exc),
            latest=exc.latest.number,
            conflict_id=exc.conflict_id,
        )

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        return respond(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query"))
            parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else e.get("msg", ""))
        return respond(request, 422, "invalid request: " + "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        response = respond(request, exc.status_code, message)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return respond(request, 500, "internal error: the request could not be completed")


def html_message(message: str, status: int) -> HTMLResponse:
    """A fragment holding one error message (escaped), for the parts of a page that htmx
    replaces: the error shows where the result would have gone.

    Example:
        >>> html_message("no version 9 of 'ukraine-2025'", 404).body
        b"<p class='error'>no version 9 of &#x27;ukraine-2025&#x27;</p>"
    """
    from html import escape

    return HTMLResponse(f"<p class='error'>{escape(message)}</p>", status_code=status)
