"""Writing files so that no reader ever sees half of one: a temp file in the target folder, then
os.replace. The one place the package does this (generation files and manifests, .mid files,
genre model files, the research HTTP cache).

    write_atomic(path, data, fsync=False) -> Path
    write_all(folder, [(name, data), ...]) -> [Path, ...]   # every file, or none

Standard library only, so midi/, knowledge/ and research/ use it without loading the rest of
storage. Errors are OSError; callers say what could not be written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path


def _temp_copy(folder: Path, name: str, data: bytes, fsync: bool) -> str:
    """`data` in a new temp file beside `folder / name`; its path."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, fsync: bool = False) -> Path:
    """Write `data` (str as UTF-8) to `path` atomically; the folder must exist."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = _temp_copy(target.parent, target.name, payload, fsync)
    try:
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


def write_all(folder: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write every (name, data) under `folder` (which must exist), all or nothing: every file
    is written to a temp name first, and only then are they renamed."""
    temps: list[tuple[str, Path]] = []
    try:
        for name, data in files:
            temps.append((_temp_copy(folder, name, data, False), folder / name))
        for tmp, final in temps:
            os.replace(tmp, final)
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
    return [folder / name for name, _ in files]
