"""The engine against the corpus-learned genre models (Groove MIDI Dataset): what it plays
over many seeds has the genre's per-step onset profile and micro-timing spread."""

from __future__ import annotations

import statistics

import numpy as np
import pytest

from mididrumigen.domain import GenerationParams, StyleParams, StyleProfile, TimeSignature
from mididrumigen.groove.engine import GrooveEngine
from mididrumigen.groove.humanize import timing_spread
from mididrumigen.groove.model import GenreModel
from mididrumigen.groove.swing import step_positions
from mididrumigen.knowledge import genres

SEEDS = 600  # one-bar grooves: whole lines come and go together, so the noise needs many
FOUR = TimeSignature()


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    return genres.GenreLibrary.load()


def _default_profile(model: GenreModel, timing_ms: float = 8.0) -> StyleProfile:
    lo, hi = sorted((model.tempo_min, model.tempo_max))
    return StyleProfile("Genre Default", genres=(model.genre,), source="genre_default",
                        params=StyleParams(tempo_min=lo, tempo_max=hi,
                                           tempo_avg=min(max(model.tempo_median, lo), hi),
                                           swing_percent=min(max(model.swing_percent, 50), 75),
                                           swing_unit=model.swing_unit,
                                           timing_jitter_ms=timing_ms))


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
    figure = timing_spread(engine.fitted(genre, FOUR))  # what the genre's drummers measure
    counts, offsets = _play(engine, model, _default_profile(model, figure))
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


def _deswung_offsets(pattern, profile: StyleProfile) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    """Per voice: every onset's distance from its nearest swung grid step, in ms."""
    pos = step_positions(FOUR, profile.params.swing_percent, profile.params.swing_unit)
    ms_per_tick = 60_000 / pattern.tempo / 480
    out: dict[str, list[float]] = {}
    for n in pattern.notes:
        in_bar = n.time % 1920
        off = min((in_bar - p * 120 for p in (*pos, 16.0)), key=abs)
        out.setdefault(n.voice.key, []).append(off * ms_per_tick)
    return out


@pytest.mark.parametrize(("figure", "lean"), [(12.0, 0.0), (30.0, 0.0), (20.0, 25.0)])
def test_measured_timing_spread_is_the_profiles_figure(library, figure: float,  # type: ignore[no-untyped-def]
                                                       lean: float) -> None:
    """One timing model: the spread measured on a rendered take is the profile's timing figure
    (the corpus's per-step offsets count toward it, they are not stacked under it), and a lean
    moves the voice's mean: a player behind the beat is behind on average, every bar."""
    engine = GrooveEngine(library.model)
    base = _default_profile(library.model("funk", FOUR), figure)
    profile = StyleProfile("Lean", genres=("funk",), params=StyleParams(**{
        **base.params.to_dict(), "microtiming_ms": {"snare": lean} if lean else {}}))
    params = GenerationParams(bars=8, variations=4, fill_every=0, tempo=96)
    offsets: dict[str, list[float]] = {}
    for seed in range(6):
        for pat in engine.generate(profile, params, seed):
            for k, xs in _deswung_offsets(pat, profile).items():
                offsets.setdefault(k, []).extend(xs)
    for key in ("kick", "snare", "closed_hat"):
        sd = statistics.pstdev(offsets[key])
        assert 0.7 * figure <= sd <= 1.3 * figure, f"{key}: {sd:.1f} ms vs the profile's {figure}"
    if lean:
        assert abs(statistics.mean(offsets["snare"]) - lean) < 5.0


def test_velocities_are_the_genres_not_a_flat_loud_band(library) -> None:  # type: ignore[no-untyped-def]
    """Dynamics learned from the corpus: a quiet tail (ghosts and soft off-beats), the genre's
    mean level per voice, backbeats over off-beat hats."""
    engine = GrooveEngine(library.model)
    model = library.model("funk", FOUR)
    profile = _default_profile(model, 23.0)
    vel: dict[str, list[int]] = {}
    for seed in range(20):
        for pat in engine.generate(profile, GenerationParams(bars=4, variations=2), seed):
            for n in pat.notes:
                vel.setdefault(n.voice.key, []).append(n.velocity)
    for key in ("kick", "snare", "closed_hat"):
        st = model.voices[key]
        learned = sum(p * v for p, v in zip(st.onset_prob, st.velocity_mean, strict=True)) / sum(
            st.onset_prob)
        assert abs(statistics.mean(vel[key]) - learned) <= 0.2 * learned, key
        assert statistics.pstdev(vel[key]) >= 18, key
    everything = sorted(v for xs in vel.values() for v in xs)
    assert everything[len(everything) // 10] <= 40  # the softest tenth is genuinely soft
