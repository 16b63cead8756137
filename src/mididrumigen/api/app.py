"""create_app(settings): the FastAPI application. Nothing connects until it starts.

    uvicorn --factory mididrumigen.api.app:create_app     # or: mididrumigen serve

On start-up (lifespan) it makes the app's services.Runtime (opens and migrates the database,
loads the knowledge base and genre models) and starts the task runner (failing tasks that a dead
process left running); on shutdown it waits for running tasks and closes the runtime.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, Request

from .. import __version__
from ..config import Settings
from ..errors import UserInputError
from .context import API_PREFIX, ApiContext
from .docs import mount_docs
from .errors import install_error_handlers
from .metrics import Metrics
from .middleware import LocalOnlyMiddleware, RequestContextMiddleware
from .routes import artists, device, files, generate, humanize, research, system, tasks
from .security import (
    LOCAL_HOSTS,
    AccessPolicy,
    is_loopback,
    parse_list,
    parse_networks,
    rate_limited,
    require_key,
)
from .ui import mount_ui

if TYPE_CHECKING:
    from ..tasks.runner import TaskRunner

DESCRIPTION = ("Drum MIDI in the style of any artist, band or drummer. Every error has the shape "
               "{error, message, details, timestamp, request_id}.")


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for error answers every route may give (all ErrorPublic)."""
    from .schemas import ErrorPublic

    what = {400: "The Host header does not name this server (no API keys)",
            401: "Missing or invalid X-API-Key", 403: "Not this machine (no API keys)",
            408: "The request body did not arrive in time",
            413: "Request body too large", 422: "Invalid request",
            429: "Rate limit reached (Retry-After)",
            503: "Storage unavailable: nothing was saved or acknowledged"}
    return {code: {"model": ErrorPublic, "description": what[code]} for code in codes}


async def known_query_only(request: Request) -> None:
    """422 for a query parameter the operation does not declare (the schema is the contract:
    a misspelt `limt=5` is an error, not a silent default)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        known.update(p.alias for p in sub.query_params)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise UserInputError(f"unknown query parameter {unknown[0]!r}"
                             + (f"; this operation takes {', '.join(sorted(known))}" if known
                                else "; this operation takes none"), field=unknown[0])


BIND_HOST_ENV = "MIDIDRUMIGEN_API__BIND_HOST"  # settings.api.bind_host
TASK_WORKERS_ENV = "MIDIDRUMIGEN_TASKS__WORKERS"  # settings.tasks.workers


def app_from_env() -> FastAPI:
    """create_app for uvicorn's factory mode (`serve --workers N` starts N processes, each calling
    this): each builds its Settings, where `serve` put the host and task threads in the env."""
    return create_app(Settings())


def create_app(settings: Settings | None = None, *, bind_host: str | None = None,
               runner: TaskRunner | None = None, task_workers: int | None = None) -> FastAPI:
    """The app for `settings` (default: Settings(), from the environment and config files).

    bind_host: where the server listens (default settings.api.bind_host); beyond loopback an
    API key is required, so keys must be configured. Without keys the app itself answers only
    local clients whose Host header names this machine, however the server was started.
    Forwarding headers are read by the app (MIDIDRUMIGEN_TRUSTED_PROXIES), so run uvicorn
    with --no-proxy-headers, as `serve` does. runner: a task runner to use instead of
    make_runner(…). task_workers: in-process task threads (default settings.tasks.workers).
    """
    settings = settings if settings is not None else Settings()
    bind_host = bind_host or settings.api.bind_host
    workers = task_workers or settings.tasks.workers
    keys = parse_list(settings.api.keys)
    if not keys and not is_loopback(bind_host):
        raise UserInputError(f"listening on {bind_host} needs API keys: set MIDIDRUMIGEN_API_KEYS"
                             "=key1,key2 (clients send X-API-Key), or bind to 127.0.0.1",
                             field="host")
    metrics = Metrics()
    hosts = parse_list(settings.api.allowed_hosts) or (*LOCAL_HOSTS, bind_host.lower())
    access = AccessPolicy(keys, require_key=bool(keys) or not is_loopback(bind_host),
                          per_minute=settings.api.rate_limit_per_minute,
                          storage_url=settings.tasks.broker_url,
                          trusted_proxies=parse_networks(settings.api.trusted_proxies),
                          allowed_hosts=hosts,
                          providers=parse_list(settings.api.providers) or ("template",))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from ..history_writer import HistoryWriter
        from ..services import Runtime
        from ..tasks.runner import make_runner

        runtime = Runtime.open(settings)
        engine = runtime.database
        assert engine is not None
        runtime.knowledge_base, runtime.genre_library, runtime.groove_engine  # noqa: B018
        import gc

        gc.collect()
        gc.freeze()  # the long-lived knowledge base and models leave the GC's sight: no full-
        # collection pauses walking thousands of immutable objects under load
        task_runner = runner or make_runner(engine, settings, observer=metrics.observe_task,
                                            workers=workers, runtime=runtime)
        history = HistoryWriter(engine)
        store = runtime.generation_store(write_behind=True, prune=True)
        ctx = ApiContext(settings, engine, task_runner, metrics, access, store, runtime,
                         history=history.record)
        ctx.recovered = task_runner.start()
        app.state.ctx = ctx
        warm_up = threading.Thread(target=_warm_similar, args=(runtime, engine), daemon=True,
                                   name="similar-warm-up")
        warm_up.start()
        try:
            yield
        finally:
            warm_up.join(timeout=WARM_UP_JOIN_S)
            task_runner.shutdown(wait=True)
            ctx.close()  # the request threads, before the writers they wait on
            history.close()
            runtime.close()  # the stores, the coordinator's clients, the database

    app = FastAPI(title="MidiDrumiGen", version=__version__, description=DESCRIPTION,
                  lifespan=lifespan, docs_url=None, redoc_url=None)
    install_error_handlers(app)
    mount_ui(app)  # the browser UI at / (static files, no build step)
    mount_docs(app)  # Swagger UI at /docs, its assets from the package (works offline)
    limited = [Depends(rate_limited), Depends(known_query_only)]
    app.include_router(system.health_router, prefix=API_PREFIX, responses=_errors(400, 403))
    app.include_router(device.router, prefix=API_PREFIX,  # the Live device: no key, like /static
                       responses=_errors(400, 403))
    app.include_router(system.metrics_router, prefix=API_PREFIX, dependencies=[Depends(require_key)],
                       responses=_errors(400, 401, 403))
    for module in (generate, humanize, research, tasks, artists, files, system):
        app.include_router(module.router, prefix=API_PREFIX, dependencies=limited,
                           responses=_errors(400, 401, 403, 408, 413, 422, 429, 503))
    origins = parse_list(settings.api.cors_origins)
    if origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "X-API-Key", "X-Request-ID"],
                           expose_headers=["X-Request-ID", "Retry-After"])
    if not access.require_key:
        app.openapi = lambda: _without_security(app)  # type: ignore[method-assign]
        app.add_middleware(LocalOnlyMiddleware, access=access)
    uploads = {API_PREFIX + humanize.HUMANIZE_PATH: max(settings.api.max_body_bytes,
                                                        humanize.UPLOAD_LIMIT)}
    app.add_middleware(RequestContextMiddleware, metrics=metrics, upload_limits=uploads,
                       max_body_bytes=settings.api.max_body_bytes, prefix=API_PREFIX)
    return app


def _without_security(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI schema without the X-API-Key requirement (when keys are not enforced)."""
    if app.openapi_schema is None:
        schema = FastAPI.openapi(app)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                operation.pop("security", None)
        schema.get("components", {}).pop("securitySchemes", None)
    return app.openapi_schema or {}


WARM_UP_JOIN_S = 10.0  # a stopping server waits this long for the warm-up to finish
log = logging.getLogger("mididrumigen.api")


def _warm_similar(runtime: Any, engine: Any) -> None:
    """The first GET /similar's costs paid on a thread at start-up (services.warm_similar): the
    knowledge base's vectors and SQLite's vector index (about a second at 100k profiles)."""
    from ..services import warm_similar

    try:
        warm_similar(runtime, engine)
    except Exception as e:  # a search pays for it instead; the server runs on
        log.warning("similar-artist warm-up failed: %s", e)
