"""Storage that cannot be written (issue 15): a full disk and a read-only database. Nothing is
acknowledged that is not saved — the server answers 503 and /health says what is wrong — and
once the fault is gone, every generation acknowledged before, during and after it is
downloadable and in the history."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from harness import Burst, Server, burst, check_everything_kept, environment

from mididrumigen.storage.engine import open_engine

IS_ROOT = os.geteuid() == 0


def _fill(folder: Path) -> Path:
    """Fill the file system under `folder` to the last byte; the filler file."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for size in (65536, 4096, 1):  # big blocks, then the last pages and bytes
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError as e:
                assert e.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


class DiskFault:
    """Where the server keeps its data and output, and how to fill it up and free it again: a
    3 MB tmpfs filled to the last byte (needs root), else the server's file-size limit
    lowered to one byte (RLIMIT_FSIZE through prlimit) — its writes fail as on a full disk."""

    def __init__(self, root: Path, tmpfs: bool) -> None:
        self.root, self.tmpfs = root, tmpfs
        self.filler: Path | None = None

    def fill(self, server: Server) -> None:
        if self.tmpfs:
            self.filler = _fill(self.root)
        else:
            assert server.proc is not None
            resource.prlimit(server.proc.pid, resource.RLIMIT_FSIZE,
                             (1, resource.RLIM_INFINITY))

    def free(self, server: Server) -> None:
        if self.filler is not None:
            self.filler.unlink()
        else:
            assert server.proc is not None
            resource.prlimit(server.proc.pid, resource.RLIMIT_FSIZE,
                             (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[DiskFault]:
    mount = tmp_path / "small"
    mount.mkdir()
    mounted = IS_ROOT and shutil.which("mount") is not None and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
        capture_output=True).returncode == 0
    try:
        yield DiskFault(mount, mounted)
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(mount)], check=False)


def _health(server: Server) -> dict[str, Any]:
    return httpx.get(f"{server.url}/api/v1/health", timeout=10).json()


def test_full_disk(disk: DiskFault) -> None:
    url = f"sqlite:///{disk.root / 'data' / 'full.db'}"
    env = environment(disk.root, url)
    open_engine(url).dispose()  # created and migrated while there is room
    server = Server(env, disk.root.parent / "server.log").start()
    try:
        before = burst(lambda: server.url, 6, async_every=0)
        assert len(before.acked) == 6
        disk.fill(server)
        during = burst(lambda: server.url, 12, async_every=4)
        assert during.acked == [], "acknowledged a generation on a full disk"
        assert {o.split()[0] for o in during.other} <= {"503"}, during.other[:3]
        health = _health(server)
        assert health["status"] == "degraded" and not health["components"]["storage"]["ok"]
        disk.free(server)
        after = burst(lambda: server.url, 6, async_every=3)
        assert after.acked
        everything = Burst(acked=before.acked + during.acked + after.acked,
                           tasks=during.tasks + after.tasks)
        check_everything_kept(server.url, url, everything)
        assert _health(server)["status"] == "ok"
    finally:
        server.stop()


def _make_read_only(db: Path) -> None:
    if IS_ROOT:  # root ignores permissions; the immutable attribute stops root too
        subprocess.run(["chattr", "+i", str(db)], check=True)
    else:
        db.chmod(0o444)


def _make_writable(db: Path) -> None:
    if IS_ROOT:
        subprocess.run(["chattr", "-i", str(db)], check=True)
    else:
        db.chmod(0o644)


def test_read_only_database(tmp_path: Path) -> None:
    db = tmp_path / "data" / "ro.db"
    url = f"sqlite:///{db}"
    env = environment(tmp_path, url)
    open_engine(url).dispose()
    _make_read_only(db)
    try:
        server = Server(env, tmp_path / "server.log").start(ready=False)
        try:
            got = burst(lambda: server.url, 10, async_every=5)
            assert got.acked == [] and got.tasks == [], "acknowledged without a record"
            assert all(o.startswith("503") for o in got.other), got.other[:3]
            health = _health(server)
            assert health["status"] == "degraded" and not health["components"]["db"]["ok"]
        finally:
            server.stop()
        assert list((tmp_path / "out" / "api").glob("*.json")) == []
    finally:
        _make_writable(db)
    server = Server(env, tmp_path / "server.log").start()
    try:
        after = burst(lambda: server.url, 6)
        check_everything_kept(server.url, url, after)
    finally:
        server.stop()
