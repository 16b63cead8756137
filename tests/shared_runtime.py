"""One services.Runtime for the whole test session (the `runtime` fixture in conftest.py), also
usable from module-level helpers: `engine()` and `resolve_profile(...)` over it.

It has no database; a test that wants one passes `db=` or makes its own Runtime."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mididrumigen.groove.engine import GrooveEngine
    from mididrumigen.services import ResolvedProfile, Runtime

_lock = threading.Lock()
_runtime: list[Runtime] = []


def shared_runtime() -> Runtime:
    """Made on first use (after conftest pointed the data dir at a temporary folder)."""
    with _lock:
        if not _runtime:
            from mididrumigen.config import Settings
            from mididrumigen.services import Runtime

            _runtime.append(Runtime(Settings()))
        return _runtime[0]


def close_shared_runtime() -> None:
    with _lock:
        while _runtime:
            _runtime.pop().close()


def engine() -> GrooveEngine:
    return shared_runtime().groove_engine


def resolve_profile(artist: str, genre: str | None = None, **kwargs: Any) -> ResolvedProfile:
    from mididrumigen import services

    return services.resolve_profile(shared_runtime(), artist, genre, **kwargs)
