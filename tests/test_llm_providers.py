"""Each provider through its real SDK (or httpx for Ollama) against a loopback fake server that
speaks the provider's wire format: success, 401, 429 with Retry-After, 503, timeout, malformed
JSON, schema-invalid output (one re-ask, then failure). How fast a timeout hands over is a
figure of benchmarks/llm.py, not an assertion here."""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.request
from dataclasses import dataclass
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from mididrumigen.domain import TimeSignature
from mididrumigen.errors import LLMProviderError
from mididrumigen.llm import BaseLLMProvider, PromptRequest
from mididrumigen.llm.anthropic_provider import TOOL_NAME, AnthropicProvider
from mididrumigen.llm.fake_provider import basic_answer
from mididrumigen.llm.google_provider import GoogleProvider
from mididrumigen.llm.local_provider import OllamaProvider, OpenAICompatibleProvider
from mididrumigen.llm.openai_provider import OpenAIProvider

REQ = PromptRequest(system="SYS", context="CTX", bars=2, time_signature=TimeSignature(7, 8),
                        count=2, total=2, tempo=100.0)


def answer(req: PromptRequest = REQ) -> dict[str, Any]:
    return basic_answer(req)


@dataclass
class Wire:
    """How one provider's API looks on the wire."""

    kind: str
    path: str

    def make(self, server: HTTPServer, timeout: float = 5.0) -> BaseLLMProvider:
        root = server.url_for("/").rstrip("/")
        if self.kind == "anthropic":
            return AnthropicProvider("anthropic", "claude-sonnet-4-6", api_key="k", base_url=root,
                                     timeout_s=timeout)
        if self.kind == "openai":
            return OpenAIProvider("openai", "gpt-5.4-mini", api_key="k", base_url=root + "/v1",
                                  timeout_s=timeout)
        if self.kind == "google":
            return GoogleProvider("google", "gemini-3.5-flash", api_key="k", base_url=root,
                                  timeout_s=timeout)
        if self.kind == "ollama":
            return OllamaProvider("ollama", "llama3.2:3b", base_url=root, timeout_s=timeout)
        return OpenAICompatibleProvider("llamacpp", "local", base_url=root + "/v1",
                                        timeout_s=timeout)

    def ok(self, text: str, tin: int = 120, tout: int = 80) -> dict[str, Any]:
        if self.kind == "anthropic":
            try:
                block: dict[str, Any] = {"type": "tool_use", "id": "toolu_1", "name": TOOL_NAME,
                                         "input": json.loads(text)}
            except ValueError:
                block = {"type": "text", "text": text}
            return {"id": "msg_1", "type": "message", "role": "assistant",
                    "model": "claude-sonnet-4-6", "content": [block], "stop_reason": "tool_use",
                    "stop_sequence": None, "usage": {"input_tokens": tin, "output_tokens": tout}}
        if self.kind in ("openai", "openai_compatible"):
            return {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "m",
                    "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                                 "message": {"role": "assistant", "content": text,
                                             "refusal": None}}],
                    "usage": {"prompt_tokens": tin, "completion_tokens": tout,
                              "total_tokens": tin + tout}}
        if self.kind == "google":
            return {"candidates": [{"content": {"role": "model", "parts": [{"text": text}]},
                                    "finishReason": "STOP", "index": 0}],
                    "usageMetadata": {"promptTokenCount": tin, "candidatesTokenCount": tout,
                                      "totalTokenCount": tin + tout},
                    "modelVersion": "gemini-3.5-flash"}
        return {"model": "llama3.2:3b", "created_at": "2025-01-01T00:00:00Z",
                "message": {"role": "assistant", "content": text}, "done": True,
                "done_reason": "stop", "prompt_eval_count": tin, "eval_count": tout}

    def error(self, status: int) -> dict[str, Any]:
        if self.kind == "anthropic":
            kinds = {401: "authentication_error", 429: "rate_limit_error", 503: "overloaded_error"}
            return {"type": "error", "error": {"type": kinds.get(status, "api_error"),
                                               "message": f"status {status}"}}
        if self.kind == "google":
            return {"error": {"code": status, "message": f"status {status}", "status": "ERR"}}
        if self.kind == "ollama":
            return {"error": f"status {status}"}
        return {"error": {"message": f"status {status}", "type": "error", "code": None}}

    def reply(self, server: HTTPServer, body: Any, status: int = 200,
              headers: dict[str, str] | None = None) -> None:
        server.expect_ordered_request(self.path, method="POST").respond_with_json(
            body, status=status, headers=headers)


WIRES = [Wire("anthropic", "/v1/messages"), Wire("openai", "/v1/chat/completions"),
         Wire("google", "/v1/models/gemini-3.5-flash:generateContent"),
         Wire("ollama", "/api/chat"), Wire("openai_compatible", "/v1/chat/completions")]


@pytest.fixture(params=WIRES, ids=lambda w: w.kind)
def wire(request: pytest.FixtureRequest) -> Wire:
    return request.param


def run(coro: Any) -> Any:
    return asyncio.run(coro)


async def _generate(p: BaseLLMProvider, req: PromptRequest = REQ, events: list | None = None
                    ) -> Any:
    try:
        return await p.generate(req, on_call=(events.append if events is not None else None))
    finally:
        await p.aclose()


def test_success_parses_grids_and_usage(wire: Wire, httpserver: HTTPServer) -> None:
    wire.reply(httpserver, wire.ok(json.dumps(answer()), 321, 123))
    result = run(_generate(wire.make(httpserver)))
    assert [v.name for v in result.variations] == ["Var 1", "Var 2"]
    assert all(v.grid.bars == 2 and v.grid.steps_per_bar == 14 for v in result.variations)
    assert (result.usage.input_tokens, result.usage.output_tokens) == (321, 123)
    assert result.latency_ms > 0
    body = httpserver.log[0][0].get_json()
    dumped = json.dumps(body)
    assert "SYS" in dumped and "CTX" in dumped and "14 steps a bar" in dumped  # prompt + meter
    assert "variations" in dumped  # the JSON schema went along
    httpserver.check_assertions()


def test_structured_output_parameters_on_the_wire(wire: Wire, httpserver: HTTPServer) -> None:
    wire.reply(httpserver, wire.ok(json.dumps(answer())))
    run(_generate(wire.make(httpserver)))
    body = httpserver.log[0][0].get_json()
    if wire.kind == "anthropic":
        assert body["tool_choice"] == {"type": "tool", "name": TOOL_NAME}
        assert body["tools"][0]["input_schema"]["required"] == ["variations"]
        # prompt caching: breakpoints after the system prompt and after the artist context
        cached = {"type": "ephemeral"}
        assert body["system"] == [{"type": "text", "text": "SYS", "cache_control": cached}]
        first, task = body["messages"][0]["content"]
        assert first == {"type": "text", "text": REQ.fixed_message(), "cache_control": cached}
        assert first["text"].startswith("CTX\n\nWrite 2 bar(s) of 7/8")
        assert task == {"type": "text", "text": "Variations 1-2 of 2."}
    elif wire.kind in ("openai", "openai_compatible"):
        fmt = body["response_format"]
        assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
        assert body["messages"][0] == {"role": "system", "content": "SYS"}
        assert body["messages"][1]["content"].startswith("CTX")  # the stable prefix first
        if wire.kind == "openai":  # every call of a request shares one cache key
            assert body["prompt_cache_key"] == REQ.cache_key()
            assert REQ.chunk(1, 1).cache_key() == REQ.chunk(2, 1).cache_key()
    elif wire.kind == "google":
        cfg = body["generationConfig"]
        assert cfg["responseMimeType"] == "application/json"
        assert cfg["responseJsonSchema"]["required"] == ["variations"]
        assert httpserver.log[0][0].headers["x-goog-api-key"] == "k"
    else:
        assert body["format"]["required"] == ["variations"] and body["stream"] is False


CACHED_WIRES = [w for w in WIRES if w.kind in ("anthropic", "openai")]


@pytest.mark.parametrize("wire", CACHED_WIRES, ids=lambda w: w.kind)
def test_one_call_per_variation_shares_the_cached_prefix(wire: Wire,
                                                         httpserver: HTTPServer) -> None:
    """Four calls of one request (a provider writing one variation a call): the schema, the
    system prompt and the user turn's fixed part are byte-identical on the wire, marked for
    Anthropic's prompt cache or routed by one OpenAI prompt_cache_key; only the last words
    (which variation) differ."""
    from mididrumigen.domain import GenerationParams, StyleProfile
    from mididrumigen.llm import PromptBuilder, ProviderManager

    params = GenerationParams(bars=2, variations=4, time_signature=TimeSignature(7, 8))
    req = PromptBuilder().request(StyleProfile(artist_name="Someone", genres=("funk",)), params)
    httpserver.expect_request(wire.path, method="POST").respond_with_json(
        wire.ok(json.dumps(basic_answer(req.chunk(1, 1)))))
    p = wire.make(httpserver)
    p.variations_per_call = 1

    async def go() -> Any:
        m = ProviderManager([p])
        try:
            return await m.generate(req)
        finally:
            await m.aclose()

    assert len(run(go()).variations) == 4
    bodies = [entry[0].get_json() for entry in httpserver.log]
    assert len(bodies) == 4
    cached = {"type": "ephemeral"}
    tasks = set()
    for body in bodies:
        if wire.kind == "anthropic":
            assert body["tools"] == bodies[0]["tools"]
            assert body["system"] == [{"type": "text", "text": req.system,
                                       "cache_control": cached}]
            fixed, task = body["messages"][0]["content"]
            assert fixed == {"type": "text", "text": req.fixed_message(), "cache_control": cached}
            tasks.add(task["text"])
        else:
            assert body["response_format"] == bodies[0]["response_format"]
            assert body["prompt_cache_key"] == req.cache_key()
            system, user = body["messages"]
            assert system == {"role": "system", "content": req.system}
            assert user["content"].startswith(req.fixed_message() + "\n\n")
            tasks.add(user["content"].removeprefix(req.fixed_message() + "\n\n"))
    assert tasks == {f"Variation {k} of 4." for k in range(1, 5)}


@pytest.mark.parametrize("status,kind,retryable", [(401, "auth", False), (403, "auth", False),
                                                   (503, "server", True), (400, "bad_request", False)])
def test_http_errors_are_classified(wire: Wire, httpserver: HTTPServer, status: int, kind: str,
                                    retryable: bool) -> None:
    wire.reply(httpserver, wire.error(status), status=status)
    events: list = []
    with pytest.raises(LLMProviderError) as ei:
        run(_generate(wire.make(httpserver), events=events))
    assert (ei.value.kind, ei.value.status, ei.value.retryable) == (kind, status, retryable)
    assert ei.value.provider == wire.make(httpserver).name
    assert [e.outcome for e in events] == [kind]
    assert len(httpserver.log) == 1  # the SDK's own retries are off


def test_429_carries_retry_after(wire: Wire, httpserver: HTTPServer) -> None:
    wire.reply(httpserver, wire.error(429), status=429, headers={"Retry-After": "7"})
    with pytest.raises(LLMProviderError) as ei:
        run(_generate(wire.make(httpserver)))
    assert ei.value.kind == "rate_limit" and ei.value.retryable
    assert ei.value.retry_after == pytest.approx(7.0)


def test_timeout_is_retryable(wire: Wire, httpserver: HTTPServer) -> None:
    release = threading.Event()

    def slow(_: Request) -> Response:
        release.wait(2.0)
        return Response(json.dumps(wire.ok(json.dumps(answer()))), 200,
                        content_type="application/json")

    httpserver.expect_request(wire.path, method="POST").respond_with_handler(slow)
    httpserver.expect_request("/drained").respond_with_data("ok")
    events: list = []
    try:
        with pytest.raises(LLMProviderError) as ei:
            run(_generate(wire.make(httpserver, timeout=0.1), events=events))
        assert ei.value.kind == "timeout" and ei.value.retryable
        assert [e.outcome for e in events] == ["timeout"]  # the client gave up, not the server
    finally:
        release.set()  # let the single-threaded server finish before the next test
        with urllib.request.urlopen(httpserver.url_for("/drained"), timeout=5) as r:
            assert r.read() == b"ok"


def p_is_local(wire: Wire) -> bool:
    return wire.kind in ("ollama", "openai_compatible")


def test_malformed_json_gets_one_reask_then_fails(wire: Wire, httpserver: HTTPServer) -> None:
    wire.reply(httpserver, wire.ok('{"variations": [ {"name": '))
    wire.reply(httpserver, wire.ok("not json at all"))
    events: list = []
    with pytest.raises(LLMProviderError) as ei:
        run(_generate(wire.make(httpserver), events=events))
    assert ei.value.kind == "invalid_output" and not ei.value.retryable
    assert [e.outcome for e in events] == ["invalid_output", "invalid_output"]
    assert events[0].output_tokens == 80  # tokens of failed calls are still counted
    assert events[0].cost_usd is None and events[0].is_local == p_is_local(wire)
    second = json.dumps(httpserver.log[1][0].get_json())
    assert "rejected" in second and "not valid JSON" in second  # the re-ask quotes the error
    httpserver.check_assertions()


def test_schema_invalid_output_reask_succeeds(wire: Wire, httpserver: HTTPServer) -> None:
    bad = answer()
    grid = bad["variations"][0]["grid"]  # "HH x.x.x.x.x.x.x.|x.x.x.x.x.x.x.\n…"
    bad["variations"][0]["grid"] = grid.replace("|x.x.x.x.x.x.x.", "|x.x.x.x", 1)
    wire.reply(httpserver, wire.ok(json.dumps(bad)))
    wire.reply(httpserver, wire.ok(json.dumps(answer())))
    events: list = []
    result = run(_generate(wire.make(httpserver), events=events))
    assert [e.outcome for e in events] == ["invalid_output", "success"]
    assert len(result.variations) == 2 and result.calls == 2
    assert result.usage.output_tokens == 160
    second = json.dumps(httpserver.log[1][0].get_json())
    assert "variations[0]: line 1 (HH) bar 2 has 7 steps; 7/8 needs 14 a bar" in second


def test_missing_key_never_calls_a_cloud_api(httpserver: HTTPServer) -> None:
    for p in (AnthropicProvider("a", "m", base_url=httpserver.url_for("/")),
              OpenAIProvider("o", "m", base_url=httpserver.url_for("/v1")),
              GoogleProvider("g", "m", base_url=httpserver.url_for("/"))):
        assert not p.configured
        with pytest.raises(LLMProviderError) as ei:
            run(_generate(p))
        assert ei.value.kind == "auth"
        check = run(p.validate_credentials())
        assert not check.configured and not check.usable
    assert httpserver.log == []


def test_local_probe_only_on_loopback(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/tags").respond_with_json({"models": []})
    ok = run(OllamaProvider("o", "m", base_url=httpserver.url_for("/").rstrip("/"))
             .validate_credentials())
    assert ok.usable and "reachable" in ok.detail
    remote = run(OllamaProvider("o", "m", base_url="http://ollama.example.com:11434")
                 .validate_credentials())
    assert not remote.usable and "not loopback" in remote.detail
