"""services.generate / resolve_profile: the use cases every surface calls."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mididrumigen import services
from mididrumigen.domain import GenerationParams
from mididrumigen.errors import StorageError
from mididrumigen.services import GenerateCommand, Runtime


def test_known_artist_resolves_from_knowledge_base(runtime: Runtime) -> None:
    r = services.resolve_profile(runtime, "led zepplin")
    assert r.known and r.profile.artist_name == "Led Zeppelin"
    assert r.profile.source == "knowledge_base" and r.profile.confidence >= 0.5


def test_unknown_artist_gets_low_confidence_genre_profile(runtime: Runtime) -> None:
    r = services.resolve_profile(runtime, "Xyzzy Plugh Quintet", genre="jazz")
    assert not r.known
    assert r.profile.source == "genre_default" and r.profile.confidence <= 0.3
    assert r.profile.genres == ("jazz",)
    assert "jazz" in r.note


def test_generate_returns_patterns_and_records_the_seed(runtime: Runtime) -> None:
    res = services.generate(runtime, GenerateCommand("Stewart Copeland",
                                                     GenerationParams(bars=2, variations=3)))
    assert len(res.patterns) == 3 and res.seed is not None
    again = services.generate(runtime, GenerateCommand(
        "Stewart Copeland", GenerationParams(bars=2, variations=3, seed=res.seed)))
    assert [p.to_dict() for p in again.patterns] == [p.to_dict() for p in res.patterns]
    assert res.provider_used == "template"


def test_generate_writes_nothing_when_the_directory_cannot_be_made(runtime: Runtime,
                                                                   tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StorageError, match="cannot create output directory"):
        services.generate(runtime, GenerateCommand("John Bonham", GenerationParams(variations=1)),
                          out_dir=blocker / "x")


def test_write_outputs_leaves_no_temp_files(runtime: Runtime, tmp_path: Path) -> None:
    res = services.generate(runtime, GenerateCommand("Sly Dunbar",
                                                     GenerationParams(variations=2, seed=1)),
                            out_dir=tmp_path)
    assert sorted(os.listdir(tmp_path)) == sorted(f.name for f in res.files)


def test_stored_profile_lookups_are_remembered_per_database(runtime: Runtime,
                                                            tmp_path: Path) -> None:
    from dataclasses import replace

    from mididrumigen.storage.engine import session_scope
    from mididrumigen.storage.repository import save_profile

    researched = services.open_database(f"sqlite:///{tmp_path / 'a.db'}")
    empty = services.open_database(f"sqlite:///{tmp_path / 'b.db'}")
    kb = services.resolve_profile(runtime, "Questlove").profile
    with session_scope(researched) as s:
        save_profile(s, replace(kb, source="research", confidence=0.9))
    assert services.resolve_profile(runtime, "Questlove", db=researched).profile.source == "research"
    # another database, asked within the memo window, does not see the first one's profile
    assert services.resolve_profile(runtime, "Questlove", db=empty).profile.source == "knowledge_base"


def test_forgetting_a_profile_forgets_every_spelling_of_the_name(
        runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The memo is keyed by the normalized name: a lookup of "john bonham" is forgotten when
    research saves "John Bonham" (it used to survive until the memo expired)."""
    from dataclasses import replace

    from mididrumigen.services.profiles import ProfileMemo
    from mididrumigen.storage.engine import session_scope
    from mididrumigen.storage.repository import save_profile

    monkeypatch.setattr(runtime, "profile_memo", ProfileMemo(ttl_s=3600))  # never expires here
    db = services.open_database(f"sqlite:///{tmp_path / 'memo.db'}")
    try:
        assert services.resolve_profile(runtime, "john bonham", db=db).profile.source == \
            "knowledge_base"  # remembered: nothing stored for "john bonham"
        kb = services.resolve_profile(runtime, "John Bonham").profile
        with session_scope(db) as s:
            save_profile(s, replace(kb, source="research", confidence=0.9))
        assert services.resolve_profile(runtime, "john bonham", db=db).profile.source == \
            "knowledge_base"  # still the memo's answer …
        services.forget_profile(runtime, "John Bonham")  # … until research forgets the name
        assert services.resolve_profile(runtime, "john bonham", db=db).profile.source == "research"
        assert services.resolve_profile(runtime, "JOHN  BONHAM", db=db).profile.source == "research"
    finally:
        db.dispose()


def test_knowledge_base_artists_report_when_their_file_last_changed(runtime: Runtime) -> None:
    status = services.artist_status(runtime, "John Bonham")
    assert status.exists and status.source == "knowledge_base"
    assert status.last_updated is not None


def test_generate_command_travels_as_flat_fields() -> None:
    """The API body and a task row are GenerateCommand.to_fields(); from_fields reads it back
    with the domain's checks, and never takes a drum map file over the wire."""
    from mididrumigen.domain import TimeSignature
    from mididrumigen.errors import UserInputError

    command = GenerateCommand("Questlove", GenerationParams(
        bars=2, tempo=92.5, time_signature=TimeSignature(7, 8), seed=3, complexity=0.6,
        swing=58, humanize_amount=0.4), services.OutputOptions(drum_map="ezd3", ppq=960),
        provider="auto")
    fields = command.to_fields()
    assert fields["time_signature"] == "7/8" and fields["swing"] == 58
    assert GenerateCommand.from_fields(fields) == command
    for bad, field in (({"bars": 17}, "bars"), ({"swing": 76}, "swing"), ({"nope": 1}, "nope"),
                       ({"_owner": "x"}, "_owner"),
                       ({"drum_map": "kit.yaml"}, "drum_map"), ({"ppq": 10}, "ppq")):
        with pytest.raises(UserInputError) as e:
            GenerateCommand.from_fields({**fields, **bad})
        assert e.value.field == field


def test_every_exported_use_case_is_found_where_the_package_says() -> None:
    """services/__init__.py imports its names on first use: the table covers __all__ exactly,
    and each name is the object its module defines."""
    import importlib

    from mididrumigen import services

    table = services._WHERE  # the table under test
    assert set(table) == set(services.__all__)
    for name, module in table.items():
        assert getattr(services, name) is getattr(
            importlib.import_module(module, "mididrumigen.services"), name), name
    assert set(services.__all__) <= set(dir(services))
