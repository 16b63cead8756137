"""Migrations from empty, engine settings, models ↔ migrations, errors that say what to do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from mididrumigen.errors import StorageError
from mididrumigen.storage import engine as storage_engine
from mididrumigen.storage.engine import (
    current_revision,
    head_revision,
    make_engine,
    open_engine,
    upgrade,
)
from mididrumigen.storage.models import HNSW_INDEX, TRGM_INDEX, Base

TABLES = {"artists", "research_sources", "style_profiles", "generation_history", "llm_calls",
          "tasks", "artist_genres", "catalog_counts", "artist_name_suffixes", "alembic_version"}


def test_upgrade_from_empty_creates_every_table(empty_url: str, backend: str) -> None:
    eng = make_engine(empty_url)
    try:
        assert current_revision(eng) is None
        upgrade(eng)
        assert current_revision(eng) == head_revision()
        insp = inspect(eng)
        assert set(insp.get_table_names()) == TABLES
        index_names = {ix["name"] for ix in insp.get_indexes("style_profiles")}
        assert "ix_style_profiles_current" in index_names
        with eng.connect() as conn:
            if backend == "postgresql":
                assert conn.scalar(text(
                    "SELECT count(*) FROM pg_extension WHERE extname = 'vector'")) == 1
                indexdef = conn.scalar(text(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = :n"), {"n": HNSW_INDEX})
                assert "hnsw" in indexdef and "vector_cosine_ops" in indexdef
                assert "is_current" in indexdef
                coltype = conn.scalar(text(
                    "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                    "WHERE attrelid = 'style_profiles'::regclass AND attname = 'embedding'"))
                assert coltype == "vector(437)"
            else:
                assert HNSW_INDEX not in index_names
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        upgrade(eng)  # a second run finds nothing to do
        assert current_revision(eng) == head_revision()
    finally:
        eng.dispose()


def test_models_match_migrations(engine: object, backend: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:  # type: ignore[attr-defined]
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(ctx, Base.metadata)
    # The HNSW and trigram indexes exist only in the PostgreSQL migrations, not in the portable
    # models.
    diffs = [d for d in diffs if not (isinstance(d, tuple) and d[0] == "remove_index"
                                      and d[1].name in (HNSW_INDEX, TRGM_INDEX))]
    assert diffs == []


def test_open_engine_migrates_the_default_database_on_first_use(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mididrumigen.config import Settings

    monkeypatch.setenv("MIDIDRUMIGEN_DATA_DIR", str(tmp_path / "fresh" / "dir"))
    monkeypatch.delenv("MIDIDRUMIGEN_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = Settings().storage.effective_database_url()
    assert url == f"sqlite:///{tmp_path / 'fresh' / 'dir' / 'mididrumigen.db'}"
    eng = open_engine(url)
    try:
        assert (tmp_path / "fresh" / "dir" / "mididrumigen.db").is_file()
        assert current_revision(eng) == head_revision()
    finally:
        eng.dispose()


def test_open_engine_skips_alembic_when_at_head(db_url: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    assert head_revision() == storage_engine.HEAD_REVISION

    def no_upgrade(*args: object, **kwargs: object) -> None:
        raise AssertionError("upgrade() should not run on a database at head")

    monkeypatch.setattr(storage_engine, "upgrade", no_upgrade)
    eng = open_engine(db_url)
    eng.dispose()


def test_postgres_urls_get_the_psycopg_driver() -> None:
    eng = make_engine("postgresql://u@127.0.0.1:1/db")
    try:
        assert eng.dialect.driver == "psycopg"
    finally:
        eng.dispose()


def test_unreachable_server_is_a_storage_error_naming_the_url() -> None:
    with pytest.raises(StorageError, match=r"127\.0\.0\.1:1/nodb.*server is running"):
        upgrade("postgresql://someone:secret@127.0.0.1:1/nodb?connect_timeout=2")


def test_password_is_not_shown_in_errors() -> None:
    with pytest.raises(StorageError) as info:
        upgrade("postgresql://someone:secret@127.0.0.1:1/nodb?connect_timeout=2")
    assert "secret" not in str(info.value)


def test_invalid_url_is_a_storage_error() -> None:
    with pytest.raises(StorageError, match="invalid database URL"):
        make_engine("not a url at all")


def test_importing_storage_and_the_db_cli_does_not_load_sqlalchemy() -> None:
    code = ("import sys, mididrumigen.storage, mididrumigen.cli.db; "
            "assert 'sqlalchemy' not in sys.modules, 'sqlalchemy was imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
