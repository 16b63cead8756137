"""Artist data files: every shipped file is valid, and broken files fail with precise messages."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from mididrumigen.domain.grid import parse_grid
from mididrumigen.domain.meter import TimeSignature
from mididrumigen.errors import UserInputError
from mididrumigen.knowledge.artists import (
    DATA_DIR,
    entry_profile,
    load_file,
    load_knowledge_base,
)
from mididrumigen.knowledge.schema import (
    GENRES,
    ArtistDataError,
    playability_problems,
    validate_document,
)

FIXTURES = Path(__file__).parent / "fixtures" / "kb"
SHIPPED = sorted(DATA_DIR.glob("*.json"))

GOOD: dict[str, Any] = {
    "name": "Test Band", "kind": "band", "genres": ["rock"],
    "tempo": {"min": 80, "max": 140, "avg": 110},
    "feel": {"swing_percent": 52, "swing_unit": 8, "microtiming_ms": {"snare": 5}},
    "description": "A band for tests.", "provenance": "Written for the tests.",
    "signature_grooves": [{"name": "Beat", "time_signature": "4/4",
                           "grid": "HH |x.x.x.x.x.x.x.x.|\nSD |....X.......X...|\nBD |X.......X.......|"}],
}


def _doc(*artists: dict[str, Any]) -> dict[str, Any]:
    return {"format_version": 1, "artists": list(artists)}


def _error(artist: dict[str, Any]) -> str:
    with pytest.raises(ArtistDataError) as ei:
        validate_document(_doc(artist), source_file="test.json")
    return str(ei.value)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_artist_file_is_valid(path: Path) -> None:
    entries = load_file(path)
    assert entries, f"{path.name} holds no artists"
    for e in entries:
        assert set(e.genres) <= set(GENRES)
        profile = entry_profile(e)
        assert profile.source == "knowledge_base"
        assert profile.provenance["tempo_avg"].endswith(e.provenance)


def test_shipped_files_load_together_without_duplicate_names() -> None:
    kb = load_knowledge_base()
    assert len(kb) == sum(len(load_file(p)) for p in SHIPPED if not p.name.startswith("_"))
    for e in kb.entries:  # every name and alias resolves back to its own entry
        for spelling in (e.name, *e.aliases):
            assert kb.resolve(spelling).entry is e, spelling


def test_every_shipped_signature_groove_parses_and_is_playable() -> None:
    kb = load_knowledge_base()
    count = 0
    for e in kb.entries:
        for g in e.signature_grooves:
            grid = parse_grid(g.grid, g.time_signature)
            assert playability_problems(grid) == [], f"{e.name}: {g.name}"
            count += 1
    assert count == sum(len(e.signature_grooves) for e in kb.entries)


def test_fixture_files_are_valid() -> None:
    kb = load_knowledge_base(FIXTURES)
    assert {"Led Zeppelin", "Mötley Crüe", "Questlove"} <= {e.name for e in kb.entries}


def test_a_good_entry_becomes_a_profile() -> None:
    (entry,) = validate_document(_doc(GOOD), source_file="test.json")
    p = entry_profile(entry)
    assert p.artist_name == "Test Band"
    assert (p.params.tempo_min, p.params.tempo_max, p.params.tempo_avg) == (80, 140, 110)
    assert p.params.microtiming_ms == {"snare": 5}
    assert p.confidence == 0.7 and p.sources_count == 1
    assert p.provenance["swing_percent"] == "knowledge base (test.json): Written for the tests."
    assert p.signature_grooves[0].time_signature == TimeSignature(4, 4)


def test_confidence_defaults_lower_without_grooves_and_can_be_given() -> None:
    bare = {k: v for k, v in GOOD.items() if k != "signature_grooves"}
    (e,) = validate_document(_doc(bare), source_file="t.json")
    assert entry_profile(e).confidence == 0.6
    (e,) = validate_document(_doc(dict(bare, confidence=0.9)), source_file="t.json")
    assert entry_profile(e).confidence == 0.9


@pytest.mark.parametrize(("change", "expected"), [
    ({"genres": ["rock", "hip hop"]}, "test.json: Test Band: genres: unknown genre key(s)"),
    ({"kind": "orchestra"}, "test.json: Test Band: kind: must be one of band, drummer"),
    ({"tempo": {"min": 80, "max": 140}}, "test.json: Test Band: tempo: must be"),
    ({"tempo": {"min": 150, "max": 140, "avg": 145}}, "test.json: Test Band: feel.tempo_avg"),
    ({"feel": {"swing_percent": 90}}, "feel.swing_percent: swing_percent must be in range 50..75"),
    ({"feel": {"swagger": 1}}, "unknown style parameter(s): swagger"),
    ({"feel": {"microtiming_ms": {"cowbel": 3}}}, "unknown voice 'cowbel'"),
    ({"feel": {"tempo_avg": 100}}, "tempo belongs in 'tempo'"),
    ({"confidence": 1.5}, "confidence: must be a number in range 0..1"),
    ({"aliases": "Testers"}, "aliases: must be a list of names"),
    ({"description": "  "}, "description: must be non-empty text"),
    ({"website": "x"}, "test.json: Test Band: website: unknown field(s)"),
    ({"drummers": [{"era": "1970"}]}, 'drummers[0]: must be {"name": ..., "era": ...}'),
])
def test_bad_fields_are_named_with_file_and_artist(change: dict[str, Any], expected: str) -> None:
    assert expected in _error(dict(GOOD, **change))


def test_missing_required_field() -> None:
    bad = {k: v for k, v in GOOD.items() if k not in ("provenance", "feel")}
    msg = _error(bad)
    assert "test.json: Test Band" in msg and "feel, provenance" in msg


def test_unparseable_groove_names_the_groove() -> None:
    g = dict(GOOD["signature_grooves"][0], grid="HH |x.x.x.x.|\nSD |....X...|")
    msg = _error(dict(GOOD, signature_grooves=[g]))
    assert "Test Band: signature_grooves['Beat'].grid" in msg
    assert "4/4 needs a multiple of 16" in msg


def test_groove_in_its_own_meter() -> None:
    g = dict(GOOD["signature_grooves"][0], time_signature="7/8",
             grid="HH |x.x.x.x.x.x.x.|\nSD |....X.....X...|\nBD |X.......X.....|")
    (e,) = validate_document(_doc(dict(GOOD, signature_grooves=[g])), source_file="t.json")
    assert e.signature_grooves[0].time_signature == TimeSignature(7, 8)


def test_three_hands_on_one_step_is_rejected() -> None:
    grid = "HH |x.x.x.x.x.x.x.x.|\nSD |....X.......X...|\nCR |....x...........|\nBD |X.......X.......|"
    g = dict(GOOD["signature_grooves"][0], grid=grid)
    msg = _error(dict(GOOD, signature_grooves=[g]))
    assert "is not playable" in msg and "bar 1 step 5: 3 hand strokes (CR HH SD)" in msg


def test_open_and_closed_hat_together_is_rejected() -> None:
    grid = "HH |x.x.x.x.x.x.x.x.|\nOH |..x.............|\nBD |X.......X.......|"
    g = dict(GOOD["signature_grooves"][0], grid=grid)
    assert "bar 1 step 3: open and closed hi-hat at once" in _error(dict(GOOD, signature_grooves=[g]))


def test_feet_do_not_count_as_hands_but_a_flam_takes_both() -> None:
    ts = TimeSignature(1, 4)
    ok = parse_grid("HH |xxxx|\nSD |x.x.|\nBD |xxxx|\nPH |xxxx|", ts)
    assert playability_problems(ok) == []
    flam = parse_grid("HH |x...|\nSD |f...|", ts)
    assert playability_problems(flam) == [
        "bar 1 step 1: 3 hand strokes (HH SD(flam)); two hands play at most 2"]
    second_bar = parse_grid("SD |x...x...|\nHT |....x...|\nFT |....x...|", ts)
    assert playability_problems(second_bar)[0].startswith("bar 2 step 1: 3 hand strokes")


def test_format_version_and_shape() -> None:
    with pytest.raises(ArtistDataError, match="format_version must be 1, got 2"):
        validate_document({"format_version": 2, "artists": []}, source_file="x.json")
    with pytest.raises(ArtistDataError, match="'artists' must be a list"):
        validate_document({"format_version": 1, "artists": "Led Zeppelin"}, source_file="x.json")
    with pytest.raises(ArtistDataError, match=r"artists\[0\] must be an object"):
        validate_document(_doc("Led Zeppelin"), source_file="x.json")  # type: ignore[arg-type]


def test_invalid_json_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"format_version": 1,\n "artists": [}', encoding="utf-8")
    with pytest.raises(ArtistDataError, match=r"broken.json: not valid JSON at line 2"):
        load_knowledge_base(tmp_path)


def test_duplicate_alias_across_files_is_rejected(tmp_path: Path) -> None:
    other = copy.deepcopy(GOOD)
    other.update(name="Other Band", aliases=["The Test Band"])
    (tmp_path / "a.json").write_text(json.dumps(_doc(GOOD)), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(_doc(other)), encoding="utf-8")
    with pytest.raises(ArtistDataError) as ei:
        load_knowledge_base(tmp_path)
    msg = str(ei.value)
    assert "b.json: Other Band: aliases: 'The Test Band' is already used by Test Band" in msg
    assert "(in a.json)" not in msg and "a.json" in msg


def test_errors_are_user_input_errors_with_a_field() -> None:
    with pytest.raises(UserInputError) as ei:
        validate_document(_doc(dict(GOOD, genres=["polka"])), source_file="t.json")
    assert ei.value.field == "t.json: Test Band: genres"


def test_private_files_are_skipped_unless_asked(tmp_path: Path) -> None:
    (tmp_path / "_template.json").write_text(json.dumps(_doc(GOOD)), encoding="utf-8")
    assert len(load_knowledge_base(tmp_path)) == 0
    assert len(load_knowledge_base(tmp_path, include_private=True)) == 1


def test_cache_is_reused_and_refreshed_when_a_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(_doc(GOOD)), encoding="utf-8")
    first = load_knowledge_base(tmp_path)
    assert load_knowledge_base(tmp_path) is first
    path.write_text(json.dumps(_doc(GOOD, dict(GOOD, name="Second Band"))), encoding="utf-8")
    second = load_knowledge_base(tmp_path)
    assert len(second) == 2 and second is not first


def test_shipped_accented_names_resolve_from_plain_ascii() -> None:
    import unicodedata

    kb = load_knowledge_base()
    accented = [e for e in kb.entries if not e.name.isascii()]
    for e in accented:
        plain = unicodedata.normalize("NFKD", e.name).encode("ascii", "ignore").decode()
        if plain.strip():
            assert kb.resolve(plain).entry is e, (e.name, plain)
            assert kb.resolve(plain.upper()).entry is e


def test_playability_of_mixed_subdivisions_is_checked_where_hits_coincide() -> None:
    ok = parse_grid("RD@8t |x.xx.xx.xx.x|\nSD |....X.......X...|\nBD |X.......X.x.....|")
    assert playability_problems(ok) == []
    roll = parse_grid("HH@32 |" + "x" * 32 + "|\nSD |....X.......X...|\nCR |....X...........|")
    assert playability_problems(roll) == [
        "bar 1 step 9 of 32: 3 hand strokes (CR HH SD); two hands play at most 2"]
