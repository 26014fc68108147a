"""Forecasts: start a run in the background (a Monte Carlo simulation, or a single forecast
of any model), watch its progress, see results; runs a stopped server left are shown as
interrupted, with a button to run them again."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel, field_validator
from pydantic_core import PydanticCustomError

from accord.forecast.calibration import PROVENANCE
from accord.forecast.models import MODEL_NAMES, ModelName
from accord.overview.settled import MARK
from accord.store import RunInfo
from accord.web import charts
from accord.web.errors import WebError, html_message
from accord.web.params import Draws, RecordId, ScenarioId, Seed, VersionNumber
from accord.web.routes.common import (
    author_of,
    page_version,
    render,
    requester,
    services,
    version_or_latest,
)
from accord.web.runs import DRAW_MODELS, model_name
from accord.web.services import plain, scenario

router = APIRouter()


def _runner(request: Request) -> Any:
    return request.app.state.runner


def _run_view(request: Request, run: RunInfo) -> dict[str, Any]:
    view: dict[str, Any] = {"run": run, "chart_json": None}
    if run.status == "done" and run.result:
        s = scenario(services(request), run.scenario_id, run.version)
        chart = charts.forecast_chart(s, run.result.get("simulation", {}))
        view["chart_json"] = charts.to_json(chart) if chart else None
        view["s"] = s
        point = run.result.get("forecast") or {}
        view["unsettled"] = charts.unsettled(s, point)
        view["mark"] = MARK
        view["provenance"] = PROVENANCE
        rounds_chart = charts.rounds_chart(s, point)
        view["rounds_json"] = charts.to_json(rounds_chart) if rounds_chart else None
    return view


def _run(request: Request, sid: str, run_id: int) -> RunInfo:
    run = services(request).store.run(run_id)
    if run.scenario_id != sid:
        from accord.store import NotFound

        raise NotFound(f"no run {run_id} of scenario '{sid}'")
    return run


@router.get("/s/{sid}/forecasts", include_in_schema=False)
def forecasts_page(
    request: Request, sid: ScenarioId, version: VersionNumber | None = None
) -> Response:
    """The forecasts page: the form to start a run of the version shown (``?version=N``, else
    the latest) and the scenario's past runs. 404 for an unknown scenario or version.
    """
    where = page_version(request, sid, version)
    runs = _runs(request, sid)
    return render(
        request,
        "forecasts.html",
        page="forecasts",
        sid=sid,
        s=scenario(services(request), sid, where["number"]),
        runs=runs,
        models=MODEL_NAMES,
        draw_models=DRAW_MODELS,
        **where,
    )


@router.post("/s/{sid}/forecasts", include_in_schema=False)
def start_page(
    request: Request,
    sid: ScenarioId,
    model: Annotated[str, Form()] = "compromise",
    draws: Annotated[Draws, Form()] = 1000,
    seed: Annotated[Seed, Form()] = 0,
    mode: Annotated[str, Form()] = "montecarlo",
    version: Annotated[VersionNumber | None, Form()] = None,
) -> Response:
    """Start a run from the page's form (a Monte Carlo simulation with ``draws`` and ``seed``,
    or a single forecast) and answer with its panel, which polls until the run ends. A run
    that cannot start says why in the panel itself (an unknown model or mode, a model
    without draws, too many runs under way).
    """
    number = version_or_latest(request, sid, version)
    try:
        run = _runner(request).start(
            sid,
            number,
            model,
            draws,
            seed,
            mode,
            requester=requester(request),
            author=author_of(request, None),
        )
    except WebError as exc:
        # said in the page where the run would have appeared (htmx swaps no error status)
        return html_message(exc.message, 200)
    return render(
        request, "_run.html", sid=sid, runs=_runs(request, sid), **_run_view(request, run)
    )


@router.get("/s/{sid}/runs/{run_id}", include_in_schema=False)
def run_fragment(request: Request, sid: ScenarioId, run_id: RecordId) -> Response:
    """One run's panel (its status and progress; once done the forecast of each issue, the
    deal outlook and the charts), with the list of past runs; the page polls it while the
    run is under way. 404 for a run of another scenario.
    """
    run = _run(request, sid, run_id)
    # the past runs come along (out of band), so the list shows this run's status too
    return render(
        request, "_run.html", sid=sid, runs=_runs(request, sid), **_run_view(request, run)
    )


def _runs(request: Request, sid: str) -> list[RunInfo]:
    return sorted(services(request).store.runs(sid), key=lambda r: r.id, reverse=True)


# --- API -----------------------------------------------------------------------------------
class RunRequest(BaseModel):
    """The body of ``POST /api/scenarios/{sid}/forecasts``: which model, how many draws, the
    seed, the version (the latest when left out) and the mode, ``montecarlo`` (draws; every
    model but nash) or ``single`` (one forecast on the scenario's own values, any model, no
    draws and no seed).
    """

    model: ModelName = ModelName.compromise
    draws: Draws = 1000
    seed: Seed = 0
    version: VersionNumber | None = None
    #: "montecarlo" (draws; not nash) or "single" (one forecast, any model, no draws)
    mode: str = "montecarlo"

    @field_validator("model", mode="before")
    @classmethod
    def _known_model(cls, value: Any) -> Any:
        # an unknown name is refused as the page's form refuses it (400, the same words),
        # not as a validation error (422): WebError passes through pydantic to its handler;
        # a value that is no string is the 422 it was when the field was a plain str
        if not isinstance(value, str):
            raise PydanticCustomError("string_type", "Input should be a valid string")
        return model_name(value)


@router.post("/api/scenarios/{sid}/forecasts", tags=["forecasts"], status_code=202)
def api_start(request: Request, sid: ScenarioId, body: RunRequest) -> dict:
    """Start a forecast run of a version in the background; 202 with the run as stored
    (``id``, ``status`` queued, ``params``, ``seed``...). Poll
    ``GET /api/scenarios/{sid}/runs/{id}`` for its progress and result.

    Statuses: 400 an unknown model or mode; 422 a model that cannot take draws in
    ``montecarlo`` mode, or draws, seed or version out of range; 429 when this client already
    has 4 runs queued or running; 404 an unknown scenario or version. Needs the editor role
    where sign-in is on.
    """
    number = version_or_latest(request, sid, body.version)
    run = _runner(request).start(
        sid,
        number,
        body.model.value,
        body.draws,
        body.seed,
        body.mode,
        requester=requester(request),
        author=author_of(request, None),
    )
    return plain(run.__dict__)


@router.get("/api/scenarios/{sid}/runs", tags=["forecasts"])
def api_runs(request: Request, sid: ScenarioId) -> list[dict]:
    """Every run of the scenario, newest first, with its parameters, seed, status, progress,
    times and error, but without its result (``result`` is null: fetch one run for that).
    404 for an unknown scenario.
    """
    # Without results: a list of past runs with their parameters stays small.
    return [plain({**r.__dict__, "result": None}) for r in services(request).store.runs(sid)]


@router.get("/api/scenarios/{sid}/runs/{run_id}", tags=["forecasts"])
def api_run(request: Request, sid: ScenarioId, run_id: RecordId) -> dict:
    """One run of the scenario: its parameters, seed, status and progress and, once done, its
    ``result`` (the forecast of each issue, the Monte Carlo summary for ``montecarlo`` runs,
    the deal outlook and calibrated intervals); ``error`` says why a failed or interrupted run
    stopped. 404 when the scenario has no such run.
    """
    return plain(_run(request, sid, run_id).__dict__)
