"""Shared helpers for the research tests (no tests here): a loopback server replaying recorded
wire formats, settings pointing every collector at it, and an Http without real waiting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "research"
MB_ID = "7b8c1a3e-5f4d-4c1b-9a0e-2e5d7c9f1a11"


def fixture_json(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def settings_for(server: Any, **over: Any) -> Any:
    from mididrumigen.research.settings import ResearchSettings

    base = server.url_for("").rstrip("/")
    values = {
        "musicbrainz_url": f"{base}/ws/2", "wikipedia_url": base, "wikidata_url": f"{base}/wd",
        "semantic_scholar_url": f"{base}/graph/v1", "arxiv_url": f"{base}/arxiv",
        "crossref_url": f"{base}/crossref", "bitmidi_url": f"{base}/bitmidi",
        "freemidi_url": f"{base}/freemidi", "musescore_url": f"{base}/musescore",
        "drummerworld_url": f"{base}/drummerworld", "pitchfork_url": f"{base}/pitchfork",
        "rollingstone_url": f"{base}/rollingstone", "download_interval_s": 0,
        "cache_ttl_s": 0, "retries": 2,
        "contact": "tests@example.org", "online": True, **over}
    return ResearchSettings(**values)


class Sleeps:
    """A fake sleep that records what it was asked to wait."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def serve_khruangbin(server: Any) -> None:
    """Every API the online collectors call, answering for the fixture artist Khruangbin."""
    server.expect_request("/ws/2/artist").respond_with_json(
        fixture_json("mb_search_khruangbin.json"))
    server.expect_request(f"/ws/2/artist/{MB_ID}").respond_with_json(
        fixture_json("mb_lookup_khruangbin.json"))
    server.expect_request("/api/rest_v1/page/summary/Khruangbin").respond_with_json(
        fixture_json("wp_summary_khruangbin.json"))
    server.expect_request("/w/api.php", query_string={
        "action": "parse", "page": "Khruangbin", "prop": "sections", "format": "json",
        "formatversion": "2", "redirects": "1"}).respond_with_json(
        fixture_json("wp_sections_khruangbin.json"))
    server.expect_request("/w/api.php", query_string={
        "action": "parse", "page": "Khruangbin", "section": "2", "prop": "wikitext",
        "format": "json", "formatversion": "2", "redirects": "1"}).respond_with_json(
        fixture_json("wp_section2_khruangbin.json"))
    server.expect_request("/wd/w/api.php", query_string={
        "action": "wbgetentities", "ids": "Q28458436", "props": "claims|descriptions|labels",
        "languages": "en", "format": "json"}).respond_with_json(
        fixture_json("wd_entity_khruangbin.json"))
    server.expect_request("/wd/w/api.php", query_string={
        "action": "wbgetentities", "ids": "Q217191|Q164444|Q1130911", "props": "labels",
        "languages": "en", "format": "json"}).respond_with_json(fixture_json("wd_labels.json"))
    server.expect_request("/graph/v1/paper/search").respond_with_json(
        fixture_json("s2_search.json"))
    server.expect_request("/arxiv/query").respond_with_data(
        fixture_text("arxiv_feed.xml"), content_type="application/atom+xml")
    server.expect_request("/crossref/works").respond_with_json(
        fixture_json("crossref_works.json"))
    server.expect_request("/robots.txt").respond_with_data(fixture_text("robots.txt"),
                                                            content_type="text/plain")
    server.expect_request("/articles/khruangbin").respond_with_data(
        fixture_text("article.html"), content_type="text/html")
    # the MIDI databases, Drummerworld and the press hold nothing about the fixture band
    server.expect_request("/bitmidi/api/midi/search").respond_with_json(
        {"result": {"results": [], "total": 0, "pageTotal": 0}})
    server.expect_request("/freemidi/search").respond_with_data(
        '<div class="container"><div class="row card-deck"></div></div>',
        content_type="text/html")
    server.expect_request("/musescore/sheetmusic").respond_with_data(
        '<div class="js-store" data-content="{&quot;store&quot;:{&quot;page&quot;:{&quot;data'
        '&quot;:{&quot;scores&quot;:[]}}}}"></div>', content_type="text/html")
    server.expect_request("/drummerworld/drummers/Khruangbin.html").respond_with_data(
        "not found", status=404)
    server.expect_request("/pitchfork/search/").respond_with_data(
        "<main><p>No results</p></main>", content_type="text/html")
    server.expect_request("/rollingstone/").respond_with_data(
        "<main><p>Nothing found</p></main>", content_type="text/html")
