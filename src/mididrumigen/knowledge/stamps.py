"""What a derived file on disk was made from: the data files' and the code's names, mtimes and
sizes, and the package version, hashed into one key (knowledge.artist_cache,
knowledge.genre_cache). A cache whose key differs was made from something else: rebuilt."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import __version__

PACKAGE = Path(__file__).resolve().parents[1]

Stamp = tuple[str, int, int]  # name, mtime_ns, size


def file_stamps(paths: Sequence[Path]) -> tuple[Stamp, ...]:
    """(name, mtime_ns, size) of each file (OSError when one went away)."""
    return tuple((p.name, st.st_mtime_ns, st.st_size) for p in paths for st in (p.stat(),))


def made_from(code_files: Sequence[str], *parts: Any) -> str:
    """The key of a derived file made from `parts` (JSON-able: data files' stamps, options) by
    the package's `code_files` (paths under the package) at this version."""
    code = file_stamps([PACKAGE / f for f in code_files])
    text = json.dumps([__version__, code, *parts])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_file(cache_dir: Path, kind: str, *which: Any) -> Path:
    """The one cache file of a kind for `which` (e.g. a data folder): rewritten in place when
    its key changes, so stale caches do not pile up."""
    name = hashlib.sha256(json.dumps([str(w) for w in which]).encode()).hexdigest()[:16]
    return cache_dir / f"{kind}-{name}.json"


def write_cache_file(file: Path, data: bytes | str) -> bool:
    """Write a derived file atomically (temp then rename; no fsync: a torn file reads back as
    stale and is rebuilt). False when the folder cannot be written: the next process makes it
    again."""
    from ..storage.files import write_atomic

    try:
        os.makedirs(file.parent, exist_ok=True)
        write_atomic(file, data)
    except OSError:
        return False
    return True
