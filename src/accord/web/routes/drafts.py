"""Drafts: the list, an issue-by-issue diff of any two, verdicts and smallest amendments;
and the agreement space: the ZOPA or its diagnosis, the Pareto chart for a chosen pair."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from accord.web.params import ScenarioId, VersionNumber
from accord.web.routes.common import (
    json_once,
    page_version,
    render,
    services,
    version_or_latest,
)
from accord.web.services import (
    diff_view,
    overview,
    pareto_view,
    plain,
    scenario,
    verdict_rows,
)

router = APIRouter()


@router.get("/s/{sid}/drafts", include_in_schema=False)
def drafts_page(
    request: Request,
    sid: ScenarioId,
    a: str | None = None,
    b: str | None = None,
    version: VersionNumber | None = None,
) -> Response:
    """The drafts page: the list, the diff of two drafts (``a``, ``b``; default the first
    two) and each draft's verdict with its smallest amendment. 404 for an unknown scenario,
    version or draft."""
    sv = services(request)
    where = page_version(request, sid, version)
    number = where["number"]
    s = scenario(sv, sid, number)
    ids = [p.id for p in s.proposals]
    a = a or (ids[0] if ids else None)
    b = b or (ids[1] if len(ids) > 1 else a)
    diff = diff_view(sv, sid, number, a, b) if a and b else None
    return render(
        request,
        "drafts.html",
        page="drafts",
        sid=sid,
        **where,
        s=s,
        view=overview(s),
        a=a,
        b=b,
        diff=diff,
        verdicts=verdict_rows(sv, sid, number),
    )


@router.get("/s/{sid}/drafts/diff", include_in_schema=False)
def diff_fragment(
    request: Request, sid: ScenarioId, a: str, b: str, version: VersionNumber | None = None
) -> Response:
    """The diff of drafts ``a`` and ``b`` as an HTML fragment (htmx swaps it into the
    drafts page). 404 for an unknown draft."""
    number = version_or_latest(request, sid, version)
    diff = diff_view(services(request), sid, number, a, b)
    return render(request, "_diff.html", diff=diff, a=a, b=b)


@router.get("/s/{sid}/space", include_in_schema=False)
def space_page(
    request: Request,
    sid: ScenarioId,
    a: str | None = None,
    b: str | None = None,
    version: VersionNumber | None = None,
) -> Response:
    """The agreement space page: the ZOPA or its diagnosis, and the Pareto chart for
    parties ``a`` and ``b`` (default: the report's pair). 404 for an unknown party, 400 for
    the same party twice."""
    sv = services(request)
    where = page_version(request, sid, version)
    number = where["number"]
    s = scenario(sv, sid, number)
    return render(
        request,
        "space.html",
        page="space",
        sid=sid,
        **where,
        s=s,
        verdicts=verdict_rows(sv, sid, number),
        pareto=pareto_view(sv, sid, number, a, b),
    )


@router.get("/s/{sid}/space/pareto", include_in_schema=False)
def pareto_fragment(
    request: Request, sid: ScenarioId, a: str, b: str, version: VersionNumber | None = None
) -> Response:
    """The Pareto chart for parties ``a`` and ``b`` as an HTML fragment. 404 for an
    unknown party, 400 for the same party twice."""
    sv = services(request)
    number = version_or_latest(request, sid, version)
    s = scenario(sv, sid, number)
    return render(request, "_pareto.html", sid=sid, s=s, pareto=pareto_view(sv, sid, number, a, b))


# --- API -----------------------------------------------------------------------------------
@router.get("/api/scenarios/{sid}/drafts", tags=["drafts"])
def api_drafts(
    request: Request, sid: ScenarioId, version: VersionNumber | None = None
) -> list[dict]:
    """The scenario's drafts: id, title and date of each, in the file's order. 404 for an
    unknown scenario or version."""
    number = version_or_latest(request, sid, version)
    return plain(overview(scenario(services(request), sid, number))["proposals"])


@router.get("/api/scenarios/{sid}/diff", tags=["drafts"], response_model=dict)
def api_diff(
    request: Request, sid: ScenarioId, a: str, b: str, version: VersionNumber | None = None
) -> Response:
    """Drafts ``a`` and ``b`` compared issue by issue, as ``accord diff --json`` with the
    BATNAs as stored. 404 naming the drafts when either is not one."""
    number = version_or_latest(request, sid, version)
    return json_once(
        request,
        (sid, number, "diff json", a, b),
        lambda: plain(diff_view(services(request), sid, number, a, b)["data"]),
    )


@router.get("/api/scenarios/{sid}/analysis", tags=["drafts"], response_model=dict)
def api_analysis(
    request: Request, sid: ScenarioId, version: VersionNumber | None = None
) -> Response:
    """ZOPA (or its diagnosis) and each draft's verdict with its smallest amendment."""
    number = version_or_latest(request, sid, version)
    return json_once(
        request,
        (sid, number, "analysis json"),
        lambda: {"version": number, **plain(verdict_rows(services(request), sid, number))},
    )


@router.get("/api/scenarios/{sid}/pareto", tags=["space"], response_model=dict)
def api_pareto(
    request: Request,
    sid: ScenarioId,
    a: str | None = None,
    b: str | None = None,
    version: VersionNumber | None = None,
) -> Response:
    """The Pareto frontier for parties ``a`` and ``b`` (default: the report's pair): the
    pair, why it was chosen, the frontier's size, the bargaining solutions' utilities and
    whether red lines were relaxed. 404 for an unknown party, 400 for the same party twice."""
    number = version_or_latest(request, sid, version)

    def make() -> dict:
        view = pareto_view(services(request), sid, number, a, b)
        return plain({k: v for k, v in view.items() if k != "chart"})

    return json_once(request, (sid, number, "pareto json", a, b), make)
