"""The engine against the corpus-learned genre models (Groove MIDI Dataset): what it plays
over many seeds has the genre's per-step onset profile and micro-timing spread."""

from __future__ import annotations

import statistics

import numpy as np
import pytest

from mididrumigen.domain import GenerationParams, StyleParams, StyleProfile, TimeSignature
from mididrumigen.groove.engine import GrooveEngine
from mididrumigen.groove.model import GenreModel
from mididrumigen.groove.swing import step_positions
from mididrumigen.knowledge import genres

SEEDS = 600  # one-bar grooves: whole lines come and go together, so the noise needs many
FOUR = TimeSignature()


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    return genres.GenreLibrary.load()


def _default_profile(model: GenreModel) -> StyleProfile:
    lo, hi = sorted((model.tempo_min, model.tempo_max))
    return StyleProfile("Genre Default", genres=(model.genre,), source="genre_default",
                        params=StyleParams(tempo_min=lo, tempo_max=hi,
                                           tempo_avg=min(max(model.tempo_median, lo), hi),
                                           swing_percent=min(max(model.swing_percent, 50), 75),
                                           swing_unit=model.swing_unit))


def _play(engine: GrooveEngine, model: GenreModel, profile: StyleProfile):  # type: ignore[no-untyped-def]
    """Per voice: onsets per step (over SEEDS one-bar grooves) and (step, offset ms) pairs."""
    pos = step_positions(FOUR, profile.params.swing_percent, profile.params.swing_unit)
    ms_per_tick = 60_000 / profile.params.tempo_avg / 480
    counts: dict[str, np.ndarray] = {}
    offsets: dict[str, list[tuple[int, float]]] = {}
    params = GenerationParams(bars=1, variations=1, fill_every=0)
    for seed in range(SEEDS):
        for n in engine.generate(profile, params, seed)[0].notes:
            near = [(abs(n.time - p * 120), s, n.time - p * 120) for s, p in enumerate(pos)]
            near.append((abs(n.time - 1920), 0, n.time - 1920))
            _, step, off = min(near)
            key = n.voice.key  # type: ignore[union-attr]
            counts.setdefault(key, np.zeros(16))[step] += 1
            offsets.setdefault(key, []).append((step, off * ms_per_tick))
    return counts, offsets


@pytest.mark.parametrize("genre", ["rock", "funk"])
def test_generated_onsets_follow_the_learned_profile(library, genre: str) -> None:  # type: ignore[no-untyped-def]
    model = library.model(genre, FOUR)
    assert model.genre == genre and "Groove MIDI" in model.source
    engine = GrooveEngine(library.model)
    counts, offsets = _play(engine, model, _default_profile(model))
    for key in ("kick", "snare", "closed_hat"):
        learned = np.array(model.voices[key].onset_prob)
        played = counts[key] / SEEDS
        r = float(np.corrcoef(played, learned)[0, 1])
        assert r >= 0.8, f"{genre} {key}: r={r:.3f}"
        spread = statistics.pstdev(o - model.voices[key].offset_ms[s] for s, o in offsets[key])
        want = model.voices[key].offset_std_ms
        assert 0.7 * want <= spread <= 1.3 * want, f"{genre} {key}: {spread:.1f} vs {want:.1f} ms"


def test_every_shipped_model_generates_playable_bars_in_odd_meters(library) -> None:  # type: ignore[no-untyped-def]
    engine = GrooveEngine(library.model)
    profile = StyleProfile("Anyone", genres=("jazz",))
    for ts in ("4/4", "7/8", "5/4", "12/8", "3/4"):
        params = GenerationParams(bars=4, variations=3, time_signature=TimeSignature.parse(ts))
        pats = engine.generate(profile, params, 1)
        assert [p.total_bars for p in pats] == [4, 4, 4]
        assert all(len(p.notes) >= 4 * len(TimeSignature.parse(ts).beat_groups) for p in pats)
