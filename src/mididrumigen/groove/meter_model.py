"""MeterModel: a GenreModel fitted to the meter the user asked for.

The knowledge layer may hand the engine a model of another meter (a 4/4 rock model for a 7/8
request). `fit` maps its per-step statistics and its real bar prototypes onto the requested
meter through meter_map.step_map, once; the engine then works in the target meter only.
Voice keys become Voice members; prototypes become one-bar line sets ready to copy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ..domain.grid import parse_grid
from ..domain.meter import TimeSignature
from ..domain.voices import Voice
from ..errors import UserInputError
from . import lines as L
from .meter_map import BACK, source_roles, step_map, target_roles
from .model import BarPrototype, GenreModel, VoiceStats

FrozenBar = tuple[tuple[Voice, str], ...]


@dataclass(frozen=True, slots=True)
class StepStats:
    """One voice's statistics per step of the target bar."""

    onset: tuple[float, ...]
    vel_mean: tuple[float, ...]
    vel_std: tuple[float, ...]
    offset_ms: tuple[float, ...]
    offset_std_ms: float
    soft_velocity: float = 0.0  # the voice's softest fifth of hits in the corpus (0: unknown)


@dataclass(frozen=True, slots=True)
class MeterModel:
    genre: str
    source_key: str
    time_signature: TimeSignature
    adapted: bool  # True when the statistics were mapped from another meter
    step_map: tuple[int, ...]
    roles: tuple[str, ...]  # per pulse group: down / mid / back
    backbeats: tuple[int, ...]  # bar steps of the backbeat group starts
    voices: Mapping[Voice, StepStats]
    fill_voices: Mapping[Voice, StepStats]
    cooccurrence: Mapping[Voice, Mapping[Voice, float]]
    grooves: tuple[tuple[FrozenBar, float], ...]
    fills: tuple[tuple[FrozenBar, float], ...]
    groove_freq: Mapping[Voice, tuple[float, ...]]  # onset frequency across the prototypes
    density: float  # notes per target bar
    velocity_mean: float  # over all hits
    velocity_std: float
    tempo_median: float
    learned: bool = True  # statistics measured on a corpus (False: a written archetype's)

    @property
    def steps_per_bar(self) -> int:
        return self.time_signature.steps_per_bar

    def onset(self, voice: Voice, step: int) -> float:
        st = self.voices.get(voice)
        return st.onset[step] if st else 0.0


def thaw(bar: FrozenBar) -> L.Lines:
    return {v: list(s) for v, s in bar}


def freeze(lines: L.Lines) -> FrozenBar:
    return tuple((v, "".join(row)) for v, row in lines.items() if any(c != L.REST for c in row))


def _voice(key: str) -> Voice | None:
    try:
        return Voice.from_key(key)
    except ValueError:
        return None


def _pick(xs: tuple[float, ...], mapping: tuple[int, ...], default: float) -> tuple[float, ...]:
    if not xs:
        return tuple(default for _ in mapping)
    n = len(xs)
    return tuple(xs[s % n] for s in mapping)


def _fit_voices(stats: Mapping[str, VoiceStats], mapping: tuple[int, ...]) -> dict[Voice, StepStats]:
    out: dict[Voice, StepStats] = {}
    for key, vs in stats.items():
        voice = _voice(key)
        if voice is None:
            continue
        out[voice] = StepStats(
            onset=_pick(vs.onset_prob, mapping, 0.0),
            vel_mean=_pick(vs.velocity_mean, mapping, 90.0),
            vel_std=_pick(vs.velocity_std, mapping, 8.0),
            offset_ms=_pick(vs.offset_ms, mapping, 0.0),
            offset_std_ms=max(0.0, vs.offset_std_ms),
            soft_velocity=vs.soft_velocity,
        )
    return out


def _fit_bars(protos: tuple[BarPrototype, ...], source: TimeSignature,
              mapping: tuple[int, ...]) -> tuple[tuple[FrozenBar, float], ...]:
    """Every bar of every prototype in the target meter; identical results merge weights."""
    merged: dict[FrozenBar, float] = {}
    spb = source.steps_per_bar
    for proto in protos:
        try:
            grid = parse_grid(proto.grid, source)
        except UserInputError:
            continue  # a malformed prototype is skipped, never fatal
        all_lines = L.from_grid(grid)
        for b in range(grid.bars):
            one = L.bar(all_lines, b, spb)
            fitted = freeze(L.remap(one, mapping))
            if fitted:
                merged[fitted] = merged.get(fitted, 0.0) + max(proto.weight, 0.0) / grid.bars
    return tuple((bar, w) for bar, w in merged.items() if w > 0)


def _frequencies(bars: tuple[tuple[FrozenBar, float], ...],
                 spb: int) -> dict[Voice, tuple[float, ...]]:
    total = sum(w for _, w in bars)
    acc: dict[Voice, list[float]] = {}
    for bar, w in bars:
        for v, row in bar:
            counts = acc.setdefault(v, [0.0] * spb)
            for s, c in enumerate(row):
                if c != L.REST:
                    counts[s] += w
    return {v: tuple(c / total for c in counts) for v, counts in acc.items()} if total else {}


def _velocity_summary(voices: Mapping[Voice, StepStats]) -> tuple[float, float]:
    total = mean = sq = 0.0
    for st in voices.values():
        for p, m, s in zip(st.onset, st.vel_mean, st.vel_std, strict=True):
            total += p
            mean += p * m
            sq += p * (m * m + s * s)
    if total <= 0:
        return 90.0, 14.0
    mu = mean / total
    return mu, math.sqrt(max(sq / total - mu * mu, 1.0))


def fit(model: GenreModel, ts: TimeSignature) -> MeterModel:
    """The model's statistics and prototypes laid over `ts`."""
    src = model.time_signature
    snare = model.voices.get("snare")
    snare_onset = snare.onset_prob if snare else ()
    mapping = step_map(src, ts, snare_onset)
    adapted = src != ts
    roles = (target_roles(len(ts.beat_groups)) if adapted
             else source_roles(ts, snare_onset))
    starts = ts.beat_starts()
    backbeats = tuple(s for s, r in zip(starts, roles, strict=True) if r == BACK)
    voices = _fit_voices(model.voices, mapping)
    cooc = {}
    for a, row in model.cooccurrence.items():
        va = _voice(a)
        if va is None:
            continue
        cooc[va] = {vb: float(p) for b, p in row.items() if (vb := _voice(b)) is not None}
    vmean, vstd = _velocity_summary(voices)
    density = model.density * ts.steps_per_bar / max(src.steps_per_bar, 1)
    grooves = _fit_bars(model.grooves, src, mapping)
    return MeterModel(
        genre=model.genre, source_key=model.key, time_signature=ts, adapted=adapted,
        step_map=mapping, roles=roles, backbeats=backbeats, voices=voices,
        fill_voices=_fit_voices(model.fill_voices, mapping), cooccurrence=cooc,
        grooves=grooves, fills=_fit_bars(model.fills, src, mapping),
        groove_freq=_frequencies(grooves, ts.steps_per_bar),
        density=density, velocity_mean=vmean, velocity_std=vstd, tempo_median=model.tempo_median,
        learned=model.bars_learned > 0)
