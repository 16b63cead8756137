"""The bundled artist knowledge base: every `data/artists/*.json`, validated, as StyleProfiles.

    kb = load_knowledge_base()          # remembered per directory until a file changes
    kb.resolve("Led Zepplin").entry     # ArtistEntry for Led Zeppelin (fuzzy)
    kb.profile("Jimmy Page")            # StyleProfile of Led Zeppelin

Files starting with "_" are fixtures/templates and are skipped unless `include_private`.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock

from cachetools import LRUCache

from ..domain.profile import StyleParams, StyleProfile
from ..errors import UserInputError
from .resolve import NameIndex, Resolution, normalize
from .schema import ArtistDataError, ArtistEntry, validate_document

DATA_DIR = Path(__file__).parent / "data" / "artists"
CONFIDENCE_WITH_GROOVES = 0.7
CONFIDENCE_WITHOUT_GROOVES = 0.6

_PARAM_NAMES: tuple[str, ...] = StyleParams.__slots__


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Validated artist entries with a name index. Build with `load_knowledge_base`."""

    entries: tuple[ArtistEntry, ...]
    index: NameIndex
    files: tuple[str, ...] = ()
    # entries are immutable, so each profile is built once (generation and /artists ask often)
    _profiles: dict[str, StyleProfile] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_entries(cls, entries: tuple[ArtistEntry, ...] | list[ArtistEntry],
                     files: tuple[str, ...] = ()) -> KnowledgeBase:
        entries = tuple(entries)
        _check_unique(entries)
        return cls(entries, NameIndex(entries), files)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[ArtistEntry]:
        return iter(self.entries)

    def resolve(self, name: str) -> Resolution:
        """Exact / alias / member / fuzzy resolution; `entry` is None when nothing fits."""
        return self.index.resolve(name)

    def get(self, name: str) -> ArtistEntry:
        """The entry a typed name resolves to, or UserInputError with suggestions."""
        res = self.resolve(name)
        if res.entry is None:
            error = UserInputError(f"unknown artist {name!r}: not in the offline knowledge base."
                                   + (f" Did you mean: {', '.join(res.suggestions)}?"
                                      if res.suggestions else ""), field="artist")
            raise error if res.suggestions else error.advise("artists", "genre")
        return res.entry

    def profile(self, name: str) -> StyleProfile:
        """The StyleProfile of the artist `name` resolves to (UserInputError if unknown)."""
        entry = self.get(name)
        profile = self._profiles.get(entry.name)
        if profile is None:
            profile = self._profiles[entry.name] = entry_profile(entry)
        return profile

    def search(self, query: str, limit: int = 10) -> list[tuple[ArtistEntry, float, str]]:
        return self.index.search(query, limit)

    def by_genre(self, genre: str) -> tuple[ArtistEntry, ...]:
        return tuple(e for e in self.entries if genre in e.genres)


def entry_profile(entry: ArtistEntry) -> StyleProfile:
    """ArtistEntry → StyleProfile, every parameter traced to the entry's provenance text."""
    where = f"knowledge base ({entry.source_file})" if entry.source_file else "knowledge base"
    evidence = f"{where}: {entry.provenance}"
    provenance = {name: evidence for name in _PARAM_NAMES}
    for g in entry.signature_grooves:
        provenance[f"signature_groove:{g.name}"] = evidence
    if entry.confidence is not None:
        confidence = entry.confidence
    else:
        confidence = (CONFIDENCE_WITH_GROOVES if entry.signature_grooves
                      else CONFIDENCE_WITHOUT_GROOVES)
    drummers = entry.drummer_names or ((entry.name,) if entry.kind == "drummer" else ())
    return StyleProfile(
        artist_name=entry.name, params=entry.params, genres=entry.genres, aliases=entry.aliases,
        kind=entry.kind, drummers=drummers, text_description=entry.description,
        signature_grooves=entry.signature_grooves, confidence=confidence, sources_count=1,
        provenance=provenance, source="knowledge_base")


def _check_unique(entries: tuple[ArtistEntry, ...]) -> None:
    owner: dict[str, tuple[str, ArtistEntry]] = {}
    for e in entries:
        own: set[str] = set()
        for spelling in (e.name, *e.aliases):
            norm = normalize(spelling)
            if not norm or norm in own:
                continue
            own.add(norm)
            prev = owner.get(norm)
            if prev is not None:
                first, other = prev
                raise ArtistDataError(
                    f"{e.source_file}: {e.name}: {'name' if spelling == e.name else 'aliases'}:"
                    f" {spelling!r} is already used by {other.name} ({first!r} in "
                    f"{other.source_file}); names and aliases must be unique across artists",
                    field=f"{e.source_file}: {e.name}: aliases")
            owner[norm] = (spelling, e)


def load_file(path: Path) -> tuple[ArtistEntry, ...]:
    """Parse and validate one artist file; errors name the file."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise ArtistDataError(f"{path.name}: not valid JSON at line {e.lineno} column {e.colno}:"
                              f" {e.msg}", field=path.name) from None
    except OSError as e:
        raise ArtistDataError(f"{path.name}: cannot read: {e.strerror}", field=path.name) from None
    return validate_document(doc, source_file=path.name)


# A memo of file contents: the same files (names, mtimes, sizes) give an equal, immutable
# KnowledgeBase, so every Runtime of a process (and a collector) shares one load.
_CACHE: LRUCache[tuple[str, bool], tuple[tuple[tuple[str, int, int], ...], KnowledgeBase]] = (
    LRUCache(maxsize=8))
_LOCK = Lock()


def load_knowledge_base(dir: Path | str | None = None, *, include_private: bool = False,
                        cache_dir: Path | None = None) -> KnowledgeBase:
    """Load every `*.json` in `dir` (default: the bundled data). Remembered in the process until
    a file changes; with `cache_dir`, the validated entries are also kept on disk there
    (knowledge.artist_cache), so the next process reads them instead of validating the files."""
    from .artist_cache import cache_key, file_stamps, read_cache, write_cache

    root = (Path(dir) if dir is not None else DATA_DIR).resolve()
    paths = sorted(p for p in root.glob("*.json")
                   if include_private or not p.name.startswith("_")) if root.is_dir() else []
    stamp = file_stamps(paths)
    cache_key_ = (str(root), include_private)
    with _LOCK:
        hit = _CACHE.get(cache_key_)
        if hit is not None and hit[0] == stamp:
            return hit[1]
    key = cache_key(root, stamp, include_private) if cache_dir is not None else ""
    # Thousands of small immutable objects and no cycles: the cyclic GC would only add pauses.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        cached = read_cache(cache_dir, root, key, include_private) if cache_dir else None
        if cached is not None:  # written after the checks below passed, for these files
            kb = KnowledgeBase(*cached)
        else:
            entries: list[ArtistEntry] = []
            for p in paths:
                entries.extend(load_file(p))
            kb = KnowledgeBase.from_entries(entries, tuple(p.name for p in paths))
            if cache_dir is not None:
                write_cache(cache_dir, root, key, kb, include_private)
    finally:
        if gc_was_enabled:
            gc.enable()
    with _LOCK:
        _CACHE[cache_key_] = (stamp, kb)
    return kb


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()
