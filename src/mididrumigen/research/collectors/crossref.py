"""Crossref REST API (/works): papers and books that name the artist."""

from __future__ import annotations

from ..evidence import Evidence, ResearchQuery
from ..http import Http, Limit
from ..registry import Collector
from .paper_text import MAX_PAPERS, paper_evidence, search_words

LIMIT = Limit("crossref", interval_s=0.2)
LICENSE = "Crossref metadata: CC0; abstracts under the publishers' terms"


class CrossrefCollector(Collector):
    name = "crossref"
    online = True
    depths = ("full",)

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        base = http.settings.crossref_url.rstrip("/")
        params = {"query.bibliographic": search_words(query.artist), "rows": MAX_PAPERS,
                  "select": "DOI,title,abstract,URL,published"}
        if "@" in http.settings.contact:
            params["mailto"] = http.settings.contact  # Crossref's "polite pool"
        doc = await http.get_json(f"{base}/works", limit=LIMIT, params=params)
        items = ((doc.get("message") or {}).get("items") or []) if isinstance(doc, dict) else []
        out = []
        for item in items:
            if not isinstance(item, dict):
                continue
            titles = item.get("title") or [""]
            parts = ((item.get("published") or {}).get("date-parts") or [[None]])[0]
            year = parts[0] if parts and isinstance(parts[0], int) else None
            url = item.get("URL") or f"https://doi.org/{item.get('DOI', '')}"
            ev = paper_evidence(self.name, query.artist, url, str(titles[0]),
                                str(item.get("abstract") or ""), year, LICENSE)
            if ev is not None:
                out.append(ev)
        return out
