"""Names in research: whether a text names the artist, and a song's title from a file name."""

from __future__ import annotations

import re
from collections.abc import Sequence

_SUFFIXES = re.compile(r"\b(drums?|drum track|percussion|full band|midi|mid|kar|gm|v\d+)\b",
                       re.IGNORECASE)


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


def names_artist(text: str, names: Sequence[str]) -> bool:
    """Whether `text` (a path, a track name, an article) names one of `names` as whole words:
    'The Roots - Proceed.mid' names The Roots; 'Roots Manuva' does not."""
    hay = f" {_norm(text)} "
    return any(n and f" {n} " in hay for n in (_norm(x) for x in names))


def song_title(stem: str, artist_names: Sequence[str]) -> str:
    """'The_Roots_-_The_Next_Movement_(drums)' → 'The Next Movement'."""
    text = re.sub(r"\(\s*\d+\s*\)|\[\s*\d+\s*\]", " ", stem.replace("_", " "))
    parts = [p.strip() for p in re.split(r"\s+-\s+|\s*–\s*", text) if p.strip()]
    kept = [p for p in parts if not names_artist(p, artist_names) or len(parts) == 1]
    title = " - ".join(kept) or text
    title = _SUFFIXES.sub(" ", title.replace("(", " ").replace(")", " "))
    return " ".join(title.split()) or stem
