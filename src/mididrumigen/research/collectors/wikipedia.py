"""Wikipedia and Wikidata: the summary, the style / technique / equipment / influences
sections, and the genres and influences Wikidata lists.

Titles tried in order: a hint (from the caller), the name, "NAME (band)", "NAME (musician)",
"NAME (drummer)"; a disambiguation page moves on to the next. The REST summary gives the
extract and the Wikidata item; at depth `full` the sections whose heading speaks of style,
technique, equipment, influences or drumming are read (action=parse). Wikidata's
wbgetentities gives genre (P136) and influenced-by (P737) items, then their English labels.
Wikipedia and Wikidata are asked one request at a time (serial).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from ..evidence import Evidence, ResearchQuery
from ..http import FetchError, Http, Limit
from ..lexicon import analyze_text
from ..registry import Collector

WIKIPEDIA = Limit("wikipedia", serial=True)
WIKIDATA = Limit("wikidata", serial=True)
TEXT_LICENSE = "Wikipedia text: CC BY-SA 4.0 (attribution: the article's authors)"
DATA_LICENSE = "Wikidata: CC0"
SECTION_RE = re.compile(r"style|techni|equipment|gear|influen|musicianship|drum|playing|sound",
                        re.IGNORECASE)
MAX_SECTIONS = 4
MAX_TEXT = 6000
GENRE, INFLUENCED_BY = "P136", "P737"


def strip_wikitext(text: str) -> str:
    """Wikitext → plain text, roughly: no refs, templates, tables, files or markup."""
    t = re.sub(r"<ref[^>]*/>|<ref[^>]*>.*?</ref>", "", text, flags=re.S | re.I)
    t = re.sub(r"<!--.*?-->", "", t, flags=re.S)
    for _ in range(3):  # nested templates, innermost first
        t = re.sub(r"\{\{[^{}]*\}\}", "", t)
    t = re.sub(r"\{\|.*?\|\}", "", t, flags=re.S)
    t = re.sub(r"\[\[(?:File|Image):[^\]]*\]\]", "", t, flags=re.I)
    t = re.sub(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]", r"\1", t)
    t = re.sub(r"\[https?://\S+ ([^\]]*)\]", r"\1", t)
    t = re.sub(r"<[^>]+>", "", t)
    t = re.sub(r"'{2,}", "", t)
    t = re.sub(r"^=+\s*(.*?)\s*=+\s*$", r"\1.", t, flags=re.M)
    return re.sub(r"[ \t]+", " ", re.sub(r"\n{2,}", "\n", t)).strip()


def _claim_ids(entity: dict[str, Any], prop: str) -> list[str]:
    out = []
    for claim in (entity.get("claims") or {}).get(prop, []):
        value = ((claim.get("mainsnak") or {}).get("datavalue") or {}).get("value")
        if isinstance(value, dict) and value.get("id"):
            out.append(str(value["id"]))
    return out


class WikipediaCollector(Collector):
    name = "wikipedia"
    online = True
    weight = 2.0

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        wp = http.settings.wikipedia_url.rstrip("/")
        summary, title = await self._summary(query, http, wp)
        if summary is None:
            return []
        page = ((summary.get("content_urls") or {}).get("desktop") or {}).get(
            "page", f"{wp}/wiki/{quote(title.replace(' ', '_'))}")
        extract = str(summary.get("extract", ""))
        out = [Evidence(self.name, page, {"text": extract[:MAX_TEXT],
                                          **analyze_text(extract).to_payload()},
                        0.6, TEXT_LICENSE, title=f"{title} (summary)")]
        if query.depth == "full":
            out.extend(await self._sections(http, wp, title, page))
        qid = summary.get("wikibase_item") or query.hints.get("wikidata")
        if qid:
            out.extend(await self._wikidata(http, str(qid)))
        return out

    async def _summary(self, query: ResearchQuery, http: Http,
                       wp: str) -> tuple[dict[str, Any] | None, str]:
        hint = query.hints.get("wikipedia_title")
        titles = [t for t in (hint, query.artist, f"{query.artist} (band)",
                              f"{query.artist} (musician)", f"{query.artist} (drummer)") if t]
        for title in dict.fromkeys(titles):
            url = f"{wp}/api/rest_v1/page/summary/{quote(title.replace(' ', '_'), safe='')}"
            try:
                doc = await http.get_json(url, limit=WIKIPEDIA)
            except FetchError as e:
                if e.status == 404:
                    continue
                raise
            if not isinstance(doc, dict) or doc.get("type") == "disambiguation":
                continue
            if doc.get("extract"):
                return doc, str(doc.get("title", title))
        return None, ""

    async def _sections(self, http: Http, wp: str, title: str, page: str) -> list[Evidence]:
        api = f"{wp}/w/api.php"
        doc = await http.get_json(api, limit=WIKIPEDIA, params={
            "action": "parse", "page": title, "prop": "sections", "format": "json",
            "formatversion": "2", "redirects": "1"})
        sections = [s for s in ((doc.get("parse") or {}).get("sections") or [])
                    if isinstance(s, dict) and SECTION_RE.search(str(s.get("line", "")))]
        out = []
        for s in sections[:MAX_SECTIONS]:
            part = await http.get_json(api, limit=WIKIPEDIA, params={
                "action": "parse", "page": title, "section": s.get("index"),
                "prop": "wikitext", "format": "json", "formatversion": "2", "redirects": "1"})
            wikitext = (part.get("parse") or {}).get("wikitext", "")
            if isinstance(wikitext, dict):  # formatversion=1 shape
                wikitext = wikitext.get("*", "")
            text = strip_wikitext(str(wikitext))[:MAX_TEXT]
            if not text:
                continue
            heading = re.sub(r"<[^>]+>", "", str(s.get("line", "")))
            out.append(Evidence(self.name, f"{page}#{s.get('anchor', '')}",
                                {"text": text, "section": heading,
                                 **analyze_text(text).to_payload()},
                                0.65, TEXT_LICENSE, title=f"{title} § {heading}"))
        return out

    async def _wikidata(self, http: Http, qid: str) -> list[Evidence]:
        api = f"{http.settings.wikidata_url.rstrip('/')}/w/api.php"
        doc = await http.get_json(api, limit=WIKIDATA, params={
            "action": "wbgetentities", "ids": qid, "props": "claims|descriptions|labels",
            "languages": "en", "format": "json"})
        entity = (doc.get("entities") or {}).get(qid) if isinstance(doc, dict) else None
        if not isinstance(entity, dict) or "missing" in entity:
            return []
        genre_ids, influence_ids = _claim_ids(entity, GENRE), _claim_ids(entity, INFLUENCED_BY)
        labels: dict[str, str] = {}
        wanted = list(dict.fromkeys(genre_ids + influence_ids))[:50]
        if wanted:
            names = await http.get_json(api, limit=WIKIDATA, params={
                "action": "wbgetentities", "ids": "|".join(wanted), "props": "labels",
                "languages": "en", "format": "json"})
            for eid, ent in (names.get("entities") or {}).items():
                label = ((ent.get("labels") or {}).get("en") or {}).get("value")
                if label:
                    labels[eid] = label
        description = ((entity.get("descriptions") or {}).get("en") or {}).get("value", "")
        payload = {"genres": [[labels[g], 3.0] for g in genre_ids if g in labels],
                   "influences": [labels[i] for i in influence_ids if i in labels],
                   "description": description, "wikidata": qid}
        label = ((entity.get("labels") or {}).get("en") or {}).get("value", qid)
        return [Evidence("wikidata", f"https://www.wikidata.org/wiki/{qid}", payload, 0.7,
                         DATA_LICENSE, title=f"{label} ({qid})")]
