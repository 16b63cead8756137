"""Every task reaches a final state (issue 15): tasks whose owner went silent are queued again
and run, a task is retried a bounded number of times and one that runs too long is failed, an
owner that was replaced cannot overwrite the new run's result, jobs run twice are recorded
once, engine generations never wait behind research, and Celery is configured for
at-least-once delivery as its documentation describes."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from mididrumigen import services
from mididrumigen.config import Settings
from mididrumigen.storage.columns import utcnow
from mididrumigen.storage.engine import open_engine, session_scope
from mididrumigen.storage.task_store import claim_task, create_task, get_task
from mididrumigen.tasks import jobs, state
from mididrumigen.tasks.keeper import KeeperPolicy, TaskKeeper, visibility_timeout_s
from mididrumigen.tasks.local import LocalRunner

FAST = KeeperPolicy(interval_s=0.1, stale_after_s=0.6, max_attempts=3, max_runtime_s=60,
                    broker_resend_s=120)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(output_dir=tmp_path / "out", data_dir=tmp_path, rate_limit_per_minute=0,
                    database_url=f"sqlite:///{tmp_path / 'k.db'}")


@pytest.fixture
def runner(settings: Settings) -> Iterator[LocalRunner]:
    engine = open_engine(settings.storage.effective_database_url())
    with services.Runtime(settings, database=engine) as runtime:
        r = LocalRunner(engine, settings, workers=1, policy=FAST, runtime=runtime)
        r.start()
        yield r
        r.shutdown()


def _final(engine: Any, task_id: str, timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = state.load_public(engine, task_id)
        if found is not None and found["status"] in ("succeeded", "failed"):
            return found
        time.sleep(0.05)
    raise AssertionError(f"task {task_id} never finished: {state.load_public(engine, task_id)}")


def test_a_task_whose_owner_went_silent_is_run_again(runner: LocalRunner) -> None:
    """Another host's worker claimed it and stopped sending heartbeats."""
    with session_scope(runner.engine) as s:
        task_id = create_task(s, "generate", {"artist": "Tony Allen", "variations": 1}).id
        claim_task(s, task_id, "other-host|4242|worker")
        row = get_task(s, task_id)
        assert row is not None
        row.heartbeat_at = utcnow() - timedelta(seconds=5)
    done = _final(runner.engine, task_id)
    assert done["status"] == "succeeded", done
    with session_scope(runner.engine) as s:
        row = get_task(s, task_id)
        assert row is not None and row.attempts == 2 and row.owner == runner.owner


def test_a_replaced_owner_cannot_overwrite_the_new_run(settings: Settings) -> None:
    engine = open_engine(settings.storage.effective_database_url())
    with session_scope(engine) as s:
        task_id = create_task(s, "generate", {}).id
        claim_task(s, task_id, "old-host|1|w")
    state.runner_started("new")
    try:
        new = state.owner_id("new")
        keeper = TaskKeeper(engine, held=set, owner=new, requeue=lambda _: None,
                            requeue_owner=new, policy=KeeperPolicy(stale_after_s=0))
        assert keeper.tick() == [task_id]
        assert state.claim(engine, task_id, new) is not None
        assert not state.finish(engine, task_id, owner="old-host|1|w", error="late and wrong")
        assert state.finish(engine, task_id, owner=new, result={"ok": True})
    finally:
        state.runner_stopped("new")
    assert state.load_public(engine, task_id)["result"] == {"ok": True}  # type: ignore[index]


def test_a_task_running_too_long_is_failed(settings: Settings) -> None:
    engine = open_engine(settings.storage.effective_database_url())
    with session_scope(engine) as s:
        task_id = create_task(s, "research", {}).id
        claim_task(s, task_id, state.owner_id("busy"))
        row = get_task(s, task_id)
        assert row is not None
        row.started_at = utcnow() - timedelta(seconds=120)
    state.runner_started("busy")
    try:
        keeper = TaskKeeper(engine, held=lambda: {"x"}, owner=state.owner_id("busy"),
                            requeue=lambda _: None, requeue_owner="", policy=FAST)
        assert keeper.tick() == [task_id]
    finally:
        state.runner_stopped("busy")
    failed = state.load_public(engine, task_id)
    assert failed is not None and failed["status"] == "failed"
    assert "ran longer than 60 s" in failed["error"]


def test_a_generation_run_twice_is_saved_and_recorded_once(settings: Settings) -> None:
    engine = open_engine(settings.storage.effective_database_url())
    params = services.GenerateCommand.from_fields({"artist": "Sly Dunbar", "variations": 1,
                                                   "seed": 4}).to_fields()
    with services.Runtime(settings, database=engine) as runtime:
        ctx = jobs.JobContext(engine, settings, lambda step, frac: None, runtime,
                              "0f2c5d9e-6b1a-4e8f-9c3d-2a1b0c9d8e7f")
        first, second = jobs.JOBS["generate"](params, ctx), jobs.JOBS["generate"](params, ctx)
    assert first["generation_id"] == second["generation_id"] == "0f2c5d9e6b1a4e8f9c3d2a1b0c9d8e7f"
    assert len(services.history(engine, limit=10)) == 1
    assert len(list((settings.storage.output_dir / "api").glob("*.json"))) == 1


def test_engine_generations_do_not_wait_behind_research(runner: LocalRunner,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """One thread per lane: a research task stuck on a tarpit holds only the research lane."""
    release = threading.Event()

    def stuck(params: dict[str, Any], ctx: jobs.JobContext) -> dict[str, Any]:
        release.wait(30)
        return {}

    monkeypatch.setitem(jobs.JOBS, "research", stuck)
    try:
        stuck_ids = [runner.submit("research", {"artist": f"R{i}"})[0] for i in range(3)]
        gen, _ = runner.submit("generate", {"artist": "Tony Allen", "variations": 1})
        assert _final(runner.engine, gen)["status"] == "succeeded"
        assert state.load_public(runner.engine, stuck_ids[-1])["status"] == "pending"  # type: ignore[index]
    finally:
        release.set()
    for task_id in stuck_ids:
        assert _final(runner.engine, task_id)["status"] == "succeeded"


def test_celery_is_configured_for_at_least_once_delivery(settings: Settings) -> None:
    from mididrumigen.tasks.celery_app import celery_settings

    conf = celery_settings(settings)
    assert conf["task_acks_late"] is True and conf["task_reject_on_worker_lost"] is True
    assert conf["worker_prefetch_multiplier"] == 1
    timeout = conf["broker_transport_options"]["visibility_timeout"]
    assert timeout == visibility_timeout_s(settings) > settings.tasks.max_runtime_s
