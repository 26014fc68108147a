"""A closed page stops its analysis: the disconnect watcher marks the request gone, and the
result cache stops a Pareto frontier once every request waiting for it has gone, never while
one still waits."""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tests.web_support import SID, client

from accord.analysis.frontier_cost import Cancelled
from accord.analysis.pareto import Frontier, pareto_frontier
from accord.analysis.space import OutcomeSpace, outcome_space
from accord.io import load_builtin
from accord.web.cache import ResultCache
from accord.web.disconnect import CLIENT_GONE, WatchDisconnect


@pytest.fixture(scope="module")
def space() -> OutcomeSpace:
    return outcome_space(load_builtin(SID))


def in_request(gone: threading.Event, work: Callable[[], Any]) -> Any:
    """``work()`` as a request handler runs it: with its "client gone" event in context."""

    def run() -> Any:
        CLIENT_GONE.set(gone)
        return work()

    return contextvars.copy_context().run(run)


def frontier(space: OutcomeSpace) -> Frontier:
    return pareto_frontier(space, method="merge", epsilon=0)


def test_a_gone_request_stops_the_frontier_and_nothing_is_kept(space: OutcomeSpace) -> None:
    cache = ResultCache()
    gone = threading.Event()
    gone.set()
    with pytest.raises(Cancelled):
        in_request(gone, lambda: cache.get("front", lambda: frontier(space)))
    assert not cache.ready("front") and len(cache) == 0
    # outside a request nothing can go: the same key is computed in full
    assert cache.get("front", lambda: frontier(space)).size == frontier(space).size


def two_requests(cache: ResultCache, leave: Callable[[], None], space: OutcomeSpace) -> dict:
    """Requests a and b ask for the same frontier; a computes it, b joins while it runs, and
    ``leave()`` (closing pages) is called once both wait. What each request got, or raised."""
    gone = {"a": threading.Event(), "b": threading.Event()}
    b_joined = threading.Event()
    results: dict[str, Any] = {}

    def compute() -> Frontier:
        assert b_joined.wait(10)
        leave(gone)
        return frontier(space)

    def ask(name: str) -> None:
        try:
            results[name] = in_request(gone[name], lambda: cache.get("front", compute))
        except BaseException as exc:  # recorded for the test's assertions
            results[name] = exc

    a = threading.Thread(target=ask, args=("a",))
    a.start()
    while len(cache) == 0:  # a owns the computation
        threading.Event().wait(0.01)
    b = threading.Thread(target=ask, args=("b",))
    b.start()
    while not cache_has_two_waiters(cache, "front"):
        threading.Event().wait(0.01)
    b_joined.set()
    a.join(30)
    b.join(30)
    return results


def test_one_request_left_keeps_the_work_going(space: OutcomeSpace) -> None:
    # the first page is closed while the second still waits
    results = two_requests(ResultCache(), lambda gone: gone["a"].set(), space)
    assert isinstance(results["a"], Frontier) and results["a"].size == frontier(space).size
    assert results["b"] is results["a"]


def test_every_request_gone_stops_it_for_all(space: OutcomeSpace) -> None:
    cache = ResultCache()
    results = two_requests(cache, lambda gone: [g.set() for g in gone.values()], space)
    assert isinstance(results["a"], Cancelled) and isinstance(results["b"], Cancelled)
    assert len(cache) == 0


def cache_has_two_waiters(cache: ResultCache, key: str) -> bool:
    entry = cache._items.get(key)
    return entry is not None and len(entry[1]._gone) == 2


def test_the_watcher_marks_a_disconnected_get_and_leaves_posts_alone() -> None:
    seen: dict[str, Any] = {}

    def handler(request: Request) -> JSONResponse:  # runs in a worker thread, as routes do
        gone = CLIENT_GONE.get()
        seen[request.method] = None if gone is None else gone.wait(10)
        return JSONResponse({})

    app = WatchDisconnect(Starlette(routes=[Route("/", handler, methods=["GET", "POST"])]))

    async def call(method: str) -> list[str]:
        sent: list[str] = []
        messages = [{"type": "http.request", "body": b"", "more_body": False}]

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop(0)
            return {"type": "http.disconnect"}  # the client has gone

        async def send(message: dict[str, Any]) -> None:
            sent.append(message["type"])

        scope = {
            "type": "http",
            "method": method,
            "path": "/",
            "raw_path": b"/",
            "query_string": b"",
            "headers": [],
            "http_version": "1.1",
            "scheme": "http",
            "server": ("127.0.0.1", 8000),
            "client": ("127.0.0.1", 1),
            "root_path": "",
        }
        await app(scope, receive, send)  # type: ignore[arg-type]
        return sent

    assert asyncio.run(call("GET")) == ["http.response.start", "http.response.body"]
    assert seen["GET"] is True  # the handler saw its client go
    asyncio.run(call("POST"))
    assert seen["POST"] is None  # a state change is never watched


def test_a_stopped_analysis_answers_503(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import accord.web.routes.drafts as drafts

    def stopped(*args: Any) -> Any:
        raise Cancelled("the frontier computation was cancelled")

    monkeypatch.setattr(drafts, "verdict_rows", stopped)
    r = client(tmp_path).get(f"/api/scenarios/{SID}/analysis")
    assert r.status_code == 503 and "page was closed" in r.json()["error"]


def test_pages_still_answer_through_the_watcher(tmp_path: Path) -> None:
    c = client(tmp_path)
    r = c.get(f"/api/scenarios/{SID}/analysis")
    assert r.status_code == 200 and r.json()["zopa"]["exists"] is False
    posted = c.post(
        f"/api/scenarios/{SID}/batna", json={"actor": "russia", "base": 1, "utility": 0.5}
    )
    assert posted.status_code == 201
