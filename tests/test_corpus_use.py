"""`corpus import` that matters: imported MIDI becomes a genre (CLI, API, UI options) or an
artist's stored profile, and generation plays it. Test data: mido-written files."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import mido
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from mididrumigen import services
from mididrumigen.api.app import create_app
from mididrumigen.cli import app
from mididrumigen.config import Settings
from mididrumigen.domain.params import GenerationParams
from mididrumigen.midi.reader import read_drum_pattern
from mididrumigen.storage.engine import open_engine

runner = CliRunner()
COWBELL, RIDE, KICK, SNARE = 56, 51, 36, 38
# a groove no shipped genre plays: ride on the quarters, cowbell on every off-beat eighth,
# kick on 1, the and of 2 and 3, one snare on 4
GROOVE = {RIDE: (0, 4, 8, 12), COWBELL: (2, 6, 10, 14), KICK: (0, 6, 8), SNARE: (12,)}


def _write(path: Path, *, bars: int = 8, tempo: float = 96.0) -> Path:
    mid = mido.MidiFile(ticks_per_beat=480)
    track = mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(tempo))])
    mid.tracks.append(track)
    events = []
    for bar in range(bars):
        for pitch, steps in GROOVE.items():
            for step in steps:
                t = bar * 1920 + step * 120 + (8 if pitch == SNARE else 0)  # a late snare
                events += [(t, 1, pitch, 118 if pitch == KICK else 84), (t + 40, 0, pitch, 0)]
    now = 0
    for t, on, pitch, vel in sorted(events):
        track.append(mido.Message("note_on" if on else "note_off", channel=9, note=pitch,
                                  velocity=vel, time=t - now))
        now = t
    path.parent.mkdir(parents=True, exist_ok=True)
    mid.save(path)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for i, tempo in enumerate((92.0, 96.0, 100.0)):
        _write(tmp_path / "grooves" / f"take_{i}.mid", tempo=tempo)
    return tmp_path / "grooves"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private user data dir: the genre library follows it (and forgets it after)."""
    monkeypatch.setenv("MIDIDRUMIGEN_DATA_DIR", str(tmp_path / "data"))
    yield tmp_path / "data"


def _pitches(path: Path) -> Counter[int]:
    return Counter(n.pitch for n in read_drum_pattern(path).notes)


def test_a_new_genre_from_an_import_plays_everywhere(folder: Path, data_dir: Path,
                                                     tmp_path: Path) -> None:
    before = runner.invoke(app, ["generate", "Qx Unheard Combo", "--genre", "cowbellbeat",
                                 "--out", str(tmp_path / "before"), "--no-history"])
    assert before.exit_code == 2 and "unknown genre" in before.output

    res = runner.invoke(app, ["corpus", "import", str(folder), "--genre", "cowbellbeat"])
    assert res.exit_code == 0, res.output
    assert "cowbellbeat now plays these grooves" in res.output
    assert (data_dir / "genre_models.json").is_file()
    listed = runner.invoke(app, ["corpus", "list"])
    assert "cowbellbeat@4/4" in listed.output

    out = tmp_path / "after"
    res = runner.invoke(app, ["generate", "Qx Unheard Combo", "--genre", "cowbellbeat",
                              "--out", str(out), "--seed", "2", "--bars", "4", "--no-history"])
    assert res.exit_code == 0, res.output
    counts = sum((_pitches(f) for f in sorted(out.glob("*.mid"))), Counter())
    assert counts[COWBELL] > 20 and counts[RIDE] > 20  # the imported vocabulary
    pattern = read_drum_pattern(out / "qx-unheard-combo_var1.mid")
    kicks = Counter((n.time % 1920 + 60) // 120 for n in pattern.notes if n.pitch == KICK)
    assert {0, 6, 8} <= set(kicks)  # its kick figure

    # the API and the UI's options know the genre too (same data dir)
    root = tmp_path / "api"
    with TestClient(create_app(Settings(output_dir=root / "out", data_dir=data_dir,
                                        database_url=f"sqlite:///{root / 'a.db'}"))) as c:
        assert "cowbellbeat" in c.get("/ui/options").json()["genres"]
        body = c.post("/api/v1/generate", json={"artist": "Qx Unheard Combo", "bars": 2,
                                                "variations": 1, "genre": "cowbellbeat"})
        assert body.status_code == 200, body.text
        assert any(n["pitch"] == COWBELL for n in body.json()["patterns"][0]["notes"])

    # and it can be taken back
    assert runner.invoke(app, ["corpus", "remove", "cowbellbeat"]).exit_code == 0
    gone = runner.invoke(app, ["generate", "Qx Unheard Combo", "--genre", "cowbellbeat",
                               "--out", str(tmp_path / "gone"), "--no-history"])
    assert gone.exit_code == 2


def test_importing_into_a_shipped_genre_changes_what_it_plays(folder: Path, data_dir: Path,
                                                              tmp_path: Path) -> None:
    def funk(name: str) -> bytes:
        res = runner.invoke(app, ["generate", "Qx Unheard Combo", "--genre", "funk", "--seed",
                                  "5", "--variations", "1", "--out", str(tmp_path / name),
                                  "--no-history"])
        assert res.exit_code == 0, res.output
        return (tmp_path / name / "qx-unheard-combo_var1.mid").read_bytes()

    shipped = funk("shipped")
    assert funk("again") == shipped  # the same seed, the same bytes
    assert runner.invoke(app, ["corpus", "import", str(folder), "--genre", "funk"]).exit_code == 0
    mine = funk("mine")
    assert mine != shipped
    assert _pitches(tmp_path / "mine" / "qx-unheard-combo_var1.mid")[COWBELL] > 0


def test_an_artist_import_becomes_their_stored_profile(folder: Path, data_dir: Path,
                                                       tmp_path: Path) -> None:
    db = open_engine(f"sqlite:///{tmp_path / 'artists.db'}")
    runtime = services.Runtime(Settings(), database=db)  # the data dir of this test
    name = "Qx Imported Drummer"
    command = services.GenerateCommand(name, GenerationParams(bars=2, variations=2, seed=9))
    before = services.generate(runtime, command, db=db)
    assert before.known_artist is False and before.profile.source == "genre_default"

    done = services.import_corpus(runtime, folder, artist=name, genre="funk", db=db)
    assert done.genres == ("artist_qx_imported_drummer",)
    profile = done.artist_profile.profile
    assert profile.source == "research" and profile.signature_grooves
    assert profile.genres[0] == "funk"
    assert "CB" in profile.signature_grooves[0].grid  # the cowbell line of their grooves

    after = services.generate(runtime, command, db=db)
    assert after.known_artist and after.profile.source == "research"
    assert [p.to_dict() for p in after.patterns] != [p.to_dict() for p in before.patterns]
    first = Counter(n.pitch for n in after.patterns[0].notes)
    assert first[COWBELL] > 0 and first[RIDE] > 0  # their signature groove is played
    # the per-artist model is a genre key like any other
    keyed = services.GenerateCommand("Anyone Else", GenerationParams(
        bars=1, variations=1, seed=1, genre="artist_qx_imported_drummer"))
    assert any(n.pitch == COWBELL for n in services.generate(runtime, keyed).patterns[0].notes)
    runtime.close()
    db.dispose()


def test_cli_artist_import_prints_how_to_use_it(folder: Path, data_dir: Path,
                                                tmp_path: Path) -> None:
    res = runner.invoke(app, ["corpus", "import", str(folder), "--artist", "Qx Cli Drummer"])
    assert res.exit_code == 0, res.output
    assert "stored profile version" in res.output and 'generate "Qx Cli Drummer"' in res.output
    gen = runner.invoke(app, ["generate", "Qx Cli Drummer", "--out", str(tmp_path / "o"),
                              "--variations", "1", "--format", "json"])
    assert gen.exit_code == 0, gen.output
    notes = json.loads((tmp_path / "o" / "qx-cli-drummer_var1.json").read_text())["notes"]
    assert any(n["pitch"] == COWBELL for n in notes)
