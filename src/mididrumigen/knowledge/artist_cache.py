"""The validated knowledge base on disk, so a process starts without validating 583 artists.

Validating every artist file (every signature groove parsed and checked for playability) is
most of the cost of loading the knowledge base, and a CLI command pays it on each start. After
a load from the data files, the validated entries are written here as JSON rows; the next
process rebuilds the same entries from the rows through the same constructors (whose range
checks still run), without parsing a grid.

    key = cache_key(root, stamps, include_private)   # the data files and the code that reads them
    cached = read_cache(cache_dir, root, key)         # None: absent, stale or unreadable
    write_cache(cache_dir, root, key, kb)             # best effort, atomic (temp then rename)

The entries' normalized names go with them, so a read rebuilds the name index without
normalizing a name.

Never trusted blindly: the file names the key it was made for — the package version, every
data file's name, mtime and size, and the mtime and size of the modules that validate and hold
the entries — and anything that does not read back as well-formed rows (a torn write, another
version's layout, a hand edit that breaks a range) is ignored and rebuilt. One file per data
folder, rewritten in place when its key changes, so stale caches do not pile up.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.genres import GENRE_SET
from ..domain.meter import TimeSignature
from ..domain.profile import KINDS, SignatureGroove, StyleParams
from .resolve import NameIndex
from .schema import ArtistEntry, Drummer
from .stamps import Stamp, cache_file, file_stamps, made_from, write_cache_file

if TYPE_CHECKING:
    from .artists import KnowledgeBase

__all__ = ["cache_key", "cache_path", "file_stamps", "read_cache", "write_cache"]

CACHE_FORMAT = 2
_PARAM_NAMES: tuple[str, ...] = StyleParams.__slots__
# The code whose behaviour the cached rows stand for: a change to any of it is a new key.
_CODE_FILES = ("knowledge/schema.py", "knowledge/artists.py", "knowledge/artist_cache.py",
               "knowledge/resolve.py", "domain/names.py", "domain/profile.py", "domain/meter.py",
               "knowledge/stamps.py", "domain/grid.py", "domain/genres.py", "domain/voices.py",
               "domain/checks.py")


def cache_key(root: Path, stamps: tuple[Stamp, ...], include_private: bool) -> str:
    """What a cache file must have been made for to be read: the data files' stamps, the
    package version and the validating code's stamps."""
    return made_from(_CODE_FILES, CACHE_FORMAT, str(root), include_private, stamps)


def cache_path(cache_dir: Path, root: Path, include_private: bool) -> Path:
    """The one cache file of a data folder (and of include_private)."""
    return cache_file(cache_dir, "knowledge", root, include_private)


def _row(e: ArtistEntry) -> list[Any]:
    p = e.params
    return [e.name, e.kind, list(e.genres),
            [dict(p.microtiming_ms) if n == "microtiming_ms" else getattr(p, n)
             for n in _PARAM_NAMES],
            e.description, e.provenance, list(e.aliases), [[d.name, d.era] for d in e.drummers],
            list(e.members),
            [[g.name, g.grid, g.time_signature.numerator, g.time_signature.denominator, g.song,
              g.tempo, g.kind, g.weight] for g in e.signature_grooves],
            e.confidence, e.source_file]


def _entry(row: list[Any]) -> ArtistEntry:
    (name, kind, genres, params, description, provenance, aliases, drummers, members, grooves,
     confidence, source_file) = row
    return ArtistEntry(
        name, kind, tuple(genres), StyleParams(*params), description, provenance,
        tuple(aliases), tuple(Drummer(n, era) for n, era in drummers), tuple(members),
        tuple(SignatureGroove(n, grid, TimeSignature(num, den), song, tempo, kind_, weight)
              for n, grid, num, den, song, tempo, kind_, weight in grooves),
        confidence, source_file)


def _well_formed(e: ArtistEntry) -> bool:
    """The types and vocabularies the validator guarantees, checked on what came back from the
    file (the constructors check the ranges)."""
    texts = (e.name, e.kind, e.description, e.provenance, e.source_file, *e.genres, *e.aliases,
             *e.members, *(d.name for d in e.drummers), *(d.era for d in e.drummers),
             *(g.grid for g in e.signature_grooves), *(g.song for g in e.signature_grooves))
    return (all(type(t) is str for t in texts) and e.kind in KINDS
            and all(g in GENRE_SET for g in e.genres)
            and (e.confidence is None or type(e.confidence) is float))


def read_cache(cache_dir: Path, root: Path, key: str, include_private: bool = False,
               ) -> tuple[tuple[ArtistEntry, ...], NameIndex, tuple[str, ...]] | None:
    """The cached entries, their name index and the file names, made for `key`; or None
    (absent, stale, unreadable or malformed: the caller validates the files and writes a new
    one)."""
    try:
        doc = json.loads(cache_path(cache_dir, root, include_private).read_bytes())
        if not isinstance(doc, dict) or doc.get("key") != key:
            return None
        entries = tuple(_entry(r) for r in doc["entries"])
        index = NameIndex(entries, doc["normalized"])
        files = tuple(doc["files"])
    except Exception:  # whatever a damaged file raises, the files decide
        return None
    if not all(_well_formed(e) for e in entries) or not all(type(f) is str for f in files):
        return None
    return entries, index, files


def write_cache(cache_dir: Path, root: Path, key: str, kb: KnowledgeBase,
                include_private: bool = False) -> bool:
    """Write a knowledge base validated from the files, for `key` (atomically; no fsync: a
    torn file reads as stale). False when the folder cannot be written: the next process
    validates again."""
    doc = {"format": CACHE_FORMAT, "key": key, "files": list(kb.files),
           "entries": [_row(e) for e in kb.entries], "normalized": kb.index.normalized}
    return write_cache_file(cache_path(cache_dir, root, include_private),
                            json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
