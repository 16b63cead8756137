"""An artist's feel as a groove template (what Ableton Live's Groove Pool applies to a clip).

How a profile becomes a groove (`profile_to_groove`): one note per grid position of the base
over `bars` bars. Each note's time is the grid time, warped by the profile's swing (the
engine's warp, `swing.swing_warp`: 57 % on 16ths puts the off-beat 16th at .285 of a beat, as
Live's own "Swing 16ths 57" does), plus the micro-timing of the voice that anchors that
position (the genre model's per-step offset_ms for it — swing excluded, the GenreModel
convention — plus the profile's microtiming_ms for it), converted from ms at the profile's
tempo. The anchor is the kick or snare where the genre plays one (onset prob ≥ 0.5; without
a model: kick on odd beats, snare on the backbeats), else the timekeeper (ride for ride-led
players, else the closed hi-hat). Velocities are the model's per-step velocities for the
anchor (or a downbeat/8th/16th accent ladder), standardised and rescaled to the profile's
velocity_mean / velocity_std.

TimingAmount is 100. RandomAmount and VelocityAmount are heuristics of this project (Live
does not document the absolute size of its Random): RandomAmount = timing_jitter_ms as a
percentage of half a base step at the profile's tempo; VelocityAmount = velocity_std / 30 ×
100, both capped at 100.
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

from ..domain.checks import check_float
from ..domain.groove_template import MAX_BARS, GrooveBase, GrooveNote, GrooveTemplate
from ..domain.meter import TimeSignature
from ..domain.profile import StyleProfile
from ..domain.units import STEPS_PER_BEAT, beats_per_ms, beats_to_ms
from ..errors import UserInputError
from .swing import swing_warp

if TYPE_CHECKING:
    from .model import GenreModel


def _timekeeper(profile: StyleProfile, model: GenreModel | None) -> str:
    voices = model.voices if model is not None else {}
    if profile.params.ride_led and (not voices or "ride" in voices):
        return "ride"
    if not voices or "closed_hat" in voices:
        return "closed_hat"
    return max(voices, key=lambda k: sum(voices[k].onset_prob))


def _anchor(step: int | None, beat_index: int | None, timekeeper: str,
            model: GenreModel | None) -> str:
    """The voice whose feel a grid position carries (see the module docstring)."""
    if model is not None:
        if step is None:
            return timekeeper
        best, best_p = timekeeper, 0.5
        for key in ("snare", "kick"):
            stats = model.voices.get(key)
            if stats is not None and step < len(stats.onset_prob) and stats.onset_prob[step] >= best_p:
                best, best_p = key, stats.onset_prob[step]
        return best
    if beat_index is None:
        return timekeeper
    return "kick" if beat_index % 2 == 0 else "snare"


def _default_level(x: float) -> float:
    """Accent ladder without a model: beats 2, eighths 1, the rest 0."""
    if abs(x - round(x)) < 1e-6:
        return 2.0
    if abs(x * 2 - round(x * 2)) < 1e-6:
        return 1.0
    return 0.0


def profile_to_groove(profile: StyleProfile, *, genre_model: GenreModel | None = None,
                      bars: int = 1, base: GrooveBase | str | int | None = None,
                      tempo: float | None = None, name: str | None = None) -> GrooveTemplate:
    """A groove template carrying the profile's swing, micro-timing and dynamics.

    base: the grid (default: the profile's swing unit, 1/8 or 1/16). Every note stays within
    half a base step of its own grid line (so it is nearest to that line), which caps what a
    grid finer than the swing unit can carry.
    """
    if isinstance(bars, bool) or not isinstance(bars, int) or not 1 <= bars <= MAX_BARS:
        raise UserInputError(f"bars must be an integer in range 1..{MAX_BARS}, got {bars!r}",
                             field="bars")
    params = profile.params
    if base is None:
        base = GrooveBase.EIGHTH if params.swing_unit == 8 else GrooveBase.SIXTEENTH
    b = GrooveBase.parse(base)
    bpm = check_float("tempo", tempo, 20, 400) if tempo is not None else params.tempo_avg
    ms_to_beats = beats_per_ms(bpm)
    ts = genre_model.time_signature if genre_model is not None else TimeSignature()
    bar_beats = ts.steps_per_bar / STEPS_PER_BEAT
    steps = bar_beats / b.beats
    if abs(steps - round(steps)) > 1e-6:
        raise UserInputError(f"a {ts} bar is not a whole number of {b.label} steps; choose"
                             " another base", field="base")
    n_steps = round(steps)
    beat_at = {round(s / STEPS_PER_BEAT, 9): i for i, s in enumerate(ts.beat_starts())}
    keeper = _timekeeper(profile, genre_model)
    half_step = b.beats / 2

    times, raw_levels = [], []
    for i in range(n_steps):
        x = i * b.beats
        sixteenth = x * STEPS_PER_BEAT
        step16 = round(sixteenth) if abs(sixteenth - round(sixteenth)) < 1e-6 else None
        beat_index = beat_at.get(round(x, 9)) if step16 is not None else None
        anchor = _anchor(step16, beat_index, keeper, genre_model)
        stats = None
        if genre_model is not None:
            stats = genre_model.voices.get(anchor) or genre_model.voices.get(keeper)
        model_ms = stats.offset_ms[step16] if stats is not None and step16 is not None else 0.0
        ms = model_ms + float(params.microtiming_ms.get(anchor, 0.0))
        swung = swing_warp(sixteenth, ts, params.swing_percent, params.swing_unit)
        offset = swung / STEPS_PER_BEAT - x + ms * ms_to_beats
        offset = min(max(offset, -0.49 * b.beats), half_step)
        times.append(max(0.0, x + offset))
        if genre_model is None or stats is None:
            raw_levels.append(_default_level(x))
        elif step16 is not None:
            raw_levels.append(stats.velocity_mean[step16])
        else:
            raw_levels.append(min(stats.velocity_mean))

    mean = statistics.fmean(raw_levels)
    spread = statistics.pstdev(raw_levels) if len(raw_levels) > 1 else 0.0
    velocities = [
        min(127.0, max(1.0, float(round(params.velocity_mean
                                  + ((v - mean) / spread if spread > 1e-9 else 0.0)
                                  * params.velocity_std))))
        for v in raw_levels]

    duration = b.beats / 4
    notes = tuple(GrooveNote(bar * bar_beats + t, duration, v)
                  for bar in range(bars) for t, v in zip(times, velocities, strict=True))
    step_ms = beats_to_ms(b.beats, bpm)
    random_amount = min(100.0, round(params.timing_jitter_ms / (step_ms / 2) * 100, 1))
    velocity_amount = min(100.0, round(params.velocity_std / 30 * 100, 1))
    label = name or f"{profile.artist_name} {b.label}"
    return GrooveTemplate(name=label[:120], notes=notes, length_beats=bars * bar_beats, base=b,
                          quantization_amount=0.0, timing_amount=100.0,
                          random_amount=random_amount, velocity_amount=velocity_amount,
                          time_signature=ts)
