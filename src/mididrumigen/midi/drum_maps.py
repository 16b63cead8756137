"""Drum maps: which MIDI note plays which articulation on a real kit.

Patterns store General MIDI pitches (domain.Voice). A drum map translates them, at render
time, to the notes a kit actually listens to: an Ableton Drum Rack, EZdrummer, Superior
Drummer, Addictive Drums, BFD, Logic's Drum Kit Designer, Steven Slate Drums, MT Power Drum
Kit, Roland V-Drums, or a custom map from a YAML/JSON file.

Articulations are string keys (see `Articulation`). A map lists the ones its kit has; an
articulation it lacks falls back along `REDUCTIONS` (half-open hat → open → closed, ride edge
→ ride, foot splash → pedal, rimshot → snare, flam → snare, choke → crash …). Every chain
ends in kick, snare or closed hat, which every map must have, so every GM drum pitch lands on
a note of every map.

    >>> m = get_drum_map("ad2")
    >>> m.pitch_for(42)          # GM closed hi-hat → the kit's closed-hat note
    51
    >>> m.articulation_for(51)
    'hihat_closed'

Built-in maps live in `midi/maps/*.yaml`; each says in `source` and `certainty` how sure the
layout is (vendor documentation vs. community transcriptions vs. an assumed default).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from ..domain.pattern import Note, Pattern
from ..domain.voices import Voice
from ..errors import UserInputError

MAX_MAP_FILE_BYTES = 256 * 1024


class Articulation(StrEnum):
    """One way of striking one kit piece. Values are the keys used in map files."""

    KICK = "kick"
    SNARE = "snare"  # center hit
    RIMSHOT = "rimshot"
    SIDE_STICK = "side_stick"
    SNARE_FLAM = "snare_flam"
    CLAP = "clap"
    HIHAT_CLOSED = "hihat_closed"  # tip
    HIHAT_CLOSED_EDGE = "hihat_closed_edge"  # edge / shank
    HIHAT_HALF_OPEN = "hihat_half_open"
    HIHAT_OPEN = "hihat_open"
    HIHAT_PEDAL = "hihat_pedal"  # foot close ("chick")
    HIHAT_FOOT_SPLASH = "hihat_foot_splash"
    TOM_HIGH = "tom_high"  # rack tom 1
    TOM_HIGH_MID = "tom_high_mid"
    TOM_MID = "tom_mid"  # rack tom 2
    TOM_LOW = "tom_low"
    TOM_FLOOR = "tom_floor"  # floor tom 1
    TOM_FLOOR_LOW = "tom_floor_low"
    CRASH = "crash"
    CRASH_CHOKE = "crash_choke"
    CRASH_2 = "crash_2"
    SPLASH = "splash"
    CHINA = "china"
    RIDE = "ride"  # bow
    RIDE_BELL = "ride_bell"
    RIDE_EDGE = "ride_edge"
    COWBELL = "cowbell"
    TAMBOURINE = "tambourine"


A = Articulation
ARTICULATIONS: tuple[str, ...] = tuple(a.value for a in Articulation)
REQUIRED: tuple[str, ...] = (A.KICK, A.SNARE, A.HIHAT_CLOSED)

_CYMBAL_TAIL = (A.RIDE, A.HIHAT_OPEN, A.HIHAT_CLOSED)
# What to play instead when a kit lacks an articulation: the first one the map has, in order.
REDUCTIONS: dict[str, tuple[str, ...]] = {
    A.KICK: (),
    A.SNARE: (),
    A.HIHAT_CLOSED: (),
    A.RIMSHOT: (A.SNARE,),
    A.SIDE_STICK: (A.RIMSHOT, A.SNARE),
    A.SNARE_FLAM: (A.SNARE,),
    A.CLAP: (A.SNARE,),
    A.HIHAT_CLOSED_EDGE: (A.HIHAT_CLOSED,),
    A.HIHAT_HALF_OPEN: (A.HIHAT_OPEN, A.HIHAT_CLOSED),
    A.HIHAT_OPEN: (A.HIHAT_HALF_OPEN, A.HIHAT_CLOSED),
    A.HIHAT_PEDAL: (A.HIHAT_CLOSED,),
    A.HIHAT_FOOT_SPLASH: (A.HIHAT_PEDAL, A.HIHAT_HALF_OPEN, A.HIHAT_OPEN, A.HIHAT_CLOSED),
    A.TOM_HIGH: (A.TOM_HIGH_MID, A.TOM_MID, A.TOM_LOW, A.TOM_FLOOR, A.SNARE),
    A.TOM_HIGH_MID: (A.TOM_HIGH, A.TOM_MID, A.TOM_LOW, A.TOM_FLOOR, A.SNARE),
    A.TOM_MID: (A.TOM_HIGH_MID, A.TOM_LOW, A.TOM_HIGH, A.TOM_FLOOR, A.SNARE),
    A.TOM_LOW: (A.TOM_MID, A.TOM_FLOOR, A.TOM_HIGH_MID, A.TOM_HIGH, A.SNARE),
    A.TOM_FLOOR: (A.TOM_FLOOR_LOW, A.TOM_LOW, A.TOM_MID, A.TOM_HIGH, A.SNARE),
    A.TOM_FLOOR_LOW: (A.TOM_FLOOR, A.TOM_LOW, A.TOM_MID, A.TOM_HIGH, A.SNARE),
    A.CRASH: (A.CRASH_2, A.CHINA, A.SPLASH, *_CYMBAL_TAIL),
    A.CRASH_2: (A.CRASH, A.CHINA, A.SPLASH, *_CYMBAL_TAIL),
    A.CRASH_CHOKE: (A.CRASH, A.CRASH_2, A.CHINA, A.SPLASH, *_CYMBAL_TAIL),
    A.SPLASH: (A.CRASH, A.CRASH_2, A.CHINA, *_CYMBAL_TAIL),
    A.CHINA: (A.CRASH_2, A.CRASH, A.SPLASH, *_CYMBAL_TAIL),
    A.RIDE: (A.RIDE_EDGE, A.HIHAT_CLOSED),
    A.RIDE_EDGE: (A.RIDE, A.CRASH, A.HIHAT_CLOSED),
    A.RIDE_BELL: (A.RIDE, A.RIDE_EDGE, A.COWBELL, A.HIHAT_CLOSED),
    A.COWBELL: (A.RIDE_BELL, A.RIDE, A.SIDE_STICK, A.HIHAT_CLOSED),
    A.TAMBOURINE: (A.HIHAT_CLOSED,),
}

# The articulation each canonical voice plays by default.
VOICE_ARTICULATION: dict[Voice, str] = {
    Voice.KICK: A.KICK, Voice.SNARE: A.SNARE, Voice.RIMSHOT: A.RIMSHOT,
    Voice.SIDE_STICK: A.SIDE_STICK, Voice.CLAP: A.CLAP, Voice.CLOSED_HAT: A.HIHAT_CLOSED,
    Voice.PEDAL_HAT: A.HIHAT_PEDAL, Voice.OPEN_HAT: A.HIHAT_OPEN, Voice.HIGH_TOM: A.TOM_HIGH,
    Voice.MID_TOM: A.TOM_MID, Voice.FLOOR_TOM: A.TOM_FLOOR, Voice.CRASH: A.CRASH,
    Voice.SPLASH: A.SPLASH, Voice.CHINA: A.CHINA, Voice.RIDE: A.RIDE,
    Voice.RIDE_BELL: A.RIDE_BELL, Voice.COWBELL: A.COWBELL, Voice.TAMBOURINE: A.TAMBOURINE,
}

# GM (and common e-kit) input pitch → articulation: what `pitch_for` reads a pattern note as.
GM_PITCH_ARTICULATION: dict[int, str] = {
    **{v.pitch: a for v, a in VOICE_ARTICULATION.items()},
    35: A.KICK,
    22: A.HIHAT_CLOSED_EDGE,  # Roland/GMD: hi-hat closed, edge
    26: A.HIHAT_OPEN,  # Roland/GMD: hi-hat open, edge
    41: A.TOM_FLOOR_LOW,
    45: A.TOM_LOW,
    48: A.TOM_HIGH_MID,
    57: A.CRASH_2,
    58: A.TOM_FLOOR,  # Roland: floor tom rim
    59: A.RIDE,  # GM "Ride Cymbal 2"; Roland ride edge — both ride
}

# Articulation → the GM pitch it is read back as (for MIDI coming from a kit).
ARTICULATION_GM_PITCH: dict[str, int] = {
    **{a: v.pitch for v, a in VOICE_ARTICULATION.items()},
    A.SNARE_FLAM: Voice.SNARE.pitch,
    A.HIHAT_CLOSED_EDGE: Voice.CLOSED_HAT.pitch,
    A.HIHAT_HALF_OPEN: Voice.OPEN_HAT.pitch,
    A.HIHAT_FOOT_SPLASH: Voice.PEDAL_HAT.pitch,
    A.TOM_HIGH_MID: 48,
    A.TOM_LOW: 45,
    A.TOM_FLOOR_LOW: 41,
    A.CRASH_2: 57,
    A.CRASH_CHOKE: Voice.CRASH.pitch,
    A.RIDE_EDGE: Voice.RIDE.pitch,
}

CERTAINTIES = ("standard", "vendor-documented", "community-sourced", "assumed-default", "custom")
_FILE_KEYS = frozenset({"name", "title", "description", "aliases", "source", "certainty",
                        "notes"})


def resolve_articulation(articulation: str, available: Mapping[str, int] | frozenset[str]) -> str:
    """The articulation actually played: `articulation` if available, else its reduction."""
    if articulation in available:
        return articulation
    for alt in REDUCTIONS[articulation]:
        if alt in available:
            return alt
    raise UserInputError(f"drum map has no note for {articulation!r} nor any fallback",
                         field="drum_map")


@dataclass(frozen=True, slots=True)
class DrumMap:
    """A kit's note layout: articulation key → MIDI note (0..127).

    `pitch_for` is usable as the MIDI writer's `pitch_map`; `articulation_for` and
    `gm_pitch_for` read a kit's notes back.
    """

    name: str
    description: str
    notes: Mapping[str, int]
    source: str
    certainty: str = "custom"
    aliases: tuple[str, ...] = ()
    title: str = ""
    _to_kit: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _from_kit: Mapping[int, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        notes = _validate_notes(self.notes, where=f"drum map {self.name!r}")
        if self.certainty not in CERTAINTIES:
            raise UserInputError(
                f"drum map certainty must be one of {', '.join(CERTAINTIES)}, got"
                f" {self.certainty!r}", field="certainty")
        object.__setattr__(self, "notes", notes)
        object.__setattr__(self, "aliases", tuple(self.aliases))
        table = list(range(128))
        for pitch, art in GM_PITCH_ARTICULATION.items():
            table[pitch] = notes[resolve_articulation(art, notes)]
        object.__setattr__(self, "_to_kit", tuple(table))
        back: dict[int, str] = {}
        for art in ARTICULATIONS:  # canonical order: first articulation on a note wins
            if art in notes:
                back.setdefault(notes[art], art)
        object.__setattr__(self, "_from_kit", back)

    def resolve(self, articulation: str) -> str:
        """The articulation this kit plays for `articulation` (itself or its reduction)."""
        if articulation not in REDUCTIONS:
            raise UserInputError(_unknown_articulation(articulation), field="articulation")
        return resolve_articulation(articulation, self.notes)

    def note_for(self, articulation: str) -> int:
        """The MIDI note for an articulation, reducing it if the kit lacks it."""
        return self.notes[self.resolve(articulation)]

    def note_for_voice(self, voice: Voice) -> int:
        return self.notes[self.resolve(VOICE_ARTICULATION[voice])]

    def pitch_for(self, gm_pitch: int) -> int:
        """The kit's note for a GM drum pitch. Pitches that are not drum voices pass through."""
        if isinstance(gm_pitch, bool) or not isinstance(gm_pitch, int) or not 0 <= gm_pitch <= 127:
            raise UserInputError(f"pitch must be an integer in range 0..127, got {gm_pitch!r}",
                                 field="pitch")
        return self._to_kit[gm_pitch]

    def articulation_for(self, pitch: int) -> str | None:
        """The articulation a kit note plays, or None when the map has nothing on it."""
        return self._from_kit.get(pitch)

    def gm_pitch_for(self, pitch: int) -> int | None:
        """Read a kit note back as a GM pitch (None when the map has nothing on it)."""
        art = self._from_kit.get(pitch)
        return None if art is None else ARTICULATION_GM_PITCH[art]

    def reduced(self) -> dict[str, str]:
        """Articulations this kit lacks → what it plays instead (for docs and --help)."""
        return {a: self.resolve(a) for a in ARTICULATIONS if a not in self.notes}

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "description": self.description,
                "aliases": list(self.aliases), "certainty": self.certainty,
                "source": self.source, "notes": dict(self.notes)}


def _unknown_articulation(key: object) -> str:
    return f"unknown articulation {key!r}; valid articulations: {', '.join(ARTICULATIONS)}"


def _validate_notes(raw: object, *, where: str) -> dict[str, int]:
    if not isinstance(raw, Mapping) or not raw:
        raise UserInputError(f"{where}: 'notes' must be a mapping of articulation to MIDI note,"
                             f" e.g. kick: 36; valid articulations: {', '.join(ARTICULATIONS)}",
                             field="notes")
    out: dict[str, int] = {}
    for key, value in raw.items():
        if not isinstance(key, str) or key not in REDUCTIONS:
            raise UserInputError(f"{where}: {_unknown_articulation(key)}", field=f"notes.{key}")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 127:
            raise UserInputError(f"{where}: notes.{key} must be a MIDI note in range 0..127,"
                                 f" got {value!r}", field=f"notes.{key}")
        out[key] = value
    missing = [a for a in REQUIRED if a not in out]
    if missing:
        raise UserInputError(f"{where}: notes must include {', '.join(missing)} (every map needs"
                             f" {', '.join(REQUIRED)})", field=f"notes.{missing[0]}")
    return {a: out[a] for a in ARTICULATIONS if a in out}


def drum_map_from_dict(data: object, *, default_name: str = "custom") -> DrumMap:
    """Build a map from parsed YAML/JSON. Raises UserInputError naming the bad key."""
    if not isinstance(data, Mapping):
        raise UserInputError("a drum map file must hold a mapping with a 'notes' section",
                             field="drum_map")
    unknown = sorted(str(k) for k in data if k not in _FILE_KEYS)
    if unknown:
        raise UserInputError(f"unknown drum map key(s) {', '.join(unknown)}; allowed keys:"
                             f" {', '.join(sorted(_FILE_KEYS))}", field=unknown[0])
    if "notes" not in data:
        raise UserInputError("drum map is missing 'notes' (articulation: MIDI note, e.g."
                             " kick: 36)", field="notes")
    aliases = data.get("aliases", ())
    if not isinstance(aliases, list | tuple) or not all(isinstance(a, str) for a in aliases):
        raise UserInputError("drum map 'aliases' must be a list of names", field="aliases")
    for key in ("name", "title", "description", "source", "certainty"):
        if key in data and not isinstance(data[key], str):
            raise UserInputError(f"drum map {key!r} must be text", field=key)
    name = str(data.get("name") or default_name)
    return DrumMap(name=name, description=str(data.get("description", "")),
                   notes=data["notes"], source=str(data.get("source", "user-supplied map")),
                   certainty=str(data.get("certainty", "custom")), aliases=tuple(aliases),
                   title=str(data.get("title", "")))


def load_drum_map_file(path: str | Path) -> DrumMap:
    """Load a custom map from a .yaml/.yml/.json file."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_MAP_FILE_BYTES:
            raise UserInputError(f"drum map file {p} is {size} bytes; the limit is"
                                 f" {MAX_MAP_FILE_BYTES}", field="drum_map")
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UserInputError(f"cannot read drum map file {p}: {e}", field="drum_map") from None
    return drum_map_from_dict(_parse(text, p), default_name=p.stem)


def _parse(text: str, p: Path) -> object:
    if p.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as e:
            raise UserInputError(f"drum map {p} is not valid JSON: {e}", field="drum_map") from None
    import yaml  # lazy: only custom/built-in map loading needs it

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise UserInputError(f"drum map {p} is not valid YAML: {e}", field="drum_map") from None


def _norm(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(" ", "-")


@cache
def _builtin() -> dict[str, DrumMap]:
    from importlib.resources import files

    maps: dict[str, DrumMap] = {}
    for res in sorted(files("mididrumigen.midi").joinpath("maps").iterdir(), key=lambda r: r.name):
        if res.name.endswith(".yaml"):
            import yaml

            m = drum_map_from_dict(yaml.safe_load(res.read_text(encoding="utf-8")))
            maps[m.name] = m
    return maps


@cache
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for m in _builtin().values():
        for alias in (m.name, *m.aliases):
            table[_norm(alias)] = m.name
    return table


def list_drum_maps() -> list[DrumMap]:
    """The built-in maps, General MIDI first."""
    maps = _builtin()
    return sorted(maps.values(), key=lambda m: (m.name != "gm", m.name))


def builtin_drum_map(name: str) -> DrumMap:
    """A built-in map by name or alias, never a file (what a request over the network may name)."""
    key = _aliases().get(_norm(name))
    if key is None:
        raise UserInputError(f"unknown drum map {name!r}; use one of: "
                             + ", ".join(sorted(_aliases())), field="drum_map")
    return _builtin()[key]


def get_drum_map(name_or_path: str | Path) -> DrumMap:
    """A built-in map by name or alias (case-insensitive: "gm", "ableton", "ezd3", "sd3", "ad2"…)
    or a custom map from a YAML/JSON file path."""
    if isinstance(name_or_path, str) and _norm(name_or_path) in _aliases():
        return builtin_drum_map(name_or_path)
    p = Path(name_or_path)
    if p.suffix.lower() in (".yaml", ".yml", ".json") or p.exists():
        return load_drum_map_file(p)
    names = ", ".join(sorted(_aliases()))
    raise UserInputError(f"unknown drum map {str(name_or_path)!r}; use one of: {names}, or the"
                         " path of a .yaml/.json map file", field="drum_map")


def remap_pattern(pattern: Pattern, drum_map: DrumMap) -> Pattern:
    """The same pattern with every GM drum pitch moved to the kit's note. Times, velocities
    and durations are kept; non-drum pitches pass through."""
    return pattern.with_notes(Note(n.time, drum_map.pitch_for(n.pitch), n.velocity, n.duration)
                              for n in pattern.notes)


def pattern_to_gm(pattern: Pattern, drum_map: DrumMap) -> Pattern:
    """Read a pattern played on a kit back to GM pitches; notes the map doesn't know are kept."""
    def gm(p: int) -> int:
        g = drum_map.gm_pitch_for(p)
        return p if g is None else g

    return pattern.with_notes(Note(n.time, gm(n.pitch), n.velocity, n.duration)
                              for n in pattern.notes)
