"""Http: retries honouring Retry-After, backoff with jitter, cache with TTL, robots.txt,
rate limits (shared through Redis), the User-Agent."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from mididrumigen.rate_limits import RateLimiter
from mididrumigen.research.cache import DiskCache
from mididrumigen.research.http import FetchError, Http, Limit
from mididrumigen.retrying import retry_after_seconds
from test_research_support import Sleeps, settings_for

REDIS = "redis://127.0.0.1:6379/12"


def run(coro):
    return asyncio.run(coro)


async def _get(server, settings, path, *, cache=None, sleeps=None, **kw):
    async with httpx.AsyncClient() as client:
        http = Http(client, settings, cache=cache, use_cache=cache is not None,
                    sleep=sleeps or Sleeps())
        return await http.get(server.url_for(path), **kw), http


def test_429_waits_what_retry_after_says_then_succeeds(httpserver) -> None:
    httpserver.expect_oneshot_request("/x").respond_with_json({"m": "slow"}, status=429,
                                                              headers={"Retry-After": "2"})
    httpserver.expect_request("/x").respond_with_json({"ok": 1})
    sleeps = Sleeps()
    fetched, http = run(_get(httpserver, settings_for(httpserver), "/x", sleeps=sleeps))
    assert fetched.json() == {"ok": 1}
    assert sleeps.calls == [2.0]
    assert http.requests == 2


def test_503_backs_off_with_jitter_then_gives_up(httpserver) -> None:
    httpserver.expect_request("/down").respond_with_data("busy", status=503)
    sleeps = Sleeps()
    with pytest.raises(FetchError) as info:
        run(_get(httpserver, settings_for(httpserver, retries=2), "/down", sleeps=sleeps))
    assert info.value.status == 503
    assert len(sleeps.calls) == 2
    assert 0.375 <= sleeps.calls[0] <= 0.625 and 0.75 <= sleeps.calls[1] <= 1.25


def test_a_long_retry_after_gives_up_at_once(httpserver) -> None:
    httpserver.expect_request("/slow").respond_with_data("", status=429,
                                                         headers={"Retry-After": "3600"})
    sleeps = Sleeps()
    with pytest.raises(FetchError) as info:
        run(_get(httpserver, settings_for(httpserver), "/slow", sleeps=sleeps))
    assert info.value.retry_after == 3600 and sleeps.calls == []


def test_404_is_not_retried(httpserver) -> None:
    httpserver.expect_request("/missing").respond_with_json({"error": "Not Found"}, status=404)
    sleeps = Sleeps()
    with pytest.raises(FetchError) as info:
        run(_get(httpserver, settings_for(httpserver), "/missing", sleeps=sleeps))
    assert info.value.status == 404 and sleeps.calls == []


def test_retry_after_as_http_date() -> None:
    now = datetime.fromtimestamp(1445412470.0, UTC)
    assert retry_after_seconds({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, now=now) == 10.0
    assert retry_after_seconds({"Retry-After": "soon"}) is None
    assert retry_after_seconds({"retry-after": "1.5"}) == 1.5
    assert retry_after_seconds({"retry-after-ms": "250", "Retry-After": "9"}) == 0.25
    assert retry_after_seconds({}, {"error": {"details": [{"retryDelay": "30s"}]}}) == 30.0


def test_cache_serves_repeats_within_the_ttl_and_refetches_after(httpserver, tmp_path) -> None:
    httpserver.expect_request("/c").respond_with_json({"n": 1})
    now = [1000.0]
    cache = DiskCache(tmp_path, ttl_s=60, clock=lambda: now[0])
    settings = settings_for(httpserver)

    async def three() -> list[bool]:
        async with httpx.AsyncClient() as client:
            http = Http(client, settings, cache=cache, sleep=Sleeps())
            url = httpserver.url_for("/c")
            first = await http.get(url, params={"q": "a"})
            second = await http.get(url, params={"q": "a"})
            now[0] += 61
            third = await http.get(url, params={"q": "a"})
            return [first.from_cache, second.from_cache, third.from_cache]

    assert run(three()) == [False, True, False]
    assert len(httpserver.log) == 2


def test_user_agent_names_the_project_and_the_contact(httpserver) -> None:
    httpserver.expect_request("/ua").respond_with_json({})
    run(_get(httpserver, settings_for(httpserver, contact="ops@example.org"), "/ua"))
    agent = httpserver.log[0][0].headers["User-Agent"]
    assert agent.startswith("MidiDrumiGen/") and "ops@example.org" in agent


def test_robots_txt_is_respected_for_pages(httpserver) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    httpserver.expect_request("/public/a").respond_with_data("<p>hi</p>")

    async def both() -> tuple[str, str]:
        async with httpx.AsyncClient() as client:
            http = Http(client, settings_for(httpserver), use_cache=False, sleep=Sleeps())
            ok = await http.get_page(httpserver.url_for("/public/a"))
            with pytest.raises(FetchError, match="robots.txt"):
                await http.get_page(httpserver.url_for("/private/b"))
            return ok.text, str(http.requests)

    text, requests = run(both())
    assert text == "<p>hi</p>" and requests == "2"  # robots.txt once, the allowed page once


def test_rate_limit_spaces_requests_with_the_same_key(httpserver) -> None:
    httpserver.expect_request("/r").respond_with_json({})

    async def three() -> Http:
        async with httpx.AsyncClient() as client:
            http = Http(client, settings_for(httpserver), use_cache=False, sleep=Sleeps())
            limit = Limit("api", interval_s=0.5)  # two a second
            await asyncio.gather(*(http.get(httpserver.url_for("/r"), params={"i": i},
                                            limit=limit) for i in range(3)))
            return http

    http = run(three())
    assert http.requests == 3 and http.rate_limited >= 1  # the third waited for the window
    assert Limit("musicbrainz", interval_s=1.0).item().amount == 1  # type: ignore[union-attr]
    assert Limit("wikipedia", serial=True).item() is None


def test_rate_limits_are_shared_through_redis(httpserver) -> None:
    """Two processes' Http (two limiters over one Redis) count against one window: once one
    has made MusicBrainz's one request this second, the other may not."""
    httpserver.expect_request("/mb").respond_with_json({})
    limit = Limit(f"musicbrainz-{uuid.uuid4().hex}", interval_s=1.0)
    first, second = RateLimiter(REDIS), RateLimiter(REDIS)
    assert first.shared and second.shared

    async def one(limiter: RateLimiter) -> Http:
        async with httpx.AsyncClient() as client:
            http = Http(client, settings_for(httpserver), use_cache=False, sleep=Sleeps(),
                        rate_limiter=limiter)
            await http.get(httpserver.url_for("/mb"), limit=limit)
            return http

    try:
        assert run(one(first)).rate_limited == 0
        # the other process would wait (Http waiting for a full window: the test above)
        assert not second.allows(limit.item(), limit.key)  # type: ignore[arg-type]
        assert RateLimiter().allows(limit.item(), limit.key)  # type: ignore[arg-type]  # memory: its own
    finally:
        first.clear(limit.item(), limit.key)  # type: ignore[arg-type]


def test_transport_errors_are_retried_then_reported() -> None:
    calls = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(request.url)
        raise httpx.ConnectError("refused", request=request)

    from mididrumigen.research.settings import ResearchSettings

    async def go() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as client:
            http = Http(client, ResearchSettings(retries=1, cache_ttl_s=0), sleep=Sleeps())
            await http.get("http://127.0.0.1:9/x")

    with pytest.raises(FetchError, match="ConnectError"):
        run(go())
    assert len(calls) == 2
