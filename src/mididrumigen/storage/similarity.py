"""similar(): artists whose current profile vectors are closest by cosine similarity.

PostgreSQL: pgvector's `<=>` ordered by the partial HNSW index over current profiles, in one
statement built once (SQLAlchemy reuses its compiled form, psycopg prepares it).
SQLite: numpy over the current vectors held in memory by a VectorIndex (storage/vector_index.py:
loaded once, then only the newly saved rows are read) that the caller keeps between calls
(services: one per runtime and database; without one, each call loads its own). Both return
(artist_name, cosine similarity), best first, and agree with each other (a test checks it).
The vectors are the ones research computed (research/embedder.py); nothing here computes one.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
from sqlalchemy import Float, Integer, Select, bindparam, select, text
from sqlalchemy.orm import Session

from ..domain.embedding import EMBEDDING_DIM
from ..domain.profile import StyleProfile
from ..errors import NotFoundError, UserInputError
from .columns import Embedding
from .models import StyleProfileRow
from .repository import current_vector
from .vector_index import VectorIndex

MAX_LIMIT = 1000
HNSW_EF_SEARCH = 40


def similar(session: Session, name: str, limit: int = 10, *,
            index: VectorIndex | None = None) -> list[tuple[str, float]]:
    """The `limit` artists most like `name` (excluding it), as (artist_name, score in -1..1).
    index: the SQLite vector index to keep between calls (None: one loaded for this call)."""
    row = current_vector(session, name)
    if row is None:
        raise NotFoundError(f"no stored profile for {name!r}; generate or research that artist "
                            "first, or check the spelling", field="artist")
    if row.embedding is None:
        raise NotFoundError(f"the stored profile of {name!r} has no style vector; research that "
                            "artist again", field="artist")
    return similar_to_vector(session, row.embedding, limit, exclude_artist_id=row.artist_id,
                             index=index)


def similar_to_profile(session: Session, profile: StyleProfile, limit: int = 10, *,
                       index: VectorIndex | None = None) -> list[tuple[str, float]]:
    """Stored artists most like a profile that need not be stored (e.g. from the knowledge base,
    embedded with research.embedder.embed_profile); its own artist is left out if stored."""
    if profile.embedding is None:
        raise ValueError(f"profile {profile.artist_name!r} has no embedding; embed it first")
    row = current_vector(session, profile.artist_name)
    return similar_to_vector(session, profile.embedding, limit, index=index,
                             exclude_artist_id=None if row is None else row.artist_id)


def similar_to_vector(session: Session, vector: Sequence[float], limit: int = 10, *,
                      exclude_artist_id: int | None = None,
                      index: VectorIndex | None = None) -> list[tuple[str, float]]:
    if not 1 <= limit <= MAX_LIMIT:
        raise UserInputError(f"limit must be in range 1..{MAX_LIMIT}, got {limit}", field="limit")
    query = np.asarray(vector, dtype=np.float64).reshape(-1)
    if query.shape[0] != EMBEDDING_DIM:
        raise ValueError(f"vector must have {EMBEDDING_DIM} values, got {query.shape[0]}")
    if session.get_bind().dialect.name == "postgresql":
        return _similar_pgvector(session, query, limit, exclude_artist_id)
    return _similar_numpy(session, query, limit, exclude_artist_id, index or VectorIndex())


def _similar_pgvector(session: Session, query: np.ndarray, limit: int,
                      exclude_artist_id: int | None) -> list[tuple[str, float]]:
    # The HNSW index returns at most ef_search rows (pgvector's default: 40); ask for enough to
    # fill `limit` when the default is not (a round trip saved on small limits).
    if 2 * (limit + 1) > HNSW_EF_SEARCH:
        session.execute(text(f"SET LOCAL hnsw.ef_search = {2 * (limit + 1)}"))
    rows = session.execute(_nearest_statement(), {"query": query, "limit": limit + 1})
    out = [(name, 1.0 - float(dist)) for name, artist_id, dist in rows
           if artist_id != exclude_artist_id]
    return out[:limit]


@cache
def _nearest_statement() -> Select[tuple[str, int, float]]:
    """The one statement of the PostgreSQL search, built once: the nearest current profiles by
    cosine distance, read from the partial HNSW index (the ORDER BY is the index's operator on
    its column, the WHERE implies its predicate, is_current)."""
    distance = StyleProfileRow.embedding.op("<=>", return_type=Float())(
        bindparam("query", type_=Embedding(EMBEDDING_DIM)))
    return (select(StyleProfileRow.artist_name, StyleProfileRow.artist_id, distance)
            .where(StyleProfileRow.is_current, StyleProfileRow.embedding.is_not(None))
            .order_by(distance).limit(bindparam("limit", type_=Integer())))


def _similar_numpy(session: Session, query: np.ndarray, limit: int,
                   exclude_artist_id: int | None, index: VectorIndex) -> list[tuple[str, float]]:
    found = index.search(session, query, limit, exclude_artist_id)
    if not found:
        return []
    names = dict(session.execute(select(StyleProfileRow.id, StyleProfileRow.artist_name)
                                 .where(StyleProfileRow.id.in_([i for i, _ in found]))).all())
    return [(names[i], score) for i, score in found if i in names]
