"""Forecast runs in background threads, recorded in the store as they progress.

Monte Carlo is NumPy and HiGHS work that mostly leaves the interpreter lock, so a small
thread pool keeps the server responsive; the store records status and progress, so a page
polls the store, not the thread.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from accord.forecast.models import MODELS, forecast
from accord.forecast.montecarlo import simulate
from accord.store import RunInfo, Store
from accord.web.errors import WebError
from accord.web.services import plain

log = logging.getLogger("accord.web")

KIND = "forecast"
MAX_DRAWS = 100_000
#: Progress is written to the store at most this often (seconds).
PROGRESS_EVERY = 0.2


class Runner:
    def __init__(self, store: Store, workers: int = 2) -> None:
        self.store = store
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="accord-run")

    def start(self, sid: str, number: int, model: str, draws: int, seed: int) -> RunInfo:
        if model not in MODELS:
            raise WebError(400, f"unknown model '{model}'; models: {', '.join(MODELS)}")
        if not 1 <= draws <= MAX_DRAWS:
            raise WebError(400, f"draws must be between 1 and {MAX_DRAWS:,}")
        params = {"model": model, "draws": draws}
        run = self.store.add_run(sid, number, KIND, params, seed)
        self.pool.submit(self._run, run.id, sid, number, model, draws, seed)
        return run

    def _run(self, run_id: int, sid: str, number: int, model: str, draws: int, seed: int) -> None:
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY and total:
                last = now
                self.store.update_run(run_id, progress=min(0.99, done / total))

        try:
            self.store.update_run(run_id, status="running", progress=0.0)
            s = self.store.get(sid, number).scenario()
            sim = simulate(s, model, draws=draws, seed=seed, progress=progress)
            result: dict[str, Any] = {
                "forecast": forecast(s, model).to_dict(),
                "simulation": sim.to_dict(),
            }
            self.store.update_run(run_id, status="done", progress=1.0, result=plain(result))
        except Exception as exc:  # recorded on the run: the page shows it
            log.exception("forecast run %s failed", run_id)
            self.store.update_run(run_id, status="failed", error=f"{type(exc).__name__}: {exc}")

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
