"""GenerationStore: saved generations under one folder, their .mid files rendered on demand.

A generation is saved as one manifest, `<root>/<generation_id>.json` (the patterns as MIDI JSON,
the file names and the output options). Its .mid files are rendered from the manifest the
first time they are asked for and kept in `<root>/<generation_id>/`, so a request that only
wants the JSON pays for no MIDI encoding and one file write. A server can take that write off
the request path (`write_behind`: a background thread writes manifests in batches, close()
flushes them); the most recent `recent` manifests are then also kept in memory, so a
generation's files can be downloaded before its manifest reaches the disk.

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
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..domain.names import slugify
from ..domain.pattern import Pattern
from ..errors import NotFoundError, StorageError
from .files import write_atomic
from .write_behind import BatchWriter

Manifest = tuple[Path, str, dict[str, Any]]  # (store root, generation id, manifest)
Render = Callable[[Pattern, Mapping[str, Any]], bytes]  # (pattern, manifest output) -> file bytes
RECENT_MANIFESTS = 4096
_ID = re.compile(r"^[0-9a-f]{32}$")


def new_generation_id() -> str:
    return uuid.uuid4().hex


def write_manifests(items: Sequence[Manifest]) -> None:
    """Write manifests to `<root>/<generation_id>.json` (a background writer's batch)."""
    for root, generation_id, manifest in items:
        _write(root, f"{generation_id}.json",
               json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode())


def _write(folder: Path, name: str, data: bytes) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / name, data)
    except OSError as e:
        raise StorageError(f"cannot write {name} under {folder}: {e.strerror or e}") from e


class GenerationStore:
    def __init__(self, root: Path, render: Render, *, write_behind: bool = False,
                 recent: int = RECENT_MANIFESTS) -> None:
        self.root = Path(root)
        self._render = render
        self._writer: BatchWriter[Manifest] | None = (
            BatchWriter(write_manifests, name="manifest-writer", batch=64) if write_behind
            else None)
        self._recent: OrderedDict[str, dict[str, Any]] = OrderedDict()  # id -> manifest
        self._recent_size = recent
        self._lock = threading.Lock()

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
        if self._writer is None:
            write_manifests([(self.root, generation_id, manifest)])
            return
        with self._lock:
            self._recent[generation_id] = manifest
            while len(self._recent) > self._recent_size:
                self._recent.popitem(last=False)
        self._writer((self.root, generation_id, manifest))

    def close(self) -> None:
        """Write the manifests still queued (write_behind)."""
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
        if (generation_id not in self._recent
                and not (self.root / f"{generation_id}.json").is_file()):
            raise NotFoundError(f"no generation {generation_id!r}; it may have been cleaned up",
                                field="generation_id")
        return self.root / generation_id

    def _manifest(self, generation_id: str) -> dict[str, Any]:
        with self._lock:
            recent = self._recent.get(generation_id)
        if recent is not None:
            return recent
        try:
            text = (self.root / f"{generation_id}.json").read_text(encoding="utf-8")
            data: dict[str, Any] = json.loads(text)
        except (OSError, ValueError) as e:
            raise StorageError(f"cannot read generation {generation_id}: {e}") from e
        return data

    def _render_all(self, folder: Path, manifest: Mapping[str, Any]) -> None:
        missing = [(n, p) for n, p in zip(manifest["files"], manifest["patterns"], strict=True)
                   if not (folder / n).is_file()]
        for name, pattern in missing:
            _write(folder, name, self._render(Pattern.from_dict(pattern), manifest["output"]))
