"""Drum maps: built-in kit layouts, reductions, custom map files, pattern remapping."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mididrumigen.domain import Note, Pattern, Voice
from mididrumigen.errors import UserInputError
from mididrumigen.midi.drum_maps import (
    ARTICULATION_GM_PITCH,
    ARTICULATIONS,
    CERTAINTIES,
    GM_PITCH_ARTICULATION,
    REDUCTIONS,
    REQUIRED,
    VOICE_ARTICULATION,
    DrumMap,
    drum_map_from_dict,
    get_drum_map,
    list_drum_maps,
    pattern_to_gm,
    remap_pattern,
)

BUILTIN = list_drum_maps()
BUILTIN_NAMES = [m.name for m in BUILTIN]
EXPECTED = {"gm", "ableton", "ezd3", "sd3", "ad2", "bfd3", "logic", "ssd", "mtpdk", "vdrums"}


def test_all_requested_kits_are_built_in_and_gm_comes_first() -> None:
    assert set(BUILTIN_NAMES) == EXPECTED
    assert BUILTIN_NAMES[0] == "gm"


@pytest.mark.parametrize("drum_map", BUILTIN, ids=BUILTIN_NAMES)
def test_builtin_map_says_how_certain_it_is(drum_map: DrumMap) -> None:
    assert drum_map.certainty in CERTAINTIES and drum_map.certainty != "custom"
    assert len(drum_map.source) > 40 and drum_map.description and drum_map.title
    assert all(0 <= n <= 127 for n in drum_map.notes.values())
    # one articulation per note: reading a kit's MIDI back is unambiguous
    assert len(set(drum_map.notes.values())) == len(drum_map.notes)


@pytest.mark.parametrize("drum_map", BUILTIN, ids=BUILTIN_NAMES)
@pytest.mark.parametrize("voice", list(Voice), ids=lambda v: v.key)
def test_every_voice_reaches_a_note_and_reads_back(drum_map: DrumMap, voice: Voice) -> None:
    note = drum_map.pitch_for(voice.pitch)
    assert 0 <= note <= 127
    wanted = VOICE_ARTICULATION[voice]
    played = drum_map.articulation_for(note)
    # the same articulation, or the documented reduction of it
    assert played == drum_map.resolve(wanted)
    assert played == wanted or played in REDUCTIONS[wanted]
    assert drum_map.note_for_voice(voice) == note


@pytest.mark.parametrize("drum_map", BUILTIN, ids=BUILTIN_NAMES)
def test_every_gm_drum_pitch_round_trips_through_the_kit(drum_map: DrumMap) -> None:
    for gm, art in GM_PITCH_ARTICULATION.items():
        kit = drum_map.pitch_for(gm)
        assert drum_map.articulation_for(kit) == drum_map.resolve(art)
        assert drum_map.gm_pitch_for(kit) == ARTICULATION_GM_PITCH[drum_map.resolve(art)]


def test_gm_map_is_the_identity_for_pattern_pitches() -> None:
    gm = get_drum_map("gm")
    for v in Voice:
        assert gm.pitch_for(v.pitch) == v.pitch
        assert gm.gm_pitch_for(v.pitch) == v.pitch
    assert gm.pitch_for(35) == 36  # acoustic bass drum plays the kick


def test_every_reduction_chain_ends_in_a_required_articulation() -> None:
    assert set(REDUCTIONS) == set(ARTICULATIONS)
    minimal = frozenset(REQUIRED)
    for art, chain in REDUCTIONS.items():
        assert art not in chain
        assert all(a in REDUCTIONS for a in chain)
        assert art in REQUIRED or chain[-1] in minimal
    tiny = DrumMap("tiny", "", {"kick": 1, "snare": 2, "hihat_closed": 3}, "test")
    assert {tiny.pitch_for(p) for p in GM_PITCH_ARTICULATION} <= {1, 2, 3}


def test_documented_reductions() -> None:
    tiny = DrumMap("t", "", {"kick": 36, "snare": 38, "hihat_closed": 42, "hihat_open": 46,
                             "hihat_pedal": 44, "crash": 49, "ride": 51}, "test")
    assert tiny.resolve("hihat_half_open") == "hihat_open"
    assert tiny.resolve("ride_edge") == "ride"
    assert tiny.resolve("hihat_foot_splash") == "hihat_pedal"
    assert tiny.resolve("rimshot") == "snare"
    assert tiny.resolve("snare_flam") == "snare"
    assert tiny.resolve("crash_choke") == "crash"
    assert tiny.resolve("side_stick") == "snare"
    assert tiny.resolve("ride_bell") == "ride"
    no_open = DrumMap("n", "", {"kick": 36, "snare": 38, "hihat_closed": 42}, "test")
    assert no_open.resolve("hihat_half_open") == "hihat_closed"
    assert tiny.reduced()["hihat_half_open"] == "hihat_open"


def test_articulation_for_unknown_note_is_none() -> None:
    assert get_drum_map("vdrums").articulation_for(0) is None
    assert get_drum_map("vdrums").gm_pitch_for(0) is None


def test_vendor_layouts_that_differ_from_gm() -> None:
    ad2, logic, vdrums, mt = (get_drum_map(n) for n in ("ad2", "logic", "vdrums", "mtpdk"))
    assert ad2.pitch_for(42) == 51 and ad2.pitch_for(44) == 48
    assert logic.pitch_for(44) == 33  # DKD foot close; 44 is the shank hit there
    assert logic.note_for("crash_choke") == 28
    assert vdrums.note_for("hihat_closed_edge") == 22 and vdrums.pitch_for(22) == 22
    assert vdrums.pitch_for(50) == 48  # GM high tom → TD-17 tom 1 head
    assert mt.note_for("hihat_half_open") == 44 and mt.pitch_for(44) == 65


@pytest.mark.parametrize("alias,name", [
    ("GM", "gm"), ("ableton", "ableton"), ("Drum Rack", "ableton"), ("drum_rack", "ableton"),
    ("ezd3", "ezd3"), ("EZdrummer", "ezd3"), ("sd3", "sd3"), ("Superior-Drummer-3", "sd3"),
    ("ad2", "ad2"), ("Addictive Drums 2", "ad2"), ("bfd", "bfd3"), ("logic", "logic"),
    ("dkd", "logic"), ("SSD5", "ssd"), ("mt power drum kit", "mtpdk"), ("TD-17", "vdrums"),
    ("roland", "vdrums"),
])
def test_names_and_aliases_are_case_insensitive(alias: str, name: str) -> None:
    assert get_drum_map(alias).name == name


def test_unknown_name_lists_the_choices() -> None:
    with pytest.raises(UserInputError, match=r"unknown drum map 'nope'.*ezd3.*yaml"):
        get_drum_map("nope")


CUSTOM = {
    "name": "my-kit",
    "description": "pads on my controller",
    "notes": {"kick": 60, "snare": 62, "hihat_closed": 64, "hihat_open": 65, "crash": 70},
}


def test_custom_map_from_yaml(tmp_path) -> None:
    p = tmp_path / "kit.yaml"
    p.write_text("# my pads\nname: my-kit\nnotes:\n  kick: 60\n  snare: 62\n"
                 "  hihat_closed: 64\n  hihat_open: 65\n  crash: 70\n", encoding="utf-8")
    m = get_drum_map(str(p))
    assert m.name == "my-kit" and m.certainty == "custom"
    assert m.pitch_for(36) == 60 and m.pitch_for(46) == 65
    assert m.pitch_for(44) == 64  # pedal → closed
    assert m.pitch_for(51) == 64  # ride → (no ride edge) → closed hat


def test_custom_map_from_json_takes_name_from_file(tmp_path) -> None:
    p = tmp_path / "studio.json"
    p.write_text(json.dumps({"notes": CUSTOM["notes"]}), encoding="utf-8")
    m = get_drum_map(p)
    assert m.name == "studio"
    assert m.pitch_for(49) == 70 and m.articulation_for(70) == "crash"


@pytest.mark.parametrize("notes,match", [
    ({**CUSTOM["notes"], "cowbel": 10}, r"unknown articulation 'cowbel'; valid .*cowbell"),
    ({**CUSTOM["notes"], "kick": 128}, r"notes\.kick must be a MIDI note in range 0\.\.127"),
    ({**CUSTOM["notes"], "kick": -1}, r"notes\.kick must be"),
    ({**CUSTOM["notes"], "kick": "C1"}, r"notes\.kick must be"),
    ({**CUSTOM["notes"], "kick": True}, r"notes\.kick must be"),
    ({"kick": 36, "snare": 38}, r"must include hihat_closed"),
    ({"snare": 38, "hihat_closed": 42}, r"must include kick"),
    ({}, r"'notes' must be a mapping"),
])
def test_bad_custom_maps_name_the_key(notes: dict, match: str) -> None:
    with pytest.raises(UserInputError, match=match):
        drum_map_from_dict({"name": "bad", "notes": notes})


def test_bad_custom_map_files(tmp_path) -> None:
    typo = tmp_path / "typo.yaml"
    typo.write_text("note:\n  kick: 36\n", encoding="utf-8")
    with pytest.raises(UserInputError, match=r"unknown drum map key\(s\) note; allowed"):
        get_drum_map(typo)
    broken = tmp_path / "broken.json"
    broken.write_text("{kick: 36", encoding="utf-8")
    with pytest.raises(UserInputError, match="not valid JSON"):
        get_drum_map(broken)
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("notes: [unclosed\n", encoding="utf-8")
    with pytest.raises(UserInputError, match="not valid YAML"):
        get_drum_map(bad_yaml)
    with pytest.raises(UserInputError, match="cannot read drum map file"):
        get_drum_map(tmp_path / "missing.yaml")
    listy = tmp_path / "list.yaml"
    listy.write_text("- kick\n", encoding="utf-8")
    with pytest.raises(UserInputError, match="must hold a mapping"):
        get_drum_map(listy)


def test_pitch_for_rejects_out_of_range() -> None:
    with pytest.raises(UserInputError, match="pitch must be an integer in range 0..127"):
        get_drum_map("gm").pitch_for(128)


def test_remap_pattern_keeps_timing_and_dynamics() -> None:
    notes = (Note(0, 36, 100, 60), Note(120, 42, 64, 30), Note(240, 38, 120, 60),
             Note(360, 46, 90, 45), Note(480, 60, 70, 10))  # 60: not a drum, passes through
    pat = Pattern(notes, tempo=97.0, total_bars=1, name="x")
    ad2 = get_drum_map("ad2")
    out = remap_pattern(pat, ad2)
    assert [(n.time, n.velocity, n.duration) for n in out.notes] == \
        [(n.time, n.velocity, n.duration) for n in pat.notes]
    assert [n.pitch for n in out.notes] == [36, 51, 38, 56, 60]
    assert (out.tempo, out.name, out.total_bars) == (97.0, "x", 1)
    back = pattern_to_gm(out, ad2)
    # 60 is AD2's ride tip: read back it is a ride, as the kit plays it
    assert [n.pitch for n in back.notes] == [36, 42, 38, 46, 51]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(BUILTIN), st.lists(
    st.tuples(st.integers(0, 10_000), st.sampled_from(sorted(GM_PITCH_ARTICULATION)),
              st.integers(1, 127)), max_size=40))
def test_remap_is_note_for_note(drum_map: DrumMap, raw: list) -> None:
    pat = Pattern(tuple(Note(t, p, v) for t, p, v in raw), total_bars=8)
    out = remap_pattern(pat, drum_map)
    assert sorted((n.time, n.velocity) for n in out.notes) == \
        sorted((n.time, n.velocity) for n in pat.notes)
    assert sorted(n.pitch for n in out.notes) == sorted(drum_map.pitch_for(n.pitch)
                                                        for n in pat.notes)
    assert all(drum_map.articulation_for(n.pitch) is not None for n in out.notes)


@pytest.mark.parametrize("name", ["logic", "ad2", "vdrums"])
def test_writer_pitch_map_and_reader_round_trip(name: str) -> None:
    from mididrumigen.midi.reader import read_drum_pattern
    from mididrumigen.midi.writer import midi_bytes

    kit = get_drum_map(name)
    gm = (36, 38, 42, 44, 46, 49, 51)
    pat = Pattern(tuple(Note(i * 120, p, 100 - i, 60) for i, p in enumerate(gm)), total_bars=1)
    back = read_drum_pattern(midi_bytes(pat, pitch_map=kit.pitch_for))
    assert [n.pitch for n in back.notes] == [kit.pitch_for(p) for p in gm]
    assert [n.pitch for n in pattern_to_gm(back, kit).notes] == list(gm)
    assert [(n.time, n.velocity) for n in back.notes] == [(n.time, n.velocity) for n in pat.notes]
