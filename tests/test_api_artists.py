"""GET /artists pages by cursor over the knowledge base and the stored artists merged by name,
with genre and name-search filters; GET /similar answers from the process's vector index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mididrumigen import services
from mididrumigen.api.app import create_app
from mididrumigen.config import Settings
from mididrumigen.domain.names import normalize_name
from mididrumigen.domain.profile import StyleParams, StyleProfile
from mididrumigen.research.embedder import embed_profile
from mididrumigen.services.catalog import vector_index
from mididrumigen.storage.engine import session_scope
from mididrumigen.storage.repository import save_profile

STORED = [
    StyleProfile("Zigaboo Modeliste", StyleParams(swing_percent=58, ghost_note_prob=0.6),
                 genres=("funk", "new_orleans"), source="research"),
    StyleProfile("Aaron Spears", StyleParams(ghost_note_prob=0.5), genres=("gospel", "funk")),
    StyleProfile("John Bonham", StyleParams(velocity_mean=118), genres=("hard_rock",),
                 source="research", confidence=0.95),  # replaces the knowledge base's entry
    StyleProfile("Bonham Tribute Band", genres=("hard_rock",)),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("artists")
    settings = Settings(output_dir=root / "out", data_dir=root,
                        database_url=f"sqlite:///{root / 'api.db'}", rate_limit_per_minute=0)
    with TestClient(create_app(settings)) as c:
        with session_scope(_engine(c)) as s:
            for p in STORED:
                save_profile(s, embed_profile(p))
        services.forget_profile(_runtime(c))
        yield c


def _engine(client: TestClient) -> Any:
    return client.app.state.ctx.engine  # type: ignore[attr-defined]


def _runtime(client: TestClient) -> Any:
    return client.app.state.ctx.runtime  # type: ignore[attr-defined]


def _walk(client: TestClient, limit: int = 100, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = client.get("/api/v1/artists", params={"limit": limit, **params,
                                                     **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        assert len(body["data"]) <= limit
        items += body["data"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def test_pages_merge_the_knowledge_base_and_the_store(client: TestClient) -> None:
    items = _walk(client)
    names = [a["name"] for a in items]
    keys = [normalize_name(n) for n in names]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    kb = {normalize_name(e.name) for e in _runtime(client).knowledge_base}
    assert set(keys) == kb | {normalize_name(p.artist_name) for p in STORED}
    bonham = next(a for a in items if a["name"] == "John Bonham")
    assert bonham["source"] == "research" and bonham["status"] == "done"
    assert bonham["confidence"] == 0.95
    first = client.get("/api/v1/artists", params={"limit": 5}).json()
    assert first["count"] == len(items)
    assert first["counts_by_status"]["done"] == 2
    assert sum(first["counts_by_status"].values()) == len(items)


def test_genre_pages(client: TestClient) -> None:
    funk = _walk(client, limit=3, genre="Funk")
    kb_funk = {e.name for e in _runtime(client).knowledge_base if "funk" in e.genres}
    assert {a["name"] for a in funk} == kb_funk | {"Zigaboo Modeliste", "Aaron Spears"}
    first = client.get("/api/v1/artists", params={"genre": "funk", "limit": 2}).json()
    assert first["count"] == len(funk)
    hard_rock = {a["name"] for a in _walk(client, genre="hard_rock")}
    assert {"John Bonham", "Bonham Tribute Band"} <= hard_rock
    bad = client.get("/api/v1/artists", params={"genre": "polka step"})
    assert bad.status_code == 422 and bad.json()["details"]["field"] == "genre"


def test_search_puts_names_starting_with_the_query_first(client: TestClient) -> None:
    found = [a["name"] for a in _walk(client, limit=1, q="Bonham")]
    assert found == ["Bonham Tribute Band", "John Bonham"]
    john = [a["name"] for a in _walk(client, limit=2, q="john")]
    starts = [n for n in john if normalize_name(n).startswith("john")]
    assert john[:len(starts)] == starts and "John Bonham" in starts
    assert any(not normalize_name(n).startswith("john") for n in john)  # Elton John …
    page = client.get("/api/v1/artists", params={"q": "john", "limit": 2}).json()
    assert page["count"] is None and page["counts_by_status"] is None
    assert client.get("/api/v1/artists", params={"q": "zzzqqq"}).json()["data"] == []


def test_bad_cursors_and_offsets_are_refused(client: TestClient) -> None:
    for params in ({"cursor": "not-a-cursor!"}, {"offset": 50}):
        r = client.get("/api/v1/artists", params=params)
        assert r.status_code == 422, r.text
        assert r.json()["details"]["field"] in ("cursor", "offset")


def test_similar_reads_the_vector_index_loaded_once(client: TestClient) -> None:
    engine = _engine(client)
    index = vector_index(_runtime(client), engine)
    before = index.full_loads
    for artist in ("John Bonham", "Zigaboo Modeliste", "Clyde Stubblefield", "John Bonham"):
        assert client.get(f"/api/v1/similar/{artist}", params={"limit": 5}).status_code == 200
    assert index.full_loads == max(before, 1)
    with session_scope(_engine(client)) as s:
        save_profile(s, embed_profile(StyleProfile(
            "Zigaboo Twin", STORED[0].params, genres=STORED[0].genres)))
    top = client.get("/api/v1/similar/Zigaboo Modeliste", params={"limit": 1}).json()
    assert top["data"][0]["name"] == "Zigaboo Twin"
    assert index.full_loads == max(before, 1) and index.updates >= 1


def test_the_list_reads_no_whole_table(client: TestClient, tmp_path: Path) -> None:
    """A page's SQL never loads every profile: each statement on style_profiles is limited to
    the page or is one aggregate (the newest row id)."""
    from sqlalchemy import event

    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = _engine(client)
    event.listen(engine, "before_cursor_execute", record)
    try:
        client.get("/api/v1/artists", params={"limit": 20, "genre": "funk"})
    finally:
        event.remove(engine, "before_cursor_execute", record)
    pages = [s for s in statements if "style_profiles" in s]
    assert pages and all("LIMIT" in s or "max(style_profiles.id)" in s for s in pages), pages


def test_a_starting_server_warms_the_similar_artist_index(tmp_path: Path) -> None:
    """Start-up loads the stored vectors and the knowledge base's on a thread, so the first
    GET /similar reads neither again."""
    import threading

    url = f"sqlite:///{tmp_path / 'warm.db'}"
    settings = Settings(output_dir=tmp_path / "out", data_dir=tmp_path, database_url=url,
                        rate_limit_per_minute=0)
    with TestClient(create_app(settings)) as c, session_scope(_engine(c)) as s:
        for p in STORED:
            save_profile(s, embed_profile(p))
    with TestClient(create_app(settings)) as c:
        for t in threading.enumerate():
            if t.name == "similar-warm-up":
                t.join(timeout=30)
        runtime, engine = _runtime(c), _engine(c)
        index = vector_index(runtime, engine)
        assert index.loaded and index.size == len(STORED) and index.full_loads == 1
        kb_vectors = runtime.shared("kb_vectors", lambda: None)
        assert kb_vectors is not None
        top = c.get("/api/v1/similar/Zigaboo Modeliste", params={"limit": 3})
        assert top.status_code == 200 and top.json()["data"]
        assert index.full_loads == 1 and runtime.shared("kb_vectors", lambda: None) is kb_vectors
