"""LLM calls in the providers' words: the llm_calls outcomes become errors.CallOutcome values
(ok → success, invalid → invalid_output, rate_limited → rate_limit; an "error" row whose error
text starts with "server: ", "connection: " or "bad_request: " takes that kind and loses the
prefix), and cost_usd may be NULL (a cloud model without a known price, never guessed as 0).

Revision ID: 0003
Revises: 0002
Create Date: 2027-01-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(14, 8)
RENAMED = {"ok": "success", "invalid": "invalid_output", "rate_limited": "rate_limit"}
FOLDED = ("server", "connection", "bad_request")  # kept as "error" + "kind: message" before


def upgrade() -> None:
    update = sa.text("UPDATE llm_calls SET outcome = :new WHERE outcome = :old")
    for old, new in RENAMED.items():
        op.execute(update.bindparams(old=old, new=new))
    for kind in (*FOLDED, "error"):
        op.execute(sa.text(
            "UPDATE llm_calls SET outcome = :kind, error = NULLIF(substr(error, :cut), '') "
            "WHERE outcome = 'error' AND (error = :kind OR error LIKE :prefix)"
        ).bindparams(kind=kind, cut=len(kind) + 3, prefix=f"{kind}: %"))
    with op.batch_alter_table("llm_calls") as batch:
        batch.alter_column("cost_usd", existing_type=MONEY, nullable=True)


def downgrade() -> None:
    op.execute(sa.text("UPDATE llm_calls SET cost_usd = 0 WHERE cost_usd IS NULL"))
    with op.batch_alter_table("llm_calls") as batch:
        batch.alter_column("cost_usd", existing_type=MONEY, nullable=False)
    for kind in FOLDED:
        op.execute(sa.text(
            "UPDATE llm_calls SET outcome = 'error', error = :kind || COALESCE(': ' || error, '') "
            "WHERE outcome = :kind").bindparams(kind=kind))
    update = sa.text("UPDATE llm_calls SET outcome = :old WHERE outcome = :new")
    for old, new in RENAMED.items():
        op.execute(update.bindparams(old=old, new=new))
    op.execute(sa.text("UPDATE llm_calls SET outcome = 'error' WHERE outcome NOT IN "
                       "('ok', 'error', 'timeout', 'invalid', 'rate_limited', 'auth')"))
