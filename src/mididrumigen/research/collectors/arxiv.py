"""arXiv API (Atom feed): papers that name the artist. One request per three seconds."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..evidence import Evidence, ResearchQuery
from ..http import FetchError, Http, Limit
from ..registry import Collector
from .paper_text import MAX_PAPERS, paper_evidence

LIMIT = Limit("arxiv", interval_s=3.0)
LICENSE = "arXiv metadata: CC0; abstracts under each paper's license"
ATOM = "{http://www.w3.org/2005/Atom}"


class ArxivCollector(Collector):
    name = "arxiv"
    online = True
    depths = ("full",)

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        url = f"{http.settings.arxiv_url.rstrip('/')}/query"
        name = query.artist.replace('"', " ")
        fetched = await http.get(url, limit=LIMIT, accept="application/atom+xml", params={
            "search_query": f'all:"{name}" AND (all:drum OR all:rhythm OR all:groove)',
            "start": 0, "max_results": MAX_PAPERS})
        try:
            root = ET.fromstring(fetched.text)
        except ET.ParseError as e:
            raise FetchError(f"malformed Atom from {url}: {e}", url=url) from None
        out = []
        for entry in root.iter(f"{ATOM}entry"):
            title = " ".join((entry.findtext(f"{ATOM}title") or "").split())
            summary = " ".join((entry.findtext(f"{ATOM}summary") or "").split())
            link = entry.findtext(f"{ATOM}id") or ""
            published = entry.findtext(f"{ATOM}published") or ""
            year = int(published[:4]) if published[:4].isdigit() else None
            ev = paper_evidence(self.name, query.artist, link, title, summary, year, LICENSE)
            if ev is not None:
                out.append(ev)
        return out
