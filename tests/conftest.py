"""Test-wide guards: no network beyond loopback, and a private data dir per test session; the
session's services.Runtime (`runtime`)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from mididrumigen.services import Runtime


# Properties are checked for what they compute, never for how fast: no per-example deadline
# (Hypothesis's default 200 ms fails examples at random on a loaded 2-core CI machine).
settings.register_profile("mididrumigen", deadline=None)
settings.load_profile("mididrumigen")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under CI the shared corpus must be there: tests that read it would otherwise skip."""
    import os

    from corpus_paths import GMD

    if os.environ.get("CI") and not (GMD / "info.csv").is_file():
        raise pytest.UsageError(f"CI needs the Groove MIDI Dataset at {GMD} (../shared beside "
                                "the repository, or MIDIDRUMIGEN_GMD)")


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_loopback(address: object) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # unix sockets and the like
    host = str(address[0])
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name: would need DNS, which is the network


def _guarded_connect(self: socket.socket, address: object) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
        raise RuntimeError(f"tests must not touch the network (tried {address!r})")
    return _real_connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
        raise RuntimeError(f"tests must not touch the network (tried {address!r})")
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


@pytest.fixture(autouse=True, scope="session")
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    import os

    os.environ["MIDIDRUMIGEN_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    os.environ["MIDIDRUMIGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    # a developer's real provider keys must never send a test to a paid API: tests that want a
    # provider set its key and point its base URL at a loopback fake
    for key in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY"):
        os.environ.pop(key, None)


@pytest.fixture(scope="session")
def runtime(_private_data_dir: None) -> Iterator[Runtime]:
    """The session's Runtime over Settings() (no database; pass db= where one is needed)."""
    from shared_runtime import close_shared_runtime, shared_runtime

    yield shared_runtime()
    close_shared_runtime()
