"""The generation job and its stored results.

A generation is saved as one manifest, `<store>/<generation_id>.json` (the patterns as MIDI
JSON plus the output options). Its .mid files are rendered from the manifest the first time
they are downloaded and kept in `<store>/<generation_id>/`, so a request that only wants the
JSON pays for no MIDI encoding and one file write. A server can hand that write to a
background writer (`save=`); the most recent RECENT_MANIFESTS manifests are then also kept in
memory, so a generation's files can be downloaded before its manifest reaches the disk.
Ids are 32 lowercase hex digits; only .mid names listed in the manifest are served: nothing
outside the store can be named.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
import threading
import uuid
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import services
from ..domain.meter import TimeSignature
from ..domain.names import slugify
from ..domain.params import GenerationParams
from ..domain.pattern import Pattern
from ..errors import NotFoundError, StorageError, UserInputError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

FILES_PREFIX = "/api/v1/files"
_ID = re.compile(r"^[0-9a-f]{32}$")
_made: set[Path] = set()  # folders known to exist (skips a mkdir per generation)
RECENT_MANIFESTS = 4096
_recent: OrderedDict[str, dict[str, Any]] = OrderedDict()  # generation id -> manifest
_recent_lock = threading.Lock()
Manifest = tuple[Path, str, dict[str, Any]]  # (store, generation id, manifest)


@dataclass(frozen=True, slots=True)
class GenerationRequest:
    """What a client asked for; JSON-able, so it can travel in a task row to any worker."""

    artist: str
    bars: int = 4
    tempo: float | None = None
    time_signature: str = "4/4"
    variations: int = 4
    provider: str = "template"
    humanize: bool = True
    seed: int | None = None
    genre: str | None = None
    fill_every: int = 4
    drum_map: str | None = None
    midi_type: int = 1
    ppq: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GenerationRequest:
        return cls(**{k: data[k] for k in cls.__slots__ if k in data})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def params(self) -> GenerationParams:
        return GenerationParams(bars=self.bars, tempo=self.tempo,
                                time_signature=TimeSignature.parse(self.time_signature),
                                variations=self.variations, seed=self.seed,
                                humanize=self.humanize, genre=self.genre,
                                fill_every=self.fill_every)

    def output(self) -> services.OutputOptions:
        if self.drum_map is not None and _map_key(self.drum_map) not in builtin_drum_maps():
            raise UserInputError(f"unknown drum map {self.drum_map!r}; use one of: "
                                 + ", ".join(sorted(builtin_drum_maps())), field="drum_map")
        return services.OutputOptions(fmt="mid", drum_map=self.drum_map,
                                      midi_type=self.midi_type, ppq=self.ppq)


def _map_key(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(" ", "-")


@cache
def builtin_drum_maps() -> frozenset[str]:
    """Names and aliases of the built-in drum maps (the API never reads a map file by path)."""
    from ..midi.drum_maps import list_drum_maps

    return frozenset(_map_key(a) for m in list_drum_maps() for a in (m.name, *m.aliases))


def run_generation(request: GenerationRequest, store: Path,
                   progress: Callable[[str, float], None] | None = None,
                   db: Engine | None = None,
                   history: Callable[[dict[str, Any]], None] | None = None,
                   save: Callable[[Manifest], None] | None = None) -> dict[str, Any]:
    """Generate, save the manifest under `store`, and return the public result. With `db`,
    stored research profiles are used and the generation is recorded (services.generate)."""
    params, output = request.params(), request.output()
    result = services.generate(request.artist, params, output=output, provider=request.provider,
                               progress=progress, db=db, history=history)
    generation_id = uuid.uuid4().hex
    slug = slugify(result.artist)
    names = [f"{slug}_var{i}.mid" for i in range(1, len(result.patterns) + 1)]
    patterns = [p.to_dict() for p in result.patterns]
    manifest = {"generation_id": generation_id, "artist": result.artist, "files": names,
                "output": {"drum_map": output.drum_map, "midi_type": output.midi_type,
                           "ppq": output.ppq}, "patterns": patterns}
    if save is None:
        save_manifests([(store, generation_id, manifest)])
    else:
        with _recent_lock:
            _recent[generation_id] = manifest
            while len(_recent) > RECENT_MANIFESTS:
                _recent.popitem(last=False)
        save((store, generation_id, manifest))
    p = result.profile
    return {
        "status": "succeeded", "generation_id": generation_id,
        "generation_time_ms": round(result.generation_time_ms, 3),
        "provider_used": result.provider_used, "artist": result.artist,
        "known_artist": result.known_artist, "genre": result.genre, "seed": result.seed,
        "confidence": p.confidence, "resolution_note": result.resolution_note,
        "midi_files": [f"{FILES_PREFIX}/{generation_id}/{n}" for n in names],
        "zip_url": f"{FILES_PREFIX}/{generation_id}.zip",
        "profile": {"artist_name": p.artist_name, "kind": p.kind, "genres": list(p.genres),
                    "confidence": p.confidence, "source": p.source,
                    "sources_count": p.sources_count, "description": p.text_description,
                    "tempo_range": [p.params.tempo_min, p.params.tempo_max],
                    "swing_percent": p.params.swing_percent},
        "patterns": patterns,
    }


def save_manifests(items: Sequence[Manifest]) -> None:
    """Write manifests to `<store>/<generation_id>.json` (the background writer's batch)."""
    for store, generation_id, manifest in items:
        _write_atomic(store, f"{generation_id}.json",
                      json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode())


def _folder(store: Path, generation_id: str) -> Path:
    """The folder of a generation's .mid files (made on first render); checks the id."""
    if not _ID.match(generation_id):
        raise NotFoundError(f"no generation {generation_id!r}", field="generation_id")
    if generation_id not in _recent and not (store / f"{generation_id}.json").is_file():
        raise NotFoundError(f"no generation {generation_id!r}; it may have been cleaned up",
                            field="generation_id")
    return store / generation_id


def _manifest(folder: Path) -> dict[str, Any]:
    with _recent_lock:
        recent = _recent.get(folder.name)
    if recent is not None:
        return recent
    try:
        text = folder.with_name(f"{folder.name}.json").read_text(encoding="utf-8")
        data: dict[str, Any] = json.loads(text)
    except (OSError, ValueError) as e:
        raise StorageError(f"cannot read generation {folder.name}: {e}") from e
    return data


def file_path(store: Path, generation_id: str, name: str) -> Path:
    """The .mid file `name` of a generation, rendered on first request."""
    folder = _folder(store, generation_id)
    if not name.endswith(".mid") or name.startswith(".") or "/" in name or "\\" in name:
        raise NotFoundError(f"generation {generation_id} has no file {name!r}", field="name")
    target = folder / name
    if target.is_file():
        return target
    manifest = _manifest(folder)
    if name not in manifest["files"]:
        raise NotFoundError(f"generation {generation_id} has no file {name!r}; it has "
                            + ", ".join(manifest["files"]), field="name")
    _render_all(folder, manifest)
    return target


def zip_bytes(store: Path, generation_id: str) -> tuple[str, bytes]:
    """(file name, bytes) of a zip with every .mid file of a generation."""
    folder = _folder(store, generation_id)
    manifest = _manifest(folder)
    _render_all(folder, manifest)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in manifest["files"]:
            zf.write(folder / name, arcname=name)
    return f"{slugify(manifest['artist'])}_{generation_id[:8]}.zip", buf.getvalue()


def _render_all(folder: Path, manifest: Mapping[str, Any]) -> None:
    from ..midi.writer import midi_bytes

    missing = [(n, p) for n, p in zip(manifest["files"], manifest["patterns"], strict=True)
               if not (folder / n).is_file()]
    if not missing:
        return
    kwargs = services.OutputOptions(fmt="mid", **manifest["output"]).writer_kwargs()
    for name, pattern in missing:
        _write_atomic(folder, name, midi_bytes(Pattern.from_dict(pattern), **kwargs))


def _write_atomic(folder: Path, name: str, data: bytes) -> None:
    try:
        if folder not in _made:
            folder.mkdir(parents=True, exist_ok=True)
            _made.add(folder)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, folder / name)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as e:
        raise StorageError(f"cannot write {name} under {folder}: {e.strerror}") from e
