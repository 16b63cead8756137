"""kill -9 of a Celery worker mid-burst (issue 15): of two workers, the one running a task is
killed; what it was running and what it had reserved is run by the other — no task stays
pending or running — and every one is downloadable. Redis at 127.0.0.1:6379 (database 14,
flushed before and after)."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from harness import EXE, Server, burst, check_everything_kept, environment

BROKER = "redis://127.0.0.1:6379/14"


@pytest.fixture
def broker() -> Iterator[str]:
    client = redis.Redis.from_url(BROKER)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    client.flushdb()
    try:
        yield BROKER
    finally:
        client.flushdb()
        client.close()


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen([str(EXE), "worker", "--concurrency", "2", "--log-level",
                                 "warning"], env=env, stdout=out, stderr=subprocess.STDOUT)


def _running_worker(database_url: str, workers: dict[int, subprocess.Popen[bytes]]
                    ) -> subprocess.Popen[bytes]:
    """The worker process that is running a task right now (its owner column names it)."""
    from sqlalchemy import text

    from mididrumigen.storage.engine import make_engine

    engine = make_engine(database_url)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                owners = conn.execute(text(
                    "SELECT owner FROM tasks WHERE status = 'running'")).scalars().all()
            for owner in owners:
                pid = int(str(owner).split("|")[1])
                if pid in workers:
                    return workers[pid]
            time.sleep(0.005)
    finally:
        engine.dispose()
    raise AssertionError("no worker ever ran a task")


def test_kill_9_of_a_celery_worker_mid_burst(broker: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'celery.db'}"
    env = environment(tmp_path, url, MIDIDRUMIGEN_BROKER_URL=broker,
                      MIDIDRUMIGEN_TASK_MAX_RUNTIME_S="5")  # a 6 s visibility timeout
    workers = [_worker(env, tmp_path / f"worker{k}.log") for k in (1, 2)]
    server = Server(env, tmp_path / "server.log").start()
    try:
        got = burst(lambda: server.url, 16, async_every=1, workers=4)
        assert len(got.tasks) == 16, got.other[:3]
        victim = _running_worker(url, {w.pid: w for w in workers})
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
        finished = check_everything_kept(server.url, url, got, timeout=90)
        assert {t["status"] for t in finished.values()} == {"succeeded"}, [
            t["error"] for t in finished.values() if t["error"]]
    finally:
        for proc in workers:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()
        server.stop()
