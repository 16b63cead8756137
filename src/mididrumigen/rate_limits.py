"""Rate limits through the `limits` library, for the API (requests per key or IP) and for the
research collectors (requests per web API).

A RateLimiter counts hits in moving windows. Its storage is memory (this process only) or Redis
when given a redis:// URL — the broker's (MIDIDRUMIGEN_BROKER_URL) — so every API process and
worker shares one count. Build one per app (create_app, a research run) and keep it; nothing
here is a module global.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from limits import RateLimitItem

REDIS_SCHEMES = ("redis://", "rediss://", "redis+unix://")
MIN_WAIT_S = 0.01  # a refused hit never says "now": the window may have moved meanwhile


def storage_uri(url: str | None) -> str:
    """The limits storage for a configured URL: Redis for redis:// URLs, else memory."""
    return url if url and url.startswith(REDIS_SCHEMES) else "memory://"


class RateLimiter:
    """Moving-window limits: `hit(item, key)` counts a request for `key` against `item` ("600
    per 1 minute") and says how long to wait when the window is full."""

    def __init__(self, storage_url: str | None = None) -> None:
        from limits.storage import storage_from_string
        from limits.strategies import MovingWindowRateLimiter

        self.storage_uri = storage_uri(storage_url)
        self.shared = self.storage_uri != "memory://"
        self._limiter = MovingWindowRateLimiter(storage_from_string(self.storage_uri))

    def hit(self, item: RateLimitItem, key: str) -> float:
        """0.0 when the request is allowed (and counted), else seconds until it would be."""
        if self._limiter.hit(item, key):
            return 0.0
        reset, _remaining = self._limiter.get_window_stats(item, key)
        return max(MIN_WAIT_S, reset - time.time())

    def allows(self, item: RateLimitItem, key: str) -> bool:
        """Would a request for `key` be allowed now? (Counts nothing.)"""
        return bool(self._limiter.test(item, key))

    def clear(self, item: RateLimitItem, key: str) -> None:
        self._limiter.clear(item, key)
