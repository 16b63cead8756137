"""Generation history written off the request path: rows queue up and one background thread
writes them in batches (one transaction each), so a busy server answers without waiting on the
database. close() flushes what is queued."""

from __future__ import annotations

import logging
import queue
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)
_STOP = object()


class HistoryWriter:
    """A sink for services.generate(history=...): `writer(entry)` queues one row."""

    def __init__(self, engine: Engine, *, batch: int = 200, interval_s: float = 0.25) -> None:
        self._engine = engine
        self._batch = batch
        self._interval_s = interval_s
        self._queue: queue.Queue[Any] = queue.Queue()
        self.written = 0
        self._thread = threading.Thread(target=self._run, name="history-writer", daemon=True)
        self._thread.start()

    def __call__(self, entry: dict[str, Any]) -> None:
        self._queue.put(entry)

    def close(self, timeout: float = 10.0) -> None:
        self._queue.put(_STOP)
        self._thread.join(timeout)

    def _run(self) -> None:
        stopping = False
        while not stopping:
            rows: list[dict[str, Any]] = []
            try:
                item = self._queue.get(timeout=self._interval_s)
            except queue.Empty:
                continue
            while True:
                if item is _STOP:
                    stopping = True
                else:
                    rows.append(item)
                if len(rows) >= self._batch:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if rows:
                self._write(rows)

    def _write(self, rows: list[dict[str, Any]]) -> None:
        from .services import record_generations

        try:
            self.written += record_generations(self._engine, rows)
            return
        except Exception:  # one bad row must not cost the batch: retry them one by one
            if len(rows) == 1:
                log.exception("could not record a generation of %r in the history",
                              rows[0].get("artist"))
                return
        for row in rows:
            self._write([row])
