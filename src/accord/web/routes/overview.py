"""Overview (the briefing's bottom line, key judgements and futures; actors, issues, scorecard)
and the stance editor, whose saves are new versions."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from accord.model.views import DEFAULT_VIEW
from accord.overview.commitments import commitments
from accord.overview.marks import MARK_KEY, batnas_marked
from accord.store import EditConflict, InvalidScenario
from accord.web import edits
from accord.web.access import identity_of
from accord.web.briefing import briefing_view, futures_view, judgement_view
from accord.web.editor import problem_words, unchanged
from accord.web.errors import WebError, problem_list
from accord.web.params import ScenarioId, VersionNumber
from accord.web.routes.common import (
    author_of,
    clean_line,
    computed,
    json_once,
    page_version,
    remember_author,
    render,
    services,
    version_or_latest,
)
from accord.web.security import csrf_token_for
from accord.web.services import (
    Services,
    edit_once,
    overview,
    overview_run,
    plain,
    scenario,
    scorecard_view,
    setting_choices,
    verdict_rows,
)

router = APIRouter()

#: Where a cached overview page has the reader's CSRF token: random to this process, so no
#: scenario text can contain it.
TOKEN_SLOT = f"csrf-slot-{secrets.token_hex(16)}"


@dataclass
class Outcome:
    """What became of a save: saved (a new version), conflict (kept aside) or invalid."""

    kind: str
    version: int | None = None
    latest: int | None = None
    latest_author: str | None = None
    conflict_id: int | None = None
    problems: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""


def save(request: Request, sid: str, base: int, text: str, author: str, note: str) -> Outcome:
    """Save ``text`` as the version after ``base``; what became of it, never an exception for
    the two expected refusals: ``conflict`` (another version was saved after ``base``; the
    text is kept aside as a conflict) or ``invalid`` (the text does not validate; its
    problems, located). Other store errors (unknown scenario, a bad author) propagate.
    """
    store = services(request).store
    try:
        saved = store.save(sid, text, base=base, author=author, note=note)
    except EditConflict as exc:
        return Outcome(
            "conflict",
            latest=exc.latest.number,
            latest_author=exc.latest.author,
            conflict_id=exc.conflict_id,
            message=str(exc),
        )
    except InvalidScenario as exc:
        return Outcome("invalid", problems=problem_list(exc.problems), message=str(exc))
    return Outcome("saved", version=saved.info.number)


def _edit_context(request: Request, sid: str, number: int) -> dict[str, Any]:
    sv = services(request)
    s = scenario(sv, sid, number)
    choices = {i.id: setting_choices(s, i.id) for i in s.issues}
    return {
        "sid": sid,
        "number": number,
        "s": s,
        "view": overview(s),
        "choices": choices,
        "card": scorecard_view(sv, sid, number),
        "verdicts": verdict_rows(sv, sid, number),
    }


# --- pages ---------------------------------------------------------------------------------
@router.get("/s/{sid}", include_in_schema=False)
async def overview_page(
    request: Request,
    sid: ScenarioId,
    version: VersionNumber | None = None,
    v: VersionNumber | None = None,
) -> Response:
    """The scenario's overview: the briefing's bottom line and key judgements, actors, issues
    and the scorecard of the version asked (``?version=N``, or ``?v=N`` as older links have
    it; else the latest). The first view of a version computes its analyses (seconds), later
    ones read them from the cache. 404 for an unknown scenario or version.
    """
    # ``v``: the name this page's query had before it matched the API's ``version``
    asked = version if version is not None else v
    # One trip to a request worker when the version's results are there (the usual case);
    # else they are computed (or waited for, seconds) in the waiting pool, apart from the
    # request workers, and a second trip draws the page.
    out = await run_in_threadpool(_overview_page, request, sid, asked, False)
    if isinstance(out, int):
        sv, number = services(request), out
        key = (sid, number, "overview page")
        await computed(request, key, lambda: _overview_parts(sv, sid, number))
        out = await run_in_threadpool(_overview_page, request, sid, asked, True)
    assert isinstance(out, Response)
    return out


def _overview_parts(sv: Services, sid: str, number: int) -> dict[str, Any]:
    """What the overview page shows of one version, each part memoised."""
    # The summary of everything: the version's one run_overview (the report's), cached. It
    # shares the scorecard and analysis _edit_context shows when no BATNA has a perceived
    # value (services.overview_run says why not otherwise).
    return {
        "commitments": commitments(overview_run(sv, sid, number)),
        # The briefing's bottom line and key judgements come first; its futures (seconds of
        # Monte Carlo) follow as a fragment the page asks for once it is drawn.
        "briefing": briefing_view(sv, sid, number),
        # each BATNA as the command line shows it: its view, and a judgement marked
        "batnas": batnas_marked(scenario(sv, sid, number), DEFAULT_VIEW),
        "card": scorecard_view(sv, sid, number),
        "verdicts": verdict_rows(sv, sid, number),
    }


def _overview_page(request: Request, sid: str, asked: int | None, wait: bool) -> Response | int:
    """The page; or, when its results are not computed yet and ``wait`` is false, the
    number of the version it shows."""
    where = page_version(request, sid, asked)
    number = where.pop("number")
    sv = services(request)
    key = (sid, number, "overview page")
    if not wait and not sv.cache.ready(key):
        return int(number)
    old = where["old_version"]

    def body() -> Markup:
        # The content is the same for every reader of this version (and of whether a newer
        # one exists): drawn once, about 5 ms of a page's 6; the layout around it (the
        # reader's name, the form token) is drawn for each request.
        parts = sv.cache.get(key, lambda: _overview_parts(sv, sid, number))
        head = parts["briefing"]
        query = "" if not old else f"?version={number}"
        quoted = quote(sid, safe="")
        context = {
            "commitments": parts["commitments"],
            "briefing": head,
            "judgements": [judgement_view(j, quoted, query) for j in head["judgements"]],
            "batnas": parts["batnas"],
            "mark_key": MARK_KEY,
            **_edit_context(request, sid, number),
            **where,
        }
        templates = request.app.state.templates
        return Markup(templates.get_template("_overview_body.html").render(context))

    # keyed on all the page says of the versions: this one, and the latest
    drawn = sv.cache.get((sid, number, "overview body", where["latest_number"]), body)

    def page() -> str:
        # Drawn with a slot where the reader's CSRF token goes (it is theirs alone); the
        # rest depends only on what the key names.
        templates = request.app.state.templates
        context = {
            "request": request,
            "csrf_token_for": lambda _request: TOKEN_SLOT,
            "page": "overview",
            "sid": sid,
            "number": number,
            "s": scenario(sv, sid, number),
            "body": drawn,
            **where,
        }
        return str(templates.get_template("overview.html").render(context))

    # The whole page, once per (version, latest version, reader's identity, path): its
    # layout took a third of a warm page's CPU. A new version changes the latest's number,
    # a new role or name the identity: both make another key. The token goes in per request.
    who = identity_of(request)
    reader = (who.mode, who.role, who.label) if who is not None else None
    html = sv.pages.get(
        (sid, number, "overview page html", where["latest_number"], reader, request.url.path), page
    )
    return HTMLResponse(html.replace(TOKEN_SLOT, csrf_token_for(request)))


@router.get("/s/{sid}/futures", include_in_schema=False)
async def futures_fragment(
    request: Request, sid: ScenarioId, version: VersionNumber | None = None
) -> Response:
    """The briefing's futures, indicators and options: the overview page loads them after
    its first paint (they take seconds the first time, then come from the cache)."""
    sv = services(request)

    def show(wait: bool) -> Response | int:
        number = version_or_latest(request, sid, version)
        key = (sid, number, "futures view")
        if not wait and not sv.cache.ready(key):
            return number
        f = sv.cache.get(key, lambda: futures_view(sv, sid, number))
        return render(request, "_futures.html", f=f)

    # as the overview page: computed, the first time, apart from the request workers
    out = await run_in_threadpool(show, False)
    if isinstance(out, int):
        number = out
        key = (sid, number, "futures view")
        await computed(request, key, lambda: futures_view(sv, sid, number))
        out = await run_in_threadpool(show, True)
    assert isinstance(out, Response)
    return out


@router.get("/s/{sid}/edit", include_in_schema=False)
def editor_page(
    request: Request, sid: ScenarioId, version: VersionNumber | None = None
) -> Response:
    """The stance editor: each actor's position, salience and red line on each issue and each
    BATNA, with the scorecard and draft verdicts beside them. An old version
    (``?version=N``) is shown read-only: edits are made on the latest version only, so no
    edit silently undoes the versions after it. 404 for an unknown scenario or version.
    """
    # An old version is shown read-only (its save buttons disabled): an edit is always
    # made on the latest version, so no edit can silently undo the versions after it.
    where = page_version(request, sid, version)
    author = author_of(request, None)
    return render(
        request,
        "editor.html",
        page="edit",
        author=author,
        **_edit_context(request, sid, where.pop("number")),
        **where,
    )


def _saved_fragment(request: Request, sid: str, out: Outcome, author: str) -> Response:
    ctx: dict[str, Any] = {"sid": sid, "out": out}
    status = {"saved": 200, "conflict": 200, "invalid": 200, "unchanged": 200}[out.kind]
    if out.kind == "saved":
        assert out.version is not None
        ctx.update(_edit_context(request, sid, out.version))
        # the header's version indicator is swapped out of band to the new version
        ctx["latest_number"] = out.version
    return remember_author(render(request, "_saved.html", status=status, **ctx), author)


def _page_save(
    request: Request, s: Any, sid: str, base: int, edited: tuple[str, bool], who: str, note: str
) -> Outcome:
    """A save from the editor's page (``edited``: the new text, and whether it leaves the
    data of version ``base`` as it was): none when nothing changed (an identical version
    would only lengthen the history), and a refusal worded by actor, issue and field, once."""
    text, same = edited
    if same:
        return Outcome("unchanged", version=base)
    out = save(request, sid, base, text, who, clean_line(note, "note"))
    words = problem_words(s, out.problems) if out.kind == "invalid" else []
    if words:
        out.message, out.problems = "not saved: " + "; ".join(words), []
    return out


@router.post("/s/{sid}/stance", include_in_schema=False)
def stance_save_page(
    request: Request,
    sid: ScenarioId,
    actor: Annotated[str, Form()],
    issue: Annotated[str, Form()],
    base: Annotated[VersionNumber, Form()],
    position: Annotated[str | None, Form()] = None,
    salience: Annotated[str | None, Form()] = None,
    red_line: Annotated[str | None, Form()] = None,
    author: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Save one stance changed in the editor as a new version (a change of nothing saves
    nothing). The answer is the editor's panel, saying saved, unchanged, kept aside as a
    conflict (someone saved after ``base``) or refused, by actor, issue and field.
    """
    who = author_of(request, author)
    try:
        s, store = scenario(services(request), sid, base), services(request).store

        def make() -> tuple[str, bool]:
            # the text is read only when the edit is made (hundreds of kilobytes)
            old = store.get(sid, base).text
            new = edits.stance_text(
                s, old, actor, issue, position=position, salience=salience, red_line=red_line
            )
            return new, unchanged(old, new)

        key = ("stance page", actor, issue, position, salience, red_line)
        edited = edit_once(services(request), sid, base, key, make)
        out = _page_save(request, s, sid, base, edited, who, note)
    except WebError as exc:
        out = Outcome("invalid", message=exc.message)
    return _saved_fragment(request, sid, out, who)


@router.post("/s/{sid}/batna", include_in_schema=False)
def batna_save_page(
    request: Request,
    sid: ScenarioId,
    actor: Annotated[str, Form()],
    base: Annotated[VersionNumber, Form()],
    utility: Annotated[str, Form()] = "",
    author: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Save one actor's BATNA utility changed in the editor as a new version (an empty value
    removes it); answered as :func:`stance_save_page` is.
    """
    who = author_of(request, author)
    try:
        s, store = scenario(services(request), sid, base), services(request).store

        def make() -> tuple[str, bool]:
            old = store.get(sid, base).text
            new = edits.batna_text(s, old, actor, utility)
            return new, unchanged(old, new)

        edited = edit_once(services(request), sid, base, ("batna page", actor, utility), make)
        out = _page_save(request, s, sid, base, edited, who, note)
    except WebError as exc:
        out = Outcome("invalid", message=exc.message)
    return _saved_fragment(request, sid, out, who)


# --- API -----------------------------------------------------------------------------------
class StanceEdit(BaseModel):
    """The body of ``POST /api/scenarios/{sid}/stances``: whose stance on which issue, the
    version the edit is made on (``base``), the new values (a field left out is kept; a
    position is an option id or a number, as the issue takes) and the save's author and note.
    """

    actor: str
    issue: str
    base: VersionNumber
    position: str | None = None
    salience: float | None = None
    red_line: str | None = None
    author: str = ""
    note: str = ""


class BatnaEdit(BaseModel):
    """The body of ``POST /api/scenarios/{sid}/batna``: the actor, the version the edit is made
    on (``base``), the BATNA's new utility (null removes it) and the save's author and note.
    """

    actor: str
    base: VersionNumber
    utility: float | None = None
    author: str = ""
    note: str = ""


class TextEdit(BaseModel):
    """The body of ``POST /api/scenarios/{sid}/versions``: the whole scenario file as YAML, the
    version it was edited from (``base``) and the save's author and note.
    """

    text: str
    base: VersionNumber
    author: str = ""
    note: str = ""


def _api_outcome(out: Outcome) -> Response:
    if out.kind == "saved":
        return JSONResponse({"saved": True, "version": out.version}, status_code=201)
    if out.kind == "conflict":
        body = {
            "saved": False,
            "error": out.message,
            "latest": out.latest,
            "conflict_id": out.conflict_id,
        }
        return JSONResponse(body, status_code=409)
    return JSONResponse(
        {"saved": False, "error": out.message, "problems": out.problems}, status_code=422
    )


@router.get("/api/scenarios/{sid}/scorecard", tags=["overview"], response_model=dict)
def api_scorecard(
    request: Request, sid: ScenarioId, version: VersionNumber | None = None
) -> Response:
    """How each draft scores for each actor, on the version asked (query ``version``, else the
    latest): ``actors``, ``proposals``, the ``scores`` (utility of each draft for each actor
    beside its BATNA), ``ratification`` and ``sequenced`` drafts, and ``rows``, the table
    the page shows. 404 for an unknown scenario or version.
    """
    number = version_or_latest(request, sid, version)

    def make() -> dict:
        view = scorecard_view(services(request), sid, number)
        return {"version": number, **plain(view["data"]), "rows": view["rows"]}

    return json_once(request, (sid, number, "scorecard json"), make)


@router.post("/api/scenarios/{sid}/stances", tags=["overview"])
def api_stance(request: Request, sid: ScenarioId, body: StanceEdit) -> Response:
    """Change one stance and save the scenario as a new version. Only the stance's changed
    lines of the stored text change; comments and layout are kept.

    Answers 201 ``{"saved": true, "version": N}``; 409 when a version was saved after
    ``base`` (the text is kept aside: ``latest`` and ``conflict_id`` say where); 422 when the
    result does not validate (its ``problems``) or a value is not valid; 404 for an unknown
    scenario, version or stance. Needs the editor role where sign-in is on.
    """
    number = version_or_latest(request, sid, body.base)
    sv = services(request)
    s, source = scenario(sv, sid, number), sv.store.get(sid, number)
    text = edit_once(
        sv,
        sid,
        number,
        ("stance", body.actor, body.issue, body.position, body.salience, body.red_line),
        lambda: edits.stance_text(
            s,
            source.text,
            body.actor,
            body.issue,
            position=body.position,
            salience=body.salience,
            red_line=body.red_line,
        ),
    )
    who = author_of(request, body.author)
    return _api_outcome(save(request, sid, body.base, text, who, clean_line(body.note, "note")))


@router.post("/api/scenarios/{sid}/batna", tags=["overview"])
def api_batna(request: Request, sid: ScenarioId, body: BatnaEdit) -> Response:
    """Change (or, with a null ``utility``, remove) one actor's BATNA utility and save the
    scenario as a new version; answers as ``POST /api/scenarios/{sid}/stances`` does (201,
    409, 422; 404 for an unknown actor; 422 for an actor with no BATNA described).
    """
    number = version_or_latest(request, sid, body.base)
    sv = services(request)
    s, source = scenario(sv, sid, number), sv.store.get(sid, number)
    text = edit_once(
        sv,
        sid,
        number,
        ("batna", body.actor, body.utility),
        lambda: edits.batna_text(s, source.text, body.actor, body.utility),
    )
    who = author_of(request, body.author)
    return _api_outcome(save(request, sid, body.base, text, who, clean_line(body.note, "note")))


@router.post("/api/scenarios/{sid}/versions", tags=["versions"])
def api_save_text(request: Request, sid: ScenarioId, body: TextEdit) -> Response:
    """Save a whole scenario text (YAML) as the version after ``base``. 201
    ``{"saved": true, "version": N}``; 409 when a version was saved after ``base`` (the text
    is kept aside as a conflict: ``latest`` and ``conflict_id``); 422 with the located
    ``problems`` when it does not validate; 404 for an unknown scenario. The text's ``id``
    must be the scenario's (another id is a 422: a new id is a new scenario). Needs the
    editor role where sign-in is on.
    """
    who = author_of(request, body.author)
    return _api_outcome(
        save(request, sid, body.base, body.text, who, clean_line(body.note, "note"))
    )
