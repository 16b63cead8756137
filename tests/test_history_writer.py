"""HistoryWriter: rows handed to it off the request path all reach the database."""

from __future__ import annotations

import threading
from pathlib import Path

from mididrumigen import services
from mididrumigen.domain import GenerationParams
from mididrumigen.history_writer import HistoryWriter


def test_rows_from_many_threads_are_all_written_and_flushed_on_close(runtime: services.Runtime,
                                                                     tmp_path: Path) -> None:
    db = services.open_database(f"sqlite:///{tmp_path / 'h.db'}")
    writer = HistoryWriter(db, batch=7, interval_s=0.01)

    def work(k: int) -> None:
        for i in range(10):
            services.generate(runtime, services.GenerateCommand(
                "Questlove", GenerationParams(bars=1, variations=1, seed=k * 100 + i)),
                db=db, history=writer)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    writer.close()
    assert writer.written == 40
    entries = services.history(db, limit=100)
    assert len(entries) == 40 and {e.artist for e in entries} == {"Questlove"}


def test_a_failing_database_does_not_kill_the_writer(tmp_path: Path) -> None:
    db = services.open_database(f"sqlite:///{tmp_path / 'h.db'}")
    writer = HistoryWriter(db, interval_s=0.01)
    writer({"artist": "x", "provider_used": "template", "generation_time_ms": -1,
            "no_such_column": 1})  # rejected by record_generation
    writer({"artist": "Questlove", "provider_used": "template", "generation_time_ms": 3.0})
    writer.close()
    assert [e.artist for e in services.history(db)] == ["Questlove"]
