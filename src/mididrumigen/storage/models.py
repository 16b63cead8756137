"""The tables: one SQLAlchemy 2 model each, the same on SQLite and PostgreSQL.

Migrations in migrations/versions create exactly these; a test compares the two.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..domain.embedding import EMBEDDING_DIM
from .columns import Embedding, PortableJSON, UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
JSONType = PortableJSON()
Money = Numeric(14, 8, asdecimal=True)
HNSW_INDEX = "ix_style_profiles_embedding_hnsw"
ACTIVE_TASK_STATUSES = ("pending", "running")
# The predicate of the partial unique index on active tasks. Queries that should use that
# index repeat it literally (a bound parameter would keep SQLite from matching it).
ACTIVE_TASK_SQL = "status IN ('pending', 'running')"
ACTIVE_KEY_INDEX = "ix_tasks_active_key"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# Names compare byte by byte on both databases ("C" on PostgreSQL, SQLite's default), so the
# database's order is Python's and a page of stored artists merges with the knowledge base's.
NameKey = String(200).with_variant(String(200, collation="C"), "postgresql")
LISTED_INDEX = "ix_artists_listed"
TRGM_INDEX = "ix_artists_name_trgm"  # PostgreSQL with pg_trgm only: name search by substring


class Artist(Base):
    """An artist; `profile_version` is its current profile's version (None: no profile yet, not
    listed). The listing reads it with the profile row (artist_id, version)."""

    __tablename__ = "artists"
    __table_args__ = (
        Index(LISTED_INDEX, "normalized_name", sqlite_where=text("profile_version IS NOT NULL"),
              postgresql_where=text("profile_version IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    normalized_name: Mapped[str] = mapped_column(NameKey, unique=True)
    research_status: Mapped[str] = mapped_column(String(20), default="none")
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    profile_version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ArtistGenre(Base):
    """The genres of each listed artist's current profile (vocabulary keys), keyed for paging
    one genre in name order."""

    __tablename__ = "artist_genres"

    genre: Mapped[str] = mapped_column(String(40), primary_key=True)
    normalized_name: Mapped[str] = mapped_column(NameKey, primary_key=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"),
                                           index=True)


class ArtistNameSuffix(Base):
    """Each listed artist's name from its second word on, once per later word ('john bonham
    band' -> 'bonham band', 'band'): a name search's second tier (a later word starts with the
    query) is a range of this index, not a scan of every name."""

    __tablename__ = "artist_name_suffixes"

    suffix: Mapped[str] = mapped_column(NameKey, primary_key=True)
    normalized_name: Mapped[str] = mapped_column(NameKey, primary_key=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"),
                                           index=True)


class CatalogCount(Base):
    """How many listed artists have each research status, overall (genre '') and per genre:
    kept in step by every save, so counting the catalogue reads a few rows."""

    __tablename__ = "catalog_counts"

    genre: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class ResearchSource(Base):
    __tablename__ = "research_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"),
                                           index=True)
    source_type: Mapped[str] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(Text)
    file_path: Mapped[str | None] = mapped_column(Text)
    raw_content: Mapped[str | None] = mapped_column(Text)
    extracted_data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    license: Mapped[str | None] = mapped_column(String(200))
    collected_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StyleProfileRow(Base):
    """One version of an artist's StyleProfile; `is_current` marks the newest."""

    __tablename__ = "style_profiles"
    __table_args__ = (
        UniqueConstraint("artist_id", "version", name="uq_style_profiles_artist_version"),
        Index("ix_style_profiles_current", "artist_id", unique=True,
              sqlite_where=text("is_current"), postgresql_where=text("is_current")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    artist_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="artist")
    aliases: Mapped[list[str]] = mapped_column(JSONType, default=list)
    drummers: Mapped[list[str]] = mapped_column(JSONType, default=list)
    genres: Mapped[list[str]] = mapped_column(JSONType, default=list)
    params: Mapped[dict[str, Any]] = mapped_column(JSONType)
    description: Mapped[str] = mapped_column(Text, default="")
    signature_grooves: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    templates: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    embedding: Mapped[list[float] | None] = mapped_column(Embedding(EMBEDDING_DIM))
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    sources_count: Mapped[int] = mapped_column(Integer, default=0)
    provenance: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)
    source: Mapped[str] = mapped_column(String(40), default="knowledge_base")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class GenerationRecord(Base):
    __tablename__ = "generation_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    artist_id: Mapped[int | None] = mapped_column(ForeignKey("artists.id", ondelete="SET NULL"),
                                                  index=True)
    artist_name: Mapped[str] = mapped_column(String(200))
    provider_used: Mapped[str] = mapped_column(String(60))
    generation_time_ms: Mapped[float] = mapped_column(Float)
    params: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    output_files: Mapped[list[str]] = mapped_column(JSONType, default=list)
    cost_usd: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    generation_id: Mapped[str | None] = mapped_column(String(32), unique=True,
                                                      index=True)  # its saved files, if any


class LLMCall(Base):
    __tablename__ = "llm_calls"
    __table_args__ = (Index("ix_llm_calls_provider_created", "provider", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider: Mapped[str] = mapped_column(String(60))
    model: Mapped[str] = mapped_column(String(120))
    tokens_in: Mapped[int] = mapped_column(Integer, default=0)
    tokens_out: Mapped[int] = mapped_column(Integer, default=0)
    cost_usd: Mapped[Decimal | None] = mapped_column(Money)  # None: no known price
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    outcome: Mapped[str] = mapped_column(String(20))  # an errors.CallOutcome
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class TaskRow(Base):
    """A background job. `dedupe_key` joins duplicates: at most one pending or running task per
    (kind, dedupe_key), enforced by a partial unique index. `owner` is who is responsible
    ("celery" while queued on a broker, else "host|pid|runner"); `started_at` is when it
    started running (for the ETA); `heartbeat_at` when its owner last said it is alive, and
    `attempts` how often it was claimed (tasks/keeper.py re-queues or fails the rest).
    `params` holds only the job's own parameters."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index(ACTIVE_KEY_INDEX, "kind", "dedupe_key", unique=True,
              sqlite_where=text(ACTIVE_TASK_SQL), postgresql_where=text(ACTIVE_TASK_SQL)),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    step: Mapped[str] = mapped_column(String(200), default="")
    params: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    owner: Mapped[str | None] = mapped_column(String(300))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
