"""kill -9 of the server mid-burst (issue 15): after a restart every acknowledged generation is
downloadable and in the history, and every accepted task reaches a final state (the tasks the
dead process held are run again by the new one)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from harness import Burst, Server, burst, check_everything_kept, environment


def test_kill_9_of_the_server_mid_burst(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'kill.db'}"
    env = environment(tmp_path, url)
    server = Server(env, tmp_path / "server.log").start()
    got = Burst()
    worker = threading.Thread(target=burst, args=(lambda: server.url, 60),
                              kwargs={"result": got, "workers": 4})
    worker.start()
    deadline = time.monotonic() + 60
    while got.answered < 12 and time.monotonic() < deadline:
        time.sleep(0.02)
    server.kill()
    worker.join(120)
    assert got.acked and got.tasks, got.other[:5]
    try:
        server.start()
        finished = check_everything_kept(server.url, url, got)
        assert {t["status"] for t in finished.values()} == {"succeeded"}
    finally:
        server.stop()
