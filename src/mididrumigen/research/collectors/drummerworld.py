"""Drummerworld (drummerworld.com): the drummer's reference page, read with trafilatura
(robots.txt respected); the lexicon turns its text into traits (one drop, shuffle, ghost
notes, behind the beat…) with the sentence each was found in.

Drummer pages live at /drummers/<First_Last>.html (/drummers/Questlove.html,
/drummers/Carlton_Barrett.html). The collector tries the artist's own name and the names of
the artist's drummers that research already knows (the knowledge base's, passed as the
query's `drummers` hint), at most MAX_PAGES; a name without a page (404) is skipped.
"""

from __future__ import annotations

import re
import unicodedata

from ..evidence import Evidence, ResearchQuery
from ..http import FetchError, Http
from ..registry import Collector
from .articles import article_evidence

LICENSE = "© Drummerworld; excerpt quoted as evidence"
MAX_PAGES = 3


def page_name(name: str) -> str:
    """'Carlton “Carlie” Barrett' → 'Carlton_Barrett'; 'Questlove' → 'Questlove'."""
    plain = re.sub(r"[\"“”‘’].*?[\"“”‘’]|(?<!\w)'.*?'(?!\w)", " ", name)  # "nicknames"
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9.-]+", plain)
    return "_".join(w.strip(".") for w in words if w.strip("."))


class DrummerworldCollector(Collector):
    name = "drummerworld"
    online = True

    def names(self, query: ResearchQuery) -> list[str]:
        drummers = [str(d) for d in query.hints.get("drummers", ()) if str(d).strip()]
        pages = [page_name(n) for n in [query.artist, *drummers]]
        return list(dict.fromkeys(p for p in pages if p))[:MAX_PAGES]

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        base = http.settings.drummerworld_url.rstrip("/")
        out: list[Evidence] = []
        errors: list[str] = []
        for i, page in enumerate(self.names(query)):
            url = f"{base}/drummers/{page}.html"
            try:
                fetched = await http.get_page(url)
            except FetchError as e:
                if e.status != 404:
                    errors.append(str(e))
                continue
            own = i == 0  # the artist's own page; the others are its drummers'
            ev = article_evidence(self.name, url, fetched.text, query.artist, license=LICENSE,
                                  title=f"Drummerworld: {page.replace('_', ' ')}",
                                  named=0.5, unnamed=0.2 if own else 0.45)
            if ev is not None:
                out.append(ev)
        if errors and not out:
            raise FetchError("; ".join(errors)[:600], url=base)
        return out
