"""A real uvicorn server for tests: create_app on a free loopback port, in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from mididrumigen.api.app import create_app
from mididrumigen.config import Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(app_settings: Settings, **options: Any) -> Iterator[str]:
    """Serve create_app(app_settings) on a free loopback port in a thread (`options`: more
    uvicorn.Config settings); stop it after."""
    port = _free_port()
    config = uvicorn.Config(create_app(app_settings), host="127.0.0.1", port=port,
                            log_level="warning", access_log=False, lifespan="on", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
