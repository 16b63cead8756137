"""The in-process task runner: state in the database, progress, single-flight joins, recovery
of tasks a dead process left running, and survival across app restarts."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mididrumigen.api.app import create_app
from mididrumigen.config import Settings
from mididrumigen.storage.engine import open_engine, session_scope
from mididrumigen.storage.task_store import create_task, get_task
from mididrumigen.tasks import jobs, state
from mididrumigen.tasks.local import LocalRunner


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(output_dir=tmp_path / "out", data_dir=tmp_path,
                    database_url=f"sqlite:///{tmp_path / 'tasks.db'}", rate_limit_per_minute=0)


class Gate:
    """A fake job that reports progress and then waits until the test opens the gate."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.started = threading.Event()
        self.runs: list[dict[str, Any]] = []

    def __call__(self, params: dict[str, Any], ctx: jobs.JobContext) -> dict[str, Any]:
        self.runs.append(params)
        ctx.progress("Collecting", 0.5)
        self.started.set()
        if not self.opened.wait(10):
            raise TimeoutError("the test never opened the gate")
        if params.get("fail"):
            from mididrumigen.errors import ResearchError

            raise ResearchError("no sources answered")
        return {"echo": params["artist"]}


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    g = Gate()
    monkeypatch.setitem(jobs.JOBS, "gate", g)
    yield g
    g.opened.set()


@pytest.fixture
def runner(settings: Settings) -> Iterator[LocalRunner]:
    r = LocalRunner(open_engine(settings.storage.effective_database_url()), settings)
    r.start()
    yield r
    r.shutdown()


def _wait_status(engine: Any, task_id: str, wanted: set[str], timeout: float = 10) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = state.load_public(engine, task_id)
        assert found is not None
        if found["status"] in wanted:
            return found
        time.sleep(0.02)
    raise AssertionError(f"task {task_id} never reached {wanted}")


def test_progress_then_result(runner: LocalRunner, gate: Gate) -> None:
    task_id, joined = runner.submit("gate", {"artist": "Questlove"}, key="questlove")
    assert not joined
    assert gate.started.wait(10)
    running = _wait_status(runner.engine, task_id, {"running"})
    assert running["progress"] == 50.0 and running["step"] == "Collecting"
    assert running["eta_seconds"] is not None and running["eta_seconds"] >= 0
    gate.opened.set()
    done = _wait_status(runner.engine, task_id, {"succeeded"})
    assert done["result"] == {"echo": "Questlove"} and done["progress"] == 100.0
    assert done["error"] is None and done["finished_at"] is not None


def test_duplicates_join_the_running_task(runner: LocalRunner, gate: Gate) -> None:
    first, _ = runner.submit("gate", {"artist": "Stewart Copeland"}, key="stewart copeland")
    second, joined = runner.submit("gate", {"artist": "stewart  COPELAND"}, key="stewart copeland")
    other, other_joined = runner.submit("gate", {"artist": "Sting"}, key="sting")
    assert joined and second == first
    assert not other_joined and other != first
    gate.opened.set()
    _wait_status(runner.engine, first, {"succeeded"})
    _wait_status(runner.engine, other, {"succeeded"})
    assert len(gate.runs) == 2
    # finished tasks are not joined: a new request makes a new task
    third, joined_again = runner.submit("gate", {"artist": "Stewart Copeland"}, key="stewart copeland")
    assert not joined_again and third != first
    _wait_status(runner.engine, third, {"succeeded"})


def test_job_error_is_stored_with_its_message(runner: LocalRunner, gate: Gate) -> None:
    gate.opened.set()
    task_id, _ = runner.submit("gate", {"artist": "X", "fail": True})
    failed = _wait_status(runner.engine, task_id, {"failed"})
    assert failed["error"] == "no sources answered" and failed["result"] is None


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_running_task_of_a_dead_process_is_failed_at_startup(settings: Settings) -> None:
    engine = open_engine(settings.storage.effective_database_url())
    import socket

    dead = f"{socket.gethostname()}|{_dead_pid()}|gone"
    elsewhere = "other-host|1|x"
    with session_scope(engine) as s:
        crashed = create_task(s, "generate", {"artist": "A"}, owner=dead).id
        remote = create_task(s, "generate", {"artist": "B"}, owner=elsewhere).id
        queued = create_task(s, "generate", {"artist": "C"}, owner=state.QUEUED_ON_BROKER).id
        s.flush()
        get_task(s, crashed).status = "running"
        get_task(s, remote).status = "running"
    with TestClient(create_app(settings)) as client:
        body = client.get(f"/api/v1/task/{crashed}").json()
        assert body["status"] == "failed"
        assert body["error"].startswith("interrupted:") and "submit it again" in body["error"]
        assert client.get(f"/api/v1/task/{remote}").json()["status"] == "running"
        assert client.get(f"/api/v1/task/{queued}").json()["status"] == "pending"


def test_task_survives_a_restart(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        done = client.post("/api/v1/generate", json={"artist": "Sheila E.", "bars": 1,
                                                     "variations": 1, "async": True}).json()
        finished = _wait_status(open_engine(settings.storage.effective_database_url()), done["task_id"],
                                {"succeeded", "failed"})
        assert finished["status"] == "succeeded"
    with TestClient(create_app(settings)) as client:
        again = client.get(f"/api/v1/task/{done['task_id']}").json()
        assert again["status"] == "succeeded"
        stored = finished["result"]  # services' GenerationResult.to_dict(); the API adds URLs
        assert again["result"]["midi_files"] == [
            f"/api/v1/files/{stored['generation_id']}/{name}" for name in stored["files"]]
        assert client.get(again["result"]["midi_files"][0]).content[:4] == b"MThd"


def test_recovery_marks_a_task_of_a_stopped_runner_in_this_process(settings: Settings) -> None:
    engine = open_engine(settings.storage.effective_database_url())
    owner = state.owner_id("stopped-runner")
    with session_scope(engine) as s:
        task_id = create_task(s, "generate", {"artist": "A"}, owner=owner).id
    assert state.recover_interrupted(engine) == [task_id]
    state.runner_started("live-runner")
    try:
        with session_scope(engine) as s:
            live = create_task(s, "generate", {}, owner=state.owner_id("live-runner")).id
        assert state.recover_interrupted(engine) == []
        assert state.load_public(engine, live)["status"] == "pending"  # type: ignore[index]
    finally:
        state.runner_stopped("live-runner")
