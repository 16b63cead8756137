"""Name resolution on fixture files: exact, alias, unicode, members, typos, and honest misses."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mididrumigen.errors import UserInputError
from mididrumigen.knowledge.artists import KnowledgeBase, load_knowledge_base
from mididrumigen.knowledge.resolve import normalize

FIXTURES = Path(__file__).parent / "fixtures" / "kb"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(FIXTURES)


@pytest.mark.parametrize(("raw", "norm"), [
    ("Mötley Crüe", "motley crue"),
    ("  MOTLEY   CRUE ", "motley crue"),
    ("The Police", "police"),
    ("AC/DC", "ac dc"),
    ("Earth, Wind & Fire", "earth wind and fire"),
    ("Guns N' Roses", "guns n roses"),
    ("Guns N’ Roses", "guns n roses"),
    ("Questlove feat. Black Thought", "questlove"),
    ("Questlove (ft. Someone)", "questlove"),
    ("Sigur Rós", "sigur ros"),
    ("Mø", "mo"),
    ("The The", "the"),
])
def test_normalize(raw: str, norm: str) -> None:
    assert normalize(raw) == norm


@pytest.mark.parametrize(("query", "name", "how"), [
    ("Led Zeppelin", "Led Zeppelin", "exact"),
    ("led zeppelin", "Led Zeppelin", "exact"),
    ("The Led Zeppelin", "Led Zeppelin", "exact"),
    ("Led Zep", "Led Zeppelin", "alias"),
    ("Mötley Crüe", "Mötley Crüe", "exact"),
    ("Motley Crue", "Mötley Crüe", "exact"),  # same normalized form as the name
    ("MÖTLEY CRUE", "Mötley Crüe", "exact"),
    ("Police", "The Police", "exact"),
    ("ACDC", "AC/DC", "alias"),
    ("AC-DC", "AC/DC", "exact"),
    ("Earth Wind and Fire", "Earth, Wind & Fire", "exact"),
    ("Guns N Roses", "Guns N' Roses", "exact"),
    ("?uestlove", "Questlove", "alias"),
    ("Ahmir Thompson", "Questlove", "alias"),
])
def test_exact_and_alias(kb: KnowledgeBase, query: str, name: str, how: str) -> None:
    r = kb.resolve(query)
    assert r.entry is not None and r.entry.name == name
    assert (r.how, r.score) == (how, 100.0)


def test_member_leads_to_band(kb: KnowledgeBase) -> None:
    r = kb.resolve("Jimmy Page")
    assert r.entry is not None and r.entry.name == "Led Zeppelin" and r.how == "member"
    assert "Jimmy Page is a member of Led Zeppelin" in r.note


def test_drummer_of_a_band_leads_to_the_band(kb: KnowledgeBase) -> None:
    r = kb.resolve("John Bonham")
    assert r.entry is not None and r.entry.name == "Led Zeppelin" and r.how == "member"
    assert "drums in Led Zeppelin" in r.note


def test_band_without_entry_leads_to_its_drummer(kb: KnowledgeBase) -> None:
    r = kb.resolve("The Roots")
    assert r.entry is not None and r.entry.name == "Questlove" and r.how == "member"
    assert "their drummer Questlove" in r.note


def test_band_entry_wins_over_a_drummer_listing_it(kb: KnowledgeBase) -> None:
    assert kb.resolve("The Police").entry.name == "The Police"  # type: ignore[union-attr]
    assert kb.resolve("Stewart Copeland").entry.name == "Stewart Copeland"  # type: ignore[union-attr]


def test_drummer_entry_listed_by_a_band_prefers_the_drummer_link(kb: KnowledgeBase) -> None:
    r = kb.resolve("Sting")  # only a member of The Police
    assert r.entry is not None and r.entry.name == "The Police"


@pytest.mark.parametrize(("typo", "name"), [
    ("Led Zeppelinn", "Led Zeppelin"),
    ("Questlov", "Questlove"),
    ("Stewart Copland", "Stewart Copeland"),
    ("Guns and Roses", "Guns N' Roses"),
    ("Zeppelin Led", "Led Zeppelin"),
    ("Earth Wind & Fyre", "Earth, Wind & Fire"),
])
def test_typos_match_fuzzily(kb: KnowledgeBase, typo: str, name: str) -> None:
    r = kb.resolve(typo)
    assert r.entry is not None and r.entry.name == name
    assert r.how == "fuzzy" and r.score >= 88
    assert typo in r.note


def test_typo_of_a_member_says_which_member(kb: KnowledgeBase) -> None:
    r = kb.resolve("Jimy Page")
    assert r.entry is not None and r.entry.name == "Led Zeppelin" and r.how == "fuzzy"
    assert "'Jimmy Page'" in r.note


@pytest.mark.parametrize("query", ["Xyzzy Quartet", "Pizza", "Rush", "Tool", "Metallica",
                                   "Beyoncé", "Led", "Copeland", "The Band", "Drums", "a"])
def test_unrelated_names_do_not_match(kb: KnowledgeBase, query: str) -> None:
    r = kb.resolve(query)
    assert r.entry is None and r.how == "none" and not r.found
    assert "not in the knowledge base" in r.note


def test_near_misses_suggest(kb: KnowledgeBase) -> None:
    assert kb.resolve("Zeppelin").suggestions == ("Led Zeppelin",)
    assert kb.resolve("Bonham").suggestions == ("Led Zeppelin",)
    r = kb.resolve("Led")
    assert r.suggestions[0] == "Led Zeppelin" and "Did you mean: Led Zeppelin" in r.note
    assert kb.resolve("Pizza").suggestions == ()
    assert kb.resolve("Xyzzy Quartet").suggestions == ()


def test_empty_or_symbol_queries(kb: KnowledgeBase) -> None:
    for q in ("", "   ", "!!!"):
        r = kb.resolve(q)
        assert r.entry is None and "no letters or digits" in r.note


def test_ambiguous_typo_asks_instead_of_guessing() -> None:
    from mididrumigen.knowledge.resolve import NameIndex
    from mididrumigen.knowledge.schema import validate_document

    def artist(name: str) -> dict[str, object]:
        return {"name": name, "kind": "band", "genres": ["rock"],
                "tempo": {"min": 90, "max": 130, "avg": 110}, "feel": {},
                "description": "d", "provenance": "p"}

    entries = validate_document({"format_version": 1, "artists": [artist("Dave Lombardo"),
                                                                   artist("Dave Lombarda")]},
                                source_file="t.json")
    index = NameIndex(entries)
    r = index.resolve("Dave Lombard")
    assert r.entry is None
    assert set(r.suggestions) == {"Dave Lombardo", "Dave Lombarda"}
    assert index.resolve("Dave Lombardoo").entry.name == "Dave Lombardo"  # type: ignore[union-attr]


def test_profile_and_get(kb: KnowledgeBase) -> None:
    p = kb.profile("Jimmy Page")
    assert p.artist_name == "Led Zeppelin" and p.source == "knowledge_base"
    assert p.drummers == ("John Bonham",) and p.genres[0] == "hard_rock"
    assert p.confidence == 0.7 and p.sources_count == 1
    assert "Test fixture" in p.provenance["ghost_note_prob"]
    drummer = kb.profile("Questlove")
    assert drummer.kind == "drummer" and drummer.drummers == ("Questlove",)
    assert kb.profile("Stewart Copeland").confidence == 0.8
    with pytest.raises(UserInputError, match=r"unknown artist 'Zeppelin'.*Did you mean: Led Zeppelin"):
        kb.get("Zeppelin")
    with pytest.raises(UserInputError, match="not in the offline knowledge base") as info:
        kb.profile("Xyzzy Quartet")
    assert info.value.advice == ("artists", "genre")


def test_search_ranks_and_accepts_prefixes(kb: KnowledgeBase) -> None:
    hits = kb.search("zep")
    assert hits and hits[0][0].name == "Led Zeppelin"
    hits = kb.search("bonham")
    assert hits[0][0].name == "Led Zeppelin" and hits[0][2] == "John Bonham"
    assert kb.search("xyzzy") == []
    scores = [s for _, s, _ in kb.search("copeland", limit=5)]
    assert scores == sorted(scores, reverse=True)


def test_by_genre(kb: KnowledgeBase) -> None:
    assert {e.name for e in kb.by_genre("reggae")} == {"The Police", "Stewart Copeland"}


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_resolution_never_crashes_and_only_matches_for_real(query: str) -> None:
    kb = load_knowledge_base(FIXTURES)
    r = kb.resolve(query)
    if r.entry is not None:
        assert r.score >= 88
        assert r.how in ("exact", "alias", "member", "fuzzy")
    else:
        assert len(r.suggestions) <= 5
