"""Genre archetypes → GenreModels, genre aliases, and the library's fallbacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mididrumigen.domain.grid import parse_grid
from mididrumigen.domain.meter import TimeSignature
from mididrumigen.domain.voices import Voice
from mididrumigen.errors import UserInputError
from mididrumigen.groove.model import GenreModel
from mididrumigen.knowledge.archetypes import ARCHETYPE_DIR, build_models, load_archetype
from mididrumigen.knowledge.genres import GenreLibrary, canonical_genre
from mididrumigen.knowledge.schema import GENRES, ArtistDataError, playability_problems

ARCHETYPES = sorted(ARCHETYPE_DIR.glob("*.yaml"))
NO_CORPUS = Path("/nonexistent/genre_models.json")


@pytest.fixture(scope="module")
def lib() -> GenreLibrary:
    """Archetypes only, so the tests do not depend on the corpus file being built yet."""
    return GenreLibrary.load(corpus_file=NO_CORPUS)


def test_every_genre_key_has_an_archetype() -> None:
    assert {p.stem for p in ARCHETYPES} == set(GENRES)


@pytest.mark.parametrize("path", ARCHETYPES, ids=[p.stem for p in ARCHETYPES])
def test_archetype_builds_valid_models(path: Path) -> None:
    models = load_archetype(path)
    assert models
    for ts_text, m in models.items():
        ts = TimeSignature.parse(ts_text)
        spb = ts.steps_per_bar
        assert m.genre == path.stem and m.time_signature == ts
        assert m.source == "archetype (editorial)" and m.description
        assert 20 <= m.tempo_min <= m.tempo_median <= m.tempo_max <= 400
        assert 50 <= m.swing_percent <= 75 and m.swing_unit in (8, 16)
        assert 3 <= len(m.grooves) <= 8 and 2 <= len(m.fills) <= 4
        assert m.density > 0 and m.fill_density > 0
        weights = [g.weight for g in m.grooves]
        assert weights == sorted(weights, reverse=True)
        for proto in (*m.grooves, *m.fills):
            grid = parse_grid(proto.grid, ts)
            assert grid.bars == 1 and playability_problems(grid) == []
        for stats_by_voice in (m.voices, m.fill_voices):
            for voice, vs in stats_by_voice.items():
                for seq in (vs.onset_prob, vs.velocity_mean, vs.velocity_std, vs.offset_ms,
                            vs.offset_frac):
                    assert len(seq) == spb, (voice, ts_text)
                assert all(0 <= p <= 1 for p in vs.onset_prob)
                assert all(1 <= v <= 127 for v in vs.velocity_mean)
                assert all(-60 <= o <= 60 for o in vs.offset_ms)
        for a, row in m.cooccurrence.items():
            assert a in m.voices and all(0 <= p <= 1 for p in row.values())
        assert GenreModel.from_dict(json.loads(json.dumps(m.to_dict()))) == m


def _steps_hit(m: GenreModel, voice: str, threshold: float = 0.5) -> list[int]:
    return [i for i, p in enumerate(m.voices[voice].onset_prob) if p >= threshold]


def test_rock_backbeat_statistics(lib: GenreLibrary) -> None:
    m = lib.model("rock")
    assert _steps_hit(m, "snare") == [4, 12]
    assert m.voices["kick"].onset_prob[0] > 0.95
    assert m.voices["snare"].onset_prob[0] < 0.01  # smoothed, not zero-probability noise
    assert m.cooccurrence["snare"]["closed_hat"] > 0.5
    snare = m.voices["snare"]
    assert snare.velocity_mean[4] > m.voices["closed_hat"].velocity_mean[4]  # backbeat over hats


def test_genre_character(lib: GenreLibrary) -> None:
    jazz = lib.model("jazz")
    assert 62 <= jazz.swing_percent <= 66 and jazz.swing_unit == 8
    assert _steps_hit(jazz, "ride", 0.9) == [0, 4, 6, 8, 12, 14]  # spang-a-lang
    assert _steps_hit(jazz, "pedal_hat", 0.9) == [4, 12]
    dnb = lib.model("drum_and_bass")
    assert dnb.tempo_median >= 170 and _steps_hit(dnb, "kick") == [0, 10]
    metal = lib.model("metal")
    assert any(parse_grid(g.grid).line(Voice.KICK) == "x" * 16 for g in metal.grooves)  # 2x kick
    assert any(parse_grid(g.grid).line(Voice.SNARE) == ".x" * 8 for g in metal.grooves)  # blast
    neo = lib.model("neo_soul")
    assert neo.voices["snare"].offset_ms[4] >= 20 > neo.voices["kick"].offset_ms[0]
    assert neo.swing_unit == 16 and neo.swing_percent >= 58
    dembow = lib.model("reggaeton")
    assert _steps_hit(dembow, "kick", 0.9) == [0, 4, 8, 12]
    assert _steps_hit(dembow, "snare") == [3, 6, 11, 14]
    one_drop = lib.model("reggae")
    assert one_drop.voices["kick"].onset_prob[8] > one_drop.voices["kick"].onset_prob[0]
    house = lib.model("house")
    assert _steps_hit(house, "kick", 0.9) == [0, 4, 8, 12]
    assert _steps_hit(house, "open_hat") == [2, 6, 10, 14]
    techno = lib.model("techno")
    assert techno.voices["kick"].offset_std_ms <= 2  # machine-tight
    assert lib.model("trap").tempo_median >= 130


def test_meters_that_genres_live_in(lib: GenreLibrary) -> None:
    assert lib.model("blues", "12/8").time_signature == TimeSignature(12, 8)
    shuffle = lib.model("blues", "12/8")
    assert _steps_hit(shuffle, "closed_hat") == [0, 4, 6, 10, 12, 16, 18, 22]
    assert lib.model("blues", "4/4").swing_percent >= 62
    assert set(lib.meters("prog")) >= {"4/4", "7/8", "5/4"}
    assert lib.model("prog", "7/8").time_signature == TimeSignature(7, 8)
    assert lib.model("jazz", "3/4").time_signature == TimeSignature(3, 4)
    assert lib.model("country", TimeSignature(3, 4)).key == "country@3/4"


@pytest.mark.parametrize(("typed", "key"), [
    ("hip hop", "hiphop"), ("Hip-Hop", "hiphop"), ("dnb", "drum_and_bass"),
    ("drum n bass", "drum_and_bass"), ("Drum & Bass", "drum_and_bass"), ("r&b", "rnb"),
    ("R & B", "rnb"), ("neo soul", "neo_soul"), ("Neo-Soul", "neo_soul"),
    ("bossa", "bossa_nova"), ("Bossa Nova", "bossa_nova"), ("afro-cuban", "afrocuban"),
    ("Hard Rock", "hard_rock"), ("heavy metal", "metal"), ("boom bap", "boom_bap"),
    ("New Orleans", "new_orleans"), ("ROCK", "rock"),
])
def test_genre_aliases(lib: GenreLibrary, typed: str, key: str) -> None:
    assert lib.normalize_genre(typed) == key
    assert canonical_genre(typed) == key
    assert lib.model(typed).genre == key


def test_unknown_genre_lists_the_genres(lib: GenreLibrary) -> None:
    with pytest.raises(UserInputError) as ei:
        lib.model("polka")
    msg = str(ei.value)
    assert "unknown genre 'polka'" in msg and "Known genres:" in msg and "bossa_nova" in msg
    assert ei.value.field == "genre"
    with pytest.raises(UserInputError, match="Did you mean: jazz"):
        lib.normalize_genre("jaz")
    with pytest.raises(UserInputError, match="must not be empty"):
        lib.normalize_genre("  ")


def test_meter_fallback_prefers_the_genre_in_4_4(lib: GenreLibrary) -> None:
    m = lib.model("funk", "7/8")
    assert m.key == "funk@4/4"  # the engine adapts the meter; funk stays funk


def test_parent_and_root_fallbacks(tmp_path: Path) -> None:
    for name in ("rock", "hiphop"):
        (tmp_path / f"{name}.yaml").write_text((ARCHETYPE_DIR / f"{name}.yaml").read_text())
    lib = GenreLibrary.load(corpus_file=NO_CORPUS, archetype_dir=tmp_path)
    assert lib.model("boom_bap").genre == "hiphop"  # boom_bap → hiphop
    assert lib.model("trap", "12/8").key == "hiphop@4/4"
    assert lib.model("metal").genre == "rock"  # metal → hard_rock → rock
    assert lib.model("samba").genre == "rock"  # nothing related: rock
    info = {g.key: g for g in lib.genres()}
    assert info["hiphop"].source == "archetype" and info["boom_bap"].source == "fallback (hiphop)"
    assert info["boom_bap"].parent == "hiphop"


def test_no_models_at_all_is_a_clear_error(tmp_path: Path) -> None:
    lib = GenreLibrary.load(corpus_file=NO_CORPUS, archetype_dir=tmp_path)
    with pytest.raises(UserInputError, match="genre data is missing"):
        lib.model("rock")


def _corpus_model(genre: str, ts: str = "4/4", *, fills: bool = False,
                  bars: int = 100) -> dict[str, object]:
    base = load_archetype(ARCHETYPE_DIR / "rock.yaml")["4/4"]
    spb = TimeSignature.parse(ts).steps_per_bar
    voice = {"onset_prob": [0.5] * spb, "velocity_mean": [90.0] * spb,
             "velocity_std": [8.0] * spb, "offset_ms": [0.0] * spb, "offset_frac": [0.0] * spb}
    d = base.to_dict() if ts == "4/4" else {}
    d.update(genre=genre, time_signature=ts, source=f"test corpus ({genre})", tempo_min=90,
             tempo_max=130, tempo_median=110, voices={"kick": voice}, bars_learned=bars)
    if not fills:
        d.update(fills=[], fill_voices={}, fill_density=0.0)
    return d


@pytest.mark.parametrize("shape", ["list", "models", "mapping"])
def test_corpus_models_win_and_any_file_shape_is_read(tmp_path: Path, shape: str) -> None:
    models = [_corpus_model("funk"), _corpus_model("rock", "7/8")]
    doc: object = {"list": models, "models": {"format_version": 1, "models": models},
                   "mapping": {f"{m['genre']}@{m['time_signature']}": m for m in models}}[shape]
    path = tmp_path / "genre_models.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    lib = GenreLibrary.load(corpus_file=path)
    funk = lib.model("funk")
    assert funk.source.startswith("test corpus (funk)")
    assert funk.fills and "fills: archetype (editorial)" in funk.source  # borrowed fills
    assert lib.model("rock", "7/8").source == "test corpus (rock)"
    assert lib.model("rock", "4/4").source == "archetype (editorial)"
    info = {g.key: g for g in lib.genres()}
    assert info["funk"].source == "corpus + archetype"


def test_corpus_genre_names_are_normalized_and_bad_entries_skipped(tmp_path: Path) -> None:
    models = [_corpus_model("Hip-Hop"), {"genre": "broken"}, _corpus_model("neworleans")]
    path = tmp_path / "genre_models.json"
    path.write_text(json.dumps(models), encoding="utf-8")
    lib = GenreLibrary.load(corpus_file=path)
    assert lib.model("hip hop").source.startswith("test corpus (Hip-Hop)")
    assert lib.model("new orleans").genre == "new_orleans"


def test_missing_or_broken_corpus_file_falls_back_to_archetypes(tmp_path: Path) -> None:
    path = tmp_path / "genre_models.json"
    path.write_text("{not json", encoding="utf-8")
    assert GenreLibrary.load(corpus_file=path).model("rock").source == "archetype (editorial)"


def test_shipped_library_always_answers() -> None:
    lib = GenreLibrary.load()
    for g in GENRES:
        m = lib.model(g)
        assert m.voices and m.grooves, g


def test_archetype_errors_are_precise() -> None:
    base = {"genre": "rock", "description": "d", "tempo": {"min": 80, "max": 120},
            "meters": {"4/4": {"grooves": [{"grid": "SD |....X.......X...|"}],
                               "fills": [{"grid": "SD |xxxxxxxxxxxxxxxx|"}]}}}
    assert set(build_models(base)) == {"4/4"}
    with pytest.raises(ArtistDataError, match="genre must be one of the genre keys"):
        build_models(dict(base, genre="polka"))
    bad = {"4/4": {"grooves": [{"grid": "SD |x.x.|"}], "fills": base["meters"]["4/4"]["fills"]}}
    with pytest.raises(ArtistDataError, match="4/4 needs a multiple of 16"):
        build_models(dict(base, meters=bad))
    two_bars = {"4/4": {"grooves": [{"grid": "SD |" + "x..." * 8 + "|"}],
                        "fills": base["meters"]["4/4"]["fills"]}}
    with pytest.raises(ArtistDataError, match="this grid has 2 bars"):
        build_models(dict(base, meters=two_bars))
    with pytest.raises(ArtistDataError, match="swing needs percent 50..75"):
        build_models(dict(base, swing={"percent": 80, "unit": 8}))
    with pytest.raises(ArtistDataError, match="unknown key"):
        build_models(dict(base, colour="red"))


def test_a_composed_model_is_made_once_and_fitted_once() -> None:
    """An archetype played with a corpus feel (hard rock: the editorial groove, the GMD rock
    feel) is the same object on every ask, so the engine lays it over the meter once."""
    from mididrumigen.groove.engine import GrooveEngine

    lib = GenreLibrary.load()
    ts = TimeSignature(4, 4)
    first = lib.model("hard_rock", ts)
    assert "feel:" in first.source  # composed, not a model read as is
    assert lib.model("hard_rock", ts) is first
    engine = GrooveEngine(lib.model)
    assert engine.fitted("hard_rock", ts) is engine.fitted("hard_rock", ts)
