"""MuseScore (musescore.com): its public search page, then scores with a drum part.

Search: `GET /sheetmusic?text=ARTIST` is an HTML page (robots.txt respected) whose data sits in
`<div class="js-store" data-content="…">`, HTML-escaped JSON:
`{"store": {"page": {"data": {"scores": [{"id", "title", "url", "parts_names": […],
"instrumentations": [{"name"}], "is_downloadable", "user": {"name"}, …}]}}}}`. A score counts
when it has a drum part ("Drumset", "Drums", "Percussion") and its title names the artist (or
its `artist_name` / `song_name` fields do).

musescore.com serves MIDI to signed-in users only, so by default the collector lists what it
found (catalogue evidence: it casts no votes) and says how to go further: set
MIDIDRUMIGEN_RESEARCH_MUSESCORE_MIDI_URL to where a score's MIDI can be fetched ('{id}' for the
score id; e.g. a folder your own account's exports are served from). With it, the scores are
downloaded and read like the user's own MIDI files.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import urljoin

from ..evidence import Evidence, ResearchQuery
from ..http import FetchError, Http
from ..midi_downloads import MidiHit, artist_names, research_hits, songs_of
from ..registry import Collector
from ..web import search_page

LICENSE = ("MuseScore: scores by their uploaders under their own licenses; downloaded to your "
           "data dir for analysis, never redistributed")
_STORE = re.compile(r'class="js-store"[^>]*data-content="([^"]*)"', re.DOTALL)
_DRUMS = re.compile(r"drum|percussion|kit", re.IGNORECASE)


def scores(page: str) -> list[dict[str, Any]]:
    m = _STORE.search(page)
    if not m:
        raise ValueError("no js-store data in the page")
    data = json.loads(html.unescape(m.group(1)))
    found = (((data.get("store") or {}).get("page") or {}).get("data") or {}).get("scores")
    return [s for s in found or [] if isinstance(s, dict) and s.get("id")]


def has_drums(score: dict[str, Any]) -> bool:
    names = [str(n) for n in score.get("parts_names") or []]
    names += [str(i.get("name", "")) for i in score.get("instrumentations") or []
              if isinstance(i, dict)]
    return any(_DRUMS.search(n) for n in names)


def hits(found: list[dict[str, Any]], base: str, midi_url: str) -> list[MidiHit]:
    out = []
    for s in found:
        if not has_drums(s):
            continue
        title = str(s.get("title") or s.get("song_name") or "")
        artist = str(s.get("artist_name") or "")
        page = urljoin(base + "/", str(s.get("url") or f"/score/{s['id']}"))
        download = midi_url.replace("{id}", str(s["id"])) if midi_url else ""
        out.append(MidiHit("musescore", str(s["id"]), title, artist, page, download))
    return out


class MuseScoreCollector(Collector):
    name = "musescore"
    online = True
    weight = 2.0

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        base = http.settings.musescore_url.rstrip("/")
        url = f"{base}/sheetmusic"
        page = await search_page(http, url, {"text": query.artist})
        try:
            found = hits(scores(page.text), base, http.settings.musescore_midi_url)
        except ValueError as e:
            raise FetchError(f"{url}: {e}", url=url) from None
        if http.settings.musescore_midi_url:
            return await research_hits(http, query, found, source=self.name, license=LICENSE)
        mine = songs_of(found, artist_names(query), http.settings.midi_db_songs(query.depth))
        if not mine:
            return []
        listed = [{"title": h.title, "url": h.page_url} for h in mine]
        return [Evidence(self.name, url, {
            "evidence_kind": "catalogue", "scores_with_drums": listed,
            "notices": [f"musescore: {len(mine)} score(s) with a drum part found; musescore.com "
                        "serves MIDI to signed-in users only — set "
                        "MIDIDRUMIGEN_RESEARCH_MUSESCORE_MIDI_URL to analyse them"]},
            0.1, LICENSE, title=f"{len(mine)} MuseScore score(s) with drums")]
