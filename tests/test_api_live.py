"""A live uvicorn server on loopback: real HTTP, API keys, rate limits, CORS, async tasks, and
schemathesis over the OpenAPI spec (no 5xx, responses match the schema)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, checks

from live_server import live_server
from mididrumigen.config import Settings

KEY = "live-test-key"
AUTH = {"X-API-Key": KEY}


def _settings(root: Path, **extra: object) -> Settings:
    return Settings(output_dir=root / "out", data_dir=root,
                    database_url=f"sqlite:///{root / 'live.db'}", **extra)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("live")
    with live_server(_settings(root, rate_limit_per_minute=0, api_keys=KEY,
                               cors_origins="https://app.example")) as url:
        yield url


def test_generate_over_http(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=10, headers=AUTH) as c:
        r = c.post("/api/v1/generate", json={"artist": "Clyde Stubblefield", "bars": 2,
                                             "variations": 2, "seed": 1})
        assert r.status_code == 200 and r.headers["x-request-id"]
        body = r.json()
        assert body["known_artist"] and len(body["patterns"]) == 2
        assert c.get(body["midi_files"][1]).content[:4] == b"MThd"


def test_async_generate_is_polled_to_the_result(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=10, headers=AUTH) as c:
        r = c.post("/api/v1/generate", json={"artist": "Tony Allen", "variations": 1,
                                             "async": True})
        assert r.status_code == 202
        accepted = r.json()
        assert accepted["poll_url"] == f"/api/v1/task/{accepted['task_id']}"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            task = c.get(accepted["poll_url"]).json()
            if task["status"] in ("succeeded", "failed"):
                break
            assert 0 <= task["progress"] <= 100
            time.sleep(0.05)
        assert task["status"] == "succeeded" and task["progress"] == 100
        assert task["result"]["artist"] == "Tony Allen"
        assert c.get(task["result"]["zip_url"]).status_code == 200
        assert c.get("/api/v1/task/00000000-0000-0000-0000-000000000000").status_code == 404


def test_cors_allow_list(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=10, headers=AUTH) as c:
        pre = c.options("/api/v1/generate", headers={
            "Origin": "https://app.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-api-key"})
        assert pre.status_code == 200
        assert pre.headers["access-control-allow-origin"] == "https://app.example"
        other = c.get("/api/v1/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_api_keys_and_rate_limit(tmp_path: Path) -> None:
    with live_server(_settings(tmp_path, api_keys="k-one, k-two",
                               rate_limit_per_minute=3)) as url, \
            httpx.Client(base_url=url, timeout=10) as c:
        assert c.get("/api/v1/health").status_code == 200  # health needs no key
        r = c.get("/api/v1/artists")
        assert r.status_code == 401 and r.json()["error"] == "unauthorized"
        assert c.get("/api/v1/artists", headers={"X-API-Key": "wrong"}).status_code == 401
        assert c.get("/api/v1/metrics").status_code == 401
        ok = [c.get("/api/v1/artists", headers={"X-API-Key": "k-one"}).status_code
              for _ in range(3)]
        assert ok == [200, 200, 200]
        limited = c.get("/api/v1/artists", headers={"X-API-Key": "k-one"})
        assert limited.status_code == 429 and limited.json()["error"] == "rate_limited"
        # a moving window of 60 s: the oldest of the three requests ages out within a minute
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        # another key has its own bucket
        assert c.get("/api/v1/artists", headers={"X-API-Key": "k-two"}).status_code == 200
        assert c.get("/api/v1/metrics", headers={"X-API-Key": "k-two"}).status_code == 200


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_openapi_no_server_errors(base_url: str, mode: GenerationMode) -> None:
    """Every operation, 25 generated requests each: no 5xx, and valid requests get answers
    that match the documented schema (schemathesis' default checks)."""
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    labels = []
    for result in schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)
        raw = operation.definition.raw
        if mode is GenerationMode.NEGATIVE and not raw.get("parameters") and "requestBody" not in raw:
            continue  # nothing to get wrong (health, metrics, stats)

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case: schemathesis.Case) -> None:
            if mode is GenerationMode.POSITIVE:
                # semantic checks (unknown genre or drum map, control characters) answer 422 to
                # schema-valid input on purpose, so positive_data_acceptance is left out
                case.call_and_validate(base_url=base_url, headers=AUTH,
                                       excluded_checks=[checks.positive_data_acceptance])
            else:
                response = case.call(base_url=base_url, headers=AUTH)
                assert response.status_code < 500, (case.method, case.formatted_path,
                                                    response.status_code, response.text[:300])

        run()
    assert "POST /api/v1/generate" in labels and len(labels) >= 9
