"""On PostgreSQL the HNSW index over the current profiles' vectors holds them as half-precision
floats (pgvector's halfvec, an expression index on `embedding::halfvec(437)`), half the size of
the full-precision index it replaces: about 130 MB instead of 210 MB at 100k profiles, so far
more of it stays in shared_buffers. The column keeps its full-precision floats; similarity
re-ranks the index's candidates by their exact cosine (storage/similarity.py).

halfvec needs pgvector 0.7 or newer on the server; an older extension is updated when its newer
files are installed, else the migration stops and says so. SQLite: nothing to do.

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEX = "ix_style_profiles_embedding_hnsw"  # the name 0001 gave the full-precision index
DIM = 437  # EMBEDDING_DIM when this migration was written
HALFVEC_SINCE = (0, 7)


def _pgvector_version(conn: sa.Connection) -> tuple[int, ...]:
    found = conn.scalar(sa.text("SELECT extversion FROM pg_extension WHERE extname = 'vector'"))
    return tuple(int(p) for p in str(found or "0").split(".") if p.isdigit())


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    if _pgvector_version(conn) < HALFVEC_SINCE:
        try:
            with conn.begin_nested():
                conn.execute(sa.text("ALTER EXTENSION vector UPDATE"))
        except sa.exc.DBAPIError:
            pass  # not the extension's owner: the check below says what to do
    version = _pgvector_version(conn)
    if version < HALFVEC_SINCE:
        from mididrumigen.errors import StorageError

        raise StorageError(
            f"pgvector {'.'.join(map(str, version))} is installed; similarity search needs "
            "0.7 or newer (halfvec). Install a newer pgvector on the database server, run "
            "`ALTER EXTENSION vector UPDATE` as its owner, then `mididrumigen db upgrade`")
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.execute(f"CREATE INDEX {INDEX} ON style_profiles USING hnsw "
               f"((embedding::halfvec({DIM})) halfvec_cosine_ops) "
               "WITH (m = 16, ef_construction = 64) WHERE is_current")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.execute(f"CREATE INDEX {INDEX} ON style_profiles USING hnsw "
               "(embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64) "
               "WHERE is_current")
