"""Artists: what is known about one, the merged list, and who plays alike."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..domain.names import clean_artist_name
from ..errors import UserInputError
from .profiles import (
    stored_profile,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from .runtime import Runtime


@dataclass(frozen=True, slots=True)
class ArtistStatus:
    """What is known about an artist: from the database (research) or the knowledge base."""

    name: str
    exists: bool
    confidence: float = 0.0
    last_updated: datetime | None = None
    sources_count: int = 0
    source: str = "none"
    status: str = "none"
    suggestions: tuple[str, ...] = ()


def artist_status(runtime: Runtime, artist: str, engine: Engine | None = None) -> ArtistStatus:
    """The stored profile if there is one, else the knowledge-base entry, else exists=False."""
    name = clean_artist_name(artist)
    if engine is not None:
        from ..storage import repository
        from ..storage.engine import read_scope

        with read_scope(engine) as s:
            row = repository.latest_profile_row(s, name)
            if row is not None:
                found = repository.find_artist(s, name)
                return ArtistStatus(row.artist_name, True, row.confidence, row.created_at,
                                    row.sources_count, row.source,
                                    found.research_status if found else "none")
    kb = runtime.knowledge_base
    resolution = kb.resolve(name)
    if resolution.entry is None:
        return ArtistStatus(name, False, suggestions=tuple(resolution.suggestions))
    profile = kb.profile(resolution.entry.name)
    return ArtistStatus(profile.artist_name, True, profile.confidence,
                        _file_mtime(resolution.entry.source_file), profile.sources_count,
                        profile.source, "knowledge_base")


def _file_mtime(name: str) -> datetime | None:
    """When the bundled knowledge-base file `name` (e.g. rock.json) last changed."""
    from ..knowledge.artists import DATA_DIR

    try:
        return datetime.fromtimestamp(os.stat(DATA_DIR / name).st_mtime, tz=UTC)
    except OSError:
        return None


@dataclass(frozen=True, slots=True)
class ArtistSummary:
    name: str
    kind: str
    genres: tuple[str, ...]
    confidence: float
    source: str
    status: str


def list_artists(runtime: Runtime, engine: Engine | None = None, *, offset: int = 0,
                 limit: int = 50) -> tuple[list[ArtistSummary], int, dict[str, int]]:
    """One page of the knowledge base and the stored artists merged by name (a stored profile
    wins), the total count, and counts by status ('knowledge_base', 'done', …)."""
    from ..storage.repository import normalize_name

    merged: dict[str, ArtistSummary] = {}
    kb = runtime.knowledge_base
    for e in kb:
        merged[normalize_name(e.name)] = ArtistSummary(
            e.name, e.kind, tuple(e.genres), kb.profile(e.name).confidence,
            "knowledge_base", "knowledge_base")
    if engine is not None:
        from sqlalchemy import select

        from ..storage.engine import read_scope
        from ..storage.models import Artist, StyleProfileRow

        with read_scope(engine) as s:
            rows = s.execute(select(Artist.normalized_name, Artist.research_status, StyleProfileRow)
                             .join(StyleProfileRow, StyleProfileRow.artist_id == Artist.id)
                             .where(StyleProfileRow.is_current.is_(True))).all()
            for key, status, row in rows:
                merged[key] = ArtistSummary(row.artist_name, row.kind, tuple(row.genres),
                                            row.confidence, row.source,
                                            "knowledge_base" if status == "none" else status)
    items = sorted(merged.values(), key=lambda a: a.name.casefold())
    counts: dict[str, int] = {}
    for a in items:
        counts[a.status] = counts.get(a.status, 0) + 1
    return items[offset:offset + limit], len(items), counts


def _kb_vectors(runtime: Runtime) -> tuple[list[str], Any]:
    """The knowledge base's names and unit style vectors (a matrix), made once per runtime."""
    import numpy as np

    from ..research.embedder import profile_vector

    kb = runtime.knowledge_base
    names = [e.name for e in kb]
    matrix = np.asarray([profile_vector(kb.profile(n), text_embedder=runtime.text_embedder)
                         for n in names], dtype=np.float64)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return names, np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def similar(runtime: Runtime, artist: str, limit: int = 10,
            engine: Engine | None = None) -> list[tuple[str, float]]:
    """The `limit` artists most like `artist` by style vector (cosine, best first), over the
    knowledge base and, with `engine`, the stored profiles. Unknown artist: NotFoundError."""
    import numpy as np

    from ..errors import NotFoundError
    from ..research.embedder import embed_profile
    from ..storage.repository import normalize_name

    if not 1 <= limit <= 100:
        raise UserInputError(f"limit must be in range 1..100, got {limit}", field="limit")
    name = clean_artist_name(artist)
    profile = stored_profile(name, engine)
    if profile is None:
        resolution = runtime.knowledge_base.resolve(name)
        if resolution.entry is None:
            raise NotFoundError(f"no profile for {name!r}; research it first or check the "
                                "spelling", field="artist", suggestions=tuple(resolution.suggestions))
        profile = runtime.knowledge_base.profile(resolution.entry.name)
    own = normalize_name(profile.artist_name)
    profile = embed_profile(profile, text_embedder=runtime.text_embedder)
    vector = np.asarray(profile.embedding, dtype=np.float64)
    vector = vector / (np.linalg.norm(vector) or 1.0)
    names, matrix = runtime.shared("kb_vectors", lambda: _kb_vectors(runtime))
    scores: dict[str, tuple[str, float]] = {}
    for i in np.argsort(-(matrix @ vector), kind="stable")[:limit + 1]:
        scores[normalize_name(names[i])] = (names[i], float(matrix[i] @ vector))
    if engine is not None:
        from ..storage.engine import read_scope
        from ..storage.similarity import similar_to_profile

        with read_scope(engine) as s:
            for other, score in similar_to_profile(s, profile, limit + 1):
                scores[normalize_name(other)] = (other, score)
    scores.pop(own, None)
    return sorted(scores.values(), key=lambda t: -t[1])[:limit]
