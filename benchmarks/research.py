"""Research benchmark: prints figures, asserts nothing.

1. Concurrency: every online collector against a loopback fixture server that answers with
   realistic latencies (and the real rate limits: MusicBrainz 1 request/s, arXiv 1 per 3 s).
   Each collector is timed alone, then all together: the total should be close to the slowest
   collector, far below the sum.
2. Audio analysis speed vs real time on synthesized drum audio (warm, after one JIT call).
3. MIDI analysis speed over Groove MIDI Dataset files.
4. MIDI research of 10 songs: ten full-band files (bass, keys, a played drum part; 64 bars
   each, written with mido) in a source folder → songs, clustered grooves, a profile: time and
   peak memory (tracemalloc).
5. MIDI database research of 10 songs: the BitMIDI collector against a loopback server
   answering in BitMIDI's search format and serving those ten files (no pause between
   downloads here; the real pause, 1 s, adds 9 s): time and peak memory.

    .venv/bin/python benchmarks/research.py [--audio-seconds 30] [--midi-files 40]
        [--only midi-songs,midi-db]
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


SONGS = 10


def _songs(folder: Path) -> list[Path]:
    """Ten full-band songs of 64 bars (groove, variation, fills), humanized, 88..124 BPM."""
    from research_songs import FILL, FUNK, ROCK, ROCK_VARIATION, song_bytes

    paths = []
    for i in range(SONGS):
        main, other = (FUNK, ROCK) if i % 2 else (ROCK, ROCK_VARIATION)
        parts = [(main, 7), (FILL, 1), (other, 3), (FILL, 1), (main, 11), (FILL, 1)] * 2
        parts += [(main, 16), (FILL, 1), (main, 6), (FILL, 1)]
        path = folder / f"The Benchmarks - Song {i + 1}.mid"
        path.write_bytes(song_bytes(parts, tempo=88 + 4 * i, title=f"Song {i + 1}",
                                    humanize_ms=7.0, seed=i))
        paths.append(path)
    return paths


def _measure(fn):  # type: ignore[no-untyped-def]
    """(result, seconds, peak MiB): timed on its own, then run again under tracemalloc (which
    slows Python down) for the peak of memory allocated."""
    import tracemalloc

    start = time.perf_counter()
    out = fn()
    took = time.perf_counter() - start
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return out, took, peak / 2**20


def bench_midi_songs() -> None:
    from mididrumigen import services
    from mididrumigen.config import Settings
    from mididrumigen.research.collectors.midi_files import analyse

    with tempfile.TemporaryDirectory() as tmp:
        files = _songs(Path(tmp))
        size = sum(p.stat().st_size for p in files) / 1024
        analyse(files[:1], artist=["The Benchmarks"])  # imports, numpy warm-up
        (evidence, _), took, peak = _measure(lambda: analyse(files, artist=["The Benchmarks"]))
        summary = evidence[-1].payload
        print(f"midi research, {SONGS} full-band songs ({summary['bars']} usable bars, "
              f"{size:.0f} KiB): songs + grooves {took:.2f} s, peak {peak:.1f} MiB; "
              f"{sum(g['kind'] == 'groove' for g in summary['signature_grooves'])} signature "
              f"grooves, {sum(g['kind'] == 'fill' for g in summary['signature_grooves'])} fills")
        runtime = services.Runtime(Settings())
        services.research_artist(runtime, "The Benchmarks", source_dir=files[0])  # warm
        result, took, peak = _measure(lambda: services.research_artist(
            runtime, "The Benchmarks", source_dir=tmp))
        print(f"midi research, {SONGS} songs through services.research_artist (warm): "
              f"{took:.2f} s, "
              f"peak {peak:.1f} MiB → signature grooves: "
              f"{sum(g.kind == 'groove' for g in result.profile.signature_grooves)} grooves, "
              f"{sum(g.kind == 'fill' for g in result.profile.signature_grooves)} fill(s); "
              f"tempo {result.profile.params.tempo_min:g}-{result.profile.params.tempo_max:g}")


def bench_midi_db() -> None:
    import httpx
    from pytest_httpserver import HTTPServer

    from mididrumigen.research.collectors.bitmidi import BitMidiCollector
    from mididrumigen.research.evidence import ResearchQuery
    from mididrumigen.research.http import Http
    from test_research_support import settings_for

    server = HTTPServer(threaded=True)
    server.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            files = _songs(Path(tmp))
            results = []
            for i, path in enumerate(files):
                results.append({"id": 1000 + i, "name": f"The Benchmarks - Song {i + 1}.mid",
                                "slug": f"the-benchmarks-song-{i + 1}-mid",
                                "url": f"/the-benchmarks-song-{i + 1}-mid",
                                "downloadUrl": f"/uploads/{1000 + i}.mid"})
                server.expect_request(f"/uploads/{1000 + i}.mid").respond_with_data(
                    path.read_bytes(), content_type="audio/midi")
            server.expect_request("/api/midi/search").respond_with_json(
                {"result": {"results": results, "total": SONGS, "pageTotal": 1}})
            server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
            settings = settings_for(server, bitmidi_url=server.url_for("").rstrip("/"),
                                    midi_dir=Path(tmp) / "downloads", download_interval_s=0)

            async def go():  # type: ignore[no-untyped-def]
                async with httpx.AsyncClient() as client:
                    http = Http(client, settings, use_cache=False)
                    return await BitMidiCollector().collect(
                        ResearchQuery("The Benchmarks", depth="full", online=True), http)

            evidence, took, peak = _measure(lambda: asyncio.run(go()))
            songs = sum(1 for e in evidence if e.payload.get("song"))
            print(f"midi database research (BitMIDI format, loopback): {songs} songs searched, "
                  f"downloaded and analysed in {took:.2f} s, peak {peak:.1f} MiB "
                  f"(+9 s of polite pauses against the real site)")
    finally:
        server.stop()


def main() -> None:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audio-seconds", type=float, default=30.0)
    parser.add_argument("--midi-files", type=int, default=40)
    parser.add_argument("--only", default="", help="comma-separated: concurrency, audio, midi, "
                        "midi-songs, midi-db")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))

    def want(name: str) -> bool:
        return not only or name in only

    if want("concurrency"):
        print("collectors against a loopback server with realistic latencies:")
        bench_concurrency()
    if want("audio"):
        bench_audio(args.audio_seconds)
    if want("midi"):
        bench_midi(args.midi_files)
    if want("midi-songs"):
        bench_midi_songs()
    if want("midi-db"):
        bench_midi_db()


if __name__ == "__main__":
    main()
