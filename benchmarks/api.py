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

BODY = {"artist": "John Bonham", "bars": 4, "variations": 4}
SERVER = textwrap.dedent("""
    import sys, uvicorn
    uvicorn.run("mididrumigen.api.app:app_from_env", factory=True, host="127.0.0.1",
                port=int(sys.argv[1]), workers=int(sys.argv[2]), log_level="warning",
                access_log=False, log_config=None)
""")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, root: Path, workers: int = 1,
                 database_url: str | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MIDIDRUMIGEN_DATA_DIR": str(root), "MIDIDRUMIGEN_OUTPUT_DIR": str(root / "out"),
           "MIDIDRUMIGEN_DATABASE_URL": database_url or f"sqlite:///{root / 'bench.db'}",
           "MIDIDRUMIGEN_RATE_LIMIT_PER_MINUTE": "0"}
    env.pop("MIDIDRUMIGEN_BROKER_URL", None)
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(port), str(workers)], env=env)
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
    args = ap.parse_args()
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-api-") as tmp:
        root, port = Path(tmp), free_port()
        server = start_server(port, root, args.workers)
        try:
            url = f"http://127.0.0.1:{port}/api/v1/generate"
            import httpx

            for _ in range(20):  # warm up
                httpx.post(url, json=BODY, timeout=10).raise_for_status()
            if args.client == "wrk":
                closed = run_wrk(url, args.clients, args.seconds, root)
            else:
                closed = run_httpx(url, args.clients, args.seconds)
            opened = run_open_loop(url, args.clients, args.seconds, args.rate)
        finally:
            server.terminate()
            server.wait(timeout=30)
    load = os.getloadavg()[0]
    print(f"POST /api/v1/generate ({BODY['artist']}, {BODY['variations']} variations x "
          f"{BODY['bars']} bars), {args.clients} clients, {args.seconds} s, client={args.client}, "
          f"server processes={args.workers}, cpus={os.cpu_count()}, load avg {load:.2f}")
    for label, r in ((f"closed loop, as fast as {args.clients} clients go ({args.client})", closed),
                     (f"open loop, {args.rate:g} req/s offered (httpx)", opened)):
        print(f"  {label}:\n    p50 {r['p50_ms']:.1f} ms   p99 {r['p99_ms']:.1f} ms   "
              f"{r['req_s']:.0f} req/s   errors {int(r['errors'])}")
    print("  targets: p50 <= 15 ms, p99 <= 60 ms, >= 150 req/s. A closed loop's latency is\n"
          "  clients / throughput (Little's law): read its req/s, and the open loop's p50/p99.")


if __name__ == "__main__":
    main()
