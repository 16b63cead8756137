"""Online collectors against a loopback server replaying their real wire formats: success,
empty, ambiguous, 404, 429 with Retry-After, 503, malformed."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from mididrumigen.research.collectors.articles import ArticlesCollector
from mididrumigen.research.collectors.arxiv import ArxivCollector
from mididrumigen.research.collectors.crossref import CrossrefCollector
from mididrumigen.research.collectors.musicbrainz import MusicBrainzCollector
from mididrumigen.research.collectors.semantic_scholar import SemanticScholarCollector
from mididrumigen.research.collectors.wikipedia import WikipediaCollector, strip_wikitext
from mididrumigen.research.evidence import ResearchQuery
from mididrumigen.research.http import FetchError, Http
from test_research_support import (
    MB_ID,
    Sleeps,
    fixture_json,
    fixture_text,
    serve_khruangbin,
    settings_for,
)


def collect(server, collector, query=None, sleeps=None, **settings):
    query = query or ResearchQuery("Khruangbin", depth="full", online=True)

    async def go():
        async with httpx.AsyncClient() as client:
            http = Http(client, settings_for(server, **settings), use_cache=False,
                        sleep=sleeps or Sleeps())
            return await collector.collect(query, http)

    return asyncio.run(go())


# --- MusicBrainz -------------------------------------------------------------------------


def test_musicbrainz_resolves_genres_drummer_and_links(httpserver) -> None:
    serve_khruangbin(httpserver)
    [ev] = collect(httpserver, MusicBrainzCollector())
    p = ev.payload
    assert p["identity"]["mbid"] == MB_ID and not p["ambiguous"]
    assert p["drummers"] == [{"name": "Donald “DJ” Johnson", "era": "2010–"}]
    assert p["kind"] == "band"
    assert [g for g, _ in p["genres"]][:2] == ["psychedelic rock", "funk"]
    assert p["links"]["wikidata"].endswith("Q28458436")
    assert ev.url == f"https://musicbrainz.org/artist/{MB_ID}" and "CC0" in ev.license
    search = httpserver.log[0][0]
    assert search.args["query"] == 'artist:"Khruangbin"' and search.args["fmt"] == "json"
    lookup = httpserver.log[1][0]
    assert lookup.args["inc"] == "artist-rels+tags+genres+url-rels"


def test_musicbrainz_says_when_a_name_is_ambiguous_and_lists_candidates(httpserver) -> None:
    httpserver.expect_request("/ws/2/artist").respond_with_json(fixture_json("mb_search_nirvana.json"))
    httpserver.expect_request("/ws/2/artist/5b11f4ce-a62d-471e-81fc-a69a8278c7da").respond_with_json(
        {"id": "5b11f4ce-a62d-471e-81fc-a69a8278c7da", "name": "Nirvana", "type": "Group",
         "disambiguation": "90s US grunge band", "genres": [{"name": "grunge", "count": 9}],
         "relations": []})
    [ev] = collect(httpserver, MusicBrainzCollector(), ResearchQuery("Nirvana", online=True))
    assert ev.payload["ambiguous"] is True
    assert [c["disambiguation"] for c in ev.payload["candidates"]] == [
        "90s US grunge band", "60s band from the UK", "French band"]
    assert ev.confidence < 0.5


def test_musicbrainz_empty_search_finds_nothing(httpserver) -> None:
    httpserver.expect_request("/ws/2/artist").respond_with_json(fixture_json("mb_search_empty.json"))
    assert collect(httpserver, MusicBrainzCollector()) == []


def test_musicbrainz_lookup_404_finds_nothing(httpserver) -> None:
    httpserver.expect_request(f"/ws/2/artist/{MB_ID}").respond_with_json(
        {"error": "Not Found", "help": "For usage, please see: https://musicbrainz.org/development/mmd"},
        status=404)
    q = ResearchQuery("Khruangbin", online=True, mbid=MB_ID)
    assert collect(httpserver, MusicBrainzCollector(), q) == []


def test_musicbrainz_503_is_retried_then_succeeds(httpserver) -> None:
    httpserver.expect_oneshot_request("/ws/2/artist").respond_with_json(
        {"error": "Your requests are exceeding the allowable rate limit."}, status=503)
    serve_khruangbin(httpserver)
    sleeps = Sleeps()
    [ev] = collect(httpserver, MusicBrainzCollector(), sleeps=sleeps)
    assert ev.payload["identity"]["name"] == "Khruangbin" and len(sleeps.calls) == 1


def test_musicbrainz_malformed_json_is_an_error(httpserver) -> None:
    httpserver.expect_request("/ws/2/artist").respond_with_data("{not json", content_type="application/json")
    with pytest.raises(FetchError, match="malformed JSON"):
        collect(httpserver, MusicBrainzCollector())


# --- Wikipedia / Wikidata -----------------------------------------------------------------


def test_wikipedia_summary_sections_and_wikidata(httpserver) -> None:
    serve_khruangbin(httpserver)
    evidence = collect(httpserver, WikipediaCollector())
    by_title = {e.title: e for e in evidence}
    summary = by_title["Khruangbin (summary)"]
    assert "behind the beat" in summary.payload["descriptors"]  # "laid-back groove"
    assert "sparse" in summary.payload["descriptors"] and summary.payload["tempos"] == [90.0]
    section = by_title["Khruangbin § Musical style and influences"]
    assert "ghost notes" in section.payload["descriptors"]
    assert "busy" not in section.payload["descriptors"]  # "never busy" is negated
    assert "<ref" not in section.payload["text"] and "[[" not in section.payload["text"]
    wikidata = by_title["Khruangbin (Q28458436)"]
    assert wikidata.payload["genres"] == [["psychedelic rock", 3.0], ["funk", 3.0]]
    assert wikidata.payload["influences"] == ["Thai funk"] and wikidata.license == "Wikidata: CC0"


def test_wikipedia_skips_disambiguation_and_404_then_finds_the_band(httpserver) -> None:
    httpserver.expect_request("/api/rest_v1/page/summary/Nirvana").respond_with_json(
        fixture_json("wp_summary_disambiguation.json"))
    httpserver.expect_request("/api/rest_v1/page/summary/Nirvana_(band)").respond_with_json(
        {**fixture_json("wp_summary_khruangbin.json"), "title": "Nirvana (band)",
         "wikibase_item": None, "extract": "Nirvana was an American rock band."})
    evidence = collect(httpserver, WikipediaCollector(), ResearchQuery("Nirvana", online=True))
    assert [e.title for e in evidence] == ["Nirvana (band) (summary)"]


def test_wikipedia_finds_nothing_when_every_title_is_missing(httpserver) -> None:
    httpserver.expect_request("/api/rest_v1/page/summary/Nobody").respond_with_json(
        fixture_json("wp_not_found.json"), status=404)
    httpserver.expect_request("/api/rest_v1/page/summary/Nobody_(band)").respond_with_json(
        fixture_json("wp_not_found.json"), status=404)
    httpserver.expect_request("/api/rest_v1/page/summary/Nobody_(musician)").respond_with_json(
        fixture_json("wp_not_found.json"), status=404)
    httpserver.expect_request("/api/rest_v1/page/summary/Nobody_(drummer)").respond_with_json(
        fixture_json("wp_not_found.json"), status=404)
    assert collect(httpserver, WikipediaCollector(), ResearchQuery("Nobody", online=True)) == []


def test_strip_wikitext() -> None:
    text = strip_wikitext("A [[ghost note|ghosted]] snare.<ref>x</ref> {{cn}} '''Bold'''")
    assert text == "A ghosted snare. Bold"


# --- Papers ---------------------------------------------------------------------------------


def test_semantic_scholar_keeps_papers_that_name_the_artist(httpserver) -> None:
    serve_khruangbin(httpserver)
    [ev] = collect(httpserver, SemanticScholarCollector())
    assert ev.payload["tempos"] == [96.0] or 84.0 not in ev.payload["tempos"]
    assert "behind the beat" in ev.payload["descriptors"]
    assert httpserver.log[0][0].args["fields"] == "title,abstract,year,url,externalIds"


def test_semantic_scholar_empty_and_429(httpserver) -> None:
    httpserver.expect_oneshot_request("/graph/v1/paper/search").respond_with_json(
        {"message": "Too Many Requests. Please wait and try again or apply for a key for higher "
                    "rate limits.", "code": "429"}, status=429, headers={"Retry-After": "1"})
    httpserver.expect_request("/graph/v1/paper/search").respond_with_json(fixture_json("s2_empty.json"))
    sleeps = Sleeps()
    assert collect(httpserver, SemanticScholarCollector(), sleeps=sleeps) == []
    assert sleeps.calls == [1.0]


def test_arxiv_atom_feed(httpserver) -> None:
    serve_khruangbin(httpserver)
    [ev] = collect(httpserver, ArxivCollector())
    assert ev.url == "http://arxiv.org/abs/2301.01234v2" and ev.payload["year"] == 2023
    assert ev.payload["tempos"] == [92.0]
    assert {"straight", "behind the beat"} <= set(ev.payload["descriptors"])


def test_arxiv_malformed_feed_is_an_error(httpserver) -> None:
    httpserver.expect_request("/arxiv/query").respond_with_data(
        "<feed><entry>", content_type="application/atom+xml")
    with pytest.raises(FetchError, match="malformed Atom"):
        collect(httpserver, ArxivCollector())


def test_crossref_works_strips_jats(httpserver) -> None:
    serve_khruangbin(httpserver)
    [ev] = collect(httpserver, CrossrefCollector())
    assert ev.payload["year"] == 2022 and "<jats" not in ev.payload["text"]
    assert {"four on the floor", "behind the beat"} <= set(ev.payload["descriptors"])
    assert httpserver.log[0][0].args["mailto"] == "tests@example.org"


# --- Articles -------------------------------------------------------------------------------


def test_article_extracted_with_trafilatura(httpserver) -> None:
    serve_khruangbin(httpserver)
    url = httpserver.url_for("/articles/khruangbin")
    q = ResearchQuery("Khruangbin", urls=(url,))
    [ev] = collect(httpserver, ArticlesCollector(), q)
    assert ev.payload["mentions_artist"] and "Home" not in ev.payload["text"][:20]
    assert {"behind the beat", "sparse"} <= set(ev.payload["descriptors"])
    assert "fills" not in ev.payload["descriptors"]
    assert ev.payload["tempos"] == [100.0] or ev.payload["tempos"] == []


def test_article_disallowed_by_robots_is_not_fetched(httpserver) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(fixture_text("robots.txt"))
    httpserver.expect_request("/private/page").respond_with_data(fixture_text("article.html"))
    q = ResearchQuery("Khruangbin", urls=(httpserver.url_for("/private/page"),))
    with pytest.raises(FetchError, match="robots.txt"):
        collect(httpserver, ArticlesCollector(), q)
    assert [r.path for r, _ in httpserver.log] == ["/robots.txt"]
