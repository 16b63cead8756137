"""Genre statistics from quantized performances: the numbers inside a GenreModel.

Pure functions over `Performance` values (see corpus_bars). Per voice and step: onset
probability (hits / bars), velocity mean and std, micro-timing mean in ms and as a fraction
of a step (positive = late) with its spread; co-occurrence P(b | a) at the same step; swing
pooled over the performances; density (hits per bar); tempo min / median / max over the
performances; the same onset and velocity statistics for fill bars; the most common bars.

Steps where a voice never plays get the voice's overall velocity and timing, so a sampler
may use every entry. A voice is kept when it plays at least once per VOICE_MIN_RATE bars.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from ..domain.meter import TimeSignature
from ..domain.pattern import Pattern
from ..groove.model import GenreModel, VoiceStats
from .corpus_bars import Bar, Hit, quantize
from .corpus_prototypes import prototypes
from .corpus_swing import SwingFit, pool_swing

VOICE_MIN_RATE = 0.02  # hits per bar below which a voice is left out of a model
DEFAULT_OFFSET_STD_MS = 10.0


@dataclass(frozen=True, slots=True)
class Performance:
    """One file, quantized: its usable bars, swing and tempo. `bars` holds usable bars only."""

    name: str
    time_signature: TimeSignature
    tempo: float
    is_fill: bool
    swing: SwingFit
    bars: tuple[Bar, ...]
    bars_skipped: int = 0


def perform(pattern: Pattern, *, name: str = "", is_fill: bool = False) -> Performance:
    """Quantize a pattern and keep its usable bars (no count-ins, pickups or endings)."""
    swing, bars = quantize(pattern, is_fill=is_fill)
    usable = tuple(b for b in bars if b.usable)
    return Performance(name or pattern.name, pattern.time_signature, pattern.tempo, is_fill,
                       swing, usable, len(bars) - len(usable))


def _mean_std(xs: Sequence[float]) -> tuple[float, float]:
    if not xs:
        return 0.0, 0.0
    m = math.fsum(xs) / len(xs)
    if len(xs) < 2:
        return m, 0.0
    return m, math.sqrt(math.fsum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def voice_stats(bars: Sequence[Bar], steps_per_bar: int) -> dict[str, VoiceStats]:
    """Per-voice per-step statistics of `bars` (keys sorted); {} for no bars."""
    n = len(bars)
    if n == 0:
        return {}
    by_voice: dict[str, list[Hit]] = {}
    for bar in bars:
        for h in bar.hits:
            by_voice.setdefault(h.voice.key, []).append(h)
    out: dict[str, VoiceStats] = {}
    for key in sorted(by_voice):
        hits = by_voice[key]
        if len(hits) < max(2.0, VOICE_MIN_RATE * n):
            continue
        v_mean, v_std = _mean_std([h.velocity for h in hits])
        o_mean, _ = _mean_std([h.offset_ms for h in hits])
        f_mean, _ = _mean_std([h.offset_steps for h in hits])
        per_step: list[list[Hit]] = [[] for _ in range(steps_per_bar)]
        for h in hits:
            per_step[h.step].append(h)
        prob, vm, vs, om, of = [], [], [], [], []
        residuals: list[float] = []
        for cell in per_step:
            prob.append(len(cell) / n)
            if not cell:
                vm.append(v_mean)
                vs.append(v_std)
                om.append(o_mean)
                of.append(f_mean)
                continue
            m, s = _mean_std([h.velocity for h in cell])
            vm.append(m)
            vs.append(s if len(cell) >= 2 else v_std)
            cm, _ = _mean_std([h.offset_ms for h in cell])
            om.append(cm)
            of.append(_mean_std([h.offset_steps for h in cell])[0])
            residuals.extend(h.offset_ms - cm for h in cell)
        spread = (math.sqrt(math.fsum(r * r for r in residuals) / (len(residuals) - 1))
                  if len(residuals) >= 2 else DEFAULT_OFFSET_STD_MS)
        softest = sorted(h.velocity for h in hits)[:max(1, len(hits) // 5)]
        out[key] = VoiceStats(tuple(prob), tuple(vm), tuple(vs), tuple(om), tuple(of), spread,
                              sum(softest) / len(softest))
    return out


def cooccurrence(bars: Sequence[Bar], voices: Sequence[str]) -> dict[str, dict[str, float]]:
    """P(voice b plays | voice a plays) at the same step, for the given voices (sorted)."""
    wanted = set(voices)
    count: dict[str, int] = {}
    both: dict[tuple[str, str], int] = {}
    for bar in bars:
        at: dict[int, list[str]] = {}
        for h in bar.hits:
            if h.voice.key in wanted:
                at.setdefault(h.step, []).append(h.voice.key)
        for keys in at.values():
            for a in keys:
                count[a] = count.get(a, 0) + 1
                for b in keys:
                    if b != a:
                        both[a, b] = both.get((a, b), 0) + 1
    out: dict[str, dict[str, float]] = {}
    for a in sorted(count):
        row = {b: both[a, b] / count[a] for b in sorted(wanted) if (a, b) in both}
        if row:
            out[a] = row
    return out


def density(bars: Sequence[Bar]) -> float:
    """Mean hits per bar (a flam or drag in one step is one hit)."""
    return sum(len(b.hits) for b in bars) / len(bars) if bars else 0.0


MAX_BARS_PER_FILE = 48


def _capped(bars: tuple[Bar, ...]) -> tuple[Bar, ...]:
    """At most MAX_BARS_PER_FILE bars, evenly spaced, so one long improvisation cannot outweigh
    dozens of shorter performances of the genre."""
    if len(bars) <= MAX_BARS_PER_FILE:
        return bars
    step = len(bars) / MAX_BARS_PER_FILE
    return tuple(bars[int(i * step)] for i in range(MAX_BARS_PER_FILE))


def learn_model(genre: str, performances: Sequence[Performance], *, source: str,
                description: str = "") -> GenreModel | None:
    """A GenreModel from performances of one meter; None when none has a usable groove bar.

    `source` names the material ("Groove MIDI Dataset (Gillick et al. 2019, CC BY 4.0)");
    the bar and file counts are appended to it.
    """
    grooves = [p for p in performances if not p.is_fill and p.bars]
    fills = [p for p in performances if p.is_fill and p.bars]
    if not grooves:
        return None
    ts = grooves[0].time_signature
    if any(p.time_signature != ts for p in performances):
        raise ValueError("learn_model needs performances of one meter; group them first")
    spb = ts.steps_per_bar
    groove_src = [(i, b) for i, p in enumerate(grooves) for b in _capped(p.bars)]
    groove_bars = [b for _, b in groove_src]
    fill_bars = [b for p in fills for b in _capped(p.bars)]
    tempos = [p.tempo for p in grooves]
    median_tempo = statistics.median(tempos)
    swing = pool_swing([p.swing for p in grooves], median_tempo)
    voices = voice_stats(groove_bars, spb)
    fill_voices = voice_stats(fill_bars, spb)
    files = len(grooves) + len(fills)
    bars_total = len(groove_bars) + len(fill_bars)
    return GenreModel(
        genre=genre,
        time_signature=ts,
        source=f"{source}: {bars_total} bars from {files} files",
        tempo_min=min(tempos),
        tempo_max=max(tempos),
        tempo_median=float(median_tempo),
        swing_percent=swing.percent,
        swing_unit=swing.unit,
        density=density(groove_bars),
        voices=voices,
        cooccurrence=cooccurrence(groove_bars, list(voices)),
        grooves=prototypes(groove_bars, typical=voices, sources=[i for i, _ in groove_src]),
        fills=prototypes(fill_bars, fills=True, typical=fill_voices),
        fill_voices=fill_voices,
        fill_density=density(fill_bars),
        bars_learned=bars_total,
        description=description,
    )
