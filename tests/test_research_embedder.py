"""research/embedder.py: the one style vector research computes and storage stores."""

from __future__ import annotations

import math

import pytest

from mididrumigen.domain.embedding import EMBEDDING_DIM, GROOVE_FEATURES, TEXT_DIM
from mididrumigen.domain.genres import GENRES
from mididrumigen.domain.genres import match_genre as genre_key
from mididrumigen.domain.profile import StyleParams, StyleProfile
from mididrumigen.research import embedder as vectors
from mididrumigen.research.embedder import embed_profile, profile_vector


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
    from mididrumigen.config import Settings
    from mididrumigen.services import Runtime

    monkeypatch.delenv("MIDIDRUMIGEN_TEXT_EMBEDDINGS", raising=False)
    assert Runtime(Settings()).text_embedder is None
    monkeypatch.setenv("MIDIDRUMIGEN_TEXT_EMBEDDINGS", "1")  # the documented name still works
    assert Settings().research.text_embeddings


def test_a_text_embedder_fills_the_text_block() -> None:
    p = StyleProfile("T", genres=("rock",), text_description="laid back")
    seen: list[str] = []

    def embed(text: str) -> list[float]:
        seen.append(text)
        return [1.0] + [0.0] * (TEXT_DIM - 1)

    v = profile_vector(p, text_embedder=embed)
    assert seen == ["laid back"] and v[len(GROOVE_FEATURES) + len(GENRES)] > 0.3
    assert profile_vector(p) == profile_vector(p, text_vector=[0.0] * TEXT_DIM)


def test_embed_profile_fills_the_embedding() -> None:
    p = StyleProfile("E", StyleParams(swing_percent=58), genres=("funk",))
    embedded = embed_profile(p)
    assert embedded.embedding == tuple(profile_vector(p))
    assert len(embedded.embedding) == EMBEDDING_DIM
    assert embedded.to_dict() == p.to_dict()
