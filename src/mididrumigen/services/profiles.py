"""Which StyleProfile a request uses: a stored research profile (within its TTL), the knowledge
base, or an unknown artist's genre defaults at low confidence."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..domain.names import clean_artist_name, normalize_name
from ..domain.profile import StyleParams, StyleProfile

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..groove.model import GenreModel
    from .runtime import Runtime

# Stored-profile lookups are remembered briefly, so a burst of requests for one artist reads the
# database once; forget_profile() drops an entry when research saves a new version.
PROFILE_MEMO_S = 2.0
PROFILE_MEMO_SIZE = 4096
_MISSING = object()


class ProfileMemo:
    """Stored-profile lookups by (database, normalized artist name) for PROFILE_MEMO_S; a
    Runtime owns one. Keys use normalize_name, so "john bonham" and "John Bonham" are one
    entry and forgetting either forgets it."""

    def __init__(self, ttl_s: float = PROFILE_MEMO_S, size: int = PROFILE_MEMO_SIZE) -> None:
        from cachetools import TTLCache

        self._cache: TTLCache[tuple[str, str], StyleProfile | None] = TTLCache(size, ttl_s)
        self._lock = threading.Lock()  # cachetools caches are not thread-safe

    @staticmethod
    def key(engine: Engine, name: str) -> tuple[str, str]:
        return str(engine.url), normalize_name(name)  # the database, not the Engine object

    def get(self, engine: Engine, name: str) -> Any:
        """The remembered profile (None: remembered as absent), or _MISSING."""
        with self._lock:
            return self._cache.get(self.key(engine, name), _MISSING)

    def put(self, engine: Engine, name: str, profile: StyleProfile | None) -> None:
        with self._lock:
            self._cache[self.key(engine, name)] = profile

    def forget(self, name: str | None = None) -> None:
        """Forget every lookup, or those of one artist (in any database, any spelling)."""
        with self._lock:
            if name is None:
                self._cache.clear()
                return
            key = normalize_name(name)
            for k in [k for k in self._cache if k[1] == key]:
                del self._cache[k]


@dataclass(frozen=True, slots=True)
class ResolvedProfile:
    """The profile generation will use, and how it was found (said to the user)."""

    profile: StyleProfile
    known: bool
    note: str
    suggestions: tuple[str, ...] = ()
    advice: tuple[str, ...] = ()  # request fields that would help: advice.say words them


def genre_default_profile(runtime: Runtime, name: str, genre: str, *,
                          time_signature: Any = None) -> StyleProfile:
    """A low-confidence profile for an artist nobody knows yet: the genre model's own feel."""
    from ..domain.meter import TimeSignature
    from ..groove.humanize import REFERENCE_VELOCITY_MEAN, REFERENCE_VELOCITY_STD, timing_spread
    from ..groove.model import plays_double_kick

    ts = time_signature or TimeSignature()
    model: GenreModel = runtime.genre_library.model(genre, ts)
    lo, hi = sorted((model.tempo_min, model.tempo_max))
    avg = min(max(model.tempo_median, lo), hi)
    spread = timing_spread(runtime.groove_engine.fitted(model.genre, ts))
    params = StyleParams(tempo_min=lo, tempo_max=hi, tempo_avg=avg,
                         swing_percent=min(max(model.swing_percent, 50.0), 75.0),
                         swing_unit=model.swing_unit, timing_jitter_ms=round(min(spread, 60.0), 1),
                         velocity_mean=REFERENCE_VELOCITY_MEAN,
                         velocity_std=REFERENCE_VELOCITY_STD,
                         double_kick=plays_double_kick(model))
    evidence = f"genre model {model.key}: {model.source}"
    return StyleProfile(
        artist_name=name, params=params, genres=(model.genre,), confidence=0.2,
        text_description=f"No profile for {name} yet; playing the {model.genre} groove model.",
        provenance={"*": evidence}, source="genre_default", sources_count=0)


def resolve_profile(runtime: Runtime, artist: str, genre: str | None = None, *,
                    db: Engine | None = None) -> ResolvedProfile:
    """Stored research profile (with database `db`, within the TTL) first, then the knowledge base;
    an unknown artist gets the genre's defaults at low confidence."""
    name = clean_artist_name(artist)
    genre_key = runtime.genre_library.normalize_genre(genre) if genre else None
    stored = _cached_profile(runtime, name, db)  # storage: the profile cache
    if stored is not None:
        if genre_key:
            stored = replace(stored, genres=(genre_key, *[g for g in stored.genres
                                                          if g != genre_key]))
        return ResolvedProfile(stored, True, f"Using the stored {stored.source} profile of "
                                             f"{stored.artist_name}.")
    kb = runtime.knowledge_base
    resolution = kb.resolve(name)
    if resolution.entry is not None:
        profile = kb.profile(resolution.entry.name)
        if genre_key:
            profile = replace(profile, genres=(genre_key, *[g for g in profile.genres
                                                            if g != genre_key]))
        return ResolvedProfile(profile, True, resolution.note)
    fallback = genre_key or runtime.settings.generation.default_genre
    hint = (f" Did you mean: {', '.join(resolution.suggestions)}?" if resolution.suggestions
            else "")
    note = (f"{name!r} is not in the offline knowledge base.{hint} Using the {fallback} genre "
            f"defaults (low confidence).")
    return ResolvedProfile(genre_default_profile(runtime, name, fallback), False, note,
                           tuple(resolution.suggestions), ("genre",))


def _cached_profile(runtime: Runtime, name: str, engine: Engine | None) -> StyleProfile | None:
    """The newest stored profile younger than settings.storage.profile_ttl_days (0: any age),
    unless it is only a copy of the knowledge base or of genre defaults."""
    if engine is None:
        return None
    from datetime import timedelta

    from ..storage.engine import read_scope
    from ..storage.repository import latest_profile

    hit = runtime.profile_memo.get(engine, name)
    if hit is not _MISSING:
        found: StyleProfile | None = hit
        return found
    ttl_days = runtime.settings.storage.profile_ttl_days
    with read_scope(engine) as s:
        profile = latest_profile(s, name, timedelta(days=ttl_days) if ttl_days else None)
    if profile is not None and profile.source in ("knowledge_base", "genre_default"):
        profile = None
    runtime.profile_memo.put(engine, name, profile)
    return profile


def forget_profile(runtime: Runtime, name: str | None = None) -> None:
    """Drop remembered stored-profile lookups (all, or one artist's in any spelling)."""
    runtime.profile_memo.forget(name)


def stored_profile(name: str, engine: Engine | None) -> StyleProfile | None:
    if engine is None:
        return None
    from ..storage.engine import read_scope
    from ..storage.repository import latest_profile

    with read_scope(engine) as s:
        return latest_profile(s, name)
