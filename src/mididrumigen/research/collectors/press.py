"""The drumming press: articles found through the sites' own search pages, read with
trafilatura (robots.txt respected for every page); the lexicon turns the text into traits with
the sentence each was found in, and tempo mentions.

Built-in sites: Pitchfork (`/search/?query=ARTIST`, result links to /reviews/albums/,
/reviews/tracks/, /features/, /news/) and Rolling Stone (its WordPress search `/?s=ARTIST`,
result links to /music/music-features/, -news/, -album-reviews/, -live-reviews/). More sites in
MIDIDRUMIGEN_RESEARCH_PRESS_SITES: comma-separated `name|https://site/search?q={query}|link
regex` (the regex's first group is the article's path or URL). At most
settings.press_max_articles articles per site (2 at depth quick); an article that does not
name the artist is not kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from ..evidence import Evidence, ResearchQuery
from ..http import FetchError, Http
from ..registry import Collector
from ..web import search_page
from .articles import article_evidence

LICENSE = "© the publisher; excerpt quoted as evidence"
QUICK_ARTICLES = 2


@dataclass(frozen=True, slots=True)
class Site:
    name: str
    search: str  # URL with {query}
    links: str  # regex; group 1 is an article path or URL


def sites(http: Http) -> list[Site]:
    s = http.settings
    out = [
        Site("pitchfork", s.pitchfork_url.rstrip("/") + "/search/?query={query}",
             r'href="((?:https?://[^/"]+)?/(?:reviews/albums|reviews/tracks|features|news)/'
             r'[^"#?]+)"'),
        Site("rollingstone", s.rollingstone_url.rstrip("/") + "/?s={query}",
             r'href="((?:https?://[^/"]+)?/music/music-(?:features|news|album-reviews|'
             r'live-reviews)/[^"#?]+)"'),
    ]
    for spec in filter(None, (x.strip() for x in s.press_sites.split(","))):
        parts = spec.split("|", 2)
        if len(parts) == 3 and "{query}" in parts[1]:
            out.append(Site(parts[0].strip(), parts[1].strip(), parts[2].strip()))
    return out


def article_links(html: str, page_url: str, pattern: str, limit: int) -> list[str]:
    """Absolute article URLs on the page's host, in page order, without duplicates."""
    host = urlsplit(page_url).netloc
    found = []
    for m in re.finditer(pattern, html):
        url = urljoin(page_url, m.group(1))
        if urlsplit(url).netloc == host and url not in found:
            found.append(url)
        if len(found) >= limit:
            break
    return found


class PressCollector(Collector):
    name = "press"
    online = True
    weight = 1.5

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        limit = (http.settings.press_max_articles if query.depth == "full"
                 else min(QUICK_ARTICLES, http.settings.press_max_articles))
        out: list[Evidence] = []
        errors: list[str] = []
        for site in sites(http):
            template = urlsplit(site.search.replace("{query}", "QUERY"))
            base = f"{template.scheme}://{template.netloc}{template.path}"
            params = {k: v.replace("QUERY", query.artist)
                      for k, v in parse_qsl(template.query, keep_blank_values=True)}
            try:
                page = await search_page(http, base, params)
            except FetchError as e:
                errors.append(f"{site.name}: {e}")
                continue
            for url in article_links(page.text, page.url or base, site.links, limit):
                try:
                    article = await http.get_page(url)
                except FetchError as e:
                    errors.append(f"{site.name}: {e}")
                    continue
                ev = article_evidence(self.name, url, article.text, query.artist,
                                      license=LICENSE, title=f"{site.name}: {url}")
                if ev is not None and ev.payload["mentions_artist"]:
                    out.append(ev)
        if errors and not out:
            raise FetchError("; ".join(errors)[:600], url="")
        return out
