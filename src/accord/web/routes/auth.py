"""The login form that turns the token into a session cookie (only with ``--token``)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from accord.web.routes.common import render
from accord.web.security import COOKIE, session_value

router = APIRouter()


@router.get("/login", include_in_schema=False)
def login_page(request: Request) -> Response:
    return render(request, "login.html", error=None)


@router.post("/login", include_in_schema=False)
def login(request: Request, token: Annotated[str, Form()]) -> Response:
    expected: str | None = request.app.state.token
    if expected is None:
        return RedirectResponse("/", status_code=303)
    if not secrets.compare_digest(token.encode(), expected.encode()):
        return render(request, "login.html", status=401, error="wrong token")
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, session_value(expected), httponly=True, samesite="strict")
    return response


@router.post("/logout", include_in_schema=False)
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response
