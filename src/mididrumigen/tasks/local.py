"""LocalRunner: tasks on thread pools in this process, state in the database.

One pool per lane, so work of one kind never waits behind another: engine generations
(template: fast, CPU), LLM generations (slow, waiting on providers), research and augmentation
(slow, waiting on the web). A TaskKeeper marks this runner's tasks alive, and runs again the
tasks of owners that are gone (at start-up: those a dead process left).
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from ..errors import StorageError
from . import state
from .jobs import Observer, execute, log
from .keeper import KeeperPolicy, TaskKeeper

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..config import Settings
    from ..services.runtime import Runtime

LANES = ("engine", "llm", "research")


def lane(kind: str, params: dict[str, Any]) -> str:
    """Which pool a task runs on: engine generations, LLM generations, or research."""
    if kind == "generate":
        return "engine" if params.get("provider", "template") == "template" else "llm"
    return "research" if kind in ("research", "augment") else "llm"


class LocalRunner:
    """submit() writes a pending row and runs it on its lane's pool; shutdown() waits."""

    name = "local"

    def __init__(self, engine: Engine, settings: Settings, *, workers: int = 2,
                 observer: Observer | None = None, runtime: Runtime | None = None,
                 policy: KeeperPolicy | None = None) -> None:
        self.engine, self.settings, self.observer = engine, settings, observer
        self.runtime = runtime  # the app's, shared by its jobs
        self.runner_id = uuid.uuid4().hex[:12]
        self.owner = state.owner_id(self.runner_id)
        self._workers = workers
        self._pools: dict[str, ThreadPoolExecutor] = {}
        self._held: set[str] = set()  # queued in a pool or running here
        self._lock = threading.Lock()
        self.keeper = TaskKeeper(engine, held=self.held, owner=self.owner, requeue=self._run_again,
                                 requeue_owner=self.owner,
                                 policy=policy or KeeperPolicy.from_settings(settings))

    def start(self) -> list[str]:
        """Start the pools and the keeper; the ids of tasks left by dead processes, now queued
        again here (or failed, after too many tries)."""
        state.runner_started(self.runner_id)
        self._pools = {name: ThreadPoolExecutor(max_workers=self._workers,
                                                thread_name_prefix=f"mididrumigen-{name}")
                       for name in LANES}
        return self.keeper.start()

    def held(self) -> set[str]:
        with self._lock:
            return set(self._held)

    def submit(self, kind: str, params: dict[str, Any], *, key: str | None = None
               ) -> tuple[str, bool]:
        """(task_id, joined): joined is True when an active task with the same key exists."""
        if not self._pools:
            raise RuntimeError("LocalRunner.start() was not called")
        task_id, joined = state.submit_row(self.engine, kind, params, key=key, owner=self.owner)
        if not joined:
            self._dispatch(task_id, lane(kind, params))
        return task_id, joined

    def _run_again(self, task_id: str) -> None:
        found = state.load_public(self.engine, task_id)
        kind = found["kind"] if found else "generate"
        self._dispatch(task_id, "research" if kind in ("research", "augment") else "llm")

    def _dispatch(self, task_id: str, lane_name: str) -> None:
        with self._lock:
            self._held.add(task_id)
        try:
            self._pools[lane_name].submit(self._execute, task_id)
        except RuntimeError:  # shutting down: the keeper of the next start takes it
            with self._lock:
                self._held.discard(task_id)
            raise

    def _execute(self, task_id: str) -> None:
        try:
            execute(self.engine, self.settings, task_id, self.owner, self.observer,
                    self.runtime)
        except StorageError as e:  # not even claimed: the keeper dispatches it again later
            log.warning("task %s not started, the database is away: %s", task_id, e)
        finally:
            with self._lock:
                self._held.discard(task_id)

    def shutdown(self, wait: bool = True) -> None:
        self.keeper.stop()
        for pool in self._pools.values():
            pool.shutdown(wait=wait, cancel_futures=not wait)
        self._pools = {}
        state.runner_stopped(self.runner_id)

    def healthy(self) -> tuple[bool, str]:
        return (bool(self._pools), f"{len(self._pools)} task pools running" if self._pools
                else "not started")
