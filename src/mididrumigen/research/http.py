"""Http: how every collector talks to the web, around the httpx.AsyncClient it is given.

- Per-API rate limits: a `Limit(key, interval_s, serial)` per call site — MusicBrainz one
  request a second, arXiv one per three seconds, Wikipedia one at a time (serial).
- Retries on 429, 502, 503, 504 and transport errors, waiting what Retry-After says (seconds or
  an HTTP date) or an exponential backoff with jitter; a Retry-After longer than
  settings.max_retry_after_s gives up at once.
- An on-disk cache (DiskCache) of successful GETs with a TTL.
- robots.txt, checked for pages that are not APIs (`get_page`).
- A descriptive User-Agent with the contact from settings.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import ResearchError
from .cache import DiskCache, cache_key
from .settings import ResearchSettings

if TYPE_CHECKING:
    import httpx

RETRY_STATUSES = frozenset({429, 502, 503, 504})
MAX_BODY = 5_000_000


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
    """A rate limit shared by every request with the same key."""

    key: str
    interval_s: float = 0.0
    serial: bool = False


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


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else time.time()
    return max(0.0, when.timestamp() - current)


class _Gate:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.last = -1e18


class Http:
    """Rate-limited, retrying, caching GETs over one httpx.AsyncClient."""

    def __init__(self, client: httpx.AsyncClient, settings: ResearchSettings | None = None, *,
                 cache: DiskCache | None = None, use_cache: bool = True,
                 sleep: Callable[[float], Awaitable[None]] | None = None,
                 rng: random.Random | None = None) -> None:
        self.client = client
        self.settings = settings or ResearchSettings()
        if cache is None and use_cache and self.settings.cache_ttl_s > 0:
            cache = DiskCache(self.settings.effective_cache_dir(), self.settings.cache_ttl_s)
        self.cache = cache
        self.sleep = sleep or asyncio.sleep
        self.rng = rng or random.Random()
        self.user_agent = self.settings.user_agent()
        self._gates: dict[str, _Gate] = {}
        self._robots: dict[str, Any] = {}
        self.requests = 0  # requests that reached the network

    def _gate(self, key: str) -> _Gate:
        return self._gates.setdefault(key, _Gate())

    async def get(self, url: str, *, params: Mapping[str, Any] | None = None,
                  limit: Limit | None = None, accept: str = "application/json",
                  cache: bool = True) -> Fetched:
        key = cache_key(url, params, accept)
        if cache and self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                return Fetched(hit["url"], hit["status"], hit["content_type"], hit["text"], True)
        limit = limit or Limit(urlsplit(url).netloc)
        attempt = 0
        while True:
            try:
                response = await self._limited(url, params, limit, accept)
            except FetchError as e:
                if e.status is None and attempt < self.settings.retries:
                    await self.sleep(self.backoff(attempt))
                    attempt += 1
                    continue
                raise
            status = response.status_code
            if status == 200:
                fetched = Fetched(str(response.url), status,
                                  response.headers.get("content-type", ""), response.text[:MAX_BODY])
                if cache and self.cache is not None:
                    self.cache.put(key, fetched.url, status, fetched.content_type, fetched.text)
                return fetched
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            if status in RETRY_STATUSES and attempt < self.settings.retries:
                if retry_after is not None and retry_after > self.settings.max_retry_after_s:
                    raise FetchError(f"{url}: HTTP {status}, asked to wait {retry_after:g} s",
                                     url=url, status=status, retry_after=retry_after)
                await self.sleep(retry_after if retry_after is not None else self.backoff(attempt))
                attempt += 1
                continue
            raise FetchError(f"{url}: HTTP {status}", url=url, status=status,
                             retry_after=retry_after)

    def backoff(self, attempt: int) -> float:
        base = min(8.0, 0.5 * 2 ** attempt)
        return base * (1.0 + self.rng.uniform(-0.25, 0.25))

    async def _limited(self, url: str, params: Mapping[str, Any] | None, limit: Limit,
                       accept: str) -> httpx.Response:
        gate = self._gate(limit.key)
        if limit.serial:
            async with gate.lock:
                return await self._send(url, params, accept)
        async with gate.lock:
            wait = gate.last + limit.interval_s - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)  # real time: the API's clock, not a test's fake sleep
            gate.last = time.monotonic()
        return await self._send(url, params, accept)

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


def now_utc() -> datetime:
    return datetime.now(UTC)
