"""FreeMIDI (freemidi.org): its search page, then the artist's songs as MIDI files.

Search: `GET /search?q=ARTIST` is an HTML page (robots.txt respected) of result cards::

    <div class="card-body">
      <h5 class="card-title"><a href="download3-25332-the-seed-the-roots" title="The Seed">
        The Seed</a></h5>
      <div class="card-text"><a href="artist-1453-the-roots">The Roots</a></div>
    </div>

A song's page is `/download3-<id>-<slug>` and its file `/getter-<id>`; the site sets a cookie
on the song page and may answer the first `getter` request with a page, so the song page is
read first and the file asked for up to twice (research.midi_downloads). The files are read
like the user's own MIDI files.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

from ..evidence import Evidence, ResearchQuery
from ..http import FetchError, Http
from ..midi_downloads import MidiHit, artist_names, research_hits, songs_of
from ..registry import Collector
from ..web import search_page

LICENSE = ("FreeMIDI: files shared by its users; downloaded to your data dir for analysis, "
           "never redistributed")
_SONG = re.compile(r"download3-(\d+)-")


class _Cards(HTMLParser):
    """Collects (href, title) of song links and the artist link that follows each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cards: list[dict[str, str]] = []
        self._in: str | None = None
        self._text: list[str] = []
        self._attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            return
        a = {k: v or "" for k, v in attrs}
        href = a.get("href", "")
        if _SONG.search(href):
            self._in, self._attrs, self._text = "song", a, []
        elif "artist-" in href and self.cards and not self.cards[-1].get("artist"):
            self._in, self._attrs, self._text = "artist", a, []

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "a" or not self._in:
            return
        text = " ".join("".join(self._text).split())
        if self._in == "song":
            self.cards.append({"href": self._attrs["href"],
                               "title": self._attrs.get("title") or text})
        else:
            self.cards[-1]["artist"] = text
        self._in = None


def hits(html: str, base: str) -> list[MidiHit]:
    parser = _Cards()
    parser.feed(html)
    out = []
    for card in parser.cards:
        m = _SONG.search(card["href"])
        if not m or not card["title"]:
            continue
        page = urljoin(base + "/", card["href"])
        out.append(MidiHit("freemidi", m.group(1), card["title"], card.get("artist", ""), page,
                           f"{base}/getter-{m.group(1)}"))
    return out


class FreeMidiCollector(Collector):
    name = "freemidi"
    online = True
    weight = 2.0

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        base = http.settings.freemidi_url.rstrip("/")
        page = await search_page(http, f"{base}/search", {"q": query.artist})
        found = hits(page.text, base)
        if not found and "card" not in page.text:
            raise FetchError(f"{base}/search: no result list in the page", url=page.url)
        mine = songs_of(found, artist_names(query), http.settings.midi_db_songs(query.depth))
        for hit in mine:
            try:  # the song page sets the cookie its download asks for
                await http.get_page(hit.page_url)
            except FetchError:
                continue
        return await research_hits(http, query, mine, source=self.name, license=LICENSE,
                                   referer_of={h.id: h.page_url for h in mine}, attempts=2)
