"""GenerationStore: saved generations under one folder, their .mid files rendered on demand.

A generation is saved as one manifest, `<root>/<generation_id>.json` (the patterns as MIDI JSON,
the file names and the output options). Its .mid files are rendered from the manifest the
first time they are asked for and kept in `<root>/<generation_id>/`, so a request that only
wants the JSON pays for no MIDI encoding and one file write.

save() returns only once the manifest is durably on disk (data and name synced), and raises
StorageError when it is not (disk full, read-only): a generation is acknowledged only once it
can be downloaded, by this process or any other, after any crash. A busy server batches these
writes (`write_behind`: one background writer, many requests sharing each batch's syncs); each
save() still waits for its own batch. While a manifest waits for its batch its JSON bytes stay
in memory; at most `max_pending_bytes` of them wait at a time (beyond that a save writes its
manifest itself), so memory does not grow with the number of requests. With a `retention`
policy the store prunes old generations on a background thread (storage/retention.py: age,
then total size).

Ids are 32 lowercase hex digits. Only .mid names listed in the manifest are served, and every
file is opened without following symbolic links: a link planted in the store (to /etc/passwd)
is refused, not served. Rendering is the caller's (`render(pattern, output)`): storage knows
files, not MIDI.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import stat
import threading
import uuid
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic_core import to_json

from ..domain.names import slugify
from ..domain.pattern import Pattern
from ..errors import NotFoundError, StorageError
from .files import write_atomic, write_durable
from .retention import Pruner, PruneReport, RetentionPolicy, prune
from .write_behind import WAIT_S, BatchWriter

Manifest = tuple[Path, str, bytes]  # (store root, generation id, manifest JSON)
Render = Callable[[Pattern, Mapping[str, Any]], bytes]  # (pattern, manifest output) -> file bytes
MAX_PENDING_BYTES = 16 << 20
_ID = re.compile(r"^[0-9a-f]{32}$")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def new_generation_id() -> str:
    return uuid.uuid4().hex


def write_manifests(items: Sequence[Manifest]) -> None:
    """Write manifests to `<root>/<generation_id>.json` durably (a background writer's batch:
    each file synced, each folder once)."""
    by_root: dict[Path, list[tuple[str, bytes]]] = {}
    for root, generation_id, data in items:
        by_root.setdefault(root, []).append((f"{generation_id}.json", data))
    for root, files in by_root.items():
        try:
            root.mkdir(parents=True, exist_ok=True)
            write_durable(root, files)
        except OSError as e:
            raise StorageError(f"cannot save the generation under {root}: "
                               f"{e.strerror or e}") from e


def read_nofollow(folder: Path, name: str) -> bytes:
    """The bytes of folder/name, refusing (OSError ELOOP) a symbolic link at either step."""
    dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW)
    try:
        fd = os.open(name, os.O_RDONLY | _NOFOLLOW, dir_fd=dir_fd)
    finally:
        os.close(dir_fd)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return fh.read()


def _regular_file(path: Path) -> bool:
    """Is `path` a regular file itself (not a link to one)?"""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


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
        self._pending: dict[str, bytes] = {}  # id -> manifest JSON waiting for its batch
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
        was made from, kept so a variation can be made again. Returns once the manifest is
        durably written; StorageError when it could not be."""
        manifest = {"generation_id": generation_id, "artist": artist, "files": list(files),
                    "output": dict(output), "patterns": list(patterns)}
        if request is not None:
            manifest["request"] = dict(request)
        data = to_json(manifest)  # compact UTF-8 JSON (what json.loads reads back is what
        # json.dumps would have written; no NaN can reach here), in a third of the time
        item = (self.root, generation_id, data)
        if self._writer is not None:
            with self._lock:
                queued = self.pending_bytes + len(data) <= self._max_pending_bytes
                if queued:
                    self._pending[generation_id] = data
                    self.pending_bytes += len(data)
            if queued:
                try:
                    self._writer.write(item, WAIT_S)
                except TimeoutError:
                    raise StorageError(f"the generation store did not answer within "
                                       f"{WAIT_S:g} s; nothing was saved") from None
                finally:
                    self._unpend(generation_id)
                return
        write_manifests([item])  # no writer, or it is behind

    def _write_pending(self, items: Sequence[Manifest]) -> None:
        """The background writer's batch, durably on disk (each save waits for it)."""
        write_manifests(items)  # a failure: the batch is retried item by item (BatchWriter)

    def _unpend(self, generation_id: str) -> None:
        with self._lock:
            data = self._pending.pop(generation_id, None)
            if data is not None:
                self.pending_bytes -= len(data)

    def discard(self, generation_id: str) -> None:
        """Forget a saved generation that will not be acknowledged (its record failed)."""
        self._unpend(generation_id)
        if _ID.match(generation_id):
            (self.root / f"{generation_id}.json").unlink(missing_ok=True)

    def probe(self) -> tuple[bool, str]:
        """Can the store save right now? A small file written durably and removed."""
        name = f".health-{os.getpid()}-{threading.get_ident()}"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            write_atomic(self.root / name, b"ok", fsync=True)
            (self.root / name).unlink()
        except OSError as e:
            return False, f"cannot write under {self.root}: {e.strerror or e}"
        return True, f"{self.root} is writable"

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
        """Where the .mid file `name` of a generation is (a name its manifest lists), rendered
        on first request; a plain file, not a link. The API serves file_bytes, which also
        reads it without following links."""
        folder = self._folder(generation_id)
        manifest = self._manifest(generation_id)
        if name not in manifest["files"]:
            raise NotFoundError(f"generation {generation_id} has no file {name!r}; it has "
                                + ", ".join(manifest["files"]), field="name")
        self._render_all(folder, manifest)
        return folder / name

    def file_bytes(self, generation_id: str, name: str) -> bytes:
        """The .mid file `name` of a generation (file_path), read without following links."""
        path = self.file_path(generation_id, name)
        return self._read(path.parent, path.name)

    def zip_bytes(self, generation_id: str) -> tuple[str, bytes]:
        """(file name, bytes) of a zip with every .mid file of a generation."""
        folder = self._folder(generation_id)
        manifest = self._manifest(generation_id)
        self._render_all(folder, manifest)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in manifest["files"]:
                zf.writestr(name, self._read(folder, name))
        return f"{slugify(manifest['artist'])}_{generation_id[:8]}.zip", buf.getvalue()

    def _read(self, folder: Path, name: str) -> bytes:
        try:
            return read_nofollow(folder, name)
        except OSError as e:
            if e.errno in (errno.ELOOP, errno.EINVAL, errno.ENOTDIR):
                raise NotFoundError(f"generation file {name!r} is not a plain file in the "
                                    "store; it is not served", field="name") from None
            raise StorageError(f"cannot read {name} of generation {folder.name}: "
                               f"{e.strerror or e}") from e

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
            raw = pending if pending is not None else read_nofollow(
                self.root, f"{generation_id}.json")
            data: dict[str, Any] = json.loads(raw)
        except OSError as e:
            if e.errno in (errno.ELOOP, errno.EINVAL, errno.ENOENT):
                raise NotFoundError(f"no generation {generation_id!r}",
                                    field="generation_id") from None
            raise StorageError(f"cannot read generation {generation_id}: {e}") from e
        except ValueError as e:
            raise StorageError(f"cannot read generation {generation_id}: {e}") from e
        return data

    def _render_all(self, folder: Path, manifest: Mapping[str, Any]) -> None:
        if os.path.islink(folder):
            raise NotFoundError(f"generation {folder.name} is not a plain folder in the store; "
                                "it is not served", field="generation_id")
        missing = [(n, p) for n, p in zip(manifest["files"], manifest["patterns"], strict=True)
                   if not _regular_file(folder / n)]  # a link in its place is replaced
        for name, pattern in missing:
            _write(folder, name, self._render(Pattern.from_dict(pattern), manifest["output"]))
