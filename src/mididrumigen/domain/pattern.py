"""Note and Pattern: the pure data every layer exchanges (the public "MIDI JSON")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from ..errors import UserInputError
from .checks import check_float, check_int
from .meter import TimeSignature
from .units import ticks_to_seconds
from .voices import Voice, voice_for_pitch

PPQ = 480
MAX_NOTES = 100_000
MAX_TICK = 2**31 - 1
_NOTE_ORDER = attrgetter("time", "pitch", "velocity", "duration")  # Note's order, in C


@dataclass(frozen=True, slots=True, order=True)
class Note:
    """One drum hit. `time` and `duration` are ticks at the pattern's ppq."""

    time: int
    pitch: int
    velocity: int
    duration: int = 60

    def __post_init__(self) -> None:
        p, v, t, d = self.pitch, self.velocity, self.time, self.duration
        if (type(p) is int and 0 <= p <= 127 and type(v) is int and 1 <= v <= 127  # the
                and type(t) is int and 0 <= t <= MAX_TICK  # common case, checked inline: the
                and type(d) is int and 1 <= d <= MAX_TICK):  # engine makes ~250k a second
            return
        check_int("pitch", p, 0, 127)
        check_int("velocity", v, 1, 127)
        check_int("time", t, 0, MAX_TICK)
        check_int("duration", d, 1, MAX_TICK)

    @property
    def voice(self) -> Voice | None:
        return voice_for_pitch(self.pitch)

    def to_dict(self) -> dict[str, int]:
        return {"pitch": self.pitch, "velocity": self.velocity, "time": self.time,
                "duration": self.duration}


@dataclass(frozen=True, slots=True)
class Pattern:
    """A drum part: notes sorted by time, with tempo, meter and length in bars."""

    notes: tuple[Note, ...]
    tempo: float = 120.0
    time_signature: TimeSignature = field(default_factory=TimeSignature)
    total_bars: int = 1
    ppq: int = PPQ
    name: str = ""

    def __post_init__(self) -> None:
        check_float("tempo", self.tempo, 20, 400)
        check_int("total_bars", self.total_bars, 1, 1024)
        check_int("ppq", self.ppq, 24, 9600)
        if self.ppq % 4:
            raise UserInputError(f"ppq must be a multiple of 4, got {self.ppq}", field="ppq")
        if not isinstance(self.time_signature, TimeSignature):
            raise UserInputError("time_signature must be a TimeSignature", field="time_signature")
        notes = tuple(self.notes)
        if len(notes) > MAX_NOTES:
            raise UserInputError(f"a pattern holds at most {MAX_NOTES} notes, got {len(notes)}",
                                 field="notes")
        if any(not isinstance(n, Note) for n in notes):
            raise UserInputError("notes must be Note values", field="notes")
        object.__setattr__(self, "notes", tuple(sorted(notes, key=_NOTE_ORDER)))

    @property
    def ticks_per_bar(self) -> int:
        return self.time_signature.ticks_per_bar(self.ppq)

    @property
    def length_ticks(self) -> int:
        return self.ticks_per_bar * self.total_bars

    @property
    def seconds(self) -> float:
        return ticks_to_seconds(self.length_ticks, self.tempo, self.ppq)

    def with_notes(self, notes: Iterable[Note]) -> Pattern:
        return Pattern(tuple(notes), self.tempo, self.time_signature, self.total_bars, self.ppq,
                       self.name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "tempo": self.tempo,
            "time_signature": [self.time_signature.numerator, self.time_signature.denominator],
            "total_bars": self.total_bars,
            "ppq": self.ppq,
            "notes": [n.to_dict() for n in self.notes],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Pattern:
        """Build from MIDI JSON; raises UserInputError naming the bad field."""
        if not isinstance(data, Mapping):
            raise UserInputError("pattern JSON must be an object", field="pattern")
        ts_raw = data.get("time_signature", [4, 4])
        if isinstance(ts_raw, str):
            ts = TimeSignature.parse(ts_raw)
        elif isinstance(ts_raw, list | tuple) and len(ts_raw) == 2:
            ts = TimeSignature(ts_raw[0], ts_raw[1])
        else:
            raise UserInputError("time_signature must be [n, d] or 'n/d'", field="time_signature")
        raw_notes = data.get("notes")
        if not isinstance(raw_notes, list):
            raise UserInputError("notes must be a list", field="notes")
        notes = []
        for i, n in enumerate(raw_notes):
            if not isinstance(n, Mapping):
                raise UserInputError(f"notes[{i}] must be an object", field="notes")
            try:
                notes.append(Note(time=n["time"], pitch=n["pitch"], velocity=n["velocity"],
                                  duration=n.get("duration", 60)))
            except KeyError as e:
                raise UserInputError(f"notes[{i}] is missing {e.args[0]!r}", field="notes") from None
            except UserInputError as e:
                raise UserInputError(f"notes[{i}]: {e}", field="notes") from None
        tempo = data.get("tempo", 120.0)
        return cls(tuple(notes), tempo, ts, data.get("total_bars", 1), data.get("ppq", PPQ),
                   str(data.get("name", "")))
