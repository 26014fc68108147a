"""The FastAPI app: pages (Jinja2 + htmx), the JSON API under ``/api``, static files.

``create_app(store, token=...)`` wires the store, the result cache, the forecast runner,
the error handlers and the access guard; the routers in :mod:`accord.web.routes` hold the
pages and endpoints, one module per page group.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from importlib import resources

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import accord
from accord.model.issues import Issue, IssueKind
from accord.overview.words import position_text
from accord.store import Store
from accord.web import access, errors, protect, security
from accord.web.cache import ResultCache
from accord.web.disconnect import WatchDisconnect
from accord.web.editor import minutes
from accord.web.limits import LoginLimiter
from accord.web.routes import auth, conflict, csrf, drafts, forecasts, overview, scenarios, versions
from accord.web.runs import Runner
from accord.web.services import Services

_HERE = resources.files("accord.web")
#: Requests handled at once (worker threads); more wait for a free thread.
WORKER_THREADS = 8
#: The GIL's switch interval while the app runs, in seconds (Python's default: 0.005).
SWITCH_INTERVAL = 0.001


def create_app(
    store: Store,
    *,
    token: str | None = None,
    allowed_hosts: Sequence[str] = (),
    accounts: bool | None = None,
    session_lifetime: timedelta = access.SESSION_LIFETIME,
    login_limiter: LoginLimiter | None = None,
) -> FastAPI:
    """The app; ``allowed_hosts``: names it answers to besides the loopback ones."""
    mode = access_mode(store, token, accounts)
    if mode == "token":
        # a token session from before (perhaps of another token) is not this token's
        store.accounts.end_sessions(None)
    runner = Runner(store)
    # A new process owns no runs yet: any run still queued or running was left so by a
    # server that stopped, and would otherwise show a spinner for ever.
    runner.recover()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Handlers run in worker threads sharing one GIL: more threads than this add no
        # throughput, and each thread queued for the GIL delays every other (a thread
        # between two short database calls waits its turn behind all of them).
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
        # A thread back from a database call or a socket waits for the GIL until the
        # thread holding it is asked to let go, after the switch interval (5 ms by
        # default). A request makes a dozen such calls, so while an analysis computes, or
        # while other requests render, each costs it a turn: a save holding SQLite's write
        # lock for 20 calls held it for 100 ms, and every save queued behind it. A shorter
        # interval hands the GIL back sooner, at the price of more switches.
        before = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        try:
            yield
        finally:
            sys.setswitchinterval(before)
            runner.shutdown()

    app = FastAPI(
        title="accord",
        version=accord.__version__,
        description="Multi-party negotiation models: scenarios, scores, analyses, forecasts.",
        lifespan=lifespan,
        docs_url=None,  # the Swagger page loads its scripts from a CDN; /openapi.json stays
        redoc_url=None,
    )
    app.state.services = services = Services(store=store, cache=ResultCache())
    # (the change count's connection is not closed with the lifespan: an app may be started
    # again, as the tests' clients do, and would then keep nothing)
    app.state.runner = runner
    app.state.token = token
    app.state.access_mode = mode
    app.state.session_lifetime = session_lifetime
    app.state.login_limiter = login_limiter or LoginLimiter()
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    templates.env.autoescape = True  # every template, whatever its name
    templates.env.globals["token_required"] = token is not None
    templates.env.globals["access_mode"] = mode
    templates.env.globals["identity_of"] = access.identity_of
    templates.env.globals["setting_label"] = setting_label
    templates.env.globals["position_text"] = position_text
    templates.env.filters["minutes"] = minutes
    templates.env.globals["csrf_token_for"] = security.csrf_token_for
    app.state.templates = templates

    errors.install(app)

    @app.exception_handler(security.BodyTooLarge)
    async def _too_large(request: Request, exc: security.BodyTooLarge) -> Response:
        return errors.respond(request, 413, "request too large: the limit is 2 MB")

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> Response:
        return Response(
            _plotly_js(),
            media_type="application/javascript",
            headers={"Cache-Control": "max-age=86400"},
        )

    # after the plotly route: a mount answers every path below it
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    for module in (auth, csrf, scenarios, overview, drafts, forecasts, conflict, versions):
        app.include_router(module.router)
    # innermost: a closed page's request marks itself gone, and its analysis can stop
    app.add_middleware(WatchDisconnect)
    app.add_middleware(access.Access, store=store, mode=mode, token=token, fresh=services.fresh)
    app.add_middleware(security.Guard)
    # outermost (added last): host, origin and CSRF checks and the headers cover every answer
    app.add_middleware(protect.Protect, allowed_hosts=allowed_hosts)
    return app


_PLOTLY: list[bytes] = []


def _plotly_js() -> bytes:
    # Served from the installed plotly package, so the page works offline and matches it.
    if not _PLOTLY:
        from plotly.offline import get_plotlyjs

        _PLOTLY.append(get_plotlyjs().encode())
    return _PLOTLY[0]


def access_mode(store: Store, token: str | None, accounts: bool | None) -> access.Mode:
    """The sign-in mode: ``token`` with a token, ``accounts`` when asked for or (None) when
    the store has users, else ``open``. Both a token and accounts is refused: the token
    mode is for one person, accounts for a team."""
    if accounts is None:
        accounts = not token and store.accounts.count() > 0
    if token and accounts:
        raise ValueError("give a token or use accounts, not both")
    return "token" if token else "accounts" if accounts else "open"


def setting_label(issue: Issue, key: str) -> str:
    """The label of a setting as Monte Carlo results key it (booleans as "true"/"false")."""
    value: object = key == "true" if issue.kind is IssueKind.boolean else key
    return issue.label(value)
