"""The OpenAPI schema is the contract (issue 15): documented bounds are the enforced ones,
booleans are booleans, malformed JSON and unknown parameters are documented 422s, and an async
request is refused (422) for whatever the synchronous one would refuse, before it is queued."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mididrumigen.api.app import create_app
from mididrumigen.config import Settings
from mididrumigen.domain.names import MAX_ARTIST_NAME


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("contract")
    settings = Settings(output_dir=root / "out", data_dir=root, rate_limit_per_minute=0,
                        database_url=f"sqlite:///{root / 'c.db'}")
    with TestClient(create_app(settings)) as c:
        yield c


def test_documented_artist_length_is_the_enforced_one(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for model in ("GenerateRequest", "ResearchRequest"):
        assert schemas[model]["properties"]["artist"]["maxLength"] == MAX_ARTIST_NAME == 100
    for path in ("/api/v1/research/{artist}", "/api/v1/similar/{artist}",
                 "/api/v1/augment/{artist}"):
        (op,) = spec["paths"][path].values()
        (param,) = [p for p in op["parameters"] if p["name"] == "artist"]
        assert param["schema"]["maxLength"] == MAX_ARTIST_NAME
    long = client.post("/api/v1/generate", json={"artist": "x" * 101})
    assert long.status_code == 422 and long.json()["details"]["field"] == "artist"


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/v1/research", {"artist": "Tony Allen", "online": 0}, "online"),
    ("/api/v1/research", {"artist": "Tony Allen", "online": "yes"}, "online"),
    ("/api/v1/augment/Tony Allen", {"online": 1}, "online"),
    ("/api/v1/generate", {"artist": "Tony Allen", "humanize": 0}, "humanize"),
    ("/api/v1/generate", {"artist": "Tony Allen", "async": "true"}, "async"),
])
def test_booleans_are_booleans(client: TestClient, path: str, body: dict[str, Any],
                               field: str) -> None:
    r = client.post(path, json=body)
    assert r.status_code == 422, r.text
    assert r.json()["details"]["field"] == field


def test_malformed_json_is_a_documented_422(client: TestClient) -> None:
    r = client.post("/api/v1/generate", content=b'{"artist": "Tony', headers={
        "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["details"]["field"] == "body"
    assert "JSON" in r.json()["message"]
    spec = client.get("/openapi.json").json()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if op.get("requestBody") or op.get("parameters"):
                ref = op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorPublic"), (method, path)


def test_unknown_query_parameters_are_refused(client: TestClient) -> None:
    r = client.get("/api/v1/artists", params={"limt": 5})
    assert r.status_code == 422 and r.json()["details"]["field"] == "limt"
    assert client.get("/api/v1/artists", params={"limit": 5}).status_code == 200


@pytest.mark.parametrize(("extra", "field"), [
    ({"artist": "John\u0007Bonham"}, "artist"), ({"provider": "nope"}, "provider"),
    ({"genre": "not-a-genre"}, "genre"), ({"drum_map": "nope"}, "drum_map"),
])
def test_async_generate_refuses_what_sync_refuses_before_queuing(client: TestClient,
                                                                  extra: dict[str, Any],
                                                                  field: str) -> None:
    body = {"artist": "John Bonham", "variations": 1, **extra}
    sync = client.post("/api/v1/generate", json=body)
    later = client.post("/api/v1/generate", json={**body, "async": True})
    assert sync.status_code == later.status_code == 422, (sync.text, later.text)
    assert sync.json()["details"]["field"] == later.json()["details"]["field"] == field
