"""BatchWriter: many threads' writes made by one background thread in batches (group commit).

`writer(item)` queues an item and returns a Future that is done once the batch holding it has
been written — or has failed, with the error. A request that must not be acknowledged before
its write is durable waits on that Future (`writer.write(item)`); many concurrent requests then
share one transaction or one fsync instead of each paying for its own. A failing batch is
retried item by item, so one bad item fails only its own Future. close() writes what is
queued. Standard library only.

Used for generation manifests (generations.GenerationStore with write_behind) and for
generation_history rows (history_writer.HistoryWriter).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)
_STOP = object()
T = TypeVar("T")
WAIT_S = 60.0  # how long write() waits for its batch before giving up


class BatchWriter(Generic[T]):
    """`writer(item)` queues one item (a Future of its write); `write(batch)` runs on the
    background thread."""

    def __init__(self, write: Callable[[Sequence[T]], Any], *, name: str, batch: int = 200,
                 interval_s: float = 0.25) -> None:
        self._write_batch = write
        self._batch = batch
        self._interval_s = interval_s
        self._queue: queue.Queue[Any] = queue.Queue()
        self._closed = False
        self.written = 0
        self.failed = 0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def __call__(self, item: T) -> Future[None]:
        done: Future[None] = Future()
        if self._closed:
            done.set_exception(RuntimeError(f"{self._thread.name} is closed"))
        else:
            self._queue.put((item, done))
        return done

    def write(self, item: T, timeout: float = WAIT_S) -> None:
        """Queue `item` and wait until it is written; its write's error if it failed
        (TimeoutError when the writer did not get to it within `timeout` seconds)."""
        self(item).result(timeout)

    def close(self, timeout: float = 10.0) -> None:
        self._closed = True
        self._queue.put(_STOP)
        self._thread.join(timeout)

    def _run(self) -> None:
        stopping = False
        while not stopping:
            items: list[tuple[T, Future[None]]] = []
            try:
                entry = self._queue.get(timeout=self._interval_s)
            except queue.Empty:
                continue
            while True:
                if entry is _STOP:
                    stopping = True
                else:
                    items.append(entry)
                if len(items) >= self._batch:
                    break
                try:
                    entry = self._queue.get_nowait()
                except queue.Empty:
                    break
            if items:
                self._write(items)

    def _write(self, items: list[tuple[T, Future[None]]]) -> None:
        try:
            self._write_batch([item for item, _ in items])
        except Exception as e:  # one bad item must not cost the batch: retry them one by one
            if len(items) == 1:
                log.exception("background write failed (%s)", self._thread.name)
                self.failed += 1
                items[0][1].set_exception(e)
                return
            for one in items:
                self._write([one])
            return
        self.written += len(items)
        for _, done in items:
            done.set_result(None)
