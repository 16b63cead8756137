"""Artist names as users type them: validation and file-name slugs."""

from __future__ import annotations

import re
import unicodedata

from ..errors import UserInputError

MAX_ARTIST_NAME = 100
_SLUG_RE = re.compile(r"[^\w]+", re.UNICODE)


def clean_artist_name(text: object) -> str:
    """Trim and check a user-typed artist name: 1..100 characters, no control characters.

    Unicode is welcome ("Mötley Crüe", "坂本龍一"); whitespace runs collapse to one space.
    """
    if not isinstance(text, str):
        raise UserInputError("artist must be text", field="artist")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in text):
        raise UserInputError("artist must not contain control characters", field="artist")
    name = " ".join(text.split())
    if not name:
        raise UserInputError("artist must not be empty; type an artist, band or drummer",
                             field="artist")
    if len(name) > MAX_ARTIST_NAME:
        raise UserInputError(
            f"artist must be at most {MAX_ARTIST_NAME} characters, got {len(name)}", field="artist")
    return name


def slugify(name: str) -> str:
    """File-name slug: 'Mötley Crüe' -> 'motley-crue'; non-Latin names keep their letters."""
    folded = unicodedata.normalize("NFKD", name)
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    base = ascii_only if re.search(r"[A-Za-z0-9]", ascii_only) else unicodedata.normalize("NFC", name)
    slug = _SLUG_RE.sub("-", base.casefold()).strip("-_")
    return slug[:60].strip("-") or "artist"
