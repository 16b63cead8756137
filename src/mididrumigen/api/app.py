"""create_app(settings): the FastAPI application. Nothing connects until it starts.

    uvicorn --factory mididrumigen.api.app:create_app     # or: mididrumigen serve

On start-up (lifespan) it makes the app's services.Runtime (opens and migrates the database,
loads the knowledge base and genre models) and starts the task runner (failing tasks that a dead
process left running); on shutdown it waits for running tasks and closes the runtime.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI

from .. import __version__
from ..config import Settings
from ..errors import UserInputError
from .context import API_PREFIX, ApiContext
from .docs import mount_docs
from .errors import install_error_handlers
from .metrics import Metrics
from .middleware import RequestContextMiddleware
from .routes import artists, device, files, generate, humanize, research, system, tasks
from .security import AccessPolicy, is_loopback, parse_list, rate_limited, require_key
from .ui import mount_ui

if TYPE_CHECKING:
    from ..tasks.runner import TaskRunner

DESCRIPTION = ("Drum MIDI in the style of any artist, band or drummer. Every error has the shape "
               "{error, message, details, timestamp, request_id}.")


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
    API key is required, so keys must be configured. runner: a task runner to use instead of
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
    access = AccessPolicy(keys, require_key=bool(keys) or not is_loopback(bind_host),
                          per_minute=settings.api.rate_limit_per_minute,
                          storage_url=settings.tasks.broker_url)

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
                         history=history)
        ctx.recovered = task_runner.start()
        app.state.ctx = ctx
        try:
            yield
        finally:
            task_runner.shutdown(wait=True)
            history.close()
            runtime.close()  # the stores, the coordinator's clients, the database

    app = FastAPI(title="MidiDrumiGen", version=__version__, description=DESCRIPTION,
                  lifespan=lifespan, docs_url=None, redoc_url=None)
    install_error_handlers(app)
    mount_ui(app)  # the browser UI at / (static files, no build step)
    mount_docs(app)  # Swagger UI at /docs, its assets from the package (works offline)
    limited = [Depends(rate_limited)]
    app.include_router(system.health_router, prefix=API_PREFIX)
    app.include_router(device.router, prefix=API_PREFIX)  # the Live device: no key, like /static
    app.include_router(system.metrics_router, prefix=API_PREFIX, dependencies=[Depends(require_key)])
    for module in (generate, humanize, research, tasks, artists, files, system):
        app.include_router(module.router, prefix=API_PREFIX, dependencies=limited)
    origins = parse_list(settings.api.cors_origins)
    if origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "X-API-Key", "X-Request-ID"],
                           expose_headers=["X-Request-ID", "Retry-After"])
    if not access.require_key:
        app.openapi = lambda: _without_security(app)  # type: ignore[method-assign]
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
