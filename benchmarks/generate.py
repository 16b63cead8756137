"""Generation speed and memory: in-process engine time, CLI cold start to files, peak RSS.

Targets (issue 2): in-process 4 variations x 4 bars p50 <= 5 ms; CLI cold start to files on
disk <= 1.0 s; peak RSS <= 150 MB. Run: .venv/bin/python benchmarks/generate.py
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTIST = "John Bonham"


def in_process(runs: int = 200) -> tuple[float, float]:
    from mididrumigen import services
    from mididrumigen.config import Settings
    from mididrumigen.domain import GenerationParams

    runtime = services.Runtime(Settings())
    resolved = services.resolve_profile(runtime, ARTIST)
    engine = runtime.groove_engine
    params = GenerationParams(bars=4, variations=4, seed=0)
    engine.generate(resolved.profile, params, 0)  # warm caches
    times = []
    for seed in range(runs):
        t0 = time.perf_counter()
        engine.generate(resolved.profile, params, seed)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def cli_cold(runs: int = 5) -> tuple[float, float]:
    exe = Path(sys.executable).parent / "mididrumigen"
    walls, rss = [], []
    for i in range(runs):
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            subprocess.run([str(exe), "generate", ARTIST, "--out", out, "--seed", str(i), "-q"],
                           check=True, capture_output=True)
            walls.append(time.perf_counter() - t0)
            assert len(list(Path(out).glob("*.mid"))) == 4
        rss.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return statistics.median(walls), max(rss)


def main() -> None:
    p50, p95 = in_process()
    print(f"in-process generate, 4 variations x 4 bars: p50 {p50:.2f} ms, p95 {p95:.2f} ms "
          f"(target p50 <= 5 ms)")
    wall, rss = cli_cold()
    print(f"CLI cold start to 4 .mid files on disk: median {wall * 1000:.0f} ms (target <= 1000 ms)")
    print(f"CLI peak RSS: {rss:.0f} MB (target <= 150 MB)")


if __name__ == "__main__":
    main()
