"""similar(): artists whose current profile vectors are closest by cosine similarity.

PostgreSQL: pgvector's `<=>` ordered by the partial HNSW index over current profiles.
SQLite: numpy over all current vectors (stored as float32 bytes), the matrix cached per engine and
reloaded when profiles are added or removed. Both return (artist_name, cosine similarity),
best first, and agree with each other (a test checks it). The vectors are the ones research
computed (research/embedder.py); nothing here computes one.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Float, LargeBinary, bindparam, func, select, text, type_coerce
from sqlalchemy.orm import Session

from ..domain.embedding import EMBEDDING_DIM
from ..domain.profile import StyleProfile
from ..errors import NotFoundError, UserInputError
from .columns import Embedding
from .models import StyleProfileRow
from .repository import latest_profile_row

MAX_LIMIT = 1000


def similar(session: Session, name: str, limit: int = 10) -> list[tuple[str, float]]:
    """The `limit` artists most like `name` (excluding it), as (artist_name, score in -1..1)."""
    row = latest_profile_row(session, name)
    if row is None:
        raise NotFoundError(f"no stored profile for {name!r}; generate or research that artist "
                            "first, or check the spelling", field="artist")
    if row.embedding is None:
        raise NotFoundError(f"the stored profile of {name!r} has no style vector; research that "
                            "artist again", field="artist")
    return similar_to_vector(session, row.embedding, limit, exclude_artist_id=row.artist_id)


def similar_to_profile(session: Session, profile: StyleProfile,
                       limit: int = 10) -> list[tuple[str, float]]:
    """Stored artists most like a profile that need not be stored (e.g. from the knowledge base,
    embedded with research.embedder.embed_profile); its own artist is left out if stored."""
    if profile.embedding is None:
        raise ValueError(f"profile {profile.artist_name!r} has no embedding; embed it first")
    row = latest_profile_row(session, profile.artist_name)
    return similar_to_vector(session, profile.embedding, limit,
                             exclude_artist_id=None if row is None else row.artist_id)


def similar_to_vector(session: Session, vector: Sequence[float], limit: int = 10, *,
                      exclude_artist_id: int | None = None) -> list[tuple[str, float]]:
    if not 1 <= limit <= MAX_LIMIT:
        raise UserInputError(f"limit must be in range 1..{MAX_LIMIT}, got {limit}", field="limit")
    query = np.asarray(vector, dtype=np.float64).reshape(-1)
    if query.shape[0] != EMBEDDING_DIM:
        raise ValueError(f"vector must have {EMBEDDING_DIM} values, got {query.shape[0]}")
    if session.get_bind().dialect.name == "postgresql":
        return _similar_pgvector(session, query, limit, exclude_artist_id)
    return _similar_numpy(session, query, limit, exclude_artist_id)


def _similar_pgvector(session: Session, query: np.ndarray, limit: int,
                      exclude_artist_id: int | None) -> list[tuple[str, float]]:
    # The HNSW index returns at most ef_search rows; ask for enough to fill `limit`.
    session.execute(text(f"SET LOCAL hnsw.ef_search = {max(40, 2 * (limit + 1))}"))
    distance = StyleProfileRow.embedding.op("<=>", return_type=Float())(
        bindparam("query", query, type_=Embedding(EMBEDDING_DIM)))
    stmt = (select(StyleProfileRow.artist_name, StyleProfileRow.artist_id, distance)
            .where(StyleProfileRow.is_current, StyleProfileRow.embedding.is_not(None))
            .order_by(distance).limit(limit + 1))
    out = [(name, 1.0 - float(dist)) for name, artist_id, dist in session.execute(stmt)
           if artist_id != exclude_artist_id]
    return out[:limit]


@dataclass(frozen=True)
class _Matrix:
    token: tuple[Any, ...]
    artist_ids: np.ndarray
    names: list[str]
    unit_rows: np.ndarray  # float32, rows L2-normalized (zero rows stay zero)


_cache: weakref.WeakKeyDictionary[Any, _Matrix] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def _load_matrix(session: Session) -> _Matrix:
    token = tuple(session.execute(select(func.max(StyleProfileRow.id),
                                         func.count(StyleProfileRow.id))).one())
    engine = session.get_bind()
    with _cache_lock:
        cached = _cache.get(engine)
    if cached is not None and cached.token == token:
        return cached
    # The raw float32 bytes, not lists of floats: 10k rows load in tens of milliseconds.
    raw = type_coerce(StyleProfileRow.embedding, LargeBinary())
    rows = session.execute(select(StyleProfileRow.artist_id, StyleProfileRow.artist_name, raw)
                           .where(StyleProfileRow.is_current,
                                  StyleProfileRow.embedding.is_not(None))).all()
    matrix = np.frombuffer(b"".join(r[2] for r in rows), dtype="<f4")
    matrix = matrix.astype(np.float32).reshape(len(rows), EMBEDDING_DIM)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    loaded = _Matrix(token, np.asarray([r[0] for r in rows], dtype=np.int64),
                     [r[1] for r in rows], matrix)
    with _cache_lock:
        _cache[engine] = loaded
    return loaded


def _similar_numpy(session: Session, query: np.ndarray, limit: int,
                   exclude_artist_id: int | None) -> list[tuple[str, float]]:
    m = _load_matrix(session)
    if not m.names:
        return []
    norm = float(np.linalg.norm(query))
    q = (query / norm if norm > 0 else query).astype(np.float32)
    scores = m.unit_rows @ q
    if exclude_artist_id is not None:
        scores = np.where(m.artist_ids == exclude_artist_id, -np.inf, scores)
    k = min(limit, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(m.names[i], float(scores[i])) for i in top if np.isfinite(scores[i])]


def clear_cache() -> None:
    """Forget the cached SQLite matrices (tests; after editing embeddings by hand)."""
    with _cache_lock:
        _cache.clear()
