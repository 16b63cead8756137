"""From lines to notes: swing, micro-timing and velocity.

Timing: every step sounds at its swung position; with humanize on, each hit moves by the
genre model's mean offset for that voice and step, plus the artist's per-voice lean
(StyleParams.microtiming_ms: positive laid back, negative ahead), plus a random spread. The
spread is the model's per-voice spread scaled by the artist's timing_jitter_ms relative to
REFERENCE_JITTER_MS (a typical human): a tight player tightens every voice, a loose one
loosens it. Offsets stay within MAX_SHIFT_STEPS of the grid, notes within the pattern.

Velocity: the model's mean velocity at that voice and step, shaped by the grid character
(`X` accent, `g` ghost), then mapped from the model's loudness (mean, spread) onto the
artist's velocity_mean / velocity_std. Ghost notes stay soft. With humanize on, the model's
per-step velocity spread adds a little variation. humanize off: exact (swung) grid times,
the same velocities without the random part.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..domain.pattern import Note
from ..domain.voices import Voice
from . import lines as L
from .feel import Feel
from .meter_model import MeterModel, StepStats
from .swing import step_positions

REFERENCE_JITTER_MS = 8.0  # StyleParams' default timing_jitter_ms: a typical human
MAX_SHIFT_STEPS = 0.45
GHOST_MAX = 55
GHOST_MIN = 14
FLAM_GRACE_RATIO = 0.55
_STAND_IN = {Voice.OPEN_HAT: Voice.CLOSED_HAT, Voice.PEDAL_HAT: Voice.CLOSED_HAT,
             Voice.RIDE_BELL: Voice.RIDE, Voice.RIMSHOT: Voice.SNARE,
             Voice.SIDE_STICK: Voice.SNARE, Voice.CLAP: Voice.SNARE}


@dataclass(frozen=True, slots=True)
class _Voicing:
    offset_ms: tuple[float, ...]
    spread_ms: float
    vel: tuple[float, ...]
    vel_std: tuple[float, ...]


def _stats(model: MeterModel, voice: Voice) -> StepStats | None:
    st = model.voices.get(voice)
    if st is None or not any(st.vel_mean):
        st = model.voices.get(_STAND_IN.get(voice, voice)) or st
    return st


def _voicing(model: MeterModel, feel: Feel, voice: Voice) -> _Voicing:
    spb = feel.spb
    style = feel.style
    lean = style.microtiming_ms.get(voice.key, 0.0)
    ratio = min(max(style.timing_jitter_ms / REFERENCE_JITTER_MS, 0.0), 3.0)
    st = _stats(model, voice)
    starts = set(feel.starts)
    default_vel = tuple(100.0 if s in starts else 84.0 for s in range(spb))
    if st is None:
        return _Voicing(tuple(lean for _ in range(spb)), style.timing_jitter_ms, default_vel,
                        tuple(6.0 for _ in range(spb)))
    vel = tuple(m if m > 0 else d for m, d in zip(st.vel_mean, default_vel, strict=True))
    return _Voicing(tuple(o + lean for o in st.offset_ms), st.offset_std_ms * ratio, vel,
                    st.vel_std)


def render(lines: L.Lines, bars: int, model: MeterModel, feel: Feel, humanize: bool,
           ppq: int, rng: random.Random) -> list[Note]:
    spb = feel.spb
    tps = ppq // 4
    length = bars * spb * tps
    style = feel.style
    positions = step_positions(feel.time_signature, style.swing_percent, style.swing_unit)
    ticks_per_ms = ppq * feel.tempo / 60_000.0
    max_shift_ms = MAX_SHIFT_STEPS * feel.step_ms
    scale = min(max(style.velocity_std / max(model.velocity_std, 1.0), 0.4), 2.5)
    loud = style.velocity_mean / max(model.velocity_mean, 1.0)
    notes: list[Note] = []
    for voice in sorted(lines, key=lambda v: v.pitch):
        row = lines[voice]
        vc = _voicing(model, feel, voice)
        dur = ppq // 2 if voice in (Voice.CRASH, Voice.CHINA, Voice.SPLASH) else ppq // 8
        for i, ch in enumerate(row):
            if ch == L.REST:
                continue
            s = i % spb
            base = vc.vel[s]
            if ch == "g":
                v = min(base, 42.0) * loud
                if humanize:
                    v += rng.gauss(0.0, 3.0)
                vel = int(min(max(v, GHOST_MIN), GHOST_MAX))
            else:
                raw = max(base + 10.0, 108.0) if ch == "X" else min(base, 107.0)
                v = style.velocity_mean + (raw - model.velocity_mean) * scale
                if humanize:
                    v += rng.gauss(0.0, vc.vel_std[s] * 0.5)
                vel = int(min(max(v, GHOST_MAX + 1), 127))
            t = (i - s + positions[s]) * tps
            if humanize:
                ms = vc.offset_ms[s] + rng.gauss(0.0, vc.spread_ms)
                t += min(max(ms, -max_shift_ms), max_shift_ms) * ticks_per_ms
            tick = min(max(round(t), 0), length - 1)
            notes.append(Note(tick, voice.pitch, vel, max(1, min(dur, length - tick))))
            if ch == "f":
                grace = max(0, tick - tps // 4)
                if grace < tick:
                    notes.append(Note(grace, voice.pitch, max(1, int(vel * FLAM_GRACE_RATIO)),
                                      max(1, min(dur // 2, length - grace))))
    return notes
