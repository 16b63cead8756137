"""`mididrumigen serve --workers 2`: two server processes on one port share the database and the
file store, so a generation answered by one process downloads from the other."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_two_worker_processes_serve_generations_and_files(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "MIDIDRUMIGEN_DATA_DIR": str(tmp_path),
           "MIDIDRUMIGEN_OUTPUT_DIR": str(tmp_path / "out"),
           "MIDIDRUMIGEN_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}",
           "MIDIDRUMIGEN_RATE_LIMIT_PER_MINUTE": "0"}
    exe = Path(sys.executable).parent / "mididrumigen"
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--workers", "2",
                             "--log-level", "warning"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        with httpx.Client(base_url=base, timeout=10) as c:
            gens = [c.post("/api/v1/generate", json={"artist": "Sly Dunbar", "variations": 1,
                                                     "seed": k}).json() for k in range(12)]
            time.sleep(0.6)  # the manifest writers flush every 0.25 s
            for g in gens:  # each file from whichever process answers the download
                r = c.get(g["midi_files"][0])
                assert r.status_code == 200 and r.content[:4] == b"MThd", r.text
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stderr:
            proc.stderr.close()
    # both processes flushed their history rows on shutdown
    from mididrumigen import services

    db = services.open_database(f"sqlite:///{tmp_path / 'w.db'}")
    assert len(services.history(db, limit=100, artist="Sly Dunbar")) == 12
