"""API keys (X-API-Key) and per-key / per-IP rate limits (429 + Retry-After).

A key is required when keys are configured (MIDIDRUMIGEN_API_KEYS) or the server binds beyond
loopback; binding beyond loopback without keys is refused at start-up. The limit is
MIDIDRUMIGEN_RATE_LIMIT_PER_MINUTE requests in any 60 s (a moving window of the `limits`
library, see mididrumigen.rate_limits), counted in Redis when the broker is Redis — so every
server process and machine shares it — and in memory otherwise.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
from typing import Annotated

from fastapi import HTTPException, Request, Security
from fastapi.security import APIKeyHeader

from ..rate_limits import RateLimiter

_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                       description="Required when the server has keys or listens beyond loopback.")
NAMESPACE = "mididrumigen-api"


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


class AccessPolicy:
    """Who may call (keys) and how often (`per_minute` per identity; 0: no limit). One per app;
    `storage_url` (a redis:// URL) shares the counts with every other app using it."""

    def __init__(self, keys: tuple[str, ...], *, require_key: bool, per_minute: int,
                 storage_url: str | None = None) -> None:
        from limits import RateLimitItemPerMinute

        self.keys = keys
        self.require_key = require_key
        self.per_minute = per_minute
        self.item = RateLimitItemPerMinute(per_minute, namespace=NAMESPACE) if per_minute > 0 \
            else None
        self.limiter = RateLimiter(storage_url) if self.item is not None else None

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
        if self.limiter is None or self.item is None:
            return
        wait = self.limiter.hit(self.item, identity)
        if wait > 0:
            raise HTTPException(429, f"rate limit of {self.per_minute} requests a minute "
                                     "reached; retry later",
                                headers={"Retry-After": str(max(1, math.ceil(wait)))})


def _policy(request: Request) -> AccessPolicy:
    policy: AccessPolicy = request.app.state.ctx.access
    return policy


def require_key(request: Request, api_key: Annotated[str | None, Security(_header)] = None) -> str:
    return _policy(request).identity(request, api_key)


def rate_limited(request: Request, api_key: Annotated[str | None, Security(_header)] = None) -> None:
    policy = _policy(request)
    policy.limit(policy.identity(request, api_key))
