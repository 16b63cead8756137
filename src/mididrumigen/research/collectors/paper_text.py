"""What the paper collectors share: the search words and turning a paper into evidence."""

from __future__ import annotations

import re

from ...knowledge.resolve import normalize
from ..evidence import Evidence
from ..lexicon import analyze_text

MAX_PAPERS = 10
CONFIDENCE = 0.35
_TAGS = re.compile(r"<[^>]+>")


def search_words(artist: str) -> str:
    return f"{artist} drums groove"


def mentions(artist: str, text: str) -> bool:
    """Whether the text names the artist (normalized; "Khruangbin's" counts)."""
    want = normalize(artist)
    return bool(want) and re.search(rf"\b{re.escape(want)}", normalize(text)) is not None


def paper_evidence(source: str, artist: str, url: str, title: str, abstract: str,
                   year: int | None, license: str) -> Evidence | None:
    """Evidence from one paper that names the artist, else None."""
    abstract = _TAGS.sub(" ", abstract or "")
    text = f"{title}. {abstract}".strip()
    if not mentions(artist, text):
        return None
    findings = analyze_text(text)
    payload = {"text": text[:3000], "year": year, **findings.to_payload()}
    return Evidence(source, url, payload, CONFIDENCE, license, title=title[:200])
