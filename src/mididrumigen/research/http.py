"""Http: how every collector talks to the web, around the httpx.AsyncClient it is given.

- Per-API rate limits: a `Limit(key, interval_s, serial)` per call site — MusicBrainz one
  request a second, arXiv one per three seconds, Wikipedia one at a time (serial). Counted by
  a rate_limits.RateLimiter (the `limits` library: in memory, or in Redis and so shared by
  every process when the caller hands one over that was built with a redis:// URL).
- Retries on 429, 502, 503, 504 and transport errors through tenacity (mididrumigen.retrying):
  what Retry-After says, or an exponential backoff with jitter; a Retry-After longer than
  settings.max_retry_after_s gives up at once.
- An on-disk cache (DiskCache) of successful GETs with a TTL.
- robots.txt, checked for pages that are not APIs (`get_page`), remembered for an hour.
- A descriptive User-Agent with the contact from settings.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import ResearchError
from ..rate_limits import RateLimiter
from ..retrying import Sleep, async_retrying, retry_after_seconds
from .cache import DiskCache, cache_key
from .settings import ResearchSettings

if TYPE_CHECKING:
    import httpx
    from limits import RateLimitItem

RETRY_STATUSES = frozenset({429, 502, 503, 504})
MAX_BODY = 5_000_000
BACKOFF_BASE_S, BACKOFF_MAX_S, JITTER = 0.5, 8.0, 0.25
ROBOTS_TTL_S, ROBOTS_KEPT = 3600.0, 256
NAMESPACE = "mididrumigen-research"


class FetchError(ResearchError):
    """A request failed for good; `status` is the HTTP status when there was one."""

    def __init__(self, message: str, *, url: str, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Limit:
    """A rate limit shared by every request with the same key: at most one request per
    `interval_s` (below a second: round(1 / interval_s) a second), and with `serial` one at a
    time."""

    key: str
    interval_s: float = 0.0
    serial: bool = False

    def item(self) -> RateLimitItem | None:
        """The limit as a `limits` item (None: no rate, only `serial`)."""
        from limits import RateLimitItemPerSecond

        if self.interval_s <= 0:
            return None
        if self.interval_s >= 1:
            return RateLimitItemPerSecond(1, round(self.interval_s), namespace=NAMESPACE)
        return RateLimitItemPerSecond(round(1 / self.interval_s), 1, namespace=NAMESPACE)


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    status: int
    content_type: str
    text: str
    from_cache: bool = False

    def json(self) -> Any:
        try:
            return json.loads(self.text)
        except ValueError as e:
            raise FetchError(f"malformed JSON from {self.url}: {e}", url=self.url,
                             status=self.status) from None


def _transient(error: BaseException) -> bool:
    """Worth retrying: a transport error (no status) or 429/502/503/504."""
    return isinstance(error, FetchError) and (error.status is None
                                              or error.status in RETRY_STATUSES)


class Http:
    """Rate-limited, retrying, caching GETs over one httpx.AsyncClient."""

    def __init__(self, client: httpx.AsyncClient, settings: ResearchSettings | None = None, *,
                 cache: DiskCache | None = None, use_cache: bool = True,
                 sleep: Sleep | None = None, rng: random.Random | None = None,
                 rate_limiter: RateLimiter | None = None) -> None:
        from cachetools import TTLCache

        self.client = client
        self.settings = settings or ResearchSettings()
        cache_dir = self.settings.effective_cache_dir()
        if cache is None and use_cache and self.settings.cache_ttl_s > 0 and cache_dir is not None:
            cache = DiskCache(cache_dir, self.settings.cache_ttl_s)
        self.cache = cache
        self.sleep = sleep  # between retries (tests pass a fake); rate limits wait real time
        self.rng = rng or random.Random()
        self.rate_limiter = rate_limiter or RateLimiter()
        self.user_agent = self.settings.user_agent()
        self._serial: dict[str, asyncio.Lock] = {}
        self._robots: TTLCache[str, Any] = TTLCache(ROBOTS_KEPT, ROBOTS_TTL_S)
        self.requests = 0  # requests that reached the network
        self.rate_limited = 0  # times a request waited for its rate limit

    async def get(self, url: str, *, params: Mapping[str, Any] | None = None,
                  limit: Limit | None = None, accept: str = "application/json",
                  cache: bool = True) -> Fetched:
        key = cache_key(url, params, accept)
        if cache and self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                return Fetched(hit["url"], hit["status"], hit["content_type"], hit["text"], True)
        s = self.settings
        retrying = async_retrying(retry_on=_transient, retries=s.retries,
                                  base_delay_s=BACKOFF_BASE_S, max_delay_s=BACKOFF_MAX_S,
                                  jitter=JITTER, max_retry_after_s=s.max_retry_after_s,
                                  sleep=self.sleep, rng=self.rng)
        fetched: Fetched = await retrying(self._fetch, url, params,
                                          limit or Limit(urlsplit(url).netloc), accept)
        if cache and self.cache is not None:
            self.cache.put(key, fetched.url, fetched.status, fetched.content_type, fetched.text)
        return fetched

    async def _fetch(self, url: str, params: Mapping[str, Any] | None, limit: Limit,
                     accept: str) -> Fetched:
        """One request: the page, or FetchError with the status and what Retry-After said."""
        response = await self._limited(url, params, limit, accept)
        status = response.status_code
        if status == 200:
            return Fetched(str(response.url), status, response.headers.get("content-type", ""),
                           response.text[:MAX_BODY])
        retry_after = retry_after_seconds(response.headers)
        asked = f", asked to wait {retry_after:g} s" if retry_after is not None else ""
        raise FetchError(f"{url}: HTTP {status}{asked}", url=url, status=status,
                         retry_after=retry_after)

    async def _limited(self, url: str, params: Mapping[str, Any] | None, limit: Limit,
                       accept: str) -> httpx.Response:
        if limit.serial:
            async with self._serial.setdefault(limit.key, asyncio.Lock()):
                await self._wait_for_rate(limit)
                return await self._send(url, params, accept)
        await self._wait_for_rate(limit)
        return await self._send(url, params, accept)

    async def _wait_for_rate(self, limit: Limit) -> None:
        item = limit.item()
        if item is None:
            return
        limiter = self.rate_limiter
        while True:
            # Redis answers over the network: off the event loop; memory answers at once
            wait = (await asyncio.to_thread(limiter.hit, item, limit.key) if limiter.shared
                    else limiter.hit(item, limit.key))
            if wait <= 0:
                return
            self.rate_limited += 1
            await asyncio.sleep(wait)  # real time: the API's clock, not a test's fake sleep

    async def _send(self, url: str, params: Mapping[str, Any] | None,
                    accept: str) -> httpx.Response:
        import httpx

        self.requests += 1
        try:
            return await self.client.get(url, params=dict(params or {}), follow_redirects=True,
                                         headers={"User-Agent": self.user_agent, "Accept": accept})
        except httpx.TimeoutException:
            raise FetchError(f"{url}: timed out", url=url) from None
        except httpx.HTTPError as e:
            raise FetchError(f"{url}: {type(e).__name__}: {e}", url=url) from None

    async def get_json(self, url: str, *, params: Mapping[str, Any] | None = None,
                       limit: Limit | None = None) -> Any:
        return (await self.get(url, params=params, limit=limit)).json()

    async def allowed(self, url: str) -> bool:
        """What the site's robots.txt says about our User-Agent fetching `url`."""
        from urllib.robotparser import RobotFileParser

        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        parser = self._robots.get(origin)
        if parser is None:
            parser = RobotFileParser()
            try:
                robots = await self.get(origin + "/robots.txt", accept="text/plain",
                                        limit=Limit(parts.netloc))
                parser.parse(robots.text.splitlines())
            except FetchError as e:
                if e.status in (401, 403):
                    parser.disallow_all = True
                elif e.status is not None and 400 <= e.status < 500:
                    parser.allow_all = True
                else:
                    parser.disallow_all = True  # unreachable robots.txt: stay away
            self._robots[origin] = parser
        return bool(parser.can_fetch(self.user_agent, url))

    async def get_page(self, url: str) -> Fetched:
        """A web page (not an API), only when robots.txt allows it."""
        if not await self.allowed(url):
            raise FetchError(f"{url}: disallowed by robots.txt", url=url, status=None)
        return await self.get(url, accept="text/html,application/xhtml+xml", limit=Limit(
            urlsplit(url).netloc, interval_s=1.0))
