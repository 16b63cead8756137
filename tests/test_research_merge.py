"""A merge that only improves: evidence weighted by kind, a curated profile refined and never
replaced by weaker evidence, robust tempo ranges, every change naming its evidence, and a
profile stored only when it is better (or forced). The figures are the issue's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mididrumigen import services
from mididrumigen.research.aggregate import Vote, aggregate
from mididrumigen.research.builder import ProfileBuilder
from mididrumigen.research.evidence import Evidence
from mididrumigen.research.orchestrator import profile_as_evidence
from research_songs import FILL, ROCK, song_bytes

# a funk groove played straight and right on the beat: somebody's generic funk loop
LOOP = """HH |xxxxxxxxxxxxxxxx|
SD |....X..g.g..X..g|
BD |X.X.......X..X..|"""


@pytest.fixture
def db(tmp_path):
    from mididrumigen.storage.engine import open_engine

    return open_engine(f"sqlite:///{tmp_path / 'merge.db'}")


def _ev(source: str, payload: dict, confidence: float = 0.6, **kw) -> Evidence:
    return Evidence(source, f"https://example.org/{source}", payload, confidence, "test",
                    title=kw.get("title", source))


def _funk_loops(folder: Path, n: int = 5) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"funk_loop_{i:02d}.mid").write_bytes(song_bytes(
            [(LOOP, 8)], tempo=100 + 2 * i, humanize_ms=6.0, seed=i, band=False))
    return folder


def test_offline_research_of_a_knowledge_base_artist_never_lowers_its_confidence(runtime, db) -> None:
    result = services.research_artist(runtime, "J Dilla", db=db)
    assert result.profile.confidence == 0.70 == result.previous_confidence
    assert result.profile.params == runtime.knowledge_base.profile("J Dilla").params
    assert not result.stored and result.version is None and result.diff == ()
    assert services.resolve_profile(runtime, "J Dilla", db=db).profile.source == "knowledge_base"


def test_no_knowledge_base_profile_loses_confidence_or_values_to_itself(runtime) -> None:
    from mididrumigen.research.collectors.knowledge_base import KnowledgeBaseCollector
    from mididrumigen.research.evidence import ResearchQuery

    kb = runtime.knowledge_base
    builder = ProfileBuilder()
    collector = KnowledgeBaseCollector(kb)
    import asyncio

    for name in (e.name for e in kb):
        [ev] = asyncio.run(collector.collect(ResearchQuery(name), None))  # type: ignore[arg-type]
        profile, _ = builder.build(name, [ev])
        curated = kb.profile(name)
        assert profile.confidence == curated.confidence, name
        assert profile.params == curated.params, name


def test_generic_funk_files_do_not_straighten_questloves_laid_back_feel(runtime, db, tmp_path) -> None:
    before = runtime.knowledge_base.profile("Questlove")
    result = services.augment_artist(runtime, "Questlove", source_dir=_funk_loops(tmp_path / "loops"),
                                     db=db)
    p = result.profile.params
    assert p.microtiming_ms["snare"] > 5 and "laid back" in result.profile.text_description
    assert p.swing_percent >= 53 and "straight" not in result.profile.text_description
    assert abs(p.swing_percent - before.params.swing_percent) < abs(
        p.swing_percent - 50.0)  # nearer his feel than the loops'
    # the loops disagree with what is documented: lower confidence, so nothing is stored
    assert result.profile.confidence < before.confidence and not result.stored
    changed = {c.param: c for c in result.diff}
    assert changed["microtiming_ms.snare"].old == before.params.microtiming_ms["snare"]
    assert all("midi_files" in m for m in changed["microtiming_ms.snare"].moved_by)
    assert "moved to" in changed["swing_percent"].provenance


def test_the_artists_own_drum_parts_move_the_profile_more_than_unnamed_files(runtime, tmp_path) -> None:
    unnamed = services.augment_artist(runtime, "Questlove", source_dir=_funk_loops(tmp_path / "loops"))
    named = services.augment_artist(runtime, "Questlove", source_dir=_funk_loops(tmp_path / "Questlove"))
    assert named.profile.params.microtiming_ms["snare"] < unnamed.profile.params.microtiming_ms[
        "snare"]
    assert all(e.payload.get("attributed") for e in named.new_evidence)


def test_agreeing_drum_parts_raise_confidence_and_are_stored(runtime, db, tmp_path) -> None:
    kb = runtime.knowledge_base.profile("Questlove")
    agreeing = [_ev("midi_files", {"params": {**kb.params.to_dict(), "swing_percent": 57.5,
                                              "tempo_avg": 93.0}, "attributed": True},
                    0.8, title=f"song {i}") for i in range(4)]
    profile, report = ProfileBuilder().build("Questlove", [profile_as_evidence(kb), *agreeing])
    assert profile.confidence > kb.confidence
    assert report.moved_by["swing_percent"][0].startswith("midi_files")


def test_evidence_is_weighted_by_kind_drum_part_over_estimate_over_keyword() -> None:
    same = 0.6
    evidence = [_ev("midi_files", {"params": {"syncopation": 0.8}}, same),
                _ev("wikipedia", {"descriptors": {"sparse": 1}}, same),
                _ev("llm_knowledge", {"params": {"syncopation": 0.1}}, same)]
    profile, _ = ProfileBuilder().build("Nobody", evidence)
    prov = profile.provenance["syncopation"]
    assert prov.index("midi_files") < prov.index("llm_knowledge")  # strongest first
    assert profile.params.syncopation > 0.55
    drum, text = (_ev("midi_files", {"params": {"complexity": 0.8}}, same),
                  _ev("wikipedia", {"descriptors": {"sparse": 1}}, same))
    p2, _ = ProfileBuilder().build("Nobody", [drum, text])
    assert p2.params.complexity > 0.6  # the drum part outweighs "sparse" in prose


def test_three_tempos_give_their_real_range() -> None:
    tempos = [102.0, 93.0, 112.0, 112.0, 112.0]
    evidence = [_ev("midi_files", {"params": {"tempo_avg": t}}, 0.8, title=f"take {i}")
                for i, t in enumerate(tempos)]
    p, _ = ProfileBuilder().build("Nobody", evidence)
    assert (p.params.tempo_min, p.params.tempo_max) == (93.0, 112.0)
    assert 93.0 < p.params.tempo_avg < 112.0 and "all kept" in p.provenance["tempo_min"]


def test_three_tempos_from_a_source_folder_give_their_real_range(runtime, tmp_path) -> None:
    for i, tempo in enumerate((102, 93, 112, 112, 112)):
        (tmp_path / f"take{i}.mid").write_bytes(song_bytes([(ROCK, 6), (FILL, 1)], tempo=tempo,
                                                           band=False))
    p = services.research_artist(runtime, "Zzyzx Tempo Band", source_dir=tmp_path).profile.params
    assert (p.tempo_min, p.tempo_max) == (93.0, 112.0)


def test_the_outlier_filter_never_drops_two_of_three_or_a_cluster() -> None:
    three = aggregate("swing_percent", [Vote(50.0, 0.8, "a", "a"), Vote(58.0, 0.8, "b", "b"),
                                        Vote(66.0, 0.8, "c", "c")])
    assert three is not None and not three.dropped
    clustered = aggregate("swing_percent", [Vote(v, 0.8, str(i), str(i)) for i, v in
                                            enumerate((58.0, 58.0, 58.0, 66.0, 66.0))])
    assert clustered is not None and not clustered.dropped
    one_wild = aggregate("swing_percent", [Vote(v, 0.8, str(i), str(i)) for i, v in
                                           enumerate((58.0, 58.5, 57.5, 58.0, 74.0))])
    assert one_wild is not None and [v.value for v in one_wild.dropped] == [74.0]


def test_augment_cli_shows_the_diff_and_force_stores(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from mididrumigen.cli.app import app

    monkeypatch.setenv("MIDIDRUMIGEN_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    loops = _funk_loops(tmp_path / "loops", 3)
    runner = CliRunner()
    out = runner.invoke(app, ["augment", "Questlove", "--source-dir", str(loops)],
                        env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    assert "Changes against the profile in use" in out.stdout and "not saved" in out.stdout
    assert "swing_percent" in out.stdout and "midi_files" in out.stdout
    forced = runner.invoke(app, ["augment", "Questlove", "--source-dir", str(loops), "--force",
                                 "--json"])
    assert forced.exit_code == 0, forced.output
    data = json.loads(forced.stdout)
    assert data["stored"] is True and data["version"] == 1
    assert any(c["param"] == "swing_percent" and c["moved_by"] for c in data["diff"])
