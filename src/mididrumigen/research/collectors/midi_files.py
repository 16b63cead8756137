"""MIDI files: a local file or folder of drum MIDI → swing, micro-timing, velocities, density
and the most common bars as signature grooves (grid text).

Each file is read safely (midi.reader.read_drum_file), quantized with the corpus code
(knowledge.corpus_stats.perform) and measured per file; one more evidence holds what the
files share: pooled swing and the most common bars (knowledge.corpus_prototypes).
"""

from __future__ import annotations

import asyncio
import statistics
from pathlib import Path
from typing import Any

from ...errors import ResearchError
from ..evidence import Evidence, ResearchQuery
from ..http import Http
from ..registry import Collector

MIDI_EXTENSIONS = (".mid", ".midi", ".smf", ".kar")
LICENSE = "the user's own MIDI files (analysed locally)"
GHOST_VELOCITY = 45
MAX_GROOVES = 4


def midi_files(source: Path | None, limit: int) -> list[Path]:
    if source is None:
        return []
    source = Path(source)
    if source.is_file():
        return [source] if source.suffix.lower() in MIDI_EXTENSIONS else []
    if not source.is_dir():
        return []
    return sorted(p for p in source.rglob("*")
                  if p.suffix.lower() in MIDI_EXTENSIONS and p.is_file())[:limit]


def performance_params(perf: Any) -> dict[str, Any]:
    """StyleParams targets from one quantized performance."""
    hits = [h for bar in perf.bars for h in bar.hits]
    if not hits:
        return {}
    by_voice: dict[str, list[float]] = {}
    for h in hits:
        by_voice.setdefault(h.voice.key, []).append(h.offset_ms)
    # relative to the mean of all hits: a file's absolute alignment to its clock (recording
    # latency) says nothing about feel; how each voice leans against the others does
    overall = statistics.fmean(h.offset_ms for h in hits)
    micro = {k: round(max(-60.0, min(60.0, statistics.fmean(v) - overall)), 2)
             for k, v in by_voice.items() if len(v) >= 4}
    snares = [h for h in hits if h.voice.key == "snare"]
    velocities = [h.velocity for h in hits]
    offsets = [h.offset_ms - overall - micro.get(h.voice.key, 0.0) for h in hits]
    off_grid = sum(1 for h in hits if h.step % 4 != 0) / len(hits)
    per_bar = len(hits) / len(perf.bars)
    out: dict[str, Any] = {
        "tempo_avg": perf.tempo,
        "swing_percent": min(75.0, max(50.0, perf.swing.percent)),
        "swing_unit": perf.swing.unit,
        "velocity_mean": round(statistics.fmean(velocities), 2),
        "velocity_std": round(min(60.0, statistics.pstdev(velocities)), 2),
        "timing_jitter_ms": round(min(60.0, statistics.pstdev(offsets)), 2) if len(hits) > 1
        else 8.0,
        "syncopation": round(min(1.0, off_grid * 1.2), 3),
        "complexity": round(min(1.0, max(0.0, (per_bar - 6.0) / 20.0)), 3),
        "microtiming_ms": micro,
    }
    if snares:
        out["ghost_note_prob"] = round(sum(1 for h in snares if h.velocity < GHOST_VELOCITY)
                                       / len(snares), 3)
    if any(h.voice.key == "ride" for h in hits):
        rides = sum(1 for h in hits if h.voice.key == "ride")
        hats = sum(1 for h in hits if h.voice.key in ("closed_hat", "open_hat"))
        out["ride_led"] = rides > hats
    return out


def analyse(files: list[Path]) -> tuple[list[Evidence], list[str]]:
    from ...knowledge.corpus_prototypes import prototypes
    from ...knowledge.corpus_stats import perform
    from ...knowledge.corpus_swing import pool_swing
    from ...midi.reader import read_drum_file

    out: list[Evidence] = []
    errors: list[str] = []
    perfs = []
    for path in files:
        try:
            result = read_drum_file(path)
            perf = perform(result.pattern, name=path.name)
        except Exception as e:  # a broken file is reported, the others still count
            errors.append(f"{path.name}: {e}")
            continue
        if not perf.bars:
            errors.append(f"{path.name}: no usable drum bars")
            continue
        perfs.append(perf)
        params = performance_params(perf)
        confidence = round(min(0.85, 0.4 + 0.03 * len(perf.bars)), 3)
        out.append(Evidence("midi_files", str(path), {
            "params": params, "tempos": [perf.tempo], "bars": len(perf.bars),
            "time_signature": str(perf.time_signature)}, confidence, LICENSE, title=path.name))
    common = [p for p in perfs if p.time_signature == perfs[0].time_signature] if perfs else []
    if common:
        bars = [b for p in common for b in p.bars]
        sources = [i for i, p in enumerate(common) for _ in p.bars]
        protos = prototypes(bars, sources=sources, limit=MAX_GROOVES)
        swing = pool_swing([p.swing for p in common], statistics.median(p.tempo for p in common))
        grooves = [{"name": f"Common bar {i}", "grid": proto.grid,
                    "time_signature": str(common[0].time_signature),
                    "tempo": round(statistics.median(p.tempo for p in common), 2)}
                   for i, proto in enumerate(protos, 1)]
        folder = str(files[0].parent) if len(files) > 1 else str(files[0])
        out.append(Evidence("midi_files", folder, {
            "signature_grooves": grooves,
            "params": {"swing_percent": min(75.0, max(50.0, swing.percent)),
                       "swing_unit": swing.unit},
            "files": len(common), "bars": len(bars)},
            round(min(0.9, 0.5 + 0.02 * len(bars)), 3), LICENSE,
            title=f"{len(common)} MIDI file(s), {len(bars)} bars"))
    return out, errors


class MidiFilesCollector(Collector):
    name = "midi_files"
    online = False
    weight = 1.5

    def applies(self, query: ResearchQuery) -> bool:
        return query.source_dir is not None

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        files = midi_files(query.source_dir, http.settings.max_files)
        if not files:
            return []
        out, errors = await asyncio.to_thread(analyse, files)
        if errors and not out:
            raise ResearchError("midi: " + "; ".join(errors)[:600])
        return out
