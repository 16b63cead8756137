"""Write a Pattern as a Standard MIDI File (mido).

    pattern_to_midifile(pattern, midi_type=1, ppq=None, ...) -> mido.MidiFile
    midi_bytes(pattern, ...) -> bytes
    write_midi(pattern, path, ...) -> Path          # atomic: temp file + os.replace

Type 1 (default): a conductor track (name, time signature, tempo) and one drum track on MIDI
channel 10 — or one track per voice ("Kick", "Snare", …) with `one_track_per_voice`. Type 0:
one track with everything. Every track ends at the pattern's full length (total_bars), so a
DAW loops it at the right length.

Track names are UTF-8 (`_meta_text`), as DAWs read them (midi.safety reads them back).

Notes are written so that any reader pairs them back unambiguously: a note's note-off comes no
later than the next note-on of the same pitch (drum hits of one pitch never overlap), offs
come before ons at the same tick, and durations that run past the end of the pattern are cut
at the end. Two hits of one pitch at one tick become one hit (the louder, the longer).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain import Note, Pattern, TimeSignature, Voice, voice_for_pitch
from ..domain.checks import check_int
from ..domain.units import bpm_to_us_per_beat, rescale_ticks
from ..errors import StorageError, UserInputError
from ..storage.files import write_atomic

if TYPE_CHECKING:
    import mido

PitchMap = Callable[[int], int]
_Event = tuple[int, int, int, int]  # (tick, order: 0 off / 1 on, pitch, velocity)
OTHER_TRACK = "Percussion"


def pattern_to_midifile(pattern: Pattern, *, midi_type: int = 1, ppq: int | None = None,
                        track_name: str = "Drums", channel: int = 9,
                        pitch_map: PitchMap | None = None, one_track_per_voice: bool = False,
                        note_length: int | None = None) -> mido.MidiFile:
    """The pattern as a mido MidiFile.

    `ppq` rescales ticks (rounded; durations stay ≥ 1). `pitch_map` turns a GM pitch into the
    target kit's pitch. `note_length` (ticks at the pattern's ppq) replaces every duration.
    """
    import mido

    if not isinstance(pattern, Pattern):
        raise UserInputError("pattern must be a Pattern", field="pattern")
    if midi_type not in (0, 1):
        raise UserInputError(f"midi_type must be 0 or 1, got {midi_type!r}", field="midi_type")
    if one_track_per_voice and midi_type == 0:
        raise UserInputError("one_track_per_voice needs midi_type=1 (type 0 has one track)",
                             field="one_track_per_voice")
    check_int("channel", channel, 0, 15)
    out_ppq = pattern.ppq if ppq is None else check_int("ppq", ppq, 24, 9600)
    if note_length is not None:
        check_int("note_length", note_length, 1, 2**31 - 1)

    def scale(t: int) -> int:
        return rescale_ticks(t, pattern.ppq, out_ppq)

    length = _length_ticks(pattern, out_ppq)
    groups = _group_notes(pattern, one_track_per_voice)
    mid = mido.MidiFile(type=midi_type, ticks_per_beat=out_ppq)
    header = _conductor(pattern, _meta_text(pattern.name or track_name))
    if midi_type == 0:
        events = _events(groups[0][1], scale, length, pitch_map, note_length)
        mid.tracks.append(_track(header, events, channel, length))
        return mid
    mid.tracks.append(_track(header, [], channel, length))
    for name, notes in groups:
        events = _events(notes, scale, length, pitch_map, note_length)
        meta = [mido.MetaMessage("track_name",
                                 name=_meta_text(name if one_track_per_voice else track_name))]
        mid.tracks.append(_track(meta, events, channel, length))
    return mid


def pattern_json(pattern: Pattern, *, ppq: int | None = None,
                 pitch_map: PitchMap | None = None, drum_map: str | None = None) -> dict[str, Any]:
    """The pattern's MIDI JSON (Pattern.to_dict) with the .mid options that apply to it:
    ticks at `ppq`, pitches through `pitch_map` (then `drum_map` names the kit, so a reader
    knows the pitches are not General MIDI)."""
    out = pattern.to_dict()
    if ppq is not None:
        check_int("ppq", ppq, 24, 9600)
        out["ppq"] = ppq
        out["notes"] = [{**n, "time": rescale_ticks(n["time"], pattern.ppq, ppq),
                         "duration": max(1, rescale_ticks(n["duration"], pattern.ppq, ppq))}
                        for n in out["notes"]]
    if pitch_map is not None:
        out["notes"] = [{**n, "pitch": _mapped(pitch_map, n["pitch"])} for n in out["notes"]]
        out["drum_map"] = drum_map or "custom"
    return out


def midi_bytes(pattern: Pattern, **options: Any) -> bytes:
    """The pattern as .mid file bytes; options as for pattern_to_midifile."""
    buf = io.BytesIO()
    pattern_to_midifile(pattern, **options).save(file=buf)
    return buf.getvalue()


def write_midi(pattern: Pattern, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write the pattern to `path` atomically (no half-written file is ever visible)."""
    data = midi_bytes(pattern, **options)
    target = Path(path)
    try:
        return write_atomic(target, data, fsync=True)
    except OSError as e:
        raise StorageError(f"cannot write MIDI file {str(target)!r}: {e.strerror or e} — check "
                           "that the folder exists and is writable") from None


def time_signature_meta(ts: TimeSignature) -> dict[str, int]:
    """Fields of the time_signature meta: MIDI clocks per metronome click follow the beat."""
    clocks = 36 if ts.is_compound else 96 // ts.denominator  # dotted quarter, or one beat
    return {"numerator": ts.numerator, "denominator": ts.denominator,
            "clocks_per_click": clocks, "notated_32nd_notes_per_beat": 8}


def voice_track_name(voice: Voice | None) -> str:
    """'Kick', 'Closed Hat'…; 'Percussion' for pitches outside the kit."""
    return voice.name.replace("_", " ").title() if voice else OTHER_TRACK


def _conductor(pattern: Pattern, name: str) -> list[mido.MetaMessage]:
    import mido

    return [mido.MetaMessage("track_name", name=name),
            mido.MetaMessage("time_signature", **time_signature_meta(pattern.time_signature)),
            mido.MetaMessage("set_tempo", tempo=bpm_to_us_per_beat(pattern.tempo))]


def _length_ticks(pattern: Pattern, out_ppq: int) -> int:
    """The end of the last bar, extended to whole bars if a note starts past total_bars."""
    bars = pattern.total_bars
    if pattern.notes and pattern.notes[-1].time >= pattern.length_ticks:
        bars = pattern.notes[-1].time // pattern.ticks_per_bar + 1
    return pattern.time_signature.ticks_per_bar(out_ppq) * bars


def _group_notes(pattern: Pattern, per_voice: bool) -> list[tuple[str, list[Note]]]:
    if not per_voice:
        return [("", list(pattern.notes))]
    by_voice: dict[Voice | None, list[Note]] = {}
    for n in pattern.notes:
        by_voice.setdefault(voice_for_pitch(n.pitch), []).append(n)
    order = [*Voice, None]
    return [(voice_track_name(v), by_voice[v]) for v in order if v in by_voice]


def _events(notes: list[Note], scale: Callable[[int], int], length: int,
            pitch_map: PitchMap | None, note_length: int | None) -> list[_Event]:
    hits: dict[tuple[int, int], tuple[int, int]] = {}  # (pitch, start) -> (velocity, end)
    for n in notes:
        pitch = _mapped(pitch_map, n.pitch)
        start = min(scale(n.time), length - 1)  # a rescaled hit may round onto the end
        end = max(start + 1, scale(n.time + (note_length or n.duration)))
        old = hits.get((pitch, start))
        if old:
            end = max(end, old[1])
        hits[(pitch, start)] = (max(n.velocity, old[0] if old else 0), min(end, length))
    events: list[_Event] = []
    by_pitch: dict[int, list[tuple[int, int, int]]] = {}
    for (pitch, start), (vel, end) in hits.items():
        by_pitch.setdefault(pitch, []).append((start, vel, end))
    for pitch, seq in by_pitch.items():
        seq.sort()
        for k, (start, vel, end) in enumerate(seq):
            if k + 1 < len(seq):
                end = min(end, seq[k + 1][0])
            events.append((start, 1, pitch, vel))
            events.append((max(end, start + 1), 0, pitch, 0))
    events.sort()
    return events


META_TEXT_BYTES = 127


def _meta_text(text: str) -> str:
    """A track name as UTF-8 bytes, the way Live, Logic, Reaper, Bitwig and Cubase read them
    ("John Bonham – Var 1", "坂本龍一"), at most 127 bytes and never half a character.

    mido encodes meta text as latin-1 unless a file's `charset` says otherwise, through a
    process-wide setting that concurrent reads and writes would race on; so the UTF-8 bytes
    are handed over as the latin-1 string that encodes to exactly them."""
    data = str(text).encode("utf-8")[:META_TEXT_BYTES]
    return data.decode("utf-8", "ignore").encode("utf-8").decode("latin-1")


def _mapped(pitch_map: PitchMap | None, pitch: int) -> int:
    if pitch_map is None:
        return pitch
    out = pitch_map(pitch)
    if isinstance(out, bool) or not isinstance(out, int) or not 0 <= out <= 127:
        raise UserInputError(f"pitch_map turned pitch {pitch} into {out!r}; it must return a "
                             "MIDI pitch 0..127", field="pitch_map")
    return out


def _track(head: list[mido.MetaMessage], events: list[_Event], channel: int,
           length: int) -> mido.MidiTrack:
    import mido

    track = mido.MidiTrack(head)
    now = 0
    for tick, kind, pitch, vel in events:
        msg_type = "note_on" if kind else "note_off"
        track.append(mido.Message(msg_type, channel=channel, note=pitch, velocity=vel,
                                  time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=max(0, length - now)))
    return track
