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

from fastapi import Depends, FastAPI

from .. import __version__, services
from ..config import Settings, get_settings
from ..errors import UserInputError
from .context import API_PREFIX, ApiContext
from .errors import install_error_handlers
from .metrics import Metrics
from .middleware import RequestContextMiddleware
from .routes import artists, files, generate, research, system, tasks
from .security import AccessPolicy, is_loopback, parse_list, rate_limited, require_key
from .ui import mount_ui

if TYPE_CHECKING:
    from ..tasks.runner import TaskRunner

DESCRIPTION = ("Drum MIDI in the style of any artist, band or drummer. Every error has the shape "
               "{error, message, details, timestamp, request_id}.")


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
    be configured. runner: a task runner to use instead of make_runner(settings).
    """
    settings = settings or get_settings()
    keys = parse_list(settings.api_keys)
    if not keys and not is_loopback(bind_host):
        raise UserInputError(f"listening on {bind_host} needs API keys: set MIDIDRUMIGEN_API_KEYS"
                             "=key1,key2 (clients send X-API-Key), or bind to 127.0.0.1",
                             field="host")
    metrics = Metrics()
    access = AccessPolicy(keys, require_key=bool(keys) or not is_loopback(bind_host),
                          per_minute=settings.rate_limit_per_minute,
                          storage_url=settings.broker_url)

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
        store = services.generation_store(settings.output_dir, write_behind=True,
                                          retention=services.retention_policy(settings))
        ctx = ApiContext(settings, engine, task_runner, metrics, access, store, coordinator,
                         history=history)
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
                  lifespan=lifespan)
    install_error_handlers(app)
    mount_ui(app)  # the browser UI at / (static files, no build step)
    limited = [Depends(rate_limited)]
    app.include_router(system.health_router, prefix=API_PREFIX)
    app.include_router(system.metrics_router, prefix=API_PREFIX, dependencies=[Depends(require_key)])
    for module in (generate, research, tasks, artists, files, system):
        app.include_router(module.router, prefix=API_PREFIX, dependencies=limited)
    origins = parse_list(settings.cors_origins)
    if origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "X-API-Key", "X-Request-ID"],
                           expose_headers=["X-Request-ID", "Retry-After"])
    if not access.require_key:
        app.openapi = lambda: _without_security(app)  # type: ignore[method-assign]
    app.add_middleware(RequestContextMiddleware, metrics=metrics,
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
