"""HistoryRecorder: writes generation_history rows in batches from a background thread, so a
synchronous /generate answers without waiting for a database write."""

from __future__ import annotations

import logging
import queue
import threading
from typing import TYPE_CHECKING, Any

from .. import services

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

log = logging.getLogger("mididrumigen.api")
MAX_PENDING = 10_000


class HistoryRecorder:
    def __init__(self, engine: Engine, *, interval_s: float = 0.25, batch: int = 200) -> None:
        self.engine, self.interval_s, self.batch = engine, interval_s, batch
        self._queue: queue.Queue[dict[str, Any] | None] = queue.Queue(MAX_PENDING)
        self._thread: threading.Thread | None = None
        self.dropped = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="mididrumigen-history", daemon=True)
        self._thread.start()

    def add(self, entry: dict[str, Any]) -> None:
        try:
            self._queue.put_nowait(entry)
        except queue.Full:
            self.dropped += 1

    def stop(self) -> None:
        """Write what is queued, then stop the thread."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=30)
            self._thread = None

    def _run(self) -> None:
        stopping = False
        while not stopping:
            items: list[dict[str, Any]] = []
            try:
                first = self._queue.get(timeout=self.interval_s)
            except queue.Empty:
                continue
            if first is None:
                stopping = True
            else:
                items.append(first)
            while len(items) < self.batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stopping = True
                    break
                items.append(item)
            if items:
                try:
                    services.record_generations(self.engine, items)
                except Exception:
                    log.exception("could not record %d generations", len(items))
