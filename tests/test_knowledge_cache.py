"""The validated knowledge base kept on disk (knowledge/artist_cache.py): the same entries as
validating the files, read back only when made for the same files and code, and anything
stale, torn or tampered with is ignored and rebuilt."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from mididrumigen.knowledge import artists
from mididrumigen.knowledge.artist_cache import cache_key, cache_path, file_stamps, read_cache


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "artists"
    folder.mkdir()
    for name in ("rock.json", "funk_soul.json"):
        shutil.copy(artists.DATA_DIR / name, folder / name)
    return folder


def _load(data: Path, cache: Path) -> artists.KnowledgeBase:
    artists.clear_cache()  # the process memo would answer before the disk cache
    return artists.load_knowledge_base(data, cache_dir=cache)


def _cache_file(data: Path, cache: Path) -> Path:
    return cache_path(cache, data.resolve(), False)


def test_the_cache_gives_the_entries_validation_gives(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh = _load(data, cache)
    assert _cache_file(data, cache).is_file()
    key = cache_key(data.resolve(), file_stamps(sorted(data.glob("*.json"))), False)
    read = read_cache(cache, data.resolve(), key)
    assert read is not None
    assert read[0] == fresh.entries and read[2] == fresh.files
    again = _load(data, cache)
    assert again.entries == fresh.entries and again.files == fresh.files
    assert again.profile("John Bonham") == fresh.profile("John Bonham")
    # the name index read back answers every kind of lookup as the one built from the names
    for typed in ("John Bonham", "bonzo", "Jimmy Page", "led zepplin", "JAMES BROWN", "Bonham",
                  "the meters", "Clyde Stubblefield", "nobody at all", "!!!", "Jon Bonam"):
        assert again.resolve(typed) == fresh.resolve(typed), typed
        assert again.search(typed) == fresh.search(typed), typed
    # the bundled knowledge base through the cache equals the one validated from the files
    artists.clear_cache()
    validated = artists.load_knowledge_base().entries
    for _ in range(2):  # written, then read
        artists.clear_cache()
        assert artists.load_knowledge_base(cache_dir=cache).entries == validated


def test_a_changed_data_file_is_validated_again(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _load(data, cache)
    path = data / "rock.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["artists"][0]["description"] = "Changed after the cache was written."
    path.write_text(json.dumps(doc), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different mtime even on a coarse clock
    kb = _load(data, cache)
    assert kb.get("Led Zeppelin").description == "Changed after the cache was written."
    # and an unplayable groove written now is caught: the files are validated, not the cache
    doc["artists"][0]["signature_grooves"] = [{"name": "three hands", "grid":
                                               "SD |X...............|\nHH |X...............|\n"
                                               "RD |X...............|"}]
    path.write_text(json.dumps(doc), encoding="utf-8")
    os.utime(path, ns=(2, 2))
    with pytest.raises(artists.ArtistDataError, match="not playable"):
        _load(data, cache)


@pytest.mark.parametrize("damage", ["torn", "out_of_range", "wrong_type", "other_key",
                                    "short_names", "no_names", "unknown_genre", "rows_not_list"])
def test_a_damaged_cache_is_ignored_and_rewritten(data: Path, tmp_path: Path,
                                                  damage: str) -> None:
    cache = tmp_path / "cache"
    fresh = _load(data, cache)
    file = _cache_file(data, cache)
    text = file.read_text(encoding="utf-8")
    doc = json.loads(text)
    if damage == "torn":
        file.write_text(text[: len(text) // 2], encoding="utf-8")
    else:
        if damage == "out_of_range":
            doc["entries"][0][3][0] = 1000  # tempo_min
        elif damage == "wrong_type":
            doc["entries"][0][0] = ["not", "a", "name"]
        elif damage == "unknown_genre":
            doc["entries"][0][2] = ["polka_metal"]
        elif damage == "rows_not_list":
            doc["entries"] = {"a" * 12: 1}  # a 12-letter key unpacks like a row
        elif damage == "short_names":
            doc["normalized"][0].pop()
        elif damage == "no_names":
            del doc["normalized"]
        else:
            doc["key"] = "0" * 64
        file.write_text(json.dumps(doc), encoding="utf-8")
    kb = _load(data, cache)
    assert kb.entries == fresh.entries
    assert json.loads(file.read_text(encoding="utf-8")) == json.loads(text)  # rebuilt


def test_an_unwritable_cache_dir_only_costs_time(data: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    kb = _load(data, blocker / "cache")
    assert kb.resolve("John Bonham").entry is not None


# The shipped genre models, read from the cache one model at a time (knowledge/genre_cache.py)

def _models_copy(tmp_path: Path) -> Path:
    from mididrumigen.knowledge.genres import CORPUS_FILE

    path = tmp_path / "genre_models.json"
    shutil.copy(CORPUS_FILE, path)
    return path


def test_cached_genre_models_are_the_models_file_s(tmp_path: Path) -> None:
    from mididrumigen.knowledge.genre_cache import CachedModels, corpus_models
    from mididrumigen.knowledge.genres import read_corpus_models

    path = _models_copy(tmp_path)
    expected = read_corpus_models(path)
    written = corpus_models(path, tmp_path / "cache")  # the first read writes the cache
    read = corpus_models(path, tmp_path / "cache")
    assert isinstance(read, CachedModels) and not isinstance(written, CachedModels)
    assert dict(written) == expected
    assert list(read) == list(expected) and len(read) == len(expected)
    for key, model in expected.items():
        assert key in read and read[key] == model
    assert read.get(("no_such_genre", "4/4")) is None


def test_a_genre_library_plays_the_same_models_from_the_cache(tmp_path: Path) -> None:
    from mididrumigen.knowledge.genres import GenreLibrary

    plain = GenreLibrary.load()
    for _ in range(2):  # writes, then reads
        cached = GenreLibrary.load(cache_dir=tmp_path / "cache")
        for genre, meter in (("rock", "4/4"), ("hard_rock", "4/4"), ("funk", "4/4"),
                             ("jazz", "4/4"), ("reggae", "4/4"), ("rock", "12/8"),
                             ("metal", "7/8"), ("house", "4/4"), ("boom_bap", "4/4")):
            assert cached.model(genre, meter) == plain.model(genre, meter), (genre, meter)
        assert cached.genres() == plain.genres()


@pytest.mark.parametrize("damage", ["torn", "other_key", "bad_slice", "models_file_changed"])
def test_a_stale_or_damaged_genre_cache_is_not_believed(tmp_path: Path, damage: str) -> None:
    from mididrumigen.knowledge.genre_cache import corpus_models
    from mididrumigen.knowledge.genres import read_corpus_models

    path = _models_copy(tmp_path)
    cache = tmp_path / "cache"
    corpus_models(path, cache)
    (file,) = cache.glob("genre-models-*.json")
    data = file.read_bytes()
    head, _, body = data.partition(b"\n")
    header = json.loads(head)
    if damage == "torn":
        file.write_bytes(data[: len(data) // 2])
    elif damage == "other_key":
        header["key"] = "0" * 64
        file.write_bytes(json.dumps(header).encode() + b"\n" + body)
    elif damage == "bad_slice":  # every model's slice now starts inside another's JSON
        header["models"] = [[g, m, a + 1, b] for g, m, a, b in header["models"]]
        file.write_bytes(json.dumps(header).encode() + b"\n" + body)
    else:
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["models"] = doc["models"][:3] if isinstance(doc, dict) and "models" in doc else doc
        path.write_text(json.dumps(doc), encoding="utf-8")
        os.utime(path, ns=(1, 1))
    expected = read_corpus_models(path)
    for _ in range(2):
        models = corpus_models(path, cache)
        assert dict(models) == expected
