"""Grooves learned from the artist's MIDI: full-band files written with mido (bass, keys and a
drum part) in --source-dir become signature grooves whose onsets are that drum part's, which the
engine plays and the LLM prompt shows."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from mididrumigen import services
from mididrumigen.domain.meter import TimeSignature
from mididrumigen.research.evidence import ResearchQuery
from mididrumigen.research.settings import ResearchSettings
from research_songs import FILL, FUNK, ROCK, ROCK_VARIATION, grid_onsets, song_bytes

WALTZ = "HH |x.x.x.x.x.x.|\nSD |....X...X...|\nBD |X...........|"
SEVEN = "HH |x.x.x.x.x.x.x.|\nSD |....X.....X...|\nBD |X.....X.......|"
SHUFFLE = "HH@8t |x.xx.xx.xx.x|\nSD |....X.......X...|\nBD |X.......X.x.....|"


def _collect(query: ResearchQuery, **settings):
    import httpx

    from mididrumigen.research.collectors.midi_files import MidiFilesCollector
    from mididrumigen.research.http import Http

    async def go():
        async with httpx.AsyncClient() as client:
            http = Http(client, ResearchSettings(cache_ttl_s=0, **settings), use_cache=False)
            return await MidiFilesCollector().collect(query, http)

    return asyncio.run(go())


def _grooves(evidence):
    [summary] = [e for e in evidence if "signature_grooves" in e.payload]
    learned = summary.payload["signature_grooves"]
    return ([g for g in learned if g["kind"] == "groove"],
            [g for g in learned if g["kind"] == "fill"])


def test_held_out_full_band_file_yields_its_drum_part_as_signature_grooves(runtime, tmp_path) -> None:
    (tmp_path / "Song For You.mid").write_bytes(song_bytes(
        [(ROCK, 8), (ROCK_VARIATION, 3), (FILL, 1), (ROCK, 6), (FILL, 1)], tempo=96,
        title="Song For You"))
    result = services.research_artist(runtime, "Zzyzx Held Out Band", source_dir=tmp_path)
    grooves = result.profile.signature_grooves
    assert [(g.name, g.kind) for g in grooves] == [
        ("Song For You: main groove", "groove"), ("Song For You: variation", "groove"),
        ("Song For You: fill", "fill")]
    main, variation, fill = grooves
    assert grid_onsets(main.grid) == grid_onsets(ROCK)
    assert grid_onsets(variation.grid) == grid_onsets(ROCK_VARIATION)
    assert main.song == "Song For You" and main.tempo == 96.0
    assert main.weight == 1.0 and variation.weight == round(3 / 14, 3)  # 14 bars, 3 bars
    # the fill from where it leaves the groove (beat 3), as the engine lays it over a bar
    assert grid_onsets(fill.grid) == {(p, t) for p, t in grid_onsets(FILL) if t >= 960}
    assert "midi_files" in result.profile.provenance["signature_groove:Song For You: main groove"]
    [song] = [e for e in result.evidence if e.payload.get("song")]
    assert song.payload["full_band"] and song.payload["drum_source"] == "channel"
    assert song.payload["params"]["tempo_avg"] == 96.0


def test_the_engine_plays_the_learned_groove_and_the_llm_sees_it(runtime, tmp_path) -> None:
    from mididrumigen.domain.grid import parse_grid
    from mididrumigen.domain.params import GenerationParams
    from mididrumigen.groove import lines as L
    from mididrumigen.llm.prompt import PromptBuilder

    (tmp_path / "Groover.mid").write_bytes(song_bytes([(FUNK, 12)], tempo=100))
    profile = services.research_artist(runtime, "Zzyzx Groover", source_dir=tmp_path).profile
    [groove] = [g for g in profile.signature_grooves if g.kind == "groove"]
    params = GenerationParams(bars=4, variations=1)
    from mididrumigen.domain.voices import Voice

    played = L.bar(runtime.groove_engine.lines(profile, params, 7)[0][0], 0, 16)
    learned = L.from_grid(parse_grid(groove.grid))

    def strokes(line: list[str]) -> set[int]:
        return {i for i, c in enumerate(line) if c not in ".g"}

    assert played[Voice.KICK] == learned[Voice.KICK]
    # a crash may take the hi-hat's place on the phrase's first beat; ghost notes may be added
    crash = strokes(played.get(Voice.CRASH, ["."] * 16))
    assert strokes(played[Voice.CLOSED_HAT]) | crash == strokes(learned[Voice.CLOSED_HAT])
    assert strokes(played[Voice.SNARE]) == strokes(learned[Voice.SNARE])
    prompts = PromptBuilder()
    context, examples = prompts.context(profile, params), prompts.examples(profile, params)
    assert "grooves: 1 Groover: main groove" in context.split("</artist_data>")[0]
    first_bar = parse_grid(groove.grid).lines[0][1][:16]
    assert f"\n{parse_grid(groove.grid).lines[0][0].label} {first_bar}" in examples


def test_drums_found_by_kit_program_or_track_name_when_not_on_channel_10(tmp_path) -> None:
    (tmp_path / "a.mid").write_bytes(song_bytes([(ROCK, 6)], drum_channel=4, drum_program=0,
                                                drum_track="Kit"))
    (tmp_path / "b.mid").write_bytes(song_bytes([(ROCK, 6)], drum_channel=3,
                                                drum_track="Drums"))
    evidence = _collect(ResearchQuery("X", source_dir=tmp_path))
    songs = {e.title: e.payload for e in evidence if e.payload.get("song")}
    assert songs["a.mid"]["drum_source"] == "channel"
    assert songs["b.mid"]["drum_source"] == "track-name"
    assert any("track name" in r for r in songs["b.mid"]["quality"]["reasons"])
    grooves, _ = _grooves(evidence)
    assert grid_onsets(grooves[0]["grid"]) == grid_onsets(ROCK)


def test_each_meter_section_is_read_in_its_own_meter(tmp_path) -> None:
    (tmp_path / "Odd.mid").write_bytes(song_bytes(
        [(ROCK, 6), (SEVEN, 4), (ROCK, 2)], meters=[(0, (4, 4)), (6, (7, 8)), (10, (4, 4))]))
    (tmp_path / "Waltz.mid").write_bytes(song_bytes([(WALTZ, 6)], meters=[(0, (3, 4))]))
    grooves, _ = _grooves(_collect(ResearchQuery("X", source_dir=tmp_path)))
    by_meter = {g["time_signature"]: g for g in grooves if g["role"] == "main"}
    assert grid_onsets(by_meter["4/4"]["grid"]) == grid_onsets(ROCK)
    assert grid_onsets(by_meter["7/8"]["grid"], (7, 8)) == grid_onsets(SEVEN, (7, 8))
    assert grid_onsets(by_meter["3/4"]["grid"], (3, 4)) == grid_onsets(WALTZ, (3, 4))
    assert by_meter["7/8"]["song"] == "Odd"


def test_a_written_shuffle_keeps_its_triplet_grid(tmp_path) -> None:
    (tmp_path / "Shuffle.mid").write_bytes(song_bytes([(SHUFFLE, 8)], tempo=120))
    evidence = _collect(ResearchQuery("X", source_dir=tmp_path))
    grooves, _ = _grooves(evidence)
    assert "HH@8t" in grooves[0]["grid"]
    assert grid_onsets(grooves[0]["grid"]) == grid_onsets(SHUFFLE)
    [song] = [e for e in evidence if e.payload.get("song")]
    assert song.payload["params"]["swing_percent"] > 60  # written swing still says swing
    assert "microtiming_ms" not in song.payload["params"]  # a quantized file: no timing feel


def test_tempo_is_the_one_held_longest_and_the_range_what_was_held(tmp_path) -> None:
    (tmp_path / "Rit.mid").write_bytes(song_bytes([(ROCK, 10)], tempo=100,
                                                  tempo_map=[(8, 90), (9, 70)]))
    [song] = [e for e in _collect(ResearchQuery("X", source_dir=tmp_path))
              if e.payload.get("song")]
    assert song.payload["params"]["tempo_avg"] == 100.0
    assert song.payload["tempo_range"] == [70.0, 100.0]


def test_transcription_quality_decides_what_a_file_speaks_to(tmp_path) -> None:
    played = song_bytes([(FUNK, 8)], humanize_ms=9.0, seed=4)
    (tmp_path / "played.mid").write_bytes(played)
    (tmp_path / "sequenced.mid").write_bytes(song_bytes([(FUNK, 8)]))
    flat = FUNK.replace("X", "x").replace("g", "x")
    (tmp_path / "flat.mid").write_bytes(song_bytes([(flat, 8)]))
    songs = {e.title: e for e in _collect(ResearchQuery("X", source_dir=tmp_path))
             if e.payload.get("song")}
    assert {"microtiming_ms", "timing_jitter_ms"} <= set(songs["played.mid"].payload["params"])
    assert songs["played.mid"].payload["quality"]["performed"]
    seq = songs["sequenced.mid"].payload
    assert not seq["quality"]["performed"] and "microtiming_ms" not in seq["params"]
    assert "velocity_mean" in seq["params"]  # X, x and g: dynamics were written
    assert "velocity_mean" not in songs["flat.mid"].payload["params"]
    assert "ghost_note_prob" not in songs["flat.mid"].payload["params"]


def test_a_drum_part_off_the_kit_map_counts_less(tmp_path) -> None:
    import mido

    good = song_bytes([(ROCK, 8)], band=False)
    (tmp_path / "good.mid").write_bytes(good)
    mid = mido.MidiFile(file=__import__("io").BytesIO(good))
    for track in mid.tracks:
        for i, msg in enumerate(track):
            if msg.type in ("note_on", "note_off") and msg.note == 42:
                track[i] = msg.copy(note=90)  # a hi-hat mapped where no GM drum is
    mid.save(tmp_path / "odd_map.mid")
    songs = {e.title: e for e in _collect(ResearchQuery("X", source_dir=tmp_path))
             if e.payload.get("song")}
    assert songs["odd_map.mid"].payload["quality"]["kit_share"] < 0.7
    assert songs["odd_map.mid"].confidence < songs["good.mid"].confidence


def test_files_naming_the_artist_are_attributed(tmp_path) -> None:
    (tmp_path / "The Roots - Proceed.mid").write_bytes(song_bytes([(ROCK, 6)]))
    (tmp_path / "loop_07.mid").write_bytes(song_bytes([(ROCK, 6)]))
    songs = {e.title: e.payload for e in _collect(ResearchQuery("The Roots", source_dir=tmp_path))
             if e.payload.get("song")}
    assert songs["The Roots - Proceed.mid"]["attributed"] is True
    assert songs["The Roots - Proceed.mid"]["song"] == "Proceed"
    assert songs["loop_07.mid"]["attributed"] is False


def test_a_capped_folder_says_so(runtime, tmp_path) -> None:
    for i in range(3):
        (tmp_path / f"s{i}.mid").write_bytes(song_bytes([(ROCK, 4)], band=False))
    (tmp_path / "broken.mid").write_bytes(b"MThd junk")
    evidence = _collect(ResearchQuery("X", source_dir=tmp_path), max_files=3)
    notices = [n for e in evidence for n in e.payload.get("notices", ())]
    assert any("analysed 3 of 4 MIDI files" in n for n in notices)
    assert any("MAX_FILES" in n for n in notices)
    result = services.research_artist(runtime, "Zzyzx Capped", source_dir=tmp_path)
    assert result.notices and "skipped 1" in " ".join(result.notices)


@pytest.mark.parametrize("meter", [(6, 8), (12, 8)])
def test_compound_meters_learn_their_grooves(tmp_path: Path, meter: tuple[int, int]) -> None:
    steps = TimeSignature(*meter).steps_per_bar
    hat = "".join("x" if i % 2 == 0 else "." for i in range(steps))
    kick = "X" + "." * (steps - 1)
    snare = "." * (steps // 2) + "X" + "." * (steps // 2 - 1)
    grid = f"HH |{hat}|\nSD |{snare}|\nBD |{kick}|"
    (tmp_path / "c.mid").write_bytes(song_bytes([(grid, 6)], meters=[(0, meter)]))
    grooves, _ = _grooves(_collect(ResearchQuery("X", source_dir=tmp_path)))
    assert grooves[0]["time_signature"] == f"{meter[0]}/{meter[1]}"
    assert grid_onsets(grooves[0]["grid"], meter) == grid_onsets(grid, meter)


def test_the_engine_plays_the_learned_fill(runtime, tmp_path) -> None:
    from mididrumigen.domain.params import GenerationParams
    from mididrumigen.domain.voices import Voice
    from mididrumigen.groove import lines as L

    (tmp_path / "Song.mid").write_bytes(song_bytes(
        [(ROCK, 7), (FILL, 1), (ROCK, 7), (FILL, 1)], tempo=96))
    profile = services.research_artist(runtime, "Zzyzx Fill Band", source_dir=tmp_path).profile
    assert [g.kind for g in profile.signature_grooves] == ["groove", "fill"]
    params = GenerationParams(bars=8, variations=1, fill_every=4)
    toms = {(Voice.HIGH_TOM, 8), (Voice.HIGH_TOM, 9), (Voice.FLOOR_TOM, 10),
            (Voice.FLOOR_TOM, 11)}
    played = []
    for seed in range(12):
        lines = runtime.groove_engine.lines(profile, params, seed)[0][0]
        for b in (3, 7):
            bar = L.bar(lines, b, 16)
            played.append(toms <= {(v, i) for v, row in bar.items()
                                   for i, c in enumerate(row) if c != L.REST})
    assert any(played)  # the artist's own fill, where the engine chose it
