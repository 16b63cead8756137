"""Research benchmark: prints figures, asserts nothing.

1. Concurrency: every online collector against a loopback fixture server that answers with
   realistic latencies (and the real rate limits: MusicBrainz 1 request/s, arXiv 1 per 3 s).
   Each collector is timed alone, then all together: the total should be close to the slowest
   collector, far below the sum.
2. Audio analysis speed vs real time on synthesized drum audio (warm, after one JIT call).
3. MIDI analysis speed over Groove MIDI Dataset files.

    .venv/bin/python benchmarks/research.py [--audio-seconds 30] [--midi-files 40]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

LATENCY_S = {"/ws/2/": 0.30, "/api/rest_v1/": 0.25, "/w/api.php": 0.25, "/wd/": 0.20,
             "/graph/v1/": 0.60, "/arxiv/": 0.80, "/crossref/": 0.50, "/articles/": 0.30,
             "/robots.txt": 0.05}


def _serve():
    from pytest_httpserver import HTTPServer
    from werkzeug.wrappers import Request

    from test_research_support import serve_khruangbin

    server = HTTPServer(threaded=True)
    server.start()
    serve_khruangbin(server)
    original = server.dispatch

    def slow_dispatch(request: Request):
        for prefix, delay in LATENCY_S.items():
            if request.path.startswith(prefix):
                time.sleep(delay)
                break
        return original(request)

    server.dispatch = slow_dispatch  # type: ignore[method-assign]
    return server


async def _timed(server, collectors, query) -> tuple[float, int, int]:
    import httpx

    from mididrumigen.research.orchestrator import Orchestrator
    from test_research_support import settings_for

    async with httpx.AsyncClient() as client:
        orch = Orchestrator(collectors, settings=settings_for(server), client=client,
                            use_cache=False)
        start = time.perf_counter()
        result = await orch.research(query)
        return time.perf_counter() - start, len(result.evidence), len(result.failures)


def bench_concurrency() -> None:
    from mididrumigen.research.evidence import ResearchQuery
    from mididrumigen.research.registry import build_collectors

    server = _serve()
    try:
        names = ["musicbrainz", "wikipedia", "semantic_scholar", "arxiv", "crossref", "articles"]
        query = ResearchQuery("Khruangbin", depth="full", online=True,
                              urls=(server.url_for("/articles/khruangbin"),))
        alone = {}
        for name in names:
            alone[name], n, failed = asyncio.run(_timed(server, build_collectors([name]), query))
            print(f"  {name:<17} alone {alone[name]:6.2f} s  ({n} evidence, {failed} failed)")
        total, n, failed = asyncio.run(_timed(server, build_collectors(names), query))
        slowest = max(alone, key=alone.__getitem__)
        print(f"all {len(names)} together: {total:.2f} s ({n} evidence, {failed} failed); "
              f"slowest alone: {slowest} {alone[slowest]:.2f} s; sum of all: "
              f"{sum(alone.values()):.2f} s; total / slowest = {total / alone[slowest]:.2f}")
    finally:
        server.stop()


def bench_audio(seconds: float) -> None:
    from mididrumigen.research.audio_analysis import analyze_audio
    from mididrumigen.research.audio_synth import synth_drums

    start = time.perf_counter()
    analyze_audio(synth_drums(120, 50, bars=2), 22050)
    print(f"audio: first call (imports, JIT or its cache) {time.perf_counter() - start:.2f} s")
    for tempo, swing in ((96.0, 50.0), (120.0, 62.0)):
        bars = max(1, round(seconds / (4 * 60.0 / tempo)))
        y = synth_drums(tempo, swing, bars=bars, seed=5)
        t = time.perf_counter()
        f = analyze_audio(y, 22050)
        took = time.perf_counter() - t
        print(f"audio: {f.duration_s:.1f} s at {tempo:g} BPM swing {swing:g} → tempo {f.tempo:.2f}, "
              f"swing {f.swing_percent:g} in {took:.3f} s = {took / f.duration_s:.4f} × real time")


def bench_midi(count: int) -> None:
    from mididrumigen.research.collectors.midi_files import analyse, midi_files

    root = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "gmd-train"
    files = midi_files(root, 10_000)[:count] if root.is_dir() else []
    if not files:
        print("midi: the Groove MIDI Dataset is not available; skipped")
        return
    with tempfile.TemporaryDirectory():
        start = time.perf_counter()
        evidence, errors = analyse(files)
        took = time.perf_counter() - start
    print(f"midi: {len(files)} files → {len(evidence)} evidence ({len(errors)} skipped) in "
          f"{took:.2f} s ({took / len(files) * 1000:.1f} ms per file)")


def main() -> None:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audio-seconds", type=float, default=30.0)
    parser.add_argument("--midi-files", type=int, default=40)
    args = parser.parse_args()
    print("collectors against a loopback server with realistic latencies:")
    bench_concurrency()
    bench_audio(args.audio_seconds)
    bench_midi(args.midi_files)


if __name__ == "__main__":
    main()
