"""Artist names as users type them: validation and file-name slugs."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


_UNPRINTABLE = frozenset(("Cc", "Cf", "Cs", "Co"))


def printable(text: object, *, keep_newlines: bool = False) -> str:
    """`text` without control and format characters (terminal escapes, BEL, bidi overrides):
    what a model, a web page or a file wrote, made safe to print or to store as a name.
    keep_newlines keeps line breaks and tabs (for long text)."""
    keep = "\n\t" if keep_newlines else ""
    return "".join(ch for ch in str(text)
                   if ch in keep or unicodedata.category(ch) not in _UNPRINTABLE)


def slugify(name: str) -> str:
    """File-name slug: 'Mötley Crüe' -> 'motley-crue'; non-Latin names keep their letters."""
    folded = unicodedata.normalize("NFKD", name)
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    base = ascii_only if re.search(r"[A-Za-z0-9]", ascii_only) else unicodedata.normalize("NFC", name)
    slug = _SLUG_RE.sub("-", base.casefold()).strip("-_")
    return slug[:60].strip("-") or "artist"


_FEAT_RE = re.compile(r"\s+(?:\(|\[)?(?:feat\.?|ft\.?|featuring)\s.*$")
_DROP_APOSTROPHES = str.maketrans("", "", "'’‘`´")
_NON_WORD_RE = re.compile(r"[^\w]+")
_EXTRA_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d",
                             "þ": "th", "ı": "i"})


@lru_cache(maxsize=16384)
def normalize_name(name: str) -> str:
    """Comparable form of a name: 'The Mötley Crüe feat. X' → 'motley crue', 'AC/DC' → 'ac dc',
    'Earth, Wind & Fire' → 'earth wind and fire'."""
    text = name.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_EXTRA_FOLD)
    if "f" in text:
        text = _FEAT_RE.sub("", " ".join(text.split()))
    text = text.replace("&", " and ").replace("+", " and ").translate(_DROP_APOSTROPHES)
    text = " ".join(_NON_WORD_RE.sub(" ", text).replace("_", " ").split())
    if text.startswith("the ") and len(text) > 4:
        text = text[4:]
    return text
