"""Task state in the database: who runs a task, joining duplicates, progress, crash recovery.

Every task row's params carry three private keys (never shown to clients):

    _key    the single-flight key: a second request with the same kind and key while the first
            is pending or running gets the first task's id instead of a new task
    _owner  who is responsible: "celery" while queued on a broker, else "host|pid|runner"
    _started_at  UNIX time the task started running (for the ETA)

A task whose owner process is gone (pid no longer alive on this host, or a runner of this
process that has shut down) can never finish; recover_interrupted() marks it failed.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..storage.engine import session_scope
from ..storage.task_store import create_task, get_task, update_task

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..storage.models import TaskRow

ACTIVE = ("pending", "running")
QUEUED_ON_BROKER = "celery"
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
    with _lock, session_scope(engine) as s:
        if key is not None:
            if s.get_bind().dialect.name == "postgresql":
                from sqlalchemy import text

                s.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": f"{kind}:{key}"})
            # On SQLite the session's BEGIN IMMEDIATE already serializes this read-then-insert.
            existing = _find_active(s, kind, key)
            if existing is not None:
                return existing.id, True
        row = create_task(s, kind, {**params, "_key": key, "_owner": owner})
        return row.id, False


def _find_active(s: Any, kind: str, key: str) -> TaskRow | None:
    from sqlalchemy import select

    from ..storage.models import TaskRow

    rows = s.scalars(select(TaskRow).where(TaskRow.kind == kind, TaskRow.status.in_(ACTIVE))
                     .order_by(TaskRow.created_at).limit(500))
    return next((r for r in rows if (r.params or {}).get("_key") == key), None)


def claim(engine: Engine, task_id: str, owner: str) -> tuple[str, dict[str, Any]] | None:
    """Mark a pending task running by `owner`; its (kind, params), or None if it is not pending
    (already failed by recovery, cancelled, or claimed by another worker)."""
    with session_scope(engine) as s:
        row = get_task(s, task_id)
        if row is None or row.status != "pending":
            return None
        row.params = {**row.params, "_owner": owner, "_started_at": time.time()}
        update_task(s, task_id, status="running", progress=0.0, step="Starting")
        return row.kind, {k: v for k, v in row.params.items() if not k.startswith("_")}


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
    from sqlalchemy import select

    from ..storage.models import TaskRow

    marked: list[str] = []
    with session_scope(engine) as s:
        for row in s.scalars(select(TaskRow).where(TaskRow.status.in_(ACTIVE))):
            owner = (row.params or {}).get("_owner")
            if owner == QUEUED_ON_BROKER or not _owner_is_gone(owner):
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
    params = row.params or {}
    eta: float | None = None
    started = params.get("_started_at")
    if row.status == "running" and isinstance(started, int | float) and 0 < row.progress < 1:
        elapsed = max(time.time() - started, 0.0)
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
