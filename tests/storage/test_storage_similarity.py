"""similar(): sensible neighbours over the stored vectors, and SQLite and pgvector agree."""

from __future__ import annotations

import random
from typing import Any

import pytest

from mididrumigen.domain.profile import StyleParams, StyleProfile
from mididrumigen.errors import NotFoundError, UserInputError
from mididrumigen.research.embedder import embed_profile, profile_vector
from mididrumigen.storage.engine import session_scope
from mididrumigen.storage.repository import save_profile as _save
from mididrumigen.storage.similarity import similar, similar_to_profile, similar_to_vector


def save_profile(session: Any, profile: StyleProfile) -> None:
    """Store a profile with its vector, as research does."""
    _save(session, embed_profile(profile))


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def _drummers() -> list[StyleProfile]:
    rock = dict(swing_percent=52, ghost_note_prob=0.05, syncopation=0.2, complexity=0.3)
    funk = dict(swing_percent=57, ghost_note_prob=0.6, syncopation=0.7, complexity=0.7)
    return [
        StyleProfile("John Bonham", StyleParams(**rock, velocity_mean=115),
                     genres=("hard_rock", "rock")),
        StyleProfile("Ian Paice", StyleParams(**rock, velocity_mean=105),
                     genres=("hard_rock", "rock")),
        StyleProfile("Phil Rudd", StyleParams(**rock, velocity_mean=100), genres=("hard_rock",)),
        StyleProfile("Clyde Stubblefield", StyleParams(**funk), genres=("funk", "soul")),
        StyleProfile("Zigaboo Modeliste", StyleParams(**funk), genres=("funk", "new_orleans")),
        StyleProfile("Elvin Jones", StyleParams(swing_percent=68, ride_led=True, complexity=0.9),
                     genres=("jazz",)),
    ]


def test_similar_finds_the_obvious_neighbours(engine: Any) -> None:
    with session_scope(engine) as s:
        for p in _drummers():
            save_profile(s, p)
    with session_scope(engine) as s:
        names = [n for n, _ in similar(s, "john bonham", limit=2)]
        assert names == ["Ian Paice", "Phil Rudd"]
        funk = similar(s, "Clyde Stubblefield", limit=5)
        assert funk[0][0] == "Zigaboo Modeliste"
        assert "Clyde Stubblefield" not in [n for n, _ in funk]
        scores = [score for _, score in funk]
        assert scores == sorted(scores, reverse=True) and -1.0 <= scores[-1] <= 1.0
        assert len(similar(s, "Elvin Jones", limit=50)) == 5
        outsider = StyleProfile("Not Stored", StyleParams(swing_percent=57, ghost_note_prob=0.6),
                                genres=("funk",))
        assert similar_to_profile(s, embed_profile(outsider), 1)[0][0] in (
            "Clyde Stubblefield", "Zigaboo Modeliste")
        with pytest.raises(ValueError, match="no embedding"):
            similar_to_profile(s, outsider, 1)


def test_similar_uses_only_the_newest_version(engine: Any) -> None:
    drummers = _drummers()
    with session_scope(engine) as s:
        for p in drummers:
            save_profile(s, p)
        assert similar(s, "John Bonham", 1)[0][0] == "Ian Paice"
    with session_scope(engine) as s:  # Ian Paice turns into a jazz drummer
        save_profile(s, StyleProfile("Ian Paice", drummers[5].params, genres=("jazz",)))
    with session_scope(engine) as s:
        top = similar(s, "John Bonham", 10)
        assert top[0][0] == "Phil Rudd"
        assert [n for n, _ in top].count("Ian Paice") == 1
        assert similar(s, "Elvin Jones", 1)[0][0] == "Ian Paice"


def test_similar_errors(engine: Any) -> None:
    with session_scope(engine) as s:
        with pytest.raises(NotFoundError, match="no stored profile for 'Nobody'"):
            similar(s, "Nobody")
        _save(s, StyleProfile("No Vector"))  # storage computes nothing: stored without one
        with pytest.raises(NotFoundError, match="has no style vector"):
            similar(s, "No Vector")
        assert similar_to_vector(s, profile_vector(StyleProfile("X")), 3) == []
        with pytest.raises(UserInputError, match="limit must be in range"):
            similar_to_vector(s, profile_vector(StyleProfile("X")), 0)


def test_sqlite_and_pgvector_agree_on_50_profiles(both_engines: tuple[Any, Any],
                                                  synthetic: Any) -> None:
    rng = random.Random(1234)
    profiles = [synthetic(i, rng) for i in range(50)]
    for eng in both_engines:
        with session_scope(eng) as s:
            for p in profiles:
                save_profile(s, p)
    queries = [p.artist_name for p in profiles[::5]]
    for name in queries:
        results = []
        for eng in both_engines:
            with session_scope(eng) as s:
                results.append(similar(s, name, limit=10))
        lite, pg = results
        assert len(lite) == len(pg) == 10
        assert [n for n, _ in lite] == [n for n, _ in pg]
        assert [sc for _, sc in lite] == pytest.approx([sc for _, sc in pg], abs=1e-5)
        expected = sorted(((p.artist_name, cosine(profile_vector(p),
                                                  profile_vector(profiles[int(name[-3:])])))
                           for p in profiles if p.artist_name != name),
                          key=lambda t: -t[1])[:10]
        assert [n for n, _ in lite] == [n for n, _ in expected]
        assert [sc for _, sc in lite] == pytest.approx([sc for _, sc in expected], abs=1e-5)


def test_sqlite_matrix_cache_follows_new_saves(engine: Any, backend: str) -> None:
    drummers = _drummers()
    with session_scope(engine) as s:
        for p in drummers[:3]:
            save_profile(s, p)
    with session_scope(engine) as s:
        assert [n for n, _ in similar(s, "John Bonham", 5)] == ["Ian Paice", "Phil Rudd"]
    with session_scope(engine) as s:
        save_profile(s, drummers[3])
    with session_scope(engine) as s:
        assert len(similar(s, "John Bonham", 5)) == 3


def _sqlite_engine(tmp_path: Any) -> Any:
    from mididrumigen.storage.engine import make_engine, upgrade

    url = f"sqlite:///{tmp_path / 'index.db'}"
    upgrade(url)
    return make_engine(url)


def test_sqlite_index_is_loaded_once_and_follows_saves(tmp_path: Any, synthetic: Any) -> None:
    from mididrumigen.storage.engine import read_scope
    from mididrumigen.storage.vector_index import VectorIndex

    engine = _sqlite_engine(tmp_path)
    rng = random.Random(7)
    profiles = [synthetic(i, rng) for i in range(30)]
    with session_scope(engine) as s:
        for p in profiles:
            save_profile(s, p)
    index = VectorIndex()
    for _ in range(3):
        with read_scope(engine) as s:  # the request path's kind of session
            similar(s, "Artist 001", 5, index=index)
    assert (index.full_loads, index.updates) == (1, 0)
    twin = StyleProfile("Artist 001 Twin", profiles[1].params, genres=profiles[1].genres)
    with session_scope(engine) as s:
        save_profile(s, twin)
        save_profile(s, StyleProfile("Artist 002", profiles[20].params,  # a new version
                                     genres=profiles[20].genres))
    with read_scope(engine) as s:
        assert similar(s, "Artist 001", 1, index=index)[0][0] == "Artist 001 Twin"
        assert similar(s, "Artist 020", 1, index=index)[0][0] == "Artist 002"
    assert (index.full_loads, index.updates) == (1, 1)
    with session_scope(engine) as s:  # the newest version has no vector: not searchable
        _save(s, StyleProfile("Artist 001 Twin"))
    with read_scope(engine) as s:
        assert "Artist 001 Twin" not in [n for n, _ in similar(s, "Artist 001", 29, index=index)]
    assert index.full_loads == 1
    engine.dispose()


def test_sqlite_index_reloads_after_rows_are_deleted(tmp_path: Any, synthetic: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import text

    from mididrumigen.storage import vector_index as vi

    engine = _sqlite_engine(tmp_path)
    rng = random.Random(8)
    index = vi.VectorIndex()
    with session_scope(engine) as s:
        for i in range(10):
            save_profile(s, synthetic(i, rng))
    with session_scope(engine) as s:
        assert len(similar(s, "Artist 000", 20, index=index)) == 9
        s.execute(text("DELETE FROM artists WHERE normalized_name = 'artist 005'"))
    monkeypatch.setattr(vi, "RECOUNT_S", 0.0)
    with session_scope(engine) as s:
        names = [n for n, _ in similar(s, "Artist 000", 20, index=index)]
    assert len(names) == 8 and "Artist 005" not in names
    assert index.full_loads == 2
    engine.dispose()


def test_sqlite_index_scores_text_blocks_exactly(tmp_path: Any, synthetic: Any) -> None:
    """Vectors with a text block (kept apart from the groove and genre features) score the same
    as a full cosine over all EMBEDDING_DIM floats."""
    from dataclasses import replace

    from mididrumigen.domain.embedding import TEXT_DIM

    engine = _sqlite_engine(tmp_path)
    rng = random.Random(9)
    profiles = []
    for i in range(40):
        p = synthetic(i, rng)
        text_vector = [rng.gauss(0, 1) for _ in range(TEXT_DIM)] if i % 3 == 0 else None
        profiles.append(replace(p, embedding=tuple(profile_vector(p, text_vector=text_vector))))
    with session_scope(engine) as s:
        for p in profiles:
            _save(s, p)
    query = profiles[3]
    expected = sorted(((p.artist_name, cosine(list(p.embedding), list(query.embedding)))
                       for p in profiles if p is not query), key=lambda t: -t[1])[:10]
    with session_scope(engine) as s:
        got = similar(s, query.artist_name, 10)
    assert [n for n, _ in got] == [n for n, _ in expected]
    assert [sc for _, sc in got] == pytest.approx([sc for _, sc in expected], abs=1e-5)
    engine.dispose()


def _text_block_profiles(rng: random.Random, synthetic: Any, n: int) -> list[StyleProfile]:
    """Synthetic profiles, every third with a text block (a random description vector)."""
    from dataclasses import replace

    from mididrumigen.domain.embedding import TEXT_DIM

    out = []
    for i in range(n):
        p = synthetic(i, rng)
        text_vector = [rng.gauss(0, 1) for _ in range(TEXT_DIM)] if i % 3 == 0 else None
        out.append(replace(p, embedding=tuple(profile_vector(p, text_vector=text_vector))))
    return out


def test_pgvector_scores_are_exact_cosines_over_the_full_vectors(both_engines: tuple[Any, Any],
                                                                  synthetic: Any) -> None:
    """What comes back is ranked and scored by the cosine of the stored vectors, text blocks
    included, the same on both backends."""
    profiles = _text_block_profiles(random.Random(21), synthetic, 60)
    for eng in both_engines:
        with session_scope(eng) as s:
            for p in profiles:
                _save(s, p)
    for query in profiles[::7]:
        expected = sorted(((p.artist_name, cosine(list(p.embedding or ()),
                                                  list(query.embedding or ())))
                           for p in profiles if p is not query), key=lambda t: -t[1])[:10]
        for eng in both_engines:
            with session_scope(eng) as s:
                got = similar(s, query.artist_name, 10)
            assert [n for n, _ in got] == [n for n, _ in expected]
            assert [sc for _, sc in got] == pytest.approx([sc for _, sc in expected], abs=1e-6)


def test_pgvector_search_reads_the_hnsw_index(pg_url: str, synthetic: Any) -> None:
    """The statement the search sends is answered from the partial HNSW index (its ORDER BY
    matches the index expression, its WHERE the index predicate), as a prepared statement too,
    and a limit beyond pgvector's default ef_search still fills up."""
    from sqlalchemy import event, text

    from mididrumigen.storage.engine import make_engine, read_scope
    from mididrumigen.storage.models import HNSW_INDEX

    engine = make_engine(pg_url)
    rng = random.Random(5)
    with session_scope(engine) as s:
        for i in range(120):
            save_profile(s, synthetic(i, rng))
    sent: list[tuple[str, Any]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "<=>" in statement and not statement.startswith("EXPLAIN"):
            sent.append((statement, parameters))

    try:
        for _ in range(7):  # past psycopg's prepare threshold: the prepared statement is used
            with read_scope(engine) as s:
                assert len(similar(s, "Artist 001", 10)) == 10
        with read_scope(engine) as s:
            assert len(similar(s, "Artist 001", 60)) == 60  # SET LOCAL hnsw.ef_search
        statement, parameters = sent[0]
        with engine.connect() as conn:
            # 120 rows are cheaper to sort than to search: make sorting the last resort, so
            # the ORDER BY is read from the index if it can be.
            conn.execute(text("SET enable_sort = off"))
            plan = "\n".join(conn.exec_driver_sql("EXPLAIN " + statement, parameters).scalars())
        assert f"Index Scan using {HNSW_INDEX}" in plan, plan
    finally:
        engine.dispose()


def test_services_similar_starts_from_the_stored_vector(runtime: Any, engine: Any) -> None:
    """services.similar over a database: a stored artist's own vector; a stored profile without
    one gets one made from that profile; a knowledge-base alias finds the copy stored under the
    known name (and leaves it out of its own neighbours)."""
    from dataclasses import replace

    from mididrumigen import services

    rock = StyleParams(swing_percent=52, ghost_note_prob=0.05, syncopation=0.2)
    with session_scope(engine) as s:
        save_profile(s, StyleProfile("Garage Drummer W", rock, genres=("garage_rock",)))
        _save(s, StyleProfile("Garage Drummer Z", rock, genres=("garage_rock",)))  # no vector
        kb = services.resolve_profile(runtime, "Stewart Copeland").profile
        save_profile(s, replace(kb, source="research", confidence=0.9))
    found = services.similar(runtime, "Garage Drummer Z", 3, engine)
    assert found[0][0] == "Garage Drummer W" and found[0][1] == pytest.approx(1.0, abs=1e-6)
    assert "Garage Drummer Z" not in [n for n, _ in found]
    by_alias = services.similar(runtime, "Klark Kent", 5, engine)
    assert "Stewart Copeland" not in [n for n, _ in by_alias]
    assert by_alias == services.similar(runtime, "Stewart Copeland", 5, engine)
