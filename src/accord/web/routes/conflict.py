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
    """The conflict page of a version (``?version=N``, else the latest): the stability of every
    state of the scenario's built-in conflict, the timeline at the last known date and the
    levers. 404 for an unknown scenario or version.
    """
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
    """The timeline panel, redrawn for ``as_of`` (a date) and the levers set by
    ``lever.ID=LEVEL`` query parameters. 400 for a date or lever level that is not valid,
    404 for an unknown scenario or version.
    """
    number = version_or_latest(request, sid, version)
    settings = _levers(request, sid, number)
    view = timeline_view(services(request), sid, number, as_of or None, settings)
    return render(request, "_timeline.html", timeline=view)


@router.get("/s/{sid}/whatif", include_in_schema=False)
def whatif_fragment(
    request: Request, sid: ScenarioId, version: VersionNumber | None = None
) -> Response:
    """The what-if panel, redrawn for the levers set by ``lever.ID=LEVEL`` query parameters:
    the changes they make, the ZOPA and which drafts each party accepts. 400 for a level
    that is not one of the lever's, 404 for an unknown scenario or version.
    """
    number = version_or_latest(request, sid, version)
    view = whatif_view(services(request), sid, number, _levers(request, sid, number))
    return render(request, "_whatif.html", whatif=view, s=scenario(services(request), sid, number))


# --- API -----------------------------------------------------------------------------------
@router.get("/api/scenarios/{sid}/conflict", tags=["conflict"])
def api_conflict(request: Request, sid: ScenarioId, version: VersionNumber | None = None) -> dict:
    """The stability analysis (graph model for conflict resolution) of the built-in conflict the
    scenario names: its decision makers, every state with the decision makers for whom it is
    stable under each concept (Nash, GMR, SMR, SEQ...), the equilibria of each concept and
    what each concept means. ``conflict`` is null when the scenario names no built-in
    conflict (a scenario never makes the server open a file). ``version``: the version
    analysed (query ``version``, else the latest). 404 for an unknown scenario or version.
    """
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
