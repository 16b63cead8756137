"""Groove templates: a feel as a DAW's groove pool holds it (Ableton Live's .agr, the model).

A template is one line of notes on a base grid — each note's time and duration in beats
(quarter notes) and its velocity — plus how strongly a DAW applies it: quantization, timing
and random 0..100, velocity -100..100 (Live's Groove Pool amounts). `groove.groove_template`
makes one from a StyleProfile; `midi.agr` reads and writes it as Live's XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from ..errors import UserInputError
from .checks import check_float
from .meter import TimeSignature

MAX_GROOVE_NOTES = 4096
MAX_BARS = 8


class GrooveBase(IntEnum):
    """A groove's Base grid, numbered as Live numbers it (the Live Object Model's Groove.base)."""

    QUARTER = 0
    EIGHTH = 1
    EIGHTH_TRIPLET = 2
    SIXTEENTH = 3
    SIXTEENTH_TRIPLET = 4
    THIRTY_SECOND = 5

    @property
    def beats(self) -> float:
        """Length of one grid step in beats (quarter notes)."""
        return (1.0, 0.5, 1 / 3, 0.25, 1 / 6, 0.125)[self.value]

    @property
    def label(self) -> str:
        return ("1/4", "1/8", "1/8T", "1/16", "1/16T", "1/32")[self.value]

    @classmethod
    def parse(cls, value: str | int | GrooveBase) -> GrooveBase:
        if isinstance(value, GrooveBase):
            return value
        for b in cls:
            if str(value).strip().upper() in (b.label.upper(), b.name, str(b.value)):
                return b
        raise UserInputError(f"groove base must be one of {', '.join(b.label for b in cls)},"
                             f" got {value!r}", field="base")


@dataclass(frozen=True, slots=True)
class GrooveNote:
    """One groove note: time and duration in beats, velocity 0..127 (Live allows fractions)."""

    time: float
    duration: float
    velocity: float

    def __post_init__(self) -> None:
        check_float("groove note time", self.time, -1e6, 1e6)
        check_float("groove note duration", self.duration, 1e-9, 1e6)
        check_float("groove note velocity", self.velocity, 0, 127)


@dataclass(frozen=True, slots=True)
class GrooveTemplate:
    """A groove: notes (sorted by time) over `length_beats`, on `base`, with the amounts a DAW
    applies it with: quantization, timing and random 0..100, velocity -100..100."""

    name: str
    notes: tuple[GrooveNote, ...]
    length_beats: float
    base: GrooveBase = GrooveBase.SIXTEENTH
    quantization_amount: float = 0.0
    timing_amount: float = 100.0
    random_amount: float = 0.0
    velocity_amount: float = 0.0
    time_signature: TimeSignature = field(default_factory=TimeSignature)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise UserInputError("groove name must be text", field="name")
        # XML 1.0 cannot carry control characters or lone surrogates: drop them
        clean = "".join(ch for ch in self.name
                        if (ch >= " " or ch in "\t") and not "\ud800" <= ch <= "\udfff")
        object.__setattr__(self, "name", clean)
        check_float("groove length_beats", self.length_beats, 1e-6, 4 * 32 * MAX_BARS)
        object.__setattr__(self, "base", GrooveBase.parse(self.base))
        check_float("quantization_amount", self.quantization_amount, 0, 100)
        check_float("timing_amount", self.timing_amount, 0, 100)
        check_float("random_amount", self.random_amount, 0, 100)
        check_float("velocity_amount", self.velocity_amount, -100, 100)
        notes = tuple(self.notes)
        if len(notes) > MAX_GROOVE_NOTES:
            raise UserInputError(f"a groove holds at most {MAX_GROOVE_NOTES} notes, got"
                                 f" {len(notes)}", field="notes")
        object.__setattr__(self, "notes", tuple(sorted(notes, key=lambda n: n.time)))

    def timing_offsets(self) -> tuple[tuple[float, float], ...]:
        """(grid time, offset in beats) per note, against the nearest line of the base grid."""
        step = self.base.beats
        out = []
        for n in self.notes:
            grid = round(n.time / step) * step
            out.append((grid, n.time - grid))
        return tuple(out)
