"""Generation history and statistics from the database (LLM usage: llm_usage.py).

History may also wait in a spool file beside a SQLite database (storage/spool.py: a CLI
generation that needed nothing else from the database records itself there without loading
SQLAlchemy); readers move it into the table first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.names import clean_artist_name
from ..errors import UserInputError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..config import Settings
    from .runtime import Runtime


def history_spool(database_url: str) -> Path | None:
    """The spool file of a SQLite database's generation history (None: not SQLite)."""
    from ..storage.spool import sqlite_file

    database = sqlite_file(database_url)
    return None if database is None else database.with_name(database.name + ".history.jsonl")


def spooled_history(settings: Settings,
                    artist: str) -> Callable[[dict[str, Any]], None] | None:
    """For a generation of `artist` with history on: a history sink that appends its row to the
    database's spool file when the database surely holds no profile of the artist (SQLite only;
    no SQLAlchemy is loaded), else None (open the database: it may)."""
    from ..storage.spool import append_history, stored_profile_possible

    url = settings.storage.effective_database_url()
    path = history_spool(url)
    if path is None or stored_profile_possible(url, clean_artist_name(artist)):
        return None
    return lambda entry: append_history(path, entry)


def ingest_history(engine: Engine) -> int:
    """Move spooled generation history into generation_history; how many rows."""
    from ..storage.spool import claim, spooled_entries

    path = history_spool(engine.url.render_as_string(hide_password=False))
    if path is None:
        return 0
    with claim(path) as claimed:
        return 0 if claimed is None else record_generations(engine, spooled_entries(claimed))


def record_generations(engine: Engine, entries: list[dict[str, Any]]) -> int:
    """Add generation_history rows in one transaction; each entry holds the keyword arguments of
    storage.records.record_generation (artist, provider_used, generation_time_ms, params…)."""
    from ..storage import records
    from ..storage.engine import write_scope

    with write_scope(engine) as conn:
        records.record_generations(conn, entries)
    return len(entries)


def stats(runtime: Runtime, engine: Engine) -> dict[str, Any]:
    """Per-provider LLM statistics and generation counts, from the database."""
    from sqlalchemy import func, select

    from ..storage.engine import read_scope
    from ..storage.models import GenerationRecord
    from .llm_usage import llm_usage_public, provider_totals

    ingest_history(engine)
    providers = provider_totals(runtime, engine)
    with read_scope(engine) as s:
        by_provider = s.execute(select(GenerationRecord.provider_used, func.count(),
                                       func.avg(GenerationRecord.generation_time_ms))
                                .group_by(GenerationRecord.provider_used)).all()
    return {
        "providers": [{"provider": p.provider, "requests": p.requests, "successes": p.successes,
                       "failures": p.failures, "success_rate": p.success_rate,
                       "mean_latency_ms": p.mean_latency_ms, "tokens_in": p.input_tokens,
                       "tokens_out": p.output_tokens, "cost_usd": str(p.cost_usd)}
                      for p in providers],
        "generations": {"total": sum(int(n) for _, n, _ in by_provider),
                        "by_provider": {str(p): {"count": int(n), "mean_time_ms": float(t or 0)}
                                        for p, n, t in by_provider}},
        "llm_usage": llm_usage_public(runtime, 30, engine),
    }


def history(engine: Engine, limit: int = 20, artist: str | None = None) -> list[Any]:
    """The newest generations first (storage.records.HistoryEntry), optionally of one artist."""
    from ..storage.engine import read_scope
    from ..storage.records import history as read_history

    if not 1 <= limit <= 1000:
        raise UserInputError(f"limit must be in range 1..1000, got {limit}", field="limit")
    ingest_history(engine)
    with read_scope(engine) as s:
        return read_history(s, limit, artist=clean_artist_name(artist) if artist else None)
