"""Artist name resolution: what the user typed → one knowledge-base entry, or honestly none.

Order: exact name → alias → member of a band / band of a drummer → fuzzy (typos). A fuzzy
match needs a high score and a clear winner; below that the answer is "no match" with up to
five "did you mean" suggestions. An unrelated name never matches silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .schema import ArtistEntry

MATCH_THRESHOLD = 88.0  # fuzz.ratio / token_sort_ratio on normalized names
SUGGEST_THRESHOLD = 70.0  # WRatio, for "did you mean"
SEARCH_THRESHOLD = 65.0  # WRatio, for ranked search listings
AMBIGUITY_MARGIN = 2.0  # two different artists this close to the top: ask, do not guess
MAX_SUGGESTIONS = 5

_FEAT_RE = re.compile(r"\s+(?:\(|\[)?(?:feat\.?|ft\.?|featuring)\s.*$")
_APOSTROPHES = "'’‘`´"
_NON_WORD_RE = re.compile(r"[^\w]+")
_EXTRA_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d",
                             "þ": "th", "ı": "i"})


def normalize(name: str) -> str:
    """Comparable form of a name: 'The Mötley Crüe feat. X' → 'motley crue', 'AC/DC' → 'ac dc',
    'Earth, Wind & Fire' → 'earth wind and fire'."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_EXTRA_FOLD)
    text = _FEAT_RE.sub("", " ".join(text.split()))
    text = text.replace("&", " and ").replace("+", " and ")
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    text = " ".join(_NON_WORD_RE.sub(" ", text).replace("_", " ").split())
    if text.startswith("the ") and len(text) > 4:
        text = text[4:]
    return text


def compact(normalized: str) -> str:
    """Without spaces: 'ac dc' → 'acdc', so 'ACDC' finds 'AC/DC'."""
    return normalized.replace(" ", "")


@dataclass(frozen=True, slots=True)
class Resolution:
    """How a typed name resolved.

    how: 'exact' | 'alias' | 'member' | 'fuzzy' | 'none'. score: 100 for exact/alias/member,
    the fuzzy score otherwise. matched: the name or alias that matched. note: one sentence for
    the user.
    """

    query: str
    entry: ArtistEntry | None
    how: str
    score: float
    suggestions: tuple[str, ...] = ()
    note: str = ""
    matched: str = ""

    @property
    def found(self) -> bool:
        return self.entry is not None


@dataclass(frozen=True, slots=True)
class _Key:
    text: str  # the original spelling that matched
    entry: int  # index into the entries
    how: str  # 'exact' | 'alias' | 'member'
    rank: int  # lower wins a tie: names, aliases, drummers, members


class NameIndex:
    """Precomputed normalized keys over a list of entries; `resolve` is the one query."""

    def __init__(self, entries: Iterable[ArtistEntry]) -> None:
        self.entries: tuple[ArtistEntry, ...] = tuple(entries)
        self._exact: dict[str, _Key] = {}
        self._compact: dict[str, _Key] = {}
        self._people: dict[str, list[_Key]] = {}
        for i, e in enumerate(self.entries):
            self._add_exact(e.name, _Key(e.name, i, "exact", 0))
            for a in e.aliases:
                self._add_exact(a, _Key(a, i, "alias", 1))
        for i, e in enumerate(self.entries):
            # a band's drummers and members lead to the band; a drummer's bands to the drummer
            for d in e.drummer_names:
                self._add_person(d, _Key(d, i, "member", 2))
            for m in e.members:
                self._add_person(m, _Key(m, i, "member", 2 if e.kind == "drummer" else 3))
        self._choices: list[str] = []
        self._choice_keys: list[_Key] = []
        for norm, key in self._exact.items():
            self._choices.append(norm)
            self._choice_keys.append(key)
        for norm, keys in self._people.items():
            if norm not in self._exact:
                self._choices.append(norm)
                self._choice_keys.append(min(keys, key=lambda k: (k.rank, k.entry)))

    def _add_exact(self, text: str, key: _Key) -> None:
        norm = normalize(text)
        if not norm:
            return
        prev = self._exact.get(norm)
        if prev is None or (key.rank, key.entry) < (prev.rank, prev.entry):
            self._exact[norm] = key
        c = compact(norm)
        prev = self._compact.get(c)
        if prev is None or (key.rank, key.entry) < (prev.rank, prev.entry):
            self._compact[c] = key

    def _add_person(self, text: str, key: _Key) -> None:
        norm = normalize(text)
        if norm:
            self._people.setdefault(norm, []).append(key)

    def exact_key(self, name: str) -> _Key | None:
        norm = normalize(name)
        return self._exact.get(norm) or self._compact.get(compact(norm))

    def resolve(self, query: str) -> Resolution:
        norm = normalize(query)
        if not norm:
            return Resolution(query, None, "none", 0.0,
                              note=f"{query!r} has no letters or digits to look up.")
        key = self._exact.get(norm) or self._compact.get(compact(norm))
        if key is not None:
            return self._found(query, key, 100.0)
        people = self._people.get(norm)
        if people:
            return self._via_people(query, people, 100.0)
        return self._fuzzy(query, norm)

    def _found(self, query: str, key: _Key, score: float, how: str | None = None,
               note: str = "") -> Resolution:
        entry = self.entries[key.entry]
        how = how or key.how
        if not note:
            if how == "exact":
                note = f"Found {entry.name} in the knowledge base."
            elif how == "alias":
                note = f"{query!r} is an alias of {entry.name}."
            else:
                note = f"{query!r} matched {key.text!r} ({entry.name})."
        return Resolution(query, entry, how, score, note=note, matched=key.text)

    def _via_people(self, query: str, keys: list[_Key], score: float,
                    how: str = "member") -> Resolution:
        keys = sorted(keys, key=lambda k: (k.rank, k.entry))
        best = keys[0]
        entry = self.entries[best.entry]
        person = best.text
        if entry.kind == "drummer":
            note = f"{person} → their drummer {entry.name} (from the knowledge base)."
        elif any(normalize(d) == normalize(person) for d in entry.drummer_names):
            note = f"{person} drums in {entry.name}; using the style of {entry.name}."
        else:
            note = (f"{person} is a member of {entry.name}; using the drumming style of "
                    f"{entry.name}.")
        others = sorted({self.entries[k.entry].name for k in keys[1:]} - {entry.name})
        if others:
            note += f" Also linked: {', '.join(others[:4])}."
        res = self._found(query, best, score, how=how, note=note)
        return Resolution(res.query, res.entry, res.how, res.score,
                          tuple(others[:MAX_SUGGESTIONS]), res.note, res.matched)

    def _fuzzy(self, query: str, norm: str) -> Resolution:
        from rapidfuzz import fuzz, process

        best: tuple[float, int] | None = None
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
            hit = process.extractOne(norm, self._choices, scorer=scorer,
                                     score_cutoff=MATCH_THRESHOLD)
            if hit is not None and (best is None or hit[1] > best[0]):
                best = (hit[1], hit[2])
        if best is not None:
            score, idx = best
            key = self._choice_keys[idx]
            rivals = process.extract(norm, self._choices, scorer=fuzz.ratio,
                                     score_cutoff=max(MATCH_THRESHOLD, score - AMBIGUITY_MARGIN),
                                     limit=8)
            rival_entries = {self._choice_keys[i].entry for _, _, i in rivals} - {key.entry}
            if not rival_entries:
                entry = self.entries[key.entry]
                if key.how == "member":
                    res = self._via_people(query, self._people[normalize(key.text)], score,
                                           how="fuzzy")
                    return Resolution(res.query, res.entry, "fuzzy", score, res.suggestions,
                                      f"Assuming {query!r} means {key.text!r}: " + res.note,
                                      res.matched)
                note = (f"Assuming {query!r} means {entry.name} "
                        f"(closest match, score {score:.0f}).")
                return self._found(query, key, score, how="fuzzy", note=note)
        suggestions = self.suggest(norm)
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        return Resolution(query, None, "none", 0.0, suggestions,
                          note=f"{query!r} is not in the knowledge base.{hint}")

    def suggest(self, norm: str, limit: int = MAX_SUGGESTIONS) -> tuple[str, ...]:
        """Up to `limit` distinct artist names that look like the normalized query."""
        from rapidfuzz import fuzz, process

        hits = process.extract(norm, self._choices, scorer=fuzz.WRatio,
                               score_cutoff=SUGGEST_THRESHOLD, limit=limit * 4)
        names: list[str] = []
        for _, _, i in hits:
            name = self.entries[self._choice_keys[i].entry].name
            if name not in names:
                names.append(name)
            if len(names) == limit:
                break
        return tuple(names)

    def search(self, query: str, limit: int = 10) -> list[tuple[ArtistEntry, float, str]]:
        """Ranked (entry, score 0..100, matched text) for a free query, best first."""
        from rapidfuzz import fuzz, process

        norm = normalize(query)
        if not norm:
            return []
        hits = process.extract(norm, self._choices, scorer=fuzz.WRatio, score_cutoff=SEARCH_THRESHOLD,
                               limit=limit * 4)
        seen: dict[int, tuple[float, str]] = {}
        for _, score, i in hits:
            key = self._choice_keys[i]
            if key.entry not in seen or score > seen[key.entry][0]:
                seen[key.entry] = (score, key.text)
        ranked = sorted(seen.items(), key=lambda kv: (-kv[1][0], self.entries[kv[0]].name))
        return [(self.entries[i], s, t) for i, (s, t) in ranked[:limit]]
