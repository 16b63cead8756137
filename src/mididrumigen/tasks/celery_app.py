"""Celery: the same jobs on worker processes, queued through Redis (MIDIDRUMIGEN_BROKER_URL).

    mididrumigen worker            # a worker with this process's settings
    MIDIDRUMIGEN_BROKER_URL=redis://127.0.0.1:6379/0 mididrumigen serve

The broker only carries task ids; params, progress and results stay in the database, which
workers and API servers must share (PostgreSQL, or one SQLite file on one machine). Celery is
imported only here, and only when a broker is configured. A worker process makes its
services.Runtime (database, knowledge base, engine, LLM coordinator) when it starts or on its
first task, and closes it when it shuts down.

At-least-once, as Celery documents it: a message is acknowledged after its task ran
(task_acks_late), given back when the worker process running it is lost
(task_reject_on_worker_lost), a worker reserves one message per free slot
(worker_prefetch_multiplier 1), and Redis gives an unacknowledged message to another worker
once the visibility timeout — longer than the longest task — has passed. Jobs are idempotent
(jobs.py), so a task delivered twice runs once (only a pending task is claimed) or harmlessly
again. Every process also runs a TaskKeeper: tasks whose worker died are queued again without
waiting for the visibility timeout, and a task that could not be claimed because the database
was away is retried by Celery with a backoff.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from ..errors import StorageError
from . import state
from .jobs import Observer, execute
from .keeper import KeeperPolicy, TaskKeeper, visibility_timeout_s

if TYPE_CHECKING:
    from celery import Celery
    from sqlalchemy.engine import Engine

    from ..config import Settings
    from ..services.runtime import Runtime

TASK_NAME = "mididrumigen.run_task"
WORKER_RUNNER_ID = "worker"
QUEUE = "mididrumigen"
CLAIM_RETRIES = 40  # a task its worker could not claim (database away): ~30 min of backoff


def celery_settings(settings: Settings) -> dict[str, Any]:
    """The Celery configuration: late acks, reject on worker loss, prefetch 1, a visibility
    timeout sized to the longest task."""
    return {"task_ignore_result": True, "broker_connection_retry_on_startup": True,
            "worker_hijack_root_logger": False, "task_default_queue": QUEUE,
            "task_acks_late": True, "task_reject_on_worker_lost": True,
            "worker_prefetch_multiplier": 1,
            "worker_cancel_long_running_tasks_on_connection_loss": True,
            "broker_transport_options": {"visibility_timeout": visibility_timeout_s(settings)}}


def make_celery(settings: Settings, *, policy: KeeperPolicy | None = None) -> Celery:
    """A Celery app for settings.tasks.broker_url with the run_task task registered; its
    workers run a TaskKeeper."""
    from celery import Celery
    from celery.signals import worker_ready, worker_shutdown

    broker = settings.tasks.broker_url
    if not broker:
        raise StorageError("no broker configured; set MIDIDRUMIGEN_BROKER_URL=redis://host:6379/0")
    app = Celery("mididrumigen", broker=broker, set_as_current=False)
    app.conf.update(celery_settings(settings))
    owner = state.owner_id(WORKER_RUNNER_ID)
    worker = _WorkerRuntime(settings)  # this worker process's, made when it starts
    running: set[str] = set()  # the tasks this worker process is running
    lock = threading.Lock()

    @app.task(name=TASK_NAME, bind=True, autoretry_for=(StorageError,), retry_backoff=True,
              retry_backoff_max=60, retry_jitter=True, max_retries=CLAIM_RETRIES)
    def run_task(self: Any, task_id: str) -> str | None:
        with lock:
            running.add(task_id)
        try:
            runtime = worker.get()  # StorageError while the database is away: retried
            assert runtime.database is not None
            return execute(runtime.database, settings, task_id, owner, runtime=runtime)
        finally:
            with lock:
                running.discard(task_id)

    def held() -> set[str]:
        with lock:
            return set(running)

    keepers: list[TaskKeeper] = []

    @worker_ready.connect(weak=False)
    def _start_keeper(**_: Any) -> None:
        from ..storage.engine import make_engine

        state.runner_started(WORKER_RUNNER_ID)  # the keeper works while the database is away
        keeper = TaskKeeper(make_engine(settings.storage.effective_database_url()), held=held,
                            owner=owner, requeue=lambda task_id: send(app, task_id),
                            requeue_owner=state.QUEUED_ON_BROKER,
                            policy=policy or KeeperPolicy.from_settings(settings))
        keepers.append(keeper)
        keeper.start()

    @worker_shutdown.connect(weak=False)
    def _close(**_: Any) -> None:
        for k in keepers:
            k.stop()
        worker.close()

    return app


def send(app: Celery, task_id: str) -> None:
    """Queue a task's id on the broker (its Celery id is the task id: duplicates show)."""
    app.send_task(TASK_NAME, args=[task_id], task_id=task_id)



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
    """submit() writes the pending row and queues its id on the broker; a TaskKeeper queues
    again the tasks of workers that died (this process runs no task itself)."""

    name = "celery"

    def __init__(self, engine: Engine, settings: Settings, *,
                 observer: Observer | None = None, policy: KeeperPolicy | None = None) -> None:
        self.engine, self.settings = engine, settings
        self.app = make_celery(settings)
        self.keeper = TaskKeeper(engine, held=set, owner=state.QUEUED_ON_BROKER,
                                 requeue=lambda task_id: send(self.app, task_id),
                                 requeue_owner=state.QUEUED_ON_BROKER,
                                 policy=policy or KeeperPolicy.from_settings(settings))

    def start(self) -> list[str]:
        return self.keeper.start()

    def submit(self, kind: str, params: dict[str, Any], *, key: str | None = None
               ) -> tuple[str, bool]:
        task_id, joined = state.submit_row(self.engine, kind, params, key=key,
                                           owner=state.QUEUED_ON_BROKER)
        if not joined:
            try:
                send(self.app, task_id)
            except Exception as e:  # kombu raises its own OperationalError family
                state.finish(self.engine, task_id, error=f"could not queue the task: {e}")
                raise StorageError(f"the task broker is unreachable ({type(e).__name__}); "
                                   "check MIDIDRUMIGEN_BROKER_URL and that Redis runs") from e
        return task_id, joined

    def shutdown(self, wait: bool = True) -> None:
        self.keeper.stop()
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
