"""Task state in columns: tasks.dedupe_key, tasks.owner and tasks.started_at, moved out of the
private params keys `_key`, `_owner` and `_started_at` (UNIX seconds), and a partial unique
index allowing one pending or running task per (kind, dedupe_key).

Existing rows are migrated: their private keys move into the columns and leave params. Should
two active tasks share a key (the old code prevented it, but a database may hold anything),
the oldest keeps it and the others run on without one. Keys longer than 200 characters are
stored as "sha256:" and their digest, as the application stores them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-15
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from mididrumigen.storage.columns import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ACTIVE = "status IN ('pending', 'running')"  # frozen: models.ACTIVE_TASK_SQL when written
INDEX = "ix_tasks_active_key"
MAX_KEY = 200
MAX_OWNER = 300
PRIVATE = ("_key", "_owner", "_started_at")
JSON = sa.JSON().with_variant(JSONB(), "postgresql")

tasks = sa.table(
    "tasks",
    sa.column("id", sa.String(36)), sa.column("kind", sa.String(40)),
    sa.column("status", sa.String(20)), sa.column("params", JSON),
    sa.column("dedupe_key", sa.String(MAX_KEY)), sa.column("owner", sa.String(MAX_OWNER)),
    sa.column("started_at", UTCDateTime()), sa.column("created_at", UTCDateTime()),
)


def _key(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    if len(value) <= MAX_KEY:
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()


def _started(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def upgrade() -> None:
    op.add_column("tasks", sa.Column("dedupe_key", sa.String(MAX_KEY)))
    op.add_column("tasks", sa.Column("owner", sa.String(MAX_OWNER)))
    op.add_column("tasks", sa.Column("started_at", UTCDateTime()))
    conn = op.get_bind()
    taken: set[tuple[str, str]] = set()
    rows = conn.execute(sa.select(tasks.c.id, tasks.c.kind, tasks.c.status, tasks.c.params)
                        .order_by(tasks.c.created_at, tasks.c.id)).all()
    for task_id, kind, status, params in rows:
        params = params if isinstance(params, dict) else {}
        if not any(k in params for k in PRIVATE):
            continue
        key = _key(params.get("_key"))
        if key is not None and status in ("pending", "running"):
            if (kind, key) in taken:
                key = None  # a duplicate active task: the oldest keeps the key
            else:
                taken.add((kind, key))
        owner = params.get("_owner")
        conn.execute(tasks.update().where(tasks.c.id == task_id).values(
            dedupe_key=key,
            owner=owner[:MAX_OWNER] if isinstance(owner, str) else None,
            started_at=_started(params.get("_started_at")),
            params={k: v for k, v in params.items() if k not in PRIVATE}))
    op.create_index(INDEX, "tasks", ["kind", "dedupe_key"], unique=True,
                    sqlite_where=sa.text(ACTIVE), postgresql_where=sa.text(ACTIVE))


def downgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(tasks.c.id, tasks.c.params, tasks.c.dedupe_key, tasks.c.owner,
                                  tasks.c.started_at)).all()
    for task_id, params, key, owner, started in rows:
        if key is None and owner is None and started is None:
            continue
        private = {"_key": key, "_owner": owner,
                   "_started_at": None if started is None else started.timestamp()}
        conn.execute(tasks.update().where(tasks.c.id == task_id).values(
            params={**(params or {}), **{k: v for k, v in private.items() if v is not None}}))
    op.drop_index(INDEX, table_name="tasks")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("started_at")
        batch.drop_column("owner")
        batch.drop_column("dedupe_key")
