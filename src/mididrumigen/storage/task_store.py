"""Task rows: the durable state of background jobs (research, generation). All task SQL is here.

    submit_task   a new pending task, or the active one with the same (kind, dedupe key)
    claim_task    pending → running by an owner, atomically (one claimer wins)
    update_task   status / progress / step / result / error
    get_task, list_tasks, active_tasks, delete_finished_tasks

Single-flight is the database's job: a partial unique index (models.ACTIVE_KEY_INDEX) allows one
pending or running task per (kind, dedupe_key), on SQLite and PostgreSQL alike, so two
processes submitting the same work at once end with one task, the second joining it.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import NotFoundError, StorageError
from .columns import utcnow
from .models import ACTIVE_TASK_SQL, ACTIVE_TASK_STATUSES, TaskRow

STATUSES = ("pending", "running", "succeeded", "failed", "cancelled")
FINISHED = ("succeeded", "failed", "cancelled")
ACTIVE = ACTIVE_TASK_STATUSES
MAX_KEY = 200
MAX_OWNER = 300
_RETRIES = 5


def stored_key(key: str | None) -> str | None:
    """The dedupe key as stored: itself, or "sha256:<digest>" when over MAX_KEY characters."""
    if key is None or len(key) <= MAX_KEY:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_task(session: Session, kind: str, params: Mapping[str, Any] | None = None, *,
                task_id: str | None = None, dedupe_key: str | None = None,
                owner: str | None = None) -> TaskRow:
    """A new pending task; its id is a fresh UUID unless given. A second active task with the
    same kind and dedupe key is refused by the database (IntegrityError on flush)."""
    row = TaskRow(id=task_id or str(uuid.uuid4()), kind=kind, status="pending", progress=0.0,
                  step="", params=dict(params or {}), dedupe_key=stored_key(dedupe_key),
                  owner=None if owner is None else owner[:MAX_OWNER])
    session.add(row)
    session.flush()
    return row


def find_active(session: Session, kind: str, key: str) -> TaskRow | None:
    """The pending or running task of `kind` with dedupe key `key`, if any."""
    return session.scalar(select(TaskRow).where(
        TaskRow.kind == kind, TaskRow.dedupe_key == stored_key(key), text(ACTIVE_TASK_SQL)))


def submit_task(session: Session, kind: str, params: Mapping[str, Any], *, key: str | None,
                owner: str) -> tuple[TaskRow, bool]:
    """(row, joined): a new pending task, or the active task with the same kind and key.

    Two sessions submitting the same key at once: the unique index refuses the second INSERT
    (on PostgreSQL after the first commits), which then reads and joins the first task."""
    for _ in range(_RETRIES):
        if key is not None:
            existing = find_active(session, kind, key)
            if existing is not None:
                return existing, True
        try:
            with session.begin_nested():
                row = create_task(session, kind, params, dedupe_key=key, owner=owner)
            return row, False
        except IntegrityError:
            if key is None:
                raise
            continue  # another session just submitted the same work; join it
    raise StorageError(f"could not submit or join a {kind!r} task: too many concurrent "
                       "submissions of the same work; try again")


def claim_task(session: Session, task_id: str, owner: str) -> TaskRow | None:
    """Mark a pending task running by `owner` and return it; None if it is not pending (failed
    by recovery, cancelled, or claimed by another worker). One UPDATE, so one claimer wins."""
    now = utcnow()
    result = session.execute(
        update(TaskRow).where(TaskRow.id == task_id, TaskRow.status == "pending")
        .values(status="running", owner=owner[:MAX_OWNER], started_at=now, progress=0.0,
                step="Starting", updated_at=now)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return session.get(TaskRow, task_id, populate_existing=True)


def get_task(session: Session, task_id: str) -> TaskRow | None:
    return session.get(TaskRow, task_id)


def update_task(session: Session, task_id: str, *, status: str | None = None,
                progress: float | None = None, step: str | None = None,
                result: Mapping[str, Any] | None = None, error: str | None = None) -> TaskRow:
    """Change a task's status / progress (0..1) / step / result / error."""
    row = session.get(TaskRow, task_id, with_for_update=True)
    if row is None:
        raise NotFoundError(f"no task with id {task_id!r}; check the id from the response",
                            field="task_id")
    if status is not None:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
        row.status = status
        if status in FINISHED:
            row.finished_at = utcnow()
            if status == "succeeded":
                row.progress = 1.0
    if progress is not None:
        if not 0.0 <= progress <= 1.0:
            raise ValueError(f"progress must be in range 0..1, got {progress}")
        row.progress = progress
    if step is not None:
        row.step = step[:200]
    if result is not None:
        row.result = dict(result)
    if error is not None:
        row.error = error[:4000]
    row.updated_at = utcnow()
    session.flush()
    return row


def list_tasks(session: Session, *, status: str | None = None, limit: int = 50) -> list[TaskRow]:
    query = select(TaskRow).order_by(TaskRow.created_at.desc()).limit(limit)
    if status is not None:
        query = query.where(TaskRow.status == status)
    return list(session.scalars(query))


def active_tasks(session: Session, *, except_owner: str | None = None) -> list[TaskRow]:
    """Pending and running tasks, oldest first (optionally not those of `except_owner`)."""
    query = select(TaskRow).where(TaskRow.status.in_(ACTIVE)).order_by(TaskRow.created_at)
    if except_owner is not None:
        query = query.where((TaskRow.owner != except_owner) | TaskRow.owner.is_(None))
    return list(session.scalars(query))


def delete_finished_tasks(session: Session, *, older_than_s: float) -> int:
    """Remove finished tasks last updated more than `older_than_s` seconds ago; their count."""
    from datetime import timedelta

    from sqlalchemy import delete

    cutoff = utcnow() - timedelta(seconds=older_than_s)
    result = session.execute(delete(TaskRow).where(TaskRow.status.in_(FINISHED),
                                                   TaskRow.updated_at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
