"""The research use cases in services (storage versions, sources, errors) and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_paths import GMD as GMD_ROOT
from mididrumigen import services
from mididrumigen.errors import NotFoundError, ResearchError, UserInputError

GMD = GMD_ROOT / "drummer1" / "session1"


@pytest.fixture
def db(tmp_path):
    from mididrumigen.storage.engine import open_engine

    return open_engine(f"sqlite:///{tmp_path / 'research.db'}")


@pytest.fixture
def midi_dir(tmp_path) -> Path:
    files = sorted(GMD.glob("*funk*beat*.mid"))[:2]
    if not files:
        pytest.skip("the Groove MIDI Dataset is not available")
    folder = tmp_path / "midi"
    folder.mkdir()
    for p in files:
        (folder / p.name).write_bytes(p.read_bytes())
    return folder


def test_research_saves_a_version_only_when_better_or_forced_then_augment_adds_one(
        runtime, db, midi_dir) -> None:
    from mididrumigen.storage.engine import session_scope
    from mididrumigen.storage.repository import find_artist, profile_versions
    from mididrumigen.storage.sources import sources_for

    steps: list[float] = []
    same = services.research_artist(runtime, "vulfpeck", progress=lambda s, f: steps.append(f),
                                    db=db)
    # the knowledge base alone says nothing new: nothing is stored, the confidence is kept
    assert same.version is None and not same.stored and same.diff == ()
    assert same.profile.confidence == same.previous_confidence == 0.6
    assert "not above" in same.store_note and steps[-1] == 1.0
    first = services.research_artist(runtime, "vulfpeck", db=db, force=True)
    assert first.version == 1 and first.stored and first.profile.artist_name == "Vulfpeck"
    second = services.augment_artist(runtime, "Vulfpeck", source_dir=midi_dir, db=db, force=True)
    assert second.version == 2
    assert "midi_files" in second.profile.provenance["velocity_mean"]
    assert "knowledge_base" in second.profile.provenance["velocity_mean"]  # stored evidence
    changed = {c.param: c for c in second.diff}
    assert "velocity_mean" in changed and changed["velocity_mean"].old == 92
    assert all(c.moved_by for c in second.diff if c.param in ("velocity_mean", "complexity"))
    with session_scope(db) as s:
        versions = profile_versions(s, "Vulfpeck")
        rows = sources_for(s, "Vulfpeck")
        status = find_artist(s, "Vulfpeck").research_status
    assert [v for v, _, _ in versions] == [1, 2] and versions[-1][2].source == "research"
    assert rows[0].source_type == "knowledge_base"
    assert {r.source_type for r in rows[1:]} == {"midi_files"}
    assert all(r.file_path for r in rows[1:]) and status == "done"
    resolved = services.resolve_profile(runtime, "Vulfpeck", db=db)
    assert resolved.profile.source == "research"



def test_the_stored_embedding_is_the_one_research_computed(runtime, db, monkeypatch) -> None:
    from mididrumigen.domain.embedding import EMBEDDING_DIM
    from mididrumigen.research import embedder
    from mididrumigen.storage.engine import session_scope
    from mididrumigen.storage.repository import latest_profile_row

    result = services.research_artist(runtime, "vulfpeck", db=db, force=True)
    assert result.profile.embedding == tuple(embedder.profile_vector(result.profile))
    with session_scope(db) as s:
        row = latest_profile_row(s, "Vulfpeck")
        assert row is not None and row.embedding == pytest.approx(result.profile.embedding,
                                                                  abs=1e-6)
    marker = [0.0] * EMBEDDING_DIM
    marker[7] = 1.0  # no embedder would compute this: storage must store what it is given
    monkeypatch.setattr(embedder, "profile_vector", lambda profile, **_: marker)
    again = services.research_artist(runtime, "Vulfpeck", db=db, force=True)
    assert again.profile.embedding == tuple(marker)
    with session_scope(db) as s:
        row = latest_profile_row(s, "Vulfpeck")
        assert row is not None and row.version == 2 and row.embedding == marker
    assert services.similar(runtime, "Vulfpeck", 3, db)  # searches answer over stored vectors


def test_offline_research_of_an_unknown_artist_without_sources_fails_clearly(runtime) -> None:
    with pytest.raises(ResearchError, match="no evidence found") as info:
        services.research_artist(runtime, "Zzyzx Nobody Band")
    assert info.value.advice == ("online", "source_dir", "urls")  # each surface words them
    assert "--" not in str(info.value)  # str(): the request fields, not CLI flags


def test_cli_research_advice_names_the_flags() -> None:
    from typer.testing import CliRunner

    from mididrumigen.cli.app import app

    out = CliRunner().invoke(app, ["research", "Zzyzx Nobody Band", "--no-save"])
    assert out.exit_code == 1
    assert "Try --online, --source-dir DIR or --url URL." in out.output


def test_research_inputs_are_checked(runtime, tmp_path) -> None:
    with pytest.raises(UserInputError, match="depth"):
        services.research_artist(runtime, "Vulfpeck", depth="deep")
    with pytest.raises(UserInputError, match="does not exist"):
        services.research_artist(runtime, "Vulfpeck", source_dir=tmp_path / "missing")
    with pytest.raises(UserInputError, match="http"):
        services.research_artist(runtime, "Vulfpeck", urls=("file:///etc/passwd",))
    with pytest.raises(UserInputError, match="something new"):
        services.augment_artist(runtime, "Vulfpeck")
    with pytest.raises(NotFoundError):
        services.augment_artist(runtime, "Zzyzx Nobody Band", source_dir=tmp_path)


def test_unknown_artist_researched_from_a_midi_folder(runtime, midi_dir) -> None:
    result = services.research_artist(runtime, "Zzyzx Nobody Band", source_dir=midi_dir)
    assert {e.source for e in result.evidence} == {"midi_files"}
    assert result.profile.signature_grooves and result.version is None


def test_cli_research_and_augment(midi_dir) -> None:
    from typer.testing import CliRunner

    from mididrumigen.cli.app import app

    runner = CliRunner()
    out = runner.invoke(app, ["research", "Vulfpeck", "--no-save", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["profile"]["source"] == "research" and data["failures"] == []
    out = runner.invoke(app, ["augment", "Vulfpeck", "--no-save", "--source-dir", str(midi_dir)])
    assert out.exit_code == 0, out.output
    assert "Vulfpeck" in out.stdout and "midi_files" in out.stdout
    bad = runner.invoke(app, ["research", "Vulfpeck", "--depth", "deep", "--no-save"])
    assert bad.exit_code == 2 and "depth must be one of quick, full" in bad.output
