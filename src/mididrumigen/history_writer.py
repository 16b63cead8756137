"""HistoryWriter: generation_history rows written in batches (one transaction per batch, many
requests sharing it) by a storage.write_behind.BatchWriter.

As the `history` sink of services.generate it returns only once the row is committed, and
raises StorageError when it could not be: a generation is acknowledged only with its record
(a read-only or unreachable database is an error answer, never a silent loss).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import StorageError
from .storage.write_behind import WAIT_S, BatchWriter

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


class HistoryWriter(BatchWriter[dict[str, Any]]):
    """A sink for services.generate(history=...): writes a generation_history row, in a batch
    with whatever other requests are writing, and waits for its commit."""

    def __init__(self, engine: Engine, *, batch: int = 200, interval_s: float = 0.25,
                 wait_s: float = WAIT_S) -> None:
        from .services import record_generations

        super().__init__(lambda rows: record_generations(engine, list(rows)),
                         name="history-writer", batch=batch, interval_s=interval_s)
        self.wait_s = wait_s

    def record(self, entry: dict[str, Any]) -> None:
        """Write one row and wait for its commit; StorageError if it was not recorded."""
        try:
            self.write(entry, self.wait_s)
        except StorageError:
            raise
        except TimeoutError:
            raise StorageError(f"the generation history did not answer within {self.wait_s:g} s"
                               "; nothing was recorded") from None
        except Exception as e:
            raise StorageError(f"could not record the generation in the history: {e}") from e
