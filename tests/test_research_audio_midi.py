"""Audio analysis on numpy-synthesized drums with known tempo and swing; MIDI analysis on
files from the Groove MIDI Dataset (../shared/corpora/gmd-train)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from corpus_paths import GMD
from mididrumigen.research.evidence import ResearchQuery
from mididrumigen.research.settings import ResearchSettings
from test_research_support import Sleeps


def _collect(collector, query):
    import httpx

    from mididrumigen.research.http import Http

    async def go():
        async with httpx.AsyncClient() as client:
            return await collector.collect(query, Http(client, ResearchSettings(cache_ttl_s=0),
                                                       use_cache=False, sleep=Sleeps()))

    return asyncio.run(go())


@pytest.mark.parametrize(("tempo", "swing", "sixteenths"), [
    (120.0, 50.0, False), (100.0, 62.0, False), (132.0, 66.0, False), (90.0, 58.0, True)])
def test_tempo_within_2_percent_and_swing_within_3_points(tempo, swing, sixteenths) -> None:
    pytest.importorskip("librosa")
    from mididrumigen.research.audio_analysis import analyze_audio
    from mididrumigen.research.audio_synth import synth_drums

    f = analyze_audio(synth_drums(tempo, swing, bars=4, seed=3, sixteenths=sixteenths), 22050)
    assert abs(f.tempo - tempo) / tempo < 0.02
    assert abs(f.swing_percent - swing) <= 3.0
    assert f.swing_unit == (16 if sixteenths or swing == 50 else 8)


def test_sixteenth_grooves_read_busier_and_more_syncopated_than_eighths() -> None:
    pytest.importorskip("librosa")
    from mididrumigen.research.audio_analysis import analyze_audio, feature_params
    from mididrumigen.research.audio_synth import synth_drums

    eighths = feature_params(analyze_audio(synth_drums(110, 50, bars=4, seed=1), 22050))
    sixteenths = feature_params(analyze_audio(synth_drums(110, 50, bars=4, seed=1,
                                                          sixteenths=True), 22050))
    assert sixteenths["complexity"] > eighths["complexity"]
    assert sixteenths["syncopation"] > eighths["syncopation"]


def test_audio_collector_reads_a_wav_at_another_sample_rate(tmp_path) -> None:
    pytest.importorskip("librosa")
    import soundfile as sf

    from mididrumigen.research.audio_synth import synth_drums
    from mididrumigen.research.collectors.audio import AudioCollector

    sf.write(tmp_path / "groove.wav", synth_drums(96, 60, bars=4, sr=44100, seed=2), 44100)
    (tmp_path / "notes.txt").write_text("not audio")
    (tmp_path / "broken.wav").write_bytes(b"RIFF....WAVEfmt junk")
    [ev] = _collect(AudioCollector(), ResearchQuery("X", source_dir=tmp_path))
    assert ev.source == "audio" and ev.title == "groove.wav"
    assert abs(ev.payload["params"]["tempo_avg"] - 96) < 96 * 0.02
    assert abs(ev.payload["params"]["swing_percent"] - 60) <= 3
    assert 0 < ev.confidence <= 1


def test_url_audio_needs_online_and_opt_in() -> None:
    from mididrumigen.research.collectors.audio import AudioCollector

    c = AudioCollector()
    assert not c.applies(ResearchQuery("X", audio_urls=("https://example.org/a",)))
    assert not c.applies(ResearchQuery("X", audio_urls=("https://example.org/a",), online=True))
    assert c.applies(ResearchQuery("X", audio_urls=("https://example.org/a",), online=True,
                                   url_audio=True))


def _gmd_files(tmp_path: Path) -> Path:
    picked = sorted((GMD / "drummer1" / "session1").glob("*funk*beat*.mid"))[:3]
    if len(picked) < 2:
        pytest.skip("the Groove MIDI Dataset is not available")
    for p in picked:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    return tmp_path


def test_midi_folder_gives_per_file_numbers_and_signature_grooves(tmp_path) -> None:
    from mididrumigen.domain.grid import parse_grid
    from mididrumigen.domain.meter import TimeSignature
    from mididrumigen.research.collectors.midi_files import MidiFilesCollector

    folder = _gmd_files(tmp_path)
    (folder / "broken.mid").write_bytes(b"MThd\x00\x00\x00\x06garbage")
    evidence = _collect(MidiFilesCollector(), ResearchQuery("X", source_dir=folder))
    per_file = [e for e in evidence if e.title.endswith(".mid")]
    assert len(per_file) == 3
    for e in per_file:
        p = e.payload["params"]
        assert 50 <= p["swing_percent"] <= 75 and 1 <= p["velocity_mean"] <= 127
        assert p["microtiming_ms"] and all(-60 <= v <= 60 for v in p["microtiming_ms"].values())
        assert 0 <= p["ghost_note_prob"] <= 1 and p["tempo_avg"] > 40
    [summary] = [e for e in evidence if e.payload.get("signature_grooves")]
    grooves = summary.payload["signature_grooves"]
    assert 1 <= sum(g["role"] == "main" for g in grooves) <= 4
    assert all((g["role"] == "fill") == (g["kind"] == "fill") for g in grooves)
    assert all(0.1 <= g["weight"] <= 1.0 for g in grooves)
    songs = {e.payload["song"] for e in per_file}
    for g in grooves:
        grid = parse_grid(g["grid"], TimeSignature.parse(g["time_signature"]))
        assert grid.bars == 1 and g["song"] in songs and g["name"].startswith(g["song"])


def test_midi_collector_reports_when_no_file_is_usable(tmp_path) -> None:
    from mididrumigen.errors import ResearchError
    from mididrumigen.research.collectors.midi_files import MidiFilesCollector

    (tmp_path / "a.mid").write_bytes(b"not midi at all")
    with pytest.raises(ResearchError, match=r"a\.mid"):
        _collect(MidiFilesCollector(), ResearchQuery("X", source_dir=tmp_path))


def test_audio_found_by_search_is_analysed_and_never_kept(tmp_path) -> None:
    pytest.importorskip("librosa")
    import soundfile as sf

    from mididrumigen.research.audio_synth import synth_drums
    from mididrumigen.research.collectors.audio_search import AudioSearchCollector
    from mididrumigen.research.weighting import evidence_kind

    fetched: list[Path] = []

    def search(text: str, n: int) -> list[dict]:
        assert text == "Khruangbin drums"
        return [{"id": "a", "title": "Khruangbin - Maria También (live)", "url": "https://v/a",
                 "duration": 40},
                {"id": "b", "title": "Some other band live", "url": "https://v/b", "duration": 30},
                {"id": "c", "title": "Khruangbin full concert", "url": "https://v/c",
                 "duration": 7200}]

    def download(url: str, folder: Path) -> Path:
        path = folder / f"{url[-1]}.wav"
        sf.write(path, synth_drums(104, 58, bars=6, seed=1), 22050)
        fetched.append(path)
        return path

    collector = AudioSearchCollector(search=search, download=download)
    query = ResearchQuery("Khruangbin", online=True, url_audio=True)
    assert collector.applies(query)
    assert not collector.applies(ResearchQuery("Khruangbin", online=True))
    assert not collector.applies(ResearchQuery("Khruangbin", url_audio=True))
    [ev] = _collect(collector, query)
    assert ev.url == "https://v/a" and ev.source == "audio_search"
    assert evidence_kind(ev) == "recording" and "not stored" in ev.license
    assert abs(ev.payload["params"]["tempo_avg"] - 104) < 104 * 0.02
    assert fetched and not any(p.exists() or p.parent.exists() for p in fetched)
