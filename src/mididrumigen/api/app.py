"""create_app(settings): the FastAPI application. Nothing connects until it starts.

    uvicorn --factory mididrumigen.api.app:create_app     # or: mididrumigen serve

On start-up (lifespan) it opens and migrates the database, loads the knowledge base and genre
models and starts the task runner (failing tasks that a dead process left running); on
shutdown it waits for running tasks and closes the database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, Request

from .. import __version__, services
from ..config import Settings, get_settings
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


def known_query_only(request: Request) -> None:
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


BIND_HOST_ENV = "MIDIDRUMIGEN_BIND_HOST"
TASK_WORKERS_ENV = "MIDIDRUMIGEN_TASK_WORKERS"


def app_from_env() -> FastAPI:
    """create_app for uvicorn's factory mode (`serve --workers N` starts N processes, each calling
    this); where the server listens and its task threads come from the environment."""
    import os

    return create_app(bind_host=os.environ.get(BIND_HOST_ENV, "127.0.0.1"),
                      task_workers=int(os.environ.get(TASK_WORKERS_ENV, "2")))


def create_app(settings: Settings | None = None, *, bind_host: str = "127.0.0.1",
               runner: TaskRunner | None = None, task_workers: int = 2) -> FastAPI:
    """The app for `settings` (default: from the environment).

    bind_host: where the server listens; beyond loopback an API key is required, so keys must
    be configured. Without keys the app itself answers only local clients whose Host header
    names this machine, however the server was started. Forwarding headers are read by the
    app (MIDIDRUMIGEN_TRUSTED_PROXIES), so run uvicorn with --no-proxy-headers, as `serve`
    does. runner: a task runner to use instead of make_runner(settings).
    """
    settings = settings or get_settings()
    keys = parse_list(settings.api_keys)
    if not keys and not is_loopback(bind_host):
        raise UserInputError(f"listening on {bind_host} needs API keys: set MIDIDRUMIGEN_API_KEYS"
                             "=key1,key2 (clients send X-API-Key), or bind to 127.0.0.1",
                             field="host")
    metrics = Metrics()
    hosts = parse_list(settings.allowed_hosts) or (*LOCAL_HOSTS, bind_host.lower())
    access = AccessPolicy(keys, require_key=bool(keys) or not is_loopback(bind_host),
                          per_minute=settings.rate_limit_per_minute,
                          storage_url=settings.broker_url,
                          trusted_proxies=parse_networks(settings.trusted_proxies),
                          allowed_hosts=hosts,
                          providers=parse_list(settings.api_providers) or ("template",))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from ..history_writer import HistoryWriter
        from ..storage.engine import open_engine
        from ..tasks.runner import make_runner

        engine = open_engine(settings.effective_database_url())
        services.knowledge_base(), services.genre_library(), services.engine()
        import gc

        gc.collect()
        gc.freeze()  # the long-lived knowledge base and models leave the GC's sight: no full-
        # collection pauses walking thousands of immutable objects under load
        coordinator = services.llm_coordinator(engine)
        task_runner = runner or make_runner(engine, settings, observer=metrics.observe_task,
                                            workers=task_workers, coordinator=coordinator)
        history = HistoryWriter(engine)
        store = services.generation_store(settings.output_dir, write_behind=True)
        ctx = ApiContext(settings, engine, task_runner, metrics, access, store, coordinator,
                         history=history.record)
        ctx.recovered = task_runner.start()
        app.state.ctx = ctx
        try:
            yield
        finally:
            task_runner.shutdown(wait=True)
            store.close()
            history.close()
            coordinator.close()
            engine.dispose()

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
    origins = parse_list(settings.cors_origins)
    if origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "X-API-Key", "X-Request-ID"],
                           expose_headers=["X-Request-ID", "Retry-After"])
    if not access.require_key:
        app.openapi = lambda: _without_security(app)  # type: ignore[method-assign]
        app.add_middleware(LocalOnlyMiddleware, access=access)
    uploads = {API_PREFIX + humanize.HUMANIZE_PATH: max(settings.max_body_bytes,
                                                        humanize.UPLOAD_LIMIT)}
    app.add_middleware(RequestContextMiddleware, metrics=metrics, upload_limits=uploads,
                       max_body_bytes=settings.max_body_bytes, prefix=API_PREFIX)
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
