"""Research evidence rows (one per collected source) and an artist's research status."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFoundError
from . import catalog
from .columns import utcnow
from .models import Artist, ResearchSource
from .repository import find_artist, get_or_create_artist, normalize_name

RESEARCH_STATUSES = ("none", "pending", "running", "done", "failed")
MAX_RAW_CONTENT = 200_000


def add_source(session: Session, artist: str, source_type: str, *, url: str | None = None,
               file_path: str | None = None, raw_content: str | None = None,
               extracted_data: Mapping[str, Any] | None = None, confidence: float = 0.5,
               license: str | None = None, collected_at: datetime | None = None,
               ) -> ResearchSource:
    """Store one piece of evidence for `artist` (created if needed); raw_content is capped.
    (A source read again: forget_sources first, so it is stored once.)"""
    if not 0.0 <= confidence <= 1.0:
        raise ValueError(f"confidence must be in range 0..1, got {confidence}")
    row = ResearchSource(
        artist_id=get_or_create_artist(session, artist).id, source_type=source_type, url=url,
        file_path=file_path,
        raw_content=None if raw_content is None else raw_content[:MAX_RAW_CONTENT],
        extracted_data=dict(extracted_data or {}), confidence=confidence, license=license,
        collected_at=collected_at or utcnow())
    session.add(row)
    session.flush()
    return row


def forget_sources(session: Session, artist: str, source_type: str, *, url: str | None = None,
                   file_path: str | None = None) -> int:
    """Remove what was stored from one source (a kind and a URL or file) for `artist`, before
    it is stored again from a new reading: a source read twice is listed once. How many rows."""
    from sqlalchemy import delete

    found = find_artist(session, artist)
    if found is None or (url is None and file_path is None):
        return 0
    done = session.execute(delete(ResearchSource).where(
        ResearchSource.artist_id == found.id, ResearchSource.source_type == source_type,
        ResearchSource.url == url if url is not None else ResearchSource.url.is_(None),
        ResearchSource.file_path == file_path if file_path is not None
        else ResearchSource.file_path.is_(None)))
    return int(done.rowcount or 0)  # type: ignore[attr-defined]


def sources_for(session: Session, artist: str) -> list[ResearchSource]:
    """Every source stored for `artist`, oldest first."""
    return list(session.scalars(
        select(ResearchSource).join(Artist, Artist.id == ResearchSource.artist_id)
        .where(Artist.normalized_name == normalize_name(artist))
        .order_by(ResearchSource.collected_at, ResearchSource.id)))


def set_research_status(session: Session, artist: str, status: str) -> None:
    """Mark where research of `artist` stands: one of RESEARCH_STATUSES."""
    if status not in RESEARCH_STATUSES:
        raise ValueError(f"status must be one of {', '.join(RESEARCH_STATUSES)}, got {status!r}")
    row = find_artist(session, artist) if status == "none" else get_or_create_artist(session,
                                                                                     artist)
    if row is None:
        raise NotFoundError(f"no artist {artist!r} is stored", field="artist")
    catalog.set_status(session, row, status)
    row.updated_at = utcnow()
    session.flush()
