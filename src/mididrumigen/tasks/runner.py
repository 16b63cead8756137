"""make_runner(): the in-process runner by default, Celery when a broker URL is configured."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from .jobs import Observer

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..config import Settings
    from ..services.runtime import Runtime


class TaskRunner(Protocol):
    name: str

    def start(self) -> list[str]: ...

    def submit(self, kind: str, params: dict[str, Any], *, key: str | None = None
               ) -> tuple[str, bool]: ...

    def shutdown(self, wait: bool = True) -> None: ...

    def healthy(self) -> tuple[bool, str]: ...


def make_runner(engine: Engine, settings: Settings, *, observer: Observer | None = None,
                workers: int = 2, runtime: Runtime | None = None) -> TaskRunner:
    """runtime: the app's, for jobs run in this process (Celery workers build their own)."""
    if settings.tasks.broker_url:
        from .celery_app import CeleryRunner

        return CeleryRunner(engine, settings, observer=observer)
    from .local import LocalRunner

    return LocalRunner(engine, settings, workers=workers, observer=observer, runtime=runtime)


def single_flight_key(kind: str, artist: str, extra: dict[str, Any] | None = None) -> str:
    """The join key: the normalized artist, plus the other parameters when they matter
    (two generation requests are duplicates only if they ask for the same thing)."""
    import json

    from ..storage.repository import normalize_name

    key = normalize_name(artist)
    if extra:
        key += "|" + json.dumps(extra, sort_keys=True, separators=(",", ":"), default=str)
    return key
