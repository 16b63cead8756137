"""Retention of saved generations: older than a maximum age goes, then the oldest until the
store fits a maximum size. Standard library only.

A generation in a GenerationStore is `<root>/<id>.json` (its manifest) and, once downloaded,
`<root>/<id>/` (its rendered .mid files). Both go together, the folder first: while the manifest
is there a download can render the files again. A generation's age is its manifest's
modification time. A server prunes on a background thread (Pruner, started by GenerationStore:
once at start, then every `interval_s`) and `mididrumigen db prune-files` prunes on demand;
several server processes pruning one folder at once is fine (a file already gone is skipped).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
_MANIFEST = re.compile(r"^([0-9a-f]{32})\.json$")


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """max_age_s: remove generations older than this (None: any age is kept); max_bytes: then
    remove the oldest until the rest fit (None: no size limit); interval_s: how often a server
    prunes."""

    max_age_s: float | None = 7 * 86400.0
    max_bytes: int | None = 1 << 30
    interval_s: float = 600.0

    def __post_init__(self) -> None:
        for name in ("max_age_s", "max_bytes"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise ValueError(f"{name} must be positive or None (no limit), got {value}")
        if self.interval_s <= 0:
            raise ValueError(f"interval_s must be positive, got {self.interval_s}")


@dataclass(frozen=True, slots=True)
class PruneReport:
    removed: int
    freed_bytes: int
    kept: int
    kept_bytes: int


def prune(root: Path, policy: RetentionPolicy, *, now: float | None = None,
          dry_run: bool = False) -> PruneReport:
    """Apply `policy` to the generations under `root` (what would go, with dry_run)."""
    now = time.time() if now is None else now
    found = sorted(_generations(Path(root)))  # oldest first: (mtime, id, bytes)
    total = sum(size for _, _, size in found)
    removed = freed = 0
    for mtime, generation_id, size in found:
        too_old = policy.max_age_s is not None and now - mtime > policy.max_age_s
        too_big = policy.max_bytes is not None and total > policy.max_bytes
        if not (too_old or too_big):
            continue
        if not dry_run:
            _remove(Path(root), generation_id)
        removed += 1
        freed += size
        total -= size
    return PruneReport(removed, freed, len(found) - removed, total)


def _generations(root: Path) -> list[tuple[float, str, int]]:
    try:
        entries = list(os.scandir(root))
    except FileNotFoundError:
        return []
    folders = {e.name: e for e in entries if e.is_dir(follow_symlinks=False)}
    out = []
    for entry in entries:
        match = _MANIFEST.match(entry.name)
        if match is None:
            continue
        try:
            stat = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue  # pruned by another process meanwhile
        folder = folders.get(match.group(1))
        out.append((stat.st_mtime, match.group(1),
                    stat.st_size + (_folder_bytes(folder.path) if folder else 0)))
    return out


def _folder_bytes(path: str) -> int:
    total = 0
    try:
        with os.scandir(path) as files:
            for f in files:
                with contextlib.suppress(FileNotFoundError):
                    total += f.stat(follow_symlinks=False).st_size
    except FileNotFoundError:
        pass
    return total


def _remove(root: Path, generation_id: str) -> None:
    shutil.rmtree(root / generation_id, ignore_errors=True)
    (root / f"{generation_id}.json").unlink(missing_ok=True)


class Pruner:
    """Calls `prune()` every `interval_s` on a daemon thread until stop()."""

    def __init__(self, prune_once: Callable[[], PruneReport], interval_s: float, *,
                 name: str = "generation-pruner") -> None:
        self._prune_once = prune_once
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        wait = 0.0
        while not self._stop.wait(wait):
            wait = self._interval_s
            try:
                report = self._prune_once()
            except Exception:  # the next round tries again
                log.exception("pruning generated files failed")
                continue
            if report.removed:
                log.info("pruned %d generations (%d bytes); %d kept (%d bytes)", report.removed,
                         report.freed_bytes, report.kept, report.kept_bytes)
