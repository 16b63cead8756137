"""Generation manifests written off the request path: downloadable at once, on disk after
shutdown, and served by the next server process on the same store."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from mididrumigen.api.app import create_app
from mididrumigen.config import Settings
from mididrumigen.midi.reader import read_drum_pattern


def test_files_download_at_once_and_survive_a_restart(tmp_path: Path) -> None:
    settings = Settings(output_dir=tmp_path / "out", data_dir=tmp_path,
                        database_url=f"sqlite:///{tmp_path / 'a.db'}", rate_limit_per_minute=0)
    with TestClient(create_app(settings)) as c:
        gen = c.post("/api/v1/generate", json={"artist": "Tony Allen", "variations": 2,
                                               "seed": 3}).json()
        first = c.get(gen["midi_files"][0])
        assert first.status_code == 200 and first.content.startswith(b"MThd")
    manifest = tmp_path / "out" / "api" / f"{gen['generation_id']}.json"
    assert manifest.is_file()  # flushed on shutdown
    with TestClient(create_app(settings)) as c:
        again = c.get(gen["midi_files"][1])
        assert again.status_code == 200
        out = tmp_path / "var2.mid"
        out.write_bytes(again.content)
        notes = [(n.time, n.pitch, n.velocity) for n in read_drum_pattern(out).notes]
        expected = [(n["time"], n["pitch"], n["velocity"]) for n in gen["patterns"][1]["notes"]]
        assert sorted(notes) == sorted(expected)
