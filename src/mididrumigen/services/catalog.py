"""Artists: what is known about one, the merged list, and who plays alike."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..domain.names import clean_artist_name
from ..errors import UserInputError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..storage.vector_index import VectorIndex
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


@dataclass(frozen=True, slots=True)
class ArtistPage:
    """One page of the artist list. `next_cursor` asks for the page after (None: the last);
    `count` and `counts_by_status` cover every page (None for a name search, whose count would
    cost a scan of the whole store)."""

    data: list[ArtistSummary]
    next_cursor: str | None
    count: int | None
    counts_by_status: dict[str, int] | None


def list_artists(runtime: Runtime, engine: Engine | None = None, *, genre: str | None = None,
                 q: str | None = None, cursor: str | None = None, limit: int = 50) -> ArtistPage:
    """A page of the knowledge base and the stored artists merged by name (a stored profile
    wins), in name order: all of them, one `genre`'s, or the names matching `q` (those starting
    with it first, then those with a later word starting with it). Each page reads its own rows
    from the database (storage/catalog.py) and the knowledge base's from memory."""
    from ..storage.repository import normalize_name

    if not 1 <= limit <= 1000:
        raise UserInputError(f"limit must be in range 1..1000, got {limit}", field="limit")
    genre_key = _genre_key(genre)
    q_key = normalize_name(q) if q is not None and q.strip() else None
    tier, after = _decode_cursor(cursor)
    kb = runtime.shared("kb_catalog", lambda: _kb_catalog(runtime))
    if engine is None:
        return _page(kb, None, genre_key, q_key, tier, after, limit)
    from ..storage.engine import read_scope

    replaced = runtime.shared("kb_replaced", ReplacedNames)
    with read_scope(engine) as s:
        return _page(kb, s, genre_key, q_key, tier, after, limit, replaced.get(s, kb))


def _page(kb: KbCatalog, s: Any, genre: str | None, q: str | None, first_tier: int,
          after: str | None, limit: int, replaced: frozenset[str] = frozenset()) -> ArtistPage:
    import heapq
    from itertools import islice

    from ..storage import catalog

    found: list[tuple[int, str, ArtistSummary]] = []
    for tier in (catalog.SEARCH_TIERS if q else (0,)):
        if tier < first_tier:
            continue
        start = after if tier == first_tier else None
        need = limit + 1 - len(found)
        stored = [] if s is None else [
            (r.key, ArtistSummary(r.name, r.kind, r.genres, r.confidence, r.source,
                                  _status(r.research_status)))
            for r in catalog.page(s, genre=genre, q=q, tier=tier, after=start, limit=need)]
        merged = heapq.merge(stored, _kb_page(kb, replaced, genre, q, tier, start, need),
                             key=lambda t: t[0])
        found += [(tier, key, item) for key, item in islice(merged, need)]
        if len(found) > limit:
            break
    more = len(found) > limit
    found = found[:limit]
    next_cursor = _encode_cursor(found[-1][0], found[-1][1]) if more else None
    count, by_status = (None, None) if q else _counts(kb, s, genre, replaced)
    return ArtistPage([item for _, _, item in found], next_cursor, count, by_status)


def _status(research_status: str) -> str:
    return "knowledge_base" if research_status == "none" else research_status


def _counts(kb: KbCatalog, s: Any, genre: str | None,
            replaced: frozenset[str]) -> tuple[int, dict[str, int]]:
    """Listed artists by status (stored ones from the count rows) plus the knowledge base's
    entries that no stored profile replaces."""
    from ..storage import catalog

    by_status: dict[str, int] = {}
    kb_left = sum(1 for key, _, genres in kb
                  if (genre is None or genre in genres) and key not in replaced)
    if s is not None:
        for status, n in catalog.counts(s, genre).items():
            by_status[_status(status)] = by_status.get(_status(status), 0) + n
    if kb_left:
        by_status["knowledge_base"] = by_status.get("knowledge_base", 0) + kb_left
    return sum(by_status.values()), by_status


def _kb_page(kb: KbCatalog, replaced: frozenset[str], genre: str | None, q: str | None,
             tier: int, after: str | None, need: int) -> list[tuple[str, ArtistSummary]]:
    """Up to `need` knowledge-base entries after `after` that pass the filters and that no
    stored profile replaces (those come from the database)."""
    from bisect import bisect_left, bisect_right
    from itertools import islice

    entries = kb
    keys = [key for key, _, _ in entries]
    first = bisect_right(keys, after) if after is not None else 0
    if q and tier == 0:  # the names starting with q sit together from bisect_left(keys, q)
        first = max(first, bisect_left(keys, q))

    def wanted() -> Any:
        for key, item, genres in entries[first:]:
            if q and tier == 0 and not key.startswith(q):
                return
            if q and tier == 1 and (key.startswith(q) or f" {q}" not in key):
                continue
            if (genre is None or genre in genres) and key not in replaced:
                yield key, item

    return list(islice(wanted(), need))


KbCatalog = list[tuple[str, ArtistSummary, frozenset[str]]]  # (key, summary, genre keys)
KB_REPLACED_S = 60.0


class ReplacedNames:
    """The knowledge-base names a stored profile replaces, per database (kept by the Runtime):
    asked once (an IN query over the knowledge base's names) and again only when a profile was
    saved since (the newest profile id moved) or KB_REPLACED_S passed, so a page needs no query
    about the knowledge base."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, tuple[int, float, frozenset[str]]] = {}  # database URL -> …

    def get(self, s: Any, kb: KbCatalog) -> frozenset[str]:
        from sqlalchemy import func, select

        from ..storage import catalog
        from ..storage.models import StyleProfileRow

        where = str(s.get_bind().url)
        newest = int(s.scalar(select(func.max(StyleProfileRow.id))) or 0)
        now = time.monotonic()
        with self._lock:
            hit = self._known.get(where)
        if hit is not None and hit[0] == newest and now - hit[1] < KB_REPLACED_S:
            return hit[2]
        found = frozenset(catalog.listed_among(s, [key for key, _, _ in kb]))
        with self._lock:
            self._known[where] = (newest, now, found)
        return found


def _kb_catalog(runtime: Runtime) -> KbCatalog:
    """The knowledge base's entries by normalized name, sorted (made once per runtime)."""
    from ..storage.catalog import genre_keys
    from ..storage.repository import normalize_name

    kb = runtime.knowledge_base
    rows = [(normalize_name(e.name),
             ArtistSummary(e.name, e.kind, tuple(e.genres), kb.profile(e.name).confidence,
                           "knowledge_base", "knowledge_base"),
             frozenset(genre_keys(e.genres))) for e in kb]
    return sorted(rows, key=lambda r: r[0])


def _genre_key(genre: str | None) -> str | None:
    if genre is None or not genre.strip():
        return None
    from ..knowledge.genres import canonical_genre

    return canonical_genre(genre)


def _encode_cursor(tier: int, key: str) -> str:
    import base64

    return base64.urlsafe_b64encode(f"{tier}:{key}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str | None) -> tuple[int, str | None]:
    """(tier, the last key of the previous page) from a next_cursor; (0, None) for the start."""
    if cursor is None or not cursor.strip():
        return 0, None
    import base64
    import binascii

    try:
        text = base64.urlsafe_b64decode(cursor.strip() + "=" * (-len(cursor.strip()) % 4))
        tier, _, key = text.decode().partition(":")
        if int(tier) in (0, 1) and key:
            return int(tier), key
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise UserInputError("cursor is not one this server gave out; pass a page's next_cursor "
                         "unchanged, or leave it out for the first page", field="cursor")


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
    knowledge base and, with `engine`, the stored profiles (one read-only session: the stored
    profile, then the nearest stored vectors, from the runtime's vector index on SQLite).
    Unknown artist: NotFoundError."""
    if not 1 <= limit <= 100:
        raise UserInputError(f"limit must be in range 1..100, got {limit}", field="limit")
    name = clean_artist_name(artist)
    if engine is None:
        return _similar(runtime, name, limit, None, None)
    from ..storage.engine import read_scope

    index = vector_index(runtime, engine)
    with read_scope(engine) as s:
        return _similar(runtime, name, limit, s, index)


def warm_similar(runtime: Runtime, engine: Engine | None = None) -> None:
    """Pay similar()'s first-use costs now: the knowledge base's style vectors and, on SQLite,
    the stored vectors' index (about a second at 100k profiles). A server runs it on a thread at
    start-up, so no request waits for it; a search during it waits on the index's lock."""
    runtime.shared("kb_vectors", lambda: _kb_vectors(runtime))
    if engine is None or engine.dialect.name != "sqlite":
        return  # PostgreSQL answers from its own index
    from ..storage.engine import read_scope

    index = vector_index(runtime, engine)
    with read_scope(engine) as s:
        index.refresh(s)


def vector_index(runtime: Runtime, engine: Engine) -> VectorIndex:
    """The runtime's one vector index of this database (SQLite's similar-artist search)."""
    from ..storage.vector_index import VectorIndex

    return runtime.shared(f"vector_index {engine.url}", VectorIndex)


def _similar(runtime: Runtime, name: str, limit: int, s: Any,
             index: Any) -> list[tuple[str, float]]:
    import numpy as np

    from ..errors import NotFoundError
    from ..research.embedder import profile_vector
    from ..storage import repository

    kb = runtime.knowledge_base
    key, profile = name, None
    # What the search starts from: the stored artist's id, name and vector (not its profile).
    stored = None if s is None else repository.current_vector(s, key)
    if stored is None:
        resolution = kb.resolve(name)
        if resolution.entry is None:
            raise NotFoundError(f"no profile for {name!r}; research it first or check the "
                                "spelling", field="artist", suggestions=tuple(resolution.suggestions))
        profile = kb.profile(resolution.entry.name)
        key = profile.artist_name
        if s is not None:  # a spelling or alias of an artist stored under the known name
            stored = repository.current_vector(s, key)
    if stored is not None and stored.embedding is not None:
        vector = np.asarray(stored.embedding, dtype=np.float64)
    else:
        if stored is not None:  # stored without a vector: made from the stored profile
            row = repository.latest_profile_row(s, key)
            if row is None:
                raise NotFoundError(f"no profile for {name!r}; research it first",
                                    field="artist")
            profile = repository.row_to_profile(row)
        assert profile is not None
        vector = np.asarray(profile_vector(profile, text_embedder=runtime.text_embedder),
                            dtype=np.float64)
    own = repository.normalize_name(key if stored is None else stored.artist_name)
    vector = vector / (np.linalg.norm(vector) or 1.0)
    names, matrix = runtime.shared("kb_vectors", lambda: _kb_vectors(runtime))
    scores: dict[str, tuple[str, float]] = {}
    kb_scores = np.einsum("ij,j->i", matrix, vector)  # no BLAS threads for 583 rows
    for i in np.argsort(-kb_scores, kind="stable")[:limit + 1]:
        scores[repository.normalize_name(names[i])] = (names[i], float(kb_scores[i]))
    if s is not None:
        from ..storage.similarity import similar_to_vector

        for other, score in similar_to_vector(s, vector.tolist(), limit + 1, index=index,
                                              exclude_artist_id=None if stored is None
                                              else stored.artist_id):
            scores[repository.normalize_name(other)] = (other, score)
    scores.pop(own, None)
    return sorted(scores.values(), key=lambda t: -t[1])[:limit]
