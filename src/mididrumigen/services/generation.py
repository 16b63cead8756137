"""generate: profile -> patterns -> files (all or nothing) -> history; and .agr groove export."""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.names import slugify
from ..domain.params import GenerationParams
from ..domain.pattern import Pattern
from ..domain.profile import StyleProfile
from ..errors import StorageError, UserInputError
from .llm_path import llm_coordinator
from .profiles import (
    ResolvedProfile,
    resolve_profile,
)
from .records import record_generations
from .runtime import (
    TEMPLATE,
    Progress,
    default_genre,
    engine,
    genre_library,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


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


OUTPUT_FORMATS = ("mid", "json")


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
            from ..midi.drum_maps import get_drum_map

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


def export_groove(artist: str, out: Path, *, genre: str | None = None, bars: int = 1,
                  base: str | None = None, gzip: bool = False) -> tuple[ResolvedProfile, Path]:
    """Write the artist's feel (micro-timing, swing, dynamics) as an Ableton groove (.agr)."""
    from ..domain.meter import TimeSignature
    from ..groove.groove_template import profile_to_groove
    from ..midi.agr import write_agr

    if not 1 <= bars <= 4:
        raise UserInputError(f"bars must be in range 1..4 for a groove file, got {bars}", field="bars")
    resolved = resolve_profile(artist, genre)
    genre_key = resolved.profile.primary_genre or default_genre()
    model = genre_library().model(genre_key, TimeSignature())
    try:
        groove = profile_to_groove(resolved.profile, genre_model=model, bars=bars, base=base)
        path = write_agr(groove, out, gzip=gzip)
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
                       "fill_every": params.fill_every, "complexity": params.complexity},
            "output_files": [str(f) for f in files]}
