"""The drum reader on real Groove MIDI Dataset files and on small mido-made files."""

from __future__ import annotations

import csv
import io
import itertools
import re
from pathlib import Path

import mido
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_paths import GMD
from mididrumigen.domain import Note, Pattern, TimeSignature
from mididrumigen.errors import MidiFileError, UserInputError
from mididrumigen.midi.reader import read_drum_file, read_drum_pattern
from mididrumigen.midi.safety import parse_smf

needs_gmd = pytest.mark.skipif(not (GMD / "info.csv").exists(), reason="GMD corpus not present")


def gmd_rows() -> list[dict[str, str]]:
    with (GMD / "info.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def gmd_sample() -> list[dict[str, str]]:
    rows = gmd_rows()
    odd = [r for r in rows if r["time_signature"] != "4-4"]
    return rows[::60] + odd[:4]


def smf(*tracks: list[mido.Message | mido.MetaMessage], ppq: int = 480, kind: int = 1) -> bytes:
    mid = mido.MidiFile(type=kind, ticks_per_beat=ppq)
    for msgs in tracks:
        mid.tracks.append(mido.MidiTrack(msgs))
    buf = io.BytesIO()
    mid.save(file=buf)
    return buf.getvalue()


def hit(pitch: int, vel: int = 100, dt: int = 0, length: int = 60, ch: int = 9) -> list[mido.Message]:
    return [mido.Message("note_on", channel=ch, note=pitch, velocity=vel, time=dt),
            mido.Message("note_off", channel=ch, note=pitch, velocity=0, time=length)]


@needs_gmd
@pytest.mark.parametrize("row", gmd_sample(), ids=lambda r: r["id"])
def test_gmd_files_read_with_notes_tempo_and_meter(row: dict[str, str]) -> None:
    path = GMD / row["midi_filename"]
    result = read_drum_file(path)
    pat = result.pattern
    assert len(pat.notes) > 0
    assert abs(pat.tempo - float(row["bpm"])) <= 1
    num, den = (int(x) for x in row["time_signature"].split("-"))
    assert pat.time_signature == TimeSignature(num, den)
    assert result.drum_channels == (9,)
    assert result.source_ppq == 480 and not result.rescaled
    assert pat.name == path.stem
    assert pat.notes[-1].time < pat.length_ticks
    # the pattern lasts as long as the performance (duration column, seconds)
    assert abs(pat.seconds - float(row["duration"])) <= 60 / pat.tempo * pat.time_signature.numerator * 4


@needs_gmd
def test_gmd_six_eight_file_has_compound_meter() -> None:
    row = next(r for r in gmd_rows() if r["time_signature"] == "6-8")
    pat = read_drum_pattern(str(GMD / row["midi_filename"]))
    assert pat.time_signature == TimeSignature(6, 8)
    assert pat.time_signature.is_compound
    assert pat.ticks_per_bar == 3 * 480
    assert re.search(rf"_{int(pat.tempo)}_", row["midi_filename"])


@needs_gmd
def test_gmd_bytes_and_path_agree() -> None:
    path = GMD / gmd_rows()[0]["midi_filename"]
    from_path = read_drum_pattern(path)
    from_bytes = read_drum_pattern(path.read_bytes())
    assert from_path.notes == from_bytes.notes
    assert from_bytes.name == ""


def test_reads_channel_ten_and_ignores_other_channels() -> None:
    data = smf([mido.MetaMessage("set_tempo", tempo=500_000),
                *hit(36), *hit(60, ch=0), *hit(38, dt=60)])
    result = read_drum_file(data)
    assert [(n.time, n.pitch) for n in result.pattern.notes] == [(0, 36), (180, 38)]
    assert result.non_drum_notes == 1 and result.notes_in_file == 3
    assert result.pattern.tempo == 120.0


def test_velocity_zero_note_on_ends_a_note() -> None:
    msgs = [mido.Message("note_on", channel=9, note=38, velocity=90, time=0),
            mido.Message("note_on", channel=9, note=38, velocity=0, time=100)]
    pat = read_drum_pattern(smf(msgs))
    assert pat.notes == (Note(0, 38, 90, 100),)


def test_missing_note_off_gets_default_length() -> None:
    msgs = [mido.Message("note_on", channel=9, note=42, velocity=70, time=0)]
    result = read_drum_file(smf(msgs))
    assert result.pattern.notes == (Note(0, 42, 70, 60),)
    assert result.missing_note_offs == 1
    assert any("note-off" in line for line in result.info)


def test_overlapping_same_pitch_pairs_first_in_first_out() -> None:
    msgs = [mido.Message("note_on", channel=9, note=36, velocity=80, time=0),
            mido.Message("note_on", channel=9, note=36, velocity=90, time=50),
            mido.Message("note_off", channel=9, note=36, time=50),
            mido.Message("note_off", channel=9, note=36, time=100)]
    pat = read_drum_pattern(smf(msgs))
    assert pat.notes == (Note(0, 36, 80, 100), Note(50, 36, 90, 150))


def test_drum_kit_program_on_another_channel_counts_as_drums() -> None:
    msgs = [mido.Message("control_change", channel=3, control=0, value=127),
            mido.Message("program_change", channel=3, program=0),
            *hit(36, ch=3), *hit(60, ch=0)]
    result = read_drum_file(smf(msgs))
    assert [n.pitch for n in result.pattern.notes] == [36]
    assert 3 in result.drum_channels and result.drum_source == "channel"


def test_track_named_drums_is_used_when_no_channel_ten_and_says_so() -> None:
    piano = [mido.MetaMessage("track_name", name="Piano"), *hit(60, ch=0)]
    drums = [mido.MetaMessage("track_name", name="Drums"), *hit(36, ch=1), *hit(38, ch=1)]
    result = read_drum_file(smf(piano, drums))
    assert result.drum_source == "track-name"
    assert [n.pitch for n in result.pattern.notes] == [36, 38]
    assert any("'Drums'" in line for line in result.info)


def test_no_drum_part_is_a_clear_error() -> None:
    piano = [mido.MetaMessage("track_name", name="Piano"), *hit(60, ch=0)]
    with pytest.raises(MidiFileError, match=r"no drum part.*'Piano'.*channel 10"):
        read_drum_pattern(smf(piano))


def test_file_without_notes_is_an_error() -> None:
    with pytest.raises(MidiFileError, match="no notes"):
        read_drum_pattern(smf([mido.MetaMessage("set_tempo", tempo=400_000)]))


def test_unrepresentable_time_signature_falls_back_to_four_four_with_info() -> None:
    msgs = [mido.MetaMessage("time_signature", numerator=3, denominator=32), *hit(36)]
    result = read_drum_file(smf(msgs))
    assert result.pattern.time_signature == TimeSignature(4, 4)
    assert any("3/32" in line and "4/4" in line for line in result.info)


def test_tempo_out_of_range_is_clamped_with_info() -> None:
    msgs = [mido.MetaMessage("set_tempo", tempo=100_000), *hit(36)]  # 600 BPM
    result = read_drum_file(smf(msgs))
    assert result.pattern.tempo == 400.0
    assert any("600" in line for line in result.info)


def test_first_tempo_and_meter_win_and_changes_are_reported() -> None:
    conductor = [mido.MetaMessage("set_tempo", tempo=600_000),
                 mido.MetaMessage("time_signature", numerator=7, denominator=8),
                 mido.MetaMessage("set_tempo", tempo=500_000, time=960),
                 mido.MetaMessage("time_signature", numerator=4, denominator=4)]
    result = read_drum_file(smf(conductor, hit(36)))
    assert result.pattern.tempo == 100.0
    assert result.pattern.time_signature == TimeSignature(7, 8)
    assert result.tempo_changes == ((0, 100.0), (960, 120.0))
    assert result.time_signature_changes == ((0, 7, 8), (960, 4, 4))


@pytest.mark.parametrize(("ppq", "kept"), [(96, 96), (960, 960), (9600, 9600), (100, 100),
                                           (98, 480), (12, 480), (19200, 480)])
def test_ppq_kept_or_rescaled_to_480(ppq: int, kept: int) -> None:
    msgs = [*hit(36, length=ppq // 2), *hit(38, dt=ppq // 2, length=ppq // 4)]
    result = read_drum_file(smf(msgs, ppq=ppq))
    pat = result.pattern
    assert pat.ppq == kept and result.source_ppq == ppq
    assert [n.time for n in pat.notes] == [0, kept]
    assert pat.notes[0].duration == kept // 2


def test_total_bars_from_end_of_track() -> None:
    msgs = [*hit(36), mido.MetaMessage("end_of_track", time=4 * 1920 - 60)]
    assert read_drum_pattern(smf(msgs)).total_bars == 4
    # a note-off spilling past the bar line does not add an empty bar
    spill = [mido.Message("note_on", channel=9, note=49, velocity=100, time=1900),
             mido.Message("note_off", channel=9, note=49, time=100)]
    pat = read_drum_pattern(smf(spill))
    assert pat.total_bars == 1 and pat.notes[0].duration == 20


def test_rejects_bad_limits_and_sources() -> None:
    with pytest.raises(UserInputError, match="max_ticks_per_quarter"):
        read_drum_pattern(b"MThd", max_ticks_per_quarter=20_000)
    with pytest.raises(MidiFileError, match="path or bytes"):
        read_drum_pattern(123)  # type: ignore[arg-type]


def test_missing_file_and_directory_are_midi_file_errors(tmp_path: Path) -> None:
    with pytest.raises(MidiFileError, match="cannot read"):
        read_drum_pattern(tmp_path / "nope.mid")
    with pytest.raises(MidiFileError):
        read_drum_pattern(tmp_path)
    with pytest.raises(MidiFileError, match="cannot read"):
        read_drum_pattern(str(tmp_path / "a\x00b.mid"))


def test_result_is_frozen() -> None:
    result = read_drum_file(smf(hit(36)))
    assert isinstance(result.pattern, Pattern)
    with pytest.raises(AttributeError):
        result.source_ppq = 1  # type: ignore[misc]


# ---- the parser agrees with mido on everything mido can write ----------------------------

def _mido_onsets(mid: mido.MidiFile) -> list[tuple[int, int, int, int, int]]:
    out = []
    for index, track in enumerate(mid.tracks):
        now = 0
        for msg in track:
            now += msg.time
            if msg.type == "note_on" and msg.velocity:
                out.append((index, now, msg.channel, msg.note, msg.velocity))
    return sorted(out)


messages = st.one_of(
    st.builds(lambda c, n, v, t: mido.Message("note_on", channel=c, note=n, velocity=v, time=t),
              st.integers(0, 15), st.integers(0, 127), st.integers(0, 127), st.integers(0, 500)),
    st.builds(lambda c, n, t: mido.Message("note_off", channel=c, note=n, time=t),
              st.integers(0, 15), st.integers(0, 127), st.integers(0, 500)),
    st.builds(lambda c, k, v, t: mido.Message("control_change", channel=c, control=k, value=v,
                                              time=t),
              st.integers(0, 15), st.integers(0, 127), st.integers(0, 127), st.integers(0, 50)),
    st.builds(lambda c, p: mido.Message("program_change", channel=c, program=p),
              st.integers(0, 15), st.integers(0, 127)),
    st.builds(lambda c, v: mido.Message("pitchwheel", channel=c, pitch=v),
              st.integers(0, 15), st.integers(-8192, 8191)),
    st.builds(lambda d: mido.Message("sysex", data=d), st.lists(st.integers(0, 127), max_size=300)),
    st.builds(lambda x, t: mido.MetaMessage("text", text=x, time=t),
              st.text(alphabet=st.characters(max_codepoint=255), max_size=40),
              st.integers(0, 2**20)),
    st.builds(lambda u: mido.MetaMessage("set_tempo", tempo=u), st.integers(1, 2**24 - 1)),
    st.builds(lambda n, d: mido.MetaMessage("time_signature", numerator=n, denominator=d),
              st.integers(1, 255), st.sampled_from([1, 2, 4, 8, 16, 32, 64])),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(messages, max_size=40), min_size=1, max_size=4),
       st.sampled_from([0, 1]))
def test_parser_agrees_with_mido(tracks: list[list[mido.Message]], kind: int) -> None:
    if kind == 0:
        tracks = [[m for t in tracks for m in t]]
    data = smf(*tracks, kind=kind)
    mid = mido.MidiFile(file=io.BytesIO(data))
    raw = parse_smf(data, max_notes=10_000)
    assert raw.format == kind and raw.ppq == 480 and len(raw.tracks) == len(mid.tracks)
    ours = sorted((n.track, n.start, n.channel, n.pitch, n.velocity)
                  for t in raw.tracks for n in t.notes)
    assert ours == _mido_onsets(mid)
    for track, ours_t in zip(mid.tracks, raw.tracks, strict=True):
        ticks = list(itertools.accumulate(m.time for m in track))
        tempos = [(tick, m.tempo) for tick, m in zip(ticks, track, strict=True)
                  if m.type == "set_tempo"]
        assert list(ours_t.tempos) == tempos
        sigs = [(tick, m.numerator, m.denominator) for tick, m in zip(ticks, track, strict=True)
                if m.type == "time_signature"]
        assert [(tick, n, 2**d) for tick, n, d in ours_t.time_signatures] == sigs
        assert ours_t.end_tick == ticks[-1]
        assert ours_t.name == track.name


@needs_gmd
def test_parser_agrees_with_mido_on_gmd_files() -> None:
    for row in gmd_rows()[::150]:
        data = (GMD / row["midi_filename"]).read_bytes()
        raw = parse_smf(data, max_notes=200_000)
        ours = sorted((n.track, n.start, n.channel, n.pitch, n.velocity)
                      for t in raw.tracks for n in t.notes)
        assert ours == _mido_onsets(mido.MidiFile(file=io.BytesIO(data)))


def test_gs_use_for_rhythm_part_sysex_makes_a_channel_drums() -> None:
    # Roland GS: part 2 (channel index 1) becomes drum map 1
    gs = mido.Message("sysex", data=[0x41, 0x10, 0x42, 0x12, 0x40, 0x12, 0x15, 0x01, 0x18])
    result = read_drum_file(smf([gs, *hit(38, ch=1), *hit(60, ch=0)]))
    assert [n.pitch for n in result.pattern.notes] == [38]
    assert result.drum_channels == (1, 9)


@pytest.mark.slow
@needs_gmd
def test_every_gmd_file_reads_with_its_tempo_and_meter() -> None:
    for row in gmd_rows():
        result = read_drum_file(GMD / row["midi_filename"])
        num, den = (int(x) for x in row["time_signature"].split("-"))
        assert result.pattern.time_signature == TimeSignature(num, den), row["id"]
        assert abs(result.pattern.tempo - float(row["bpm"])) <= 1, row["id"]
        assert result.pattern.notes and result.drum_channels == (9,)
