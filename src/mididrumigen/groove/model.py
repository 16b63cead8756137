"""GenreModel: the statistics of how a genre is played in one meter.

Learned from human-played MIDI by knowledge/corpus.py (the Groove MIDI Dataset ships with the
package as knowledge/data/genre_models.json) or written by hand as an archetype
(knowledge/data/archetypes/). The engine samples from it; tests compare generated output to it.

All per-step sequences have `time_signature.steps_per_bar` entries (sixteenth steps).
Micro-timing is positive when late (behind the grid), negative when early.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..domain.meter import TimeSignature

MODEL_FORMAT_VERSION = 1


def _floats(xs: Any) -> tuple[float, ...]:
    return tuple(float(x) for x in xs)


@dataclass(frozen=True, slots=True)
class VoiceStats:
    """Per-step statistics of one voice (e.g. 'kick') in one genre and meter."""

    onset_prob: tuple[float, ...]  # P(hit at step) per bar position
    velocity_mean: tuple[float, ...]  # mean MIDI velocity of hits at that step
    velocity_std: tuple[float, ...]
    offset_ms: tuple[float, ...]  # mean micro-timing at that step, ms
    offset_frac: tuple[float, ...]  # the same as a fraction of one step
    offset_std_ms: float = 10.0  # spread of micro-timing around the per-step mean
    soft_velocity: float = 0.0  # mean velocity of the voice's softest fifth of hits (0: unknown)

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v)
                for k, v in ((s, getattr(self, s)) for s in self.__slots__)}  # type: ignore[attr-defined]

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> VoiceStats:
        return cls(_floats(d["onset_prob"]), _floats(d["velocity_mean"]),
                   _floats(d["velocity_std"]), _floats(d["offset_ms"]),
                   _floats(d["offset_frac"]), float(d.get("offset_std_ms", 10.0)),
                   float(d.get("soft_velocity", 0.0)))


@dataclass(frozen=True, slots=True)
class BarPrototype:
    """One bar as grid text (see domain.grid) and how often it occurs (relative weight)."""

    grid: str
    weight: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"grid": self.grid, "weight": self.weight}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> BarPrototype:
        return cls(str(d["grid"]), float(d.get("weight", 1.0)))


@dataclass(frozen=True, slots=True)
class GenreModel:
    """How one genre is played in one meter."""

    genre: str
    time_signature: TimeSignature
    source: str  # e.g. "Groove MIDI Dataset (CC BY 4.0): 412 bars from 37 files" or "archetype"
    tempo_min: float
    tempo_max: float
    tempo_median: float
    swing_percent: float  # 50 straight .. 75; measured on swing_unit notes
    swing_unit: int  # 8 or 16
    density: float  # mean notes per bar (grooves)
    voices: Mapping[str, VoiceStats]
    cooccurrence: Mapping[str, Mapping[str, float]] = field(default_factory=dict)  # P(b | a)
    grooves: tuple[BarPrototype, ...] = ()  # common real bars, most frequent first
    fills: tuple[BarPrototype, ...] = ()  # fill bars
    fill_voices: Mapping[str, VoiceStats] = field(default_factory=dict)
    fill_density: float = 0.0
    bars_learned: int = 0
    description: str = ""
    programmed: bool = False  # a sequenced genre (machine timing and dynamics), not a human feel
    idiomatic: bool = False  # written idioms that win over a corpus of the genre (its feel stays)

    @property
    def key(self) -> str:
        return f"{self.genre}@{self.time_signature}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "genre": self.genre,
            "time_signature": str(self.time_signature),
            "source": self.source,
            "tempo_min": self.tempo_min,
            "tempo_max": self.tempo_max,
            "tempo_median": self.tempo_median,
            "swing_percent": self.swing_percent,
            "swing_unit": self.swing_unit,
            "density": self.density,
            "voices": {k: v.to_dict() for k, v in self.voices.items()},
            "cooccurrence": {k: dict(v) for k, v in self.cooccurrence.items()},
            "grooves": [g.to_dict() for g in self.grooves],
            "fills": [g.to_dict() for g in self.fills],
            "fill_voices": {k: v.to_dict() for k, v in self.fill_voices.items()},
            "fill_density": self.fill_density,
            "bars_learned": self.bars_learned,
            "description": self.description,
            "programmed": self.programmed,
            "idiomatic": self.idiomatic,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> GenreModel:
        return cls(
            genre=str(d["genre"]),
            time_signature=TimeSignature.parse(str(d["time_signature"])),
            source=str(d.get("source", "")),
            tempo_min=float(d["tempo_min"]),
            tempo_max=float(d["tempo_max"]),
            tempo_median=float(d["tempo_median"]),
            swing_percent=float(d.get("swing_percent", 50.0)),
            swing_unit=int(d.get("swing_unit", 16)),
            density=float(d.get("density", 0.0)),
            voices={k: VoiceStats.from_dict(v) for k, v in d["voices"].items()},
            cooccurrence={k: {kk: float(vv) for kk, vv in v.items()}
                          for k, v in d.get("cooccurrence", {}).items()},
            grooves=tuple(BarPrototype.from_dict(g) for g in d.get("grooves", ())),
            fills=tuple(BarPrototype.from_dict(g) for g in d.get("fills", ())),
            fill_voices={k: VoiceStats.from_dict(v) for k, v in d.get("fill_voices", {}).items()},
            fill_density=float(d.get("fill_density", 0.0)),
            bars_learned=int(d.get("bars_learned", 0)),
            description=str(d.get("description", "")),
            programmed=bool(d.get("programmed", False)),
            idiomatic=bool(d.get("idiomatic", False)),
        )


_FEEL_STAND_IN = {"open_hat": "closed_hat", "pedal_hat": "closed_hat", "ride_bell": "ride",
                  "rimshot": "snare", "side_stick": "snare", "clap": "snare",
                  "china": "crash", "splash": "crash", "tambourine": "closed_hat",
                  "cowbell": "ride", "high_tom": "floor_tom", "mid_tom": "floor_tom",
                  "floor_tom": "high_tom", "ride": "closed_hat", "closed_hat": "ride"}


def _donor_steps(xs: tuple[float, ...], spb: int) -> tuple[float, ...]:
    """A donor's per-step values laid over `spb` steps: step for step when the bar has the same
    length, else by position inside the beat (four steps), averaged over the donor's beats."""
    if len(xs) == spb:
        return xs
    by_pos = [[x for i, x in enumerate(xs) if i % 4 == p] or [0.0] for p in range(4)]
    means = [sum(v) / len(v) for v in by_pos]
    return tuple(means[s % 4] for s in range(spb))


def with_feel_of(model: GenreModel, donor: GenreModel) -> GenreModel:
    """`model`'s vocabulary (which notes: onsets, prototypes, fills, swing) played with `donor`'s
    human feel (velocity and micro-timing per voice and step). A written archetype names the
    notes of its idiom; how hard and how late humans play them comes from a corpus."""

    def voices(stats: Mapping[str, VoiceStats]) -> dict[str, VoiceStats]:
        spb = model.time_signature.steps_per_bar
        out = {}
        for key, vs in stats.items():
            src = donor.voices.get(key) or donor.voices.get(_FEEL_STAND_IN.get(key, ""))
            if src is None:
                out[key] = vs
                continue
            out[key] = VoiceStats(vs.onset_prob, _donor_steps(src.velocity_mean, spb),
                                  _donor_steps(src.velocity_std, spb),
                                  _donor_steps(src.offset_ms, spb),
                                  _donor_steps(src.offset_frac, spb), src.offset_std_ms,
                                  src.soft_velocity)
        return out

    return GenreModel(
        genre=model.genre, time_signature=model.time_signature,
        source=f"{model.source}; feel: {donor.source}", tempo_min=model.tempo_min,
        tempo_max=model.tempo_max, tempo_median=model.tempo_median,
        swing_percent=model.swing_percent, swing_unit=model.swing_unit, density=model.density,
        voices=voices(model.voices), cooccurrence=model.cooccurrence, grooves=model.grooves,
        fills=model.fills, fill_voices=voices(model.fill_voices),
        fill_density=model.fill_density, bars_learned=model.bars_learned,
        description=model.description, programmed=False)


def plays_double_kick(model: GenreModel) -> bool:
    """Whether the genre's grooves have kick runs of four sixteenths or more (metal's double
    kick, gallops at speed): a player of the genre then has two feet on the kick."""
    for proto in model.grooves:
        for line in proto.grid.splitlines():
            label, _, steps = line.partition("|")
            if label.strip().upper() in ("BD", "KICK") and "xxxx" in steps.replace(
                    "X", "x").replace("g", "x"):
                return True
    return False
