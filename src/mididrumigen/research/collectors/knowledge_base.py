"""The bundled knowledge base as evidence: offline, always available, the artist's curated
parameters, genres, drummers and signature grooves when the artist is in it."""

from __future__ import annotations

from ..evidence import Evidence, ResearchQuery
from ..http import Http
from ..registry import Collector

LICENSE = "MidiDrumiGen knowledge base (MIT; curated from public sources)"


class KnowledgeBaseCollector(Collector):
    name = "knowledge_base"
    online = False
    weight = 0.5

    def __init__(self, knowledge_base: object = None) -> None:
        self.kb = knowledge_base

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        kb = self.kb
        if kb is None:
            from ...knowledge.artists import load_knowledge_base

            kb = load_knowledge_base()
        resolution = kb.resolve(query.artist)  # type: ignore[attr-defined]
        if resolution.entry is None:
            return []
        entry = resolution.entry
        profile = kb.profile(entry.name)  # type: ignore[attr-defined]
        payload = {
            "params": profile.params.to_dict(),
            "genres": [[g, 10.0 - i] for i, g in enumerate(profile.genres)],
            "drummers": [{"name": d.name, "era": d.era} for d in entry.drummers]
            if getattr(entry, "drummers", None) else [{"name": n, "era": ""}
                                                       for n in profile.drummers],
            "signature_grooves": [g.to_dict() for g in profile.signature_grooves],
            "text": profile.text_description, "kind": profile.kind, "name": entry.name,
            "aliases": list(profile.aliases), "note": resolution.note,
        }
        where = entry.source_file or "knowledge base"
        return [Evidence(self.name, f"knowledge_base:{where}", payload, profile.confidence,
                         LICENSE, title=f"{entry.name} ({entry.provenance})"[:200])]
