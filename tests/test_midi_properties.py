"""Invariants: write→read is lossless; the parser never crashes on hostile bytes (it refuses
them with a MidiFileError). How fast it refuses — never hanging — is measured by
benchmarks/midi.py, not asserted here."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_paths import GMD
from mididrumigen.domain import Note, Pattern, TimeSignature
from mididrumigen.errors import MidiFileError
from mididrumigen.midi.reader import read_drum_file, read_drum_pattern
from mididrumigen.midi.writer import midi_bytes

GMD_FILE = GMD / "drummer1" / "session1" / "10_jazz-funk_116_fill_4-4.mid"


def _smf(*tracks: bytes, ntracks: int | None = None, fmt: int = 1, ppq: int = 480) -> bytes:
    n = len(tracks) if ntracks is None else ntracks
    head = b"MThd" + (6).to_bytes(4, "big") + bytes([0, fmt]) + n.to_bytes(2, "big")
    head += ppq.to_bytes(2, "big")
    return head + b"".join(b"MTrk" + len(t).to_bytes(4, "big") + t for t in tracks)


EOT = b"\x00\xff\x2f\x00"
KICK = b"\x00\x99\x24\x64\x3c\x89\x24\x00"  # note on, 60 ticks, note off (channel 10)


@st.composite
def patterns(draw: st.DrawFn) -> Pattern:
    ts = TimeSignature(draw(st.integers(1, 32)), draw(st.sampled_from([2, 4, 8, 16])))
    ppq = draw(st.sampled_from([480, 480, 96, 960, 9600, 24, 100]))
    bars = draw(st.integers(1, 6))
    tempo = draw(st.integers(2000, 40000)) / 100  # the file stores µs; 0.01 BPM survives
    length = ts.ticks_per_bar(ppq) * bars
    raw = draw(st.lists(st.tuples(st.integers(0, length - 1), st.integers(35, 81),
                                  st.integers(1, 127), st.integers(1, 4 * ppq)),
                        min_size=1, max_size=60, unique_by=lambda x: (x[0], x[1])))
    raw.sort(key=lambda x: (x[1], x[0]))
    notes = []
    for k, (t, pitch, vel, dur) in enumerate(raw):
        nxt = raw[k + 1][0] if k + 1 < len(raw) and raw[k + 1][1] == pitch else length
        notes.append(Note(t, pitch, vel, min(dur, nxt - t)))  # same pitch never overlaps
    return Pattern(tuple(notes), tempo, ts, bars, ppq)


@settings(max_examples=120, deadline=None)
@given(patterns(), st.sampled_from([0, 1]), st.booleans())
def test_write_read_round_trip_is_lossless(pat: Pattern, midi_type: int, per_voice: bool) -> None:
    per_voice = per_voice and midi_type == 1
    data = midi_bytes(pat, midi_type=midi_type, one_track_per_voice=per_voice)
    result = read_drum_file(data)
    back = result.pattern
    assert back.notes == pat.notes
    assert back.tempo == pat.tempo
    assert back.time_signature == pat.time_signature
    assert back.total_bars == pat.total_bars
    assert back.ppq == pat.ppq
    assert back == pat
    assert result.info == ()


@settings(max_examples=40, deadline=None)
@given(patterns())
def test_type0_and_type1_read_back_the_same(pat: Pattern) -> None:
    assert read_drum_pattern(midi_bytes(pat, midi_type=0)) == read_drum_pattern(
        midi_bytes(pat, midi_type=1))


@settings(max_examples=40, deadline=None)
@given(patterns().filter(lambda p: p.ppq == 480), st.sampled_from([96, 240, 960, 1920]))
def test_ppq_rescale_maps_every_tick(pat: Pattern, ppq: int) -> None:
    back = read_drum_pattern(midi_bytes(pat, ppq=ppq))
    assert back.ppq == ppq and back.total_bars == pat.total_bars
    got = sorted((n.pitch, n.time) for n in back.notes)
    end = pat.time_signature.ticks_per_bar(ppq) * pat.total_bars
    # scaling down may round two hits of one pitch onto one tick (278 and 279 at 480 ppq are
    # both 56 at 96): those become one note, never two note-ons at one tick
    want = sorted({(n.pitch, min(end - 1, (2 * n.time * ppq + 480) // 960)) for n in pat.notes})
    assert got == want
    assert all(n.duration >= 1 for n in back.notes)
    if ppq % 480 == 0:  # scaling up is exact
        f = ppq // 480
        assert back.notes == tuple(sorted(Note(n.time * f, n.pitch, n.velocity, n.duration * f)
                                          for n in pat.notes))


def test_hits_rounded_onto_one_tick_become_one_louder_note() -> None:
    pat = Pattern((Note(278, 38, 40, 1), Note(279, 38, 90, 60)), 120.0, TimeSignature(4, 4), 1, 480)
    back = read_drum_pattern(midi_bytes(pat, ppq=96))
    assert [(n.time, n.pitch, n.velocity) for n in back.notes] == [(56, 38, 90)]


def _read_or_refuse(data: bytes) -> Pattern | None:
    try:
        return read_drum_pattern(data)
    except MidiFileError as e:
        assert str(e)
        return None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data: bytes) -> None:
    _read_or_refuse(data)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2), st.integers(0, 4), st.integers(0, 40000),
       st.binary(max_size=300), st.integers(0, 2**32 - 1))
def test_random_track_bodies_never_crash(fmt: int, ntracks: int, ppq: int, body: bytes,
                                         declared: int) -> None:
    head = b"MThd\x00\x00\x00\x06" + bytes([0, fmt]) + ntracks.to_bytes(2, "big")
    head += (ppq & 0xFFFF).to_bytes(2, "big")
    _read_or_refuse(head + b"MTrk" + len(body).to_bytes(4, "big") + body)
    _read_or_refuse(head + b"MTrk" + declared.to_bytes(4, "big") + body)


@pytest.fixture(scope="module")
def real_file() -> bytes:
    if not GMD_FILE.exists():
        pytest.skip("GMD corpus not present")
    return GMD_FILE.read_bytes()


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255),
                          st.sampled_from(["set", "insert", "delete"])), min_size=1, max_size=8),
       st.integers(0, 10**6))
def test_mutated_real_file_never_crashes(real_file: bytes,
                                         edits: list[tuple[int, int, str]], cut: int) -> None:
    data = bytearray(real_file)
    for pos, value, op in edits:
        i = pos % len(data)
        if op == "set":
            data[i] = value
        elif op == "insert":
            data.insert(i, value)
        else:
            del data[i]
    _read_or_refuse(bytes(data))
    _read_or_refuse(bytes(data[: cut % (len(data) + 1)]))


def test_every_truncation_of_a_real_file_is_refused_or_read(real_file: bytes) -> None:
    ok = 0
    for cut in range(0, len(real_file), 7):
        ok += _read_or_refuse(real_file[:cut]) is not None
    assert ok == 0  # the end_of_track is the last 4 bytes: every cut breaks a chunk
    assert read_drum_pattern(real_file).notes


# ---- hand-made evil files -------------------------------------------------------------

def test_truncated_track_names_the_numbers() -> None:
    data = _smf(KICK + EOT)[:-3]
    with pytest.raises(MidiFileError, match=r"track 1 declares 12 bytes but only 9 remain.*"
                                            r"re-export"):
        read_drum_pattern(data)


def test_track_count_lie_is_refused() -> None:
    with pytest.raises(MidiFileError, match="declares 5 tracks but the file ends after 1"):
        read_drum_pattern(_smf(KICK + EOT, ntracks=5))


def test_delta_longer_than_four_bytes_is_refused() -> None:
    with pytest.raises(MidiFileError, match="past 4 bytes"):
        read_drum_pattern(_smf(b"\x81\x80\x80\x80\x00" + KICK + EOT))


def test_huge_deltas_adding_up_to_years_do_not_make_a_huge_pattern() -> None:
    far = b"\xff\xff\xff\x7f\xff\x01\x00" * 1000  # 1000 text metas, each 0x0FFFFFFF ticks on
    with pytest.raises(MidiFileError, match="only after bar 1024"):
        read_drum_pattern(_smf(far + KICK + EOT))
    result = read_drum_file(_smf(KICK + far + EOT))  # one note, then an end years later
    assert result.pattern.total_bars == 1 and any("end_of_track" in s for s in result.info)
    both = read_drum_file(_smf(KICK + far + KICK + EOT))
    assert both.pattern.total_bars == 1 and both.notes_dropped == 1


def test_running_status_without_status_is_refused() -> None:
    with pytest.raises(MidiFileError, match="running status"):
        read_drum_pattern(_smf(b"\x00\x24\x64" + EOT))


def test_running_status_is_honoured() -> None:
    body = b"\x00\x99\x24\x64\x3c\x24\x00\x00\x26\x50\x3c\x26\x00" + EOT
    pat = read_drum_pattern(_smf(body))
    assert pat.notes == (Note(0, 36, 100, 60), Note(60, 38, 80, 60))


def test_zero_length_tracks_and_alien_chunks_are_fine() -> None:
    data = _smf(b"", KICK + EOT)
    data = data[:14] + b"XFIH\x00\x00\x00\x03abc" + data[14:]
    assert read_drum_pattern(data).notes == (Note(0, 36, 100, 60),)
    with pytest.raises(MidiFileError, match="no notes"):
        read_drum_pattern(_smf(b"", b""))


def test_sysex_bomb_is_skipped_or_refused() -> None:
    bomb = b"\x00\xf0\x7f" + b"\x00" * 127 * 1 + b"\x00\xf7\x00"
    body = bomb * 20_000 + KICK + EOT  # ~2.6 MB of sysex
    assert read_drum_pattern(_smf(body)).notes == (Note(0, 36, 100, 60),)
    with pytest.raises(MidiFileError, match="sysex message declares"):
        read_drum_pattern(_smf(b"\x00\xf0\x8f\xff\xff\x7f" + b"\x00" * 50))


def test_oversized_input_is_refused_before_reading(tmp_path: Path) -> None:
    big = _smf(b"\x00\xff\x01\x00" * 1_300_000 + KICK + EOT)
    assert len(big) > 5_000_000
    with pytest.raises(MidiFileError, match="byte limit"):
        read_drum_pattern(big)
    path = tmp_path / "big.mid"
    path.write_bytes(big)
    with pytest.raises(MidiFileError, match=r"'big.mid' is 5,200,034 bytes"):
        read_drum_pattern(path)


def test_too_many_notes_is_refused() -> None:
    body = b"\x00\x99\x24\x64" + b"\x01\x24\x64" * 300_000 + EOT
    with pytest.raises(MidiFileError, match="more notes than the limit"):
        read_drum_pattern(_smf(body))
    with pytest.raises(MidiFileError, match="more notes"):
        read_drum_pattern(_smf(KICK * 11 + EOT), max_notes=10)


def test_more_drum_notes_than_a_pattern_holds_is_refused() -> None:
    body = b"\x00\x99\x24\x64" + b"\x01\x24\x64" * 120_000 + EOT
    with pytest.raises(MidiFileError, match="a pattern holds at most 100,000"):
        read_drum_pattern(_smf(body))


@pytest.mark.parametrize(("data", "message"), [
    (b"", "not a MIDI file"),
    (b"RIFF\x00\x00\x00\x00RMIDdata", "RIFF"),
    (b"MThd\x00\x00\x00\x06\x00\x01", "truncated"),
    (b"MThd\xff\xff\xff\xff\x00\x01\x00\x01\x01\xe0", "header declares"),
    (b"MThd\x00\x00\x00\x02\x00\x01\x00\x01\x01\xe0", "MThd length is 2"),
    (b"MThd\x00\x00\x00\x06\x00\x03\x00\x01\x01\xe0", "format 3"),
    (b"MThd\x00\x00\x00\x06\x00\x01\x00\x00\x01\xe0", "no tracks"),
    (b"MThd\x00\x00\x00\x06\x00\x01\x00\x01\xe7\x28", "SMPTE"),
    (b"MThd\x00\x00\x00\x06\x00\x01\x00\x01\x00\x00", "0 ticks"),
    (_smf(b"\x00\xf3\x01" + EOT), "status byte 0xF3"),
    (_smf(b"\x00\x99\x24\x99" + EOT), "status byte appears inside"),
    (_smf(b"\x00\x99\x24"), "ends in the middle"),
    (_smf(b"\x00\xff\x51\x7f\x07\xa1\x20"), "meta event declares 127 bytes"),
    (_smf(KICK + EOT)[:14] + b"\x00\x01garbage" + _smf(KICK + EOT)[14:], "where track 1"),
])
def test_malformed_headers_and_events_get_clear_messages(data: bytes, message: str) -> None:
    with pytest.raises(MidiFileError, match=message):
        read_drum_pattern(data)
