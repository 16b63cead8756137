"""Who may call and how often: API keys (X-API-Key), the client's address, the Host header,
per-key / per-IP rate limits (429 + Retry-After), and which generators an API client may use.

- A key is required when keys are configured (MIDIDRUMIGEN_API_KEYS) or the server binds
  beyond loopback; binding beyond loopback without keys is refused at start-up, and checked
  again on every request (LocalOnlyMiddleware): without keys the app answers only local
  clients, with a Host header naming this machine (MIDIDRUMIGEN_ALLOWED_HOSTS) — so neither
  `uvicorn --host 0.0.0.0` nor a DNS-rebinding web page reaches it.
- The client's address is the peer's, unless the peer is a configured reverse proxy
  (MIDIDRUMIGEN_TRUSTED_PROXIES): then the nearest X-Forwarded-For entry that is not one.
  Forwarding headers from anyone else are not believed: such requests share one rate-limit
  bucket and are never local.
- The limit is MIDIDRUMIGEN_RATE_LIMIT_PER_MINUTE requests in any 60 s (a moving window of the
  `limits` library, see mididrumigen.rate_limits) per key or address, counted in Redis when the
  broker is Redis — so every server process and machine shares it — and in memory otherwise.
  Requests with a missing or wrong key count against their address in a bucket of their own,
  a tenth of the size: guessing keys meets 429 too.
- API clients may use only the generators in MIDIDRUMIGEN_API_PROVIDERS (default: template,
  the offline engine): paid LLM calls are the operator's choice, not the client's.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import HTTPException, Request, Security
from fastapi.security import APIKeyHeader
from starlette.concurrency import run_in_threadpool

from ..errors import UserInputError
from ..rate_limits import RateLimiter

_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                       description="Required when the server has keys or listens beyond loopback.")
NAMESPACE = "mididrumigen-api"
FAILED_NAMESPACE = "mididrumigen-api-auth-failed"
IN_PROCESS_CLIENT = "testclient"  # Starlette's in-process client: no socket, this process
IN_PROCESS_HOST = "testserver"
UNVERIFIED = "unverified-forwarded"  # forwarding headers from a peer that is not a proxy
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def parse_networks(text: str) -> tuple[Network, ...]:
    """'10.0.0.1, 192.168.0.0/16' → networks; UserInputError names a bad entry."""
    out = []
    for entry in parse_list(text):
        try:
            out.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise UserInputError(f"trusted proxy {entry!r} is not an address or network "
                                 "(e.g. 10.0.0.5 or 10.0.0.0/8)", field="trusted_proxies") from None
    return tuple(out)


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Client:
    """Where a request comes from: an address ("unix" for a unix socket, UNVERIFIED for
    forwarding headers nobody vouches for) and whether that is this machine."""

    address: str
    local: bool


def _header_value(scope: MutableMapping[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key == name:
            return bytes(value).decode("latin-1")
    return None


class AccessPolicy:
    """Who may call (keys), from where (local only without keys), how often (`per_minute` per
    identity; 0: no limit) and with which generators. One per app; `storage_url` (a redis://
    URL) shares the counts with every other app using it."""

    def __init__(self, keys: tuple[str, ...], *, require_key: bool, per_minute: int,
                 storage_url: str | None = None, trusted_proxies: Iterable[Network] = (),
                 allowed_hosts: Iterable[str] = LOCAL_HOSTS,
                 providers: Iterable[str] = ("template",)) -> None:
        from limits import RateLimitItemPerMinute

        self.keys = keys
        self.require_key = require_key
        self.per_minute = per_minute
        self.trusted_proxies = tuple(trusted_proxies)
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self.providers = tuple(providers)
        self.item = RateLimitItemPerMinute(per_minute, namespace=NAMESPACE) if per_minute > 0 \
            else None
        self.failed_item = (RateLimitItemPerMinute(max(10, per_minute // 10),
                                                   namespace=FAILED_NAMESPACE)
                            if per_minute > 0 else None)
        self.limiter = RateLimiter(storage_url) if self.item is not None else None
        # counting a request waits on the network (Redis): not on the event loop
        self.blocks = self.limiter is not None and self.limiter.shared

    # where from

    def _trusted(self, address: str) -> bool:
        ip = _ip(address)
        return ip is not None and any(ip in net for net in self.trusted_proxies)

    def client(self, scope: MutableMapping[str, Any]) -> Client:
        peer = scope.get("client")
        peer_host = str(peer[0]) if peer else None
        forwarded = _header_value(scope, b"x-forwarded-for")
        if forwarded is None and _header_value(scope, b"forwarded") is None:
            if peer_host is None:
                return Client("unix", True)
            return Client(peer_host, peer_host == IN_PROCESS_CLIENT or is_loopback(peer_host))
        if peer_host is None or not self._trusted(peer_host) or forwarded is None:
            return Client(UNVERIFIED, False)
        for hop in reversed(forwarded.split(",")):  # the nearest hop the proxies did not add
            ip = _ip(hop)
            if ip is None:
                return Client(UNVERIFIED, False)
            if not self._trusted(str(ip)):
                return Client(str(ip), ip.is_loopback)
        return Client(peer_host, is_loopback(peer_host))

    def host_allowed(self, scope: MutableMapping[str, Any], client: Client) -> bool:
        host = (_header_value(scope, b"host") or "").strip().lower()
        if host.startswith("["):
            name = host[:host.find("]") + 1] if "]" in host else host
        else:
            name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        if client.address == IN_PROCESS_CLIENT and name == IN_PROCESS_HOST:
            return True
        return name in self.allowed_hosts

    # who and how often

    def identity(self, request: Request, api_key: str | None) -> str:
        """Check the key; the rate-limit identity ('key:<hash>' or 'ip:<address>'). A missing
        or wrong key, where one is needed, counts against the address first (429 past it)."""
        valid = api_key is not None and any(hmac.compare_digest(api_key.encode(), k.encode())
                                            for k in self.keys)
        if valid and api_key is not None:
            return "key:" + hashlib.sha256(api_key.encode()).hexdigest()[:16]
        address = "ip:" + self.client(request.scope).address
        if self.require_key:
            self._hit(self.failed_item, address, "failed key checks")
            raise HTTPException(401, "missing or invalid X-API-Key header",
                                headers={"WWW-Authenticate": "ApiKey"})
        return address

    def limit(self, identity: str) -> None:
        self._hit(self.item, identity, "requests")

    def _hit(self, item: Any, identity: str, what: str) -> None:
        if self.limiter is None or item is None:
            return
        wait = self.limiter.hit(item, identity)
        if wait > 0:
            raise HTTPException(429, f"rate limit of {item.amount} {what} a minute reached; "
                                     "retry later",
                                headers={"Retry-After": str(max(1, math.ceil(wait)))})

    # with what

    def offers(self, provider: str) -> bool:
        return "*" in self.providers or provider in self.providers

    def check_provider(self, provider: str) -> None:
        """Refuse (422) a generator this server does not offer to API clients."""
        if self.offers(provider):
            return
        raise UserInputError(f"provider {provider!r} is not offered over this API; use one of "
                             f"{', '.join(self.providers)} (the server's "
                             "MIDIDRUMIGEN_API_PROVIDERS)", field="provider")


def _policy(request: Request) -> AccessPolicy:
    policy: AccessPolicy = request.app.state.ctx.access
    return policy


async def require_key(request: Request,
                      api_key: Annotated[str | None, Security(_header)] = None) -> str:
    policy = _policy(request)
    if policy.blocks:
        return await run_in_threadpool(policy.identity, request, api_key)
    return policy.identity(request, api_key)


async def rate_limited(request: Request,
                       api_key: Annotated[str | None, Security(_header)] = None) -> None:
    """The key check and the rate limit: on the event loop when the counts are in this
    process's memory (or there is no limit), in the thread pool when they are in Redis."""
    policy = _policy(request)
    if policy.blocks:
        await run_in_threadpool(_identify_and_limit, policy, request, api_key)
    else:
        _identify_and_limit(policy, request, api_key)


def _identify_and_limit(policy: AccessPolicy, request: Request, api_key: str | None) -> None:
    policy.limit(policy.identity(request, api_key))
