"""generate: command -> profile -> patterns -> files (all or nothing) or the generation store ->
history; and .agr groove export.

A GenerateCommand is the one request shape: the CLI builds it from its options, the API and
task rows from their flat JSON fields (`GenerateCommand.from_fields`); the bounds are the
domain's (domain/params.py).
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.meter import TimeSignature
from ..domain.names import slugify
from ..domain.params import MIDI_TYPES, OUTPUT_PPQ, GenerationParams
from ..domain.pattern import Pattern
from ..domain.structure import parse_structure, render_structure
from ..errors import StorageError, UserInputError
from ..hybrid import TEMPLATE
from ..storage.files import write_all
from .profiles import ResolvedProfile, resolve_profile
from .records import record_generations

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..config import Settings
    from ..domain.profile import StyleProfile
    from ..hybrid import HybridCoordinator
    from ..storage.generations import GenerationStore
    from ..storage.retention import RetentionPolicy
    from .runtime import Progress, Runtime


OUTPUT_FORMATS = ("mid", "json")
SEEDS_KEY = "_variation_seeds"  # beside a stored generation's request fields (re-rolls)


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
        if self.midi_type not in MIDI_TYPES:
            raise UserInputError(f"midi_type must be 0 or 1, got {self.midi_type}", field="midi_type")
        lo, hi = OUTPUT_PPQ
        if self.ppq is not None and (not lo <= self.ppq <= hi or self.ppq % 4):
            raise UserInputError(f"ppq must be a multiple of 4 in range {lo}..{hi}, got {self.ppq}",
                                 field="ppq")
        if self.fmt == "json" and (self.midi_type != 1 or self.one_track_per_voice):
            field = "one_track_per_voice" if self.one_track_per_voice else "midi_type"
            raise UserInputError("one track per voice and the MIDI file type shape .mid files; "
                                 "JSON output is one list of notes (a drum map and ppq do apply "
                                 "to it)", field=field)

    def writer_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for midi.writer.midi_bytes (pattern_json for JSON: the drum map
        and ppq); resolves the drum map (may raise)."""
        if self.fmt == "json":
            kwargs = {"ppq": self.ppq, "drum_map": self.drum_map}
            if self.drum_map:
                from ..midi.drum_maps import get_drum_map

                kit = get_drum_map(self.drum_map)
                kwargs.update(pitch_map=kit.pitch_for, drum_map=kit.name)
            return kwargs
        kwargs: dict[str, Any] = {"midi_type": self.midi_type, "ppq": self.ppq,
                                  "one_track_per_voice": self.one_track_per_voice}
        if self.drum_map:
            from ..midi.drum_maps import get_drum_map

            kwargs["pitch_map"] = get_drum_map(self.drum_map).pitch_for
        return kwargs

    def midi_options(self) -> dict[str, Any]:
        """The options a stored generation renders its .mid files with (JSON)."""
        return {"drum_map": self.drum_map, "midi_type": self.midi_type, "ppq": self.ppq,
                "one_track_per_voice": self.one_track_per_voice}


_PARAM_FIELDS = tuple(f.name for f in fields(GenerationParams))
_OUTPUT_FIELDS = tuple(f.name for f in fields(OutputOptions))


@dataclass(frozen=True, slots=True)
class GenerateCommand:
    """One generate request, whichever surface it came from."""

    artist: str
    params: GenerationParams = field(default_factory=GenerationParams)
    output: OutputOptions = field(default_factory=OutputOptions)
    provider: str = TEMPLATE

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> GenerateCommand:
        """From flat JSON fields (an API body, a task row): `artist`, `provider`, and the fields
        of GenerationParams (time_signature as "n/d", structure as "intro:4 verse:8 …") and
        OutputOptions by name. A drum map must be a built-in one: a request over the network
        never names a file on the server."""
        unknown = sorted(k for k in data if k not in (*_PARAM_FIELDS, *_OUTPUT_FIELDS, "artist",
                                                      "provider"))
        if unknown:
            raise UserInputError(f"unknown field {unknown[0]!r}", field=unknown[0])
        if not isinstance(data.get("artist"), str):
            raise UserInputError("artist must be a name (text)", field="artist")
        params = {k: data[k] for k in _PARAM_FIELDS if k in data}
        if isinstance(params.get("time_signature"), str):
            params["time_signature"] = TimeSignature.parse(params["time_signature"])
        if isinstance(params.get("structure"), str) or params.get("structure") is None:
            text = (params.pop("structure", None) or "").strip()
            if text:
                try:
                    params["structure"] = parse_structure(text)
                except UserInputError as e:  # "verse bars": the request's field is structure
                    raise UserInputError(str(e), field="structure") from None
        output = {k: data[k] for k in _OUTPUT_FIELDS if k in data}
        if output.get("drum_map") is not None:
            from ..midi.drum_maps import builtin_drum_map

            builtin_drum_map(output["drum_map"])
        return cls(data["artist"], GenerationParams(**params), OutputOptions(**output),
                   str(data.get("provider", TEMPLATE)))

    def to_fields(self) -> dict[str, Any]:
        """The flat JSON form (from_fields reads it back): what a task row carries."""
        out: dict[str, Any] = {"artist": self.artist, "provider": self.provider}
        out.update({k: getattr(self.params, k) for k in _PARAM_FIELDS})
        out["time_signature"] = str(self.params.time_signature)
        out["structure"] = render_structure(self.params.structure)
        out.update({k: getattr(self.output, k) for k in _OUTPUT_FIELDS})
        return out


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
    files: list[Path] = field(default_factory=list)  # written under out_dir
    generation_time_ms: float = 0.0
    fallback_reason: str = ""  # why an LLM provider was asked but the engine answered
    cost_usd: Decimal = Decimal(0)
    generation_id: str = ""  # set when saved in a GenerationStore
    file_names: tuple[str, ...] = ()  # the variations' file names (written or stored)
    advice: tuple[str, ...] = ()  # request fields that would help (advice.say words them)
    variation_seeds: tuple[int, ...] = ()  # variation k was played from seed k-1 (re-rolls)

    def to_dict(self) -> dict[str, Any]:
        """JSON: what a generate task stores as its result; the API's answer is built from it."""
        return {
            "generation_id": self.generation_id,
            "generation_time_ms": round(self.generation_time_ms, 3),
            "provider_used": self.provider_used, "artist": self.artist,
            "known_artist": self.known_artist, "genre": self.genre, "seed": self.seed,
            "variation_seeds": list(self.variation_seeds or [self.seed] * len(self.patterns)),
            "resolution_note": self.resolution_note, "resolution_advice": list(self.advice),
            "fallback_reason": self.fallback_reason,
            "cost_usd": str(self.cost_usd), "files": list(self.file_names),
            "profile": self.profile.to_dict(), "patterns": [p.to_dict() for p in self.patterns],
        }


def check_command(runtime: Runtime, command: GenerateCommand) -> None:
    """The checks generate() makes before it starts (the artist's name, the genre), for a
    command that will run later (a queued task): UserInputError now rather than a failed task."""
    from ..domain.names import clean_artist_name

    clean_artist_name(command.artist)
    if command.params.genre:
        runtime.genre_library.normalize_genre(command.params.genre)


def generate(runtime: Runtime, command: GenerateCommand, *,
             coordinator: HybridCoordinator | None = None,
             out_dir: Path | None = None, store: GenerationStore | None = None,
             progress: Progress | None = None, db: Engine | None = None,
             history: Callable[[dict[str, Any]], None] | None = None,
             generation_id: str | None = None,
             slot: AbstractContextManager[Any] | None = None) -> GenerationResult:
    """Resolve the artist's profile, generate the variations, and write them: as files under
    `out_dir` (`<slug>_var<N>.<fmt>`, all or nothing), and/or saved in `store` (a manifest;
    .mid files rendered when first downloaded).

    coordinator: the one to use instead of the runtime's (runtime.coordinator: the engine, and
    the configured LLM providers). With database `db` (usually runtime.database): stored research
    profiles are used before the knowledge base, and the generation is recorded in
    generation_history — right away, or by `history` (e.g. history_writer.HistoryWriter.record,
    which commits rows in batches shared by concurrent requests, or a spool file:
    services.generation_database).

    Nothing is returned before it is durably saved: the store's manifest synced to disk, the
    history row recorded; StorageError otherwise (and the unrecorded manifest removed).
    generation_id (32 hex digits): the id to save under — a job that may run twice passes its
    own, so a second run replaces the first's files and is recorded once. slot: held while the
    patterns are made, not while they are saved (a caller's limit on concurrent generations).

    Every input is checked before anything is generated or written.
    """
    say = progress or (lambda step, frac: None)
    writer_kwargs = command.output.writer_kwargs()
    coordinator = coordinator or runtime.coordinator
    coordinator.check(command.provider)
    start = time.perf_counter()
    with slot or nullcontext():
        take = _play(runtime, command, coordinator, say, db)
    return _keep(command, take, start, say, out_dir=out_dir, store=store, db=db,
                 history=history, writer_kwargs=writer_kwargs, generation_id=generation_id)


def reroll_variation(runtime: Runtime, generation_id: str, variation: int, *,
                     store: GenerationStore,
                     seed: int | None = None, coordinator: HybridCoordinator | None = None,
                     db: Engine | None = None,
                     history: Callable[[dict[str, Any]], None] | None = None,
                     slot: AbstractContextManager[Any] | None = None) -> GenerationResult:
    """A new generation like the stored `generation_id`, with variation `variation` (1-based)
    played again from a new seed (`seed`, default random) and every other variation kept as
    it was (same notes, same .mid bytes). Variation k of any generation is variation k of
    `generate` with seed `variation_seeds[k - 1]` and the same request."""
    from ..domain.checks import check_int

    manifest = store.manifest(generation_id)
    request = manifest.get("request")
    kept = manifest["patterns"]
    if not isinstance(request, Mapping):
        raise UserInputError(f"generation {generation_id} was saved before re-rolls were "
                             "possible; generate it again", field="generation_id")
    check_int("variation", variation, 1, len(kept))
    command = GenerateCommand.from_fields({k: v for k, v in request.items() if k != SEEDS_KEY})
    seeds = list(request.get(SEEDS_KEY) or [command.params.seed] * len(kept))
    new_seed = seed if seed is not None else secrets.randbelow(2**31)
    coordinator = coordinator or runtime.coordinator
    coordinator.check(command.provider)
    start = time.perf_counter()
    only = replace(command, params=replace(command.params, seed=new_seed, variations=variation))
    with slot or nullcontext():
        take = _play(runtime, only, coordinator, lambda step, frac: None, db)
    patterns = [Pattern.from_dict(p) for p in kept]
    patterns[variation - 1] = take.patterns[-1]
    seeds[variation - 1] = new_seed
    take = replace(take, params=command.params, patterns=patterns)
    return _keep(command, take, start, lambda step, frac: None, store=store, db=db,
                 history=history, variation_seeds=tuple(seeds))


@dataclass(frozen=True, slots=True)
class _Take:
    """One run of the generator, before anything is written."""

    resolved: ResolvedProfile
    params: GenerationParams  # with the seed it was played from
    patterns: list[Pattern]
    provider_used: str
    fallback_reason: str
    cost: Decimal


def _play(runtime: Runtime, command: GenerateCommand, coordinator: HybridCoordinator,
          say: Progress, db: Engine | None) -> _Take:
    say("Resolving artist", 0.1)
    params = command.params
    resolved = resolve_profile(runtime, command.artist, params.genre, db=db)
    seed = params.seed if params.seed is not None else secrets.randbelow(2**31)
    params = replace(params, seed=seed)
    say("Generating grooves", 0.4)
    made = coordinator.generate(resolved.profile, params, seed, command.provider)
    cost = sum((c.cost_usd or Decimal(0) for c in made.calls), Decimal(0))
    name = resolved.profile.artist_name
    patterns = [p if p.name.startswith(name) else replace(p, name=f"{name} – {p.name or f'Var {i}'}")
                for i, p in enumerate(made.patterns, 1)]
    return _Take(resolved, params, patterns, made.provider_used, made.fallback_reason, cost)


def _keep(command: GenerateCommand, take: _Take, start: float, say: Progress, *,
          out_dir: Path | None = None, store: GenerationStore | None = None,
          db: Engine | None = None, history: Callable[[dict[str, Any]], None] | None = None,
          writer_kwargs: dict[str, Any] | None = None,
          variation_seeds: tuple[int, ...] = (),
          generation_id: str | None = None) -> GenerationResult:
    """Write a take: files under `out_dir`, a manifest in `store` (with the request, so a
    variation can be re-rolled), a history row; the result."""
    output, params, resolved = command.output, take.params, take.resolved
    name, patterns = resolved.profile.artist_name, take.patterns
    seed = params.seed if params.seed is not None else 0
    seeds = variation_seeds or (seed,) * len(patterns)
    elapsed_ms = (time.perf_counter() - start) * 1000
    files: list[Path] = []
    names: tuple[str, ...] = ()
    if out_dir is not None:
        say("Writing files", 0.8)
        names = _file_names(name, len(patterns), output.fmt)
        files = _write_files(Path(out_dir), names, patterns, output.fmt, writer_kwargs or {})
    saved_id = ""
    if store is not None:
        from ..storage.generations import new_generation_id

        say("Saving", 0.8)
        generation_id = generation_id or new_generation_id()
        names = _file_names(name, len(patterns), "mid")
        request = {**replace(command, params=params).to_fields(), SEEDS_KEY: list(seeds)}
        store.save(generation_id, name, names, [p.to_dict() for p in patterns],
                   output.midi_options(), request=request)  # durable, else StorageError
        saved_id = generation_id
    if db is not None or history is not None:  # one generation_history row, before we answer
        entry = _history_entry(name, params, elapsed_ms, files, take.provider_used, take.cost)
        if saved_id:
            entry["generation_id"] = saved_id
        try:
            if history is not None:
                history(entry)
            else:
                record_generations(db, [entry])
        except StorageError:
            if store is not None and saved_id:  # not acknowledged: nothing that looks saved
                store.discard(saved_id)
            raise
    say("Done", 1.0)
    return GenerationResult(
        artist=name, profile=resolved.profile, resolution_note=resolved.note,
        known_artist=resolved.known, genre=params.genre or resolved.profile.primary_genre or "",
        seed=seed, provider_used=take.provider_used, patterns=patterns, files=files,
        generation_time_ms=elapsed_ms, fallback_reason=take.fallback_reason, cost_usd=take.cost,
        generation_id=saved_id, file_names=names, advice=resolved.advice,
        variation_seeds=tuple(seeds))


def render_midi(pattern: Pattern, options: Mapping[str, Any]) -> bytes:
    """A stored pattern as .mid bytes, with its generation's OutputOptions.midi_options()."""
    from ..midi.writer import midi_bytes

    return midi_bytes(pattern, **OutputOptions(fmt="mid", **options).writer_kwargs())


def generation_store(output_dir: Path, *, write_behind: bool = False,
                     retention: RetentionPolicy | None = None) -> GenerationStore:
    """Where the API's generations live: <output_dir>/api (see storage.generations); with
    `retention`, pruned on a background thread."""
    from ..storage.generations import GenerationStore

    return GenerationStore(Path(output_dir) / "api", render_midi, write_behind=write_behind,
                           retention=retention)


def retention_policy(settings: Settings) -> RetentionPolicy:
    """The settings' retention of generated files (output_max_age_days, output_max_bytes)."""
    from ..storage.retention import RetentionPolicy

    storage = settings.storage
    return RetentionPolicy(max_age_s=storage.output_max_age_days * 86400 or None,
                           max_bytes=int(storage.output_max_bytes) or None,
                           interval_s=storage.output_prune_interval_s)


def export_groove(runtime: Runtime, artist: str, out: Path, *, genre: str | None = None,
                  bars: int = 1, base: str | None = None,
                  gzip: bool = False) -> tuple[ResolvedProfile, Path]:
    """Write the artist's feel (micro-timing, swing, dynamics) as an Ableton groove (.agr)."""
    from ..groove.groove_template import profile_to_groove
    from ..midi.agr import write_agr

    if not 1 <= bars <= 4:
        raise UserInputError(f"bars must be in range 1..4 for a groove file, got {bars}", field="bars")
    resolved = resolve_profile(runtime, artist, genre)
    genre_key = resolved.profile.primary_genre or runtime.settings.generation.default_genre
    model = runtime.genre_library.model(genre_key, TimeSignature())
    try:
        groove = profile_to_groove(resolved.profile, genre_model=model, bars=bars, base=base)
        path = write_agr(groove, out, gzip=gzip)
    except OSError as e:
        raise StorageError(f"cannot write {out}: {e.strerror}") from e
    return resolved, path


def _file_names(artist: str, count: int, fmt: str) -> tuple[str, ...]:
    slug = slugify(artist)
    return tuple(f"{slug}_var{i}.{fmt}" for i in range(1, count + 1))


def _write_files(out_dir: Path, names: tuple[str, ...], patterns: list[Pattern], fmt: str,
                 write_options: dict[str, Any]) -> list[Path]:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StorageError(f"cannot create output directory {out_dir}: {e.strerror}") from e
    payloads = [(n, _encode(p, fmt, write_options)) for n, p in zip(names, patterns, strict=True)]
    try:
        return write_all(out_dir, payloads)
    except OSError as e:
        raise StorageError(f"cannot write to {out_dir}: {e.strerror}") from e


def _encode(pattern: Pattern, fmt: str, write_options: dict[str, Any]) -> bytes:
    if fmt == "json":
        from ..midi.writer import pattern_json

        data = pattern_json(pattern, **write_options)
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()
    from ..midi.writer import midi_bytes

    return midi_bytes(pattern, **write_options)


def _history_entry(artist: str, params: GenerationParams, elapsed_ms: float,
                   files: list[Path], provider_used: str = "template",
                   cost: Decimal = Decimal(0)) -> dict[str, Any]:
    return {"artist": artist, "provider_used": provider_used, "generation_time_ms": elapsed_ms,
            "cost_usd": cost,
            "params": {"bars": params.bars, "tempo": params.tempo,
                       "time_signature": str(params.time_signature),
                       "variations": params.variations, "seed": params.seed,
                       "humanize": params.humanize, "genre": params.genre,
                       "fill_every": params.fill_every, "complexity": params.complexity,
                       "swing": params.swing, "humanize_amount": params.humanize_amount},
            "output_files": [str(f) for f in files]}
