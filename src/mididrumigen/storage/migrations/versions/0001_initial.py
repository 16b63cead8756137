"""Initial schema: artists, research sources, versioned style profiles with embeddings,
generation history, LLM calls and tasks. On PostgreSQL: the pgvector extension and an HNSW
cosine index over the current profiles' embeddings.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from mididrumigen.storage.columns import Embedding, UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

EMBEDDING_DIM = 437  # frozen here: domain.embedding.EMBEDDING_DIM when this was written
JSON = sa.JSON().with_variant(JSONB(), "postgresql")
MONEY = sa.Numeric(14, 8)


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, UTCDateTime(), nullable=nullable)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS vector")

    op.create_table(
        "artists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("normalized_name", sa.String(200), nullable=False),
        sa.Column("research_status", sa.String(20), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        _ts("created_at"), _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_artists"),
        sa.UniqueConstraint("normalized_name", name="uq_artists_normalized_name"),
    )
    op.create_table(
        "research_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("artist_id", sa.Integer(), nullable=False),
        sa.Column("source_type", sa.String(40), nullable=False),
        sa.Column("url", sa.Text()), sa.Column("file_path", sa.Text()),
        sa.Column("raw_content", sa.Text()),
        sa.Column("extracted_data", JSON, nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("license", sa.String(200)),
        _ts("collected_at"),
        sa.ForeignKeyConstraint(["artist_id"], ["artists.id"], ondelete="CASCADE",
                                name="fk_research_sources_artist_id_artists"),
        sa.PrimaryKeyConstraint("id", name="pk_research_sources"),
    )
    op.create_index("ix_research_sources_artist_id", "research_sources", ["artist_id"])
    op.create_table(
        "style_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("artist_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("artist_name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("aliases", JSON, nullable=False),
        sa.Column("drummers", JSON, nullable=False),
        sa.Column("genres", JSON, nullable=False),
        sa.Column("params", JSON, nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("signature_grooves", JSON, nullable=False),
        sa.Column("templates", JSON, nullable=False),
        sa.Column("embedding", Embedding(EMBEDDING_DIM)),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("sources_count", sa.Integer(), nullable=False),
        sa.Column("provenance", JSON, nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        _ts("created_at"),
        sa.ForeignKeyConstraint(["artist_id"], ["artists.id"], ondelete="CASCADE",
                                name="fk_style_profiles_artist_id_artists"),
        sa.PrimaryKeyConstraint("id", name="pk_style_profiles"),
        sa.UniqueConstraint("artist_id", "version", name="uq_style_profiles_artist_version"),
    )
    op.create_index("ix_style_profiles_current", "style_profiles", ["artist_id"], unique=True,
                    sqlite_where=sa.text("is_current"), postgresql_where=sa.text("is_current"))
    if postgres:
        op.create_index(
            "ix_style_profiles_embedding_hnsw", "style_profiles", ["embedding"],
            postgresql_using="hnsw", postgresql_with={"m": 16, "ef_construction": 64},
            postgresql_ops={"embedding": "vector_cosine_ops"},
            postgresql_where=sa.text("is_current"))
    op.create_table(
        "generation_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("artist_id", sa.Integer()),
        sa.Column("artist_name", sa.String(200), nullable=False),
        sa.Column("provider_used", sa.String(60), nullable=False),
        sa.Column("generation_time_ms", sa.Float(), nullable=False),
        sa.Column("params", JSON, nullable=False),
        sa.Column("output_files", JSON, nullable=False),
        sa.Column("cost_usd", MONEY, nullable=False),
        _ts("created_at"),
        sa.ForeignKeyConstraint(["artist_id"], ["artists.id"], ondelete="SET NULL",
                                name="fk_generation_history_artist_id_artists"),
        sa.PrimaryKeyConstraint("id", name="pk_generation_history"),
    )
    op.create_index("ix_generation_history_artist_id", "generation_history", ["artist_id"])
    op.create_index("ix_generation_history_created_at", "generation_history", ["created_at"])
    op.create_table(
        "llm_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(60), nullable=False),
        sa.Column("model", sa.String(120), nullable=False),
        sa.Column("tokens_in", sa.Integer(), nullable=False),
        sa.Column("tokens_out", sa.Integer(), nullable=False),
        sa.Column("cost_usd", MONEY, nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("error", sa.Text()),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_llm_calls"),
    )
    op.create_index("ix_llm_calls_created_at", "llm_calls", ["created_at"])
    op.create_index("ix_llm_calls_provider_created", "llm_calls", ["provider", "created_at"])
    op.create_table(
        "tasks",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("step", sa.String(200), nullable=False),
        sa.Column("params", JSON, nullable=False),
        sa.Column("result", JSON),
        sa.Column("error", sa.Text()),
        _ts("created_at"), _ts("updated_at"), _ts("finished_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_tasks"),
    )
    op.create_index("ix_tasks_status", "tasks", ["status"])


def downgrade() -> None:
    for table in ("tasks", "llm_calls", "generation_history", "style_profiles",
                  "research_sources", "artists"):
        op.drop_table(table)
