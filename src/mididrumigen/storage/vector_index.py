"""VectorIndex: the current profiles' vectors of one SQLite database, in memory, for similar().

Kept by its owner for the life of the process (services.Runtime.shared, one per database) and
loaded on first use (streamed a few thousand rows at a time, so loading never
holds the whole table twice), then kept up to date incrementally: profiles are only ever added
(a save inserts a new version, storage/repository.py), and SQLite's writers take turns, so row
ids become visible in increasing order. Each search asks for the newest row id, reads only the
rows saved since, and moves those artists' vectors; the row count is compared now and then
(every RECOUNT_S, and after each update), and a store that lost rows (a hand-made DELETE) is
loaded again.

Memory: the vector layout (domain/embedding.py) puts the groove and genre features first and
the optional text block last. The index keeps the first HEAD_DIM floats of every vector as
float32 (212 bytes a profile) and the text block only for profiles that have one, so 100k
profiles without text vectors take about 21 MB; a search allocates one float32 score per
profile. Scores are exact cosine similarities (the dropped part is zero).

Names are not kept: a search returns style_profiles row ids, and similarity.py reads the few
names it shows.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import LargeBinary, func, select, text, type_coerce

from ..domain.embedding import EMBEDDING_DIM, GROOVE_FEATURES
from ..domain.genres import GENRES
from .models import StyleProfileRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

HEAD_DIM = len(GROOVE_FEATURES) + len(GENRES)  # kept for every profile
TAIL_DIM = EMBEDDING_DIM - HEAD_DIM  # the text block: kept only where it is not all zeros
RECOUNT_S = 5.0
LOAD_BATCH = 4096
_P = StyleProfileRow


class VectorIndex:
    """Unit vectors of the current profiles, by artist; `search` brings it up to date first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.full_loads = 0  # how often the whole table was read (tests, benchmarks)
        self.updates = 0  # how often only the newly saved rows were read
        self._reset(0)

    def _reset(self, capacity: int) -> None:
        self.loaded = False
        self.max_id = 0  # newest style_profiles.id seen
        self.total = 0  # style_profiles rows (all versions) when last counted
        self._counted_at = 0.0
        self.size = 0
        self.artist_ids = np.zeros(capacity, dtype=np.int64)
        self.row_ids = np.zeros(capacity, dtype=np.int64)
        self.valid = np.zeros(capacity, dtype=bool)
        self.head = np.zeros((capacity, HEAD_DIM), dtype=np.float32)
        self.tail_of = np.full(capacity, -1, dtype=np.int64)  # slot -> row of `tail`, or -1
        self.tail = np.zeros((0, TAIL_DIM), dtype=np.float32)
        self.tail_slots = np.zeros(0, dtype=np.int64)
        self.tail_size = 0

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.artist_ids, self.row_ids, self.valid, self.head,
                                      self.tail_of, self.tail, self.tail_slots))

    def search(self, session: Session, query: np.ndarray, limit: int,
               exclude_artist_id: int | None) -> list[tuple[int, float]]:
        """(style_profiles.id, cosine similarity) of the `limit` closest current profiles."""
        norm = float(np.linalg.norm(query))
        q = (query / norm if norm > 0 else query).astype(np.float32)
        with self._lock:
            self._sync(session)
            n = self.size
            if n == 0:
                return []
            # einsum's own loop, not BLAS: a threaded BLAS call on a busy machine costs more in
            # waking its threads than the 5 M multiply-adds of 100k profiles take on one core
            scores = np.einsum("ij,j->i", self.head[:n], q[:HEAD_DIM])
            if self.tail_size:
                scores[self.tail_slots[:self.tail_size]] += np.einsum(
                    "ij,j->i", self.tail[:self.tail_size], q[HEAD_DIM:])
            scores[~self.valid[:n]] = -np.inf
            if exclude_artist_id is not None:
                scores[self.artist_ids[:n] == exclude_artist_id] = -np.inf
            k = min(limit, n)
            top = np.argpartition(-scores, k - 1)[:k]
            top = top[np.argsort(-scores[top], kind="stable")]
            return [(int(self.row_ids[i]), float(scores[i])) for i in top
                    if np.isfinite(scores[i])]

    def refresh(self, session: Session) -> None:
        """Bring the index up to date now (loading it on first use), so the next search does
        not pay for it: a server warms it at start-up."""
        with self._lock:
            self._sync(session)

    # -- keeping up with the table ---------------------------------------------------------

    def _sync(self, session: Session) -> None:
        max_id = int(session.scalar(select(func.max(_P.id))) or 0)
        if not self.loaded or max_id < self.max_id:
            self._load(session)
        elif max_id > self.max_id:
            self._update(session)
        elif time.monotonic() - self._counted_at > RECOUNT_S and self._count(session) != self.total:
            self._load(session)

    def _count(self, session: Session) -> int:
        self._counted_at = time.monotonic()
        return int(session.scalar(select(func.count()).select_from(_P)) or 0)

    def _load(self, session: Session) -> None:
        """Read every current vector, a batch at a time, into fresh arrays."""
        # `is_current` as written in the partial index's WHERE, so SQLite counts with it.
        current = session.scalar(select(func.count()).select_from(_P)
                                 .where(text("style_profiles.is_current"))) or 0
        self._reset(int(current))
        self.max_id = int(session.scalar(select(func.max(_P.id))) or 0)
        self.total = self._count(session)
        raw = type_coerce(_P.embedding, LargeBinary())
        stmt = (select(_P.id, _P.artist_id, raw)
                .where(text("style_profiles.is_current"), _P.embedding.is_not(None),
                       _P.id <= self.max_id)
                .execution_options(yield_per=LOAD_BATCH))
        for batch in session.execute(stmt).partitions():
            self._put_batch(np.fromiter((r[1] for r in batch), dtype=np.int64, count=len(batch)),
                            np.fromiter((r[0] for r in batch), dtype=np.int64, count=len(batch)),
                            b"".join(r[2] for r in batch))
        self.loaded = True
        self.full_loads += 1

    def _update(self, session: Session) -> None:
        """Read the rows saved since the last look and move their artists' vectors."""
        raw = type_coerce(_P.embedding, LargeBinary())
        rows = session.execute(select(_P.id, _P.artist_id, _P.is_current, raw)
                               .where(_P.id > self.max_id).order_by(_P.id)).all()
        expected = self.total + len(rows)
        for row_id, artist_id, is_current, blob in rows:
            if not is_current:
                continue  # superseded by a newer row in this same batch
            existing = np.flatnonzero(self.artist_ids[:self.size] == artist_id)
            if blob is None:
                self.valid[existing] = False  # the newest profile has no vector: not searchable
                continue
            if existing.size:
                self._set(int(existing[0]), artist_id, row_id, blob)
            else:
                self._put_batch(np.asarray([artist_id], dtype=np.int64),
                                np.asarray([row_id], dtype=np.int64), blob)
        self.max_id = int(rows[-1][0]) if rows else self.max_id
        self.total = self._count(session)
        self.updates += 1
        if self.total != expected:
            self._load(session)  # rows were deleted meanwhile: start again

    def _put_batch(self, artist_ids: np.ndarray, row_ids: np.ndarray, blobs: bytes) -> None:
        vectors = np.frombuffer(blobs, dtype="<f4").reshape(len(artist_ids), EMBEDDING_DIM)
        start, end = self.size, self.size + len(artist_ids)
        self._grow(end)
        self.size = end
        self.artist_ids[start:end] = artist_ids
        self.row_ids[start:end] = row_ids
        self._write(np.arange(start, end), vectors)

    def _set(self, slot: int, artist_id: int, row_id: int, blob: bytes) -> None:
        self.artist_ids[slot] = artist_id
        self.row_ids[slot] = row_id
        self._write(np.asarray([slot]), np.frombuffer(blob, dtype="<f4").reshape(1, EMBEDDING_DIM))

    def _write(self, slots: np.ndarray, vectors: np.ndarray) -> None:
        """Store unit vectors at `slots`: the head always, the text block where it has one."""
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        unit = np.divide(vectors, norms, out=np.zeros(vectors.shape, np.float32), where=norms > 0)
        self.head[slots] = unit[:, :HEAD_DIM]
        self.valid[slots] = True
        has_text = unit[:, HEAD_DIM:].any(axis=1)
        for i in np.flatnonzero(has_text | (self.tail_of[slots] >= 0)):
            slot, row = int(slots[i]), int(self.tail_of[slots[i]])
            if has_text[i]:
                if row < 0:
                    row = self._new_tail_row(slot)
                self.tail[row] = unit[i, HEAD_DIM:]
            else:
                self.tail[row] = 0.0  # the new vector has no text block

    def _new_tail_row(self, slot: int) -> int:
        if self.tail_size == len(self.tail):
            capacity = max(64, 2 * len(self.tail))
            self.tail = _grown(self.tail, capacity)
            self.tail_slots = _grown(self.tail_slots, capacity)
        row = self.tail_size
        self.tail_size += 1
        self.tail_slots[row] = slot
        self.tail_of[slot] = row
        return row

    def _grow(self, needed: int) -> None:
        if needed <= len(self.artist_ids):
            return
        capacity = max(needed, 1024, len(self.artist_ids) + len(self.artist_ids) // 2)
        self.artist_ids = _grown(self.artist_ids, capacity)
        self.row_ids = _grown(self.row_ids, capacity)
        self.valid = _grown(self.valid, capacity)
        self.head = _grown(self.head, capacity)
        self.tail_of = _grown(self.tail_of, capacity, fill=-1)


def _grown(a: np.ndarray, capacity: int, fill: Any = 0) -> np.ndarray:
    out = np.full((capacity, *a.shape[1:]), fill, dtype=a.dtype)
    out[:len(a)] = a
    return out
