"""From words about drumming to traits and numbers: the descriptor lexicon, tempo mentions and
genres.

`analyze_text(text)` finds descriptors — drummers' traits such as "one drop", "shuffle",
"swung eighths", "behind the beat", "ghost notes", "four on the floor", "double kick",
"half-time shuffle", "linear", "motorik", "drunk feel", "cross-stick", "second line" … —
with the sentence each was first found in (the quote that is the evidence), tempo mentions
("92 BPM") and genre words. A descriptor preceded within three words by a negation ("no",
"not", "never", "without", "rarely") is not counted.

Each descriptor maps to target values of StyleParams fields (and micro-timing per voice in ms,
positive = late); a few are traits only (a cross-stick backbeat, flams), kept with their quote
for the profile's description. The builder weighs the targets as prose (see weighting).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# name: (regex, parameter targets). Micro-timing targets are keyed "microtiming_ms.<voice>".
DESCRIPTORS: dict[str, tuple[str, Mapping[str, Any]]] = {
    "half-time shuffle": (r"half[- ]time shuffle|purdie shuffle|rosanna shuffle",
                          {"swing_percent": 64.0, "swing_unit": 16, "ghost_note_prob": 0.5,
                           "complexity": 0.7}),
    "shuffle": (r"(?<!half-time )(?<!half time )\bshuffl(?:e|es|ing)\b",
                {"swing_percent": 66.0, "swing_unit": 8}),
    "swung eighths": (r"swung (?:8th|eighth)s?|(?:8th|eighth)[- ]note swing|swing(?:ing)? feel"
                      r"|triplet feel|swings? hard",
                      {"swing_percent": 64.0, "swing_unit": 8}),
    "swung sixteenths": (r"swung (?:16th|sixteenth)s?|(?:16th|sixteenth)[- ]note swing"
                         r"|sixteenth[- ]note shuffle",
                         {"swing_percent": 58.0, "swing_unit": 16}),
    "straight": (r"straight (?:8th|eighth|16th|sixteenth)s?|straight[- ]ahead rock|dead straight",
                 {"swing_percent": 50.0}),
    "behind the beat": (r"behind the beat|laid[- ]back|lazy feel|dragg?(?:ing|s) the beat"
                        r"|in the pocket|deep pocket|relaxed feel",
                        {"microtiming_ms.snare": 12.0, "microtiming_ms.kick": 5.0,
                         "microtiming_ms.closed_hat": 4.0}),
    "on top of the beat": (r"on top of the beat|ahead of the beat|push(?:es|ing)? the beat"
                           r"|driving|urgent",
                           {"microtiming_ms.snare": -6.0, "microtiming_ms.kick": -4.0,
                            "microtiming_ms.closed_hat": -5.0}),
    "ghost notes": (r"ghost(?:ed)?[- ]notes?|ghosting|grace notes",
                    {"ghost_note_prob": 0.45}),
    "four on the floor": (r"four[- ]on[- ]the[- ]floor|kick on every beat",
                          {"syncopation": 0.15, "complexity": 0.3}),
    "double kick": (r"double[- ](?:kick|bass(?: drum)?|pedal)|twin (?:kick|bass drum)s?"
                    r"|blast[- ]?beats?",
                    {"double_kick": True, "complexity": 0.7}),
    "busy": (r"\bbusy\b|\bdense\b|flashy|virtuos\w*|technical(?:ly)?|hyperactive|intricate",
             {"complexity": 0.8, "fill_rate": 0.8}),
    "sparse": (r"\bsparse\b|minimal\w*|economical|restrained|understated|simple beats?"
               r"|less is more",
               {"complexity": 0.2, "fill_rate": 0.25}),
    "syncopated": (r"syncopat\w*|funky|off[- ]beat accents?|broken beats?",
                   {"syncopation": 0.6}),
    "hard-hitting": (r"hard[- ]hitting|powerful|thunderous|heavy[- ]handed|loud drumm\w*",
                     {"velocity_mean": 108.0}),
    "soft touch": (r"\bbrushes\b|delicate|soft touch|light touch|gentle",
                   {"velocity_mean": 68.0}),
    "dynamic": (r"\bdynamics\b|dynamic range|crescendo\w*", {"velocity_std": 20.0}),
    "ride cymbal": (r"ride cymbal|on the ride\b|ride[- ]led|ride pattern", {"ride_led": True}),
    "open hi-hat": (r"open(?:ed)? hi[- ]?hats?|washy hats?|sloshy", {"hat_openness": 0.35}),
    "fills": (r"(?:lots of|many|signature|explosive|trademark) fills|fill[- ]heavy",
              {"fill_rate": 0.75}),
    "odd meters": (r"odd (?:time|meter)s?|polyrhythm\w*|polymeter\w*|7/8|5/4",
                   {"complexity": 0.75}),
    "tight": (r"\btight\b|metronom\w*|precise|machine[- ]like|clockwork",
              {"timing_jitter_ms": 4.0}),
    "loose": (r"\bloose\b|sloppy|ragged|human feel", {"timing_jitter_ms": 14.0}),
    "one drop": (r"\bone[- ]drop\b", {"syncopation": 0.45, "complexity": 0.35}),
    "linear": (r"\blinear (?:drumming|grooves?|fills?|patterns?|style|playing)",
               {"complexity": 0.7, "syncopation": 0.6}),
    "motorik": (r"\bmotorik\b|krautrock beat",
                {"swing_percent": 50.0, "syncopation": 0.1, "complexity": 0.2,
                 "timing_jitter_ms": 5.0}),
    "drunk feel": (r"drunk(?:en)? (?:feel|drummer|groove|swing)|\bunquanti[sz]ed\b|\bwonky\b"
                   r"|\bstaggered\b", {"swing_percent": 60.0, "swing_unit": 16,
                                       "timing_jitter_ms": 25.0}),
    "second line": (r"second[- ]line", {"swing_percent": 60.0, "swing_unit": 8,
                                        "syncopation": 0.55}),
    "half-time feel": (r"half[- ]time (?:feel|groove|beat)s?", {"syncopation": 0.35}),
    "rudimental": (r"\brudiment\w*|paradiddle\w*", {"complexity": 0.7}),
    "cross-stick": (r"cross[- ]stick\w*|side[- ]stick|rim[- ]?clicks?", {}),
    "flams": (r"\bflam(?:s|med|ming)?\b", {}),
}

NEGATION = re.compile(r"\b(?:no|not|never|without|rarely|hardly|nor|lacks?)\b(?:\W+\w+){0,3}\W*$",
                      re.IGNORECASE)
TEMPO_RE = re.compile(r"\b(\d{2,3}(?:\.\d)?)\s*(?:bpm|b\.p\.m\.|beats per minute)\b", re.IGNORECASE)
_COMPILED = {name: re.compile(rx, re.IGNORECASE) for name, (rx, _) in DESCRIPTORS.items()}


MAX_QUOTE = 300
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(])")


@dataclass(frozen=True, slots=True)
class TextFindings:
    descriptors: dict[str, int] = field(default_factory=dict)
    tempos: tuple[float, ...] = ()
    quotes: dict[str, str] = field(default_factory=dict)  # descriptor -> its first sentence

    def to_payload(self) -> dict[str, Any]:
        return {"descriptors": dict(self.descriptors), "tempos": list(self.tempos),
                "quotes": dict(self.quotes)}


def sentence_at(text: str, pos: int) -> str:
    """The sentence of `text` that holds position `pos` (at most MAX_QUOTE characters)."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, min(len(text), pos + 1)):
        start = m.end()
    end = _SENTENCE_END.search(text, pos)
    sentence = " ".join(text[start:end.start() if end else len(text)].split())
    if len(sentence) <= MAX_QUOTE:
        return sentence
    at = max(0, min(pos - start - MAX_QUOTE // 2, len(sentence) - MAX_QUOTE))
    return "…" + sentence[at:at + MAX_QUOTE - 2] + "…"


def analyze_text(text: str) -> TextFindings:
    """Descriptors (with counts and the sentence each was first found in) and tempo mentions
    in free text."""
    found: Counter[str] = Counter()
    quotes: dict[str, str] = {}
    for name, rx in _COMPILED.items():
        for m in rx.finditer(text):
            if NEGATION.search(text[max(0, m.start() - 40):m.start()]):
                continue
            found[name] += 1
            quotes.setdefault(name, sentence_at(text, m.start()))
    tempos = tuple(float(t) for t in TEMPO_RE.findall(text) if 20 <= float(t) <= 400)
    return TextFindings(dict(sorted(found.items())), tempos,
                        {k: quotes[k] for k in sorted(quotes)})


def descriptor_targets(descriptors: Mapping[str, int]) -> list[tuple[str, str, Any]]:
    """(descriptor, parameter, target value) for each known descriptor found."""
    out = []
    for name in descriptors:
        spec = DESCRIPTORS.get(name)
        if spec is None:
            continue
        for param, value in spec[1].items():
            out.append((name, param, value))
    return out


_GENRE_WORDS: dict[str, str] = {
    "heavy metal": "metal", "thrash": "metal", "doom": "metal", "grunge": "indie",
    "alternative rock": "indie", "britpop": "indie", "new wave": "pop", "synth-pop": "pop",
    "psychedelic": "rock", "blues rock": "blues", "hip hop": "hiphop", "hip-hop": "hiphop",
    "r&b": "rnb", "rhythm and blues": "rnb", "big band": "jazz", "hard bop": "jazz",
    "post-bop": "jazz", "bebop": "jazz", "jazz fusion": "fusion", "jazz-rock": "fusion",
    "drum and bass": "drum_and_bass", "drum 'n' bass": "drum_and_bass", "jungle": "drum_and_bass",
    "edm": "dance", "trip hop": "breakbeat", "go-go": "funk", "second line": "new_orleans",
    "progressive": "prog", "art rock": "prog", "math rock": "prog", "nu metal": "metal",
    "post-punk": "punk", "hardcore": "punk", "emo": "punk", "motown": "motown", "gospel": "gospel",
    "salsa": "latin", "mambo": "afrocuban", "rumba": "afrocuban", "bossa": "bossa_nova",
    "afrobeats": "afrobeat", "ska": "ska", "rocksteady": "ska", "dub": "reggae",
    "country": "country", "bluegrass": "country", "americana": "country", "soul": "soul",
    "neo soul": "neo_soul", "disco": "disco", "house": "house", "techno": "techno",
}


def genre_for(word: str) -> str | None:
    """A genre tag ('hard rock', 'Hip-Hop', 'British blues') → one of our genre keys, or None."""
    from ..domain.genres import GENRE_ALIASES, GENRE_SET
    from ..domain.genres import genre_slug as genre_key

    k = genre_key(word)
    k = GENRE_ALIASES.get(k, k)
    if k in GENRE_SET:
        return k
    low = word.casefold()
    for phrase, key in sorted(_GENRE_WORDS.items(), key=lambda kv: -len(kv[0])):
        if phrase in low:
            return key
    words = k.split("_")
    for n in (2, 1):  # 'british_blues' → 'blues', 'psychedelic_rock' → 'rock'
        if len(words) >= n:
            tail = "_".join(words[-n:])
            tail = GENRE_ALIASES.get(tail, tail)
            if tail in GENRE_SET:
                return tail
    return None


def genres_in(words: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Weighted genre tags → weights per genre key (unknown tags are ignored)."""
    out: dict[str, float] = {}
    for word, weight in words:
        key = genre_for(word)
        if key is not None:
            out[key] = out.get(key, 0.0) + weight
    return out
