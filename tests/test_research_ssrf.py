"""Research reaches only public addresses (issue 15): every spelling of an internal address,
names resolving to one, redirects to one and DNS rebinding are refused before any connection;
the CLI may opt in to local addresses. Bodies are capped after decoding (gzip bombs), slow
servers cannot outlast the research budget, and URL query strings are kept."""

from __future__ import annotations

import asyncio
import socket
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mididrumigen.research.address_guard import AddressGuard, url_refusal
from mididrumigen.research.http import MAX_BODY, BlockedURL, BudgetSpent, FetchError, Http, make_client
from mididrumigen.research.settings import ResearchSettings
from test_research_support import Sleeps, settings_for

INTERNAL = ["http://127.0.0.1/", "http://localhost/", "http://0.0.0.0/", "http://2130706433/",
            "http://0x7f000001/", "http://127.1/", "http://[::ffff:127.0.0.1]/",
            "http://user@127.0.0.1/", "http://169.254.169.254/latest/meta-data/",
            "http://metadata.google.internal/computeMetadata/v1/", "http://10.0.0.7/",
            "http://172.16.3.4/", "http://192.168.1.1/", "http://[::1]:8080/",
            "http://intranet/", "http://[fe80::1]/", "http://224.0.0.251/", "http://100.64.0.1/"]


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def _recording() -> tuple[httpx.AsyncClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, text="internal secret")

    return httpx.AsyncClient(transport=httpx.MockTransport(handler)), seen


def _plain_settings(**over: Any) -> ResearchSettings:
    return ResearchSettings(cache_ttl_s=0, retries=0, **over)


@pytest.mark.parametrize("url", INTERNAL)
def test_internal_addresses_are_refused_before_any_request(url: str) -> None:
    async def go() -> list[httpx.Request]:
        client, seen = _recording()
        async with client:
            http = Http(client, _plain_settings(), sleep=Sleeps())
            with pytest.raises(BlockedURL, match="public"):
                await http.get(url)
            with pytest.raises(BlockedURL):
                await http.get_page(url)  # robots.txt is not even asked for
        return seen

    assert run(go()) == []
    assert url_refusal(url) is not None  # the API answers 422 before queuing


def test_a_name_resolving_to_a_private_address_is_refused() -> None:
    async def resolve(host: str, port: int) -> list[str]:
        return {"evil.example": ["93.184.216.34", "10.0.0.5"]}.get(host, ["93.184.216.34"])

    async def go() -> list[httpx.Request]:
        client, seen = _recording()
        async with client:
            http = Http(client, _plain_settings(), guard=AddressGuard(resolve=resolve))
            with pytest.raises(BlockedURL, match="resolves to 10.0.0.5"):
                await http.get("https://evil.example/article")
        return seen

    assert run(go()) == []


def test_redirects_to_internal_addresses_are_refused(httpserver: Any) -> None:
    """The configured endpoint (trusted) redirects to the metadata service: refused at that hop
    (a connection to 169.254.169.254 would trip the tests' network guard)."""
    httpserver.expect_request("/hop").respond_with_data(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    httpserver.expect_request("/hop2").respond_with_data(
        "", status=307, headers={"Location": "http://2130706433:1/"})

    async def go() -> None:
        async with httpx.AsyncClient() as client:
            http = Http(client, settings_for(httpserver, retries=0), sleep=Sleeps())
            for path in ("/hop", "/hop2"):
                with pytest.raises(BlockedURL, match="public"):
                    await http.get(httpserver.url_for(path))

    run(go())


def test_redirects_within_a_trusted_host_are_followed(httpserver: Any) -> None:
    httpserver.expect_request("/old").respond_with_data("", status=301,
                                                        headers={"Location": "/new?x=1"})
    httpserver.expect_request("/new", query_string="x=1").respond_with_json({"ok": True})

    async def go() -> Any:
        async with httpx.AsyncClient() as client:
            return await Http(client, settings_for(httpserver), sleep=Sleeps()).get(
                httpserver.url_for("/old"))

    fetched = run(go())
    assert fetched.json() == {"ok": True} and fetched.url.endswith("/new?x=1")


def test_dns_rebinding_between_check_and_connect_finds_nothing(httpserver: Any) -> None:
    """The first lookup says public, the next says loopback: the transport connects only to
    what its own check returned, so the second answer is refused, never connected to."""
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])

    async def resolve(host: str, port: int) -> list[str]:
        return next(answers)

    async def go() -> None:
        guard = AddressGuard(resolve=resolve)
        async with make_client(_plain_settings(), guard=guard) as client:
            http = Http(client, _plain_settings(), guard=guard, sleep=Sleeps())
            with pytest.raises(BlockedURL, match="127.0.0.1"):
                await http.get(f"http://rebind.example:{httpserver.port}/x")

    run(go())
    assert httpserver.log == []


def test_the_transport_connects_to_the_checked_address_keeping_the_host_name(
        httpserver: Any) -> None:
    """A name only the guard knows (the system resolver would fail on it) reaches the server:
    the connection used the checked address; the Host header still names the host."""
    httpserver.expect_request("/page").respond_with_data("hello")

    async def resolve(host: str, port: int) -> list[str]:
        assert host == "pinned.example"
        return ["127.0.0.1"]

    async def go() -> Any:
        guard = AddressGuard(resolve=resolve, allow_local=True)
        async with make_client(_plain_settings(), guard=guard) as client:
            return await Http(client, _plain_settings(), guard=guard, sleep=Sleeps()).get(
                f"http://pinned.example:{httpserver.port}/page", accept="text/plain")

    assert run(go()).text == "hello"
    assert httpserver.log[0][0].headers["Host"] == f"pinned.example:{httpserver.port}"


def test_the_cli_may_opt_in_to_local_addresses(httpserver: Any) -> None:
    httpserver.expect_request("/local").respond_with_data("mine")

    async def go(local: bool) -> Any:
        async with make_client(_plain_settings(), local_addresses=local) as client:
            http = Http(client, _plain_settings(), local_addresses=local, sleep=Sleeps())
            return await http.get(httpserver.url_for("/local"), accept="text/plain")

    assert run(go(True)).text == "mine"
    with pytest.raises(BlockedURL):
        run(go(False))


def test_query_strings_are_kept(httpserver: Any) -> None:
    httpserver.expect_request("/q", query_string="id=42").respond_with_json({"id": 42})
    httpserver.expect_request("/q", query_string="id=42&page=2").respond_with_json({"page": 2})

    async def go() -> tuple[Any, Any]:
        async with httpx.AsyncClient() as client:
            http = Http(client, settings_for(httpserver, retries=0), sleep=Sleeps())
            return (await http.get_json(httpserver.url_for("/q") + "?id=42"),
                    await http.get_json(httpserver.url_for("/q") + "?id=42", params={"page": 2}))

    assert run(go()) == ({"id": 42}, {"page": 2})


def _gzip_zeros(size: int) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1 << 20)
    parts = [z.compress(block) for _ in range(size >> 20)]
    return b"".join([*parts, z.flush()])


@pytest.mark.parametrize("encoding", ["gzip", None])
def test_bodies_are_capped_after_decoding(httpserver: Any, encoding: str | None) -> None:
    """A 256 MB gzip bomb (≈250 kB on the wire) and a 24 MB plain body: MAX_BODY decoded
    bytes are kept, and memory stays a few times that (the same for a 768 MB bomb), far
    below the inflated size."""
    body = _gzip_zeros(256 << 20) if encoding else b"a" * (24 << 20)
    headers = {"Content-Encoding": encoding} if encoding else {}
    httpserver.expect_request("/big").respond_with_data(body, headers=headers,
                                                        content_type="text/plain")

    async def go() -> Any:
        async with httpx.AsyncClient() as client:
            return await Http(client, settings_for(httpserver), sleep=Sleeps()).get(
                httpserver.url_for("/big"), accept="text/plain")

    del body
    tracemalloc.start()
    try:
        fetched = run(go())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(fetched.text) == MAX_BODY
    assert peak < 16 * MAX_BODY < (24 << 20) * 4


@pytest.fixture
def tarpit() -> Iterator[int]:
    """A server that sends its headers, then one byte of body every 50 ms, forever."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=drip, args=(conn,), daemon=True).start()

    def drip(conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                             b"Content-Length: 100000000\r\n\r\n")
                while not stop.wait(0.05):
                    conn.sendall(b"x")
            except OSError:
                return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def test_a_dripping_server_cannot_outlast_the_research_budget(tarpit: int) -> None:
    """Each byte arrives well within the read timeout; the budget ends the request anyway."""
    settings = _plain_settings(read_timeout_s=30, connect_timeout_s=5,
                               trusted_hosts=f"127.0.0.1:{tarpit}")

    async def go() -> None:
        async with make_client(settings) as client:
            http = Http(client, settings, sleep=Sleeps(), budget_s=0.5)
            with pytest.raises(BudgetSpent, match="budget"):
                await http.get(f"http://127.0.0.1:{tarpit}/slow", accept="text/html")
            with pytest.raises(BudgetSpent):  # and nothing starts after it
                await http.get(f"http://127.0.0.1:{tarpit}/again", accept="text/html")

    run(go())


def test_a_dripping_server_gets_one_request_wall_time(tarpit: int) -> None:
    settings = _plain_settings(read_timeout_s=0.4, connect_timeout_s=0.2,
                               trusted_hosts=f"127.0.0.1:{tarpit}")

    async def go() -> None:
        async with make_client(settings) as client:
            with pytest.raises(FetchError, match="timed out"):
                await Http(client, settings, sleep=Sleeps()).get(
                    f"http://127.0.0.1:{tarpit}/slow", accept="text/html")

    run(go())
