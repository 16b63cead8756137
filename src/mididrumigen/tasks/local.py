"""LocalRunner: tasks on a thread pool in this process, state in the database."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from . import state
from .jobs import Observer, execute

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..config import Settings
    from ..services.runtime import Runtime


class LocalRunner:
    """submit() writes a pending row and runs it on a worker thread; shutdown() waits."""

    name = "local"

    def __init__(self, engine: Engine, settings: Settings, *, workers: int = 2,
                 observer: Observer | None = None, runtime: Runtime | None = None) -> None:
        self.engine, self.settings, self.observer = engine, settings, observer
        self.runtime = runtime  # the app's, shared by its jobs
        self.runner_id = uuid.uuid4().hex[:12]
        self.owner = state.owner_id(self.runner_id)
        self._workers = workers
        self._pool: ThreadPoolExecutor | None = None

    def start(self) -> list[str]:
        """Start the pool; fail tasks left behind by dead processes (their ids)."""
        state.runner_started(self.runner_id)
        self._pool = ThreadPoolExecutor(max_workers=self._workers,
                                        thread_name_prefix="mididrumigen-task")
        return state.recover_interrupted(self.engine)

    def submit(self, kind: str, params: dict[str, Any], *, key: str | None = None
               ) -> tuple[str, bool]:
        """(task_id, joined): joined is True when an active task with the same key exists."""
        if self._pool is None:
            raise RuntimeError("LocalRunner.start() was not called")
        task_id, joined = state.submit_row(self.engine, kind, params, key=key, owner=self.owner)
        if not joined:
            self._pool.submit(execute, self.engine, self.settings, task_id, self.owner,
                              self.observer, self.runtime)
        return task_id, joined

    def shutdown(self, wait: bool = True) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=not wait)
            self._pool = None
        state.runner_stopped(self.runner_id)

    def healthy(self) -> tuple[bool, str]:
        return (self._pool is not None, "thread pool running" if self._pool else "not started")

