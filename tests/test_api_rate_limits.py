"""Rate limits through Redis: two app instances (two server processes, or two machines) that
share the broker's Redis share one moving window per API key; 429 + Retry-After past it."""

from __future__ import annotations

import uuid
from pathlib import Path

from fastapi.testclient import TestClient

from mididrumigen.api.app import create_app
from mididrumigen.config import Settings

REDIS = "redis://127.0.0.1:6379/12"


def _settings(root: Path, key: str) -> Settings:
    return Settings(output_dir=root / "out", data_dir=root, broker_url=REDIS, api_keys=key,
                    database_url=f"sqlite:///{root / 'api.db'}", rate_limit_per_minute=3)


def test_two_app_instances_share_one_limit_through_redis(tmp_path: Path) -> None:
    key = f"k-{uuid.uuid4().hex}"  # a fresh identity: runs never share a window
    auth = {"X-API-Key": key}
    one, two = create_app(_settings(tmp_path, key)), create_app(_settings(tmp_path, key))
    with TestClient(one) as a, TestClient(two) as b:  # the window's keys expire in Redis
        assert [a.get("/api/v1/artists", headers=auth).status_code for _ in range(2)] == [200, 200]
        assert b.get("/api/v1/artists", headers=auth).status_code == 200  # the third
        for client in (b, a):  # both instances now refuse this key
            limited = client.get("/api/v1/artists", headers=auth)
            assert limited.status_code == 429 and limited.json()["error"] == "rate_limited"
            assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert a.get("/api/v1/health").status_code == 200  # health is never limited
