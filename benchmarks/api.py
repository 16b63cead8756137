"""REST API throughput and latency: POST /api/v1/generate for a known artist, 4 variations x 4
bars, 32 concurrent clients on loopback. Targets: p50 <= 15 ms, p99 <= 60 ms, >= 150 req/s.

The server (one uvicorn process, in-process task runner, SQLite in a temp dir, rate limits off)
runs in a subprocess; the load comes from a second process: wrk when installed (Debian
package `wrk`), else an httpx async client. Prints p50, p99, req/s and errors.

    .venv/bin/python benchmarks/api.py [--seconds 10] [--clients 32] [--client wrk|httpx]
                                       [--rate 150]

Two runs: a closed loop (each client sends its next request when the last one answers) gives
the saturation throughput; there latency is clients / throughput by Little's law, so with 32
clients no server meets p50 <= 15 ms under ~2,100 req/s. An open loop offering --rate requests
a second over the same 32 connections gives the latency a client sees at that load.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_server import STATS_ENV, generation_totals

BODY = {"artist": "John Bonham", "bars": 4, "variations": 4}
SERVER = textwrap.dedent("""
    import sys, uvicorn
    from mididrumigen.api.server import uvicorn_options
    options = uvicorn_options()  # as `serve` runs it, unless another protocol is named
    if len(sys.argv) > 3:
        options["http"] = sys.argv[3]
    uvicorn.run("api_server:app_from_env", factory=True, host="127.0.0.1",
                port=int(sys.argv[1]), workers=int(sys.argv[2]), log_level="warning",
                access_log=False, log_config=None, **options)
""")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, root: Path, workers: int = 1, database_url: str | None = None,
                 http: str | None = None) -> subprocess.Popen[bytes]:
    stats = root / "generation-cpu"
    stats.mkdir(exist_ok=True)
    here = str(Path(__file__).resolve().parent)  # api_server.py, the app with counted generations
    env = {**os.environ, "MIDIDRUMIGEN_DATA_DIR": str(root), "MIDIDRUMIGEN_OUTPUT_DIR": str(root / "out"),
           "MIDIDRUMIGEN_DATABASE_URL": database_url or f"sqlite:///{root / 'bench.db'}",
           "MIDIDRUMIGEN_RATE_LIMIT_PER_MINUTE": "0", STATS_ENV: str(stats),
           "PYTHONPATH": os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)}
    env.pop("MIDIDRUMIGEN_BROKER_URL", None)
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(port), str(workers),
                             *([http] if http else [])], env=env)
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (uvicorn --workers N: the supervisor and its workers)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            with contextlib.suppress(OSError):  # a process that just ended
                todo.extend(int(c) for c in task.read_text().split())
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU of `pid` and its descendants so far (/proc/<pid>/stat), in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / ticks


def server_cpu_per_request(url: str, pid: int, requests: int, clients: int,
                           stats: Path) -> dict[str, float]:
    """Server CPU (every server process, all threads) per request over `requests` requests
    sent by `clients` concurrent connections, and the CPU of the generations among it (the
    engine's calls, counted by api_server.py). CPU time, not wall time: it barely depends on
    how busy the machine is, so it can be compared across runs where throughput cannot; and
    the ratio of the two, measured together, even less."""
    import httpx

    errors = 0

    async def client(c: httpx.AsyncClient, n: int) -> None:
        nonlocal errors
        for _ in range(n):
            r = await c.post(url, json=BODY)
            errors += r.status_code != 200

    async def main() -> None:
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=clients),
                                     timeout=30) as c:
            per, extra = divmod(requests, clients)
            await asyncio.gather(*(client(c, per + (i < extra)) for i in range(clients)))

    before, (made_before, gen_before) = cpu_seconds(pid), generation_totals(stats)
    asyncio.run(main())
    time.sleep(0.3)  # the history and manifest writers' last batch
    used = cpu_seconds(pid) - before
    made, gen = generation_totals(stats)
    return {"cpu_ms": used * 1000 / requests, "errors": errors,
            "gen_ms": (gen - gen_before) * 1000 / max(1, made - made_before)}


def generation_cpu(root: Path, runs: int = 300) -> float:
    """CPU ms of the generation alone for BODY (profile resolution and the engine's variations,
    no HTTP, no saving), in this process with the server's settings."""
    from dataclasses import replace

    from mididrumigen.config import Settings
    from mididrumigen.services import GenerateCommand, Runtime
    from mididrumigen.services.profiles import resolve_profile

    env = {"MIDIDRUMIGEN_DATA_DIR": str(root), "MIDIDRUMIGEN_OUTPUT_DIR": str(root / "out")}
    os.environ.update(env)
    with Runtime(Settings()) as runtime:
        command = GenerateCommand.from_fields({k: v for k, v in BODY.items()})
        coordinator = runtime.coordinator

        def once(seed: int) -> None:
            resolved = resolve_profile(runtime, command.artist, None)
            coordinator.generate(resolved.profile, replace(command.params, seed=seed), seed,
                                 "template")

        for seed in range(30):  # warm up: models fitted, caches filled
            once(seed)
        start = time.thread_time()
        for seed in range(runs):
            once(1000 + seed)
        return (time.thread_time() - start) * 1000 / runs


def run_wrk(url: str, clients: int, seconds: int, root: Path) -> dict[str, float]:
    script = root / "post.lua"
    script.write_text('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                      f"wrk.body = '{json.dumps(BODY)}'\n")
    out = subprocess.run(["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{seconds}s", "--latency",
                          "-s", str(script), url], capture_output=True, text=True, check=True).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert m, out
        return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
    return {"p50_ms": ms("50"), "p99_ms": ms("99"), "req_s": rps, "errors": errors}


def run_httpx(url: str, clients: int, seconds: int) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    errors = 0

    async def client(c: httpx.AsyncClient, stop: float) -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            t = time.perf_counter()
            try:
                r = await c.post(url, json=BODY)
                if r.status_code != 200:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append((time.perf_counter() - t) * 1000)

    async def main() -> float:
        limits = httpx.Limits(max_connections=clients)
        async with httpx.AsyncClient(limits=limits, timeout=30) as c:
            start = time.perf_counter()
            await asyncio.gather(*(client(c, start + seconds) for _ in range(clients)))
            return time.perf_counter() - start

    elapsed = asyncio.run(main())
    q = statistics.quantiles(latencies, n=100)
    return {"p50_ms": q[49], "p99_ms": q[98], "req_s": len(latencies) / elapsed, "errors": errors}


def run_open_loop(url: str, clients: int, seconds: int, rate: float) -> dict[str, float]:
    """Requests sent on a fixed schedule (`rate` a second over `clients` connections); latency
    counted from the scheduled send time, so waiting for a free connection counts too."""
    import httpx

    latencies: list[float] = []
    errors = 0

    async def one(c: httpx.AsyncClient, slots: asyncio.Semaphore, due: float) -> None:
        nonlocal errors
        async with slots:
            try:
                r = await c.post(url, json=BODY)
                errors += r.status_code != 200
            except httpx.HTTPError:
                errors += 1
        latencies.append((time.perf_counter() - due) * 1000)

    async def main() -> float:
        slots = asyncio.Semaphore(clients)
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=clients), timeout=30) as c:
            start = time.perf_counter()
            pending = []
            for i in range(int(seconds * rate)):
                due = start + i / rate
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                pending.append(asyncio.create_task(one(c, slots, due)))
            await asyncio.gather(*pending)
            return time.perf_counter() - start

    elapsed = asyncio.run(main())
    q = statistics.quantiles(latencies, n=100)
    return {"p50_ms": q[49], "p99_ms": q[98], "req_s": len(latencies) / elapsed, "errors": errors}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--client", choices=("wrk", "httpx"), default="wrk" if shutil.which("wrk") else "httpx")
    ap.add_argument("--dir", default="out",
                    help="parent of the server's temporary data dir (default ./out, on the same "
                         "disk as the checkout; /tmp may be a slower filesystem)")
    ap.add_argument("--rate", type=float, default=150.0,
                    help="offered load of the open-loop run (requests a second)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (serve --workers)")
    ap.add_argument("--cpu-requests", type=int, default=2000,
                    help="requests of the CPU-per-request run (0: skip it)")
    ap.add_argument("--cpu-clients", type=int, default=8,
                    help="concurrent connections of the CPU-per-request run")
    ap.add_argument("--http", default=None,
                    help="uvicorn HTTP protocol instead of serve's (h11, httptools, a class)")
    ap.add_argument("--cpu-only", action="store_true",
                    help="only the CPU-per-request figures (no throughput or latency runs)")
    args = ap.parse_args()
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-api-") as tmp:
        root, port = Path(tmp), free_port()
        server = start_server(port, root, args.workers, http=args.http)
        try:
            url = f"http://127.0.0.1:{port}/api/v1/generate"
            import httpx

            for _ in range(20 * args.workers):  # warm up
                httpx.post(url, json=BODY, timeout=10).raise_for_status()
            cpu = (server_cpu_per_request(url, server.pid, args.cpu_requests, args.cpu_clients,
                                          root / "generation-cpu")
                   if args.cpu_requests else None)
            runs = []
            if not args.cpu_only:
                if args.client == "wrk":
                    closed = run_wrk(url, args.clients, args.seconds, root)
                else:
                    closed = run_httpx(url, args.clients, args.seconds)
                opened = run_open_loop(url, args.clients, args.seconds, args.rate)
                runs = [(f"closed loop, as fast as {args.clients} clients go ({args.client})",
                         closed), (f"open loop, {args.rate:g} req/s offered (httpx)", opened)]
        finally:
            server.terminate()
            server.wait(timeout=30)
        gen_ms = generation_cpu(root) if cpu else 0.0
    load = os.getloadavg()[0]
    print(f"POST /api/v1/generate ({BODY['artist']}, {BODY['variations']} variations x "
          f"{BODY['bars']} bars), {args.clients} clients, {args.seconds} s, client={args.client}, "
          f"server processes={args.workers}, cpus={os.cpu_count()}, load avg {load:.2f}")
    if cpu:
        print(f"  server CPU per request ({args.cpu_requests} requests, {args.cpu_clients} "
              f"connections, every server process): {cpu['cpu_ms']:.2f} ms"
              + (f"; errors {int(cpu['errors'])}" if cpu["errors"] else "") + "\n"
              f"    of which the engine's generation (in the server, same requests): "
              f"{cpu['gen_ms']:.2f} ms; ratio {cpu['cpu_ms'] / cpu['gen_ms']:.2f} "
              f"(target <= 1.5)\n"
              f"    the generation alone in this process (profile + engine, no server): "
              f"{gen_ms:.2f} ms; ratio {cpu['cpu_ms'] / gen_ms:.2f}")
    for label, r in runs:
        print(f"  {label}:\n    p50 {r['p50_ms']:.1f} ms   p99 {r['p99_ms']:.1f} ms   "
              f"{r['req_s']:.0f} req/s   errors {int(r['errors'])}")
    print("  targets: server CPU <= 1.5 x the generation; >= 300 req/s closed loop with 32\n"
          "  clients and --workers 2 (2 cores); open loop p99 <= 60 ms at 150 req/s. A closed\n"
          "  loop's latency is clients / throughput (Little's law): read its req/s, and the open\n"
          "  loop's p50/p99. Throughput depends on what else the machine runs (load avg above);\n"
          "  CPU per request does not.")


if __name__ == "__main__":
    main()
