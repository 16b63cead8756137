"""Groove transfer and song sections on the surfaces: `mididrumigen humanize`, POST /humanize
(a multipart upload through the hardened reader, size-limited), and --structure / structure.
The music itself is tested in test_groove_transfer.py and test_sections.py."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mido
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from mididrumigen.api.app import create_app
from mididrumigen.cli import app
from mididrumigen.config import Settings
from mididrumigen.midi.reader import read_drum_pattern
from mididrumigen.services.humanize import MAX_UPLOAD_BYTES

runner = CliRunner()


def clip_bytes(bars: int = 2, tempo: float = 90.0) -> bytes:
    """A quantized, flat-velocity beat (mido), as a producer programs one."""
    mid = mido.MidiFile(ticks_per_beat=480)
    track = mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(tempo))])
    mid.tracks.append(track)
    events = []
    for bar in range(bars):
        events += [(bar * 1920 + s * 120, 42) for s in range(0, 16, 2)]
        events += [(bar * 1920 + s * 120, p) for s, p in ((0, 36), (8, 36), (4, 38), (12, 38))]
    msgs = sorted([(t, 1, p) for t, p in events] + [(t + 60, 0, p) for t, p in events])
    now = 0
    for t, on, pitch in msgs:
        track.append(mido.Message("note_on" if on else "note_off", channel=9, note=pitch,
                                  velocity=100 if on else 0, time=t - now))
        now = t
    buf = io.BytesIO()
    mid.save(file=buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("surfaces")
    settings = Settings(output_dir=root / "out", data_dir=root, rate_limit_per_minute=0,
                        database_url=f"sqlite:///{root / 's.db'}", max_body_bytes=4096)
    with TestClient(create_app(settings)) as c:
        yield c


def _humanize(client: TestClient, data: bytes = b"", **form: Any) -> Any:
    return client.post("/api/v1/humanize", files={"file": ("groove.mid", data or clip_bytes(),
                                                           "audio/midi")},
                       data={"like": "J Dilla", **{k: str(v) for k, v in form.items()}})


def test_cli_humanize_keeps_every_note_and_moves_the_feel(tmp_path: Path) -> None:
    clip = tmp_path / "beat.mid"
    clip.write_bytes(clip_bytes())
    res = runner.invoke(app, ["humanize", str(clip), "--like", "J Dilla", "--seed", "4"])
    assert res.exit_code == 0, res.output
    out = tmp_path / "beat_like_j-dilla.mid"
    assert "Found J Dilla" in res.output and str(out) in res.output.replace("\n", "")
    before, after = read_drum_pattern(clip), read_drum_pattern(out)
    assert sorted(n.pitch for n in after.notes) == sorted(n.pitch for n in before.notes)
    assert [n.time for n in after.notes] != [n.time for n in before.notes]
    assert len({n.velocity for n in after.notes}) > 3
    # amount 0: as played; --out names the file; a broken file is a clear error (exit 2)
    zero = tmp_path / "zero.mid"
    assert runner.invoke(app, ["humanize", str(clip), "--like", "J Dilla", "--amount", "0",
                               "--out", str(zero)]).exit_code == 0
    assert [(n.time, n.velocity) for n in read_drum_pattern(zero).notes] == \
        [(n.time, n.velocity) for n in before.notes]
    bad = tmp_path / "bad.mid"
    bad.write_bytes(b"RIFF0000")
    res = runner.invoke(app, ["humanize", str(bad), "--like", "J Dilla"])
    assert res.exit_code == 2 and "error:" in res.output
    res = runner.invoke(app, ["humanize", str(clip), "--like", "J Dilla", "--amount", "2"])
    assert res.exit_code == 2 and "amount must be in range 0..1" in res.output


def test_api_humanize_upload(client: TestClient) -> None:
    r = _humanize(client, amount=0.7, seed=3, ghosts="true")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "success" and body["artist"] == "J Dilla" and body["known_artist"]
    assert body["amount"] == 0.7 and body["seed"] == 3 and body["ghosts"] is True
    source, played = body["source"], body["pattern"]
    assert len(played["notes"]) >= len(source["notes"])  # ghosts may add, nothing is lost
    assert body["midi_files"][0].endswith("/groove_like_j-dilla.mid")
    mid = client.get(body["midi_files"][0])
    assert mid.status_code == 200 and mid.content[:4] == b"MThd"
    assert len(read_drum_pattern(mid.content).notes) == len(played["notes"])
    again = _humanize(client, amount=0.7, seed=3, ghosts="true").json()
    assert again["pattern"] == played  # same seed, same result


@pytest.mark.parametrize(("data", "form", "status", "field"), [
    (b"MThd\x00\x00\x00\x06", {}, 422, "file"),  # truncated
    (b"not midi at all", {}, 422, "file"),
    (b"", {"amount": 1.5}, 422, "amount"),
    (b"", {"like": ""}, 422, "like"),
    (b"", {"genre": "klezmer-polka"}, 422, "genre"),
])
def test_api_humanize_refuses_bad_input(client: TestClient, data: bytes, form: dict[str, Any],
                                        status: int, field: str) -> None:
    r = _humanize(client, data, **form)
    assert r.status_code == status, r.text
    assert r.json()["details"]["field"] == field


def test_api_humanize_size_limits(client: TestClient) -> None:
    # the upload route takes files far over the JSON body limit (4 KB here) …
    big = clip_bytes(bars=64)
    assert len(big) > 4096
    assert _humanize(client, big).status_code == 200
    # … up to its own limit, then 413 before the file is read
    huge = b"MThd" + b"\x00" * (MAX_UPLOAD_BYTES + 70_000)
    r = _humanize(client, huge)
    assert r.status_code == 413 and r.json()["error"] == "payload_too_large"
    assert client.post("/api/v1/generate", json={"artist": "x" * 5000}).status_code == 413


def test_structure_over_the_api(client: TestClient) -> None:
    body = {"artist": "John Bonham", "structure": "intro:2 verse:4 chorus:4 outro:2",
            "count_in": True, "variations": 2, "seed": 1}
    r = client.post("/api/v1/generate", json=body)
    assert r.status_code == 200, r.text
    patterns = r.json()["patterns"]
    assert [p["total_bars"] for p in patterns] == [13, 13]
    assert all("intro:2 verse:4 chorus:4 outro:2" in p["name"] for p in patterns)
    # a re-roll keeps the arrangement
    gid = r.json()["generation_id"]
    rolled = client.post(f"/api/v1/generations/{gid}/variations/2/reroll").json()
    assert rolled["patterns"][1]["total_bars"] == 13
    for bad in ("intro:2 verse:99", "coda:4", "x" * 201):
        r = client.post("/api/v1/generate", json={**body, "structure": bad})
        assert r.status_code == 422 and r.json()["details"]["field"] == "structure", bad


def test_structure_on_the_cli(tmp_path: Path) -> None:
    res = runner.invoke(app, ["generate", "Questlove", "--structure", "intro:2 verse:4 chorus:4",
                              "--variations", "1", "--seed", "2", "--out", str(tmp_path),
                              "--no-history"])
    assert res.exit_code == 0, res.output
    assert read_drum_pattern(tmp_path / "questlove_var1.mid").total_bars == 10
    res = runner.invoke(app, ["generate", "Questlove", "--structure", "verse:8", "--count-in",
                              "--variations", "1", "--out", str(tmp_path / "c"), "--no-history"])
    assert res.exit_code == 0 and read_drum_pattern(
        tmp_path / "c" / "questlove_var1.mid").total_bars == 9
    bad = runner.invoke(app, ["generate", "Questlove", "--structure", "coda:4",
                              "--out", str(tmp_path / "bad")])
    assert bad.exit_code == 2 and "section kind must be one of" in bad.output


# --- the JSON variant: notes a client already holds (the Live device's "Apply feel") --------

def _clip_json(bars: int = 2, ppq: int = 480) -> dict[str, Any]:
    notes = []
    for bar in range(bars):
        for eighth in range(8):
            t = bar * 4 * ppq + eighth * ppq // 2
            notes.append({"pitch": 42, "velocity": 90, "time": t, "duration": ppq // 4})
            if eighth in (0, 4):
                notes.append({"pitch": 36, "velocity": 110, "time": t, "duration": ppq // 4})
            if eighth in (2, 6):
                notes.append({"pitch": 38, "velocity": 105, "time": t, "duration": ppq // 4})
    notes.append(dict(notes[0]))  # a doubled hit: the user's too, kept
    return {"tempo": 92.0, "time_signature": [4, 4], "total_bars": bars, "ppq": ppq,
            "name": "My Beat", "notes": notes}


def test_api_humanize_json_keeps_every_note(client: TestClient) -> None:
    clip = _clip_json()
    r = client.post("/api/v1/humanize", json={"like": "J Dilla", "amount": 0.8, "seed": 5,
                                              "pattern": clip})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "success" and body["artist"] == "J Dilla" and not body["ghosts"]
    assert body["amount"] == 0.8 and body["seed"] == 5
    source, played = body["source"], body["pattern"]
    key = lambda n: (n["time"], n["pitch"], n["velocity"], n["duration"])  # noqa: E731
    assert sorted(map(key, source["notes"])) == sorted(map(key, clip["notes"]))
    assert len(played["notes"]) == len(clip["notes"])  # no ghosts asked: the same notes
    assert sorted(n["pitch"] for n in played["notes"]) == sorted(n["pitch"] for n in clip["notes"])
    assert [played[k] for k in ("tempo", "time_signature", "total_bars", "ppq")] == \
        [92.0, [4, 4], 2, 480]
    assert {key(n) for n in played["notes"]} != {key(n) for n in clip["notes"]}  # the feel moved
    assert body["midi_files"][0].endswith("/my-beat_like_j-dilla.mid")
    mid = client.get(body["midi_files"][0])
    assert mid.status_code == 200 and mid.content[:4] == b"MThd"
    # the same answer as the .mid upload of the same clip would give, and repeatable
    again = client.post("/api/v1/humanize", json={"like": "J Dilla", "amount": 0.8, "seed": 5,
                                                  "pattern": clip}).json()
    assert again["pattern"] == played
    with_ghosts = client.post("/api/v1/humanize", json={"like": "J Dilla", "ghosts": True,
                                                        "seed": 5, "pattern": clip}).json()
    assert len(with_ghosts["pattern"]["notes"]) >= len(clip["notes"])


def test_api_humanize_json_is_the_upload_with_the_same_clip(client: TestClient) -> None:
    upload = _humanize(client, amount=0.6, seed=11).json()
    clip = upload["source"]
    r = client.post("/api/v1/humanize", json={"like": "J Dilla", "amount": 0.6, "seed": 11,
                                              "pattern": {**clip, "name": "groove"}})
    assert r.status_code == 200, r.text
    assert r.json()["pattern"]["notes"] == upload["pattern"]["notes"]


@pytest.mark.parametrize(("change", "field"), [
    ({"amount": 1.5}, "amount"),
    ({"like": ""}, "like"),
    ({"genre": "klezmer-polka"}, "genre"),
    ({"extra": 1}, "extra"),
    ({"pattern": {"ppq": 481}}, "ppq"),
    ({"pattern": {"time_signature": [5, 3]}}, "time_signature"),
    ({"pattern": {"notes": []}}, "pattern.notes"),
    ({"pattern": {"notes": [{"pitch": 128, "velocity": 90, "time": 0}]}}, "pattern.notes.0.pitch"),
    ({"pattern": {"notes": [{"pitch": 36, "velocity": 90, "time": 4 * 480 * 2}]}}, "pattern"),
    ({"pattern": None}, "pattern"),
])
def test_api_humanize_json_refuses_bad_input(client: TestClient, change: dict[str, Any],
                                             field: str) -> None:
    body: dict[str, Any] = {"like": "J Dilla", "pattern": _clip_json()}
    for k, v in change.items():
        body[k] = {**body[k], **v} if isinstance(v, dict) else v
    r = client.post("/api/v1/humanize", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["details"]["field"] == field, r.json()


def test_api_humanize_json_has_the_upload_limit_and_a_schema(client: TestClient) -> None:
    # a clip's JSON is far over the JSON body limit (4 KB here): the route's own limit applies
    clip = _clip_json(bars=16)
    r = client.post("/api/v1/humanize", json={"like": "J Dilla", "pattern": clip})
    assert r.status_code == 200, r.text
    big = {"like": "J Dilla", "pattern": {**clip, "name": "x" * (MAX_UPLOAD_BYTES + 70_000)}}
    assert client.post("/api/v1/humanize", json=big).status_code == 413
    op = client.get("/openapi.json").json()["paths"]["/api/v1/humanize"]["post"]
    content = op["requestBody"]["content"]
    assert set(content) == {"multipart/form-data", "application/json"}
    schema = content["application/json"]["schema"]
    assert schema["required"] == ["like", "pattern"] and "$defs" not in str(schema)
    assert schema["properties"]["pattern"]["properties"]["notes"]["items"]["required"] == \
        ["pitch", "velocity", "time"]
