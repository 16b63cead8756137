"""Which hosts research may reach: public addresses only, checked after the name is resolved,
on every redirect hop, and connected to exactly as checked.

    guard = AddressGuard(trusted=AddressGuard.trusted_from(settings))
    await guard.addresses("example.org", 443)   # the checked addresses, or AddressRefused
    guard.transport(limits)                     # an httpx transport that connects only to them

Refused: loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16,
where cloud metadata services live, fe80::/10), shared (100.64/10), multicast, reserved and
unspecified (0.0.0.0, ::) addresses, also when written inside IPv6 (::ffff:127.0.0.1, 6to4,
NAT64). Every spelling of a number (2130706433, 0x7f000001, 127.1) is resolved by the system
first, so it is the number that is checked. Names refused before any lookup: localhost,
*.localhost, *.internal, *.local, *.home.arpa and single-label names (which search domains
turn into internal hosts).

The transport's connections go to the address the guard checked, through its own network
backend: there is no second lookup between the check and the connect for DNS rebinding to
answer differently, and TLS still verifies the certificate for the host name (SNI).

`trusted` host:port pairs are the operator's (the configured API endpoints and mirrors): they
are reached wherever they are. `allow_local` (the CLI's opt-in) turns the check off.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import ResearchError

if TYPE_CHECKING:
    import httpx

    from .settings import ResearchSettings

Resolve = Callable[[str, int], Awaitable[list[str]]]  # (host, port) -> addresses
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_REFUSED_SUFFIXES = (".localhost", ".internal", ".local", ".home.arpa", ".localdomain")
_REFUSED_NAMES = frozenset({"localhost", "metadata", "metadata.google.internal"})
DEFAULT_PORTS = {"http": 80, "https": 443}


class AddressRefused(ResearchError):
    """A URL whose host is (or resolves to) an address research may not reach."""

    def __init__(self, message: str, *, host: str) -> None:
        super().__init__(message)
        self.host = host


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refusal(ip: IPAddress) -> str | None:
    """Why research may not connect to `ip` ("a loopback address"), or None when it may."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.teredo is not None:
            return "a Teredo tunnel address"
        inner = _embedded_v4(ip)
        if inner is not None:
            return refusal(inner)
    for kind, bad in (("an unspecified", ip.is_unspecified), ("a loopback", ip.is_loopback),
                      ("a link-local", ip.is_link_local), ("a multicast", ip.is_multicast),
                      ("a private", ip.is_private), ("a reserved", ip.is_reserved)):
        if bad:
            return f"{kind} address"
    if not ip.is_global:
        return "a non-public address"
    return None


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%")[0])
    except ValueError:
        return None


def name_refusal(host: str) -> str | None:
    """Why a host name is refused before any lookup, or None."""
    name = host.lower().rstrip(".")
    if not name:
        return "an empty host"
    if name in _REFUSED_NAMES or name.endswith(_REFUSED_SUFFIXES):
        return "a local or internal host name"
    if _literal(name) is None and "." not in name and not name.isdigit() \
            and not name.startswith("0x"):
        return "a single-label host name (resolved through local search domains)"
    return None


def url_refusal(url: str) -> str | None:
    """Why a URL is refused without looking anything up (its scheme, a local name, or a
    non-public address in any numeric spelling), or None: checks that need DNS come later."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in DEFAULT_PORTS:
        return "only http and https URLs are read"
    try:
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return "the host is not valid"
    why = name_refusal(host)
    if why is not None:
        return f"{host or 'the host'} is {why}"
    try:  # numeric spellings only (AI_NUMERICHOST: no lookup): 127.1, 2130706433, 0x7f000001
        infos = socket.getaddrinfo(host, None, flags=socket.AI_NUMERICHOST)
    except (OSError, UnicodeError):
        return None
    for *_, sockaddr in infos:
        ip = _literal(str(sockaddr[0]))
        why = None if ip is None else refusal(ip)
        if why is not None:
            return f"{host} is {why}"
    return None


async def system_resolve(host: str, port: int) -> list[str]:
    """The system resolver's addresses for host:port (also for numeric spellings)."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for *_, sockaddr in infos:
        seen.setdefault(str(sockaddr[0]), None)
    return list(seen)


def host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(scheme, 0)


class AddressGuard:
    def __init__(self, *, trusted: Iterable[tuple[str, int]] = (), allow_local: bool = False,
                 resolve: Resolve | None = None) -> None:
        self.trusted = frozenset((h.lower().rstrip("."), p) for h, p in trusted)
        self.allow_local = allow_local
        self.resolve = resolve or system_resolve

    @staticmethod
    def trusted_from(settings: ResearchSettings) -> list[tuple[str, int]]:
        """host:port of every endpoint the operator configured (API base URLs, article sites,
        trusted_hosts)."""
        urls = [settings.musicbrainz_url, settings.wikipedia_url, settings.wikidata_url,
                settings.semantic_scholar_url, settings.arxiv_url, settings.crossref_url,
                *(u.strip() for u in settings.article_sites.split(",") if u.strip())]
        found = [host_port(u) for u in urls if u.startswith(("http://", "https://"))]
        for entry in (e.strip() for e in settings.trusted_hosts.split(",") if e.strip()):
            found.append(host_port(entry if "://" in entry else f"http://{entry}"))
        return found

    def is_trusted(self, host: str, port: int) -> bool:
        return (host.lower().rstrip("."), port) in self.trusted

    def refusal_without_lookup(self, url: str) -> str | None:
        """url_refusal(url), unless the URL's host is trusted or local addresses are allowed."""
        if self.allow_local:
            return None
        try:
            if self.is_trusted(*host_port(url)):
                return None
        except ValueError:
            return "the URL is not valid"
        return url_refusal(url)

    async def addresses(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for host:port, each one checked; AddressRefused when any
        is not public (a name that resolves to a private address among public ones is refused
        whole). Trusted hosts and allow_local: resolved, not checked."""
        host = host.strip("[]")
        if self.allow_local or self.is_trusted(host, port):
            return await self._lookup(host, port)
        why = name_refusal(host)
        if why is not None:
            raise AddressRefused(f"{host} is {why}; research reads only public addresses",
                                 host=host)
        found = await self._lookup(host, port)
        for text in found:
            ip = _literal(text)
            why = "not an address" if ip is None else refusal(ip)
            if why is not None:
                shown = host if text == host else f"{host} resolves to {text}, which"
                raise AddressRefused(f"{shown} is {why}; research reads only public addresses",
                                     host=host)
        return found

    async def _lookup(self, host: str, port: int) -> list[str]:
        try:
            found = await self.resolve(host, port)
        except (OSError, UnicodeError) as e:
            raise AddressRefused(f"cannot resolve {host}: {e}", host=host) from None
        if not found:
            raise AddressRefused(f"{host} has no address", host=host)
        return found

    def transport(self, limits: httpx.Limits | None = None) -> httpx.AsyncHTTPTransport:
        """An httpx transport whose every connection goes to an address this guard checked."""
        return _guarded_transport(self, limits)


def _guarded_transport(guard: AddressGuard, limits: httpx.Limits | None) -> httpx.AsyncHTTPTransport:
    import httpcore
    import httpx

    limits = limits or httpx.Limits()
    transport = httpx.AsyncHTTPTransport(trust_env=False, limits=limits)
    # httpx builds its httpcore pool without a network-backend argument; the same pool, with
    # one: the only way in which the address that was checked is the one connected to
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry, network_backend=_GuardedBackend(guard))
    return transport


class _GuardedBackend:
    """An httpcore network backend that connects only to addresses the guard returned."""

    def __init__(self, guard: AddressGuard) -> None:
        import httpcore

        self.guard = guard
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None) -> Any:
        import httpcore

        last: Exception | None = None
        for address in await self.guard.addresses(host, port):
            try:
                return await self.inner.connect_tcp(address, port, timeout=timeout,
                                                    local_address=local_address,
                                                    socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                last = e
        assert last is not None
        raise last

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None) -> Any:
        raise AddressRefused("research does not use unix sockets", host=path)

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)
