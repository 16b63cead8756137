"""Ableton groove files: profile → groove → .agr bytes → groove."""

from __future__ import annotations

import contextlib
import gzip
import itertools
import statistics
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mididrumigen.domain import StyleParams, StyleProfile, TimeSignature
from mididrumigen.domain.groove_template import GrooveBase, GrooveNote, GrooveTemplate
from mididrumigen.errors import UserInputError
from mididrumigen.groove.groove_template import profile_to_groove
from mididrumigen.groove.model import GenreModel, VoiceStats
from mididrumigen.midi.agr import groove_to_agr_bytes, read_agr, read_agr_file, write_agr

TICK = 1 / 480  # one tick at 480 ppq, in beats


def profile(**params: object) -> StyleProfile:
    base = {"tempo_min": 60.0, "tempo_max": 160.0, "tempo_avg": 100.0}
    return StyleProfile("Test Drummer", params=StyleParams(**{**base, **params}))


def stats(spb: int, *, probs=None, vel=None, off=None) -> VoiceStats:
    probs = probs or [0.0] * spb
    off = off or [0.0] * spb
    return VoiceStats(tuple(probs), tuple(vel or [80.0] * spb), tuple([5.0] * spb), tuple(off),
                      tuple(o / 150 for o in off))


def model(ts: TimeSignature | None = None, **voices: VoiceStats) -> GenreModel:
    return GenreModel(genre="test", time_signature=ts or TimeSignature(), source="test",
                      tempo_min=80,
                      tempo_max=120, tempo_median=100, swing_percent=50, swing_unit=16,
                      density=10, voices=voices)


def test_snare_late_and_16th_swing_land_where_expected() -> None:
    prof = profile(swing_percent=60.0, swing_unit=16, microtiming_ms={"snare": 20.0})
    g = profile_to_groove(prof)
    assert g.base is GrooveBase.SIXTEENTH and g.length_beats == 4 and len(g.notes) == 16
    times = [n.time for n in g.notes]
    late = 20.0 * 100 / 60000  # 20 ms at 100 BPM, in beats
    for i, t in enumerate(times):
        grid = i * 0.25
        if i % 2:  # off-beat 16ths: 60 % swing moves them 0.05 beats late
            expected = grid + 0.05
        elif i in (4, 12):  # beats 2 and 4: the snare's feel
            expected = grid + late
        else:
            expected = grid
        assert abs(t - expected) < TICK, (i, t, expected)


def test_matches_lives_own_swing_16ths_57() -> None:
    # Live 11's factory "Swing 16ths 57.agr" puts its off-beat 16ths at .285 and .785
    g = profile_to_groove(profile(swing_percent=57.0))
    assert [round(n.time, 9) for n in g.notes[:4]] == [0.0, 0.285, 0.5, 0.785]


def test_eighth_swing_uses_an_eighth_grid_by_default() -> None:
    g8 = profile_to_groove(profile(swing_percent=66.0, swing_unit=8))
    assert g8.base is GrooveBase.EIGHTH and len(g8.notes) == 8
    assert abs(g8.notes[1].time - 0.66) < 1e-9  # off-beat 8th at 66 % of the beat
    # on a finer grid each note stays within half a step of its own line
    g16 = profile_to_groove(profile(swing_percent=66.0, swing_unit=8), base="1/16")
    t = [n.time for n in g16.notes[:4]]
    assert abs(t[1] - 0.33) < 1e-9 and abs(t[2] - 0.625) < 1e-9 and abs(t[3] - 0.83) < 1e-9


def test_straight_profile_sits_on_the_grid() -> None:
    g = profile_to_groove(profile(swing_percent=50.0, microtiming_ms={}), bars=2, base="1/16")
    assert len(g.notes) == 32 and g.length_beats == 8
    assert all(abs(n.time - i * 0.25) < 1e-12 for i, n in enumerate(g.notes))
    assert all(dt == 0 for _, dt in g.timing_offsets())


def test_velocities_take_the_profiles_mean_and_spread() -> None:
    g = profile_to_groove(profile(velocity_mean=90.0, velocity_std=14.0))
    v = [n.velocity for n in g.notes]
    assert abs(statistics.fmean(v) - 90) < 1.0
    assert abs(statistics.pstdev(v) - 14) < 1.0
    assert v[0] > v[2] > v[1]  # downbeat > 8th > 16th


def test_genre_model_offsets_and_velocities_are_used() -> None:
    spb = 16
    hat_off = [0.0, 6.0] * 8  # hats pushed late on the e and a
    hat_vel = [100.0, 60.0, 80.0, 60.0] * 4
    snare = stats(spb, probs=[1.0 if i in (4, 12) else 0.0 for i in range(spb)],
                  vel=[110.0] * spb, off=[-10.0] * spb)
    m = model(closed_hat=stats(spb, probs=[0.9] * spb, vel=hat_vel, off=hat_off), snare=snare)
    prof = profile(swing_percent=50.0, microtiming_ms={"snare": 4.0, "closed_hat": 2.0},
                   velocity_mean=80.0, velocity_std=10.0)
    g = profile_to_groove(prof, genre_model=m)
    ms = 100 / 60000
    for i, n in enumerate(g.notes):
        # the snare anchors the backbeat; the hats carry the rest
        feel = (-10.0 + 4.0) if i in (4, 12) else (hat_off[i] + 2.0)
        expected = i * 0.25 + feel * ms
        assert abs(n.time - expected) < 1e-9, i
    v = [n.velocity for n in g.notes]
    assert v[4] == v[12] == max(v)  # the snare's 110 is the loudest step
    assert v[0] > v[2] > v[1]  # the model's hat accents survive the rescaling
    assert abs(statistics.fmean(v) - 80) < 1.0


def test_ride_led_profile_uses_the_ride_as_timekeeper() -> None:
    spb = 16
    m = model(closed_hat=stats(spb, off=[0.0] * spb),
              ride=stats(spb, probs=[0.8] * spb, off=[-8.0] * spb))
    g = profile_to_groove(profile(ride_led=True), genre_model=m)
    assert abs(g.notes[1].time - (0.25 - 8 * 100 / 60000)) < 1e-9


def test_odd_meter_and_triplet_base() -> None:
    m78 = model(TimeSignature(7, 8), closed_hat=stats(14))
    g = profile_to_groove(profile(), genre_model=m78)
    assert g.time_signature == TimeSignature(7, 8) and len(g.notes) == 14
    assert g.length_beats == 3.5
    gt = profile_to_groove(profile(), base="1/8T")
    assert len(gt.notes) == 12 and abs(gt.notes[1].time - 1 / 3) < 1e-9
    with pytest.raises(UserInputError, match="not a whole number of 1/4 steps"):
        profile_to_groove(profile(), genre_model=m78, base="1/4")



@pytest.mark.parametrize("ts", [TimeSignature(4, 4), TimeSignature(3, 4), TimeSignature(7, 8),
                                TimeSignature(6, 8), TimeSignature(12, 8)])
@pytest.mark.parametrize("unit", [8, 16])
def test_groove_swing_is_the_engines(ts: TimeSignature, unit: int) -> None:
    """One swing warp: a groove file's 16th positions are where the engine plays them (so a
    6/8 or the 3 of a 7/8 gets no eighth swing: those pulses are already ternary)."""
    from mididrumigen.groove.swing import step_positions

    spb = ts.steps_per_bar
    g = profile_to_groove(profile(swing_percent=62.0, swing_unit=unit, microtiming_ms={}),
                          genre_model=model(ts, closed_hat=stats(spb)), base="1/16")
    engine = step_positions(ts, 62.0, unit)
    assert [n.time for n in g.notes] == pytest.approx([p / 4 for p in engine], abs=1e-12)
    if ts.is_compound and unit == 8:
        assert [n.time for n in g.notes] == [i / 4 for i in range(spb)]

def test_amounts() -> None:
    g = profile_to_groove(profile(timing_jitter_ms=15.0, velocity_std=12.0))
    assert g.timing_amount == 100 and g.quantization_amount == 0
    # 15 ms jitter against half a 16th at 100 BPM (75 ms)
    assert g.random_amount == 20.0
    assert g.velocity_amount == 40.0


@settings(max_examples=60, deadline=None)
@given(swing=st.floats(50, 75), unit=st.sampled_from([8, 16]), bars=st.integers(1, 2),
       base=st.sampled_from(list(GrooveBase)), tempo=st.floats(60, 200),
       jitter=st.floats(0, 60), vstd=st.floats(0, 60), vmean=st.floats(1, 127),
       micro=st.dictionaries(st.sampled_from(["kick", "snare", "closed_hat", "ride"]),
                             st.floats(-60, 60), max_size=4))
def test_any_profile_gives_a_groove_live_accepts(swing, unit, bars, base, tempo, jitter, vstd,
                                                 vmean, micro) -> None:
    prof = profile(swing_percent=swing, swing_unit=unit, timing_jitter_ms=jitter,
                   velocity_std=vstd, velocity_mean=vmean, microtiming_ms=micro,
                   tempo_min=60.0, tempo_max=200.0, tempo_avg=tempo)
    g = profile_to_groove(prof, bars=bars, base=base)
    times = [n.time for n in g.notes]
    assert len(times) == round(4 * bars / base.beats)
    assert all(a < b for a, b in itertools.pairwise(times))
    assert times[0] >= 0 and times[-1] < g.length_beats
    assert all(abs(dt) <= base.beats / 2 + 1e-9 for _, dt in g.timing_offsets())
    assert all(1 <= n.velocity <= 127 for n in g.notes)
    assert 0 <= g.random_amount <= 100 and 0 <= g.velocity_amount <= 100
    assert 0 <= g.quantization_amount <= 100 and 0 <= g.timing_amount <= 100
    back = read_agr(groove_to_agr_bytes(g, gzip=True))
    assert back == g


def test_agr_xml_has_lives_structure() -> None:
    g = profile_to_groove(profile(swing_percent=60.0), name="Test feel")
    data = groove_to_agr_bytes(g)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Ableton ')
    root = ET.fromstring(data)
    assert root.tag == "Ableton"
    assert {"MajorVersion", "MinorVersion", "SchemaChangeCount", "Creator"} <= set(root.attrib)
    assert root.get("MajorVersion") == "5" and root.get("MinorVersion").startswith("11.")
    groove = root.find("Groove")
    assert groove.find("Name").get("Value") == "Test feel"
    assert groove.find("Grid").get("Value") == "3"  # Base 1/16
    for tag, value in (("QuantizationAmount", "0"), ("TimingAmount", "100")):
        assert groove.find(tag).get("Value") == value
    assert groove.find("RandomAmount") is not None and groove.find("VelocityAmount") is not None
    clip = groove.find("Clip/Value/MidiClip")
    assert clip.get("Time") == "0" and clip.find("CurrentEnd").get("Value") == "4"
    assert clip.find("Loop/LoopEnd").get("Value") == "4"
    track = clip.find("Notes/KeyTracks/KeyTrack")
    assert track.find("MidiKey").get("Value") == "36"
    events = track.findall("Notes/MidiNoteEvent")
    assert len(events) == 16
    ev = events[1]
    assert float(ev.get("Time")) == pytest.approx(0.3)
    assert {"Time", "Duration", "Velocity", "OffVelocity", "IsEnabled", "NoteId"} <= set(ev.attrib)
    assert [e.get("NoteId") for e in events] == [str(i) for i in range(1, 17)]
    assert clip.find("Notes/NoteIdGenerator/NextId").get("Value") == "17"
    ts = clip.find("TimeSignature/TimeSignatures/RemoteableTimeSignature")
    assert (ts.find("Numerator").get("Value"), ts.find("Denominator").get("Value")) == ("4", "4")


def test_names_with_control_characters_still_make_valid_xml() -> None:
    g = profile_to_groove(profile(), name="Bad\x00Name <&> \u00e9")
    assert g.name == "BadName <&> \u00e9"
    assert read_agr(groove_to_agr_bytes(g)).name == "BadName <&> \u00e9"


def test_plain_and_gzip_read_back_the_same_and_bytes_are_deterministic() -> None:
    g = profile_to_groove(profile(swing_percent=58.0, microtiming_ms={"snare": 12.0}), bars=2)
    plain, packed = groove_to_agr_bytes(g), groove_to_agr_bytes(g, gzip=True)
    assert packed[:2] == b"\x1f\x8b" and gzip.decompress(packed) == plain
    assert read_agr(plain) == read_agr(packed) == g
    assert groove_to_agr_bytes(g, gzip=True) == packed


def test_write_agr_adds_the_suffix_and_reads_back(tmp_path) -> None:
    prof = profile(swing_percent=62.0)
    p = write_agr(profile_to_groove(prof), tmp_path / "feel", gzip=True)
    assert p.name == "feel.agr" and not list(tmp_path.glob("*.tmp"))
    assert read_agr_file(p) == profile_to_groove(prof)


OLDER = b"""<?xml version="1.0" encoding="UTF-8"?>
<Ableton MajorVersion="4" MinorVersion="9.0_305" Creator="Ableton Live 9.1">
  <Groove>
    <Clip><Value><MidiClip Id="0" Time="0">
      <CurrentStart Value="0" /><CurrentEnd Value="2" />
      <Name Value="Clip name" />
      <Notes><KeyTracks><KeyTrack Id="0"><Notes>
        <MidiNoteEvent Time="0" Duration="0.25" Velocity="120" IsEnabled="true" />
        <MidiNoteEvent Time="0.5625" Duration="0.25" Velocity="70.5" IsEnabled="true" />
        <MidiNoteEvent Time="1" Duration="0.25" Velocity="1" IsEnabled="false" />
      </Notes><MidiKey Value="60" /></KeyTrack></KeyTracks></Notes>
    </MidiClip></Value></Clip>
    <Base Value="1" />
    <TimingAmount Value="80" />
    <VelocityAmount Value="-20" />
  </Groove>
</Ableton>
"""


def test_reads_a_hand_written_older_style_groove() -> None:
    g = read_agr(gzip.compress(OLDER))
    assert g.name == "Clip name" and g.base is GrooveBase.EIGHTH and g.length_beats == 2
    assert [(n.time, n.velocity) for n in g.notes] == [(0.0, 120.0), (0.5625, 70.5)]
    assert (g.timing_amount, g.velocity_amount, g.random_amount) == (80, -20, 0)
    assert g.timing_offsets()[1] == (0.5, 0.0625)


@pytest.mark.parametrize("data,match", [
    (b"<Ableton><Groove>", "malformed XML"),
    (b"not xml at all", "malformed XML"),
    (b"<Live/>", "root element is <Live>"),
    (b"<Ableton/>", "no <Groove>"),
    (b"<Ableton><Groove/></Ableton>", r"no <Clip><Value><MidiClip>"),
    (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><Ableton/>', "DTDs and entities"),
    (b"\x1f\x8b\x08\x00broken", "broken gzip"),
    (OLDER.replace(b'Time="0.5625"', b'Time="soon"'), r"Time='soon' is not a number"),
    (OLDER.replace(b'Time="0.5625"', b'Time="nan"'), "not a finite number"),
    (OLDER.replace(b'<Base Value="1" />', b'<Base Value="9" />'), "Grid/Base 9"),
    (OLDER.replace(b'Value="80"', b'Value="180"'), r"timing_amount must be in range 0\.\.100"),
    (OLDER.replace(b'<CurrentEnd Value="2" />', b'<CurrentEnd Value="0" />'), "length_beats"),
])
def test_bad_files_are_rejected_clearly(data: bytes, match: str) -> None:
    with pytest.raises(UserInputError, match=match) as e:
        read_agr(data)
    assert str(e.value).startswith("not a readable Ableton groove (.agr)")


VALID = groove_to_agr_bytes(profile_to_groove(profile(swing_percent=60.0)))


@settings(max_examples=80, deadline=None)
@given(st.integers(0, len(VALID)), st.integers(0, 64), st.binary(max_size=40),
       st.booleans())
def test_reader_never_crashes_on_damaged_files(at: int, cut: int, junk: bytes,
                                               packed: bool) -> None:
    data = VALID[:at] + junk + VALID[at + cut:]
    if packed:
        data = gzip.compress(data)[: max(10, at // 4)]
    with contextlib.suppress(UserInputError):
        read_agr(data)


def test_groove_values_are_validated() -> None:
    with pytest.raises(UserInputError, match=r"velocity_amount must be in range -100\.\.100"):
        GrooveTemplate("x", (), 4.0, velocity_amount=-101)
    with pytest.raises(UserInputError, match=r"groove note velocity must be in range 0\.\.127"):
        GrooveNote(0.0, 0.1, 128)
    with pytest.raises(UserInputError, match="groove base must be one of 1/4, 1/8"):
        GrooveBase.parse("1/5")
    with pytest.raises(UserInputError, match=r"bars must be an integer in range 1\.\.8"):
        profile_to_groove(profile(), bars=0)
    with pytest.raises(UserInputError, match="read_agr takes the file's bytes"):
        read_agr("<Ableton/>")  # type: ignore[arg-type]
