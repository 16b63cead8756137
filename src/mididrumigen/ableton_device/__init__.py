"""The Max for Live device as it ships, and where Live looks for it.

    MidiDrumiGen.amxd               frozen: the patcher and both scripts in one file (use this)
    MidiDrumiGen/MidiDrumiGen.amxd  the same device unfrozen, with bridge.js and live_writer.js
    MidiDrumiGen/*.js               beside it (to open and edit in Max)

Both are built by `ableton/build.mjs --ship` from ableton/device/ (a test checks these files
are what the build makes from today's sources). `install(dest)` copies the device into a Live
User Library; the API serves it at /api/v1/device/… and the CLI runs `mididrumigen ableton
install`. Standard library only (the CLI's --help imports this).
"""

from __future__ import annotations

import io
import platform
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserInputError

DEVICE_NAME = "MidiDrumiGen"
AMXD_NAME = f"{DEVICE_NAME}.amxd"
ZIP_NAME = f"{DEVICE_NAME}.zip"
HERE = Path(__file__).resolve().parent
# Where Live keeps a user's Max MIDI Effects, under its User Library (Live's default places;
# Preferences › Library › Location of User Library shows a moved one: pass it as --dest).
LIBRARY_SUBFOLDER = ("Presets", "MIDI Effects", "Max MIDI Effect")
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed, so the zip's bytes depend only on the files


def frozen_device() -> Path:
    """The frozen MidiDrumiGen.amxd (needs nothing beside it)."""
    return HERE / AMXD_NAME


def unfrozen_files() -> list[Path]:
    """The unfrozen device and its scripts, the .amxd first."""
    folder = HERE / DEVICE_NAME
    return [folder / AMXD_NAME, *sorted(p for p in folder.glob("*.js"))]


def folder_zip() -> bytes:
    """The unfrozen device folder as a zip: MidiDrumiGen/{MidiDrumiGen.amxd, *.js}."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in unfrozen_files():
            info = zipfile.ZipInfo(f"{DEVICE_NAME}/{path.name}", date_time=_ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, path.read_bytes())
    return buf.getvalue()


def user_library(system: str | None = None, home: Path | None = None,
                 env: Mapping[str, str] | None = None) -> Path:
    """Live's default User Library for this system (macOS, Windows); others: UserInputError."""
    system = system or platform.system()
    home = home if home is not None else Path.home()
    env = {} if env is None else env  # Path.home() already is %USERPROFILE% on Windows
    if system == "Darwin":
        return home / "Music" / "Ableton" / "User Library"
    if system == "Windows":
        profile = Path(env.get("USERPROFILE") or home)
        return profile / "Documents" / "Ableton" / "User Library"
    raise UserInputError(f"Live does not run on {system or 'this system'}, so there is no User Library "
                         "to find: pass --dest FOLDER (the folder to copy the device into)",
                         field="dest")


def default_destination(system: str | None = None, home: Path | None = None,
                        env: Mapping[str, str] | None = None) -> Path:
    """The User Library's Max MIDI Effect folder, where Live's browser lists the device."""
    library = user_library(system, home, env)
    if not library.is_dir():
        raise UserInputError(f"no Live User Library at {library}: open Live once, or pass --dest "
                             "(Live shows where it is in Preferences › Library)", field="dest")
    return library.joinpath(*LIBRARY_SUBFOLDER)


@dataclass(frozen=True)
class Installed:
    """What install() did: the files written (or already there, identical), and which."""

    folder: Path
    device: Path
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]


def install(dest: Path | None = None, *, unfrozen: bool = False, system: str | None = None,
            home: Path | None = None, env: Mapping[str, str] | None = None) -> Installed:
    """Copy the device into `dest` (default: the User Library's Max MIDI Effect folder).

    Frozen (default): dest/MidiDrumiGen.amxd. unfrozen: dest/MidiDrumiGen/ with the .amxd and
    its scripts. A file already there with the same bytes is left alone; a different one (an
    older version) is replaced.
    """
    from ..storage.files import write_atomic  # the package's one temp-then-rename

    folder = Path(dest).expanduser() if dest is not None else default_destination(system, home, env)
    sources = unfrozen_files() if unfrozen else [frozen_device()]
    target = folder / DEVICE_NAME if unfrozen else folder
    if target.exists() and not target.is_dir():
        raise UserInputError(f"{target} is a file, not a folder", field="dest")
    try:
        target.mkdir(parents=True, exist_ok=True)
        written, unchanged = [], []
        for src in sources:
            out = target / src.name
            data = src.read_bytes()
            if out.is_file() and out.read_bytes() == data:
                unchanged.append(out)
                continue
            write_atomic(out, data)
            written.append(out)
    except OSError as e:
        raise UserInputError(f"could not copy the device into {target}: {e.strerror or e}",
                             field="dest") from e
    return Installed(folder=target, device=target / AMXD_NAME, written=tuple(written),
                     unchanged=tuple(unchanged))
