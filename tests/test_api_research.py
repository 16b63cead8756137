"""POST /research and POST /augment/{artist}: tasks that build and extend a stored profile, which
later generations use. Article pages come from a loopback server (robots.txt honoured)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pytest_httpserver import HTTPServer

from mididrumigen.api.app import create_app
from mididrumigen.config import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "research"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("api-research")
    settings = Settings(output_dir=root / "out", data_dir=root,
                        database_url=f"sqlite:///{root / 'api.db'}", rate_limit_per_minute=0)
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def article(httpserver: HTTPServer) -> str:
    httpserver.expect_request("/robots.txt").respond_with_data(
        (FIXTURES / "robots.txt").read_text(), content_type="text/plain")
    httpserver.expect_request("/articles/khruangbin").respond_with_data(
        (FIXTURES / "article.html").read_text(), content_type="text/html")
    return httpserver.url_for("/articles/khruangbin")


def _finish(client: TestClient, accepted: dict[str, Any]) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        task = client.get(accepted["poll_url"]).json()
        if task["status"] in ("succeeded", "failed"):
            return task
        time.sleep(0.05)
    raise AssertionError(f"task did not finish: {task}")


def test_research_from_an_article_builds_a_profile_generation_then_uses(
        client: TestClient, article: str) -> None:
    r = client.post("/api/v1/research", json={"artist": "Khruangbin", "urls": [article]})
    assert r.status_code == 202, r.text
    accepted = r.json()
    assert accepted["estimated_time_minutes"] > 0
    task = _finish(client, accepted)
    assert task["status"] == "succeeded", task
    result = task["result"]
    assert result["version"] == 1 and result["profile"]["source"] == "research"
    assert any(e["source"] == "articles" and e["url"] == article for e in result["evidence"])
    assert all(result["profile"]["provenance"].values())
    known = client.get("/api/v1/research/Khruangbin").json()
    assert known["exists"] and known["source"] == "research"
    gen = client.post("/api/v1/generate", json={"artist": "Khruangbin", "variations": 1,
                                                "seed": 1}).json()
    assert gen["profile"]["source"] == "research"


def test_augment_shows_the_diff_and_stores_a_weaker_profile_only_when_forced(
        client: TestClient, article: str) -> None:
    r = client.post("/api/v1/augment/Questlove", json={"urls": [article]})
    assert r.status_code == 202, r.text
    task = _finish(client, r.json())
    assert task["status"] == "succeeded", task
    result = task["result"]
    assert {e["source"] for e in result["evidence"]} >= {"articles"}
    # an article about another band barely moves a curated profile: no better, not stored
    assert result["previous_confidence"] == 0.7 and result["version"] is None
    assert result["stored"] is False and "not above" in result["store_note"]
    assert isinstance(result["diff"], list)
    for change in result["diff"]:
        assert {"param", "old", "new", "moved_by"} <= set(change)
    forced = _finish(client, client.post("/api/v1/augment/Questlove?force=true",
                                         json={"urls": [article]}).json())
    assert forced["status"] == "succeeded", forced
    assert forced["result"]["stored"] is True and forced["result"]["version"] >= 1
    assert "forced" in forced["result"]["store_note"]


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/v1/research", {"artist": "X", "urls": ["file:///etc/passwd"]}, "urls"),
    ("/api/v1/research", {"artist": "X", "depth": "forever"}, "depth"),
    ("/api/v1/research", {"artist": "Bon\u0007ham"}, "artist"),
    ("/api/v1/research", {"artist": "X", "source_dir": "/etc"}, "source_dir"),
    ("/api/v1/augment/Questlove", {}, "urls"),
])
def test_bad_research_requests_are_422(client: TestClient, path: str, body: dict[str, Any],
                                       field: str) -> None:
    r = client.post(path, json=body)
    assert r.status_code == 422, r.text
    assert field in r.text


def test_research_with_nothing_to_go_on_fails_with_advice(client: TestClient) -> None:
    r = client.post("/api/v1/research", json={"artist": "Xyzzy Plugh Quintet"})
    task = _finish(client, r.json())
    assert task["status"] == "failed"
    # advice in the API's own fields: never a CLI flag, never a server folder
    assert "Try `online: true` or `urls` (article pages)." in task["error"]
    assert "--" not in task["error"] and "source" not in task["error"]
