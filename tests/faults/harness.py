"""The fault suite's harness: a real `mididrumigen serve` (or `worker`) process, a burst of
generations against it, and the checks every fault must pass — each acknowledged generation
downloadable and recorded, each accepted task in a final state."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

EXE = Path(sys.executable).parent / "mididrumigen"
FINAL = ("succeeded", "failed", "cancelled")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(root: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "MIDIDRUMIGEN_DATA_DIR": str(root / "data"),
           "MIDIDRUMIGEN_OUTPUT_DIR": str(root / "out"), "MIDIDRUMIGEN_DATABASE_URL": database_url,
           "MIDIDRUMIGEN_RATE_LIMIT_PER_MINUTE": "0", "MIDIDRUMIGEN_TASK_HEARTBEAT_S": "0.5",
           "MIDIDRUMIGEN_RESEARCH_CACHE_TTL_S": "0"}
    env.pop("MIDIDRUMIGEN_BROKER_URL", None)
    env.update(extra)
    return env


class Server:
    """`mididrumigen serve` in a subprocess on a free port."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log_path = env, log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, *, ready: bool = True, **popen: Any) -> Server:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen([str(EXE), "serve", "--port", str(self.port), "--log-level",
                                      "warning", "--task-workers", "2"], env=self.env,
                                     stdout=log, stderr=subprocess.STDOUT, **popen)
        log.close()
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"{self.url}/api/v1/health", timeout=2)
                if r.status_code == 200 or (not ready and r.status_code == 503):
                    return self
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"server did not start:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.1)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def serving(env: dict[str, str], log: Path, **kw: Any) -> Iterator[Server]:
    server = Server(env, log).start(**kw)
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Burst:
    """What a burst of requests got back: acknowledged generations (200), accepted tasks (202)
    and everything else (errors, refused connections)."""

    acked: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def answered(self) -> int:
        return len(self.acked) + len(self.tasks)


def burst(url: Callable[[], str], count: int, *, async_every: int = 3, workers: int = 4,
          result: Burst | None = None, pause_s: float = 0.0,
          stop: threading.Event | None = None) -> Burst:
    """`count` generations (every `async_every`-th queued as a task) from `workers` threads;
    those not sent yet when `stop` is set are not sent."""
    out = result or Burst()

    def one(k: int) -> None:
        if stop is not None and stop.is_set():
            return
        body: dict[str, Any] = {"artist": ("Tony Allen", "Questlove", "Sly Dunbar")[k % 3],
                                "variations": 1, "bars": 2, "seed": k}
        if async_every and k % async_every == 0:
            body["async"] = True
        try:
            r = httpx.post(f"{url()}/api/v1/generate", json=body, timeout=60)
        except httpx.HTTPError as e:
            with out.lock:
                out.other.append(type(e).__name__)
            return
        with out.lock:
            if r.status_code == 200:
                out.acked.append(r.json())
            elif r.status_code == 202:
                out.tasks.append(r.json()["task_id"])
            else:
                out.other.append(f"{r.status_code} {r.text[:120]}")
        if pause_s:
            time.sleep(pause_s)

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, range(count)))
    return out


def wait_final(url: str, task_ids: list[str], timeout: float = 90) -> dict[str, dict[str, Any]]:
    """Every task's final answer; AssertionError naming those that did not get there."""
    done: dict[str, dict[str, Any]] = {}
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=url, timeout=10) as c:
        while len(done) < len(task_ids) and time.monotonic() < deadline:
            for task_id in task_ids:
                if task_id in done:
                    continue
                try:
                    body = c.get(f"/api/v1/task/{task_id}").json()
                except (httpx.HTTPError, ValueError):
                    continue
                if body.get("status") in FINAL:
                    done[task_id] = body
            time.sleep(0.2)
    stuck = [t for t in task_ids if t not in done]
    assert not stuck, f"{len(stuck)} task(s) never reached a final state: {stuck[:5]}"
    return done


def assert_downloadable(url: str, generations: list[dict[str, Any]]) -> None:
    with httpx.Client(base_url=url, timeout=30) as c:
        for g in generations:
            z = c.get(g["zip_url"])
            assert z.status_code == 200 and z.content[:2] == b"PK", (g["generation_id"], z.text)
            for f in g["midi_files"]:
                m = c.get(f)
                assert m.status_code == 200 and m.content[:4] == b"MThd", (f, m.text[:200])


def recorded_ids(database_url: str) -> set[str]:
    from sqlalchemy import text

    from mididrumigen.storage.engine import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return {r[0] for r in conn.execute(text(
                "SELECT generation_id FROM generation_history WHERE generation_id IS NOT NULL"))}
    finally:
        engine.dispose()


def check_everything_kept(url: str, database_url: str, got: Burst,
                          timeout: float = 90) -> dict[str, dict[str, Any]]:
    """Every acknowledged generation downloadable and in the history; every accepted task
    final, and every task that succeeded downloadable too."""
    finished = wait_final(url, got.tasks, timeout)
    succeeded = [t["result"] for t in finished.values() if t["status"] == "succeeded"]
    assert_downloadable(url, got.acked + succeeded)
    missing = {g["generation_id"] for g in got.acked + succeeded} - recorded_ids(database_url)
    assert not missing, f"acknowledged but not in the history: {sorted(missing)[:5]}"
    return finished
