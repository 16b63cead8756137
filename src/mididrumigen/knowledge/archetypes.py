"""Written genre archetypes (`data/archetypes/<genre>.yaml`) → GenreModel.

An archetype is editorial knowledge: a description, a tempo range, swing, per-voice
micro-timing and dynamics, and weighted one-bar groove and fill prototypes in grid text, per
meter. The statistics the engine samples from are computed from those prototypes:

- onset_prob[step] = weighted share of prototypes that hit there, lightly smoothed toward the
  voice's mean density (so rare variations stay possible without adding noise);
- velocity per step from the step characters (X accent, x hit, g ghost, f flam, o open) at the
  genre's dynamic level, with a per-voice offset (hats and ride sit under the backbeat);
- offset_ms per voice from the written micro-timing (positive = late), swing excluded: the
  engine applies swing_percent on swing_unit notes on top;
- co-occurrence P(b | a) over hit steps, density = weighted notes per bar.

`feel: human` (the default) marks an idiom people play: the genre library then plays its notes
with the velocity and micro-timing that human drummers of the nearest corpus genre use
(groove.model.with_feel_of), and the written dynamics and timing only stand in where no corpus
genre is near. `feel: programmed` marks a sequenced genre (house, techno, trap…) whose machine
timing and flat dynamics are the idiom. `sources` names the records and method books an idiom
is written from. `vocabulary: idiom` says the written grooves are what the genre's drummers
play (the one-drop, jazz time, clave): they win over a corpus model of the same genre, which
then lends only its feel and its real fills.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.grid import Grid, requantize
from ..domain.meter import TimeSignature
from ..domain.voices import Voice
from ..groove.model import BarPrototype, GenreModel, VoiceStats
from .schema import GENRE_SET, ArtistDataError, check_playable_grid

ARCHETYPE_DIR = Path(__file__).parent / "data" / "archetypes"
SOURCE = "archetype (editorial)"
SMOOTHING = 0.03  # share of probability mass moved toward the voice's mean density
DEFAULT_VOICE_LEVEL = {  # dB-ish offsets from the genre level for 'x'
    "closed_hat": -10, "pedal_hat": -28, "open_hat": -4, "ride": -8, "ride_bell": -2,
    "cowbell": -6, "side_stick": -8, "tambourine": -14, "high_tom": 0, "mid_tom": 0,
    "floor_tom": 2, "crash": 4, "china": 2, "splash": -4, "clap": 0, "rimshot": 6,
}
_TOP = ("genre", "description", "tempo", "swing", "velocity", "microtiming_ms",
        "timing_std_ms", "meters", "feel", "sources", "vocabulary")
VOCABULARIES = ("corpus", "idiom")
FEELS = ("human", "programmed")


@dataclass(frozen=True, slots=True)
class Dynamics:
    level: float  # velocity of a plain hit 'x'
    accent: float  # 'X'
    ghost: float  # 'g'
    spread: float  # velocity std of one hit
    voices: Mapping[str, float]  # per-voice offsets added to level/accent

    def velocity(self, voice: str, ch: str) -> float:
        base = {"X": self.accent, "x": self.level, "g": self.ghost, "o": self.level + 2,
                "f": self.level + 6}[ch]
        off = 0.0 if ch == "g" else self.voices.get(voice, 0.0)
        return float(min(127.0, max(1.0, base + off)))


def _fail(where: str, message: str) -> ArtistDataError:
    return ArtistDataError(f"{where}: {message}", field=where)


def _num(where: str, d: Mapping[str, Any], key: str, default: float | None = None) -> float:
    v = d.get(key, default)
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise _fail(where, f"{key} must be a number, got {v!r}")
    return float(v)


def _hits(grid: Grid) -> list[tuple[str, int, str]]:
    """(voice key, step, character) for every hit; 'o' on the HH line counts as open_hat."""
    out = []
    for voice, steps in grid.lines:
        for i, ch in enumerate(steps):
            if ch in ".-":
                continue
            key = Voice.OPEN_HAT.key if ch == "o" else voice.key
            out.append((key, i, ch))
    return out


def _voice_stats(bars: list[tuple[Grid, float]], spb: int, dyn: Dynamics,
                 timing: Mapping[str, float], timing_std: Mapping[str, float],
                 step_ms: float) -> tuple[dict[str, VoiceStats], dict[str, dict[str, float]], float]:
    total_w = sum(w for _, w in bars)
    hit_w: dict[str, list[float]] = {}
    vel_sum: dict[str, list[float]] = {}
    vel_sq: dict[str, list[float]] = {}
    step_sets: list[tuple[dict[int, set[str]], float]] = []
    notes = 0.0
    for grid, w in bars:
        at: dict[int, set[str]] = {}
        for key, i, ch in _hits(grid):
            hit_w.setdefault(key, [0.0] * spb)[i] += w
            v = dyn.velocity(key, ch)
            vel_sum.setdefault(key, [0.0] * spb)[i] += w * v
            vel_sq.setdefault(key, [0.0] * spb)[i] += w * v * v
            at.setdefault(i, set()).add(key)
            notes += w
        step_sets.append((at, w))
    voices: dict[str, VoiceStats] = {}
    for key in sorted(hit_w):
        freq = [h / total_w for h in hit_w[key]]
        mean_density = sum(freq) / spb
        probs = tuple(round((1 - SMOOTHING) * f + SMOOTHING * mean_density, 4) for f in freq)
        level = dyn.velocity(key, "x")
        vm, vs = [], []
        for i in range(spb):
            h = hit_w[key][i]
            if h <= 0:
                vm.append(round(level, 1))
                vs.append(round(dyn.spread, 1))
                continue
            m = vel_sum[key][i] / h
            var = max(0.0, vel_sq[key][i] / h - m * m)
            vm.append(round(m, 1))
            vs.append(round(math.sqrt(var + dyn.spread ** 2), 1))
        off = float(timing.get(key, timing.get("default", 0.0)))
        std = float(timing_std.get(key, timing_std.get("default", 8.0)))
        voices[key] = VoiceStats(probs, tuple(vm), tuple(vs), tuple([off] * spb),
                                 tuple([round(off / step_ms, 4)] * spb), std)
    co: dict[str, dict[str, float]] = {}
    for a in voices:
        together: dict[str, float] = {}
        a_w = 0.0
        for at, w in step_sets:
            for keys in at.values():
                if a in keys:
                    a_w += w
                    for b in keys - {a}:
                        together[b] = together.get(b, 0.0) + w
        if a_w:
            co[a] = {b: round(t / a_w, 4) for b, t in sorted(together.items())}
    return voices, co, round(notes / total_w, 3)


def _prototypes(where: str, items: Any, ts: TimeSignature) -> list[tuple[Grid, float, str]]:
    if not isinstance(items, list) or not items:
        raise _fail(where, "must be a non-empty list of {weight, grid}")
    out = []
    for i, item in enumerate(items):
        w = f"{where}[{item.get('name', i) if isinstance(item, Mapping) else i}]"
        if not isinstance(item, Mapping) or "grid" not in item:
            raise _fail(w, "needs a grid")
        # the model is per-sixteenth statistics: triplet/32nd lines move to the nearest 16th
        grid = requantize(check_playable_grid(str(item["grid"]), ts, where=w, field="grid"))
        if grid.bars != 1:
            raise _fail(w, f"prototypes are one bar of {ts}; this grid has {grid.bars} bars")
        weight = _num(w, item, "weight", 1.0)
        if weight <= 0:
            raise _fail(w, "weight must be > 0")
        out.append((grid, weight, str(item["grid"])))
    return out


def _written(grid: Grid, text: str) -> str:
    """A prototype as the engine plays it: the text as written when it has triplet or 32nd
    lines (the engine reads those itself), else the canonical sixteenth grid."""
    return text.strip() if "@" in text else _render(grid)


def _render(grid: Grid) -> str:
    return "\n".join(f"{v.label} |{s}|" for v, s in grid.lines if set(s) - {"."})


def build_models(doc: Mapping[str, Any], *, source_file: str = "") -> dict[str, GenreModel]:
    """One archetype document → {time signature text: GenreModel}. Raises ArtistDataError."""
    where = source_file or str(doc.get("genre", "archetype"))
    unknown = set(doc) - set(_TOP)
    if unknown:
        raise _fail(where, f"unknown key(s) {sorted(unknown)}; allowed: {', '.join(_TOP)}")
    genre = doc.get("genre")
    if genre not in GENRE_SET:
        raise _fail(where, f"genre must be one of the genre keys, got {genre!r}")
    tempo = doc.get("tempo") or {}
    tmin, tmax = _num(where, tempo, "min"), _num(where, tempo, "max")
    tmed = _num(where, tempo, "median", (tmin + tmax) / 2)
    if not 20 <= tmin <= tmed <= tmax <= 400:
        raise _fail(where, f"tempo needs 20 <= min <= median <= max <= 400, got {tempo}")
    swing = doc.get("swing") or {}
    sw_pct = _num(where, swing, "percent", 50.0)
    sw_unit = int(_num(where, swing, "unit", 16))
    if not 50 <= sw_pct <= 75 or sw_unit not in (8, 16):
        raise _fail(where, f"swing needs percent 50..75 and unit 8 or 16, got {swing}")
    vel = doc.get("velocity") or {}
    level = _num(where, vel, "level", 96)
    dyn = Dynamics(level=level, accent=_num(where, vel, "accent", min(127, level + 18)),
                   ghost=_num(where, vel, "ghost", round(level * 0.42)),
                   spread=_num(where, vel, "spread", 8),
                   voices={**DEFAULT_VOICE_LEVEL, **dict(vel.get("voices") or {})})
    timing = {k: float(v) for k, v in (doc.get("microtiming_ms") or {}).items()}
    for k, v in timing.items():
        if k != "default":
            try:
                Voice.from_key(k)
            except ValueError as e:
                raise _fail(where, f"microtiming_ms: {e}") from None
        if not -60 <= v <= 60:
            raise _fail(where, f"microtiming_ms[{k}] must be in range -60..60, got {v}")
    std_raw = doc.get("timing_std_ms", 8)
    timing_std = ({k: float(v) for k, v in std_raw.items()} if isinstance(std_raw, Mapping)
                  else {"default": float(std_raw)})
    feel = doc.get("feel", "human")
    if feel not in FEELS:
        raise _fail(where, f"feel must be one of {', '.join(FEELS)}, got {feel!r}")
    vocabulary = doc.get("vocabulary", "corpus")
    if vocabulary not in VOCABULARIES:
        raise _fail(where, f"vocabulary must be one of {', '.join(VOCABULARIES)}, got {vocabulary!r}")
    meters = doc.get("meters")
    if not isinstance(meters, Mapping) or not meters:
        raise _fail(where, "meters must map a time signature ('4/4') to grooves and fills")
    models: dict[str, GenreModel] = {}
    for ts_text, body in meters.items():
        ts = TimeSignature.parse(str(ts_text))
        w = f"{where}: {ts}"
        if not isinstance(body, Mapping):
            raise _fail(w, "needs grooves and fills")
        grooves = _prototypes(f"{w}: grooves", body.get("grooves"), ts)
        fills = _prototypes(f"{w}: fills", body.get("fills"), ts)
        spb = ts.steps_per_bar
        step_ms = 60000.0 / tmed / 4
        voices, co, density = _voice_stats([(g, wt) for g, wt, _ in grooves], spb, dyn, timing,
                                           timing_std, step_ms)
        fill_voices, _, fill_density = _voice_stats([(g, wt) for g, wt, _ in fills], spb, dyn,
                                                    timing, timing_std, step_ms)
        order = sorted(grooves, key=lambda t: -t[1])
        models[str(ts)] = GenreModel(
            genre=str(genre), time_signature=ts, source=SOURCE, tempo_min=tmin, tempo_max=tmax,
            tempo_median=tmed, swing_percent=sw_pct, swing_unit=sw_unit, density=density,
            voices=voices, cooccurrence=co,
            grooves=tuple(BarPrototype(_written(g, t), wt) for g, wt, t in order),
            fills=tuple(BarPrototype(_written(g, t), wt) for g, wt, t in fills),
            fill_voices=fill_voices, fill_density=fill_density, bars_learned=0,
            description=" ".join(str(doc.get("description", "")).split()),
            programmed=feel == "programmed", idiomatic=vocabulary == "idiom")
    return models


def load_archetype(path: Path) -> dict[str, GenreModel]:
    """Read and build one archetype file."""
    import yaml  # type: ignore[import-untyped,unused-ignore]

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as e:
        raise _fail(path.name, f"not valid YAML: {e}") from None
    if not isinstance(doc, Mapping):
        raise _fail(path.name, "must be a mapping with genre, tempo, meters …")
    if path.stem != doc.get("genre"):
        raise _fail(path.name, f"file name must be the genre key: {doc.get('genre')}.yaml")
    return build_models(doc, source_file=path.name)


def archetype_files(root: Path | None = None) -> dict[str, Path]:
    """Genre key → archetype file."""
    root = root or ARCHETYPE_DIR
    return {p.stem: p for p in sorted(root.glob("*.yaml"))} if root.is_dir() else {}
