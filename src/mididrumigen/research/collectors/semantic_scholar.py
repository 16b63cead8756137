"""Semantic Scholar Graph API: papers that name the artist; tempo mentions and descriptors."""

from __future__ import annotations

from ..evidence import Evidence, ResearchQuery
from ..http import Http, Limit
from ..registry import Collector
from .paper_text import MAX_PAPERS, paper_evidence, search_words

LIMIT = Limit("semantic_scholar", interval_s=1.0)
LICENSE = "Semantic Scholar API (abstracts: the publishers' terms; quoted as evidence)"


class SemanticScholarCollector(Collector):
    name = "semantic_scholar"
    online = True
    depths = ("full",)

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        base = http.settings.semantic_scholar_url.rstrip("/")
        doc = await http.get_json(f"{base}/paper/search", limit=LIMIT, params={
            "query": search_words(query.artist), "limit": MAX_PAPERS,
            "fields": "title,abstract,year,url,externalIds"})
        out = []
        for p in (doc.get("data") or [] if isinstance(doc, dict) else []):
            if not isinstance(p, dict):
                continue
            url = p.get("url") or f"https://www.semanticscholar.org/paper/{p.get('paperId', '')}"
            ev = paper_evidence(self.name, query.artist, url, str(p.get("title") or ""),
                                str(p.get("abstract") or ""), p.get("year"), LICENSE)
            if ev is not None:
                out.append(ev)
        return out
