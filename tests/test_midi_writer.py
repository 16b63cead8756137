"""Pattern → .mid: tracks, meta events, note-offs, lengths, options, atomic writes."""

from __future__ import annotations

import io
import os
from pathlib import Path

import mido
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mididrumigen.domain import Note, Pattern, TimeSignature
from mididrumigen.errors import StorageError, UserInputError
from mididrumigen.midi.reader import read_drum_file, read_drum_pattern
from mididrumigen.midi.writer import (
    midi_bytes,
    pattern_to_midifile,
    time_signature_meta,
    write_midi,
)

BEAT = Pattern(
    (Note(0, 36, 110, 60), Note(0, 42, 80, 60), Note(240, 42, 60, 60), Note(480, 38, 100, 60),
     Note(480, 42, 80, 60), Note(720, 42, 60, 60), Note(960, 36, 105, 60),
     Note(1440, 38, 100, 60), Note(1680, 46, 90, 200), Note(1700, 60, 50, 30)),
    tempo=96.0, total_bars=2, name="Test beat")


def reload(mid: mido.MidiFile) -> mido.MidiFile:
    buf = io.BytesIO()
    mid.save(file=buf)
    buf.seek(0)
    return mido.MidiFile(file=buf)


def abs_events(track: mido.MidiTrack) -> list[tuple[int, mido.Message]]:
    now, out = 0, []
    for msg in track:
        now += msg.time
        out.append((now, msg))
    return out


def test_type1_has_conductor_then_drum_track_on_channel_ten() -> None:
    mid = reload(pattern_to_midifile(BEAT))
    assert mid.type == 1 and mid.ticks_per_beat == 480 and len(mid.tracks) == 2
    conductor, drums = mid.tracks
    assert [m.type for m in conductor] == ["track_name", "time_signature", "set_tempo",
                                           "end_of_track"]
    assert conductor[0].name == "Test beat"
    assert conductor[2].tempo == 625_000  # 96 BPM
    assert drums.name == "Drums"
    notes = [m for m in drums if m.type in ("note_on", "note_off")]
    assert len(notes) == 2 * len(BEAT.notes)
    assert {m.channel for m in notes} == {9}


def test_type0_is_one_track_with_everything() -> None:
    mid = reload(pattern_to_midifile(BEAT, midi_type=0))
    assert mid.type == 0 and len(mid.tracks) == 1
    types = [m.type for m in mid.tracks[0]]
    assert {"time_signature", "set_tempo", "note_on", "note_off"} <= set(types)
    assert types[-1] == "end_of_track"


@pytest.mark.parametrize("midi_type", [0, 1])
def test_every_track_ends_at_full_pattern_length(midi_type: int) -> None:
    short = BEAT.with_notes([Note(0, 36, 100, 60)])
    pat = Pattern(short.notes, total_bars=4)
    mid = reload(pattern_to_midifile(pat, midi_type=midi_type))
    for track in mid.tracks:
        end_tick, eot = abs_events(track)[-1]
        assert eot.type == "end_of_track" and end_tick == 4 * 1920
    assert read_drum_pattern(midi_bytes(pat, midi_type=midi_type)).total_bars == 4


def test_type0_and_type1_read_back_identically() -> None:
    assert read_drum_pattern(midi_bytes(BEAT, midi_type=0)) == read_drum_pattern(
        midi_bytes(BEAT, midi_type=1))


@pytest.mark.parametrize(("ts", "clocks"), [((4, 4), 24), ((6, 8), 36), ((12, 8), 36),
                                            ((7, 8), 12), ((5, 4), 24), ((2, 2), 48),
                                            ((15, 16), 6), ((3, 8), 12)])
def test_time_signature_meta(ts: tuple[int, int], clocks: int) -> None:
    sig = TimeSignature(*ts)
    pat = Pattern((Note(0, 36, 100),), time_signature=sig)
    meta = next(m for m in reload(pattern_to_midifile(pat)).tracks[0] if m.type == "time_signature")
    assert (meta.numerator, meta.denominator, meta.clocks_per_click) == (*ts, clocks)
    assert time_signature_meta(sig)["notated_32nd_notes_per_beat"] == 8
    assert read_drum_pattern(midi_bytes(pat)).time_signature == sig


def test_one_track_per_voice_names_tracks_by_voice() -> None:
    mid = reload(pattern_to_midifile(BEAT, one_track_per_voice=True))
    names = [t.name for t in mid.tracks[1:]]
    assert names == ["Kick", "Snare", "Closed Hat", "Open Hat", "Percussion"]
    kick = [m.note for m in mid.tracks[1] if m.type == "note_on"]
    assert kick == [36, 36]
    assert read_drum_pattern(midi_bytes(BEAT, one_track_per_voice=True)).notes == BEAT.notes


def test_one_track_per_voice_needs_type1() -> None:
    with pytest.raises(UserInputError, match="midi_type=1"):
        pattern_to_midifile(BEAT, midi_type=0, one_track_per_voice=True)


def test_ppq_rescales_ticks_and_keeps_durations_positive() -> None:
    pat = Pattern((Note(0, 36, 100, 1), Note(120, 42, 90, 60), Note(1799, 38, 80, 121)))
    mid = reload(pattern_to_midifile(pat, ppq=96))
    assert mid.ticks_per_beat == 96
    back = read_drum_pattern(midi_bytes(pat, ppq=96))
    assert back.ppq == 96
    assert [(n.time, n.duration) for n in back.notes] == [(0, 1), (24, 12), (360, 24)]
    assert back.total_bars == 1
    up = read_drum_pattern(midi_bytes(pat, ppq=960))
    assert [(n.time, n.duration) for n in up.notes] == [(0, 2), (240, 120), (3598, 242)]


def test_pitch_map_translates_pitches() -> None:
    back = read_drum_pattern(midi_bytes(BEAT, pitch_map=lambda p: p + 12))
    assert [n.pitch for n in back.notes] == [n.pitch + 12 for n in BEAT.notes]


def test_pitch_map_returning_nonsense_is_a_user_error() -> None:
    with pytest.raises(UserInputError, match=r"pitch_map turned pitch 36 into 200"):
        pattern_to_midifile(BEAT, pitch_map=lambda p: 200)


def test_channel_and_track_name_options() -> None:
    mid = reload(pattern_to_midifile(BEAT, channel=3, track_name="Kit"))
    assert mid.tracks[1].name == "Kit"
    assert {m.channel for m in mid.tracks[1] if m.type == "note_on"} == {3}


def test_note_length_replaces_durations() -> None:
    back = read_drum_pattern(midi_bytes(BEAT, note_length=30))
    assert {n.duration for n in back.notes} == {30}


def test_overlapping_same_pitch_notes_give_no_stuck_or_cut_notes() -> None:
    # a long crash re-struck while ringing, then a snare right after its previous hit ends
    pat = Pattern((Note(0, 49, 100, 900), Note(480, 49, 90, 900), Note(960, 38, 80, 60),
                   Note(1020, 38, 70, 60)), total_bars=1)
    track = reload(pattern_to_midifile(pat)).tracks[1]
    sounding: dict[int, int] = {}
    for _, msg in abs_events(track):
        if msg.type == "note_on" and msg.velocity:
            assert sounding.get(msg.note, 0) == 0, "a note-on while the same pitch still sounds"
            sounding[msg.note] = 1
        elif msg.type in ("note_on", "note_off"):
            assert sounding.get(msg.note) == 1, "a note-off with nothing to end"
            sounding[msg.note] = 0
    assert not any(sounding.values())
    back = read_drum_pattern(midi_bytes(pat))
    assert [(n.time, n.duration) for n in back.notes] == [(0, 480), (480, 900), (960, 60),
                                                         (1020, 60)]


def test_duplicate_hits_merge_and_long_notes_are_cut_at_the_end() -> None:
    pat = Pattern((Note(0, 36, 60, 30), Note(0, 36, 100, 10), Note(1800, 49, 90, 5000)))
    back = read_drum_pattern(midi_bytes(pat))
    assert back.notes == (Note(0, 36, 100, 30), Note(1800, 49, 90, 120))
    assert back.total_bars == 1


def test_note_past_total_bars_extends_the_file_to_its_bar() -> None:
    pat = Pattern((Note(0, 36, 100), Note(2000, 38, 100)), total_bars=1)
    assert read_drum_pattern(midi_bytes(pat)).total_bars == 2


def test_bad_options_are_user_errors() -> None:
    with pytest.raises(UserInputError, match="midi_type"):
        pattern_to_midifile(BEAT, midi_type=2)
    with pytest.raises(UserInputError, match="channel"):
        pattern_to_midifile(BEAT, channel=16)
    with pytest.raises(UserInputError, match="ppq"):
        pattern_to_midifile(BEAT, ppq=10)
    with pytest.raises(UserInputError, match="note_length"):
        pattern_to_midifile(BEAT, note_length=0)
    with pytest.raises(UserInputError, match="Pattern"):
        pattern_to_midifile({"notes": []})  # type: ignore[arg-type]


def test_write_midi_writes_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "beat.mid"
    target.write_bytes(b"old")
    out = write_midi(BEAT, target, midi_type=0)
    assert out == target
    assert target.read_bytes() == midi_bytes(BEAT, midi_type=0)
    assert os.listdir(tmp_path) == ["beat.mid"]
    result = read_drum_file(target)
    assert result.pattern.notes == BEAT.notes and result.pattern.name == "beat"


def test_write_midi_into_missing_folder_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="folder exists"):
        write_midi(BEAT, tmp_path / "missing" / "beat.mid")


def test_same_pattern_gives_same_bytes() -> None:
    assert midi_bytes(BEAT) == midi_bytes(Pattern(tuple(reversed(BEAT.notes)), 96.0,
                                                  total_bars=2, name="Test beat"))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.text(max_size=50))
def test_any_names_can_be_written(name: str, track_name: str) -> None:
    pat = Pattern((Note(0, 36, 100),), name=name)
    data = midi_bytes(pat, track_name=track_name, midi_type=1)
    mid = mido.MidiFile(file=io.BytesIO(data), charset="utf-8")
    raw = (name or track_name).encode("utf-8")
    expected = raw[:127].decode("utf-8", "ignore")  # whole characters within 127 bytes
    assert mid.tracks[0].name == expected
    assert len(mid.tracks[0].name.encode("utf-8")) <= 127
    result = read_drum_file(data)
    assert result.pattern.notes == pat.notes
    assert result.track_names[0] == expected.replace("\x00", "").strip()


@pytest.mark.parametrize("name", ["John Bonham – Var 1", "坂本龍一 – Var 2", "Mötley Crüe"])
def test_track_names_are_utf8_as_daws_read_them(name: str) -> None:
    """DAWs read track names as UTF-8: the en dash and 坂本龍一 arrive as written, in the
    conductor (the pattern's name) and in the drum track's name."""
    data = midi_bytes(Pattern((Note(0, 36, 100),), name=name), track_name=name)
    assert name.encode("utf-8") in data and b"?" not in data
    mid = mido.MidiFile(file=io.BytesIO(data), charset="utf-8")
    assert [t.name for t in mid.tracks] == [name, name]
    assert read_drum_file(data).track_names == (name, name)
    for one in (0, 1):  # one track per voice, and type 0
        kw = {"midi_type": 0} if one == 0 else {"one_track_per_voice": True}
        again = mido.MidiFile(file=io.BytesIO(midi_bytes(Pattern((Note(0, 36, 100),), name=name),
                                                         **kw)), charset="utf-8")
        assert again.tracks[0].name == name


def test_track_names_of_latin1_files_still_read() -> None:
    """Files from older tools with latin-1 names read as they always did."""
    mid = mido.MidiFile(charset="latin-1")
    mid.tracks.append(mido.MidiTrack([mido.MetaMessage("track_name", name="Batería café"),
                                      mido.Message("note_on", channel=9, note=36, velocity=90),
                                      mido.Message("note_off", channel=9, note=36, time=120)]))
    buf = io.BytesIO()
    mid.save(file=buf)
    assert read_drum_file(buf.getvalue()).track_names == ("Batería café",)
