"""Celery: the same jobs on worker processes, queued through Redis (MIDIDRUMIGEN_BROKER_URL).

    mididrumigen worker            # a worker with this process's settings
    MIDIDRUMIGEN_BROKER_URL=redis://127.0.0.1:6379/0 mididrumigen serve

The broker only carries task ids; params, progress and results stay in the database, which
workers and API servers must share (PostgreSQL, or one SQLite file on one machine). Celery is
imported only here, and only when a broker is configured. A worker process makes its
services.Runtime (database, knowledge base, engine, LLM coordinator) when it starts or on its
first task, and closes it when it shuts down.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from ..errors import StorageError
from . import state
from .jobs import Observer, execute

if TYPE_CHECKING:
    from celery import Celery
    from sqlalchemy.engine import Engine

    from ..config import Settings
    from ..services.runtime import Runtime

TASK_NAME = "mididrumigen.run_task"
WORKER_RUNNER_ID = "worker"


def make_celery(settings: Settings) -> Celery:
    """A Celery app for settings.tasks.broker_url with the run_task task registered."""
    from celery import Celery
    from celery.signals import worker_ready, worker_shutdown

    broker = settings.tasks.broker_url
    if not broker:
        raise StorageError("no broker configured; set MIDIDRUMIGEN_BROKER_URL=redis://host:6379/0")
    app = Celery("mididrumigen", broker=broker, set_as_current=False)
    app.conf.update(task_ignore_result=True, broker_connection_retry_on_startup=True,
                    worker_hijack_root_logger=False, task_default_queue="mididrumigen",
                    worker_prefetch_multiplier=1, broker_transport_options={"visibility_timeout": 3600})

    worker = _WorkerRuntime(settings)  # this worker process's, made when it starts

    @app.task(name=TASK_NAME)
    def run_task(task_id: str) -> str | None:
        runtime = worker.get()
        assert runtime.database is not None
        return execute(runtime.database, settings, task_id, state.owner_id(WORKER_RUNNER_ID),
                       runtime=runtime)

    @worker_ready.connect(weak=False)
    def _recover(**_: Any) -> None:
        database = worker.get().database
        assert database is not None
        state.recover_interrupted(database)

    @worker_shutdown.connect(weak=False)
    def _close(**_: Any) -> None:
        worker.close()

    return app


class _WorkerRuntime:
    """The worker's services.Runtime over `settings`, opened once (the first of worker_ready
    and the first task) and closed at worker_shutdown. An API process that only sends tasks
    never opens it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._runtime: Runtime | None = None
        self._lock = threading.Lock()

    def get(self) -> Runtime:
        with self._lock:
            if self._runtime is None:
                from ..services.runtime import Runtime

                self._runtime = Runtime.open(self.settings)
                state.runner_started(WORKER_RUNNER_ID)
            return self._runtime

    def close(self) -> None:
        with self._lock:
            runtime, self._runtime = self._runtime, None
        if runtime is not None:
            runtime.close()


class CeleryRunner:
    """submit() writes the pending row and queues its id on the broker."""

    name = "celery"

    def __init__(self, engine: Engine, settings: Settings, *,
                 observer: Observer | None = None) -> None:
        self.engine, self.settings = engine, settings
        self.app = make_celery(settings)

    def start(self) -> list[str]:
        return state.recover_interrupted(self.engine)

    def submit(self, kind: str, params: dict[str, Any], *, key: str | None = None
               ) -> tuple[str, bool]:
        task_id, joined = state.submit_row(self.engine, kind, params, key=key,
                                           owner=state.QUEUED_ON_BROKER)
        if not joined:
            try:
                self.app.send_task(TASK_NAME, args=[task_id])
            except Exception as e:  # kombu raises its own OperationalError family
                state.finish(self.engine, task_id, error=f"could not queue the task: {e}")
                raise StorageError(f"the task broker is unreachable ({type(e).__name__}); "
                                   "check MIDIDRUMIGEN_BROKER_URL and that Redis runs") from e
        return task_id, joined

    def shutdown(self, wait: bool = True) -> None:
        self.app.close()

    def healthy(self) -> tuple[bool, str]:
        return broker_ping(self.settings.tasks.broker_url or "")


def broker_ping(url: str) -> tuple[bool, str]:
    """(ok, detail) for a redis:// broker: a PING with a one-second timeout."""
    if not url.startswith(("redis://", "rediss://")):
        return True, "not checked (only redis:// brokers are pinged)"
    import redis

    client = redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
    try:
        client.ping()
        return True, "redis answered PING"
    except redis.RedisError as e:
        return False, f"redis unreachable: {type(e).__name__}"
    finally:
        client.close()
