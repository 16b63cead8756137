"""From lines to notes: swing, micro-timing and velocity — one feel model, learned per genre.

Velocity. The base of every hit is what human drummers of the genre play on that voice at that
metrical step (the genre model's per-step mean, learned from the corpus — soft kicks on the
off-beats, loud backbeats, the quiet tail included). The grid character shapes it: `X` lifts it
by about half the step's spread, `g` plays it at the voice's ghost level (the softest steps the
genre plays on it). The artist's feel shifts and scales that base instead of replacing it: their
velocity_mean moves it up or down by a fraction of their distance from a typical player
(REFERENCE_VELOCITY_MEAN, the knowledge base's median), their velocity_std widens or narrows
its distance from the voice's mean. With humanize on, each take sets its own level per voice
(TAKE_LEVEL_SD) and each hit varies by most of the step's learned spread, as human takes do.
Over the phrase, a fill bar swells toward its end and the downbeat after it lifts.

Timing. One model: the genre's per-voice, per-step mean offsets (measured against the swung
grid, so swing is not in them) are the base; an artist's lean for a voice (StyleParams
.microtiming_ms) replaces that voice's mean — the per-step shape stays, the whole voice moves —
so a player who sits behind is consistently behind. The random part is sized so the measured
spread of each voice's onsets around the grid equals the profile's timing figure
(timing_jitter_ms): the spread of the per-step means already counts toward it. Swing comes from
the profile alone (swing.step_positions), never added to the corpus's. humanize off: exact
(swung) grid times and the same velocities without the random part.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from ..domain.pattern import Note
from ..domain.voices import Voice
from . import lines as L
from .feel import Feel
from .meter_model import MeterModel, StepStats
from .swing import step_positions

REFERENCE_VELOCITY_MEAN = 100.0  # the knowledge base's median velocity_mean: a typical player
REFERENCE_VELOCITY_STD = 14.0
LOUDNESS_GAIN = 0.4  # share of the artist's distance from typical that moves the base
MAX_LOUDNESS_SHIFT = 12.0
RANGE_LIMITS = (0.75, 1.3)  # how far an artist's dynamic range scales the genre's
SPREAD_SHARE = 0.8  # share of a step's learned velocity spread a humanized hit varies by
TAKE_LEVEL_SD = 7.0  # how much one take's level of a voice differs from another's
MIN_JITTER_SHARE = 0.35  # the random part never falls below this share of the target spread
MAX_SHIFT_STEPS = 0.45
GHOST_DEFAULT = 32.0
GHOST_LIMITS = (12.0, 48.0)
GHOST_SPREAD = 8.0
GHOST_ABOVE_SOFTEST = 12.0
FILL_SWELL = (0.9, 1.1)  # velocity factor across a fill bar, first step to last
CRASH_LIFT = 1.06  # the downbeat after a fill
FLAM_GRACE_RATIO = 0.55
_STAND_IN = {Voice.OPEN_HAT: (Voice.CLOSED_HAT,), Voice.PEDAL_HAT: (Voice.CLOSED_HAT,),
             Voice.RIDE_BELL: (Voice.RIDE,), Voice.RIMSHOT: (Voice.SNARE,),
             Voice.SIDE_STICK: (Voice.SNARE,), Voice.CLAP: (Voice.SNARE,),
             Voice.HIGH_TOM: (Voice.MID_TOM, Voice.FLOOR_TOM),
             Voice.MID_TOM: (Voice.HIGH_TOM, Voice.FLOOR_TOM),
             Voice.FLOOR_TOM: (Voice.MID_TOM, Voice.HIGH_TOM),
             Voice.CHINA: (Voice.CRASH,), Voice.SPLASH: (Voice.CRASH,)}


@dataclass(frozen=True, slots=True)
class Voicing:
    offset_ms: tuple[float, ...]  # per step: where this voice sounds, ms from the swung grid
    jitter_ms: float
    vel: tuple[float, ...]
    vel_std: tuple[float, ...]
    ghost: float


def _stats(model: MeterModel, voice: Voice) -> StepStats | None:
    """The voice's learned statistics in groove bars; for a voice the genre's grooves barely
    use (toms, mostly), how its drummers play it in their fills, else a related voice's."""
    for stats in (model.voices, model.fill_voices):
        st = stats.get(voice)
        if st is not None and any(st.vel_mean) and sum(st.onset) > 0.05:
            return st
    for other in _STAND_IN.get(voice, ()):
        st = model.voices.get(other) or model.fill_voices.get(other)
        if st is not None and any(st.vel_mean):
            return st
    return model.voices.get(voice)


def _weighted_mean(xs: Sequence[float], ws: Sequence[float]) -> float:
    total = sum(ws)
    return sum(x * w for x, w in zip(xs, ws, strict=True)) / total if total > 0 else 0.0


def ghost_level(st: StepStats) -> float:
    """How softly the genre's drummers play this voice's ghost notes: a little above the mean
    velocity of its softest fifth of hits in the corpus, or (for a model without it) of the
    steps they play it softest on (a fifth of its hits), within GHOST_LIMITS."""
    if st.soft_velocity > 0:  # ghost notes sit a little above the very softest fifth
        return min(max(st.soft_velocity + GHOST_ABOVE_SOFTEST, GHOST_LIMITS[0]), GHOST_LIMITS[1])
    played = sorted((m, p) for m, p in zip(st.vel_mean, st.onset, strict=True) if p > 0.01)
    if not played:
        return GHOST_DEFAULT
    total = sum(p for _, p in played)
    acc = wsum = 0.0
    for m, p in played:
        take = min(p, 0.2 * total - acc)
        if take <= 0:
            break
        acc += take
        wsum += take * m
    level = wsum / acc if acc else played[0][0]
    return min(max(level, GHOST_LIMITS[0]), GHOST_LIMITS[1])


def timing_spread(model: MeterModel) -> float:
    """The genre's timing figure: each voice's spread of onsets around the grid (per-step means
    and the scatter around them), averaged over voices by how often they play."""
    acc = weight = 0.0
    for st in model.voices.values():
        n = sum(st.onset)
        if n <= 0:
            continue
        mean = _weighted_mean(st.offset_ms, st.onset)
        var_means = _weighted_mean([(o - mean) ** 2 for o in st.offset_ms], st.onset)
        acc += n * math.sqrt(var_means + st.offset_std_ms ** 2)
        weight += n
    return acc / weight if weight else 8.0


def voicing(model: MeterModel, feel: Feel, voice: Voice, row: Sequence[str]) -> Voicing:
    spb = feel.spb
    style = feel.style
    target = style.timing_jitter_ms
    st = _stats(model, voice)
    starts = set(feel.starts)
    default_vel = tuple(96.0 if s in starts else 80.0 for s in range(spb))
    lean = style.microtiming_ms.get(voice.key)
    if st is None:
        return Voicing(tuple(lean or 0.0 for _ in range(spb)), target, default_vel,
                        (10.0,) * spb, GHOST_DEFAULT)
    # where this take plays the voice: the spread of its per-step means counts toward the target
    played = [0.0] * spb
    for i, c in enumerate(row):
        if c != L.REST:
            played[i % spb] += 1.0
    weights = played if any(played) else list(st.onset)
    mean = _weighted_mean(st.offset_ms, weights)
    shift = (lean - mean) if lean is not None else 0.0
    offsets = tuple(o + shift for o in st.offset_ms)
    var_means = _weighted_mean([(o - mean) ** 2 for o in st.offset_ms], weights)
    jitter = math.sqrt(max(target * target - var_means, (MIN_JITTER_SHARE * target) ** 2))
    vel = tuple(m if m > 0 else d for m, d in zip(st.vel_mean, default_vel, strict=True))
    return Voicing(offsets, jitter, vel, st.vel_std, ghost_level(st))


def loudness(feel: Feel) -> tuple[float, float]:
    """(shift, scale) of the genre's velocities for this artist."""
    style = feel.style
    shift = LOUDNESS_GAIN * (style.velocity_mean - REFERENCE_VELOCITY_MEAN)
    shift = min(max(shift, -MAX_LOUDNESS_SHIFT), MAX_LOUDNESS_SHIFT)
    scale = math.sqrt(max(style.velocity_std, 0.0) / REFERENCE_VELOCITY_STD)
    return shift, min(max(scale, RANGE_LIMITS[0]), RANGE_LIMITS[1])


def velocity(ch: str, s: int, vc: Voicing, voice_mean: float, shift: float, scale: float,
              amount: float, rng: random.Random) -> float:
    """One hit's velocity before the phrase shaping (see the module docstring)."""
    if ch == "g":
        v = min(vc.ghost, vc.vel[s]) + shift * 0.5
        if amount:
            v += amount * rng.gauss(0.0, GHOST_SPREAD)
        return min(max(v, 1.0), GHOST_LIMITS[1] + 6.0)
    base = vc.vel[s]
    if ch in "Xfr":
        base = max(base + 0.5 * vc.vel_std[s], voice_mean + 10.0)
    v = voice_mean + (base - voice_mean) * scale + shift
    if amount:
        v += amount * rng.gauss(0.0, SPREAD_SHARE * vc.vel_std[s])
    return max(v, 0.6 * vc.ghost)


def render(lines: L.Lines, bars: int, model: MeterModel, feel: Feel, humanize: float,
           ppq: int, rng: random.Random, fills: Sequence[bool] = ()) -> list[Note]:
    """Notes for `lines` (bars × the meter's steps): swung, timed and played at velocity.
    `humanize` is how much of the human part to play, 0..1 (True is 1, False is 0): it scales
    the micro-timing (offsets and scatter) and the random part of the dynamics."""
    amount = float(humanize)
    spb = feel.spb
    tps = ppq // 4
    length = bars * spb * tps
    style = feel.style
    positions = step_positions(feel.time_signature, style.swing_percent, style.swing_unit)
    ticks_per_ms = ppq * feel.tempo / 60_000.0
    max_shift_ms = MAX_SHIFT_STEPS * feel.step_ms
    shift, scale = loudness(feel)
    fill_bar = [bool(fills[b]) if b < len(fills) else False for b in range(bars)]
    notes: list[Note] = []
    for voice in sorted(lines, key=lambda v: v.pitch):
        row = lines[voice]
        vc = voicing(model, feel, voice, row)
        st = _stats(model, voice)
        voice_mean = _weighted_mean(vc.vel, st.onset) if st and any(st.onset) else 85.0
        level = amount * rng.gauss(0.0, TAKE_LEVEL_SD) if amount else 0.0
        dur = ppq // 2 if voice in (Voice.CRASH, Voice.CHINA, Voice.SPLASH) else ppq // 8
        for i, ch in enumerate(row):
            if ch == L.REST:
                continue
            s, b = i % spb, i // spb
            v = velocity(ch, s, vc, voice_mean, shift + level, scale, amount, rng)
            if b < bars and fill_bar[b]:
                v *= FILL_SWELL[0] + (FILL_SWELL[1] - FILL_SWELL[0]) * s / max(spb - 1, 1)
            elif s == 0 and b > 0 and fill_bar[b - 1]:
                v *= CRASH_LIFT
            vel = round(min(max(v, 1.0), 127.0))
            t = (i - s + positions[s]) * tps
            if amount:
                ms = amount * (vc.offset_ms[s] + rng.gauss(0.0, vc.jitter_ms))
                t += min(max(ms, -max_shift_ms), max_shift_ms) * ticks_per_ms
            tick = min(max(round(t), 0), length - 1)
            notes.append(Note(tick, voice.pitch, vel, max(1, min(dur, length - tick))))
            if ch == L.ROLL:  # the second 32nd, half of the step's sounding length later
                nxt = positions[s + 1] if s + 1 < spb else float(spb)
                second = min(tick + round((nxt - positions[s]) * tps / 2), length - 1)
                if second > tick:
                    notes.append(Note(second, voice.pitch, max(1, round(vel * 0.85)),
                                      max(1, min(dur // 2, length - second))))
            if ch == "f":
                grace = max(0, tick - tps // 4)
                if grace < tick:
                    notes.append(Note(grace, voice.pitch, max(1, int(vel * FLAM_GRACE_RATIO)),
                                      max(1, min(dur // 2, length - grace))))
    return notes
