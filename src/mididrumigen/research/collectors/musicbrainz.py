"""MusicBrainz (ws/2 JSON): who the artist is, their genres, and who plays the drums.

Search `/artist?query=artist:"NAME"` gives ranked candidates with disambiguation. The top one is
taken when it is clearly best; when several candidates score alike (two bands called Nirvana)
the evidence says `ambiguous` and lists them, and the top one is used at half confidence (pass
an MBID to choose). The lookup `/artist/MBID?inc=artist-rels+tags+genres+url-rels` gives genres
and tags, the members whose instruments include drums (with their years: the eras) and the
Wikipedia / Wikidata links. Rate limit: one request a second.
"""

from __future__ import annotations

from typing import Any

from ...knowledge.resolve import normalize
from ..evidence import Evidence, ResearchQuery
from ..http import FetchError, Http, Limit
from ..registry import Collector

LIMIT = Limit("musicbrainz", interval_s=1.0)
LICENSE = "MusicBrainz: core data CC0; tags and genres CC BY-NC-SA 3.0"
DRUM_ATTRIBUTES = ("drum", "percussion")  # "drums", "drums (drum set)", "drum machine"…
CLEAR_MARGIN = 10  # the top candidate wins outright when it leads by this many score points
_INC = "artist-rels+tags+genres+url-rels"


def _era(rel: dict[str, Any]) -> str:
    begin, end = (rel.get("begin") or "")[:4], (rel.get("end") or "")[:4]
    if not begin and not end:
        return ""
    if rel.get("ended") or end:
        return f"{begin}–{end}"
    return f"{begin}–"


def candidates(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Search result → ranked candidates: mbid, name, score, type, disambiguation, country."""
    out = []
    for a in doc.get("artists") or []:
        if not isinstance(a, dict) or not a.get("id"):
            continue
        out.append({"mbid": a["id"], "name": a.get("name", ""), "score": int(a.get("score", 0)),
                    "type": a.get("type", ""), "disambiguation": a.get("disambiguation", ""),
                    "country": a.get("country", "")})
    out.sort(key=lambda c: -c["score"])
    return out


def choose(name: str, ranked: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, bool]:
    """(chosen candidate, ambiguous?)."""
    if not ranked:
        return None, False
    top = ranked[0]
    if len(ranked) == 1 or ranked[1]["score"] <= top["score"] - CLEAR_MARGIN:
        return top, False
    want = normalize(name)
    close = [c for c in ranked if c["score"] > top["score"] - CLEAR_MARGIN]
    exact = [c for c in close if normalize(c["name"]) == want]
    if len(exact) == 1:
        return exact[0], False
    return (exact or close)[0], True


def read_artist(doc: dict[str, Any]) -> dict[str, Any]:
    """Lookup JSON → genres (name, weight), drummers with eras, kind, links."""
    genres: dict[str, float] = {}
    for g in doc.get("genres") or []:
        genres[g["name"]] = genres.get(g["name"], 0.0) + 2.0 * max(1, int(g.get("count", 1)))
    for t in doc.get("tags") or []:
        genres[t["name"]] = genres.get(t["name"], 0.0) + max(0, int(t.get("count", 1)))
    drummers: dict[str, list[str]] = {}
    plays_drums = False
    links: dict[str, str] = {}
    for rel in doc.get("relations") or []:
        kind = rel.get("type")
        if kind == "member of band" and rel.get("target-type", "artist") == "artist":
            attrs = [str(a).casefold() for a in rel.get("attributes") or []]
            if not any(d in a for a in attrs for d in DRUM_ATTRIBUTES):
                continue
            if rel.get("direction") == "backward":
                member = (rel.get("artist") or {}).get("name")
                if member:
                    drummers.setdefault(member, []).append(_era(rel))
            else:
                plays_drums = True
        elif rel.get("target-type") == "url" or "url" in rel:
            resource = (rel.get("url") or {}).get("resource")
            if resource and kind in ("wikidata", "wikipedia", "official homepage", "allmusic"):
                links.setdefault(kind, resource)
    mb_type = doc.get("type") or ""
    kind = "band" if mb_type in ("Group", "Orchestra") else (
        "drummer" if plays_drums else "artist")
    return {
        "genres": sorted(([n, w] for n, w in genres.items()), key=lambda x: (-x[1], x[0])),
        "drummers": [{"name": n, "era": ", ".join(e for e in eras if e)}
                     for n, eras in drummers.items()],
        "kind": kind, "links": links, "type": mb_type,
    }


class MusicBrainzCollector(Collector):
    name = "musicbrainz"
    online = True
    weight = 2.0

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        base = http.settings.musicbrainz_url.rstrip("/")
        ranked: list[dict[str, Any]] = []
        ambiguous = False
        mbid = query.mbid
        if mbid is None:
            term = query.artist.replace('"', " ")
            doc = await http.get_json(f"{base}/artist", limit=LIMIT,
                                      params={"query": f'artist:"{term}"', "fmt": "json",
                                              "limit": 8})
            if not isinstance(doc, dict):
                raise FetchError(f"{base}/artist: unexpected answer", url=f"{base}/artist")
            ranked = candidates(doc)
            chosen, ambiguous = choose(query.artist, ranked)
            if chosen is None:
                return []
            mbid = chosen["mbid"]
        url = f"{base}/artist/{mbid}"
        try:
            doc = await http.get_json(url, params={"inc": _INC, "fmt": "json"}, limit=LIMIT)
        except FetchError as e:
            if e.status == 404:
                return []
            raise
        if not isinstance(doc, dict) or "id" not in doc:
            raise FetchError(f"{url}: unexpected answer", url=url)
        facts = read_artist(doc)
        identity = {"mbid": doc["id"], "name": doc.get("name", ""), "type": facts["type"],
                    "disambiguation": doc.get("disambiguation", ""),
                    "country": doc.get("country", "")}
        payload: dict[str, Any] = {
            "identity": identity, "genres": facts["genres"], "drummers": facts["drummers"],
            "kind": facts["kind"], "links": facts["links"], "ambiguous": ambiguous,
            "candidates": ranked[:8],
        }
        confidence = 0.45 if ambiguous else 0.9
        title = identity["name"] + (f" ({identity['disambiguation']})"
                                    if identity["disambiguation"] else "")
        return [Evidence(self.name, f"https://musicbrainz.org/artist/{doc['id']}", payload,
                         confidence, LICENSE, title=title)]
