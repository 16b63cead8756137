"""The shipped genre models on disk in a form read one model at a time.

`data/genre_models.json` holds every corpus model (genre x meter); a generation plays one or
two of them, and parsing the whole file was a large part of a CLI start. After one full read,
each winning model's JSON is written here one after another behind a header line that says
where each one starts and ends; a later process reads the header and parses a model when it is
first asked for.

    models = corpus_models(CORPUS_FILE, cache_dir)   # a Mapping (genre, meter) -> GenreModel

Never trusted blindly: the header names the key the file was made for (the models file's
mtime and size, the package version, the reading code's stamps: knowledge.stamps); a file
that is absent, stale or malformed is rebuilt from the models file, and a model that does not
parse back is taken from a full read of the models file instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from threading import Lock

from ..groove.model import GenreModel
from .stamps import cache_file, file_stamps, made_from, write_cache_file

CACHE_FORMAT = 1
_CODE_FILES = ("knowledge/genres.py", "knowledge/genre_cache.py", "knowledge/stamps.py",
               "groove/model.py", "domain/genres.py", "domain/meter.py")

Key = tuple[str, str]  # genre key, meter text


class CachedModels(Mapping[Key, GenreModel]):
    """Models by (genre, meter), each parsed from its slice of `body` on first use."""

    def __init__(self, spans: Mapping[Key, tuple[int, int]], body: bytes,
                 full_read: Callable[[], Mapping[Key, GenreModel]]) -> None:
        self._spans = dict(spans)
        self._body = body
        self._full_read = full_read
        self._parsed: dict[Key, GenreModel] = {}
        self._full: Mapping[Key, GenreModel] | None = None
        self._lock = Lock()

    def __getitem__(self, key: Key) -> GenreModel:
        model = self._parsed.get(key)
        if model is not None:
            return model
        start, end = self._spans[key]  # KeyError: no such model, as a dict says
        try:
            model = GenreModel.from_dict(json.loads(self._body[start:end]))
            if model.genre != key[0]:
                model = replace(model, genre=key[0])  # the alias read_corpus_models resolved
            if str(model.time_signature) != key[1]:
                raise ValueError(f"{model.key} filed under {key}")
        except Exception:  # whatever a damaged slice raises
            with self._lock:  # a damaged slice: the models file itself decides
                if self._full is None:
                    self._full = self._full_read()
            model = self._full[key]
        self._parsed[key] = model  # idempotent: a racing thread parses an equal model
        return model

    def __iter__(self) -> Iterator[Key]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)

    def __contains__(self, key: object) -> bool:
        return key in self._spans


def _read(file: Path, key: str, full_read: Callable[[], Mapping[Key, GenreModel]],
          ) -> CachedModels | None:
    try:
        data = file.read_bytes()
        head, _, body = data.partition(b"\n")
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("key") != key:
            return None
        spans: dict[Key, tuple[int, int]] = {}
        for genre, meter, start, end in header["models"]:
            if (type(genre) is not str or type(meter) is not str or type(start) is not int
                    or type(end) is not int or not 0 <= start < end <= len(body)):
                return None
            spans[(genre, meter)] = (start, end)
    except Exception:  # whatever a damaged file raises: rebuilt
        return None
    return CachedModels(spans, body, full_read)


def corpus_models(path: Path, cache_dir: Path | None) -> Mapping[Key, GenreModel]:
    """The models of the models file at `path` (knowledge.genres.read_corpus_models), through
    the cache in `cache_dir` (None: read the file)."""
    from .genres import best_corpus_models, read_corpus_models

    if cache_dir is None:
        return read_corpus_models(path)
    try:
        key = made_from(_CODE_FILES, CACHE_FORMAT, str(path), file_stamps([path]))
    except OSError:
        return read_corpus_models(path)  # no models file: {} (and a log line if unreadable)
    file = cache_file(cache_dir, "genre-models", path)
    cached = _read(file, key, lambda: read_corpus_models(path))
    if cached is not None:
        return cached
    best = best_corpus_models(path)
    header: list[list[object]] = []
    pieces: list[bytes] = []
    at = 0
    for (genre, meter), (_, raw) in best.items():
        piece = json.dumps(raw, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header.append([genre, meter, at, at + len(piece)])
        pieces.append(piece)
        at += len(piece)
    head = json.dumps({"format": CACHE_FORMAT, "key": key, "models": header})
    write_cache_file(file, head.encode("utf-8") + b"\n" + b"".join(pieces))  # best effort
    return {k: model for k, (model, _) in best.items()}
