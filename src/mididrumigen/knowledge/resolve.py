"""Artist name resolution: what the user typed → one knowledge-base entry, or honestly none.

Order: exact name → alias → member of a band / band of a drummer → fuzzy (typos). A fuzzy
match needs a high score and a clear winner; below that the answer is "no match" with up to
five "did you mean" suggestions. An unrelated name never matches silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain.names import normalize_name as normalize

if TYPE_CHECKING:
    from .schema import ArtistEntry

MATCH_THRESHOLD = 88.0  # fuzz.ratio on normalized names (or on their sorted words)
SUGGEST_THRESHOLD = 70.0  # fuzz.ratio, for "did you mean"
SUBSET_THRESHOLD = 75.0  # fuzz.token_set_ratio for names sharing a word ("Bonham")
SEARCH_THRESHOLD = 60.0  # ranked search listings
AMBIGUITY_MARGIN = 2.0  # two different artists this close to the top: ask, do not guess
GENERIC_TOKEN_LIMIT = 8  # a word in more names than this says nothing ("band", "dave")
_STOPWORDS = frozenset({"the", "and", "band", "trio", "quartet", "quintet", "orchestra", "group",
                        "brothers", "sisters", "experience", "project", "feat", "los", "las",
                        "del", "des", "les", "der", "die", "und", "his", "her", "their"})
MAX_SUGGESTIONS = 5

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

    def __init__(self, entries: Iterable[ArtistEntry],
                 normalized: Sequence[Sequence[str]] | None = None) -> None:
        """normalized: what `normalized` gave for these entries (knowledge.artist_cache keeps
        it), so no name is normalized again; ValueError when it does not fit the entries."""
        self.entries: tuple[ArtistEntry, ...] = tuple(entries)
        if normalized is None:
            normalized = [[normalize(t) for t in _spellings(e)] for e in self.entries]
        elif len(normalized) != len(self.entries) or any(
                len(n) != len(_spellings(e)) or not all(type(t) is str for t in n)
                for n, e in zip(normalized, self.entries, strict=False)):
            raise ValueError("the normalized names do not fit the entries")
        self.normalized: tuple[tuple[str, ...], ...] = tuple(tuple(n) for n in normalized)
        self._exact: dict[str, _Key] = {}
        self._compact: dict[str, _Key] = {}
        self._people: dict[str, list[_Key]] = {}
        for i, (e, norms) in enumerate(zip(self.entries, self.normalized, strict=True)):
            self._add_exact(norms[0], _Key(e.name, i, "exact", 0))
            for a, norm in zip(e.aliases, norms[1:], strict=False):
                self._add_exact(norm, _Key(a, i, "alias", 1))
        for i, (e, norms) in enumerate(zip(self.entries, self.normalized, strict=True)):
            # a band's drummers and members lead to the band; a drummer's bands to the drummer
            people = norms[1 + len(e.aliases):]
            for d, norm in zip(e.drummer_names, people, strict=False):
                self._add_person(norm, _Key(d, i, "member", 2))
            for m, norm in zip(e.members, people[len(e.drummers):], strict=False):
                self._add_person(norm, _Key(m, i, "member", 2 if e.kind == "drummer" else 3))
        self._choices: list[str] = []
        self._choice_keys: list[_Key] = []
        for norm, key in self._exact.items():
            self._choices.append(norm)
            self._choice_keys.append(key)
        for norm, keys in self._people.items():
            if norm not in self._exact:
                self._choices.append(norm)
                self._choice_keys.append(min(keys, key=lambda k: (k.rank, k.entry)))
        self._fuzzy_tables: tuple[list[str], dict[str, list[int]]] | None = None

    def _tables(self) -> tuple[list[str], dict[str, list[int]]]:
        """Word-sorted choices and the word → choices index, built on the first fuzzy lookup
        (exact, alias and member lookups never need them)."""
        tables = self._fuzzy_tables
        if tables is None:
            tokens: dict[str, list[int]] = {}
            for ci, c in enumerate(self._choices):
                for tok in set(c.split()):
                    if len(tok) >= 3 and tok not in _STOPWORDS:
                        tokens.setdefault(tok, []).append(ci)
            tables = ([_sorted_words(c) for c in self._choices], tokens)
            self._fuzzy_tables = tables  # idempotent: a racing thread builds the same
        return tables

    def _add_exact(self, norm: str, key: _Key) -> None:
        if not norm:
            return
        prev = self._exact.get(norm)
        if prev is None or (key.rank, key.entry) < (prev.rank, prev.entry):
            self._exact[norm] = key
        c = compact(norm)
        prev = self._compact.get(c)
        if prev is None or (key.rank, key.entry) < (prev.rank, prev.entry):
            self._compact[c] = key

    def _add_person(self, norm: str, key: _Key) -> None:
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

    def _scores(self, norm: str, cutoff: float) -> dict[int, float]:
        """Choice index → best of ratio and word-order-free ratio, for scores >= cutoff."""
        from rapidfuzz import fuzz, process

        out: dict[int, float] = {}
        for q, choices in ((norm, self._choices),
                           (_sorted_words(norm), self._tables()[0])):
            for _, score, i in process.extract(q, choices, scorer=fuzz.ratio,
                                               score_cutoff=cutoff, limit=24):
                if score > out.get(i, 0.0):
                    out[i] = score
        return out

    def _subset_scores(self, norm: str, cutoff: float) -> dict[int, float]:
        """Names sharing a distinctive word with the query ("Bonham" → John Bonham)."""
        from rapidfuzz import fuzz

        cand: set[int] = set()
        for tok in set(norm.split()):
            hits = self._tables()[1].get(tok)
            if hits and len(hits) <= GENERIC_TOKEN_LIMIT:
                cand.update(hits)
        out = {}
        for i in cand:
            score = fuzz.token_set_ratio(norm, self._choices[i])
            if score >= cutoff:
                out[i] = score
        return out

    def _by_entry(self, scores: dict[int, float]) -> list[tuple[int, float, int]]:
        """(entry index, score, choice index) best first, one row per entry."""
        best: dict[int, tuple[float, int]] = {}
        for ci, score in scores.items():
            e = self._choice_keys[ci].entry
            if e not in best or (score, -self._choice_keys[ci].rank) > (
                    best[e][0], -self._choice_keys[best[e][1]].rank):
                best[e] = (score, ci)
        rows = [(e, sc, ci) for e, (sc, ci) in best.items()]
        rows.sort(key=lambda r: (-r[1], self._choice_keys[r[2]].rank, self.entries[r[0]].name))
        return rows

    def _fuzzy(self, query: str, norm: str) -> Resolution:
        scores = self._scores(norm, SUGGEST_THRESHOLD)
        rows = self._by_entry(scores)
        if rows and rows[0][1] >= MATCH_THRESHOLD:
            _, score, ci = rows[0]
            rivals = [r for r in rows[1:]
                      if r[1] >= max(MATCH_THRESHOLD, score - AMBIGUITY_MARGIN)]
            if not rivals:
                key = self._choice_keys[ci]
                entry = self.entries[key.entry]
                if key.how == "member":
                    res = self._via_people(query, self._people[self._choices[ci]], score,
                                           how="fuzzy")
                    return Resolution(res.query, res.entry, "fuzzy", score, res.suggestions,
                                      f"Assuming {query!r} means {key.text!r}: " + res.note,
                                      res.matched)
                note = (f"Assuming {query!r} means {entry.name} "
                        f"(closest match, score {score:.0f}).")
                return self._found(query, key, score, how="fuzzy", note=note)
        suggestions = self._suggestions(norm, scores)
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        return Resolution(query, None, "none", 0.0, suggestions,
                          note=f"{query!r} is not in the knowledge base.{hint}")

    def _suggestions(self, norm: str, scores: dict[int, float],
                     limit: int = MAX_SUGGESTIONS) -> tuple[str, ...]:
        merged = dict(scores)
        for ci, sc in self._subset_scores(norm, SUBSET_THRESHOLD).items():
            merged[ci] = max(merged.get(ci, 0.0), sc)
        return tuple(self.entries[e].name for e, _, _ in self._by_entry(merged)[:limit])

    def suggest(self, name: str, limit: int = MAX_SUGGESTIONS) -> tuple[str, ...]:
        """Up to `limit` distinct artist names that look like `name` (best first)."""
        norm = normalize(name)
        if not norm:
            return ()
        return self._suggestions(norm, self._scores(norm, SUGGEST_THRESHOLD), limit)

    def search(self, query: str, limit: int = 10) -> list[tuple[ArtistEntry, float, str]]:
        """Ranked (entry, score 0..100, matched text) for a free query, best first. Prefixes
        and single words count ("zep", "bonham")."""
        from rapidfuzz import fuzz, process

        norm = normalize(query)
        if not norm:
            return []
        scores = self._scores(norm, SEARCH_THRESHOLD)
        for ci, sc in self._subset_scores(norm, SEARCH_THRESHOLD).items():
            scores[ci] = max(scores.get(ci, 0.0), sc)
        if len(norm) >= 3:
            for _, sc, ci in process.extract(norm, self._choices, scorer=fuzz.partial_ratio,
                                             score_cutoff=90, limit=limit * 3):
                scores[ci] = max(scores.get(ci, 0.0), sc * 0.9)
        rows = self._by_entry(scores)[:limit]
        return [(self.entries[e], round(sc, 1), self._choice_keys[ci].text) for e, sc, ci in rows]


def _spellings(e: ArtistEntry) -> tuple[str, ...]:
    """An entry's names in the order NameIndex.normalized lists their normalized forms."""
    return (e.name, *e.aliases, *e.drummer_names, *e.members)


def _sorted_words(norm: str) -> str:
    return " ".join(sorted(norm.split()))
