"""humanize_midi: a producer's own drum MIDI played in an artist's feel ("play my clip like
J Dilla"). The file is read with the hardened reader (untrusted input), the artist resolved as
for generation, and the engine's groove transfer keeps every note while moving timing and
dynamics toward the artist's."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.checks import check_float
from ..domain.pattern import Pattern
from ..domain.profile import StyleProfile
from .profiles import resolve_profile

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from .runtime import Runtime

AMOUNT = (0.0, 1.0)
MAX_UPLOAD_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class HumanizeResult:
    artist: str
    profile: StyleProfile
    resolution_note: str
    known_artist: bool
    seed: int
    amount: float
    source: Pattern  # the user's part as read
    pattern: Pattern  # the same notes, played with the artist's feel
    advice: tuple[str, ...] = ()  # request fields that would help (advice.say words them)


def humanize_midi(runtime: Runtime, source: bytes | Path | Pattern, like: str, *,
                  amount: float = 1.0, ghosts: bool = False, seed: int | None = None,
                  genre: str | None = None, db: Engine | None = None) -> HumanizeResult:
    """Read `source` (a .mid path or its bytes; MidiFileError when unusable) and play it like
    `like`. A Pattern (notes a caller already holds, e.g. a Live clip sent as MIDI JSON and
    checked by Pattern.from_dict) is played as it is. UserInputError for a bad amount or
    artist name."""
    from ..midi.reader import read_drum_pattern

    amount = check_float("amount", amount, *AMOUNT)
    resolved = resolve_profile(runtime, like, genre, db=db)
    part = (source if isinstance(source, Pattern)
            else read_drum_pattern(source, max_bytes=MAX_UPLOAD_BYTES))
    seed = secrets.randbelow(2**31) if seed is None else seed
    played = runtime.groove_engine.transfer(part, resolved.profile, amount=amount, seed=seed, ghosts=ghosts,
                               genre=genre)
    name = f"{part.name or 'clip'} like {resolved.profile.artist_name}"
    return HumanizeResult(like, resolved.profile, resolved.note, resolved.known, seed, amount,
                          part, Pattern(played.notes, part.tempo, part.time_signature,
                                        part.total_bars, part.ppq, name), resolved.advice)
