"""Versions: the list, a diff of any two, restoring one (as a new version)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from accord.web.editor import kept_change
from accord.web.params import RecordId, ScenarioId, VersionNumber
from accord.web.routes.common import author_of, clean_line, remember_author, render, services
from accord.web.services import plain

router = APIRouter()


@router.get("/s/{sid}/versions", include_in_schema=False)
def versions_page(
    request: Request,
    sid: ScenarioId,
    a: VersionNumber | None = None,
    b: VersionNumber | None = None,
) -> Response:
    """The history of a scenario: every version (newest first), the diff of versions ``a`` and
    ``b`` (by default the latest and the one before), the saves kept aside as conflicts, and
    a restore button on each version. 404 for an unknown scenario or version.
    """
    store = services(request).store
    versions = sorted(store.versions(sid), key=lambda v: v.number)
    latest = versions[-1].number if versions else 1
    a = a or max(1, latest - 1)
    b = b or latest
    return render(
        request,
        "versions.html",
        page="versions",
        sid=sid,
        number=latest,
        versions=list(reversed(versions)),
        a=a,
        b=b,
        diff=store.diff(sid, a, b),
        conflicts=store.conflicts(sid),
        author=author_of(request, None),
    )


@router.get("/s/{sid}/versions/diff", include_in_schema=False)
def diff_fragment(
    request: Request, sid: ScenarioId, a: VersionNumber, b: VersionNumber
) -> Response:
    """The diff panel for versions ``a`` and ``b``, redrawn when the reader picks two others.
    404 for an unknown scenario or version.
    """
    return render(request, "_vdiff.html", a=a, b=b, diff=services(request).store.diff(sid, a, b))


@router.post("/s/{sid}/versions/{n}/restore", include_in_schema=False)
def restore_page(
    request: Request,
    sid: ScenarioId,
    n: VersionNumber,
    author: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Restore version ``n`` from the history page: its text becomes a new version (nothing is
    deleted), then back to the history. 404 for an unknown scenario or version.
    """
    who = author_of(request, author)
    services(request).store.restore(sid, n, author=who, note=clean_line(note, "note"))
    return remember_author(RedirectResponse(f"/s/{sid}/versions", status_code=303), who)


@router.get("/s/{sid}/conflicts/{cid}", include_in_schema=False)
def conflict_text_page(request: Request, sid: ScenarioId, cid: RecordId) -> Response:
    """A save kept aside as a conflict: who tried it, when, and the change it makes to the
    version it was based on (not the whole file), so it can be merged into the latest
    version by hand. 404 when the scenario has no such kept save.
    """
    c = services(request).store.conflict(cid)
    if c.scenario_id != sid:
        from accord.store import NotFound

        raise NotFound(f"no kept edit {cid} of scenario '{sid}'")
    # the change it makes to the version it was based on, not the whole file
    change = kept_change(services(request).store.get(sid, c.base).text, c.text, c.base, c.id)
    return render(request, "kept.html", page="versions", sid=sid, number=None, c=c, change=change)


# --- API -----------------------------------------------------------------------------------
class Restore(BaseModel):
    """The body of ``POST /api/scenarios/{sid}/versions/{n}/restore``: the author and note of
    the new version (the note defaults to "restored version N").
    """

    author: str = ""
    note: str = ""


@router.get("/api/scenarios/{sid}/versions", tags=["versions"])
def api_versions(request: Request, sid: ScenarioId) -> list[dict]:
    """Every version of the scenario, newest first: ``scenario_id``, ``number``, ``author``,
    ``created`` (UTC), ``note`` and ``restored_from`` (the version a restore copied, else
    null). 404 for an unknown scenario.
    """
    return [plain(v.__dict__) for v in services(request).store.versions(sid)]


@router.get("/api/scenarios/{sid}/versions/diff", tags=["versions"])
def api_diff(request: Request, sid: ScenarioId, a: VersionNumber, b: VersionNumber) -> dict:
    """A unified diff of the YAML texts of versions ``a`` and ``b`` (query parameters, both
    required), as ``{"a", "b", "diff"}``; ``diff`` is empty when the texts are equal. 404 for
    an unknown scenario or version; 422 for a number that is not a version number.
    """
    return {"a": a, "b": b, "diff": services(request).store.diff(sid, a, b)}


@router.post("/api/scenarios/{sid}/versions/{n}/restore", tags=["versions"], status_code=201)
def api_restore(request: Request, sid: ScenarioId, n: VersionNumber, body: Restore) -> dict:
    """Restore version ``n``: its text becomes a new version (history is never rewritten); 201
    with the new version (``number``, ``restored_from``: ``n``...). 404 for an unknown
    scenario or version. Needs the editor role where sign-in is on.
    """
    who = author_of(request, body.author)
    v = services(request).store.restore(sid, n, author=who, note=clean_line(body.note, "note"))
    return plain(v.info.__dict__)


@router.get("/api/scenarios/{sid}/conflicts", tags=["versions"])
def api_conflicts(request: Request, sid: ScenarioId) -> list[dict]:
    """The saves of the scenario refused as conflicts (a version had been saved after the one
    they were based on), newest first, each with its ``id``, ``base`` version, ``author``,
    ``created``, ``note`` and the whole ``text`` kept. 404 for an unknown scenario.
    """
    return [plain(c.__dict__) for c in services(request).store.conflicts(sid)]
