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
    """The home page: every stored scenario with its latest version, and the forms to add one
    from a built-in or an uploaded file.
    """
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
    """Create a scenario from an uploaded YAML file (version 1) and go to its overview; a file
    that does not validate shows the list again with its located problems (422). 413 over
    2 MB, 400 for a file that is not UTF-8 text or an id already taken.
    """
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
    """A version's YAML file as saved, comments included (``?v=N``, else the latest); the same
    as ``GET /api/scenarios/{sid}/yaml``.
    """
    return download(request, sid, v)


# --- API -----------------------------------------------------------------------------------
class NewScenario(BaseModel):
    """The body of ``POST /api/scenarios``: the scenario file as YAML (at most 2 MB), and the
    author and note of its first version.
    """

    text: str = Field(max_length=security.MAX_BODY)
    author: str = ""
    note: str = ""


class FromBuiltin(BaseModel):
    """The body of ``POST /api/scenarios/builtin``: the built-in's name (``GET /api/builtins``)
    and the author.
    """

    name: str
    author: str = ""


@router.get("/api/builtins", tags=["scenarios"])
def api_builtins() -> list[str]:
    """The names of the built-in scenarios, the default first."""
    return builtin_names()


@router.get("/api/scenarios", tags=["scenarios"])
def api_scenarios(request: Request) -> list[dict]:
    """Every stored scenario, by id: ``id``, the latest version's ``title``, its number
    (``latest``), when it was saved (``updated``, UTC) and by whom (``author``).
    """
    return [_info(i) for i in services(request).store.scenarios()]


@router.post("/api/scenarios", tags=["scenarios"], status_code=201)
def api_create(request: Request, body: NewScenario) -> dict:
    """Create a scenario from its YAML text (its id is the text's ``id``) as version 1; 201
    with the version's ``scenario_id``, ``number``, ``author``, ``created``, ``note``. 422
    with the located ``problems`` when the text does not validate; 400 when a scenario with
    that id exists (save a new version instead) or an author or note is too long. Needs the
    editor role where sign-in is on.
    """
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
    """As ``POST /api/scenarios``, the YAML sent as an uploaded file (multipart ``file``, with
    ``author`` and ``note`` form fields). 413 over 2 MB; 400 for a file that is not UTF-8.
    """
    text = _decode(await file.read(security.MAX_BODY + 1))
    v = services(request).store.create(
        text, author=author_of(request, author), note=clean_line(note, "note")
    )
    return _info(v.info)


@router.post("/api/scenarios/builtin", tags=["scenarios"], status_code=201)
def api_create_builtin(request: Request, body: FromBuiltin) -> dict:
    """Create a scenario from a built-in (its id is the built-in's) as version 1; 201 with the
    version as ``POST /api/scenarios`` gives it. 404 for an unknown built-in (the answer lists
    them); 400 when a scenario with that id exists.
    """
    who = author_of(request, body.author)
    return _info(services(request).store.create_from_builtin(_builtin(body.name), author=who).info)


@router.get("/api/scenarios/{sid}", tags=["scenarios"])
def api_scenario(request: Request, sid: ScenarioId, version: VersionNumber | None = None) -> dict:
    """One version of a scenario (query ``version``, else the latest): ``version``, what is
    known of it (number, author, time, note, what it restored), and ``scenario``, its
    contents in brief (title, date, summary, actors with their BATNAs, issues with their
    settings, stances, drafts). 404 for an unknown scenario or version.
    """
    sv = services(request)
    number = version_or_latest(request, sid, version)
    v = sv.store.get(sid, number)
    from accord.web.services import scenario

    return {"version": _info(v.info), "scenario": plain(overview(scenario(sv, sid, number)))}


@router.get("/api/scenarios/{sid}/yaml", tags=["scenarios"])
def download(request: Request, sid: ScenarioId, version: VersionNumber | None = None) -> Response:
    """A version's YAML file exactly as saved, comments and layout included (query
    ``version``, else the latest), as an attachment named ``ID-vN.yaml``. 404 for an unknown
    scenario or version.
    """
    v = services(request).store.get(sid, version)
    # The id is the store's; quote nothing else into the header.
    name = f"{v.info.scenario_id}-v{v.info.number}.yaml"
    return Response(
        v.text,
        media_type="application/x-yaml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
