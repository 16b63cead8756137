"""The values research passes around: a query, evidence, and collector failures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DEPTHS = ("quick", "full")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence from one source.

    source: the collector's name ('musicbrainz', 'audio', …); url: where it came from (a URL or
    a file path); license: under what terms the material is used; payload: what was extracted
    (JSON-able: numbers under 'params', words under 'genres' / 'text' / 'descriptors'…);
    confidence 0..1: how much the builder should trust it.
    """

    source: str
    url: str
    payload: Mapping[str, Any]
    confidence: float = 0.5
    license: str = "unknown"
    retrieved_at: datetime = field(default_factory=utc_now)
    title: str = ""

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be in range 0..1, got {self.confidence}")
        object.__setattr__(self, "payload", dict(self.payload))

    @property
    def label(self) -> str:
        """How provenance names this evidence: 'source: title or url'."""
        return f"{self.source}: {self.title or self.url}"

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "url": self.url, "title": self.title,
                "retrieved_at": self.retrieved_at.isoformat(), "license": self.license,
                "confidence": self.confidence, "payload": dict(self.payload)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Evidence:
        at = d.get("retrieved_at")
        return cls(source=str(d["source"]), url=str(d.get("url", "")),
                   payload=dict(d.get("payload", {})), confidence=float(d.get("confidence", 0.5)),
                   license=str(d.get("license", "unknown")), title=str(d.get("title", "")),
                   retrieved_at=datetime.fromisoformat(at) if isinstance(at, str) else utc_now())


@dataclass(frozen=True, slots=True)
class ResearchQuery:
    """What to research and with which inputs.

    online: collectors that reach the internet run only when True (opt-in).
    url_audio: fetch audio from `audio_urls` with yt-dlp (needs online and yt-dlp installed).
    """

    artist: str
    depth: str = "quick"
    source_dir: Path | None = None
    urls: tuple[str, ...] = ()
    audio_urls: tuple[str, ...] = ()
    online: bool = False
    url_audio: bool = False
    mbid: str | None = None
    hints: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.depth not in DEPTHS:
            raise ValueError(f"depth must be one of {', '.join(DEPTHS)}, got {self.depth!r}")
        object.__setattr__(self, "urls", tuple(self.urls))
        object.__setattr__(self, "audio_urls", tuple(self.audio_urls))
        object.__setattr__(self, "hints", dict(self.hints))


@dataclass(frozen=True, slots=True)
class CollectorFailure:
    """A collector that failed or ran out of time; research goes on without it."""

    collector: str
    error: str
    kind: str = "error"  # error | timeout | skipped

    def to_dict(self) -> dict[str, str]:
        return {"collector": self.collector, "error": self.error, "kind": self.kind}
