"""Groove transfer: play a producer's own drum part with an artist's feel.

"Play my clip like J Dilla": every note of the user's part is kept (same pitch, same order of
events); what moves is *how* it is played, by `amount` (0 = untouched, 1 = the artist's feel):

* timing — each note is read at its nearest sixteenth (or the beat's triplet partial when the
  part is swung) and moved toward where the artist plays that voice on that step: the artist's
  swing, the genre's per-step offsets with the artist's lean, and the artist's timing spread
  (the same timing model as generation, groove.humanize);
* velocity — toward the artist's dynamics for that voice and step, keeping the user's accents
  and ghost notes as accents and ghost notes (the grid character is read from the velocity);
* ghost notes (optional) — the artist's snare ghosts added where the genre's drummers play
  them and the part has nothing, at the artist's ghost-note rate.

Notes of pitches outside the drum kit are kept exactly as they are.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from ..domain.grid import velocity_char
from ..domain.pattern import Note, Pattern
from ..domain.voices import Voice, voice_for_pitch
from . import lines as L
from .feel import Feel
from .humanize import GHOST_SPREAD, MAX_SHIFT_STEPS, Voicing, loudness, velocity, voicing
from .meter_model import MeterModel
from .style import NEUTRAL_GHOSTS
from .swing import step_positions

GHOST_RATE = 0.5  # × the artist's ghost_note_prob: chance per free, ghost-friendly step


def _cells(pattern: Pattern, spb: int, tps: int) -> list[tuple[Note, Voice | None, int]]:
    """(note, voice, absolute sixteenth step) for every note."""
    total = pattern.total_bars * spb
    out = []
    for n in pattern.notes:
        step = min(max((n.time + tps // 2) // tps, 0), total - 1)
        out.append((n, voice_for_pitch(n.pitch), step))
    return out


def _rows(cells: Sequence[tuple[Note, Voice | None, int]], n_steps: int) -> L.Lines:
    out: L.Lines = {}
    for note, voice, step in cells:
        if voice is not None:
            L.line(out, voice, n_steps)[step] = velocity_char(note.velocity)
    return out


def transfer(pattern: Pattern, model: MeterModel, feel: Feel, amount: float,
             rng: random.Random, *, ghosts: bool = False) -> Pattern:
    """The user's `pattern` played with the artist's feel, by `amount` (0..1)."""
    amount = min(max(amount, 0.0), 1.0)
    spb = feel.spb
    tps = pattern.ppq // 4
    length = pattern.length_ticks
    style = feel.style
    positions = step_positions(feel.time_signature, style.swing_percent, style.swing_unit)
    ticks_per_ms = pattern.ppq * pattern.tempo / 60_000.0
    max_shift = MAX_SHIFT_STEPS * 60_000.0 / pattern.tempo / 4.0
    shift, scale = loudness(feel)
    cells = _cells(pattern, spb, tps)
    rows = _rows(cells, pattern.total_bars * spb)
    voicings: dict[Voice, tuple[Voicing, float]] = {}
    for v, row in rows.items():
        vc = voicing(model, feel, v, row)
        voicings[v] = (vc, sum(vc.vel) / len(vc.vel))
    notes: list[Note] = []
    for note, voice, step in cells:
        if voice is None or voice not in voicings:
            notes.append(note)
            continue
        vc, mean = voicings[voice]
        s = step % spb
        target = (step - s + positions[s]) * tps
        ms = vc.offset_ms[s] + rng.gauss(0.0, vc.jitter_ms)
        target += min(max(ms, -max_shift), max_shift) * ticks_per_ms
        tick = round(note.time + amount * (target - note.time))
        vel = velocity(velocity_char(note.velocity), s, vc, mean, shift, scale, 1.0, rng)
        new_vel = round(note.velocity + amount * (vel - note.velocity))
        tick = min(max(tick, 0), length - 1)
        notes.append(Note(tick, note.pitch, min(max(new_vel, 1), 127),
                          max(1, min(note.duration, length - tick))))
    if ghosts and amount > 0:
        notes += _ghosts(rows, model, feel, amount, positions, tps, length, rng)
    return pattern.with_notes(notes)


def _ghosts(rows: L.Lines, model: MeterModel, feel: Feel, amount: float,
            positions: Sequence[float], tps: int, length: int,
            rng: random.Random) -> list[Note]:
    """The artist's snare ghost notes where the genre plays them and the part is silent."""
    rate = GHOST_RATE * max(feel.style.ghost_note_prob - NEUTRAL_GHOSTS / 2, 0.0) * amount
    st = model.voices.get(Voice.SNARE)
    if st is None or rate <= 0:
        return []
    spb = feel.spb
    n = length // tps
    busy = {i for row in rows.values() for i, c in enumerate(row) if c != L.REST}
    backbeats = set(model.backbeats)
    vc = voicing(model, feel, Voice.SNARE, rows.get(Voice.SNARE, [L.REST] * n))
    top = max(st.onset) or 1.0
    out = []
    for i in range(n):
        s = i % spb
        if i in busy or s in backbeats or s in feel.starts or st.onset[s] < 0.05:
            continue
        if rng.random() < rate * st.onset[s] / top:
            tick = min(round((i - s + positions[s]) * tps + vc.offset_ms[s] * tps * 4
                             * feel.tempo / 60_000.0), length - 1)
            vel = round(min(vc.ghost, vc.vel[s]) + rng.gauss(0.0, GHOST_SPREAD))
            out.append(Note(max(tick, 0), Voice.SNARE.pitch, min(max(vel, 1), 60), tps // 2))
    return out
