"""Engine generations never queue behind LLM work (issue 15): while slow LLM requests hold
their lane, template requests are answered; LLM requests past what the lane runs and queues
are told to come back (503 + Retry-After) instead of holding the server's threads."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mididrumigen import services
from mididrumigen.api.app import create_app
from mididrumigen.api.context import LLM_GENERATIONS, LLM_WAITING
from mididrumigen.config import Settings
from mididrumigen.hybrid import HybridCoordinator
from mididrumigen.llm import FakeProvider, ProviderManager
from mididrumigen.llm.base import Completion
from mididrumigen.llm.request import PromptRequest


class Stalled(FakeProvider):
    """A provider that answers only when the test says so."""

    def __init__(self) -> None:
        super().__init__("slow")
        self.release = threading.Event()
        self.inside = 0

    async def complete(self, request: PromptRequest) -> Completion:
        self.inside += 1
        await asyncio.to_thread(self.release.wait, 60)
        return await super().complete(request)


def test_template_requests_do_not_wait_for_slow_providers(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(output_dir=tmp_path / "out", data_dir=tmp_path, rate_limit_per_minute=0,
                        database_url=f"sqlite:///{tmp_path / 'l.db'}", api_providers="*")
    slow = Stalled()
    body = {"artist": "Tony Allen", "variations": 1, "seed": 1}
    with TestClient(create_app(settings)) as c:
        ctx = c.app.state.ctx  # type: ignore[attr-defined]
        stalled = HybridCoordinator(ProviderManager({"slow": slow}, order=["slow"]),
                                    ctx.runtime.groove_engine)
        monkeypatch.setattr(services.Runtime, "coordinator", property(lambda self: stalled))
        answers: list[Any] = []

        def ask() -> None:
            answers.append(c.post("/api/v1/generate", json={**body, "provider": "slow"}))

        askers = [threading.Thread(target=ask) for _ in range(LLM_GENERATIONS + LLM_WAITING)]
        for t in askers:
            t.start()
        deadline = time.monotonic() + 30
        while (slow.inside < LLM_GENERATIONS or ctx._asking._value > 0) \
                and time.monotonic() < deadline:
            time.sleep(0.02)
        assert slow.inside == LLM_GENERATIONS  # the lane is full and its queue too
        fast = c.post("/api/v1/generate", json=body)
        assert fast.status_code == 200 and fast.json()["provider_used"] == "template"
        busy = c.post("/api/v1/generate", json={**body, "provider": "slow"})
        assert busy.status_code == 503 and int(busy.headers["retry-after"]) >= 1
        assert not slow.release.is_set() and answers == []  # they were all still waiting
        slow.release.set()
        for t in askers:
            t.join(60)
    assert [a.status_code for a in answers] == [200] * len(askers)
    assert {a.json()["provider_used"] for a in answers} == {"slow"}
