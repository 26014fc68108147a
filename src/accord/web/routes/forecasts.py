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
    run = _run(request, sid, run_id)
    # the past runs come along (out of band), so the list shows this run's status too
    return render(
        request, "_run.html", sid=sid, runs=_runs(request, sid), **_run_view(request, run)
    )


def _runs(request: Request, sid: str) -> list[RunInfo]:
    return sorted(services(request).store.runs(sid), key=lambda r: r.id, reverse=True)


# --- API -----------------------------------------------------------------------------------
class RunRequest(BaseModel):
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
    # Without results: a list of past runs with their parameters stays small.
    return [plain({**r.__dict__, "result": None}) for r in services(request).store.runs(sid)]


@router.get("/api/scenarios/{sid}/runs/{run_id}", tags=["forecasts"])
def api_run(request: Request, sid: ScenarioId, run_id: RecordId) -> dict:
    return plain(_run(request, sid, run_id).__dict__)
