"""BatchWriter: writes taken off the request path. Items queue up and one background thread
writes them in batches, so a busy server answers without waiting on the disk or the database.
close() flushes what is queued. A failing batch is retried item by item, so one bad item loses
nothing else. Standard library only.

Used for generation manifests (generations.GenerationStore with write_behind) and for
generation_history rows (history_writer.HistoryWriter).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)
_STOP = object()
T = TypeVar("T")


class BatchWriter(Generic[T]):
    """`writer(item)` queues one item; `write(batch)` runs on the background thread."""

    def __init__(self, write: Callable[[Sequence[T]], Any], *, name: str, batch: int = 200,
                 interval_s: float = 0.25) -> None:
        self._write_batch = write
        self._batch = batch
        self._interval_s = interval_s
        self._queue: queue.Queue[Any] = queue.Queue()
        self.written = 0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def __call__(self, item: T) -> None:
        self._queue.put(item)

    def close(self, timeout: float = 10.0) -> None:
        self._queue.put(_STOP)
        self._thread.join(timeout)

    def _run(self) -> None:
        stopping = False
        while not stopping:
            items: list[T] = []
            try:
                item = self._queue.get(timeout=self._interval_s)
            except queue.Empty:
                continue
            while True:
                if item is _STOP:
                    stopping = True
                else:
                    items.append(item)
                if len(items) >= self._batch:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if items:
                self._write(items)

    def _write(self, items: list[T]) -> None:
        try:
            self._write_batch(items)
            self.written += len(items)
            return
        except Exception:  # one bad item must not cost the batch: retry them one by one
            if len(items) == 1:
                log.exception("background write failed (%s)", self._thread.name)
                return
        for item in items:
            self._write([item])
