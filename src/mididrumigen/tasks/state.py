"""Task state in the database: who runs a task, joining duplicates, progress, crash recovery.

The task row's columns (storage/task_store.py holds all task SQL) carry the state:

    dedupe_key  the single-flight key: a second request with the same kind and key while the
                first is pending or running gets the first task's id instead of a new task
                (a partial unique index makes this hold across processes)
    owner       who is responsible: "celery" while queued on a broker, else "host|pid|runner"
    started_at  when the task started running (for the ETA)

A task whose owner process is gone (pid no longer alive on this host, or a runner of this
process that has shut down) can never finish; recover_interrupted() marks it failed.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..storage.columns import utcnow
from ..storage.engine import session_scope
from ..storage.task_store import (
    ACTIVE,
    active_tasks,
    claim_task,
    get_task,
    submit_task,
    update_task,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..storage.models import TaskRow

QUEUED_ON_BROKER = "celery"  # the owner of a task waiting on the broker for a worker
_live_runners: set[str] = set()
_lock = threading.Lock()


def owner_id(runner_id: str) -> str:
    return f"{socket.gethostname()}|{os.getpid()}|{runner_id}"


def runner_started(runner_id: str) -> None:
    with _lock:
        _live_runners.add(runner_id)


def runner_stopped(runner_id: str) -> None:
    with _lock:
        _live_runners.discard(runner_id)


def submit_row(engine: Engine, kind: str, params: Mapping[str, Any], *, key: str | None,
               owner: str) -> tuple[str, bool]:
    """A new pending task, or the active task with the same kind and key: (task_id, joined)."""
    with session_scope(engine) as s:
        row, joined = submit_task(s, kind, params, key=key, owner=owner)
        return row.id, joined


def claim(engine: Engine, task_id: str, owner: str) -> tuple[str, dict[str, Any]] | None:
    """Mark a pending task running by `owner`; its (kind, params), or None if it is not pending
    (already failed by recovery, cancelled, or claimed by another worker)."""
    with session_scope(engine) as s:
        row = claim_task(s, task_id, owner)
        return None if row is None else (row.kind, dict(row.params or {}))


def progress_reporter(engine: Engine, task_id: str) -> Callable[[str, float], None]:
    """A services-style progress callback that writes step and fraction to the task row
    (at most one write per step change or 5 % of progress)."""
    last: list[Any] = ["", -1.0]

    def report(step: str, fraction: float) -> None:
        fraction = min(max(float(fraction), 0.0), 1.0)
        if step == last[0] and fraction - last[1] < 0.05:
            return
        last[:] = [step, fraction]
        with session_scope(engine) as s:
            update_task(s, task_id, step=step, progress=min(fraction, 0.99))

    return report


def finish(engine: Engine, task_id: str, *, result: Mapping[str, Any] | None = None,
           error: str | None = None) -> None:
    with session_scope(engine) as s:
        if error is not None:
            update_task(s, task_id, status="failed", error=error, step="Failed")
        else:
            update_task(s, task_id, status="succeeded", result=result or {}, step="Done")


def _owner_is_gone(owner: object) -> bool:
    if not isinstance(owner, str) or owner.count("|") != 2:
        return True  # nobody is recorded as running it
    host, pid_text, runner = owner.split("|")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False  # another machine: we cannot tell; its own workers recover it
    pid = int(pid_text)
    if pid == os.getpid():
        with _lock:
            return runner not in _live_runners
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def recover_interrupted(engine: Engine) -> list[str]:
    """Mark failed every pending/running task whose owner is gone; the ids marked."""
    marked: list[str] = []
    with session_scope(engine) as s:
        for row in active_tasks(s, except_owner=QUEUED_ON_BROKER):
            owner = row.owner
            if not _owner_is_gone(owner):
                continue
            who = (f"process {owner.split('|')[1]} on {owner.split('|')[0]}"
                   if isinstance(owner, str) and owner.count("|") == 2 else "its worker")
            update_task(s, row.id, status="failed", step="Interrupted",
                        error=f"interrupted: {who} stopped before the task finished "
                              "(crash or restart); submit it again")
            marked.append(row.id)
    return marked


def task_public(row: TaskRow) -> dict[str, Any]:
    """The client's view of a task: status, progress in percent, step, ETA, result or error."""
    eta: float | None = None
    started = row.started_at
    if row.status == "running" and started is not None and 0 < row.progress < 1:
        elapsed = max((utcnow() - started).total_seconds(), 0.0)
        eta = round(elapsed * (1 - row.progress) / row.progress, 2)
    elif row.status in ACTIVE:
        eta = None
    else:
        eta = 0.0
    return {
        "task_id": row.id, "kind": row.kind, "status": row.status,
        "progress": round(row.progress * 100, 1), "step": row.step, "eta_seconds": eta,
        "result": row.result, "error": row.error,
        "created_at": row.created_at, "updated_at": row.updated_at,
        "finished_at": row.finished_at,
    }


def load_public(engine: Engine, task_id: str) -> dict[str, Any] | None:
    with session_scope(engine) as s:
        row = get_task(s, task_id)
        return None if row is None else task_public(row)
