"""What collectors need from the web beyond research.http.Http's own calls, built on its public
API (robots.txt through `Http.allowed`, rate limits and retries through `Http.get`, the shared
client and User-Agent):

    search_page(http, url, params)   a site's search page with its query (robots.txt first)
    fetch_bytes(http, url, ...)      a binary file (a MIDI download), size-limited

`Http.get_page` takes no query parameters (and httpx drops a query written into the URL when
empty params are passed), and `Http.get` keeps text only, so these two live here.
"""

from __future__ import annotations

from .http import Fetched, FetchError, Http, Limit

MIDI_ACCEPT = "audio/midi, audio/x-midi, application/octet-stream;q=0.9, */*;q=0.1"


async def search_page(http: Http, url: str, params: dict[str, str]) -> Fetched:
    """A site's search page (HTML) with its query, only when robots.txt allows it."""
    from urllib.parse import urlencode, urlsplit

    full = f"{url}?{urlencode(params)}"
    if not await http.allowed(full):
        raise FetchError(f"{full}: disallowed by robots.txt", url=full)
    return await http.get(url, params=params, accept="text/html,application/xhtml+xml",
                          limit=Limit(urlsplit(url).netloc, interval_s=1.0))


async def fetch_bytes(http: Http, url: str, *, max_bytes: int, referer: str = "",
                      accept: str = MIDI_ACCEPT) -> bytes:
    """A binary GET through the research client (robots.txt first), at most `max_bytes`."""
    import httpx

    if not await http.allowed(url):
        raise FetchError(f"{url}: disallowed by robots.txt", url=url)
    headers = {"User-Agent": http.user_agent, "Accept": accept}
    if referer:
        headers["Referer"] = referer
    http.requests += 1
    try:
        async with http.client.stream("GET", url, headers=headers,
                                      follow_redirects=True) as response:
            if response.status_code != 200:
                raise FetchError(f"{url}: HTTP {response.status_code}", url=url,
                                 status=response.status_code)
            declared = int(response.headers.get("content-length") or 0)
            if declared > max_bytes:
                raise FetchError(f"{url}: {declared:,} bytes, more than the {max_bytes:,} "
                                 "byte limit", url=url)
            data = bytearray()
            async for chunk in response.aiter_bytes():
                data += chunk
                if len(data) > max_bytes:
                    raise FetchError(f"{url}: more than the {max_bytes:,} byte limit", url=url)
            return bytes(data)
    except httpx.TimeoutException:
        raise FetchError(f"{url}: timed out", url=url) from None
    except httpx.HTTPError as e:
        raise FetchError(f"{url}: {type(e).__name__}: {e}", url=url) from None
