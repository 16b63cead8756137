"""Which files a corpus folder holds, and the genre, meter and role (groove or fill) of each.

Two layouts:

* the Groove MIDI Dataset: an `info.csv` (columns style, beat_type, time_signature,
  midi_filename …) next to the drummer folders. The genre is the style's top level
  (`funk/groove1` → funk, `latin-brazilian-baiao` → latin) mapped to our keys
  (neworleans → new_orleans, others lower snake_case); `beat_type` fill marks fill files.
* any folder of .mid / .midi files (searched recursively): the genre is the one given, else a
  known genre word in the file's path, else "unknown"; a file is a fill when its name says
  "fill"; the meter comes from the file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..domain.meter import TimeSignature
from ..errors import UserInputError

GMD_GENRES = {"neworleans": "new_orleans", "hiphop": "hiphop", "afrocuban": "afrocuban",
              "dance": "dance"}
# words in a file path that name a genre, longest first so "afrobeat" wins over "afro"
GENRE_WORDS: dict[str, str] = {
    "new_orleans": "new_orleans", "neworleans": "new_orleans", "hip_hop": "hiphop",
    "hiphop": "hiphop", "afrobeat": "afrobeat", "afrocuban": "afrocuban",
    "afro_cuban": "afrocuban", "bossa_nova": "bossa_nova", "bossa": "bossa_nova",
    "reggaeton": "reggaeton", "breakbeat": "breakbeat", "drum_and_bass": "drum_and_bass",
    "dnb": "drum_and_bass", "highlife": "highlife", "country": "country", "gospel": "gospel",
    "reggae": "reggae", "samba": "samba", "metal": "metal", "blues": "blues",
    "disco": "disco", "dance": "dance", "house": "house", "funk": "funk", "jazz": "jazz",
    "latin": "latin", "soul": "soul", "punk": "punk",
    "rock": "rock", "pop": "pop", "trap": "trap", "ska": "ska",
}
MIDI_SUFFIXES = (".mid", ".midi", ".smf", ".kar")
MAX_FILES = 20_000
_SNAKE = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)
class CorpusFile:
    """One file to read: where it is, its genre key, meter (None: from the file), role."""

    path: Path
    relpath: str
    genre: str
    time_signature: TimeSignature | None
    is_fill: bool


def snake(text: str) -> str:
    """'Latin-Brazilian Baião' → 'latin_brazilian_bai_o'; lower snake_case, ASCII."""
    return _SNAKE.sub("_", text.casefold()).strip("_")


def gmd_genre(style: str) -> str:
    """Our genre key for a GMD style: 'neworleans/funk' → 'new_orleans'."""
    top = re.split(r"[/\-]", style.strip(), maxsplit=1)[0]
    key = snake(top) or "unknown"
    return GMD_GENRES.get(key, key)


def genre_from_path(relpath: str) -> str | None:
    """A genre word found in a file path ('grooves/Funk_Fill_03.mid' → 'funk'), or None."""
    words = snake(relpath.rsplit(".", 1)[0])
    padded = f"_{words}_"
    for word in sorted(GENRE_WORDS, key=lambda w: (-len(w), w)):
        if f"_{word}_" in padded or (len(word) >= 4 and word in words):
            return GENRE_WORDS[word]
    return None


def _parse_meter(text: str) -> TimeSignature | None:
    try:
        return TimeSignature.parse(text.replace("-", "/"))
    except UserInputError:
        return None


def scan_gmd(root: Path) -> Iterator[CorpusFile]:
    """The rows of a GMD info.csv, in file order of the CSV sorted by path."""
    rows = []
    with (root / "info.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            name = (row.get("midi_filename") or "").strip()
            if not name:
                continue
            rows.append(row)
    for row in sorted(rows, key=lambda r: r["midi_filename"]):
        rel = row["midi_filename"].strip()
        yield CorpusFile(root / rel, rel, gmd_genre(row.get("style") or ""),
                         _parse_meter(row.get("time_signature") or ""),
                         (row.get("beat_type") or "").strip().lower() == "fill")


def scan_folder(root: Path, genre: str | None = None) -> Iterator[CorpusFile]:
    """Every MIDI file under `root`, sorted by path."""
    paths = sorted(p for p in root.rglob("*") if p.suffix.lower() in MIDI_SUFFIXES
                   and p.is_file())
    if len(paths) > MAX_FILES:
        raise UserInputError(f"{root} holds {len(paths)} MIDI files; import at most "
                             f"{MAX_FILES} at a time (pick a sub-folder)", field="path")
    for p in paths:
        rel = p.relative_to(root).as_posix()
        g = snake(genre) if genre else genre_from_path(rel) or "unknown"
        yield CorpusFile(p, rel, g, None, "fill" in snake(p.stem).split("_"))


def scan(root: Path | str, genre: str | None = None) -> list[CorpusFile]:
    """The files of a corpus folder (GMD layout when it has info.csv) or of a single file."""
    path = Path(root)
    if path.is_file():
        g = snake(genre) if genre else genre_from_path(path.name) or "unknown"
        return [CorpusFile(path, path.name, g, None, "fill" in snake(path.stem).split("_"))]
    if not path.is_dir():
        raise UserInputError(f"corpus path {str(path)!r} does not exist; give a folder of "
                             ".mid files or a single .mid file", field="path")
    if (path / "info.csv").is_file():
        files = list(scan_gmd(path))
        if genre:
            files = [CorpusFile(f.path, f.relpath, snake(genre), f.time_signature, f.is_fill)
                     for f in files]
        return files
    return list(scan_folder(path, genre))
