"""GrooveEngine speed, in process: 4 variations x 4 bars (target p50 <= 5 ms).

Cases: a genre-default profile on the shipped models (corpus-learned where present, else the
archetypes), the same in 7/8 (meter adaptation), and an artist with a signature groove, ghost
notes and swing. Run: .venv/bin/python benchmarks/engine.py [runs]
"""

from __future__ import annotations

import statistics
import sys
import time

from mididrumigen.domain import (
    GenerationParams,
    SignatureGroove,
    StyleParams,
    StyleProfile,
    TimeSignature,
)
from mididrumigen.groove.engine import GrooveEngine


def _engine() -> tuple[GrooveEngine, str]:
    try:
        from mididrumigen.knowledge.genres import GenreLibrary

        lib = GenreLibrary.load()
        return GrooveEngine(lib.model), "knowledge GenreLibrary"
    except Exception as e:  # the library may not be built yet in a fresh checkout
        from mididrumigen.groove.builder import model_from_grids

        model = model_from_grids("rock", [
            "HH|x.x.x.x.x.x.x.x.|\nSD|....X.......X...|\nBD|X.......X.x.....|",
            "HH|x.x.x.x.x.x.x.o.|\nSD|....X..g....X...|\nBD|X.......X.......|"])
        return GrooveEngine(lambda g, ts: model), f"grid-built model ({e.__class__.__name__})"


def run(engine: GrooveEngine, profile: StyleProfile, params: GenerationParams,
        runs: int) -> tuple[float, float]:
    engine.generate(profile, params, 0)  # warm the fitted-model cache
    times = []
    for seed in range(runs):
        t0 = time.perf_counter()
        engine.generate(profile, params, seed)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    engine, source = _engine()
    plain = StyleProfile("Genre Default", genres=("rock",))
    artist = StyleProfile("Ghosty Swinger", genres=("funk",), params=StyleParams(
        swing_percent=58, ghost_note_prob=0.4, syncopation=0.6, hat_openness=0.3,
        microtiming_ms={"snare": 12.0}), signature_grooves=(SignatureGroove(
            "groove", "HH|xxxxxxxxxxxxxxxx|\nSD|....X..g.g..X..g|\nBD|X.x.......x..x..|"),))
    cases = [
        ("rock 4/4, genre default", plain, GenerationParams(bars=4, variations=4)),
        ("rock 7/8, genre default", plain,
         GenerationParams(bars=4, variations=4, time_signature=TimeSignature(7, 8))),
        ("funk 4/4, signature + style", artist, GenerationParams(bars=4, variations=4)),
    ]
    print(f"GrooveEngine, 4 variations x 4 bars, {runs} runs each; models: {source}")
    for name, profile, params in cases:
        p50, p95 = run(engine, profile, params, runs)
        print(f"  {name:32s} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   (target p50 <= 5 ms)")


if __name__ == "__main__":
    main()
