"""profile_vector and similar(): sensible neighbours, and SQLite and pgvector agree."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from mididrumigen.domain.profile import StyleParams, StyleProfile
from mididrumigen.errors import NotFoundError, UserInputError
from mididrumigen.storage import vectors
from mididrumigen.storage.engine import session_scope
from mididrumigen.storage.repository import save_profile
from mididrumigen.storage.similarity import similar, similar_to_profile, similar_to_vector
from mididrumigen.storage.vectors import (
    EMBEDDING_DIM,
    GENRES,
    GROOVE_FEATURES,
    TEXT_DIM,
    genre_key,
    profile_vector,
)


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_vector_is_fixed_length_unit_norm_and_deterministic() -> None:
    p = StyleProfile("A", StyleParams(swing_percent=60), genres=("funk",))
    v = profile_vector(p)
    assert len(v) == EMBEDDING_DIM == len(GROOVE_FEATURES) + len(GENRES) + TEXT_DIM
    assert math.isclose(math.sqrt(sum(x * x for x in v)), 1.0, rel_tol=1e-9)
    assert v == profile_vector(p)
    assert all(x == 0.0 for x in v[-TEXT_DIM:])  # text block off by default
    empty = profile_vector(StyleProfile("Nobody"))  # typical params, no genre: still non-zero
    assert math.isclose(math.sqrt(sum(x * x for x in empty)), 1.0, rel_tol=1e-9)


def test_genre_vocabulary_mapping() -> None:
    assert len(GENRES) == 38 and len(set(GENRES)) == 38
    assert genre_key("Hip-Hop") == "hiphop"
    assert genre_key("R&B") == "rnb"
    assert genre_key("Drum & Bass") == "drum_and_bass"
    assert genre_key("Neo Soul") == "neo_soul"
    assert genre_key("thrash metal") == "metal"
    assert genre_key("Progressive Rock") == "prog"
    assert genre_key("polka") is None
    block = vectors.genre_block(["funk", "soul", "polka"])
    assert block[GENRES.index("funk")] == 1.0 and block[GENRES.index("soul")] == 0.7
    assert sum(1 for x in block if x) == 2


def test_genre_and_groove_both_move_the_score() -> None:
    base = StyleProfile("Base", StyleParams(swing_percent=52, ghost_note_prob=0.1),
                        genres=("rock", "hard_rock"))
    same_genre = StyleProfile("B", StyleParams(swing_percent=54), genres=("hard_rock", "rock"))
    other_genre = StyleProfile("C", StyleParams(swing_percent=52, ghost_note_prob=0.1),
                               genres=("jazz",))
    swung = StyleProfile("D", StyleParams(swing_percent=70, ghost_note_prob=0.6,
                                          syncopation=0.8, complexity=0.9),
                         genres=("rock", "hard_rock"))
    v = profile_vector(base)
    assert cosine(v, profile_vector(same_genre)) > cosine(v, profile_vector(swung))
    assert cosine(v, profile_vector(swung)) > cosine(v, profile_vector(other_genre))


def test_text_block_is_used_when_given() -> None:
    p = StyleProfile("T", genres=("rock",), text_description="laid back")
    text = [0.0] * TEXT_DIM
    text[3] = 1.0
    v = profile_vector(p, text_vector=text)
    assert v[len(GROOVE_FEATURES) + len(GENRES) + 3] > 0.3
    with pytest.raises(ValueError, match="384"):
        profile_vector(p, text_vector=[1.0])


def test_text_embedder_is_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MIDIDRUMIGEN_TEXT_EMBEDDINGS", raising=False)
    vectors.text_embedder.cache_clear()
    assert vectors.text_embedder() is None


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
        assert similar_to_profile(s, outsider, 1)[0][0] in ("Clyde Stubblefield",
                                                            "Zigaboo Modeliste")


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
