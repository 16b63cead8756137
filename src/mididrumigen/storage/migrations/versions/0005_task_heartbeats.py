"""Tasks reach a final state and generations are recorded once: tasks.heartbeat_at (when the
task's owner last said it was alive; a reaper re-queues or fails tasks whose owner went
quiet), tasks.attempts (how many times it was claimed; a task is re-queued at most a few
times), and generation_history.generation_id (unique: a generation run twice — a job re-run
after its worker died — is recorded once, and a history row names its files).

Revision ID: 0005
Revises: 0004
Create Date: 2027-01-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from mididrumigen.storage.columns import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GENERATION_INDEX = "ix_generation_history_generation_id"


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("heartbeat_at", UTCDateTime()))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False,
                                   server_default="0"))
    with op.batch_alter_table("generation_history") as batch:
        batch.add_column(sa.Column("generation_id", sa.String(32)))
    op.create_index(GENERATION_INDEX, "generation_history", ["generation_id"], unique=True)


def downgrade() -> None:
    op.drop_index(GENERATION_INDEX, table_name="generation_history")
    with op.batch_alter_table("generation_history") as batch:
        batch.drop_column("generation_id")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("attempts")
        batch.drop_column("heartbeat_at")
