"""TaskKeeper: every task reaches a final state, whatever happens to the process running it.

Each runner has one (the in-process LocalRunner; the API side of Celery; every Celery worker).
Every `interval_s` its thread

- marks the tasks this runner holds alive (tasks.heartbeat_at = now), and
- looks at every pending or running task and takes over those whose owner is gone: its
  process is dead (same host: the pid), its runner in this process has stopped, or it has
  not said it is alive for `stale_after_s` (another host, a frozen process). Such a task goes
  back to pending for this runner to run (or onto the broker) — at most `max_attempts` runs
  in all, then it fails saying why. A task running longer than `max_runtime_s` fails too.
- A task waiting on the broker (owner "celery") is the broker's: Redis gives an unacknowledged
  message back once its visibility timeout passes. Still pending `broker_resend_s` after it
  was queued (its message lost with a worker), it is queued again.

Two keepers seeing the same task race through task_store.take_over, which changes a row only
if it is still as read: one wins. A database outage makes a round fail quietly; the next round
tries again. Jobs are idempotent (a generation re-run saves under the same id and is recorded
once), so running a task again after its owner vanished is safe.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from ..errors import StorageError
from ..storage.columns import utcnow
from ..storage.engine import session_scope
from ..storage.task_store import active_tasks, beat, take_over
from . import state

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..config import Settings

log = logging.getLogger("mididrumigen.tasks")


@dataclass(frozen=True, slots=True)
class KeeperPolicy:
    interval_s: float = 5.0
    stale_after_s: float = 30.0  # six missed heartbeats
    max_attempts: int = 3
    max_runtime_s: float = 900.0
    broker_resend_s: float = 1080.0  # the visibility timeout, and a margin

    @classmethod
    def from_settings(cls, settings: Settings) -> KeeperPolicy:
        beat_s = settings.tasks.heartbeat_s
        return cls(interval_s=beat_s, stale_after_s=6 * beat_s,
                   max_runtime_s=settings.tasks.max_runtime_s,
                   broker_resend_s=visibility_timeout_s(settings) + 6 * beat_s)


def visibility_timeout_s(settings: Settings) -> float:
    """How long Redis keeps a delivered, unacknowledged message before giving it to another
    worker: longer than the longest task (Celery's advice with late acks)."""
    return settings.tasks.max_runtime_s * 1.2


class TaskKeeper:
    """`held()`: the ids this runner holds now (queued in its pool or running); `requeue(id)`:
    run a task taken over (it is already pending under `requeue_owner`)."""

    def __init__(self, engine: Engine, *, held: Callable[[], Collection[str]], owner: str,
                 requeue: Callable[[str], None], requeue_owner: str,
                 policy: KeeperPolicy | None = None) -> None:
        self.engine = engine
        self.held, self.owner = held, owner
        self.requeue, self.requeue_owner = requeue, requeue_owner
        self.policy = policy or KeeperPolicy()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> list[str]:
        """One round now (the tasks taken over: left by dead processes), then every interval."""
        taken = self.tick()
        self._thread = threading.Thread(target=self._run, name="mididrumigen-task-keeper",
                                        daemon=True)
        self._thread.start()
        return taken

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self.policy.interval_s):
            self.tick()

    def tick(self) -> list[str]:
        """One round: heartbeats, then take-overs; the ids taken over or failed."""
        try:
            held = list(self.held())
            if held:
                with session_scope(self.engine) as s:
                    beat(s, held, self.owner)
            return self._reap(set(held))
        except StorageError as e:  # the database is away: the next round tries again
            log.warning("task keeper: %s", e)
            return []
        except Exception:
            log.exception("task keeper round failed")
            return []

    def _reap(self, held: set[str]) -> list[str]:
        p = self.policy
        now = utcnow()
        quiet_before = now - timedelta(seconds=p.stale_after_s)
        started_before = now - timedelta(seconds=p.max_runtime_s)
        resend_before = now - timedelta(seconds=p.broker_resend_s)
        handled: list[str] = []
        requeued: list[str] = []
        with session_scope(self.engine) as s:
            for row in active_tasks(s):
                if row.id in held:
                    continue
                last = row.heartbeat_at or row.started_at or row.created_at
                if row.owner == state.QUEUED_ON_BROKER:
                    if (row.status == "pending" and last < resend_before
                            and take_over(s, row, owner=state.QUEUED_ON_BROKER)):
                        requeued.append(row.id)  # its message may be lost: queue it again
                    continue
                if (row.status == "running" and row.started_at is not None
                        and row.started_at < started_before):
                    error = (f"ran longer than {p.max_runtime_s:g} s "
                             "(MIDIDRUMIGEN_TASK_MAX_RUNTIME_S) and was stopped waiting for")
                    if take_over(s, row, error=error):
                        handled.append(row.id)
                    continue
                gone = state.owner_is_gone(row.owner) or last < quiet_before
                if not gone:
                    continue
                who = state.describe_owner(row.owner)
                if row.attempts >= p.max_attempts:
                    ok = take_over(s, row, error=f"interrupted: {who} stopped before the task "
                                   f"finished, {row.attempts} time(s); submit it again")
                else:
                    ok = take_over(s, row, owner=self.requeue_owner)
                    if ok:
                        requeued.append(row.id)
                if ok:
                    handled.append(row.id)
                    log.warning("task %s (%s): %s stopped; %s", row.id, row.kind, who,
                                "queued again" if row.id in requeued else "failed")
        for task_id in requeued:  # after the commit: the runner claims a pending row
            try:
                self.requeue(task_id)
            except Exception:
                log.exception("could not queue task %s again; the next round retries", task_id)
        return handled
