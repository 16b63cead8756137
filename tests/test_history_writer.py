"""HistoryWriter: rows from many requests committed in shared batches, each request waiting for
its own; a row that cannot be written is an error for its request only."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from mididrumigen import services
from mididrumigen.domain import GenerationParams
from mididrumigen.errors import StorageError
from mididrumigen.history_writer import HistoryWriter


def test_rows_from_many_threads_are_all_written_and_flushed_on_close(runtime: services.Runtime,
                                                                     tmp_path: Path) -> None:
    db = services.open_database(f"sqlite:///{tmp_path / 'h.db'}")
    writer = HistoryWriter(db, batch=7, interval_s=0.01)

    def work(k: int) -> None:
        for i in range(10):
            services.generate(runtime, services.GenerateCommand(
                "Questlove", GenerationParams(bars=1, variations=1, seed=k * 100 + i)),
                db=db, history=writer.record)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    writer.close()
    assert writer.written == 40
    entries = services.history(db, limit=100)
    assert len(entries) == 40 and {e.artist for e in entries} == {"Questlove"}


def test_a_failing_row_fails_its_own_request_only(tmp_path: Path) -> None:
    db = services.open_database(f"sqlite:///{tmp_path / 'h.db'}")
    writer = HistoryWriter(db, interval_s=0.01)
    bad = writer({"artist": "x", "provider_used": "template", "generation_time_ms": -1,
                  "no_such_column": 1})  # rejected by record_generation
    good = writer({"artist": "Questlove", "provider_used": "template",
                   "generation_time_ms": 3.0})
    assert good.result(10) is None
    with pytest.raises(TypeError):
        bad.result(10)
    with pytest.raises(StorageError, match="could not record"):
        writer.record({"artist": "y", "no_such_column": 1})
    writer.close()
    assert [e.artist for e in services.history(db)] == ["Questlove"]
