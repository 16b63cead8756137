"""GenerationStore: saved generations under one folder, their .mid files rendered on demand.

A generation is saved as one manifest, `<root>/<generation_id>.json` (the patterns as MIDI JSON,
the file names and the output options). Its .mid files are rendered from the manifest the
first time they are asked for and kept in `<root>/<generation_id>/`, so a request that only
wants the JSON pays for no MIDI encoding and one file write. A server can take that write off
the request path (`write_behind`: a background thread writes manifests in batches, close()
flushes them). Until a manifest is on disk its JSON bytes stay in memory, so its files can be
downloaded at once; at most `max_pending_bytes` of them wait at a time (beyond that a save
writes its manifest itself), so memory does not grow with the number of generations.
With a `retention` policy the store prunes old generations on a background thread
(storage/retention.py: age, then total size).

Ids are 32 lowercase hex digits; only .mid names listed in the manifest are served: nothing
outside the store can be named. Rendering is the caller's (`render(pattern, output)`): storage
knows files, not MIDI.
"""

from __future__ import annotations

import io
import json
import re
import threading
import uuid
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..domain.names import slugify
from ..domain.pattern import Pattern
from ..errors import NotFoundError, StorageError
from .files import write_atomic
from .retention import Pruner, PruneReport, RetentionPolicy, prune
from .write_behind import BatchWriter

Manifest = tuple[Path, str, bytes]  # (store root, generation id, manifest JSON)
Render = Callable[[Pattern, Mapping[str, Any]], bytes]  # (pattern, manifest output) -> file bytes
MAX_PENDING_BYTES = 16 << 20
_ID = re.compile(r"^[0-9a-f]{32}$")


def new_generation_id() -> str:
    return uuid.uuid4().hex


def write_manifests(items: Sequence[Manifest]) -> None:
    """Write manifests to `<root>/<generation_id>.json` (a background writer's batch)."""
    for root, generation_id, data in items:
        _write(root, f"{generation_id}.json", data)


def _write(folder: Path, name: str, data: bytes) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / name, data)
    except OSError as e:
        raise StorageError(f"cannot write {name} under {folder}: {e.strerror or e}") from e


class GenerationStore:
    def __init__(self, root: Path, render: Render, *, write_behind: bool = False,
                 max_pending_bytes: int = MAX_PENDING_BYTES,
                 retention: RetentionPolicy | None = None) -> None:
        self.root = Path(root)
        self._render = render
        self._writer: BatchWriter[Manifest] | None = (
            BatchWriter(self._write_pending, name="manifest-writer", batch=64) if write_behind
            else None)
        self._pending: dict[str, bytes] = {}  # id -> manifest JSON not yet on disk
        self.pending_bytes = 0
        self._max_pending_bytes = max_pending_bytes
        self._lock = threading.Lock()
        self.retention = retention
        self._pruner = (None if retention is None else
                        Pruner(self.prune, retention.interval_s))

    def save(self, generation_id: str, artist: str, files: Sequence[str],
             patterns: Sequence[Mapping[str, Any]], output: Mapping[str, Any],
             request: Mapping[str, Any] | None = None) -> None:
        """Save a generation: `files[i]` is the .mid name of `patterns[i]` (MIDI JSON), rendered
        with `output` (the writer options) when first asked for; `request` (JSON) is what it
        was made from, kept so a variation can be made again."""
        manifest = {"generation_id": generation_id, "artist": artist, "files": list(files),
                    "output": dict(output), "patterns": list(patterns)}
        if request is not None:
            manifest["request"] = dict(request)
        data = json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode()
        if self._writer is not None:
            with self._lock:
                queued = self.pending_bytes + len(data) <= self._max_pending_bytes
                if queued:
                    self._pending[generation_id] = data
                    self.pending_bytes += len(data)
            if queued:
                self._writer((self.root, generation_id, data))
                return
        write_manifests([(self.root, generation_id, data)])  # no writer, or it is behind

    def _write_pending(self, items: Sequence[Manifest]) -> None:
        """The background writer's batch: on disk, then out of memory."""
        for root, generation_id, data in items:
            _write(root, f"{generation_id}.json", data)  # a failure: the batch is retried
            with self._lock:                             # item by item (BatchWriter)
                if self._pending.pop(generation_id, None) is not None:
                    self.pending_bytes -= len(data)

    def prune(self, policy: RetentionPolicy | None = None, *,
              dry_run: bool = False) -> PruneReport:
        """Remove old generations by `policy` (default: the store's retention policy)."""
        policy = policy or self.retention or RetentionPolicy()
        return prune(self.root, policy, dry_run=dry_run)

    def close(self) -> None:
        """Stop pruning and write the manifests still queued (write_behind)."""
        if self._pruner is not None:
            self._pruner.stop()
        if self._writer is not None:
            self._writer.close()

    def file_path(self, generation_id: str, name: str) -> Path:
        """The .mid file `name` of a generation, rendered on first request."""
        folder = self._folder(generation_id)
        if not name.endswith(".mid") or name.startswith(".") or "/" in name or "\\" in name:
            raise NotFoundError(f"generation {generation_id} has no file {name!r}", field="name")
        target = folder / name
        if target.is_file():
            return target
        manifest = self._manifest(generation_id)
        if name not in manifest["files"]:
            raise NotFoundError(f"generation {generation_id} has no file {name!r}; it has "
                                + ", ".join(manifest["files"]), field="name")
        self._render_all(folder, manifest)
        return target

    def zip_bytes(self, generation_id: str) -> tuple[str, bytes]:
        """(file name, bytes) of a zip with every .mid file of a generation."""
        folder = self._folder(generation_id)
        manifest = self._manifest(generation_id)
        self._render_all(folder, manifest)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in manifest["files"]:
                zf.write(folder / name, arcname=name)
        return f"{slugify(manifest['artist'])}_{generation_id[:8]}.zip", buf.getvalue()

    def manifest(self, generation_id: str) -> dict[str, Any]:
        """A saved generation's manifest (NotFoundError for an unknown id)."""
        self._folder(generation_id)
        return self._manifest(generation_id)

    def _folder(self, generation_id: str) -> Path:
        """The folder of a generation's .mid files (made on first render); checks the id."""
        if not _ID.match(generation_id):
            raise NotFoundError(f"no generation {generation_id!r}", field="generation_id")
        if (generation_id not in self._pending
                and not (self.root / f"{generation_id}.json").is_file()):
            raise NotFoundError(f"no generation {generation_id!r}; it may have been cleaned up",
                                field="generation_id")
        return self.root / generation_id

    def _manifest(self, generation_id: str) -> dict[str, Any]:
        with self._lock:
            pending = self._pending.get(generation_id)
        try:
            raw = pending if pending is not None else (
                self.root / f"{generation_id}.json").read_bytes()
            data: dict[str, Any] = json.loads(raw)
        except (OSError, ValueError) as e:
            raise StorageError(f"cannot read generation {generation_id}: {e}") from e
        return data

    def _render_all(self, folder: Path, manifest: Mapping[str, Any]) -> None:
        missing = [(n, p) for n, p in zip(manifest["files"], manifest["patterns"], strict=True)
                   if not (folder / n).is_file()]
        for name, pattern in missing:
            _write(folder, name, self._render(Pattern.from_dict(pattern), manifest["output"]))
