"""Server memory after many mixed requests. Target (issue 16): RSS <= 150 MB per worker after
10,000 requests; generated files kept within the retention policy.

One uvicorn server (benchmarks/api.py's start_server: SQLite in a temp dir, rate limits off,
--workers N) gets --requests requests from --clients concurrent httpx clients, drawn from a
fixed mix: generate (4 variations x 4 bars), download one .mid of a recent generation, its zip,
an artist page, a name search, similar artists, an artist's research status. Prints each
worker's VmRSS and VmHWM (peak) from /proc, every 2,000 requests and at the end.

    .venv/bin/python benchmarks/memory.py [--requests 10000] [--clients 8] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import free_port, start_server

ARTISTS = ("John Bonham", "Questlove", "Tony Allen", "Stewart Copeland", "Clyde Stubblefield",
           "Dave Grohl", "Elvin Jones", "Travis Barker", "Sheila E.", "J Dilla")
MIX = (("generate", 50), ("mid", 15), ("zip", 5), ("artists", 10), ("search", 5),
       ("similar", 10), ("status", 5))


def worker_pids(pid: int) -> list[int]:
    """The server's worker processes (uvicorn's children), or the server itself."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    kids = [int(p) for p in children.read_text().split()] if children.exists() else []
    # uvicorn --workers N: a supervisor, then N workers (a multiprocessing helper may be
    # among the children; it has no uvicorn in its command line)
    workers = [k for k in kids if b"multiprocessing" not in Path(f"/proc/{k}/cmdline")
               .read_bytes()]
    return workers or [pid]


def memory_mb(pid: int) -> tuple[float, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


async def run(base: str, requests: int, clients: int, server_pid: int, out: Path) -> None:
    import httpx

    kinds = [k for k, weight in MIX for _ in range(weight)]
    rng = random.Random(3)
    recent: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    errors: dict[int, int] = {}  # status >= 400 -> how many
    done = 0

    async def one(c: httpx.AsyncClient) -> None:
        nonlocal errors, done
        kind = rng.choice(kinds) if recent else "generate"
        artist = rng.choice(ARTISTS)
        if kind == "generate":
            r = await c.post("/api/v1/generate", json={"artist": artist, "bars": 4,
                                                       "variations": 4})
            if r.status_code == 200:
                recent.append(r.json())
                del recent[:-50]
        elif kind == "mid":
            r = await c.get(rng.choice(rng.choice(recent)["midi_files"]))
        elif kind == "zip":
            r = await c.get(rng.choice(recent)["zip_url"])
        elif kind == "artists":
            r = await c.get("/api/v1/artists", params={"limit": 50})
        elif kind == "search":
            r = await c.get("/api/v1/artists", params={"q": artist.split()[0][:3], "limit": 8})
        elif kind == "similar":
            r = await c.get(f"/api/v1/similar/{artist}", params={"limit": 10})
        else:
            r = await c.get(f"/api/v1/research/{artist}")
        counts[kind] = counts.get(kind, 0) + 1
        if r.status_code >= 400:
            errors[r.status_code] = errors.get(r.status_code, 0) + 1
        done += 1
        if done % 2000 == 0:
            report(f"after {done:,} requests", server_pid, out)

    async def client(c: httpx.AsyncClient, share: int) -> None:
        for _ in range(share):
            await one(c)

    async with httpx.AsyncClient(base_url=base, timeout=60,
                                 limits=httpx.Limits(max_connections=clients)) as c:
        t0 = time.perf_counter()
        await asyncio.gather(*(client(c, requests // clients) for _ in range(clients)))
        elapsed = time.perf_counter() - t0
    print(f"{done:,} requests in {elapsed:.0f} s ({done / elapsed:.0f} req/s); answers >= 400 "
          f"by status: {errors or 'none'} (404: similar artists or research status of Sheila "
          f"E., who has no profile until researched); mix: {counts}")


def report(label: str, server_pid: int, out: Path) -> None:
    rows = []
    for pid in worker_pids(server_pid):
        rss, peak = memory_mb(pid)
        rows.append(f"pid {pid}: RSS {rss:.0f} MB (peak {peak:.0f} MB)")
    print(f"  {label}: " + "; ".join(rows) + f"; generated files {folder_mb(out):.0f} MB")
    sys.stdout.flush()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    print(f"cpus={os.cpu_count()}, load avg {os.getloadavg()[0]:.2f}, workers={args.workers}, "
          f"clients={args.clients}")
    with tempfile.TemporaryDirectory(prefix="mdg-memory-") as tmp:
        root, port = Path(tmp), free_port()
        server = start_server(port, root, args.workers)
        try:
            time.sleep(1.0)
            report("started", server.pid, root / "out")
            asyncio.run(run(f"http://127.0.0.1:{port}", args.requests, args.clients, server.pid,
                            root / "out"))
            report("at the end", server.pid, root / "out")
        finally:
            server.terminate()
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
