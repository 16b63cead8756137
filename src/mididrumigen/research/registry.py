"""Collectors by name. Built-ins are registered the same way third parties are: entry points
in group "mididrumigen.collectors" (name = collector name, value = "module:Class"), plus
`register()` at run time. Classes load on first use, so listing them imports nothing heavy.

A collector is a class with `name`, `online` (needs the internet: runs only when research is
online), `depths` (the depths it runs at) and `async collect(query, http) -> list[Evidence]`
where `http` is a research.http.Http around the httpx.AsyncClient it is given (the seam).
It raises on failure; the orchestrator records the failure and goes on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from ..plugins import PluginRegistry

if TYPE_CHECKING:
    from .evidence import Evidence, ResearchQuery
    from .http import Http

GROUP = "mididrumigen.collectors"
_PKG = "mididrumigen.research.collectors"

BUILTIN: dict[str, str] = {
    "knowledge_base": f"{_PKG}.knowledge_base:KnowledgeBaseCollector",
    "musicbrainz": f"{_PKG}.musicbrainz:MusicBrainzCollector",
    "wikipedia": f"{_PKG}.wikipedia:WikipediaCollector",
    "semantic_scholar": f"{_PKG}.semantic_scholar:SemanticScholarCollector",
    "arxiv": f"{_PKG}.arxiv:ArxivCollector",
    "crossref": f"{_PKG}.crossref:CrossrefCollector",
    "articles": f"{_PKG}.articles:ArticlesCollector",
    "audio": f"{_PKG}.audio:AudioCollector",
    "midi_files": f"{_PKG}.midi_files:MidiFilesCollector",
    "llm_knowledge": f"{_PKG}.llm_knowledge:LLMKnowledgeCollector",
    "bitmidi": f"{_PKG}.bitmidi:BitMidiCollector",
    "freemidi": f"{_PKG}.freemidi:FreeMidiCollector",
    "musescore": f"{_PKG}.musescore:MuseScoreCollector",
    "drummerworld": f"{_PKG}.drummerworld:DrummerworldCollector",
    "press": f"{_PKG}.press:PressCollector",
    "audio_search": f"{_PKG}.audio_search:AudioSearchCollector",
}



class Collector:
    """Base class (optional: any class with these attributes works)."""

    name: ClassVar[str] = "collector"
    online: ClassVar[bool] = False
    depths: ClassVar[tuple[str, ...]] = ("quick", "full")
    weight: ClassVar[float] = 1.0  # expected share of the work, for progress

    def applies(self, query: ResearchQuery) -> bool:
        """Whether to run for this query (inputs present, depth, online)."""
        return query.depth in self.depths and (query.online or not self.online)

    async def collect(self, query: ResearchQuery, http: Http) -> list[Evidence]:
        raise NotImplementedError


_REGISTRY = PluginRegistry(
    GROUP, BUILTIN, what="collector", field="collector",
    check=lambda cls: None if isinstance(cls, type) and hasattr(cls, "collect")
    else "has no collect()")


def register(name: str, cls: type[Collector] | str) -> None:
    """Add a collector (a class, or "module:Class" loaded on first use)."""
    _REGISTRY.register(name, cls)


def unregister(name: str) -> None:
    _REGISTRY.unregister(name)


def available() -> dict[str, type[Collector] | str]:
    """Every known collector: built-ins, then entry points, then run-time registrations."""
    return _REGISTRY.available()


def collector_class(name: str) -> type[Collector]:
    found: type[Collector] = _REGISTRY.load(name)
    return found


def build_collectors(names: Sequence[str] | None = None, **kwargs: Any) -> list[Collector]:
    """Instances of the named collectors (default: all). Keyword arguments go to constructors
    that accept them (e.g. `llm=` for llm_knowledge)."""
    import inspect

    out = []
    for name in names if names is not None else list(available()):
        cls = collector_class(name)
        params = inspect.signature(cls).parameters
        accepted = {k: v for k, v in kwargs.items() if k in params}
        out.append(cls(**accepted))
    return out
