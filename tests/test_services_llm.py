"""services.generate on the LLM path: the real OpenAI SDK against a loopback server speaking the
Chat Completions wire format, calls and cost recorded in the database, engine fallback."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from mididrumigen import services
from mididrumigen.call_log import DatabaseCallRecorder
from mididrumigen.config import Settings
from mididrumigen.domain import GenerationParams, TimeSignature
from mididrumigen.llm.base import PromptRequest
from mididrumigen.llm.fake_provider import basic_answer


def _completion(text: str) -> dict[str, object]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-5.4-mini",
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": text, "refusal": None}}],
            "usage": {"prompt_tokens": 1000, "completion_tokens": 400, "total_tokens": 1400}}


@pytest.fixture
def openai_only(monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer) -> HTTPServer:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("MIDIDRUMIGEN_LLM_ORDER", "openai")
    monkeypatch.setenv("MIDIDRUMIGEN_LLM_OPENAI_BASE_URL", httpserver.url_for("/v1"))
    for other in ("ANTHROPIC", "GOOGLE", "OLLAMA_SMALL", "OLLAMA_LARGE"):
        monkeypatch.setenv(f"MIDIDRUMIGEN_LLM_{other}_ENABLED", "0")
    return httpserver


@pytest.fixture
def db(tmp_path: Path) -> object:
    return services.open_database(f"sqlite:///{tmp_path / 'llm.db'}")


def _runtime(db: object = None) -> services.Runtime:
    """A runtime over the settings the test's environment gives (built after monkeypatching)."""
    return services.Runtime(Settings(), database=db)  # type: ignore[arg-type]


def test_llm_provider_answers_and_its_cost_is_recorded(openai_only: HTTPServer, db: object,
                                                      tmp_path: Path) -> None:
    params = GenerationParams(bars=2, variations=2, seed=4, time_signature=TimeSignature(4, 4))
    req = PromptRequest(system="", context="", bars=2, time_signature=TimeSignature(4, 4),
                            count=2, total=2, tempo=100.0)
    openai_only.expect_request("/v1/chat/completions", method="POST").respond_with_json(
        _completion(json.dumps(basic_answer(req))))
    with _runtime(db) as runtime:
        res = services.generate(runtime, services.GenerateCommand("Questlove", params,
                                                                  provider="openai"),
                                out_dir=tmp_path / "out", db=db)  # type: ignore[arg-type]
        usage = services.stats(runtime, db)["llm_usage"]  # type: ignore[arg-type]
    assert res.provider_used == "openai" and not res.fallback_reason
    assert len(res.patterns) == 2 and all(p.total_bars == 2 for p in res.patterns)
    assert len(res.files) == 2 and res.cost_usd > 0
    calls = DatabaseCallRecorder(db).calls()  # type: ignore[arg-type]
    assert [(c.provider, c.outcome, c.input_tokens, c.output_tokens) for c in calls] == [
        ("openai", "success", 1000, 400)]
    assert calls[0].cost_usd == res.cost_usd
    entry = services.history(db, limit=1)[0]  # type: ignore[arg-type]
    assert entry.provider_used == "openai" and Decimal(entry.cost_usd) == res.cost_usd
    # usage: what /api/v1/stats shows
    [day] = usage["days"]
    assert (day["provider"], day["requests"], day["success_rate"]) == ("openai", 1, 1.0)
    assert Decimal(day["cost_usd"]) == res.cost_usd.quantize(Decimal("0.01"))
    assert usage["cloud_calls"] == 1 and usage["local_calls"] == 0


def test_a_failing_provider_falls_back_to_the_engine(openai_only: HTTPServer, db: object) -> None:
    openai_only.expect_request("/v1/chat/completions", method="POST").respond_with_json(
        {"error": {"message": "bad key", "type": "invalid_request_error", "code": None}},
        status=401)
    with _runtime(db) as runtime:
        res = services.generate(runtime, services.GenerateCommand("Questlove", GenerationParams(
            variations=1, seed=2), provider="openai"), db=db)  # type: ignore[arg-type]
    assert res.provider_used == "template" and "auth" in res.fallback_reason
    assert len(res.patterns) == 1
    outcomes = [c.outcome for c in DatabaseCallRecorder(db).calls()]  # type: ignore[arg-type]
    assert outcomes == ["auth"]


def test_research_asks_the_configured_llm_and_records_the_call(openai_only: HTTPServer,
                                                               db: object) -> None:
    req = PromptRequest(system="", context="", bars=1, time_signature=TimeSignature(4, 4),
                            count=3, total=3, tempo=120.0)
    openai_only.expect_request("/v1/chat/completions", method="POST").respond_with_json(
        _completion(json.dumps(basic_answer(req))))
    with _runtime(db) as runtime:
        res = services.research_artist(runtime, "Khruangbin", db=db)  # type: ignore[arg-type]
    llm = [e for e in res.evidence if e.source == "llm_knowledge"]
    assert llm and llm[0].payload["generated"] is True
    assert res.profile.provenance  # every parameter names its evidence
    calls = DatabaseCallRecorder(db).calls()  # type: ignore[arg-type]
    assert [(c.provider, c.outcome) for c in calls] == [("openai", "success")]


def test_research_uses_no_llm_without_a_key_or_when_told_not_to(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from mididrumigen.errors import ResearchError

    assert services.research_llm(_runtime(), "auto") is None  # conftest removed every key
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert services.research_llm(_runtime(), "none") is None
    assert services.research_llm(_runtime(), "auto") is not None
    with pytest.raises(ResearchError, match="no evidence"):
        monkeypatch.setenv("MIDIDRUMIGEN_RESEARCH_LLM", "none")
        services.research_artist(_runtime(), "Xyzzy Plugh Quintet")
