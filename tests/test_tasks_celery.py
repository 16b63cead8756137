"""Celery + Redis for real: a `mididrumigen worker` process runs the tasks the API queues.

Uses Redis DB 13 on 127.0.0.1:6379 (flushed before and after) and a SQLite file shared by the
test process (the API) and the worker process.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient

from mididrumigen.api.app import create_app
from mididrumigen.config import Settings
from mididrumigen.storage.engine import open_engine, session_scope
from mididrumigen.storage.task_store import get_task

BROKER = "redis://127.0.0.1:6379/13"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(output_dir=tmp_path / "out", data_dir=tmp_path, broker_url=BROKER,
                    database_url=f"sqlite:///{tmp_path / 'celery.db'}", rate_limit_per_minute=0)


@pytest.fixture
def worker(settings: Settings, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    client = redis.Redis.from_url(BROKER)
    client.flushdb()
    env = {**os.environ, "MIDIDRUMIGEN_BROKER_URL": BROKER,
           "MIDIDRUMIGEN_DATABASE_URL": str(settings.storage.database_url),
           "MIDIDRUMIGEN_OUTPUT_DIR": str(settings.storage.output_dir),
           "MIDIDRUMIGEN_DATA_DIR": str(tmp_path)}
    log = (tmp_path / "worker.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "mididrumigen.cli.serve", "worker",
                             "--concurrency", "1", "--log-level", "warning"],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        client.flushdb()
        client.close()


def test_worker_process_runs_queued_generation(settings: Settings,
                                               worker: subprocess.Popen[bytes],
                                               tmp_path: Path) -> None:
    with TestClient(create_app(settings)) as client:
        health = client.get("/api/v1/health").json()
        assert health["components"]["broker"]["ok"] is True
        accepted = client.post("/api/v1/generate", json={
            "artist": "Stewart Copeland", "bars": 2, "variations": 2, "async": True}).json()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            task = client.get(accepted["poll_url"]).json()
            if task["status"] in ("succeeded", "failed"):
                break
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            time.sleep(0.1)
        assert task["status"] == "succeeded", (task, (tmp_path / "worker.log").read_text())
        assert task["result"]["artist"] == "Stewart Copeland"
        assert client.get(task["result"]["midi_files"][0]).content[:4] == b"MThd"
    with session_scope(open_engine(settings.storage.effective_database_url())) as s:
        row = get_task(s, accepted["task_id"])
        assert row is not None and "_owner" not in row.params
        owner = row.owner or ""
    assert owner.split("|")[1] == str(worker.pid)  # it ran in the worker process


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_broker_down_is_503(tmp_path: Path) -> None:
    settings = Settings(output_dir=tmp_path, data_dir=tmp_path,
                        database_url=f"sqlite:///{tmp_path / 'down.db'}",
                        broker_url=f"redis://127.0.0.1:{_closed_port()}/0")
    with TestClient(create_app(settings)) as client:
        health = client.get("/api/v1/health")
        assert health.status_code == 503
        assert health.json()["components"]["broker"]["ok"] is False
