"""Synthesized drum audio with a known tempo and swing: test and benchmark material made in code
(no recordings). Kick (pitch-swept sine), snare (noise + tone), closed hi-hat (bright noise)."""

from __future__ import annotations

from typing import Any

from ..domain.units import seconds_per_beat


def synth_drums(tempo: float = 120.0, swing: float = 50.0, bars: int = 4, sr: int = 22050,
                seed: int = 0, sixteenths: bool = False) -> Any:
    """Mono float32 audio of a 4/4 groove: hats on (swung) eighths — or sixteenths, swung in
    pairs — kick on 1 and 3 (and the "and" of 3), snare on 2 and 4, with a little velocity
    variation. `swing` is the percent of a pair where the off-note falls (50 straight)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    beat = seconds_per_beat(tempo)
    n = int(sr * (bars * 4 * beat + 1.0))
    out = np.zeros(n, dtype=np.float64)

    def hit(start: float, sound: Any, gain: float) -> None:
        i = round(start * sr)
        j = min(n, i + sound.size)
        if i < n:
            out[i:j] += gain * sound[:j - i]

    t = np.arange(int(0.3 * sr)) / sr
    kick = np.sin(2 * np.pi * (50 * t + 70 * (1 - np.exp(-t * 30)) / 30)) * np.exp(-t * 12)
    snare = (rng.standard_normal(t.size) * 0.7 + np.sin(2 * np.pi * 185 * t)) * np.exp(-t * 22)
    noise = rng.standard_normal(int(0.05 * sr))
    hat = np.diff(noise, prepend=0.0) * np.exp(-np.arange(noise.size) / sr * 90) * 0.5
    s = swing / 100.0
    for b in range(bars * 4):
        t0 = b * beat
        if sixteenths:
            pair = beat / 2
            for k in range(2):
                hit(t0 + k * pair, hat, 0.5 + 0.1 * rng.random())
                hit(t0 + k * pair + s * pair, hat, 0.35 + 0.1 * rng.random())
        else:
            hit(t0, hat, 0.5 + 0.1 * rng.random())
            hit(t0 + s * beat, hat, 0.35 + 0.1 * rng.random())
        if b % 4 in (0, 2):
            hit(t0, kick, 0.9 + 0.1 * rng.random())
        if b % 4 == 2:
            hit(t0 + s * beat, kick, 0.7)
        if b % 4 in (1, 3):
            hit(t0, snare, 0.6 + 0.1 * rng.random())
    peak = float(np.max(np.abs(out))) or 1.0
    return (out / peak * 0.9).astype(np.float32)
