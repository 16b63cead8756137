"""Generation speed and memory: in-process engine time, CLI cold start to files, peak RSS.

Targets: in-process 4 variations x 4 bars p50 <= 5 ms (issue 2); CLI cold start to files on
disk with history on <= 400 ms median (the scale issue; wall time moves with the machine's
load, so the child's CPU time and the load average are printed too); peak RSS <= 150 MB.
Run: .venv/bin/python benchmarks/generate.py (measures the checkout it is run from).
"""

from __future__ import annotations

import os
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


def cli_cold(runs: int = 7) -> tuple[float, float, float, tuple[float, float]]:
    """`mididrumigen generate ARTIST -q` as a new process, history on, in a private data and
    cache dir (the first run, not counted, fills the knowledge-base cache as a user's first
    generate does): median wall and CPU (the child's user + sys, less sensitive to other
    load), peak RSS, and the 1-minute load average before and after."""
    import mididrumigen

    src = str(Path(mididrumigen.__file__).resolve().parents[1])  # this checkout's package
    walls, cpus = [], []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PYTHONPATH": src, "MIDIDRUMIGEN_DATA_DIR": f"{home}/data",
               "MIDIDRUMIGEN_CACHE_DIR": f"{home}/cache"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's install keeps compiled modules:
        # the uncounted first run writes them, as a user's first run after install does
        env.pop("MIDIDRUMIGEN_DATABASE_URL", None)
        env.pop("DATABASE_URL", None)
        for i in range(runs + 1):
            with tempfile.TemporaryDirectory() as out:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.perf_counter()
                subprocess.run([sys.executable, "-c", "from mididrumigen.cli import main; main()",
                                "generate", ARTIST, "--out", out, "--seed", str(i), "-q"],
                               check=True, capture_output=True, env=env)
                wall = time.perf_counter() - t0
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                assert len(list(Path(out).glob("*.mid"))) == 4
            if i:
                walls.append(wall)
                cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return (statistics.median(walls), statistics.median(cpus), rss,
            (load_before, os.getloadavg()[0]))


def main() -> None:
    p50, p95 = in_process()
    print(f"in-process generate, 4 variations x 4 bars: p50 {p50:.2f} ms, p95 {p95:.2f} ms "
          f"(target p50 <= 5 ms)")
    wall, cpu, rss, (load0, load1) = cli_cold()
    print(f"CLI cold start to 4 .mid files on disk (history on): median {wall * 1000:.0f} ms "
          f"wall (target <= 400 ms), {cpu * 1000:.0f} ms CPU; load average {load0:.2f} -> "
          f"{load1:.2f} on {os.cpu_count()} CPUs")
    print(f"CLI peak RSS: {rss:.0f} MB (target <= 150 MB)")


if __name__ == "__main__":
    main()
