"""Knowledge-base speed: load time and per-resolution time (p50/p95).

    .venv/bin/python benchmarks/knowledge.py [--scale N]

Measures the shipped artist files; with fewer than N artists shipped (default 500) it also
measures a scaled copy (each artist renamed and repeated) so the 500+ target is checked.
Targets: load <= 50 ms at 500+ artists (uncached), one resolution <= 1 ms.
Run on a quiet machine: the load time is CPU-bound and doubles under contention.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mididrumigen.knowledge import artists as kb_mod
from mididrumigen.knowledge.resolve import normalize


def _ms(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=20)
    return f"p50 {statistics.median(samples):.3f} ms, p95 {q[18]:.3f} ms"


def time_load(directory: Path | None, repeats: int = 7) -> tuple[list[float], kb_mod.KnowledgeBase]:
    times, cpu = [], []
    kb = None
    for _ in range(repeats):
        kb_mod.clear_cache()
        normalize.cache_clear()
        t, c = time.perf_counter(), time.process_time()
        kb = kb_mod.load_knowledge_base(directory)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    t = time.perf_counter()
    kb_mod.load_knowledge_base(directory)
    cached = (time.perf_counter() - t) * 1000
    assert kb is not None
    print(f"  load: {len(kb)} artists in {len(kb.files)} files: uncached wall {_ms(times)} "
          f"(CPU p50 {statistics.median(cpu):.1f} ms); cached {cached:.3f} ms")
    return times, kb


def time_resolve(kb: kb_mod.KnowledgeBase) -> None:
    names = [e.name for e in kb.entries]
    queries: dict[str, list[str]] = {
        "exact": names[:200],
        "alias/normalized": [n.upper().replace(" ", "  ") for n in names[:200]],
        "typo (fuzzy)": [n[:-2] + n[-1] for n in names[:200] if len(n) > 6],
        "member": [m for e in kb.entries for m in e.members][:200],
        "unknown": [f"Xyzzy Quartet {i}" for i in range(100)] + ["Pizza", "Qwerty Band"] * 50,
    }
    t = time.perf_counter()
    kb.resolve("Xyzzy Quartet")  # the first fuzzy lookup builds the fuzzy tables once
    print(f"  first fuzzy resolution after load (builds fuzzy tables): "
          f"{(time.perf_counter() - t) * 1000:.3f} ms")
    for label, qs in queries.items():
        samples = []
        found = 0
        for q in qs:
            t = time.perf_counter()
            r = kb.resolve(q)
            samples.append((time.perf_counter() - t) * 1000)
            found += r.entry is not None
        print(f"  resolve {label:17} n={len(qs):3}: {_ms(samples)}  (matched {found})")


def scaled_copy(src: Path, target: int, out: Path) -> None:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(src.glob("*.json"))
            if not p.name.startswith("_")]
    base = [a for d in docs for a in d["artists"]]
    if not base:
        raise SystemExit("no shipped artists to scale")
    out_artists = []
    copy = 0
    while len(out_artists) < target:
        for a in base:
            b = dict(a, name=f"{a['name']} {copy}" if copy else a["name"],
                     aliases=[f"{x} {copy}" for x in a.get("aliases", [])] if copy
                     else a.get("aliases", []))
            out_artists.append(b)
        copy += 1
    for i in range(0, len(out_artists), 120):
        (out / f"part{i // 120:02d}.json").write_text(
            json.dumps({"format_version": 1, "artists": out_artists[i:i + 120]}), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=500)
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}")
    print("shipped files:")
    _, kb = time_load(None)
    time_resolve(kb)
    if len(kb) < args.scale:
        with tempfile.TemporaryDirectory() as tmp:
            scaled_copy(kb_mod.DATA_DIR, args.scale, Path(tmp))
            print(f"scaled copy (>= {args.scale} artists, shipped entries repeated):")
            _, big = time_load(Path(tmp))
            time_resolve(big)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
