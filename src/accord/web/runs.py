"""Forecast runs in background threads, recorded in the store as they progress.

Monte Carlo is NumPy and HiGHS work that mostly leaves the interpreter lock, so a small
thread pool keeps the server responsive; the store records status and progress, so a page
polls the store, not the thread.

A run is either a Monte Carlo simulation (``montecarlo``: the models of
:data:`~accord.forecast.models.MODELS`, which take draws) or a single forecast (``single``:
any model of :class:`~accord.forecast.models.ModelName`, ``nash`` included, on the
scenario's own values; eum's result carries its round-by-round trajectory).
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from accord import api
from accord.forecast.models import MODEL_NAMES, MODELS, ModelName
from accord.store import RunInfo, Store
from accord.web.errors import WebError
from accord.web.params import MAX_DRAWS
from accord.web.services import plain

log = logging.getLogger("accord.web")

KIND = "forecast"
#: Runs one requester may have queued or running at once (a run takes a worker for up to
#: minutes; more would only wait, and a loop of requests would fill the queue for all).
MAX_LIVE_RUNS = 4
#: Progress is written to the store at most this often (seconds).
PROGRESS_EVERY = 0.2
#: What a run is: a Monte Carlo simulation with draws, or one forecast without draws.
MODES = ("montecarlo", "single")
#: The models that can be run with draws (the array models; nash bargains over the whole
#: outcome space, one solve per forecast, and has no Monte Carlo version).
DRAW_MODELS = tuple(MODELS)
#: The error a run left queued or running by a stopped server gets.
INTERRUPTED = "the server stopped before this run finished; run it again"


def mode_of(params: dict[str, Any]) -> str:
    """A stored run's mode; runs stored before single forecasts existed are Monte Carlo."""
    return str(params.get("mode", "montecarlo"))


def model_name(model: str) -> ModelName:
    """``model`` as a :class:`ModelName` (the one list the command line checks too); a
    400 with the known names otherwise."""
    try:
        return ModelName(model)
    except ValueError:
        raise WebError(400, f"unknown model '{model}'; models: {', '.join(MODEL_NAMES)}") from None


def check_request(model: str, mode: str, draws: int) -> None:
    """Refuse, with a message for the user, a run that cannot be started."""
    if mode not in MODES:
        raise WebError(400, f"unknown mode '{mode}'; modes: {', '.join(MODES)}")
    model_name(model)
    if mode == "montecarlo" and model not in DRAW_MODELS:
        raise WebError(
            422,
            f"the {model} model cannot be run with draws (models with draws: "
            f"{', '.join(DRAW_MODELS)}); run it as a single forecast",
        )
    if mode == "montecarlo" and not 1 <= draws <= MAX_DRAWS:
        raise WebError(422, f"draws must be a whole number from 1 to {MAX_DRAWS}")


class Runner:
    """Forecast runs of stored versions, each recorded in the store and worked on by a small
    thread pool, so the request that starts a run returns at once and pages poll the store.

    Args:
        store: Where runs are recorded.
        workers: Threads working on runs at once (further runs wait, queued).
    """

    def __init__(self, store: Store, workers: int = 2) -> None:
        self.store = store
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="accord-run")
        # runs submitted to this process's pool and not finished, with who asked for each
        self._live: dict[int, str] = {}
        self._lock = threading.Lock()

    def recover(self) -> list[int]:
        """Mark as interrupted the runs left queued or running that this process's workers
        do not own (a stopped server's); their ids. Called when the app is created."""
        with self._lock:
            return self.store.interrupt_runs(INTERRUPTED, keep=set(self._live))

    def start(
        self,
        sid: str,
        number: int,
        model: str,
        draws: int,
        seed: int,
        mode: str = "montecarlo",
        author: str = "anonymous",
        requester: str = "",
    ) -> RunInfo:
        """Store a run and queue it; a WebError if it cannot start (bad parameters, 422;
        ``requester`` already has :data:`MAX_LIVE_RUNS` runs under way, 429)."""
        check_request(model, mode, draws)
        if mode == "single":  # deterministic: no draws, no seed
            params: dict[str, Any] = {"model": model, "mode": "single"}
            seed_used: int | None = None
        else:
            params, seed_used = {"model": model, "draws": draws}, seed
        with self._lock:  # recover() must see the run as live once it is stored
            if sum(1 for who in self._live.values() if who == requester) >= MAX_LIVE_RUNS:
                raise WebError(
                    429,
                    f"too many runs under way: at most {MAX_LIVE_RUNS} queued or running at "
                    "once per client; wait for one to finish",
                )
            run = self.store.add_run(sid, number, KIND, params, seed_used, author=author)
            self._live[run.id] = requester
        self.pool.submit(self._run, run.id, sid, number, model, draws, seed, mode)
        return run

    def _run(
        self, run_id: int, sid: str, number: int, model: str, draws: int, seed: int, mode: str
    ) -> None:
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY and total:
                last = now
                self.store.update_run(run_id, progress=min(0.99, done / total))

        try:
            self.store.update_run(run_id, status="running", progress=0.0)
            stored = self.store.get(sid, number).scenario()
            # accord forecast --batna assessed [--draws N --seed S]: the command's numbers
            found = api.forecast(
                stored,
                model,
                draws=draws if mode == "montecarlo" else None,
                seed=seed,
                batna="assessed",
                progress=progress,
            )
            s, point, looks = found.scenario, found.forecast, found.outlook
            result: dict[str, Any] = {"forecast": point.to_dict()}
            if found.simulation is not None:
                result["simulation"] = found.simulation.to_dict()
            # deal or no deal first; the forecast above holds if a deal is reached
            from accord.overview.deal import deal_lines, package_lines

            result.update(looks.to_dict())
            result["deal_lines"] = deal_lines(s, looks) + package_lines(s, looks)
            result["intervals"] = _intervals(s, point)
            self.store.update_run(run_id, status="done", progress=1.0, result=plain(result))
        except Exception as exc:  # recorded on the run: the page shows it
            log.exception("forecast run %s failed", run_id)
            self.store.update_run(run_id, status="failed", error=f"{type(exc).__name__}: {exc}")
        finally:
            with self._lock:
                self._live.pop(run_id, None)

    def shutdown(self) -> None:
        """Stop taking runs: queued runs are cancelled, running ones left to end on their own (the
        server does not wait for them; a restart marks them interrupted).
        """
        self.pool.shutdown(wait=False, cancel_futures=True)


def _intervals(s: Any, point: Any) -> dict[str, Any] | None:
    """The forecast's calibrated 50/80/90% intervals per issue (None: a model without a fit)."""
    from accord.forecast.calibration import forecast_intervals

    try:
        return plain(forecast_intervals(s, point))
    except ValueError:
        return None
