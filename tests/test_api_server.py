"""The server's own limits (issue 15): connections that never finish their headers are closed
(slowloris), past a cap new ones are refused at once, and a body that trickles in is cut off;
`serve` with the database down says so in one line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from live_server import live_server
from mididrumigen.api.server import GuardedH11Protocol, GuardedHttpToolsProtocol, uvicorn_options
from mididrumigen.config import Settings


class QuickGuard(GuardedHttpToolsProtocol):  # what serve runs
    header_timeout_s = 0.5
    max_connections = 20


class QuickH11Guard(GuardedH11Protocol):  # without httptools
    header_timeout_s = 0.5
    max_connections = 20


def test_serve_runs_the_guarded_httptools_protocol() -> None:
    assert uvicorn_options()["http"] == "mididrumigen.api.server:GuardedHttpToolsProtocol"


def _settings(root: Path) -> Settings:
    return Settings(output_dir=root / "out", data_dir=root, rate_limit_per_minute=0,
                    database_url=f"sqlite:///{root / 's.db'}")


def _closed_by_server(sock: socket.socket) -> bool:
    try:
        return sock.recv(1024) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


@pytest.mark.parametrize("guard", [QuickGuard, QuickH11Guard], ids=["httptools", "h11"])
def test_half_open_connections_are_bounded_and_closed(tmp_path: Path, guard: type) -> None:
    options = {**uvicorn_options(), "http": guard}
    with live_server(_settings(tmp_path), **options) as url:
        port = int(url.rsplit(":", 1)[1])
        socks = []
        for _ in range(30):  # 30 clients sending half a request and waiting
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            s.settimeout(15)
            socks.append(s)
        try:
            assert all(_closed_by_server(s) for s in socks)  # over the cap or out of time
        finally:
            for s in socks:
                s.close()
        r = httpx.get(f"{url}/api/v1/health", timeout=10)  # and the server still answers
        assert r.status_code == 200


@pytest.mark.parametrize("guard", [QuickGuard, QuickH11Guard], ids=["httptools", "h11"])
def test_a_kept_alive_connection_gets_the_same_deadline_for_its_next_request(
        tmp_path: Path, guard: type) -> None:
    with live_server(_settings(tmp_path), **{**uvicorn_options(), "http": guard}) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as s:
            s.settimeout(15)
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert s.recv(65536).startswith(b"HTTP/1.1 200")
            s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            assert _closed_by_server(s)


@pytest.mark.parametrize("guard", [QuickGuard, QuickH11Guard], ids=["httptools", "h11"])
def test_a_body_that_trickles_in_is_cut_off(tmp_path: Path, guard: type) -> None:
    from mididrumigen.api import middleware

    old = middleware.BODY_TIMEOUT_S
    middleware.BODY_TIMEOUT_S = 0.5
    try:
        with live_server(_settings(tmp_path), **{**uvicorn_options(), "http": guard}) as url:
            port = int(url.rsplit(":", 1)[1])
            with socket.create_connection(("127.0.0.1", port)) as s:
                s.sendall(b"POST /api/v1/generate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          b"Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{")
                s.settimeout(15)
                answer = s.recv(4096)
            assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    finally:
        middleware.BODY_TIMEOUT_S = old


def test_serve_with_the_database_down_says_so_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    env = {**os.environ, "MIDIDRUMIGEN_DATA_DIR": str(tmp_path),
           "MIDIDRUMIGEN_DATABASE_URL": f"postgresql://nobody@127.0.0.1:{closed}/none"}
    exe = Path(sys.executable).parent / "mididrumigen"
    done = subprocess.run([str(exe), "serve", "--port", "1"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in done.stderr
    assert "database" in lines[0]
