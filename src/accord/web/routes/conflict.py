"""Conflict stability (GMCR) for the scenario's conflict, the timeline with an as-of date,
and the levers (what-if)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from accord.web.params import ScenarioId, VersionNumber
from accord.web.routes.common import page_version, render, services, version_or_latest
from accord.web.services import (
    conflict_view,
    known_dates,
    parse_levers,
    plain,
    scenario,
    timeline_view,
    whatif_view,
)

router = APIRouter()


def _levers(request: Request, sid: str, number: int) -> dict[str, float]:
    s = scenario(services(request), sid, number)
    raw = {k[6:]: v for k, v in request.query_params.items() if k.startswith("lever.")}
    return parse_levers(s, raw)


@router.get("/s/{sid}/conflict", include_in_schema=False)
def conflict_page(
    request: Request, sid: ScenarioId, version: VersionNumber | None = None
) -> Response:
    sv = services(request)
    where = page_version(request, sid, version)
    number = where["number"]
    s = scenario(sv, sid, number)
    dates = known_dates(s)
    return render(
        request,
        "conflict.html",
        page="conflict",
        sid=sid,
        **where,
        s=s,
        conflict=conflict_view(sv, sid, number),
        dates=dates,
        timeline=timeline_view(sv, sid, number, dates[-1] if dates else None, {}),
        whatif=whatif_view(sv, sid, number, {}),
    )


@router.get("/s/{sid}/timeline", include_in_schema=False)
def timeline_fragment(
    request: Request,
    sid: ScenarioId,
    as_of: str | None = None,
    version: VersionNumber | None = None,
) -> Response:
    number = version_or_latest(request, sid, version)
    settings = _levers(request, sid, number)
    view = timeline_view(services(request), sid, number, as_of or None, settings)
    return render(request, "_timeline.html", timeline=view)


@router.get("/s/{sid}/whatif", include_in_schema=False)
def whatif_fragment(
    request: Request, sid: ScenarioId, version: VersionNumber | None = None
) -> Response:
    number = version_or_latest(request, sid, version)
    view = whatif_view(services(request), sid, number, _levers(request, sid, number))
    return render(request, "_whatif.html", whatif=view, s=scenario(services(request), sid, number))


# --- API -----------------------------------------------------------------------------------
@router.get("/api/scenarios/{sid}/conflict", tags=["conflict"])
def api_conflict(request: Request, sid: ScenarioId, version: VersionNumber | None = None) -> dict:
    number = version_or_latest(request, sid, version)
    view = conflict_view(services(request), sid, number)
    return {"version": number, "conflict": plain(view)}


@router.get("/api/scenarios/{sid}/timeline", tags=["conflict"])
def api_timeline(
    request: Request,
    sid: ScenarioId,
    as_of: str | None = None,
    version: VersionNumber | None = None,
) -> dict:
    """Query ``lever.ID=LEVEL`` sets a lever (a number, a label or a level index)."""
    number = version_or_latest(request, sid, version)
    view = timeline_view(services(request), sid, number, as_of, _levers(request, sid, number))
    return plain({k: v for k, v in view.items() if k != "chart"})


@router.get("/api/scenarios/{sid}/whatif", tags=["conflict"])
def api_whatif(request: Request, sid: ScenarioId, version: VersionNumber | None = None) -> dict:
    """Query ``lever.ID=LEVEL`` sets a lever (a number, a label or a level index)."""
    number = version_or_latest(request, sid, version)
    return plain(whatif_view(services(request), sid, number, _levers(request, sid, number)))
