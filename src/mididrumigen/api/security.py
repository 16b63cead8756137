"""API keys (X-API-Key) and per-key / per-IP rate limits (token buckets, 429 + Retry-After).

A key is required when keys are configured (MIDIDRUMIGEN_API_KEYS) or the server binds beyond
loopback; binding beyond loopback without keys is refused at start-up.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import threading
import time
from typing import Annotated

from fastapi import HTTPException, Request, Security
from fastapi.security import APIKeyHeader

_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                       description="Required when the server has keys or listens beyond loopback.")
MAX_BUCKETS = 10_000


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


class TokenBucketLimiter:
    """`per_minute` requests a minute per identity, bursts up to that many."""

    def __init__(self, per_minute: int) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, identity: str, now: float | None = None) -> float:
        """0.0 if allowed (a token is spent), else seconds until the next token."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(identity, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[identity] = (tokens - 1.0, now)
                self._evict()
                return 0.0
            self._buckets[identity] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _evict(self) -> None:
        if len(self._buckets) > MAX_BUCKETS:  # forget the quietest half; they were refilled
            for key in sorted(self._buckets, key=lambda k: self._buckets[k][1])[:MAX_BUCKETS // 2]:
                del self._buckets[key]


class AccessPolicy:
    def __init__(self, keys: tuple[str, ...], *, require_key: bool, per_minute: int) -> None:
        self.keys = keys
        self.require_key = require_key
        self.limiter = TokenBucketLimiter(per_minute) if per_minute > 0 else None

    def identity(self, request: Request, api_key: str | None) -> str:
        """Check the key; the rate-limit identity ('key:<hash>' or 'ip:<address>')."""
        valid = api_key is not None and any(hmac.compare_digest(api_key.encode(), k.encode())
                                            for k in self.keys)
        if self.require_key and not valid:
            raise HTTPException(401, "missing or invalid X-API-Key header",
                                headers={"WWW-Authenticate": "ApiKey"})
        if valid and api_key is not None:
            return "key:" + hashlib.sha256(api_key.encode()).hexdigest()[:16]
        return "ip:" + (request.client.host if request.client else "unknown")

    def limit(self, identity: str) -> None:
        if self.limiter is None:
            return
        wait = self.limiter.take(identity)
        if wait > 0:
            raise HTTPException(429, f"rate limit of {int(self.limiter.capacity)} requests a "
                                     "minute reached; retry later",
                                headers={"Retry-After": str(max(1, math.ceil(wait)))})


def _policy(request: Request) -> AccessPolicy:
    policy: AccessPolicy = request.app.state.ctx.access
    return policy


def require_key(request: Request, api_key: Annotated[str | None, Security(_header)] = None) -> str:
    return _policy(request).identity(request, api_key)


def rate_limited(request: Request, api_key: Annotated[str | None, Security(_header)] = None) -> None:
    policy = _policy(request)
    policy.limit(policy.identity(request, api_key))
