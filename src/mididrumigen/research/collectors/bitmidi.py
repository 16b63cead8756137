"""BitMIDI (bitmidi.com): its JSON search API, then the artist's songs as MIDI files.

Search: `GET /api/midi/search?q=ARTIST&page=0&pageSize=N` answers
`{"result": {"results": [{"id", "name", "slug", "url", "downloadUrl", "plays", …}], "total",
"pageTotal"}}` (the shape of bitmidi.com's open-source server: a name such as
"The Roots - The Seed.mid", a page at `url` = "/<slug>", the file at `downloadUrl` =
"/uploads/<id>.mid"). The hits that name the artist are downloaded and read like the user's
own MIDI files (research.midi_downloads).

robots.txt is respected for the files: bitmidi.com's own robots.txt disallows /uploads/ for
every crawler, so against the live site this collector finds the songs but may not fetch them,
and says so (a failure naming robots.txt). A mirror that allows it works end to end.
"""

from __future__ import annotations

from typing import Any

from ..evidence import Evidence, ResearchQuery
from ..http import FetchError, Http, Limit
from ..midi_downloads import MidiHit, research_hits
from ..registry import Collector

LIMIT = Limit("bitmidi", interval_s=1.0)
LICENSE = ("BitMIDI: files uploaded by its users; downloaded to your data dir for analysis, "
           "never redistributed")
PAGE_SIZE = 20


def hits(doc: Any, base: str) -> list[MidiHit]:
    """Search JSON → hits (malformed entries skipped)."""
    results = ((doc or {}).get("result") or {}).get("results") if isinstance(doc, dict) else None
    out = []
    for r in results or []:
        if not isinstance(r, dict) or not r.get("id") or not r.get("name"):
            continue
        name = str(r["name"]).removesuffix(".mid").removesuffix(".MID")
        artist = name.split(" - ", 1)[0] if " - " in name else ""
        download = str(r.get("downloadUrl") or f"/uploads/{r['id']}.mid")
        page = str(r.get("url") or f"/{r.get('slug') or r['id']}")
        out.append(MidiHit("bitmidi", str(r["id"]), name.replace("_", " "), artist,
                           base + page if page.startswith("/") else page,
                           base + download if download.startswith("/") else download))
    return out


class BitMidiCollector(Collector):
    name = "bitmidi"
    online = True
    weight = 2.0

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        base = http.settings.bitmidi_url.rstrip("/")
        url = f"{base}/api/midi/search"
        doc = await http.get_json(url, limit=LIMIT, params={
            "q": query.artist, "page": 0, "pageSize": PAGE_SIZE})
        if not isinstance(doc, dict) or "result" not in doc:
            raise FetchError(f"{url}: unexpected answer", url=url)
        return await research_hits(http, query, hits(doc, base), source=self.name,
                                   license=LICENSE)
