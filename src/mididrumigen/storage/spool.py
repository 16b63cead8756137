"""Rows waiting for the database: JSON-lines files that any process appends to, and that a
process holding the database moves into their table. Standard library only, so a CLI command
that needs nothing else from the database records what it did without loading SQLAlchemy.

    append_history(path, entry)          # a generation_history row, durably on disk
    records.ingest_history(engine, path) # later: into the table (storage/records.py)

A reader claims the whole file by renaming it to a name of its own (`claim`), so a process
appending at the same time starts a new file and two readers never take the same lines; if
the database write fails the lines go back.

`stored_profile_possible(url, name)` answers, for a SQLite file, whether the artist may have a
stored profile: False only when the database says it has none (or does not exist), so a caller
can skip opening the database for a lookup that would find nothing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any


@contextmanager
def claim(path: Path) -> Iterator[Path | None]:
    """`path` renamed to a name of this caller's own (None: no such file). The claimed file is
    deleted when the block ends, or its lines appended back to `path` if the block raises."""
    claimed = path.with_name(f"{path.name}.{uuid.uuid4().hex}.ingesting")
    try:
        os.replace(path, claimed)
    except FileNotFoundError:
        yield None
        return
    try:
        yield claimed
    except BaseException:
        with path.open("a", encoding="utf-8") as out:
            out.write(claimed.read_text(encoding="utf-8"))
        claimed.unlink()
        raise
    claimed.unlink()


def append_history(path: Path, entry: Mapping[str, Any], *, at: datetime | None = None) -> None:
    """Append one generation_history entry (storage.records.record_generation's keyword
    arguments) with the time it happened; flushed to the disk before returning."""
    line = dict(entry, created_at=(at or datetime.now(UTC)).isoformat())
    line["cost_usd"] = str(line.get("cost_usd", "0"))
    line["output_files"] = [str(f) for f in line.get("output_files", ())]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
        out.flush()
        os.fsync(out.fileno())


def spooled_entries(path: Path) -> list[dict[str, Any]]:
    """The entries in a history spool file, as record_generation's keyword arguments."""
    entries = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if not text.strip():
            continue
        entry = json.loads(text)
        entry["cost_usd"] = Decimal(entry.get("cost_usd", "0"))
        entry["created_at"] = datetime.fromisoformat(entry["created_at"])
        entries.append(entry)
    return entries


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite database URL (None: another database, or in memory)."""
    if not url.startswith("sqlite:///"):
        return None
    database = url.removeprefix("sqlite:///")
    if not database or database.startswith(":memory:") or "?" in database:
        return None
    return Path(database).expanduser()


def stored_profile_possible(url: str, artist: str) -> bool:
    """False when the SQLite database at `url` surely holds no profile for `artist` (no such
    file, or no listed artist by that name); True otherwise, including every other database and
    any doubt (an older schema, a locked or unreadable file)."""
    from ..domain.names import normalize_name

    database = sqlite_file(url)
    if database is None:
        return True
    if not database.exists():
        return False
    key = normalize_name(artist)[:200]  # as storage.repository.normalize_name keys artists
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute("SELECT 1 FROM artists WHERE normalized_name = ? "
                               "AND profile_version IS NOT NULL LIMIT 1",
                               (key,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return True
    return row is not None
