"""Orchestrator end to end: a fixture artist through every collector on a loopback server →
a profile whose every parameter names its evidence; partial results, time bound, progress,
augmentation, the LLM collector with FakeProvider, and the collector registry."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from corpus_paths import GMD as GMD_ROOT
from mididrumigen.research.builder import PARAMS
from mididrumigen.research.evidence import Evidence, ResearchQuery
from mididrumigen.research.orchestrator import Orchestrator, profile_as_evidence
from mididrumigen.research.registry import Collector, available, build_collectors, register, unregister
from test_research_support import serve_khruangbin, settings_for

GMD = GMD_ROOT / "drummer1" / "session1"


def _research(server, query, collectors=None, progress=None, **settings):
    async def go():
        async with httpx.AsyncClient() as client:
            orch = Orchestrator(collectors, settings=settings_for(server, **settings),
                                client=client, use_cache=False)
            return await orch.research(query, progress=progress)

    return asyncio.run(go())


def test_fixture_artist_end_to_end_every_parameter_names_its_evidence(httpserver, tmp_path) -> None:
    serve_khruangbin(httpserver)
    for p in sorted(GMD.glob("*funk*beat*.mid"))[:2]:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    events: list[tuple[str, float]] = []
    query = ResearchQuery("Khruangbin", depth="full", online=True, source_dir=tmp_path,
                          urls=(httpserver.url_for("/articles/khruangbin"),))
    result = _research(httpserver, query, progress=lambda s, f: events.append((s, f)))
    assert result.failures == ()
    sources = {e.source for e in result.evidence}
    assert {"musicbrainz", "wikipedia", "wikidata", "semantic_scholar", "arxiv", "crossref",
            "articles"} <= sources
    if any(GMD.glob("*funk*beat*.mid")):
        assert "midi_files" in sources
    profile = result.profile
    assert profile.source == "research" and profile.kind == "band"
    assert "Donald “DJ” Johnson" in profile.drummers
    assert set(profile.genres) & {"funk", "rock", "soul"}
    labels = [e.label for e in result.evidence]
    for name in (*PARAMS, "microtiming_ms"):
        text = profile.provenance[name]
        assert any(label in text for label in labels) or text.startswith("no evidence; default of"), name
    assert profile.params.microtiming_ms["snare"] > 0  # "behind the beat", "laid back"
    assert profile.sources_count == len(result.evidence)
    fractions = [f for _, f in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(events) >= 10


def test_offline_query_runs_no_online_collector(httpserver) -> None:
    result = _research(httpserver, ResearchQuery("Vulfpeck"))
    assert {e.source for e in result.evidence} == {"knowledge_base"}
    assert httpserver.log == []
    assert "knowledge_base" in result.profile.provenance["tempo_avg"]


class Broken(Collector):
    name = "broken"

    async def collect(self, query, http):
        raise RuntimeError("upstream exploded")


class Slow(Collector):
    name = "slow"

    def __init__(self) -> None:
        self.finished = False

    async def collect(self, query, http):
        await asyncio.sleep(30)
        self.finished = True  # only if research waited out the 30 s instead of its budget
        return []


class Fixed(Collector):
    name = "fixed"

    async def collect(self, query, http):
        return [Evidence("fixed", "mem:fixed", {"params": {"swing_percent": 60.0}}, 0.7, "test",
                         title="fixed")]


def test_partial_results_when_collectors_fail_or_time_out(httpserver) -> None:
    slow = Slow()
    result = _research(httpserver, ResearchQuery("Anyone"), [Broken(), slow, Fixed()],
                       time_budget_quick_s=0.5)
    assert result.profile.params.swing_percent == 60.0
    failures = {f.collector: f for f in result.failures}
    assert "upstream exploded" in failures["broken"].error
    assert failures["slow"].kind == "timeout"
    assert not slow.finished  # answered at the budget, not after the slow collector


def test_musicbrainz_503_leaves_the_others(httpserver) -> None:
    httpserver.expect_request("/ws/2/artist").respond_with_data("down", status=503)
    serve_khruangbin(httpserver)
    from mididrumigen.research.collectors.musicbrainz import MusicBrainzCollector
    from mididrumigen.research.collectors.wikipedia import WikipediaCollector

    result = _research(httpserver, ResearchQuery("Khruangbin", online=True),
                       [MusicBrainzCollector(), WikipediaCollector()], retries=0)
    assert [f.collector for f in result.failures] == ["musicbrainz"]
    assert {e.source for e in result.evidence} == {"wikipedia", "wikidata"}


def test_ambiguous_names_are_reported(httpserver) -> None:
    from mididrumigen.research.collectors.musicbrainz import MusicBrainzCollector
    from test_research_support import fixture_json

    httpserver.expect_request("/ws/2/artist").respond_with_json(fixture_json("mb_search_nirvana.json"))
    httpserver.expect_request("/ws/2/artist/5b11f4ce-a62d-471e-81fc-a69a8278c7da").respond_with_json(
        {"id": "5b11f4ce-a62d-471e-81fc-a69a8278c7da", "name": "Nirvana", "type": "Group"})
    result = _research(httpserver, ResearchQuery("Nirvana", online=True), [MusicBrainzCollector()])
    assert len(result.ambiguous) == 3


def test_augmentation_adds_sources_and_keeps_the_old_evidence(httpserver, tmp_path) -> None:
    first = _research(httpserver, ResearchQuery("Vulfpeck"))
    files = sorted(GMD.glob("*funk*beat*.mid"))[:2]
    if not files:
        pytest.skip("the Groove MIDI Dataset is not available")
    for p in files:
        (tmp_path / p.name).write_bytes(p.read_bytes())

    async def go():
        async with httpx.AsyncClient() as client:
            orch = Orchestrator(settings=settings_for(httpserver), client=client, use_cache=False)
            return await orch.augment(ResearchQuery("Vulfpeck", source_dir=tmp_path),
                                      first.evidence)

    second = asyncio.run(go())
    assert len(second.evidence) > len(first.evidence)
    assert {e.source for e in second.new_evidence} == {"midi_files"}
    assert "midi_files" in second.profile.provenance["velocity_mean"]
    assert "knowledge_base" in second.profile.provenance["velocity_mean"]
    again = profile_as_evidence(second.profile)
    assert again.payload["params"]["tempo_avg"] == second.profile.params.tempo_avg


def test_llm_knowledge_with_fake_provider(httpserver) -> None:
    from mididrumigen.llm import FakeProvider
    from mididrumigen.research.collectors.llm_knowledge import LLMKnowledgeCollector

    fake = FakeProvider().enqueue({"variations": [
        {"name": "Main", "lines": [{"voice": "HH", "steps": "x.x.x.x.o.x.x.x."},
                                   {"voice": "SD", "steps": "....X..g....X..g"},
                                   {"voice": "BD", "steps": "X.........X....."}]},
        {"name": "B", "lines": [{"voice": "HH", "steps": "x.x.x.x.x.x.x.x."},
                                {"voice": "SD", "steps": "....X.......X..."},
                                {"voice": "BD", "steps": "X.....X...X....."}]},
        {"name": "C", "lines": [{"voice": "HH", "steps": "x.x.x.x.x.x.x.x."},
                                {"voice": "SD", "steps": "....X.g.....X..."},
                                {"voice": "BD", "steps": "X.........X....."}]}]})
    result = _research(httpserver, ResearchQuery("Khruangbin"), [LLMKnowledgeCollector(fake)])
    [ev] = result.evidence
    assert ev.source == "llm_knowledge" and ev.payload["generated"] is True
    assert "generated" in ev.license and ev.confidence <= 0.3
    assert ev.payload["params"]["ghost_note_prob"] > 0
    assert "Khruangbin" in fake.history[0].context and "<artist_data>" in fake.history[0].context
    assert "llm_knowledge" in result.profile.provenance["ghost_note_prob"]
    assert any(g.name.startswith("LLM sketch") for g in result.profile.signature_grooves)
    assert not LLMKnowledgeCollector().applies(ResearchQuery("X"))


def test_registry_builtins_and_run_time_registration() -> None:
    names = set(available())
    assert {"musicbrainz", "wikipedia", "arxiv", "crossref", "semantic_scholar", "articles",
            "audio", "midi_files", "llm_knowledge", "knowledge_base"} <= names
    register("fixed", Fixed)
    try:
        [c] = build_collectors(["fixed"])
        assert isinstance(c, Fixed)
    finally:
        unregister("fixed")
    register("by_path", "mididrumigen.research.collectors.arxiv:ArxivCollector")
    try:
        assert build_collectors(["by_path"])[0].name == "arxiv"
    finally:
        unregister("by_path")


def test_importing_research_loads_no_heavy_library() -> None:
    import subprocess
    import sys

    code = ("import sys, mididrumigen.research.orchestrator, mididrumigen.research.registry;"
            "print([m for m in ('httpx','librosa','trafilatura','sqlalchemy') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
