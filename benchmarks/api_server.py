"""The app benchmarks/api.py and memory.py serve: mididrumigen.api.app:app_from_env, with the
CPU time of every generation (the engine's call, HybridCoordinator.generate, on its own thread)
added up in a 16-byte file per server process (`<MIDIDRUMIGEN_BENCH_STATS>/<pid>`: count and
nanoseconds). The benchmark divides the server's CPU by the generations' CPU measured over the
same requests, at the same time, on the same cores: a ratio that a busy machine barely moves."""

from __future__ import annotations

import os
import struct
import threading
import time
from functools import wraps
from pathlib import Path
from typing import Any

STATS_ENV = "MIDIDRUMIGEN_BENCH_STATS"
_FORMAT = "<qq"


def app_from_env() -> Any:
    from mididrumigen.api.app import app_from_env as make
    from mididrumigen.hybrid import HybridCoordinator

    folder = os.environ.get(STATS_ENV)
    if folder and not getattr(HybridCoordinator.generate, "counted", False):
        fd = os.open(Path(folder) / str(os.getpid()), os.O_RDWR | os.O_CREAT, 0o644)
        os.pwrite(fd, struct.pack(_FORMAT, 0, 0), 0)
        totals = [0, 0]
        lock = threading.Lock()
        generate = HybridCoordinator.generate

        @wraps(generate)
        def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
            start = time.thread_time_ns()
            try:
                return generate(self, *args, **kwargs)
            finally:
                spent = time.thread_time_ns() - start
                with lock:
                    totals[0] += 1
                    totals[1] += spent
                    os.pwrite(fd, struct.pack(_FORMAT, *totals), 0)

        counted.counted = True  # type: ignore[attr-defined]
        HybridCoordinator.generate = counted  # type: ignore[method-assign]
    return make()


def generation_totals(folder: Path) -> tuple[int, float]:
    """(generations, CPU seconds) over every server process so far."""
    count = seconds = 0.0
    for path in folder.iterdir():
        n, ns = struct.unpack(_FORMAT, path.read_bytes()[:16])
        count, seconds = count + n, seconds + ns / 1e9
    return int(count), seconds
