"""The use cases, wired once: the CLI, the API and task workers call these and nothing deeper.

Heavy parts (knowledge base, genre models, the engine) load on first use and are cached for the
life of the process.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .domain.names import clean_artist_name, slugify
from .domain.params import GenerationParams
from .domain.pattern import Pattern
from .domain.profile import StyleParams, StyleProfile
from .errors import StorageError, UserInputError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from .groove.engine import GrooveEngine
    from .groove.model import GenreModel
    from .hybrid import HybridCoordinator
    from .knowledge.artists import KnowledgeBase
    from .knowledge.genres import GenreLibrary

Progress = Callable[[str, float], None]
OUTPUT_FORMATS = ("mid", "json")
TEMPLATE = "template"  # the offline groove engine
LOCAL_PROVIDER_KINDS = ("ollama", "openai_compatible")


@dataclass(frozen=True, slots=True)
class ResolvedProfile:
    """The profile generation will use, and how it was found (said to the user)."""

    profile: StyleProfile
    known: bool
    note: str
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GenerationResult:
    artist: str
    profile: StyleProfile
    resolution_note: str
    known_artist: bool
    genre: str
    seed: int
    provider_used: str
    patterns: list[Pattern]
    files: list[Path] = field(default_factory=list)
    generation_time_ms: float = 0.0
    fallback_reason: str = ""  # why an LLM provider was asked but the engine answered
    cost_usd: Decimal = Decimal(0)


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    from .knowledge.artists import load_knowledge_base

    return load_knowledge_base()


@lru_cache(maxsize=1)
def genre_library() -> GenreLibrary:
    from .knowledge.genres import GenreLibrary

    return GenreLibrary.load()


@lru_cache(maxsize=1)
def engine() -> GrooveEngine:
    from .groove.engine import GrooveEngine

    return GrooveEngine(genre_library().model)


def open_database(url: str | None = None) -> Engine:
    """The configured database (MIDIDRUMIGEN_DATABASE_URL, DATABASE_URL, else the SQLite file in
    the data dir), created and migrated on first use."""
    from .config import get_settings
    from .storage.engine import open_engine

    return open_engine(url or get_settings().effective_database_url())


def genre_default_profile(name: str, genre: str, *, time_signature: Any = None) -> StyleProfile:
    """A low-confidence profile for an artist nobody knows yet: the genre model's own feel."""
    from .domain.meter import TimeSignature

    model: GenreModel = genre_library().model(genre, time_signature or TimeSignature())
    lo, hi = sorted((model.tempo_min, model.tempo_max))
    avg = min(max(model.tempo_median, lo), hi)
    params = StyleParams(tempo_min=lo, tempo_max=hi, tempo_avg=avg,
                         swing_percent=min(max(model.swing_percent, 50.0), 75.0),
                         swing_unit=model.swing_unit)
    evidence = f"genre model {model.key}: {model.source}"
    return StyleProfile(
        artist_name=name, params=params, genres=(model.genre,), confidence=0.2,
        text_description=f"No profile for {name} yet; playing the {model.genre} groove model.",
        provenance={"*": evidence}, source="genre_default", sources_count=0)


def resolve_profile(artist: str, genre: str | None = None, *,
                    db: Engine | None = None) -> ResolvedProfile:
    """Stored research profile (with database `db`, within the TTL) first, then the knowledge base;
    an unknown artist gets the genre's defaults at low confidence."""
    name = clean_artist_name(artist)
    genre_key = genre_library().normalize_genre(genre) if genre else None
    stored = _cached_profile(name, db)  # storage: the profile cache
    if stored is not None:
        if genre_key:
            stored = replace(stored, genres=(genre_key, *[g for g in stored.genres
                                                          if g != genre_key]))
        return ResolvedProfile(stored, True, f"Using the stored {stored.source} profile of "
                                             f"{stored.artist_name}.")
    resolution = knowledge_base().resolve(name)
    if resolution.entry is not None:
        profile = knowledge_base().profile(resolution.entry.name)
        if genre_key:
            profile = replace(profile, genres=(genre_key, *[g for g in profile.genres
                                                            if g != genre_key]))
        return ResolvedProfile(profile, True, resolution.note)
    fallback = genre_key or _settings_default_genre()
    hint = (f" Did you mean: {', '.join(resolution.suggestions)}?" if resolution.suggestions
            else "")
    note = (f"{name!r} is not in the offline knowledge base.{hint} Using the {fallback} genre "
            f"defaults (low confidence); pass --genre to choose another.")
    return ResolvedProfile(genre_default_profile(name, fallback), False, note,
                           tuple(resolution.suggestions))


def _settings_default_genre() -> str:
    from .config import get_settings

    return get_settings().default_genre


@dataclass(frozen=True, slots=True)
class OutputOptions:
    """How files are written: format, kit (drum map name or file), MIDI type, resolution."""

    fmt: str = "mid"
    drum_map: str | None = None
    midi_type: int = 1
    ppq: int | None = None
    one_track_per_voice: bool = False

    def __post_init__(self) -> None:
        if self.fmt not in OUTPUT_FORMATS:
            raise UserInputError(f"format must be one of {', '.join(OUTPUT_FORMATS)}, got {self.fmt!r}",
                                 field="format")
        if self.midi_type not in (0, 1):
            raise UserInputError(f"midi_type must be 0 or 1, got {self.midi_type}", field="midi_type")
        if self.ppq is not None and (not 24 <= self.ppq <= 9600 or self.ppq % 4):
            raise UserInputError(f"ppq must be a multiple of 4 in range 24..9600, got {self.ppq}",
                                 field="ppq")

    def writer_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for midi.writer.midi_bytes; resolves the drum map (may raise)."""
        kwargs: dict[str, Any] = {"midi_type": self.midi_type, "ppq": self.ppq,
                                  "one_track_per_voice": self.one_track_per_voice}
        if self.drum_map:
            from .midi.drum_maps import get_drum_map

            kwargs["pitch_map"] = get_drum_map(self.drum_map).pitch_for
        return kwargs


def generate(artist: str, params: GenerationParams, *, out_dir: Path | None = None,
             output: OutputOptions | None = None, provider: str = "template",
             progress: Progress | None = None, db: Engine | None = None,
             history: Callable[[dict[str, Any]], None] | None = None) -> GenerationResult:
    """Resolve the artist's profile, generate the variations and (with out_dir) write the files.

    With database `db` (storage.engine.open_engine): stored research profiles are used before the
    knowledge base, and the generation is recorded in generation_history — right away, or by
    `history` (e.g. a history_writer.HistoryWriter that batches rows off the request path).

    Every input is checked before anything is generated or written; files are written to temp
    names and renamed, so an interruption leaves no half-written file.
    """
    say = progress or (lambda step, frac: None)
    output = output or OutputOptions()
    writer_kwargs = output.writer_kwargs() if output.fmt == "mid" else {}
    coordinator = None
    if provider != TEMPLATE:
        coordinator = llm_coordinator(db)
        if provider not in coordinator.choices():
            raise UserInputError(f"provider must be one of {', '.join(coordinator.choices())},"
                                 f" got {provider!r}", field="provider")
    start = time.perf_counter()
    say("Resolving artist", 0.1)
    resolved = resolve_profile(artist, params.genre, db=db)
    seed = params.seed if params.seed is not None else secrets.randbelow(2**31)
    params = replace(params, seed=seed)
    say("Generating grooves", 0.4)
    provider_used, fallback_reason, cost = TEMPLATE, "", Decimal(0)
    if coordinator is None:
        patterns = engine().generate(resolved.profile, params, seed)
    else:
        hybrid = coordinator.generate(resolved.profile, params, seed, provider)
        patterns, provider_used = hybrid.patterns, hybrid.provider_used
        fallback_reason = hybrid.fallback_reason
        cost = sum((c.cost_usd or Decimal(0) for c in hybrid.calls), Decimal(0))
    name = resolved.profile.artist_name
    patterns = [p if p.name.startswith(name) else replace(p, name=f"{name} – {p.name or f'Var {i}'}")
                for i, p in enumerate(patterns, 1)]
    elapsed_ms = (time.perf_counter() - start) * 1000
    files: list[Path] = []
    if out_dir is not None:
        say("Writing files", 0.8)
        files = write_outputs(patterns, Path(out_dir), slugify(name), output.fmt, writer_kwargs)
    if db is not None:  # storage: one generation_history row
        entry = _history_entry(name, params, elapsed_ms, files, provider_used, cost)
        if history is not None:
            history(entry)
        else:
            record_generations(db, [entry])
    say("Done", 1.0)
    return GenerationResult(
        artist=name, profile=resolved.profile, resolution_note=resolved.note,
        known_artist=resolved.known, genre=params.genre or resolved.profile.primary_genre or "",
        seed=seed, provider_used=provider_used, patterns=patterns, files=files,
        generation_time_ms=elapsed_ms, fallback_reason=fallback_reason, cost_usd=cost)


def llm_calls(since: datetime | None = None, db: Engine | None = None) -> list[Any]:
    """Every recorded LLM call (llm.recorder.CallRecord) since `since`: the database's and those
    a process without a database wrote to the JSON-lines file, oldest first."""
    from .hybrid import calls_path
    from .llm.recorder import JsonlCallRecorder

    calls = JsonlCallRecorder(calls_path()).calls(since)
    if db is not None:
        from .call_log import DatabaseCallRecorder

        calls += DatabaseCallRecorder(db, local_providers=_local_providers()).calls(since)
    return sorted(calls, key=lambda c: c.at)


def _local_providers(config: Any = None) -> list[str]:
    """Names of the configured providers that run on this machine (Ollama, llama.cpp …)."""
    from .llm.config import load_llm_config

    config = config or load_llm_config()
    return [n for n, p in config.providers.items() if p.kind in LOCAL_PROVIDER_KINDS]


def llm_coordinator(db: Engine | None = None) -> HybridCoordinator:
    """The LLM path over every configured provider (configs/llm.yaml + env), the offline engine
    as its fallback; calls are recorded in the database (or a JSON-lines file without one)."""
    from .hybrid import calls_path, make_coordinator
    from .llm.config import load_llm_config
    from .llm.recorder import CallRecorder, JsonlCallRecorder

    config = load_llm_config()
    recorder: CallRecorder
    if db is not None:
        from .call_log import DatabaseCallRecorder

        recorder = DatabaseCallRecorder(db, local_providers=_local_providers(config))
    else:
        recorder = JsonlCallRecorder(calls_path())
    return make_coordinator(engine(), config=config, recorder=recorder)


def export_groove(artist: str, out: Path, *, genre: str | None = None, bars: int = 1,
                  base: str | None = None, gzip: bool = False) -> tuple[ResolvedProfile, Path]:
    """Write the artist's feel (micro-timing, swing, dynamics) as an Ableton groove (.agr)."""
    from .domain.meter import TimeSignature
    from .midi.agr import write_agr

    if not 1 <= bars <= 4:
        raise UserInputError(f"bars must be in range 1..4 for a groove file, got {bars}", field="bars")
    resolved = resolve_profile(artist, genre)
    genre_key = resolved.profile.primary_genre or _settings_default_genre()
    model = genre_library().model(genre_key, TimeSignature())
    try:
        path = write_agr(resolved.profile, out, genre_model=model, bars=bars, base=base, gzip=gzip)
    except OSError as e:
        raise StorageError(f"cannot write {out}: {e.strerror}") from e
    return resolved, path


def write_outputs(patterns: list[Pattern], out_dir: Path, slug: str, fmt: str,
                  write_options: dict[str, Any]) -> list[Path]:
    """Write `<slug>_var<N>.<fmt>` for each pattern, all or nothing."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StorageError(f"cannot create output directory {out_dir}: {e.strerror}") from e
    payloads = [(out_dir / f"{slug}_var{i}.{fmt}", _encode(p, fmt, write_options))
                for i, p in enumerate(patterns, 1)]
    temps: list[tuple[str, Path]] = []
    try:
        for final, data in payloads:
            fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{final.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            temps.append((tmp, final))
        for tmp, final in temps:
            os.replace(tmp, final)
    except OSError as e:
        raise StorageError(f"cannot write to {out_dir}: {e.strerror}") from e
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return [final for final, _ in payloads]


def _encode(pattern: Pattern, fmt: str, write_options: dict[str, Any]) -> bytes:
    if fmt == "json":
        return (json.dumps(pattern.to_dict(), ensure_ascii=False, indent=1) + "\n").encode()
    from .midi.writer import midi_bytes

    return midi_bytes(pattern, **write_options)


# --- Artists, similarity, statistics, history (used by the REST API and task workers) -------
# `engine` is a SQLAlchemy Engine from storage.engine.open_engine (None: knowledge base only).


@dataclass(frozen=True, slots=True)
class ArtistStatus:
    """What is known about an artist: from the database (research) or the knowledge base."""

    name: str
    exists: bool
    confidence: float = 0.0
    last_updated: datetime | None = None
    sources_count: int = 0
    source: str = "none"
    status: str = "none"
    suggestions: tuple[str, ...] = ()


def artist_status(artist: str, engine: Engine | None = None) -> ArtistStatus:
    """The stored profile if there is one, else the knowledge-base entry, else exists=False."""
    name = clean_artist_name(artist)
    if engine is not None:
        from .storage import repository
        from .storage.engine import session_scope

        with session_scope(engine) as s:
            row = repository.latest_profile_row(s, name)
            if row is not None:
                found = repository.find_artist(s, name)
                return ArtistStatus(row.artist_name, True, row.confidence, row.created_at,
                                    row.sources_count, row.source,
                                    found.research_status if found else "none")
    resolution = knowledge_base().resolve(name)
    if resolution.entry is None:
        return ArtistStatus(name, False, suggestions=tuple(resolution.suggestions))
    profile = knowledge_base().profile(resolution.entry.name)
    return ArtistStatus(profile.artist_name, True, profile.confidence,
                        _file_mtime(resolution.entry.source_file), profile.sources_count,
                        profile.source, "knowledge_base")


def _file_mtime(path: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(os.stat(path).st_mtime, tz=UTC)
    except OSError:
        return None


@dataclass(frozen=True, slots=True)
class ArtistSummary:
    name: str
    kind: str
    genres: tuple[str, ...]
    confidence: float
    source: str
    status: str


def list_artists(engine: Engine | None = None, *, offset: int = 0, limit: int = 50,
                 ) -> tuple[list[ArtistSummary], int, dict[str, int]]:
    """One page of the knowledge base and the stored artists merged by name (a stored profile
    wins), the total count, and counts by status ('knowledge_base', 'done', …)."""
    from .storage.repository import normalize_name

    merged: dict[str, ArtistSummary] = {}
    for e in knowledge_base():
        merged[normalize_name(e.name)] = ArtistSummary(
            e.name, e.kind, tuple(e.genres), knowledge_base().profile(e.name).confidence,
            "knowledge_base", "knowledge_base")
    if engine is not None:
        from sqlalchemy import select

        from .storage.engine import session_scope
        from .storage.models import Artist, StyleProfileRow

        with session_scope(engine) as s:
            rows = s.execute(select(Artist.normalized_name, Artist.research_status, StyleProfileRow)
                             .join(StyleProfileRow, StyleProfileRow.artist_id == Artist.id)
                             .where(StyleProfileRow.is_current.is_(True))).all()
            for key, status, row in rows:
                merged[key] = ArtistSummary(row.artist_name, row.kind, tuple(row.genres),
                                            row.confidence, row.source,
                                            "knowledge_base" if status == "none" else status)
    items = sorted(merged.values(), key=lambda a: a.name.casefold())
    counts: dict[str, int] = {}
    for a in items:
        counts[a.status] = counts.get(a.status, 0) + 1
    return items[offset:offset + limit], len(items), counts


@lru_cache(maxsize=1)
def _kb_vectors() -> tuple[list[str], Any]:
    import numpy as np

    from .storage.vectors import profile_vector

    kb = knowledge_base()
    names = [e.name for e in kb]
    matrix = np.asarray([profile_vector(kb.profile(n)) for n in names], dtype=np.float64)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return names, np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def similar(artist: str, limit: int = 10, engine: Engine | None = None) -> list[tuple[str, float]]:
    """The `limit` artists most like `artist` by style vector (cosine, best first), over the
    knowledge base and, with `engine`, the stored profiles. Unknown artist: NotFoundError."""
    import numpy as np

    from .errors import NotFoundError
    from .storage.repository import normalize_name
    from .storage.vectors import profile_vector

    if not 1 <= limit <= 100:
        raise UserInputError(f"limit must be in range 1..100, got {limit}", field="limit")
    name = clean_artist_name(artist)
    profile = _stored_profile(name, engine)
    if profile is None:
        resolution = knowledge_base().resolve(name)
        if resolution.entry is None:
            raise NotFoundError(f"no profile for {name!r}; research it first or check the "
                                "spelling", field="artist", suggestions=tuple(resolution.suggestions))
        profile = knowledge_base().profile(resolution.entry.name)
    own = normalize_name(profile.artist_name)
    vector = np.asarray(profile_vector(profile), dtype=np.float64)
    vector = vector / (np.linalg.norm(vector) or 1.0)
    names, matrix = _kb_vectors()
    scores: dict[str, tuple[str, float]] = {}
    for i in np.argsort(-(matrix @ vector), kind="stable")[:limit + 1]:
        scores[normalize_name(names[i])] = (names[i], float(matrix[i] @ vector))
    if engine is not None:
        from .storage.engine import session_scope
        from .storage.similarity import similar_to_profile

        with session_scope(engine) as s:
            for other, score in similar_to_profile(s, profile, limit + 1):
                scores[normalize_name(other)] = (other, score)
    scores.pop(own, None)
    return sorted(scores.values(), key=lambda t: -t[1])[:limit]


def _stored_profile(name: str, engine: Engine | None) -> StyleProfile | None:
    if engine is None:
        return None
    from .storage.engine import session_scope
    from .storage.repository import latest_profile

    with session_scope(engine) as s:
        return latest_profile(s, name)


def record_generations(engine: Engine, entries: list[dict[str, Any]]) -> int:
    """Add generation_history rows in one transaction; each entry holds the keyword arguments of
    storage.records.record_generation (artist, provider_used, generation_time_ms, params…)."""
    from .storage.engine import session_scope
    from .storage.records import record_generation

    with session_scope(engine) as s:
        for entry in entries:
            record_generation(s, **entry)
    return len(entries)


def stats(engine: Engine) -> dict[str, Any]:
    """Per-provider LLM statistics and generation counts, from the database."""
    from sqlalchemy import func, select

    from .storage.engine import session_scope
    from .storage.models import GenerationRecord
    from .storage.records import provider_stats

    with session_scope(engine) as s:
        providers = provider_stats(s)
        by_provider = s.execute(select(GenerationRecord.provider_used, func.count(),
                                       func.avg(GenerationRecord.generation_time_ms))
                                .group_by(GenerationRecord.provider_used)).all()
    return {
        "providers": [{"provider": p.provider, "requests": p.calls, "successes": p.ok,
                       "failures": p.failures, "success_rate": p.success_rate,
                       "mean_latency_ms": p.mean_latency_ms, "tokens_in": p.tokens_in,
                       "tokens_out": p.tokens_out, "cost_usd": str(p.cost_usd)}
                      for p in providers],
        "generations": {"total": sum(int(n) for _, n, _ in by_provider),
                        "by_provider": {str(p): {"count": int(n), "mean_time_ms": float(t or 0)}
                                        for p, n, t in by_provider}},
    }


# --- Persistence in generate / resolve_profile, and history (storage issue) -----------------


def _cached_profile(name: str, engine: Engine | None) -> StyleProfile | None:
    """The newest stored profile younger than settings.profile_ttl_days (0: any age), unless it
    is only a copy of the knowledge base or of genre defaults."""
    if engine is None:
        return None
    from datetime import timedelta

    from .config import get_settings
    from .storage.engine import session_scope
    from .storage.repository import latest_profile

    key = (id(engine), name)
    now = time.monotonic()
    hit = _PROFILE_MEMO.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    ttl_days = get_settings().profile_ttl_days
    with session_scope(engine) as s:
        profile = latest_profile(s, name, timedelta(days=ttl_days) if ttl_days else None)
    if profile is not None and profile.source in ("knowledge_base", "genre_default"):
        profile = None
    if len(_PROFILE_MEMO) > 4096:
        _PROFILE_MEMO.clear()
    _PROFILE_MEMO[key] = (now + PROFILE_MEMO_S, profile)
    return profile


# Stored-profile lookups are remembered briefly, so a burst of requests for one artist reads the
# database once; forget_profile() drops an entry when research saves a new version.
PROFILE_MEMO_S = 2.0
_PROFILE_MEMO: dict[tuple[int, str], tuple[float, StyleProfile | None]] = {}


def forget_profile(name: str | None = None) -> None:
    """Drop remembered stored-profile lookups (all, or one artist's)."""
    if name is None:
        _PROFILE_MEMO.clear()
        return
    for key in [k for k in _PROFILE_MEMO if k[1] == name]:
        del _PROFILE_MEMO[key]


def _history_entry(artist: str, params: GenerationParams, elapsed_ms: float,
                   files: list[Path], provider_used: str = "template",
                   cost: Decimal = Decimal(0)) -> dict[str, Any]:
    return {"artist": artist, "provider_used": provider_used, "generation_time_ms": elapsed_ms,
            "cost_usd": cost,
            "params": {"bars": params.bars, "tempo": params.tempo,
                       "time_signature": str(params.time_signature),
                       "variations": params.variations, "seed": params.seed,
                       "humanize": params.humanize, "genre": params.genre,
                       "fill_every": params.fill_every, "complexity": params.complexity},
            "output_files": [str(f) for f in files]}


def history(engine: Engine, limit: int = 20, artist: str | None = None) -> list[Any]:
    """The newest generations first (storage.records.HistoryEntry), optionally of one artist."""
    from .storage.engine import session_scope
    from .storage.records import history as read_history

    if not 1 <= limit <= 1000:
        raise UserInputError(f"limit must be in range 1..1000, got {limit}", field="limit")
    with session_scope(engine) as s:
        return read_history(s, limit, artist=clean_artist_name(artist) if artist else None)


# --- Research and augmentation (research issue) ----------------------------------------------
# Online collectors (MusicBrainz, Wikipedia/Wikidata, papers, configured article sites) run only
# with online=True (or MIDIDRUMIGEN_RESEARCH_ONLINE=1); by default research uses the knowledge
# base, the files in source_dir, the URLs the user gave, and an LLM only when configured.


def _research_query(artist: str, depth: str, source_dir: Path | str | None, urls: Any,
                    online: bool | None, settings: Any) -> Any:
    from .research.evidence import DEPTHS, ResearchQuery

    if depth not in DEPTHS:
        raise UserInputError(f"depth must be one of {', '.join(DEPTHS)}, got {depth!r}",
                             field="depth")
    folder = Path(source_dir).expanduser() if source_dir else None
    if folder is not None and not folder.exists():
        raise UserInputError(f"source folder {folder} does not exist", field="source_dir")
    links = tuple(str(u) for u in urls or ())
    for u in links:
        if not u.startswith(("http://", "https://")):
            raise UserInputError(f"url must start with http:// or https://, got {u!r}", field="urls")
    return ResearchQuery(clean_artist_name(artist), depth=depth, source_dir=folder, urls=links,
                         online=settings.online if online is None else online,
                         url_audio=settings.url_audio)


def _research_orchestrator(settings: Any, llm: Any) -> Any:
    from .research.builder import ProfileBuilder
    from .research.embedder import default_embedder
    from .research.orchestrator import Orchestrator

    builder = ProfileBuilder(default_genre=_settings_default_genre(), embedder=default_embedder())
    return Orchestrator(settings=settings, builder=builder, llm=llm)


def _save_research(db: Engine, result: Any) -> Any:
    """Store the profile as a new version and each new piece of evidence as a research source."""
    from .storage.engine import session_scope
    from .storage.repository import save_profile
    from .storage.sources import add_source

    with session_scope(db) as s:
        version = save_profile(s, replace(result.profile, embedding=None))
        for ev in result.new_evidence:
            is_file = not ev.url.startswith(("http://", "https://", "llm:", "knowledge_base:"))
            add_source(s, result.profile.artist_name, ev.source, url=None if is_file else ev.url,
                       file_path=ev.url if is_file else None, extracted_data=ev.to_dict(),
                       confidence=ev.confidence, license=ev.license,
                       collected_at=ev.retrieved_at)
    return replace(result, version=version)


def _set_research_status(db: Engine | None, artist: str, status: str) -> None:
    if db is None:
        return
    from .storage.engine import session_scope
    from .storage.sources import set_research_status

    with session_scope(db) as s:
        set_research_status(s, artist, status)


def research_artist(artist: str, *, depth: str = "quick", source_dir: Path | str | None = None,
                    urls: Any = (), progress: Progress | None = None, online: bool | None = None,
                    db: Engine | None = None, llm: Any = None) -> Any:
    """Research an artist → research.orchestrator.ResearchResult (profile, evidence, failures).

    With database `db` the profile is saved as a new version and the evidence as research
    sources. `llm`: a mididrumigen.llm provider for the LLM-knowledge collector (None: none).
    ResearchError when no source said anything about the artist.
    """
    from .errors import ResearchError
    from .research.orchestrator import run_sync
    from .research.settings import ResearchSettings

    settings = ResearchSettings()
    query = _research_query(artist, depth, source_dir, urls, online, settings)
    _set_research_status(db, query.artist, "running")
    try:
        result = run_sync(_research_orchestrator(settings, llm).research(query, progress=progress))
    except BaseException:
        _set_research_status(db, query.artist, "failed")
        raise
    if not result.found:
        _set_research_status(db, query.artist, "failed")
        why = "; ".join(f"{f.collector}: {f.error}" for f in result.failures)
        hint = "" if query.online else " Try --online, --source-dir or --url."
        raise ResearchError(f"no evidence found for {query.artist!r}"
                            + (f" ({why})" if why else "") + "." + hint)
    return _save_research(db, result) if db is not None else result


def augment_artist(artist: str, *, source_dir: Path | str | None = None, urls: Any = (),
                   progress: Progress | None = None, online: bool | None = None,
                   db: Engine | None = None, llm: Any = None) -> Any:
    """Add sources (a folder of audio/MIDI, article URLs; online collectors with online=True) to
    what is known about an artist and rebuild the profile (a new version with `db`).

    Earlier evidence: the stored research sources, else the stored or knowledge-base profile.
    """
    from .errors import NotFoundError
    from .research.evidence import Evidence
    from .research.orchestrator import profile_as_evidence, run_sync
    from .research.settings import ResearchSettings

    settings = ResearchSettings()
    query = _research_query(artist, "quick", source_dir, urls, online, settings)
    if query.source_dir is None and not query.urls and not query.online:
        raise UserInputError("augment needs something new: --source-dir, --url or --online",
                             field="source_dir")
    prior: list[Evidence] = []
    if db is not None:
        from .storage.engine import session_scope
        from .storage.sources import sources_for

        with session_scope(db) as s:
            for row in sources_for(s, query.artist):
                data = row.extracted_data or {}
                if "source" in data and "payload" in data:
                    prior.append(Evidence.from_dict(data))
    if not prior:
        earlier = _stored_profile(query.artist, db)
        if earlier is None:
            resolution = knowledge_base().resolve(query.artist)
            if resolution.entry is None:
                raise NotFoundError(f"nothing is known about {query.artist!r} yet; research it "
                                    "first", field="artist",
                                    suggestions=tuple(resolution.suggestions))
            earlier = knowledge_base().profile(resolution.entry.name)
        prior.append(profile_as_evidence(earlier))
    result = run_sync(_research_orchestrator(settings, llm).augment(query, prior,
                                                                    progress=progress))
    return _save_research(db, result) if db is not None else result
