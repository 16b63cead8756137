"""HistoryWriter: generation_history rows written off the request path, in batches (one
transaction per batch) by a storage.write_behind.BatchWriter; close() flushes what is queued.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .storage.write_behind import BatchWriter

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


class HistoryWriter(BatchWriter[dict[str, Any]]):
    """A sink for services.generate(history=...): queues generation_history rows."""

    def __init__(self, engine: Engine, *, batch: int = 200, interval_s: float = 0.25) -> None:
        from .services import record_generations

        super().__init__(lambda rows: record_generations(engine, list(rows)),
                         name="history-writer", batch=batch, interval_s=interval_s)
