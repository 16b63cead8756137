"""A generation is acknowledged only once it is saved (issue 15): storage that cannot be
written (a full or unwritable output folder, a read-only database) answers 503 and leaves
nothing that looks saved; /health says which part cannot be written; a generation's files are
served only as its manifest names them, never through a symbolic link."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mididrumigen import services
from mididrumigen.api.app import create_app
from mididrumigen.config import Settings
from mididrumigen.storage.engine import open_engine

BODY = {"artist": "Tony Allen", "variations": 2, "seed": 5}


def _settings(root: Path, **extra: Any) -> Settings:
    values: dict[str, Any] = {"output_dir": root / "out", "data_dir": root,
                              "database_url": f"sqlite:///{root / 'd.db'}",
                              "rate_limit_per_minute": 0, **extra}
    return Settings(**values)


def _history(root: Path) -> int:
    return len(services.history(open_engine(f"sqlite:///{root / 'd.db'}"), limit=1000))


def test_an_unwritable_output_folder_acknowledges_nothing(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("a file where the store's folder should be")
    with TestClient(create_app(_settings(tmp_path))) as c:
        for extra in ({}, {"async": True}):
            r = c.post("/api/v1/generate", json={**BODY, **extra})
            if extra:  # queued, then failed: never "succeeded" without its files
                task = c.get(r.json()["poll_url"]).json()
                while task["status"] in ("pending", "running"):
                    task = c.get(r.json()["poll_url"]).json()
                assert task["status"] == "failed" and "cannot save" in task["error"]
            else:
                assert r.status_code == 503, r.text
                assert r.json()["error"] == "storage_unavailable"
        health = c.get("/api/v1/health")
        assert health.status_code == 503
        assert health.json()["components"]["storage"]["ok"] is False
    assert _history(tmp_path) == 0


def test_a_read_only_database_acknowledges_nothing(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    open_engine(settings.storage.effective_database_url()).dispose()  # created and migrated
    read_only = _settings(tmp_path, database_url=f"sqlite:///file:{tmp_path / 'd.db'}"
                                                 "?mode=ro&uri=true")
    with TestClient(create_app(read_only)) as c:
        r = c.post("/api/v1/generate", json=BODY)
        assert r.status_code == 503 and "readonly" in r.json()["message"]
        health = c.get("/api/v1/health").json()
        assert health["status"] == "degraded" and health["components"]["db"]["ok"] is False
    assert list((tmp_path / "out" / "api").glob("*.json")) == []  # no orphan manifest
    assert _history(tmp_path) == 0


def test_acknowledged_generations_are_on_disk_when_the_answer_comes(tmp_path: Path) -> None:
    with TestClient(create_app(_settings(tmp_path))) as c:
        gens = [c.post("/api/v1/generate", json={**BODY, "seed": k}).json() for k in range(5)]
        on_disk = {p.stem for p in (tmp_path / "out" / "api").glob("*.json")}
        assert {g["generation_id"] for g in gens} <= on_disk  # before any shutdown flush
        assert _history(tmp_path) == 5
        assert c.get("/api/v1/health").json()["components"]["storage"]["ok"] is True


def test_only_files_the_manifest_names_are_served_and_never_through_links(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    with TestClient(create_app(_settings(tmp_path))) as c:
        gen = c.post("/api/v1/generate", json=BODY).json()
        gid = gen["generation_id"]
        folder = tmp_path / "out" / "api" / gid
        assert c.get(gen["midi_files"][0]).status_code == 200  # renders the folder
        (folder / "outside.mid").symlink_to(secret)
        r = c.get(f"/api/v1/files/{gid}/outside.mid")
        assert r.status_code == 404 and "root:x" not in r.text
        listed = gen["midi_files"][1].rsplit("/", 1)[1]
        (folder / listed).unlink()
        (folder / listed).symlink_to(secret)  # a listed name, replaced by a link
        r = c.get(gen["midi_files"][1])
        assert r.status_code == 200 and r.content[:4] == b"MThd"  # rendered again, not read
        assert c.get(gen["zip_url"]).status_code == 200
        assert secret.read_text() == "root:x:0:0"
        other = c.post("/api/v1/generate", json={**BODY, "seed": 9}).json()
        manifest = tmp_path / "out" / "api" / f"{other['generation_id']}.json"
        target = tmp_path / "elsewhere.json"
        os.replace(manifest, target)
        manifest.symlink_to(target)
    with TestClient(create_app(_settings(tmp_path))) as c:  # no manifest cached in memory
        assert c.get(other["midi_files"][0]).status_code == 404


@pytest.mark.parametrize("name", ["../d.db", "..%2Fd.db", "x.txt", ".hidden.mid"])
def test_names_outside_the_manifest_are_404(tmp_path: Path, name: str) -> None:
    with TestClient(create_app(_settings(tmp_path))) as c:
        gen = c.post("/api/v1/generate", json=BODY).json()
        assert c.get(f"/api/v1/files/{gen['generation_id']}/{name}").status_code == 404
