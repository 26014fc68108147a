"""The CSRF token for scripts that act as a logged-in browser (pages carry it already)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from accord.web.security import CSRF_FIELD, CSRF_HEADER, csrf_token_for

router = APIRouter()


@router.get("/api/csrf", tags=["session"])
def api_csrf(request: Request) -> dict[str, str]:
    """This client's CSRF token (its ``accord_csrf`` cookie comes with the answer): send it
    back in the ``X-CSRF-Token`` header, or the ``csrf_token`` form field, with a form or
    multipart request. JSON requests and requests with ``Authorization`` need none. Other
    origins cannot read this answer (no CORS)."""
    return {"token": csrf_token_for(request), "header": CSRF_HEADER, "field": CSRF_FIELD}
