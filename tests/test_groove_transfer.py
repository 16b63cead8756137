"""Groove transfer ("play my clip like J Dilla") on a quantized clip written with mido: every
note kept, timing and velocity moved toward the artist's measured feel, amount 0 untouched."""

from __future__ import annotations

import io
import statistics

import mido
import pytest

from mididrumigen import services
from mididrumigen.domain.voices import Voice
from mididrumigen.errors import UserInputError

Q = 480


def _quantized_clip(bars: int = 4) -> bytes:
    """A straight, machine-flat rock beat: hats in eighths, snare 2 and 4, kick 1 and 3."""
    mid = mido.MidiFile(ticks_per_beat=Q)
    tr = mido.MidiTrack()
    mid.tracks.append(tr)
    tr.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(92)))
    events = []
    for b in range(bars):
        for e in range(8):
            events.append((b * 4 * Q + e * Q // 2, 42))
        for beat, pitch in ((0, 36), (1, 38), (2, 36), (3, 38)):
            events.append((b * 4 * Q + beat * Q, pitch))
    timed = sorted([(t, 1, p) for t, p in events] + [(t + 60, 0, p) for t, p in events])
    now = 0
    for t, on, pitch in timed:
        kind = "note_on" if on else "note_off"
        tr.append(mido.Message(kind, channel=9, note=pitch, velocity=100 if on else 0,
                               time=t - now))
        now = t
    buf = io.BytesIO()
    mid.save(file=buf)
    return buf.getvalue()


def _ms(ticks: float) -> float:
    return ticks * 60_000 / 92 / Q


def test_every_note_is_kept_and_moved_toward_the_artist(runtime: services.Runtime) -> None:
    clip = _quantized_clip()
    out = services.humanize_midi(runtime, clip, "J Dilla", seed=4)
    src, played = out.source.notes, out.pattern.notes
    assert sorted(n.pitch for n in src) == sorted(n.pitch for n in played)
    assert len({n.velocity for n in played}) > 10  # no longer machine-flat
    snare = [n for n in played if n.pitch == Voice.SNARE.pitch]
    kick = [n for n in played if n.pitch == Voice.KICK.pitch]
    late = statistics.mean(_ms((n.time + Q // 2) % Q - Q // 2) for n in snare)
    early = statistics.mean(_ms((n.time + Q // 2) % Q - Q // 2) for n in kick)
    assert late - early >= 15  # Dilla's snare drags behind his kick
    # hats swing: the off-beat eighths land late, toward Dilla's swung sixteenths and lean
    offbeats = [n.time % Q for n in played if n.pitch == Voice.CLOSED_HAT.pitch
                and Q // 4 <= n.time % Q < 3 * Q // 4]
    assert statistics.mean(offbeats) > Q // 2


def test_amount_scales_the_change_and_zero_changes_nothing(runtime: services.Runtime) -> None:
    clip = _quantized_clip()
    none = services.humanize_midi(runtime, clip, "J Dilla", amount=0.0, seed=1)
    assert none.pattern.notes == none.source.notes
    half = services.humanize_midi(runtime, clip, "J Dilla", amount=0.5, seed=1)
    full = services.humanize_midi(runtime, clip, "J Dilla", amount=1.0, seed=1)

    def moved(res: services.HumanizeResult) -> float:
        return sum(abs(a.time - b.time) for a, b in zip(sorted(res.source.notes, key=lambda n: (
            n.pitch, n.time)), sorted(res.pattern.notes, key=lambda n: (n.pitch, n.time)),
            strict=True))

    assert 0 < moved(half) < moved(full)


def test_ghost_notes_are_added_only_when_asked(runtime: services.Runtime) -> None:
    clip = _quantized_clip()
    plain = services.humanize_midi(runtime, clip, "Clyde Stubblefield", seed=2)
    ghosted = services.humanize_midi(runtime, clip, "Clyde Stubblefield", seed=2, ghosts=True)
    extra = len(ghosted.pattern.notes) - len(plain.pattern.notes)
    assert extra > 0
    new = [n for n in ghosted.pattern.notes if n.pitch == Voice.SNARE.pitch and n.velocity < 60]
    assert len(new) >= extra


def test_bad_input_is_refused_clearly(runtime: services.Runtime) -> None:
    with pytest.raises(UserInputError, match="amount"):
        services.humanize_midi(runtime, _quantized_clip(), "J Dilla", amount=2.0)
    from mididrumigen.midi.safety import MidiFileError

    with pytest.raises(MidiFileError):
        services.humanize_midi(runtime, b"MThd not really a midi file", "J Dilla")
