"""Drum feel from audio (librosa): tempo, beats, onsets, swing, syncopation, density, dynamics.

Onsets come from librosa's onset-strength envelope (hop 256 at 22.05 kHz, refined to sub-frame
time by parabolic interpolation). Tempo and the beat grid are a least-squares line through the
tracked beats. Onset times then become sixteenth-step positions on that grid, and swing is
measured by knowledge.corpus_swing — the same onset-to-onset code that measures swing in MIDI
corpora (each off-note's place between its two neighbours, so a constant detection latency
cancels out).

syncopation: onset strength off the beat, weighted by how weak the position is (eighth
off-beats 0.5, sixteenths 0.75), as a share of all onset strength, times 1.2, at most 1.
density: onsets per 4/4 bar. dynamics: the coefficient of variation of onset strengths.
ghost share: onsets under a third of the 90th-percentile strength.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

SR = 22050
HOP = 256


@dataclass(frozen=True, slots=True)
class AudioFeatures:
    duration_s: float
    tempo: float
    beats: int
    onsets: int
    swing_percent: float
    swing_unit: int
    swing_samples: int
    syncopation: float
    onsets_per_bar: float
    dynamics_cv: float
    ghost_share: float
    beat_regularity: float  # 1: beats on a perfect line; lower: drifting or unsure
    analysis_s: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _refine(env: Any, frames: Any) -> Any:
    """Sub-frame peak positions by fitting a parabola through each peak and its neighbours."""
    import numpy as np

    f = np.asarray(frames, dtype=int)
    ok = (f > 0) & (f < env.size - 1)
    out = f.astype(float)
    a, b, c = env[f[ok] - 1], env[f[ok]], env[f[ok] + 1]
    denom = a - 2 * b + c
    shift = np.where(np.abs(denom) > 1e-12, 0.5 * (a - c) / np.where(denom == 0, 1, denom), 0.0)
    out[ok] += np.clip(shift, -0.5, 0.5)
    return out


def _grid(beat_times: Any) -> tuple[float, float, float]:
    """(period s, phase s, regularity 0..1) of a line through the beat times."""
    import numpy as np

    bt = np.asarray(beat_times, dtype=float)
    period0 = float(np.median(np.diff(bt)))
    k = np.round((bt - bt[0]) / period0)
    slope, intercept = np.polyfit(k, bt, 1)
    resid = bt - (slope * k + intercept)
    regularity = float(max(0.0, 1.0 - np.std(resid) / (0.25 * slope)))
    return float(slope), float(intercept), regularity


def analyze_audio(y: Any, sr: int = SR) -> AudioFeatures:
    """Analyse mono audio `y` at sample rate `sr` (resampled to 22.05 kHz when different)."""
    import warnings

    import numpy as np

    from ..domain.meter import TimeSignature
    from ..domain.units import bpm_from_seconds_per_beat
    from ..knowledge.corpus_swing import fit_swing, straight_position

    start = time.perf_counter()
    y = np.asarray(y, dtype=np.float32)
    with warnings.catch_warnings():
        # librosa/numba may warn about deprecated numba features on import or first JIT;
        # narrowly ignore those here rather than globally (pytest runs with warnings as errors).
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"numba|librosa")
        warnings.filterwarnings("ignore", category=FutureWarning, module="librosa")
        import librosa

        if sr != SR:
            y = librosa.resample(y, orig_sr=sr, target_sr=SR, res_type="soxr_hq")
        env = librosa.onset.onset_strength(y=y, sr=SR, hop_length=HOP)
        _, beat_frames = librosa.beat.beat_track(onset_envelope=env, sr=SR, hop_length=HOP)
        peaks = librosa.onset.onset_detect(onset_envelope=env, sr=SR, hop_length=HOP,
                                           backtrack=False)
    duration = y.size / SR
    frame_s = HOP / SR
    onset_t = _refine(env, peaks) * frame_s
    strength = env[np.asarray(peaks, dtype=int)] if len(peaks) else np.empty(0)
    beat_t = _refine(env, beat_frames) * frame_s
    if len(beat_t) < 4 or len(onset_t) < 4:
        return AudioFeatures(duration, 0.0, len(beat_t), len(onset_t), 50.0, 16, 0, 0.0, 0.0,
                             0.0, 0.0, 0.0, time.perf_counter() - start)
    period, phase, regularity = _grid(beat_t)
    tempo = bpm_from_seconds_per_beat(period)
    steps = (onset_t - phase) / (period / 4.0)
    steps = steps - 4.0 * np.floor(steps.min() / 4.0) if steps.min() < 0 else steps
    ts = TimeSignature(4, 4)
    swing = fit_swing(steps.tolist(), ts, tempo)
    straight = np.array([straight_position(float(s) % 16.0, swing) for s in steps])
    nearest = np.round(straight).astype(int) % 4
    weakness = np.choose(nearest, [0.0, 0.75, 0.5, 0.75])
    total = float(strength.sum()) or 1.0
    syncopation = float(min(1.0, 1.2 * float((strength * weakness).sum()) / total))
    bars = max(1e-9, (onset_t[-1] - onset_t[0]) / (4 * period))
    ref = float(np.percentile(strength, 90)) or 1.0
    return AudioFeatures(
        duration_s=round(duration, 3), tempo=round(tempo, 2), beats=len(beat_t),
        onsets=len(onset_t), swing_percent=swing.percent, swing_unit=swing.unit,
        swing_samples=swing.samples, syncopation=round(syncopation, 3),
        onsets_per_bar=round(len(onset_t) / bars, 2),
        dynamics_cv=round(float(np.std(strength) / (np.mean(strength) or 1.0)), 3),
        ghost_share=round(float(np.mean(strength < ref / 3.0)), 3),
        beat_regularity=round(regularity, 3), analysis_s=time.perf_counter() - start)


def load_audio(path: str, max_s: float = 600.0) -> tuple[Any, int]:
    """Mono float32 samples and the sample rate of an audio file (soundfile), first max_s s."""
    import numpy as np
    import soundfile as sf

    with sf.SoundFile(path) as f:
        frames = min(f.frames if f.frames > 0 else int(max_s * f.samplerate),
                     int(max_s * f.samplerate))
        data = f.read(frames, dtype="float32", always_2d=True)
        return np.mean(data, axis=1), int(f.samplerate)


def feature_params(f: AudioFeatures) -> dict[str, Any]:
    """AudioFeatures → StyleParams targets."""
    out: dict[str, Any] = {}
    if f.tempo:
        out["tempo_avg"] = f.tempo
        out["swing_percent"] = f.swing_percent
        out["swing_unit"] = f.swing_unit
        out["syncopation"] = f.syncopation
        out["complexity"] = round(min(1.0, max(0.0, (f.onsets_per_bar - 4.0) / 20.0)), 3)
        out["velocity_std"] = round(min(40.0, max(4.0, f.dynamics_cv * 30.0)), 2)
        out["ghost_note_prob"] = round(min(0.8, f.ghost_share), 3)
    return out


def warm_up() -> float:
    """Pay audio analysis's start-up (librosa's import and its numba compilation: seconds in a
    fresh process, once per process) on two seconds of synthetic clicks, before files are
    analysed side by side; the seconds it took (0.0 when librosa is not installed). Later
    calls cost one short analysis."""
    from importlib.util import find_spec

    import numpy as np

    if find_spec("librosa") is None:
        return 0.0
    start = time.perf_counter()
    y = np.zeros(2 * SR, dtype=np.float32)
    click = np.hanning(64).astype(np.float32)
    for at in range(0, y.size - click.size, SR // 4):  # 120 BPM eighth notes
        y[at:at + click.size] = click
    analyze_audio(y, SR)
    return time.perf_counter() - start
