"""An on-disk HTTP cache with a time to live: one JSON file per request under the data dir."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..storage.files import write_atomic


def cache_key(url: str, params: Mapping[str, Any] | None = None, accept: str = "") -> str:
    items = sorted((str(k), str(v)) for k, v in (params or {}).items())
    raw = json.dumps([url, items, accept], ensure_ascii=True)
    return hashlib.sha256(raw.encode()).hexdigest()


class DiskCache:
    """Successful responses by request key; entries older than `ttl_s` are misses."""

    def __init__(self, directory: Path, ttl_s: float, *, clock: Any = time.time) -> None:
        self.directory = Path(directory)
        self.ttl_s = ttl_s
        self.clock = clock
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.misses += 1
            return None
        if not isinstance(entry, dict) or self.clock() - float(entry.get("stored_at", 0)) > self.ttl_s:
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str, url: str, status: int, content_type: str, text: str) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps({"url": url, "status": status,
                                           "content_type": content_type, "text": text,
                                           "stored_at": self.clock()}))
        except OSError:
            return  # a cache that cannot be written is only slower
