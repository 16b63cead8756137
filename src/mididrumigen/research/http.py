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
- Only public addresses (address_guard.AddressGuard): every URL and every redirect hop is
  checked after its name is resolved, and `make_client` connects only to checked addresses.
  Redirects are followed here (at most MAX_REDIRECTS), not by httpx, so each hop is seen.
- Bounded: a body is streamed and cut at MAX_BODY decoded bytes (a gzip bomb inflates no
  further), one request takes at most connect + read timeout in all (a server dripping a byte
  at a time cannot hold it), and with `budget_s` nothing runs past the research time budget.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from ..errors import ResearchError
from ..rate_limits import RateLimiter
from ..retrying import Sleep, async_retrying, retry_after_seconds
from .address_guard import AddressGuard, AddressRefused
from .cache import DiskCache, cache_key
from .settings import ResearchSettings

if TYPE_CHECKING:
    import httpx
    from limits import RateLimitItem

RETRY_STATUSES = frozenset({429, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
MAX_BODY = 5_000_000  # decoded bytes kept of one response
ACCEPT_ENCODING = "gzip, deflate"  # the encodings _Decoder inflates with a bound
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


class BlockedURL(FetchError):
    """A URL (or a redirect to one) on an address research may not reach; never retried."""


class BudgetSpent(FetchError):
    """The research time budget ran out during a request; never retried."""


def _transient(error: BaseException) -> bool:
    """Worth retrying: a transport error (no status) or 429/502/503/504."""
    return (isinstance(error, FetchError) and not isinstance(error, BlockedURL | BudgetSpent)
            and (error.status is None or error.status in RETRY_STATUSES))


def make_client(settings: ResearchSettings, *, local_addresses: bool = False,
                guard: AddressGuard | None = None) -> httpx.AsyncClient:
    """The research client: timeouts from settings, no proxies from the environment, and
    connections only to addresses `guard` checked (default: public ones and the configured
    endpoints; local_addresses: the CLI's opt-in to any)."""
    import httpx

    guard = guard or AddressGuard(trusted=AddressGuard.trusted_from(settings),
                                  allow_local=local_addresses)
    limits = httpx.Limits(max_connections=16)
    timeout = httpx.Timeout(settings.read_timeout_s, connect=settings.connect_timeout_s)
    return httpx.AsyncClient(timeout=timeout, limits=limits, trust_env=False,
                             transport=guard.transport(limits),
                             headers={"User-Agent": settings.user_agent()})


class _Decoder:
    """Content-Encoding gzip / deflate / identity, inflating at most `room` bytes at a time."""

    def __init__(self, encoding: str, url: str) -> None:
        enc = encoding.strip().lower()
        self._raw_deflate = False
        if enc in ("", "identity"):
            self._z = None
        elif enc in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj()
            self._raw_deflate = True  # may turn out to be raw deflate (no zlib header)
        else:
            raise FetchError(f"{url}: unsupported Content-Encoding {encoding!r}", url=url)

    def feed(self, data: bytes, room: int) -> bytes:
        if self._z is None:
            return data[:room]
        try:
            return self._z.decompress(data, room)
        except zlib.error:
            if not self._raw_deflate:
                raise
            self._raw_deflate = False
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)
            return self._z.decompress(data, room)


class Http:
    """Rate-limited, retrying, caching GETs over one httpx.AsyncClient."""

    def __init__(self, client: httpx.AsyncClient, settings: ResearchSettings | None = None, *,
                 cache: DiskCache | None = None, use_cache: bool = True,
                 sleep: Sleep | None = None, rng: random.Random | None = None,
                 rate_limiter: RateLimiter | None = None, guard: AddressGuard | None = None,
                 local_addresses: bool = False, budget_s: float | None = None) -> None:
        from cachetools import TTLCache

        self.client = client
        self.settings = settings or ResearchSettings()
        self.guard = guard or AddressGuard(trusted=AddressGuard.trusted_from(self.settings),
                                           allow_local=local_addresses)
        self.deadline = None if budget_s is None else time.monotonic() + budget_s
        # one request in all: connecting plus reading, however slowly the bytes arrive
        self.request_wall_s = self.settings.connect_timeout_s + self.settings.read_timeout_s
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
        """One request, following redirects (each hop checked): the page, or FetchError with
        the status and what Retry-After said."""
        import httpx

        try:
            target = httpx.URL(url)
            if params:  # merged with the URL's own query string, never replacing it
                target = target.copy_merge_params(dict(params))
        except (httpx.InvalidURL, TypeError, ValueError) as e:
            raise FetchError(f"{url}: not a valid URL ({e})", url=url) from None
        for _ in range(MAX_REDIRECTS + 1):
            status, headers, body, charset = await self._limited(target, limit, accept)
            location = headers.get("location")
            if status in REDIRECT_STATUSES and location:
                try:
                    target = httpx.URL(urljoin(str(target), location))
                except (httpx.InvalidURL, ValueError) as e:
                    raise FetchError(f"{url}: bad redirect to {location!r} ({e})", url=url,
                                     status=status) from None
                continue
            if status == 200:
                text = body.decode(charset or "utf-8", errors="replace")
                return Fetched(str(target), status, headers.get("content-type", ""), text)
            retry_after = retry_after_seconds(headers)
            asked = f", asked to wait {retry_after:g} s" if retry_after is not None else ""
            raise FetchError(f"{url}: HTTP {status}{asked}", url=url, status=status,
                             retry_after=retry_after)
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects", url=url)

    async def _limited(self, url: httpx.URL, limit: Limit, accept: str
                       ) -> tuple[int, httpx.Headers, bytes, str | None]:
        if limit.serial:
            async with self._serial.setdefault(limit.key, asyncio.Lock()):
                await self._wait_for_rate(limit)
                return await self._send(url, accept)
        await self._wait_for_rate(limit)
        return await self._send(url, accept)

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

    async def get_bytes(self, url: str, *, max_bytes: int, accept: str = "*/*",
                        headers: Mapping[str, str] | None = None) -> bytes:
        """A binary GET (a download, no cache, no retries): redirects followed hop by hop, each
        checked like any request; FetchError past `max_bytes` decoded bytes."""
        import httpx

        try:
            target = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as e:
            raise FetchError(f"{url}: not a valid URL ({e})", url=url) from None
        for _ in range(MAX_REDIRECTS + 1):
            status, got, body, _ = await self._send(target, accept, cap=max_bytes + 1,
                                                    headers=headers)
            location = got.get("location")
            if status in REDIRECT_STATUSES and location:
                target = httpx.URL(urljoin(str(target), location))
                continue
            if status != 200:
                raise FetchError(f"{url}: HTTP {status}", url=url, status=status)
            if len(body) > max_bytes:
                raise FetchError(f"{url}: more than the {max_bytes:,} byte limit", url=url)
            return body
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects", url=url)

    async def _send(self, url: httpx.URL, accept: str, *, cap: int = MAX_BODY,
                    headers: Mapping[str, str] | None = None
                    ) -> tuple[int, httpx.Headers, bytes, str | None]:
        """One GET of a checked URL: (status, headers, body of at most `cap` decoded bytes,
        charset), within the request's wall time and the research budget."""
        import httpx

        shown = str(url)
        if url.scheme not in ("http", "https"):
            raise BlockedURL(f"{shown}: only http and https URLs are read", url=shown)
        try:
            await self.guard.addresses(url.host, url.port or (443 if url.scheme == "https"
                                                              else 80))
        except AddressRefused as e:
            raise BlockedURL(f"{shown}: {e}", url=shown) from None
        wall = self.request_wall_s
        budget_left = None if self.deadline is None else self.deadline - time.monotonic()
        if budget_left is not None and budget_left <= 0:
            raise BudgetSpent(f"{shown}: the research time budget is spent", url=shown)
        self.requests += 1
        try:
            async with asyncio.timeout(wall if budget_left is None else min(wall, budget_left)):
                async with self.client.stream(
                        "GET", url, follow_redirects=False,
                        headers={**(headers or {}), "User-Agent": self.user_agent,
                                 "Accept": accept, "Accept-Encoding": ACCEPT_ENCODING}
                ) as response:
                    body = (await _read_capped(response, shown, cap)
                            if response.status_code == 200 else b"")
                    return (response.status_code, response.headers, body,
                            response.charset_encoding)
        except TimeoutError:
            if self.deadline is not None and time.monotonic() >= self.deadline:
                raise BudgetSpent(f"{shown}: the research time budget ran out", url=shown) \
                    from None
            raise FetchError(f"{shown}: timed out after {wall:g} s", url=shown) from None
        except AddressRefused as e:  # the transport's own check, at connect time
            raise BlockedURL(f"{shown}: {e}", url=shown) from None
        except httpx.TimeoutException:
            raise FetchError(f"{shown}: timed out", url=shown) from None
        except (httpx.HTTPError, zlib.error) as e:
            raise FetchError(f"{shown}: {type(e).__name__}: {e}", url=shown) from None

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
            except BlockedURL:
                raise
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


async def _read_capped(response: httpx.Response, url: str, cap: int = MAX_BODY) -> bytes:
    """The decoded body, cut at `cap` bytes; reading stops there."""
    decoder = _Decoder(response.headers.get("content-encoding", ""), url)
    parts: list[bytes] = []
    size = 0
    async for raw in response.aiter_raw():
        chunk = decoder.feed(raw, cap - size)
        parts.append(chunk)
        size += len(chunk)
        if size >= cap:
            break
    return b"".join(parts)
