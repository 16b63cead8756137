"""Drummer reference pages (Drummerworld) and the press (Pitchfork, Rolling Stone, configured
sites) through their search pages, against a loopback server serving recorded page shapes:
robots.txt respected, the lexicon's traits kept with the sentence they were found in."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from mididrumigen.research.builder import ProfileBuilder
from mididrumigen.research.evidence import ResearchQuery
from mididrumigen.research.http import FetchError, Http
from mididrumigen.research.lexicon import analyze_text
from test_research_support import Sleeps, fixture_text, settings_for


def _collect(server, collector, query, **over):
    base = server.url_for("").rstrip("/")
    urls = {"drummerworld_url": base, "pitchfork_url": base, "rollingstone_url": base}
    settings = settings_for(server, **{**urls, **over})

    async def go():
        async with httpx.AsyncClient() as client:
            http = Http(client, settings, use_cache=False, sleep=Sleeps())
            return await collector.collect(query, http)

    return asyncio.run(go())


def _robots(server, text="User-agent: *\nAllow: /\n") -> None:
    server.expect_request("/robots.txt").respond_with_data(text, content_type="text/plain")


def test_lexicon_turns_text_into_traits_with_their_sentences() -> None:
    f = analyze_text("Carlton Barrett perfected the one drop. He never played a motorik beat. "
                     "A cross-stick on three! Later a drunk feel, slightly unquantized.")
    assert {"one drop", "cross-stick", "drunk feel"} <= set(f.descriptors)
    assert "motorik" not in f.descriptors  # negated
    assert f.quotes["one drop"] == "Carlton Barrett perfected the one drop."
    assert f.quotes["cross-stick"] == "A cross-stick on three!"


def test_drummerworld_page_of_the_artist_and_its_drummers(httpserver) -> None:
    from mididrumigen.research.collectors.drummerworld import DrummerworldCollector, page_name

    assert page_name("Carlton “Carlie” Barrett") == "Carlton_Barrett"
    _robots(httpserver)
    httpserver.expect_request("/drummers/Questlove.html").respond_with_data(
        fixture_text("drummerworld_questlove.html"), content_type="text/html")
    httpserver.expect_request("/drummers/The_Roots.html").respond_with_data("", status=404)
    query = ResearchQuery("The Roots", online=True, hints={"drummers": ["Questlove"]})
    [ev] = _collect(httpserver, DrummerworldCollector(), query)
    assert ev.source == "drummerworld" and ev.url.endswith("/drummers/Questlove.html")
    assert ev.payload["mentions_artist"] and ev.confidence == 0.5
    d = ev.payload["descriptors"]
    assert {"behind the beat", "ghost notes", "drunk feel"} <= set(d)
    assert "behind the beat" in ev.payload["quotes"]["behind the beat"]
    assert "sitting way behind the beat" in ev.payload["quotes"]["behind the beat"]
    assert 92.0 in ev.payload["tempos"]
    profile, _ = ProfileBuilder().build("The Roots", [ev])
    assert "sitting way behind the beat" in profile.provenance["microtiming_ms"]
    assert "behind the beat" in profile.provenance["traits"]
    assert "Written about:" in profile.text_description


def test_drummerworld_respects_robots_txt(httpserver) -> None:
    from mididrumigen.research.collectors.drummerworld import DrummerworldCollector

    _robots(httpserver, "User-agent: *\nDisallow: /drummers/\n")
    with pytest.raises(FetchError, match="robots.txt"):
        _collect(httpserver, DrummerworldCollector(), ResearchQuery("Questlove", online=True))
    assert not any(r.path.startswith("/drummers") for r, _ in httpserver.log)


def test_drummerworld_without_a_page_finds_nothing(httpserver) -> None:
    from mididrumigen.research.collectors.drummerworld import DrummerworldCollector

    _robots(httpserver)
    httpserver.expect_request("/drummers/Nobody_Known.html").respond_with_data("", status=404)
    assert _collect(httpserver, DrummerworldCollector(),
                    ResearchQuery("Nobody Known", online=True)) == []


def _serve_press(server) -> None:
    base = server.url_for("").rstrip("/")
    server.expect_request("/search/", query_string={"query": "The Roots"}).respond_with_data(
        fixture_text("pitchfork_search.html"), content_type="text/html")
    server.expect_request("/reviews/albums/the-roots-things-fall-apart/").respond_with_data(
        fixture_text("pitchfork_review.html"), content_type="text/html")
    server.expect_request("/features/interview/questlove-on-the-pocket/").respond_with_data(
        fixture_text("pitchfork_feature.html"), content_type="text/html")
    server.expect_request("/news/roots-manuva-announces-tour/").respond_with_data(
        "<html><body><article><h1>Roots Manuva announces a tour</h1><p>The London rapper "
        "Roots Manuva will play twelve dates this spring with a live band and a drummer who "
        "swings hard.</p><p>Tickets go on sale on Friday.</p></article></body></html>",
        content_type="text/html")
    server.expect_request("/", query_string={"s": "The Roots"}).respond_with_data(
        fixture_text("rollingstone_search.html").replace("https://www.rollingstone.com", base),
        content_type="text/html")
    server.expect_request("/music/music-live-reviews/the-roots-picnic-review-1234567/"
                          ).respond_with_data(fixture_text("rollingstone_review.html"),
                                              content_type="text/html")


def test_press_articles_through_the_sites_search_pages(httpserver) -> None:
    from mididrumigen.research.collectors.press import PressCollector

    _robots(httpserver)
    _serve_press(httpserver)
    evidence = _collect(httpserver, PressCollector(),
                        ResearchQuery("The Roots", depth="full", online=True))
    urls = [e.url.split("/", 3)[3] for e in evidence]
    assert urls == ["reviews/albums/the-roots-things-fall-apart/",
                    "features/interview/questlove-on-the-pocket/",
                    "music/music-live-reviews/the-roots-picnic-review-1234567/"]
    review = evidence[0]
    assert review.title.startswith("pitchfork: ") and review.payload["mentions_artist"]
    assert {"behind the beat", "ghost notes", "swung sixteenths"} <= set(
        review.payload["descriptors"])
    assert review.payload["tempos"] == [90.0]
    assert "one drop" in evidence[1].payload["descriptors"]
    assert "half-time shuffle" in evidence[2].payload["descriptors"]
    visited = {r.path for r, _ in httpserver.log}
    assert "/news/roots-manuva-announces-tour/" in visited  # read, but it is not about them


def test_press_quick_depth_reads_fewer_and_robots_is_respected(httpserver) -> None:
    from mididrumigen.research.collectors.press import PressCollector

    _robots(httpserver, "User-agent: *\nDisallow: /features/\n")
    _serve_press(httpserver)
    evidence = _collect(httpserver, PressCollector(), ResearchQuery("The Roots", online=True))
    assert [e.url.rsplit("/", 2)[1] for e in evidence] == [
        "the-roots-things-fall-apart", "the-roots-picnic-review-1234567"]
    assert not any(r.path.startswith("/features") for r, _ in httpserver.log)


def test_a_configured_press_site(httpserver) -> None:
    from mididrumigen.research.collectors.press import PressCollector

    _robots(httpserver)
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/find", query_string={"q": "The Roots"}).respond_with_data(
        '<a href="/story/roots-groove">The Roots</a>', content_type="text/html")
    httpserver.expect_request("/story/roots-groove").respond_with_data(
        fixture_text("pitchfork_review.html"), content_type="text/html")
    spec = f"drumzine|{base}/find?q={{query}}|href=\"(/story/[^\"]+)\""
    evidence = _collect(httpserver, PressCollector(), ResearchQuery("The Roots", online=True),
                        press_sites=spec, pitchfork_url=base + "/gone",
                        rollingstone_url=base + "/gone")
    assert [e.title for e in evidence] == [f"drumzine: {base}/story/roots-groove"]
