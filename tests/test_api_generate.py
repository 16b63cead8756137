"""POST /generate, downloads, artists, similarity, stats and the error shape (TestClient)."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mido
import pytest
from fastapi.testclient import TestClient

from mididrumigen.api.app import create_app
from mididrumigen.config import Settings
from mididrumigen.errors import UserInputError

ERROR_KEYS = {"error", "message", "details", "timestamp", "request_id"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("api")
    settings = Settings(output_dir=root / "out", data_dir=root,
                        database_url=f"sqlite:///{root / 'api.db'}", rate_limit_per_minute=0,
                        max_body_bytes=4096)
    with TestClient(create_app(settings)) as c:
        yield c


def _generate(client: TestClient, **body: Any) -> dict[str, Any]:
    r = client.post("/api/v1/generate", json={"artist": "John Bonham", **body})
    assert r.status_code == 200, r.text
    return r.json()


def test_generate_known_artist(client: TestClient) -> None:
    body = _generate(client, bars=2, variations=3, seed=11, tempo=96)
    assert body["status"] == "success" and body["known_artist"] is True
    assert body["provider_used"] == "template" and body["seed"] == 11
    assert body["profile"]["artist_name"] == "John Bonham" and body["confidence"] > 0.5
    assert "knowledge base" in body["resolution_note"]
    assert len(body["patterns"]) == 3 == len(body["midi_files"])
    for pattern in body["patterns"]:
        assert pattern["total_bars"] == 2 and pattern["tempo"] == 96 and pattern["ppq"] == 480
        assert pattern["notes"] and all(35 <= n["pitch"] <= 81 for n in pattern["notes"])
    assert body["generation_time_ms"] > 0


@pytest.mark.parametrize("body", [
    {"bars": 2, "variations": 3, "seed": 11, "tempo": 96},
    {"artist": "Nobody Anyone Heard Of", "genre": "reggae", "bars": 1, "variations": 1},
    {"artist": "Tony Allen", "structure": "intro:2 verse:4", "ppq": 960, "count_in": True},
    {"artist": "J Dilla", "time_signature": [7, 8], "humanize": False, "bars": 1}])
def test_the_answer_is_its_response_model_as_json(client: TestClient,
                                                  body: dict[str, Any]) -> None:
    """The generation is serialized once, not validated into GenerationPublic and dumped:
    the bytes are what the model would have written (numbers of the right type, every field
    in order), and a re-roll's too."""
    from mididrumigen.api.schemas import GenerationPublic

    def as_the_model_writes_it(content: bytes) -> bytes:
        return GenerationPublic.model_validate_json(content).model_dump_json().encode()

    r = client.post("/api/v1/generate", json={"artist": "John Bonham", **body})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    assert as_the_model_writes_it(r.content) == r.content
    gid = r.json()["generation_id"]
    again = client.post(f"/api/v1/generations/{gid}/variations/1/reroll", json={"seed": 3})
    assert again.status_code == 200, again.text
    assert as_the_model_writes_it(again.content) == again.content


def test_same_seed_same_patterns(client: TestClient) -> None:
    a, b = _generate(client, seed=5, bars=1), _generate(client, seed=5, bars=1)
    assert a["patterns"] == b["patterns"] and a["generation_id"] != b["generation_id"]


def test_seeds_request_and_answer(client: TestClient) -> None:
    """The seeds' API specification: time_signature as [n, d], and the answer's status,
    generation_time_ms, provider_used, midi_files and confidence."""
    seeds = {"artist": "John Bonham", "bars": 4, "tempo": 120, "time_signature": [4, 4],
             "variations": 4, "provider": "template", "humanize": True}
    r = client.post("/api/v1/generate", json={**seeds, "seed": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "success" and body["provider_used"] == "template"
    assert isinstance(body["generation_time_ms"], float) and body["generation_time_ms"] > 0
    assert len(body["midi_files"]) == 4 and all(u.endswith(".mid") for u in body["midi_files"])
    assert 0 < body["confidence"] <= 1
    assert all(p["time_signature"] == [4, 4] for p in body["patterns"])
    text = client.post("/api/v1/generate", json={**seeds, "time_signature": "4/4", "seed": 3})
    assert text.json()["patterns"] == body["patterns"]  # one meter, two spellings
    odd = _generate(client, time_signature=[7, 8], bars=1, variations=1)
    assert odd["patterns"][0]["time_signature"] == [7, 8]


def test_reroll_one_variation_keeps_the_others(client: TestClient) -> None:
    first = _generate(client, seed=7, bars=2, variations=4, drum_map="ad2")
    path = f"/api/v1/generations/{first['generation_id']}/variations/3/reroll"
    r = client.post(path, json={"seed": 99})
    assert r.status_code == 200, r.text
    again = r.json()
    assert again["generation_id"] != first["generation_id"] and again["seed"] == 7
    assert again["variation_seeds"] == [7, 7, 99, 7] and first["variation_seeds"] == [7] * 4
    same = [a == b for a, b in zip(first["patterns"], again["patterns"], strict=True)]
    assert same == [True, True, False, True]
    files = [client.get(u).content for u in first["midi_files"]]
    refiles = [client.get(u).content for u in again["midi_files"]]
    assert [a == b for a, b in zip(files, refiles, strict=True)] == same  # same kit, same bytes
    # variation 3 is variation 3 of a generation from its own seed: reproducible
    fresh = _generate(client, seed=99, bars=2, variations=4, drum_map="ad2")
    assert fresh["patterns"][2] == again["patterns"][2]
    # a re-roll of the re-roll, random seed; its ancestors are left alone
    third = client.post(f"/api/v1/generations/{again['generation_id']}/variations/1/reroll")
    assert third.status_code == 200 and third.json()["variation_seeds"][1:] == [7, 99, 7]
    assert client.get(first["midi_files"][2]).content == files[2]


@pytest.mark.parametrize(("path", "status", "field"), [
    ("/variations/5/reroll", 422, "variation"), ("/variations/0/reroll", 422, "variation"),
    ("/variations/9/reroll", 422, "variation"),
])
def test_reroll_refuses_what_is_not_there(client: TestClient, path: str, status: int,
                                          field: str) -> None:
    gid = _generate(client, variations=4, bars=1)["generation_id"]
    r = client.post(f"/api/v1/generations/{gid}{path}")
    assert r.status_code == status and r.json()["details"]["field"] == field
    missing = client.post(f"/api/v1/generations/{'0' * 32}/variations/1/reroll")
    assert missing.status_code == 404 and set(missing.json()) == ERROR_KEYS
    bad_seed = client.post(f"/api/v1/generations/{gid}/variations/1/reroll", json={"seed": -1})
    assert bad_seed.status_code == 422


def test_unknown_artist_gets_genre_defaults(client: TestClient) -> None:
    body = _generate(client, artist="坂本龍一 Trio", genre="jazz", variations=1)
    assert body["known_artist"] is False and body["genre"] == "jazz"
    assert body["confidence"] < 0.5 and "genre defaults" in body["resolution_note"]
    assert body["artist"] == "坂本龍一 Trio"
    assert "Try `genre`" in body["resolution_note"] and "--genre" not in body["resolution_note"]


def test_advice_names_what_the_client_can_change(client: TestClient) -> None:
    """API clients are told the field, the browser UI its control; never a CLI flag."""
    body = {"artist": "Qwxz Unheard Ensemble", "variations": 1, "bars": 1}
    api = client.post("/api/v1/generate", json=body).json()["resolution_note"]
    ui = client.post("/api/v1/generate", json=body,
                     headers={"X-MidiDrumiGen-Surface": "ui"}).json()["resolution_note"]
    assert api.endswith('Try `genre` (e.g. "funk"; GET /ui/options lists them).')
    assert ui.endswith("Try another Genre.")
    accepted = client.post("/api/v1/generate", json={**body, "async": True}).json()
    for _ in range(200):
        task = client.get(accepted["poll_url"], headers={"X-MidiDrumiGen-Surface": "ui"}).json()
        if task["status"] != "pending" and task["status"] != "running":
            break
        time.sleep(0.02)
    assert task["result"]["resolution_note"].endswith("Try another Genre.")
    augment = client.post("/api/v1/augment/Questlove", json={})
    assert augment.status_code == 422  # nothing new: the API's fields, not --source-dir
    assert "--" not in augment.json()["message"] and "`urls`" in augment.json()["message"]


def test_producer_controls_reach_the_groove(client: TestClient) -> None:
    """complexity, swing and humanize_amount: the domain's GenerationParams, validated with its
    bounds (above) and played by the engine."""
    def notes(**body: Any) -> list[dict[str, int]]:
        out = _generate(client, artist="Xyzzy Plugh Band", genre="funk", bars=2, variations=1,
                        seed=4, **body)
        return out["patterns"][0]["notes"]

    assert notes(humanize_amount=0.0) == notes(humanize=False)  # 0 is the grid with accents
    assert notes(humanize_amount=0.5) != notes(humanize_amount=1.0)
    straight, swung = notes(swing=50, humanize=False), notes(swing=75, humanize=False)
    assert {n["time"] % 240 for n in straight} <= {0, 120}
    assert any(n["time"] % 240 == 180 for n in swung)  # off-beat 16ths pushed to 3/4 of a beat
    assert len(notes(complexity=1.0)) > len(notes(complexity=0.0))


def test_async_generate_takes_the_same_fields(client: TestClient) -> None:
    body = {"artist": "Questlove", "bars": 1, "variations": 1, "seed": 9, "swing": 60,
            "complexity": 0.7, "humanize_amount": 0.3, "drum_map": "ezd3"}
    now = _generate(client, **body)
    accepted = client.post("/api/v1/generate", json={**body, "async": True})
    assert accepted.status_code == 202, accepted.text
    deadline = time.monotonic() + 20
    while (task := client.get(accepted.json()["poll_url"]).json())["status"] not in (
            "succeeded", "failed") and time.monotonic() < deadline:
        time.sleep(0.02)
    assert task["status"] == "succeeded", task
    later = task["result"]
    assert later["patterns"] == now["patterns"] and set(later) == set(now)
    assert later["midi_files"][0].startswith(f"/api/v1/files/{later['generation_id']}/")
    assert client.get(later["midi_files"][0]).content[:4] == b"MThd"
    refused = client.post("/api/v1/generate", json={**body, "swing": 80, "async": True})
    assert refused.status_code == 422 and refused.json()["details"]["field"] == "swing"
    path = client.post("/api/v1/generate", json={**body, "drum_map": "/etc/x.yaml", "async": True})
    assert path.status_code == 422 and path.json()["details"]["field"] == "drum_map"
    nope = client.post("/api/v1/generate", json={**body, "provider": "nope", "async": True})
    assert nope.status_code == 422 and nope.json()["details"]["field"] == "provider"


def test_files_download_and_zip(client: TestClient) -> None:
    body = _generate(client, bars=1, variations=2, drum_map="ableton", midi_type=0, ppq=960)
    first = client.get(body["midi_files"][0])
    assert first.status_code == 200 and first.headers["content-type"] == "audio/midi"
    assert first.content[:4] == b"MThd"
    midi = mido.MidiFile(file=io.BytesIO(first.content), charset="utf-8")
    assert midi.ticks_per_beat == 960 and midi.type == 0
    assert midi.tracks[0].name == "John Bonham – Var 1"  # UTF-8, as DAWs read it
    z = client.get(body["zip_url"])
    assert z.status_code == 200 and z.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(z.content)).namelist()
    assert sorted(names) == sorted(u.rsplit("/", 1)[1] for u in body["midi_files"])


@pytest.mark.parametrize("path", [
    "/api/v1/files/../../etc/passwd", "/api/v1/files/%2e%2e/%2e%2e/etc/passwd",
    "/api/v1/files/0123456789abcdef0123456789abcdef.json",
    "/api/v1/files/0123456789abcdef0123456789abcdef/x.mid",
    "/api/v1/files/not-an-id/x.mid", "/api/v1/files/not-an-id.zip",
])
def test_files_refuse_traversal_and_unknown(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404


def test_manifest_is_not_downloadable(client: TestClient) -> None:
    body = _generate(client, bars=1, variations=1)
    gid = body["generation_id"]
    for path in (f"/api/v1/files/{gid}/../{gid}.json", f"/api/v1/files/{gid}.json",
                 f"/api/v1/files/{gid}/{gid}.json", f"/api/v1/files/{gid}/.{gid}.json.tmp"):
        r = client.get(path)
        assert r.status_code == 404 and set(r.json()) == ERROR_KEYS, path


@pytest.mark.parametrize(("body", "field", "allowed"), [
    ({"bars": 99}, "bars", "1..16"), ({"bars": 0}, "bars", "1..16"),
    ({"tempo": 10}, "tempo", "40..300"), ({"variations": 9}, "variations", "1..8"),
    ({"seed": -1}, "seed", "0..9223372036854775807"), ({"time_signature": "4/5"}, "time_signature", None),
    ({"time_signature": "x"}, "time_signature", None), ({"midi_type": 2}, "midi_type", None),
    ({"time_signature": [4]}, "time_signature", None),
    ({"time_signature": [4, 5]}, "time_signature", None),
    ({"time_signature": [True, 4]}, "time_signature", None),
    ({"ppq": 8}, "ppq", "24..9600"), ({"ppq": 101}, "ppq", None), ({"provider": "nope"}, "provider", None),
    ({"drum_map": "/etc/passwd"}, "drum_map", None), ({"genre": "klezmer-polka"}, "genre", None),
    ({"surprise": 1}, "surprise", None), ({"artist": ""}, "artist", None),
    ({"complexity": 1.5}, "complexity", "0..1"), ({"swing": 90}, "swing", "50..75"),
    ({"swing": 49.9}, "swing", "50..75"), ({"humanize_amount": -0.1}, "humanize_amount", "0..1"),
])
def test_bad_input_is_422_with_field(client: TestClient, body: dict[str, Any], field: str,
                                     allowed: str | None) -> None:
    r = client.post("/api/v1/generate", json={"artist": "John Bonham", **body})
    assert r.status_code == 422, r.text
    err = r.json()
    assert set(err) == ERROR_KEYS and err["details"]["field"] == field
    assert err["request_id"] == r.headers["x-request-id"]
    if allowed:
        assert err["details"]["allowed"] == allowed and allowed in err["message"]


@pytest.mark.parametrize("artist", ["a\x00b", "bell\x07", "tab\u200bzero-width", "x" * 101])
def test_artist_names_refused(client: TestClient, artist: str) -> None:
    r = client.post("/api/v1/generate", json={"artist": artist})
    assert r.status_code == 422 and r.json()["details"]["field"] == "artist"


def test_unicode_artist_and_100_characters_accepted(client: TestClient) -> None:
    assert _generate(client, artist="Mötley Crüe", variations=1)["known_artist"] is True
    assert _generate(client, artist="é" * 100, variations=1, bars=1)["artist"] == "é" * 100


def test_oversized_body_is_413(client: TestClient) -> None:
    r = client.post("/api/v1/generate", content=b'{"artist": "' + b"a" * 5000 + b'"}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == "payload_too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while streaming
        yield b'{"artist": "'
        for _ in range(10):
            yield b"a" * 1000
        yield b'"}'

    r = client.post("/api/v1/generate", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and set(r.json()) == ERROR_KEYS


def test_request_id_in_and_out(client: TestClient) -> None:
    r = client.get("/api/v1/health", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123"
    r = client.get("/api/v1/health", headers={"X-Request-ID": "bad id with spaces"})
    assert r.headers["x-request-id"] != "bad id with spaces" and len(r.headers["x-request-id"]) == 32


def test_research_status(client: TestClient) -> None:
    r = client.get("/api/v1/research/john bonham")
    assert r.status_code == 200
    body = r.json()
    assert body["exists"] and body["artist"] == "John Bonham" and body["source"] == "knowledge_base"
    assert 0 < body["confidence"] <= 1 and body["sources_count"] >= 1
    missing = client.get("/api/v1/research/Zzyzx Qwerty Nobody")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_similar_and_artists(client: TestClient) -> None:
    r = client.get("/api/v1/similar/John Bonham", params={"limit": 5})
    data = r.json()["data"]
    assert r.status_code == 200 and len(data) == 5
    assert "John Bonham" not in [d["name"] for d in data]
    assert [d["score"] for d in data] == sorted((d["score"] for d in data), reverse=True)
    assert client.get("/api/v1/similar/Zzyzx Qwerty Nobody").status_code == 404
    assert client.get("/api/v1/similar/John Bonham", params={"limit": 0}).status_code == 422
    page1 = client.get("/api/v1/artists", params={"limit": 10}).json()
    page2 = client.get("/api/v1/artists",
                       params={"limit": 10, "cursor": page1["next_cursor"]}).json()
    assert len(page1["data"]) == 10 and page1["count"] > 100
    assert page1["counts_by_status"]["knowledge_base"] == page1["count"]
    assert not {a["name"] for a in page1["data"]} & {a["name"] for a in page2["data"]}


def test_stats_and_metrics_count_generations(client: TestClient) -> None:
    before = client.get("/api/v1/stats").json()
    _generate(client, variations=1, bars=1)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # history rows are written in the background
        after = client.get("/api/v1/stats").json()
        if after["generations"]["total"] > before["generations"]["total"]:
            break
        time.sleep(0.05)
    assert after["generations"]["total"] == before["generations"]["total"] + 1
    assert after["cache"]["hits"] == before["cache"]["hits"] + 1
    assert after["providers"] == []  # no LLM calls offline
    text = client.get("/api/v1/metrics").text
    assert 'mididrumigen_http_requests_total{method="POST",route="/api/v1/generate",status="200"}' in text
    assert 'mididrumigen_generation_seconds_count{provider="template"}' in text
    assert 'mididrumigen_profile_cache_total{result="hit"}' in text


def test_health_reports_components(client: TestClient) -> None:
    r = client.get("/api/v1/health")
    body = r.json()
    assert r.status_code == 200 and body["status"] == "ok"
    assert set(body["components"]) == {"db", "storage", "knowledge_base", "genre_models",
                                       "task_runner"}


def test_health_is_503_when_the_database_is_down(tmp_path: Path) -> None:
    settings = Settings(output_dir=tmp_path, data_dir=tmp_path,
                        database_url=f"sqlite:///{tmp_path / 'h.db'}")
    with TestClient(create_app(settings)) as c:
        c.app.state.ctx.engine.dispose()  # type: ignore[attr-defined]
        (tmp_path / "h.db").unlink()
        (tmp_path / "h.db").mkdir()  # a folder where the database file was
        r = c.get("/api/v1/health")
        assert r.status_code == 503 and r.json()["components"]["db"]["ok"] is False
        assert r.json()["status"] == "degraded"


def test_openapi_and_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/v1/generate", "/api/v1/task/{task_id}", "/api/v1/health", "/api/v1/metrics",
            "/api/v1/files/{generation_id}.zip"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200
    # offline: Swagger UI's files come from the package, nothing from another host
    assert re.search(r"https?://", docs.text) is None
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert {a.rsplit(".", 1)[1] for a in assets} == {"js", "css", "png"}
    for asset in assets:
        r = client.get(asset)
        assert r.status_code == 200 and len(r.content) > 500, asset
    script = next(a for a in assets if a.endswith(".js"))
    assert "SwaggerUIBundle" in client.get(script).text
    assert client.get("/docs/assets/index.html").status_code == 404  # the dist's demo page


def test_public_bind_without_keys_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="MIDIDRUMIGEN_API_KEYS"):
        create_app(Settings(output_dir=tmp_path), bind_host="0.0.0.0")
