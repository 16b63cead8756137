"""The genre vocabulary every layer shares, and how typed genre names map onto it."""

from __future__ import annotations

import re

GENRES: tuple[str, ...] = (
    "rock", "hard_rock", "metal", "punk", "pop", "indie", "funk", "soul", "motown", "rnb",
    "neo_soul", "gospel", "jazz", "fusion", "blues", "hiphop", "boom_bap", "trap", "house",
    "techno", "disco", "dance", "drum_and_bass", "breakbeat", "electronic", "reggae",
    "dancehall", "reggaeton", "ska", "latin", "afrocuban", "songo", "samba", "bossa_nova",
    "afrobeat", "new_orleans", "country", "prog",
)
# Common spellings and sub-genres (as genre_slug() writes them) -> a vocabulary key.
GENRE_ALIASES: dict[str, str] = {
    "afro": "afrobeat", "afro_beat": "afrobeat", "afro_cuban": "afrocuban", "alt_rock": "indie",
    "alternative": "indie", "bebop": "jazz", "big_beat": "breakbeat", "boombap": "boom_bap",
    "bossa": "bossa_nova", "bossanova": "bossa_nova", "breaks": "breakbeat", "classic_rock": "rock",
    "country_music": "country", "cuban": "afrocuban", "d_and_b": "drum_and_bass", "d_b": "drum_and_bass",
    "death_metal": "metal", "deep_house": "house", "dembow": "reggaeton", "dnb": "drum_and_bass",
    "drum_bass": "drum_and_bass", "drum_n_bass": "drum_and_bass", "drumandbass": "drum_and_bass",
    "drumnbass": "drum_and_bass", "edm": "dance", "electronica": "electronic", "garage_house": "house",
    "grunge": "rock", "hardcore": "punk", "hardrock": "hard_rock", "heavy_metal": "metal",
    "hip_hop": "hiphop", "indie_rock": "indie", "jazz_fusion": "fusion", "jungle": "drum_and_bass",
    "neosoul": "neo_soul", "neworleans": "new_orleans", "nola": "new_orleans", "pop_rock": "pop",
    "prog_rock": "prog", "progressive": "prog", "progressive_metal": "prog", "progressive_rock": "prog",
    "punk_rock": "punk", "r_and_b": "rnb", "r_b": "rnb", "randb": "rnb", "rap": "hiphop",
    "reggaetón": "reggaeton", "rhythm_and_blues": "rnb", "rock_and_roll": "rock", "rock_n_roll": "rock",
    "rocksteady": "ska", "salsa": "latin", "second_line": "new_orleans", "swing": "jazz",
    "thrash": "metal", "thrash_metal": "metal",
}
_SLUG_RE = re.compile(r"[^0-9a-zà-ÿ]+")
GENRE_SET = frozenset(GENRES)


def genre_slug(text: str) -> str:
    """'Hip-Hop' -> 'hip_hop', 'R&B' -> 'r_and_b', 'drum n bass' -> 'drum_n_bass'."""
    t = text.casefold().replace("&", " and ").replace("'", "").replace("’", "")
    return _SLUG_RE.sub("_", t).strip("_")


def match_genre(text: str) -> str | None:
    """Free text ('Hip-Hop', 'R&B', 'thrash metal', 'latin jazz') -> a vocabulary key, or None."""
    key = genre_slug(text)
    key = GENRE_ALIASES.get(key, key)
    if key in GENRE_SET:
        return key
    compact = GENRE_ALIASES.get(key.replace("_and_", "_"), key.replace("_", ""))
    if compact in GENRE_SET:
        return compact
    for part in reversed(key.split("_")):  # 'thrash_metal' -> metal, 'latin_jazz' -> jazz
        part = GENRE_ALIASES.get(part, part)
        if part in GENRE_SET:
            return part
    return None
