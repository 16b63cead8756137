"""Writing files so that no reader ever sees half of one: a temp file in the target folder, then
os.replace. The one place the package does this (generation files and manifests, .mid files,
genre model files, the research HTTP cache).

    write_atomic(path, data, fsync=False) -> Path
    write_all(folder, [(name, data), ...]) -> [Path, ...]   # every file, or none

Files are created with the permissions any other program's would get: 0666 less the
process's umask (0644 under the usual 022), so a DAW, a web server or another user can read a
.mid the way they read everything else in the folder. (tempfile.mkstemp would make them 0600.)

Standard library only, so midi/, knowledge/ and research/ use it without loading the rest of
storage. Errors are OSError; callers say what could not be written.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from pathlib import Path

_CREATE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
           | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))
_TRIES = 100


def _create_temp(folder: Path, name: str) -> tuple[int, str]:
    """A new, empty temp file beside `folder / name`, mode 0666 less the umask (the kernel
    applies it, so no thread ever changes the umask); O_EXCL: never an existing file."""
    for _ in range(_TRIES):
        path = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(path, _CREATE, 0o666), path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name for {name!r} in {str(folder)!r}")


def _temp_copy(folder: Path, name: str, data: bytes, fsync: bool) -> str:
    """`data` in a new temp file beside `folder / name`; its path."""
    fd, tmp = _create_temp(folder, name)
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
