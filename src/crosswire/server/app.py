"""The app: ``create_app(location, token=…)`` builds the FastAPI application over one
workspace. Routes are in ``routes``; this module holds what every request shares — the
workspace threads, the story cache, the event hub, the token check — and the rules that apply to
all of them: every write needs the bearer token, and every error is JSON naming the field at
fault, never a traceback."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from crosswire import pipeline
from crosswire.alerts import DEFAULT_DELIVERY, DeliveryConfig, Dispatcher
from crosswire.changes import recover
from crosswire.errors import RunFailed, StoreBusy, UserError
from crosswire.feeds.watch import WatchConfig
from crosswire.fetch.client import FetchConfig
from crosswire.fetch.pages import PageReader
from crosswire.ingest.limits import DEFAULT_MAX_BYTES
from crosswire.records import Briefing
from crosswire.server.access import WorkspaceAccess
from crosswire.server.auth import TokenCheck, bearer
from crosswire.server.events import EventHub
from crosswire.server.posts import ApiError
from crosswire.server.stories import StoryCache
from crosswire.server.watcher import Watcher
from crosswire.server.writes import Seen
from crosswire.workspace import Workspace

log = logging.getLogger("crosswire.server")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class ServerState:
    """What the routes share (``request.app.state.crosswire``)."""

    access: WorkspaceAccess
    cache: StoryCache
    hub: EventHub
    token: TokenCheck
    #: Largest article read from a post, as ``brief --max-bytes``.
    max_bytes: int
    #: Largest request body taken (a JSON-escaped article is longer than its text).
    max_body: int
    #: Sends the alerts' deliveries off the request path (None: alerts are not sent).
    alerts: Dispatcher | None = None
    #: Reads the feeds (``serve --watch``; None: no watching).
    watcher: Watcher | None = None
    #: How a posted ``url`` is fetched (the guard's policy: public addresses by default).
    fetch: FetchConfig = field(default_factory=FetchConfig)
    #: What the event stream has announced (``writes.catch_up`` follows other processes).
    seen: Seen = field(default_factory=Seen)


def state_of(request: Request) -> ServerState:
    return request.app.state.crosswire


def error_body(status: int, message: str, field: str | None = None) -> JSONResponse:
    error: dict[str, object] = {"status": status, "message": message}
    if field is not None:
        error["field"] = field
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": error}, status_code=status, headers=headers)


async def require_token_for_writes(request: Request) -> None:
    """Reads are open; a POST, PUT, PATCH or DELETE needs ``Authorization: Bearer TOKEN``. The
    check may run scrypt (once per token), so it runs off the event loop."""
    if request.method not in WRITE_METHODS:
        return
    token = bearer(request.headers.get("authorization"))
    if token is None:
        raise ApiError(401, "this write needs Authorization: Bearer TOKEN", "Authorization")
    if not await run_in_threadpool(state_of(request).token.check, token):
        raise ApiError(401, "the bearer token is not this server's write token", "Authorization")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return error_body(error.status, error.message, error.field)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0]
        place = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
        field = ".".join(place) or "body"
        return error_body(422, f"{field}: {first.get('msg', 'invalid')}", field)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        return error_body(error.status_code, str(error.detail))

    @app.exception_handler(StoreBusy)
    async def busy(request: Request, error: StoreBusy) -> JSONResponse:
        log.warning("workspace busy: %s", error)
        response = error_body(503, "the workspace is busy with another writer; try again soon")
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(RunFailed)
    async def run_failed(request: Request, error: RunFailed) -> JSONResponse:
        log.error("analysis failed: %s\n%s", error, error.trace)
        return error_body(
            500, "the analysis failed (logged on the server); what was stored is kept"
        )

    @app.exception_handler(UserError)
    async def user_error(request: Request, error: UserError) -> JSONResponse:
        log.error("workspace error: %s", error)
        return error_body(503, "the workspace cannot be used right now (logged on the server)")

    @app.exception_handler(Exception)
    async def internal(request: Request, error: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_body(500, "internal error (logged on the server)")


def log_failure(doing: str) -> Callable[[Future[Any]], None]:
    """A done-callback that logs the failure of a job nobody awaits."""

    def check(future: Future[Any]) -> None:
        if not future.cancelled() and future.exception() is not None:
            log.error("%s failed", doing, exc_info=future.exception())

    return check


def create_app(
    location: str,
    *,
    token: TokenCheck,
    models: pipeline.Models | None = None,
    heartbeat: float = 15.0,
    readers: int = 2,
    max_bytes: int = DEFAULT_MAX_BYTES,
    busy_timeout: float | None = None,
    alerts: DeliveryConfig | None = DEFAULT_DELIVERY,
    watch: tuple[FetchConfig, WatchConfig] | None = None,
    fetch: FetchConfig | None = None,
    outside_poll: float = 3.0,
) -> FastAPI:
    """The API over the workspace at ``location``. ``token`` checks write tokens
    (``auth.workspace_token`` makes it); ``models`` are shared by every thread (loaded on first
    need when not given); ``heartbeat`` is the seconds between SSE keep-alive comments;
    ``alerts`` how webhook deliveries are retried (None: the server sends none); ``watch``, the
    fetcher's and the watch loop's settings, starts a feed watcher (``serve --watch``); ``fetch``
    is how a posted ``url`` is fetched (default: public addresses only); every
    ``outside_poll`` seconds the event stream catches up with other processes' writes."""
    # The routes import this module's helpers.
    from crosswire.server import alert_routes, feed_routes, ui, writes
    from crosswire.server.routes import router

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        access = WorkspaceAccess(
            location, models=models, readers=readers, busy_timeout=busy_timeout
        )
        state = ServerState(
            access, StoryCache(), EventHub(heartbeat), token, max_bytes, 2 * max_bytes + 65536
        )
        state.hub.bind(asyncio.get_running_loop())
        if fetch is not None:
            state.fetch = fetch
        if alerts is not None:
            state.alerts = Dispatcher(lambda: access.open_workspace(), alerts)
        app.state.crosswire = state
        # Record the events a killed process left unrecorded, then analyse every story once in
        # the background, so the first list is quick.
        recovered = access.writer.submit(recover)
        recovered.add_done_callback(log_failure("recording the events a killed run left"))
        if state.alerts is not None:
            dispatcher = state.alerts

            def kick(_: Future[int]) -> None:
                dispatcher.kick()

            recovered.add_done_callback(kick)
        warm = access.readers.submit(state.cache.entries)
        warm.add_done_callback(log_failure("analysing the stories at start"))

        def add_pages(_: Workspace, urls: list[str], read: PageReader) -> Briefing:
            """A watch batch: the pages are fetched here, on the watcher's thread; storing
            and announcing them is the writer thread's, as for a POST (one writer at a time,
            and each write's before-and-after is its own)."""
            pages = {url: list(read(url)) for url in urls}

            def store(workspace: Workspace) -> Briefing:
                posted = writes.add(
                    workspace,
                    urls,
                    [],
                    state.cache,
                    state.max_bytes,
                    lambda u: iter(pages[u]),
                    state.seen,
                )
                writes.announce(workspace, posted, state.cache, state.hub, state.alerts)
                assert posted.briefing is not None
                return posted.briefing

            return access.writer.submit(store).result()

        if watch is not None:
            state.watcher = Watcher(access.open_workspace, *watch, add=add_pages)

        async def follow_other_processes() -> None:
            while True:
                await asyncio.sleep(outside_poll)
                try:
                    await access.write(
                        lambda w: writes.catch_up(w, state.seen, state.cache, state.hub)
                    )
                except Exception as error:  # busy, or a bug: logged, tried again next time
                    log.warning("following other processes' changes failed: %s", error)

        follower = asyncio.create_task(follow_other_processes())
        try:
            yield
        finally:
            follower.cancel()
            warm.cancel()
            if state.watcher is not None:
                state.watcher.stop()
            if state.alerts is not None:
                state.alerts.stop()
            access.stop()

    app = FastAPI(
        title="crosswire",
        summary="Stories, briefings and articles of a crosswire workspace.",
        description="Reads are open; every write needs `Authorization: Bearer TOKEN`.",
        version="1",
        lifespan=lifespan,
        dependencies=[Depends(require_token_for_writes)],
    )
    _install_error_handlers(app)
    app.include_router(router)
    app.include_router(alert_routes.router)
    app.include_router(feed_routes.router)
    app.include_router(ui.router)
    return app
