"""The corpus importer on real Groove MIDI Dataset files, model files, the CLI, the shipped JSON."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import mido
import pytest
from typer.testing import CliRunner

from corpus_paths import GMD
from mididrumigen.domain.grid import parse_grid
from mididrumigen.errors import StorageError, UserInputError
from mididrumigen.groove.model import GenreModel
from mididrumigen.knowledge.corpus import (
    GMD_SOURCE,
    artist_model_key,
    build_genre_models,
    import_corpus,
    load_models,
    models_json,
    save_models,
    shipped_models_path,
    user_models_path,
)
from mididrumigen.knowledge.corpus_scan import genre_from_path, gmd_genre

SUBSET = (
    "drummer3/session1/12_rock_120_beat_4-4.mid",
    "drummer3/session1/13_rock_120_beat_4-4.mid",
    "drummer3/session1/3_rock_105_beat_4-4.mid",
    "drummer3/session1/4_rock_105_beat_4-4.mid",
    "drummer10/session1/6_jazz-swing_215_beat_4-4.mid",
    "drummer10/session1/7_jazz-swing_215_beat_4-4.mid",
    "drummer10/session1/8_jazz-swing_215_beat_4-4.mid",
    "drummer1/session1/10_jazz-funk_116_fill_4-4.mid",
    "drummer1/session1/103_funk_95_fill_4-4.mid",
    "drummer1/session1/104_funk_95_fill_4-4.mid",
)
needs_gmd = pytest.mark.skipif(not (GMD / "info.csv").is_file(),
                               reason="the Groove MIDI Dataset is not at ../shared/corpora")


def _gmd_subset(dest: Path, *, broken: bool = False) -> Path:
    with (GMD / "info.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames or []
        rows = [r for r in reader if r["midi_filename"] in SUBSET]
    assert len(rows) == len(SUBSET)
    for r in rows:
        target = dest / r["midi_filename"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(GMD / r["midi_filename"], target)
    if broken:
        (dest / "drummer1" / "broken_rock_100_beat_4-4.mid").write_bytes(b"MThd\x00\x00junk")
        rows.append({**rows[0], "midi_filename": "drummer1/broken_rock_100_beat_4-4.mid"})
        rows.append({**rows[0], "midi_filename": "drummer1/missing_rock_100_beat_4-4.mid"})
    with (dest / "info.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    return dest


@pytest.fixture(scope="module")
def gmd_subset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (GMD / "info.csv").is_file():
        pytest.skip("the Groove MIDI Dataset is not at ../shared/corpora")
    return _gmd_subset(tmp_path_factory.mktemp("gmd"), broken=True)


def _groove_file(path: Path, *, bars: int = 4, tempo: float = 100.0) -> Path:
    """A plain rock beat written with mido on channel 10."""
    mid = mido.MidiFile(ticks_per_beat=480)
    track = mido.MidiTrack()
    mid.tracks.append(track)
    track.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(tempo)))
    events = []
    for bar in range(bars):
        for step in range(0, 16, 2):
            events.append((bar * 1920 + step * 120, 42, 70))
        events += [(bar * 1920, 36, 100), (bar * 1920 + 960, 36, 100),
                   (bar * 1920 + 480, 38, 110), (bar * 1920 + 1440, 38, 110)]
    msgs = sorted([(t, 1, "note_on", pitch, vel) for t, pitch, vel in events]
                  + [(t + 30, 0, "note_off", pitch, 0) for t, pitch, _ in events])
    now = 0
    for t, _, kind, pitch, vel in msgs:
        track.append(mido.Message(kind, channel=9, note=pitch, velocity=vel, time=t - now))
        now = t
    path.parent.mkdir(parents=True, exist_ok=True)
    mid.save(path)
    return path


def test_gmd_genre_names_map_to_our_keys() -> None:
    assert gmd_genre("neworleans/secondline") == "new_orleans"
    assert gmd_genre("latin-brazilian-baiao") == "latin"
    assert gmd_genre("funk/groove1") == "funk"
    assert gmd_genre("hiphop") == "hiphop"
    assert gmd_genre("middleeastern") == "middleeastern"
    assert genre_from_path("grooves/Hip-Hop_Beat_03.mid") == "hiphop"
    assert genre_from_path("Afrobeat fill.mid") == "afrobeat"
    assert genre_from_path("take_07.mid") is None


@needs_gmd
def test_gmd_layout_import_learns_genre_models(gmd_subset: Path) -> None:
    calls: list[tuple[int, int]] = []
    result = import_corpus(gmd_subset, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (12, 12) and len(calls) == 12
    keys = [m.key for m in result.models]
    assert keys == ["jazz@4/4", "rock@4/4"]
    assert result.files_read == 10
    assert any("funk@4/4" in n and "0 groove bars" in n for n in result.notes)
    rock = next(m for m in result.models if m.genre == "rock")
    counts = result.count("rock@4/4")
    assert counts is not None and counts.files == 4 and counts.fill_bars == 0
    assert rock.source == f"{GMD_SOURCE}: {counts.groove_bars} bars from 4 files"
    assert rock.tempo_min == 105 and rock.tempo_max == 120
    assert 0.5 < max(rock.voices["kick"].onset_prob) <= 1.0
    assert rock.voices["kick"].onset_prob[0] == max(rock.voices["kick"].onset_prob)
    jazz = next(m for m in result.models if m.genre == "jazz")
    assert jazz.swing_unit == 8 and jazz.swing_percent > 55  # jazz/swing at 215 BPM swings
    assert jazz.fill_voices and jazz.fills  # the jazz/funk fill file
    assert result.bars_learned == rock.bars_learned + jazz.bars_learned
    for m in result.models:
        for g in (*m.grooves, *m.fills):
            assert parse_grid(g.grid, m.time_signature).bars == 1


@needs_gmd
def test_broken_and_missing_files_are_skipped_with_their_reason(gmd_subset: Path) -> None:
    result = import_corpus(gmd_subset)
    reasons = {s.path: s.reason for s in result.skipped}
    assert set(reasons) == {"drummer1/broken_rock_100_beat_4-4.mid",
                            "drummer1/missing_rock_100_beat_4-4.mid"}
    assert all(r for r in reasons.values())
    assert "broken_rock" not in " ".join(m.source for m in result.models)


@needs_gmd
def test_build_is_deterministic(gmd_subset: Path) -> None:
    text1, result = build_genre_models(gmd_subset, min_bars=16)
    text2, _ = build_genre_models(gmd_subset, min_bars=16)
    assert text1 == text2
    keys = [m.key for m in result.models]
    assert keys == ["all@4/4", "jazz@4/4", "rock@4/4"]
    doc = json.loads(text1)
    assert doc["format_version"] == 1 and len(doc["models"]) == 3


def test_any_folder_takes_genre_from_option_or_file_name(tmp_path: Path) -> None:
    _groove_file(tmp_path / "kit" / "Funk groove 1.mid")
    _groove_file(tmp_path / "kit" / "take_07.mid", tempo=90.0)
    (tmp_path / "kit" / "notes.txt").write_text("not midi")
    result = import_corpus(tmp_path / "kit")
    assert [m.key for m in result.models] == ["funk@4/4", "unknown@4/4"]
    assert result.models[0].source == "MIDI files in 'kit': 4 bars from 1 files"
    forced = import_corpus(tmp_path / "kit", genre="Hip Hop")
    assert [m.key for m in forced.models] == ["hip_hop@4/4"]
    assert forced.models[0].tempo_min == 90 and forced.models[0].tempo_max == 100


def test_artist_import_makes_one_per_artist_model(tmp_path: Path) -> None:
    _groove_file(tmp_path / "a" / "funk_1.mid")
    _groove_file(tmp_path / "a" / "rock_2.mid")
    result = import_corpus(tmp_path / "a", artist="Zigaboo Modeliste")
    assert [m.genre for m in result.models] == ["artist_zigaboo_modeliste"]
    m = result.models[0]
    assert m.bars_learned == 8 and "Zigaboo Modeliste" in m.description
    assert artist_model_key("Mötley Crüe!") == "artist_motley_crue"
    # no Latin letters or digits: a key from the name's hash, still a valid genre key
    assert re.fullmatch(r"artist_x[0-9a-f]{10}", artist_model_key("坂本龍一"))
    assert artist_model_key("!!!") != artist_model_key("坂本龍一")
    assert len(artist_model_key("Z" * 100)) <= 40


def test_a_file_without_notes_is_skipped(tmp_path: Path) -> None:
    mid = mido.MidiFile()
    mid.tracks.append(mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=500000)]))
    mid.save(tmp_path / "empty_rock.mid")
    result = import_corpus(tmp_path)
    assert result.models == () and result.files_read == 0
    assert [s.path for s in result.skipped] == ["empty_rock.mid"]


def test_missing_path_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="does not exist"):
        import_corpus(tmp_path / "nope")


def test_save_load_and_merge_by_key(tmp_path: Path) -> None:
    _groove_file(tmp_path / "in" / "funk_a.mid")
    _groove_file(tmp_path / "in2" / "rock_b.mid")
    funk = import_corpus(tmp_path / "in").models
    rock = import_corpus(tmp_path / "in2").models
    out = tmp_path / "models" / "genre_models.json"
    save_models(funk, out)
    save_models(rock, out, merge=True)
    loaded = load_models(out)
    assert sorted(loaded) == ["funk@4/4", "rock@4/4"]
    assert loaded["funk@4/4"].voices["kick"].onset_prob[0] == 1.0
    save_models(rock, out)  # no merge: replaces the file
    assert sorted(load_models(out)) == ["rock@4/4"]
    assert load_models(tmp_path / "none.json") == {}
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(StorageError, match="delete it or import"):
        load_models(tmp_path / "bad.json")


def test_saved_floats_are_rounded_and_output_is_sorted(tmp_path: Path) -> None:
    _groove_file(tmp_path / "x" / "funk.mid", tempo=97.123456)
    text = models_json(import_corpus(tmp_path / "x").models)
    doc = json.loads(text)
    assert doc["models"][0]["tempo_median"] == 97.12  # the reader keeps 0.01 BPM

    def floats(x: object) -> list[float]:
        if isinstance(x, float):
            return [x]
        if isinstance(x, dict):
            return [f for v in x.values() for f in floats(v)]
        if isinstance(x, list):
            return [f for v in x for f in floats(v)]
        return []

    values = floats(doc)
    assert values and all(round(v, 3) == v for v in values)
    line = text.splitlines()[1]
    assert line.startswith('{"bars_learned":')


def test_user_models_live_in_the_data_dir(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    from mididrumigen.config import Settings

    monkeypatch.setenv("MIDIDRUMIGEN_DATA_DIR", str(tmp_path))
    assert user_models_path(Settings().storage.data_dir) == tmp_path / "genre_models.json"


def test_cli_import_prints_a_summary_and_saves(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from mididrumigen.cli.corpus import app

    monkeypatch.setenv("MIDIDRUMIGEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "200")
    _groove_file(tmp_path / "midi" / "reggae_one.mid")
    runner = CliRunner()
    res = runner.invoke(app, ["import", str(tmp_path / "midi")])
    assert res.exit_code == 0, res.output
    assert "reggae" in res.output and "1 files read" in res.output
    assert sorted(load_models(tmp_path / "data" / "genre_models.json")) == ["reggae@4/4"]
    out = tmp_path / "custom.json"
    res = runner.invoke(app, ["import", str(tmp_path / "midi"), "--artist", "Sly Dunbar",
                              "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert sorted(load_models(out)) == ["artist_sly_dunbar@4/4"]
    res = runner.invoke(app, ["import", str(tmp_path / "nowhere")])
    assert res.exit_code == 2 and "does not exist" in res.output


def test_shipped_models_load_with_full_per_step_sequences() -> None:
    models = load_models(shipped_models_path())
    assert "rock@4/4" in models and "all@4/4" in models and "jazz@4/4" in models
    for key, m in models.items():
        assert isinstance(m, GenreModel)
        spb = m.time_signature.steps_per_bar
        assert m.bars_learned >= 16 and "Groove MIDI Dataset" in m.source
        assert m.tempo_min <= m.tempo_median <= m.tempo_max
        assert 50 <= m.swing_percent <= 75 and m.swing_unit in (8, 16)
        assert m.voices and m.grooves, key
        for stats in (*m.voices.values(), *m.fill_voices.values()):
            for seq in (stats.onset_prob, stats.velocity_mean, stats.velocity_std,
                        stats.offset_ms, stats.offset_frac):
                assert len(seq) == spb, key
            assert all(0 <= p <= 1 for p in stats.onset_prob)
        for g in (*m.grooves, *m.fills):
            assert parse_grid(g.grid, m.time_signature).bars == 1
    assert models["jazz@4/4"].swing_unit == 8 and models["jazz@4/4"].swing_percent > 60
    assert models["rock@4/4"].swing_percent == 50
    assert shipped_models_path().stat().st_size < 1_000_000
