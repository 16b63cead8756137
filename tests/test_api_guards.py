"""Who reaches the API (issue 15): without keys only this machine, with a Host header naming
it, however the server was started; forwarding headers only from configured proxies; guessing
keys meets 429; API clients use only the generators the operator offers, and fallback follows
the configured order only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from live_server import live_server
from mididrumigen.api.app import create_app
from mididrumigen.config import Settings


def _settings(root: Path, **extra: Any) -> Settings:
    values: dict[str, Any] = {"output_dir": root / "out", "data_dir": root,
                              "database_url": f"sqlite:///{root / 'g.db'}",
                              "rate_limit_per_minute": 0, **extra}
    return Settings(**values)


@pytest.fixture
def keyless(tmp_path: Path) -> Iterator[Any]:
    def make(client: tuple[str, int] = ("127.0.0.1", 40000),
             base_url: str = "http://127.0.0.1:8000", **extra: Any) -> TestClient:
        return TestClient(create_app(_settings(tmp_path, **extra)), client=client,
                          base_url=base_url)

    yield make


def test_keyless_server_answers_this_machine_with_its_own_host_name(keyless: Any) -> None:
    with keyless() as c:
        assert c.get("/api/v1/health").status_code == 200
        for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
            assert c.get("/api/v1/artists", headers={"Host": host}).status_code == 200
        rebound = c.get("/api/v1/artists", headers={"Host": "attacker.example"})
        assert rebound.status_code == 400 and rebound.json()["details"]["field"] == "host"
        assert c.get("/", headers={"Host": "attacker.example:8000"}).status_code == 400
    with keyless(allowed_hosts="drums.lan") as c:
        assert c.get("/api/v1/artists", headers={"Host": "drums.lan:8000"}).status_code == 200
        assert c.get("/api/v1/artists", headers={"Host": "localhost"}).status_code == 400


def test_keyless_server_refuses_other_machines_even_when_bound_everywhere(keyless: Any) -> None:
    """What `uvicorn --factory … --host 0.0.0.0` gives a LAN client: the app refuses it."""
    with keyless(client=("192.168.1.20", 51000)) as c:
        r = c.post("/api/v1/generate", json={"artist": "Tony Allen", "variations": 1})
        assert r.status_code == 403 and "MIDIDRUMIGEN_API_KEYS" in r.json()["message"]
        assert c.get("/api/v1/health").status_code == 403


def test_forwarded_for_from_an_unconfigured_proxy_is_not_believed(tmp_path: Path) -> None:
    """uvicorn (proxy headers on by default for 127.0.0.1) rewrites the client from
    X-Forwarded-For: such a request is never local, so a keyless server refuses it."""
    with live_server(_settings(tmp_path)) as url, httpx.Client(base_url=url, timeout=10) as c:
        assert c.get("/api/v1/artists").status_code == 200
        r = c.get("/api/v1/artists", headers={"X-Forwarded-For": "203.0.113.7"})
        assert r.status_code == 403


def test_rotating_forwarded_for_shares_one_bucket_unless_the_proxy_is_trusted(
        tmp_path: Path) -> None:
    settings = _settings(tmp_path, api_keys="k", rate_limit_per_minute=100)
    with TestClient(create_app(settings), client=("198.51.100.3", 1)) as c:
        codes = [c.get("/api/v1/artists", headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code
                 for i in range(40)]
    assert codes[:10] == [401] * 10 and set(codes[10:]) == {429}  # 10 failures a minute
    trusted = _settings(tmp_path, api_keys="k", rate_limit_per_minute=100,
                        trusted_proxies="198.51.100.0/24")
    with TestClient(create_app(trusted), client=("198.51.100.3", 1)) as c:
        codes = [c.get("/api/v1/artists", headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code
                 for i in range(40)]
        assert set(codes) == {401}  # forty clients, one failure each
        same = [c.get("/api/v1/artists", headers={
            "X-Forwarded-For": "203.0.113.99, 198.51.100.7"}).status_code for _ in range(12)]
        assert same[-1] == 429  # the nearest hop that is not a proxy is the client


def test_wrong_keys_meet_429(tmp_path: Path) -> None:
    with TestClient(create_app(_settings(tmp_path, api_keys="right", rate_limit_per_minute=600)),
                    client=("198.51.100.8", 1)) as c:
        codes = [c.get("/api/v1/artists", headers={"X-API-Key": f"guess-{i}"}).status_code
                 for i in range(80)]
        assert codes[0] == 401 and codes[-1] == 429
        limited = c.get("/api/v1/artists", headers={"X-API-Key": "guess"})
        assert limited.json()["error"] == "rate_limited" and int(limited.headers["retry-after"]) >= 1
        assert c.get("/api/v1/artists", headers={"X-API-Key": "right"}).status_code == 200


def test_api_clients_use_only_the_generators_the_server_offers(keyless: Any) -> None:
    body = {"artist": "Tony Allen", "variations": 1, "seed": 1}
    with keyless() as c:
        for provider in ("openai", "auto", "anthropic"):
            for extra in ({}, {"async": True}):
                r = c.post("/api/v1/generate", json={**body, "provider": provider, **extra})
                assert r.status_code == 422, r.text
                assert "MIDIDRUMIGEN_API_PROVIDERS" in r.json()["message"]
        assert c.post("/api/v1/generate", json=body).status_code == 200
        assert c.get("/ui/options").json()["providers"] == ["template"]
    with keyless(api_providers="template,openai") as c:
        r = c.post("/api/v1/generate", json={**body, "provider": "openai"})
        assert r.status_code == 200, r.text
        answer = r.json()
        assert answer["provider_used"] == "template"
        assert "openai is not configured (no API key)" in answer["fallback_reason"]


def test_fallback_follows_the_configured_order_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from mididrumigen.hybrid import connect_providers

    monkeypatch.setenv("MIDIDRUMIGEN_LLM_ORDER", "openai")
    manager, _router = connect_providers(Settings().llm, env={})
    assert manager.order == ("openai",) or list(manager.order) == ["openai"]
    assert "anthropic" in manager.providers  # still there when asked for by name
