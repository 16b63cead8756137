"""Build a GenreModel from a few grid bars: for hand-written archetypes and for tests.

The statistics are those of the given bars: onset probability per voice and step (weighted by
each bar's weight), velocity from the grid characters, co-occurrence per step, density. Timing
is not in grid text, so offsets come from the caller (ms per voice, the same at every step,
or a per-step tuple).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ..domain.grid import VELOCITY, parse_grid
from ..domain.meter import TimeSignature
from ..domain.voices import Voice
from . import lines as L
from .model import BarPrototype, GenreModel, VoiceStats

Offset = float | Sequence[float]


def _bars(grids: Sequence[str | tuple[str, float]],
          ts: TimeSignature) -> list[tuple[L.Lines, float, str]]:
    out = []
    for g in grids:
        text, weight = (g, 1.0) if isinstance(g, str) else g
        grid = parse_grid(text, ts)
        all_lines = L.from_grid(grid)
        for b in range(grid.bars):
            out.append((L.bar(all_lines, b, ts.steps_per_bar), weight / grid.bars, text))
    return out


def _stats(bars: list[tuple[L.Lines, float, str]], spb: int,
           offsets: Mapping[str, Offset], spreads: Mapping[str, float],
           default_spread: float) -> dict[str, VoiceStats]:
    total = sum(w for _, w, _ in bars) or 1.0
    voices = sorted({v for b, _, _ in bars for v in b}, key=lambda v: v.pitch)
    out = {}
    for v in voices:
        onset = [0.0] * spb
        vsum = [0.0] * spb
        vsq = [0.0] * spb
        for b, w, _ in bars:
            row = b.get(v)
            if not row:
                continue
            for s, ch in enumerate(row):
                if ch != L.REST:
                    vel = VELOCITY.get(ch, 92)
                    onset[s] += w
                    vsum[s] += w * vel
                    vsq[s] += w * vel * vel
        mean = [vsum[s] / onset[s] if onset[s] else 0.0 for s in range(spb)]
        std = [math.sqrt(max(vsq[s] / onset[s] - mean[s] ** 2, 0.0)) if onset[s] else 0.0
               for s in range(spb)]
        off = offsets.get(v.key, 0.0)
        off_ms = tuple(float(x) for x in off) if isinstance(off, Sequence) else (float(off),) * spb
        out[v.key] = VoiceStats(
            onset_prob=tuple(o / total for o in onset), velocity_mean=tuple(mean),
            velocity_std=tuple(std), offset_ms=off_ms, offset_frac=(0.0,) * spb,
            offset_std_ms=float(spreads.get(v.key, default_spread)))
    return out


def _cooccurrence(bars: list[tuple[L.Lines, float, str]], spb: int) -> dict[str, dict[str, float]]:
    hits: dict[Voice, float] = {}
    pairs: dict[tuple[Voice, Voice], float] = {}
    for b, w, _ in bars:
        for s in range(spb):
            at = [v for v, row in b.items() if row[s] != L.REST]
            for a in at:
                hits[a] = hits.get(a, 0.0) + w
                for c in at:
                    if c is not a:
                        pairs[(a, c)] = pairs.get((a, c), 0.0) + w
    return {a.key: {c.key: pairs.get((a, c), 0.0) / n for c in hits if c is not a}
            for a, n in hits.items()}


def model_from_grids(genre: str, grooves: Sequence[str | tuple[str, float]], *,
                     time_signature: TimeSignature | None = None,
                     fills: Sequence[str | tuple[str, float]] = (),
                     offsets_ms: Mapping[str, Offset] | None = None,
                     offset_std_ms: Mapping[str, float] | None = None,
                     default_spread_ms: float = 10.0, tempo: tuple[float, float, float] = (
                         80.0, 140.0, 110.0),
                     swing_percent: float = 50.0, swing_unit: int = 16,
                     keep_prototypes: bool = True) -> GenreModel:
    """A GenreModel whose statistics are those of `grooves` (grid text, optionally weighted)."""
    ts = time_signature or TimeSignature()
    spb = ts.steps_per_bar
    gbars = _bars(grooves, ts)
    fbars = _bars(fills, ts)
    offsets = offsets_ms or {}
    spreads = offset_std_ms or {}
    total = sum(w for _, w, _ in gbars) or 1.0
    density = sum(w * L.count(b) for b, w, _ in gbars) / total
    fill_total = sum(w for _, w, _ in fbars) or 1.0
    protos = tuple(BarPrototype(g if isinstance(g, str) else g[0],
                                1.0 if isinstance(g, str) else g[1]) for g in grooves)
    fill_protos = tuple(BarPrototype(g if isinstance(g, str) else g[0],
                                     1.0 if isinstance(g, str) else g[1]) for g in fills)
    lo, hi, med = tempo
    return GenreModel(
        genre=genre, time_signature=ts, source="built from grid bars", tempo_min=lo,
        tempo_max=hi, tempo_median=med, swing_percent=swing_percent, swing_unit=swing_unit,
        density=density, voices=_stats(gbars, spb, offsets, spreads, default_spread_ms),
        cooccurrence=_cooccurrence(gbars, spb),
        grooves=protos if keep_prototypes else (), fills=fill_protos,
        fill_voices=_stats(fbars, spb, offsets, spreads, default_spread_ms),
        fill_density=sum(w * L.count(b) for b, w, _ in fbars) / fill_total,
        bars_learned=len(gbars), description=f"{genre} from {len(gbars)} grid bars")
