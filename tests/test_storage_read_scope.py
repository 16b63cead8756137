"""read_scope: on SQLite a reader does not wait for a writer that holds the write lock (WAL),
while a second writer queues behind it. This is what keeps a busy history writer in one server
process from stalling profile lookups in another."""

from __future__ import annotations

import threading
from pathlib import Path

from mididrumigen import services
from mididrumigen.domain import StyleProfile
from mididrumigen.storage.engine import read_scope, session_scope
from mididrumigen.storage.repository import latest_profile, save_profile


def test_a_reader_does_not_wait_for_a_writer_holding_the_lock(tmp_path: Path) -> None:
    db = services.open_database(f"sqlite:///{tmp_path / 'r.db'}")
    with session_scope(db) as s:
        save_profile(s, StyleProfile("Khruangbin", source="research"))
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with session_scope(db) as s:  # BEGIN IMMEDIATE: holds the write lock until release
            save_profile(s, StyleProfile("Khruangbin", source="research", confidence=0.9))
            holding.set()
            release.wait(30)

    w = threading.Thread(target=writer)
    w.start()
    assert holding.wait(10)
    found: list[object] = []

    def reader() -> None:
        with read_scope(db) as s:
            found.append(latest_profile(s, "Khruangbin"))

    r = threading.Thread(target=reader)
    r.start()
    r.join(timeout=10)
    done_while_locked = not r.is_alive()
    release.set()
    w.join(10)
    r.join(10)
    assert done_while_locked, "the reader waited for the writer"
    assert found and found[0].confidence == 0.5  # type: ignore[attr-defined]  # committed version
