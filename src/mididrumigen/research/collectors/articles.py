"""Web articles: user-given URLs (and, when research is online, configured sites), extracted with
trafilatura. robots.txt is respected; only an excerpt of the text is kept.

Giving `--url` is consent to fetch that URL, so user-given URLs are read even when research is
offline; configured sites (settings.article_sites) are read only when it is online.
"""

from __future__ import annotations

from ..evidence import Evidence, ResearchQuery
from ..http import FetchError, Http
from ..lexicon import analyze_text
from ..naming import names_artist
from ..registry import Collector
from .paper_text import mentions

LICENSE = "© the publisher; excerpt quoted as evidence"
MAX_EXCERPT = 4000
MAX_URLS = 20


def extract_text(html: str, url: str) -> str:
    """The article's main text (trafilatura), or '' when there is none."""
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False, include_tables=False,
                               favor_precision=True) or ""


def article_evidence(source: str, url: str, html: str, artist: str, *, license: str = LICENSE,
                     title: str = "", named: float = 0.45, unnamed: float = 0.15
                     ) -> Evidence | None:
    """An article page as evidence: its main text (an excerpt is kept), whether it names the
    artist, the descriptors it uses with their sentences, and tempo mentions. None when the
    page has no article text."""
    text = " ".join(extract_text(html, url).split())
    if not text:
        return None
    said = mentions(artist, text) and names_artist(text, [artist])  # "Roots Manuva" ≠ The Roots
    return Evidence(source, url, {"text": text[:MAX_EXCERPT], "mentions_artist": said,
                                  **analyze_text(text).to_payload()},
                    named if said else unnamed, license, title=title or url)


def _check_url(url: str) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"not an http(s) URL: {url!r}", url=url)


class ArticlesCollector(Collector):
    name = "articles"
    online = False  # runs for user-given URLs; configured sites only when online

    def urls(self, query: ResearchQuery, http: Http | None = None) -> list[str]:
        urls = list(query.urls)
        if query.online and http is not None:
            urls += [u.strip() for u in http.settings.article_sites.split(",") if u.strip()]
        return list(dict.fromkeys(urls))[:MAX_URLS]

    def applies(self, query: ResearchQuery) -> bool:
        return bool(query.urls) or query.online

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        out = []
        errors = []
        urls = self.urls(query, http)
        for url in urls:
            try:
                _check_url(url)
                page = await http.get_page(url)
            except FetchError as e:
                errors.append(str(e))
                continue
            ev = article_evidence(self.name, url, page.text, query.artist)
            if ev is None:
                errors.append(f"{url}: no article text found")
                continue
            out.append(ev)
        if errors and not out:
            raise FetchError("; ".join(errors)[:600], url=urls[0] if urls else "")
        return out
