"""MIDI database collectors (BitMIDI, FreeMIDI, MuseScore) against a loopback server serving
recorded shapes of each site's search results (tests/fixtures/research) and MIDI files written
with mido: the artist's songs are found, fetched within limits into the data dir, and read
through the same MIDI path as the user's own files."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from mididrumigen.research.evidence import ResearchQuery
from mididrumigen.research.http import FetchError, Http
from research_songs import FILL, FUNK, ROCK, grid_onsets, song_bytes
from test_research_support import Sleeps, fixture_json, fixture_text, settings_for

SEED = song_bytes([(FUNK, 8), (FILL, 1), (FUNK, 7)], tempo=94, title="The Seed 2.0")
YOU_GOT_ME = song_bytes([(ROCK, 8), (FILL, 1)], tempo=88, title="You Got Me")


def _collect(server, collector, tmp_path, artist="The Roots", depth="quick", **over):
    settings = settings_for(server, midi_dir=tmp_path / "midi", download_interval_s=0, **over)

    async def go():
        async with httpx.AsyncClient() as client:
            http = Http(client, settings, use_cache=False, sleep=Sleeps())
            return await collector.collect(ResearchQuery(artist, depth=depth, online=True), http)

    return asyncio.run(go())


def _robots(server, text="User-agent: *\nAllow: /\n") -> None:
    server.expect_request("/robots.txt").respond_with_data(text, content_type="text/plain")


def _summary(evidence):
    [summary] = [e for e in evidence if "signature_grooves" in e.payload]
    return summary


# --- BitMIDI ------------------------------------------------------------------------------


def _serve_bitmidi(server) -> None:
    server.expect_request("/api/midi/search").respond_with_json(
        fixture_json("bitmidi_search.json"))
    server.expect_request("/uploads/24551.mid").respond_with_data(
        SEED, content_type="audio/midi")
    server.expect_request("/uploads/24552.mid").respond_with_data(
        YOU_GOT_ME, content_type="audio/midi")


def test_bitmidi_finds_the_artists_songs_and_learns_their_grooves(httpserver, tmp_path) -> None:
    from mididrumigen.research.collectors.bitmidi import BitMidiCollector

    _robots(httpserver)
    _serve_bitmidi(httpserver)
    evidence = _collect(httpserver, BitMidiCollector(), tmp_path,
                        bitmidi_url=httpserver.url_for(""))
    songs = {e.payload["song"]: e for e in evidence if e.payload.get("song")}
    assert set(songs) == {"The Seed 2.0", "You Got Me"}  # not Roots Manuva, no duplicate
    seed = songs["The Seed 2.0"]
    assert seed.source == "bitmidi" and seed.payload["attributed"] is True
    assert seed.url.endswith("/the-roots-the-seed-2-0-mid")
    assert "never redistributed" in seed.license
    assert seed.payload["full_band"] and seed.payload["params"]["tempo_avg"] == 94.0
    grooves = _summary(evidence).payload["signature_grooves"]
    by_song = {g["song"]: g for g in grooves if g["role"] == "main"}
    assert grid_onsets(by_song["The Seed 2.0"]["grid"]) == grid_onsets(FUNK)
    assert grid_onsets(by_song["You Got Me"]["grid"]) == grid_onsets(ROCK)
    stored = sorted(p.name for p in (tmp_path / "midi" / "bitmidi").iterdir())
    assert len(stored) == 2 and all(n.endswith(".mid") for n in stored)
    search = next(r for r, _ in httpserver.log if r.path.startswith("/api"))
    assert search.args["q"] == "The Roots"


def test_bitmidi_does_not_fetch_again_what_is_in_the_data_dir(httpserver, tmp_path) -> None:
    from mididrumigen.research.collectors.bitmidi import BitMidiCollector

    _robots(httpserver)
    _serve_bitmidi(httpserver)
    url = httpserver.url_for("")
    _collect(httpserver, BitMidiCollector(), tmp_path, bitmidi_url=url)
    first = sum(1 for r, _ in httpserver.log if r.path.startswith("/uploads"))
    _collect(httpserver, BitMidiCollector(), tmp_path, bitmidi_url=url)
    assert sum(1 for r, _ in httpserver.log if r.path.startswith("/uploads")) == first == 2


def test_bitmidi_respects_its_robots_txt_that_disallows_uploads(httpserver, tmp_path) -> None:
    from mididrumigen.research.collectors.bitmidi import BitMidiCollector

    _robots(httpserver, fixture_text("bitmidi_robots.txt"))
    _serve_bitmidi(httpserver)
    with pytest.raises(FetchError, match="robots.txt"):
        _collect(httpserver, BitMidiCollector(), tmp_path, bitmidi_url=httpserver.url_for(""))
    assert not any(r.path.startswith("/uploads") for r, _ in httpserver.log)


def test_bitmidi_limits_songs_per_depth_and_file_size(httpserver, tmp_path) -> None:
    from mididrumigen.research.collectors.bitmidi import BitMidiCollector

    _robots(httpserver)
    _serve_bitmidi(httpserver)
    url = httpserver.url_for("")
    one = _collect(httpserver, BitMidiCollector(), tmp_path / "a", bitmidi_url=url,
                   midi_db_songs_quick=1)
    assert [e.payload["song"] for e in one if e.payload.get("song")] == ["The Seed 2.0"]
    with pytest.raises(FetchError, match="byte limit"):
        _collect(httpserver, BitMidiCollector(), tmp_path / "b", bitmidi_url=url,
                 midi_max_bytes=1000)


def test_bitmidi_not_midi_and_malformed_answers_fail_clearly(httpserver, tmp_path) -> None:
    from mididrumigen.research.collectors.bitmidi import BitMidiCollector

    _robots(httpserver)
    httpserver.expect_request("/api/midi/search").respond_with_json(
        fixture_json("bitmidi_search.json"))
    httpserver.expect_request("/uploads/24551.mid").respond_with_data("<html>gone</html>",
                                                                      content_type="text/html")
    httpserver.expect_request("/uploads/24552.mid").respond_with_data("", status=404)
    with pytest.raises(FetchError, match="not a MIDI file"):
        _collect(httpserver, BitMidiCollector(), tmp_path, bitmidi_url=httpserver.url_for(""))
    httpserver.clear()
    httpserver.expect_request("/api/midi/search").respond_with_json({"error": {"message": "x"}})
    with pytest.raises(FetchError, match="unexpected answer"):
        _collect(httpserver, BitMidiCollector(), tmp_path, bitmidi_url=httpserver.url_for(""))


def test_bitmidi_finds_nothing_for_an_artist_it_does_not_hold(httpserver, tmp_path) -> None:
    from mididrumigen.research.collectors.bitmidi import BitMidiCollector

    _robots(httpserver)
    _serve_bitmidi(httpserver)
    assert _collect(httpserver, BitMidiCollector(), tmp_path, artist="Khruangbin",
                    bitmidi_url=httpserver.url_for("")) == []


# --- FreeMIDI -----------------------------------------------------------------------------


def test_freemidi_reads_the_search_page_sets_the_cookie_and_downloads(httpserver,
                                                                      tmp_path) -> None:
    from werkzeug.wrappers import Response

    from mididrumigen.research.collectors.freemidi import FreeMidiCollector

    _robots(httpserver)
    httpserver.expect_request("/search", query_string={"q": "The Roots"}).respond_with_data(
        fixture_text("freemidi_search.html"), content_type="text/html")
    for song_id, slug in (("25332", "the-seed-2-0-the-roots"), ("25333", "you-got-me-the-roots")):
        page = Response(f"<html><a id='downloadmidi' href='getter-{song_id}'>Download</a></html>",
                        content_type="text/html")
        page.set_cookie("freemidi_session", song_id)
        httpserver.expect_request(f"/download3-{song_id}-{slug}").respond_with_response(page)

    def getter(request):
        song = request.path.rsplit("-", 1)[1]
        if request.cookies.get("freemidi_session") != song and "download3" not in (
                request.headers.get("Referer") or ""):
            return Response("<html>please visit the song page</html>", content_type="text/html")
        return Response(SEED if song == "25332" else YOU_GOT_ME, content_type="audio/midi")

    httpserver.expect_request("/getter-25332").respond_with_handler(getter)
    httpserver.expect_request("/getter-25333").respond_with_handler(getter)
    evidence = _collect(httpserver, FreeMidiCollector(), tmp_path,
                        freemidi_url=httpserver.url_for("").rstrip("/"))
    songs = {e.payload["song"] for e in evidence if e.payload.get("song")}
    assert songs == {"The Seed 2.0", "You Got Me"}  # not Sepultura's "Roots Bloody Roots"
    assert all(e.source == "freemidi" for e in evidence)
    assert not any(r.path == "/getter-7791" for r, _ in httpserver.log)
    getters = [r for r, _ in httpserver.log if r.path.startswith("/getter")]
    assert all("download3-" in (r.headers.get("Referer") or "") for r in getters)


def test_freemidi_pages_disallowed_by_robots_are_not_read(httpserver, tmp_path) -> None:
    from mididrumigen.research.collectors.freemidi import FreeMidiCollector

    _robots(httpserver, "User-agent: *\nDisallow: /search\n")
    with pytest.raises(FetchError, match="robots.txt"):
        _collect(httpserver, FreeMidiCollector(), tmp_path,
                 freemidi_url=httpserver.url_for("").rstrip("/"))


# --- MuseScore ----------------------------------------------------------------------------


def test_musescore_lists_scores_with_drums_and_says_downloads_need_an_account(
        httpserver, tmp_path) -> None:
    from mididrumigen.research.builder import ProfileBuilder
    from mididrumigen.research.collectors.musescore import MuseScoreCollector

    _robots(httpserver)
    httpserver.expect_request("/sheetmusic", query_string={"text": "The Roots"}).respond_with_data(
        fixture_text("musescore_search.html"), content_type="text/html")
    [ev] = _collect(httpserver, MuseScoreCollector(), tmp_path,
                    musescore_url=httpserver.url_for("").rstrip("/"))
    assert ev.payload["evidence_kind"] == "catalogue"
    assert [s["title"] for s in ev.payload["scores_with_drums"]] == [
        "The Seed 2.0 – The Roots (full band)"]  # the piano score and Sepultura are left out
    assert "signed-in" in ev.payload["notices"][0]
    _, report = ProfileBuilder().build("The Roots", [ev])
    assert report.defaulted and not report.from_evidence  # a catalogue casts no votes


def test_musescore_downloads_through_a_configured_midi_url(httpserver, tmp_path) -> None:
    from mididrumigen.research.collectors.musescore import MuseScoreCollector

    _robots(httpserver)
    httpserver.expect_request("/sheetmusic").respond_with_data(
        fixture_text("musescore_search.html"), content_type="text/html")
    httpserver.expect_request("/exports/6120441.mid").respond_with_data(SEED,
                                                                        content_type="audio/midi")
    base = httpserver.url_for("").rstrip("/")
    evidence = _collect(httpserver, MuseScoreCollector(), tmp_path, musescore_url=base,
                        musescore_midi_url=base + "/exports/{id}.mid")
    [song] = [e for e in evidence if e.payload.get("song")]
    assert song.payload["song"] == "The Seed 2.0" and song.source == "musescore"
    main = _summary(evidence).payload["signature_grooves"][0]
    assert grid_onsets(main["grid"]) == grid_onsets(FUNK)


def test_musescore_page_without_its_data_fails_clearly(httpserver, tmp_path) -> None:
    from mididrumigen.research.collectors.musescore import MuseScoreCollector

    _robots(httpserver)
    httpserver.expect_request("/sheetmusic").respond_with_data("<html>captcha</html>",
                                                               content_type="text/html")
    with pytest.raises(FetchError, match="js-store"):
        _collect(httpserver, MuseScoreCollector(), tmp_path,
                 musescore_url=httpserver.url_for("").rstrip("/"))


def test_midi_databases_run_only_online() -> None:
    from mididrumigen.research.registry import build_collectors

    for c in build_collectors(["bitmidi", "freemidi", "musescore"]):
        assert c.online and not c.applies(ResearchQuery("The Roots"))
        assert c.applies(ResearchQuery("The Roots", online=True))


def test_bitmidi_through_the_orchestrator_pauses_between_downloads(httpserver, tmp_path) -> None:
    from mididrumigen.research.orchestrator import Orchestrator
    from mididrumigen.research.registry import build_collectors

    _robots(httpserver)
    _serve_bitmidi(httpserver)
    settings = settings_for(httpserver, bitmidi_url=httpserver.url_for(""),
                            midi_dir=tmp_path / "midi", download_interval_s=0.01)

    async def go():
        async with httpx.AsyncClient() as client:  # the orchestrator's own Http: real pauses
            orch = Orchestrator(build_collectors(["bitmidi"]), settings=settings, client=client,
                                use_cache=False)
            return await orch.research(ResearchQuery("The Roots", online=True))

    result = asyncio.run(go())
    assert result.failures == ()
    grooves = result.profile.signature_grooves
    assert {g.song for g in grooves} == {"The Seed 2.0", "You Got Me"}
    assert all("bitmidi" in result.profile.provenance[f"signature_groove:{g.name}"]
               for g in grooves)
