"""The stored catalogue: pages in name order by keyset, genre pages and name search, counts kept
in step by saves and status changes (equal to a full rebuild), and the migration's backfill."""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import select, text

from mididrumigen.domain.profile import StyleProfile
from mididrumigen.storage import catalog
from mididrumigen.storage.engine import session_scope, upgrade
from mididrumigen.storage.models import ArtistGenre, ArtistNameSuffix, CatalogCount
from mididrumigen.storage.repository import save_profile
from mididrumigen.storage.sources import set_research_status


def _walk(engine: Any, limit: int = 7, **filters: Any) -> list[str]:
    """Every key a filter lists, page after page, as a client following cursors would."""
    keys: list[str] = []
    for tier in catalog.SEARCH_TIERS if filters.get("q") else (0,):
        after = None
        while True:
            with session_scope(engine) as s:
                rows = catalog.page(s, genre=filters.get("genre"), q=filters.get("q"),
                                    tier=tier, after=after, limit=limit)
            keys += [r.key for r in rows]
            if len(rows) < limit:
                break
            after = rows[-1].key
    return keys


def _snapshot(engine: Any) -> tuple[set[Any], set[Any], set[Any]]:
    with session_scope(engine) as s:
        counts = {(c.genre, c.status, c.n) for c in s.scalars(select(CatalogCount)) if c.n}
        genres = {(g.genre, g.normalized_name) for g in s.scalars(select(ArtistGenre))}
        suffixes = {(w.suffix, w.normalized_name) for w in s.scalars(select(ArtistNameSuffix))}
    return counts, genres, suffixes


def test_pages_genres_and_search(engine: Any, synthetic: Any) -> None:
    rng = random.Random(3)
    with session_scope(engine) as s:
        for i in range(40):
            save_profile(s, synthetic(i, rng))
        save_profile(s, StyleProfile("John Bonham", genres=("hard_rock", "rock")))
        save_profile(s, StyleProfile("Elton John", genres=("pop",)))
        save_profile(s, StyleProfile("Johnny Rabb", genres=("Drum n Bass",)))
        set_research_status(s, "Nobody Yet", "pending")  # an artist without a profile
    everyone = _walk(engine)
    assert len(everyone) == 43 and everyone == sorted(everyone)
    assert "nobody yet" not in everyone
    with session_scope(engine) as s:
        funk = [p for p in s.execute(text(
            "SELECT artist_name, genres FROM style_profiles WHERE artist_name LIKE 'Artist%'"))
            if "funk" in p[1]]
    assert _walk(engine, genre="funk") == sorted(n.lower() for n, _ in funk)
    assert _walk(engine, genre="drum_and_bass") == ["johnny rabb"]  # the vocabulary key
    assert _walk(engine, q="john") == ["john bonham", "johnny rabb", "elton john"]
    assert _walk(engine, q="bonham") == ["john bonham"]
    assert _walk(engine, q="artist 01", limit=3) == [f"artist 01{i}" for i in range(10)]
    assert _walk(engine, q="zzz") == []
    with session_scope(engine) as s:
        assert catalog.listed_among(s, ["john bonham", "nobody yet", "unknown"]) == {
            "john bonham"}
        assert sum(catalog.counts(s).values()) == 43
        assert catalog.counts(s, "drum_and_bass") == {"none": 1}


def test_counts_follow_saves_and_status_changes_like_a_rebuild(engine: Any) -> None:
    with session_scope(engine) as s:
        save_profile(s, StyleProfile("Questlove", genres=("hiphop", "neo_soul")))
        save_profile(s, StyleProfile("Tony Allen", genres=("afrobeat",)))
        set_research_status(s, "Tony Allen", "running")
        set_research_status(s, "Later Artist", "pending")  # not listed: not counted
    with session_scope(engine) as s:
        assert catalog.counts(s) == {"none": 1, "running": 1}
        assert catalog.counts(s, "neo_soul") == {"none": 1}
        save_profile(s, StyleProfile("Questlove", genres=("funk", "hiphop"), source="research"))
        save_profile(s, StyleProfile("Tony Allen", genres=("afrobeat", "jazz"),
                                     source="research"))
        save_profile(s, StyleProfile("Later Artist", genres=("rock",)))
        set_research_status(s, "Questlove", "failed")
    with session_scope(engine) as s:
        assert catalog.counts(s) == {"done": 1, "failed": 1, "pending": 1}
        assert catalog.counts(s, "neo_soul") == {}
        assert catalog.counts(s, "jazz") == {"done": 1}
        assert catalog.counts(s, "hiphop") == {"failed": 1}
    kept = _snapshot(engine)
    with session_scope(engine) as s:
        catalog.rebuild(s)
    assert _snapshot(engine) == kept


def test_saving_the_same_artist_from_two_sessions_counts_it_once(engine: Any, race: Any) -> None:
    race(engine, lambda s: save_profile(s, StyleProfile("Stewart Copeland", genres=("rock",))))
    with session_scope(engine) as s:
        assert catalog.counts(s) == {"none": 1} and catalog.counts(s, "rock") == {"none": 1}


def test_migration_lists_the_profiles_already_stored(empty_url: str) -> None:
    from mididrumigen.storage.engine import make_engine

    upgrade(empty_url, "0003")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO artists (id, name, normalized_name, research_status, confidence, "
                "created_at, updated_at) VALUES (1, 'Sly Dunbar', 'sly dunbar', 'done', 0.8, "
                ":t, :t), (2, 'Pending One', 'pending one', 'pending', 0, :t, :t)"),
                {"t": "2026-01-01 00:00:00"})
            for version, current, genres in ((1, False, '["rock"]'), (2, True, '["reggae", '
                                                                              '"dancehall"]')):
                conn.execute(text(
                    "INSERT INTO style_profiles (artist_id, version, is_current, artist_name, "
                    "kind, aliases, drummers, genres, params, description, signature_grooves, "
                    "templates, confidence, sources_count, provenance, source, created_at) "
                    "VALUES (1, :v, :c, 'Sly Dunbar', 'drummer', '[]', '[]', :g, '{}', '', "
                    "'[]', '[]', 0.8, 1, '{}', 'research', :t)"),
                    {"v": version, "c": current, "g": genres, "t": "2026-01-01 00:00:00"})
        upgrade(engine)
        with session_scope(engine) as s:
            assert [r.key for r in catalog.page(s, genre=None, q=None, tier=0, after=None,
                                                limit=10)] == ["sly dunbar"]
            assert catalog.counts(s) == {"done": 1}
            assert catalog.counts(s, "dancehall") == {"done": 1}
            assert catalog.counts(s, "rock") == {}
            assert [r.key for r in catalog.page(s, genre=None, q="dunbar", tier=1, after=None,
                                                limit=10)] == ["sly dunbar"]  # 0006's backfill
    finally:
        engine.dispose()


def test_search_by_a_later_word_matches_a_scan_of_every_name(engine: Any) -> None:
    """Tier 1 (a later word starts with q) read from the suffix index lists exactly the names a
    scan finds with ' q' inside them and not at the start, in name order, each once."""
    rng = random.Random(5)
    words = ["blue", "blues", "red", "bonham", "bon", "john", "band", "jo", "the"]
    names = {" ".join(rng.choice(words) for _ in range(rng.randint(1, 4))) for _ in range(120)}
    names |= {"blue blue blues", "john bonham band", "bonham john"}
    with session_scope(engine) as s:
        for n in sorted(names):
            save_profile(s, StyleProfile(n.title(), genres=(rng.choice(["rock", "funk"]),)))
    with session_scope(engine) as s:
        keys = [r.key for r in catalog.page(s, genre=None, q=None, tier=0, after=None,
                                            limit=1000)]
        genre_of = {k: g for g, k in s.execute(select(ArtistGenre.genre,
                                                      ArtistGenre.normalized_name))}
    for q in ("blue", "blue b", "bon", "bonham band", "jo", "john b", "zz", "e"):
        scan = [k for k in keys if f" {q}" in k and not k.startswith(q)]
        assert _walk(engine, limit=3, q=q)[len([k for k in keys if k.startswith(q)]):] == scan
        assert [k for k in _walk(engine, limit=2, q=q, genre="funk")
                if not k.startswith(q)] == [k for k in scan if genre_of[k] == "funk"]


def test_pages_and_searches_read_index_ranges(sqlite_url: str) -> None:
    """On SQLite (no statistics, as shipped) every page's plan searches an index: none scans a
    table, so a page costs the same with 100 or 100,000 names, a rare name search included.
    (PostgreSQL's planner picks by statistics; benchmarks/scale.py times its pages.)"""
    from mididrumigen.storage.engine import make_engine

    engine = make_engine(sqlite_url)
    statements: list[Any] = []

    class Capture:
        def execute(self, stmt: Any) -> list[Any]:
            statements.append(stmt)
            return []

    for genre in (None, "funk"):
        for q, tier in ((None, 0), ("bonham", 0), ("bonham", 1)):
            catalog.page(Capture(), genre=genre, q=q, tier=tier, after="a", limit=20)  # type: ignore[arg-type]
    try:
        with session_scope(engine) as s:
            for stmt in statements:
                sql = str(stmt.compile(engine, compile_kwargs={"literal_binds": True}))
                plan = [row[3] for row in s.execute(text("EXPLAIN QUERY PLAN " + sql))]
                assert plan and not [p for p in plan if p.startswith("SCAN")], (sql, plan)
                if "artist_name_suffixes" in sql:
                    assert any("artist_name_suffixes USING COVERING INDEX" in p
                               for p in plan), plan
    finally:
        engine.dispose()
