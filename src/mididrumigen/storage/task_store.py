"""Task rows: the durable state of background jobs (research, generation) for polling."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFoundError
from .columns import utcnow
from .models import TaskRow

STATUSES = ("pending", "running", "succeeded", "failed", "cancelled")
FINISHED = ("succeeded", "failed", "cancelled")


def create_task(session: Session, kind: str, params: Mapping[str, Any] | None = None, *,
                task_id: str | None = None) -> TaskRow:
    """A new pending task; its id is a fresh UUID unless given."""
    row = TaskRow(id=task_id or str(uuid.uuid4()), kind=kind, status="pending", progress=0.0,
                  step="", params=dict(params or {}))
    session.add(row)
    session.flush()
    return row


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


def delete_finished_tasks(session: Session, *, older_than_s: float) -> int:
    """Remove finished tasks last updated more than `older_than_s` seconds ago; their count."""
    from datetime import timedelta

    from sqlalchemy import delete

    cutoff = utcnow() - timedelta(seconds=older_than_s)
    result = session.execute(delete(TaskRow).where(TaskRow.status.in_(FINISHED),
                                                   TaskRow.updated_at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
