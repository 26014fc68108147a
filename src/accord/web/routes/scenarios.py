"""Scenarios: the list, creating one from a built-in or an uploaded YAML file, downloads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from accord.data import scenario_text
from accord.io import builtin_names
from accord.store import InvalidScenario
from accord.web import security
from accord.web.editor import free_id, with_id
from accord.web.errors import WebError, problem_list
from accord.web.params import ScenarioId, VersionNumber
from accord.web.routes.common import (
    author_of,
    clean_line,
    remember_author,
    render,
    services,
    version_or_latest,
)
from accord.web.services import overview, plain

router = APIRouter()


def _info(i: object) -> dict:
    return plain(i.__dict__)


def _builtin(name: str) -> str:
    # Only names from the list: a request never names a file.
    if name not in builtin_names():
        raise WebError(
            404, f"no built-in scenario '{name}'; built-ins: {', '.join(builtin_names())}"
        )
    return name


def _decode(data: bytes) -> str:
    if len(data) > security.MAX_BODY:
        raise WebError(413, "request too large: the limit is 2 MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WebError(400, "the file is not UTF-8 text; give a .yaml scenario file") from None


# --- pages ---------------------------------------------------------------------------------
@router.get("/", include_in_schema=False)
def scenario_list(request: Request) -> Response:
    return render(
        request,
        "scenarios.html",
        scenarios=services(request).store.scenarios(),
        builtins=builtin_names(),
        problems=None,
    )


@router.post("/scenarios/builtin", include_in_schema=False)
def create_builtin_page(
    request: Request,
    name: Annotated[str, Form()],
    author: Annotated[str, Form()] = "",
    new_id: Annotated[ScenarioId | None, Form()] = None,
) -> Response:
    """A built-in as a new scenario; when its id is taken, the page proposes a free one
    (``new_id``), under which the copy is made."""
    who = author_of(request, author)
    store = services(request).store
    taken = [i.id for i in store.scenarios()]
    if (new_id or _builtin(name)) in taken:  # taken: propose the first free id
        return render(
            request,
            "scenarios.html",
            status=409,
            scenarios=store.scenarios(),
            builtins=builtin_names(),
            problems=None,
            copy={"name": name, "new_id": free_id(name, taken), "author": who},
        )
    if new_id is None:
        v = store.create_from_builtin(_builtin(name), author=who)
    else:
        text = with_id(scenario_text(_builtin(name)), new_id)
        v = store.create(text, author=who, note=f"from built-in '{name}', as '{new_id}'")
    return remember_author(RedirectResponse(f"/s/{v.info.scenario_id}", status_code=303), who)


@router.post("/scenarios/upload", include_in_schema=False)
async def upload_page(
    request: Request,
    file: Annotated[UploadFile, File()],
    author: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    text = _decode(await file.read(security.MAX_BODY + 1))
    who = author_of(request, author)
    try:
        v = services(request).store.create(text, author=who, note=clean_line(note, "note"))
    except InvalidScenario as exc:
        return render(
            request,
            "scenarios.html",
            status=422,
            scenarios=services(request).store.scenarios(),
            builtins=builtin_names(),
            problems=problem_list(exc.problems),
            filename=file.filename or "",
        )
    return remember_author(RedirectResponse(f"/s/{v.info.scenario_id}", status_code=303), who)


@router.get("/s/{sid}/yaml", include_in_schema=False)
def download_page(request: Request, sid: ScenarioId, v: VersionNumber | None = None) -> Response:
    return download(request, sid, v)


# --- API -----------------------------------------------------------------------------------
class NewScenario(BaseModel):
    text: str = Field(max_length=security.MAX_BODY)
    author: str = ""
    note: str = ""


class FromBuiltin(BaseModel):
    name: str
    author: str = ""


@router.get("/api/builtins", tags=["scenarios"])
def api_builtins() -> list[str]:
    return builtin_names()


@router.get("/api/scenarios", tags=["scenarios"])
def api_scenarios(request: Request) -> list[dict]:
    return [_info(i) for i in services(request).store.scenarios()]


@router.post("/api/scenarios", tags=["scenarios"], status_code=201)
def api_create(request: Request, body: NewScenario) -> dict:
    v = services(request).store.create(
        body.text, author=author_of(request, body.author), note=clean_line(body.note, "note")
    )
    return _info(v.info)


@router.post("/api/scenarios/upload", tags=["scenarios"], status_code=201)
async def api_upload(
    request: Request,
    file: Annotated[UploadFile, File()],
    author: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> dict:
    text = _decode(await file.read(security.MAX_BODY + 1))
    v = services(request).store.create(
        text, author=author_of(request, author), note=clean_line(note, "note")
    )
    return _info(v.info)


@router.post("/api/scenarios/builtin", tags=["scenarios"], status_code=201)
def api_create_builtin(request: Request, body: FromBuiltin) -> dict:
    who = author_of(request, body.author)
    return _info(services(request).store.create_from_builtin(_builtin(body.name), author=who).info)


@router.get("/api/scenarios/{sid}", tags=["scenarios"])
def api_scenario(request: Request, sid: ScenarioId, version: VersionNumber | None = None) -> dict:
    sv = services(request)
    number = version_or_latest(request, sid, version)
    v = sv.store.get(sid, number)
    from accord.web.services import scenario

    return {"version": _info(v.info), "scenario": plain(overview(scenario(sv, sid, number)))}


@router.get("/api/scenarios/{sid}/yaml", tags=["scenarios"])
def download(request: Request, sid: ScenarioId, version: VersionNumber | None = None) -> Response:
    v = services(request).store.get(sid, version)
    # The id is the store's; quote nothing else into the header.
    name = f"{v.info.scenario_id}-v{v.info.number}.yaml"
    return Response(
        v.text,
        media_type="application/x-yaml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
