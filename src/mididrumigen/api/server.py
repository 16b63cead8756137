"""How `mididrumigen serve` runs uvicorn so that slow or idle clients cannot hold it.

uvicorn times out idle keep-alive connections, but waits forever for the headers of a request:
800 connections that send half a request line hold 800 sockets for as long as they like.
The guarded protocols give every request `header_timeout_s` from its first byte (from the
connection for the first request) to finish its headers, and refuse connections past
`max_connections`; the request body has its own deadline (middleware.BODY_TIMEOUT_S).
GuardedHttpToolsProtocol (httptools' C parser, from the uvicorn[standard] extra) is what
`serve` uses; GuardedH11Protocol (pure Python, a few hundred microseconds more CPU per
request) where httptools is not installed.

    uvicorn --factory mididrumigen.api.app:app_from_env --no-proxy-headers \\
        --http mididrumigen.api.server:GuardedHttpToolsProtocol --timeout-keep-alive 5
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_S = 10.0
MAX_CONNECTIONS = 2048  # per server process
KEEP_ALIVE_S = 5


class HeaderGuard(asyncio.Protocol):
    """The guard, over either of uvicorn's HTTP protocols (both keep `cycle`, `connections`,
    `loop` and `transport`, and parse a request's headers inside data_received)."""

    header_timeout_s = HEADER_TIMEOUT_S
    max_connections = MAX_CONNECTIONS
    # uvicorn's protocol supplies these
    connections: set[Any]
    cycle: Any
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_timer: asyncio.TimerHandle | None = None
        self._armed_cycle: Any = None
        if len(self.connections) > self.max_connections:
            transport.close()
            return
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._header_timer is None and (self.cycle is None or self.cycle.response_complete):
            self._arm()  # the first bytes of the next request on a kept-alive connection
        super().data_received(data)
        if self._header_timer is not None and self.cycle is not self._armed_cycle:
            self._disarm()  # its headers are in

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._armed_cycle = self.cycle
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._headers_too_slow)

    def _disarm(self) -> None:
        timer = getattr(self, "_header_timer", None)
        if timer is not None:
            timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()


class GuardedH11Protocol(HeaderGuard, H11Protocol):  # type: ignore[misc]
    """HeaderGuard over h11 (pure Python)."""


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # uvicorn[standard] brings httptools except where it cannot build
    PROTOCOL = "mididrumigen.api.server:GuardedH11Protocol"
else:
    class GuardedHttpToolsProtocol(HeaderGuard, HttpToolsProtocol):  # type: ignore[misc]
        """HeaderGuard over httptools' C parser."""

    PROTOCOL = "mididrumigen.api.server:GuardedHttpToolsProtocol"


def uvicorn_options() -> dict[str, Any]:
    """The uvicorn settings `serve` uses: a guarded protocol (httptools' when installed),
    short keep-alive, no Server header, and no proxy-header rewriting (the app reads
    X-Forwarded-For itself, from trusted proxies only)."""
    return {"http": PROTOCOL, "timeout_keep_alive": KEEP_ALIVE_S, "proxy_headers": False,
            "server_header": False}
