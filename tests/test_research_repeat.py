"""Research and augmentation run again and again over the same sources list each piece of
evidence once, and store one row per source (issue 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mididrumigen import services
from mididrumigen.storage.engine import read_scope
from mididrumigen.storage.sources import sources_for

FIXTURES = Path(__file__).parent / "fixtures" / "research"


def test_repeated_research_lists_the_same_evidence_once(httpserver: Any, tmp_path: Path,
                                                        runtime: services.Runtime) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", content_type="text/plain")
    httpserver.expect_request("/articles/k").respond_with_data(
        (FIXTURES / "article.html").read_text(), content_type="text/html")
    url = httpserver.url_for("/articles/k")
    db = services.open_database(f"sqlite:///{tmp_path / 'r.db'}")
    for _ in range(3):
        found = services.research_artist(runtime, "Khruangbin", urls=[url], db=db, local_addresses=True)
        assert [(e.source, e.url) for e in found.evidence] == [("articles", url)]
    for _ in range(3):
        more = services.augment_artist(runtime, "Khruangbin", urls=[url], db=db, local_addresses=True)
        keys = [(e.source, e.url) for e in more.evidence]
        assert keys == [("articles", url)], keys
    with read_scope(db) as s:
        assert [(r.source_type, r.url) for r in sources_for(s, "Khruangbin")] == [("articles", url)]
