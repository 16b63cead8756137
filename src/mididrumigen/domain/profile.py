"""StyleProfile: how an artist plays, as numbers with their evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import UserInputError
from .checks import check_float, check_int
from .meter import TimeSignature
from .voices import Voice

KINDS = ("band", "drummer", "producer", "artist")


@dataclass(frozen=True, slots=True)
class StyleParams:
    """The quantitative feel of a player.

    microtiming_ms: per-voice mean offset from the grid in milliseconds; positive is late
    (laid back), negative is early (pushing). timing_jitter_ms: spread around that mean.
    swing_percent: 50 straight .. 75 hard swing, applied to swing_unit notes (8 or 16).
    """

    tempo_min: float = 80.0
    tempo_max: float = 130.0
    tempo_avg: float = 100.0
    swing_percent: float = 50.0
    swing_unit: int = 16
    ghost_note_prob: float = 0.1
    syncopation: float = 0.3
    velocity_mean: float = 90.0
    velocity_std: float = 14.0
    microtiming_ms: Mapping[str, float] = field(default_factory=dict)
    timing_jitter_ms: float = 8.0
    fill_rate: float = 0.5
    hat_openness: float = 0.1
    complexity: float = 0.4
    double_kick: bool = False
    ride_led: bool = False

    def __post_init__(self) -> None:
        check_float("tempo_min", self.tempo_min, 20, 400)
        check_float("tempo_max", self.tempo_max, 20, 400)
        check_float("tempo_avg", self.tempo_avg, 20, 400)
        if not self.tempo_min <= self.tempo_avg <= self.tempo_max:
            raise UserInputError(
                f"tempo_avg must lie in tempo_min..tempo_max ({self.tempo_min:g}..{self.tempo_max:g}),"
                f" got {self.tempo_avg:g}", field="tempo_avg")
        check_float("swing_percent", self.swing_percent, 50, 75)
        if self.swing_unit not in (8, 16):
            raise UserInputError(f"swing_unit must be 8 or 16, got {self.swing_unit}",
                                 field="swing_unit")
        for name in ("ghost_note_prob", "syncopation", "fill_rate", "hat_openness", "complexity"):
            check_float(name, getattr(self, name), 0, 1)
        check_float("velocity_mean", self.velocity_mean, 1, 127)
        check_float("velocity_std", self.velocity_std, 0, 60)
        check_float("timing_jitter_ms", self.timing_jitter_ms, 0, 60)
        for key, ms in self.microtiming_ms.items():
            Voice.from_key(key)
            check_float(f"microtiming_ms[{key}]", ms, -60, 60)
        object.__setattr__(self, "microtiming_ms", dict(self.microtiming_ms))

    def to_dict(self) -> dict[str, Any]:
        return {name: (dict(getattr(self, name)) if name == "microtiming_ms" else getattr(self, name))
                for name in self.__slots__}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StyleParams:
        known = set(cls.__slots__)
        unknown = set(data) - known
        if unknown:
            raise UserInputError(f"unknown style parameter(s): {', '.join(sorted(unknown))}",
                                 field="params")
        return cls(**dict(data))


GROOVE_KINDS = ("groove", "fill")


@dataclass(frozen=True, slots=True)
class SignatureGroove:
    """A named groove in grid text, e.g. the intro beat of a song, or one of the artist's
    signature fills (kind "fill": a bar whose hits start where the fill starts). weight: how
    often the engine draws it among the artist's grooves (or fills) of its meter, 0.1..10."""

    name: str
    grid: str
    time_signature: TimeSignature = field(default_factory=TimeSignature)
    song: str = ""
    tempo: float | None = None
    kind: str = "groove"
    weight: float = 1.0

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise UserInputError("signature groove name must not be empty", field="name")
        if self.tempo is not None:
            check_float("tempo", self.tempo, 20, 400)
        if self.kind not in GROOVE_KINDS:
            raise UserInputError(f"signature groove kind must be one of {', '.join(GROOVE_KINDS)},"
                                 f" got {self.kind!r}", field="kind")
        object.__setattr__(self, "weight", check_float("weight", self.weight, 0.1, 10))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "song": self.song, "grid": self.grid,
                "time_signature": str(self.time_signature), "tempo": self.tempo,
                "kind": self.kind, "weight": self.weight}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SignatureGroove:
        ts = TimeSignature.parse(str(data.get("time_signature", "4/4")))
        return cls(name=str(data["name"]), grid=str(data["grid"]), time_signature=ts,
                   song=str(data.get("song", "")), tempo=data.get("tempo"),
                   kind=str(data.get("kind", "groove")), weight=data.get("weight", 1.0))


@dataclass(frozen=True, slots=True)
class StyleProfile:
    """Everything known about how an artist's drums sound, with where each value came from.

    source: 'knowledge_base', 'research', 'genre_default' (unknown artist) or 'user'.
    provenance: parameter name -> the evidence it rests on.
    """

    artist_name: str
    params: StyleParams = field(default_factory=StyleParams)
    genres: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    kind: str = "artist"
    drummers: tuple[str, ...] = ()
    text_description: str = ""
    signature_grooves: tuple[SignatureGroove, ...] = ()
    confidence: float = 0.5
    sources_count: int = 0
    provenance: Mapping[str, str] = field(default_factory=dict)
    source: str = "knowledge_base"
    embedding: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        if not self.artist_name.strip():
            raise UserInputError("artist_name must not be empty", field="artist_name")
        if self.kind not in KINDS:
            raise UserInputError(f"kind must be one of {', '.join(KINDS)}, got {self.kind!r}",
                                 field="kind")
        check_float("confidence", self.confidence, 0, 1)
        check_int("sources_count", self.sources_count, 0, 1_000_000)
        object.__setattr__(self, "genres", tuple(self.genres))
        object.__setattr__(self, "aliases", tuple(self.aliases))
        object.__setattr__(self, "drummers", tuple(self.drummers))
        object.__setattr__(self, "signature_grooves", tuple(self.signature_grooves))
        object.__setattr__(self, "provenance", dict(self.provenance))

    @property
    def primary_genre(self) -> str | None:
        return self.genres[0] if self.genres else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "artist_name": self.artist_name,
            "aliases": list(self.aliases),
            "kind": self.kind,
            "drummers": list(self.drummers),
            "genres": list(self.genres),
            "text_description": self.text_description,
            "params": self.params.to_dict(),
            "signature_grooves": [g.to_dict() for g in self.signature_grooves],
            "confidence": self.confidence,
            "sources_count": self.sources_count,
            "provenance": dict(self.provenance),
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StyleProfile:
        return cls(
            artist_name=str(data["artist_name"]),
            params=StyleParams.from_dict(data.get("params", {})),
            genres=tuple(data.get("genres", ())),
            aliases=tuple(data.get("aliases", ())),
            kind=str(data.get("kind", "artist")),
            drummers=tuple(data.get("drummers", ())),
            text_description=str(data.get("text_description", "")),
            signature_grooves=tuple(SignatureGroove.from_dict(g)
                                    for g in data.get("signature_grooves", ())),
            confidence=data.get("confidence", 0.5),
            sources_count=data.get("sources_count", 0),
            provenance=dict(data.get("provenance", {})),
            source=str(data.get("source", "knowledge_base")),
        )
