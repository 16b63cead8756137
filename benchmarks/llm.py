"""LLM path figures (not a test): concurrency, hand-over times and output size. The tests
assert the behaviour (calls in flight together, timeouts classified, waits within the retry
budget); the times are measured here.

1. A loopback fake OpenAI-compatible server that answers each call after 1 s; a provider asked
   for one variation per call; 4 variations through the ProviderManager → wall time
   (target ≤ 1.3 s: the calls run concurrently).
2. Timeouts: each provider's real SDK (Anthropic, OpenAI, Gemini, Ollama over httpx) against a
   loopback server that does not answer, with a 0.1 s timeout → time until the
   LLMProviderError(kind="timeout") (target < 1 s).
3. Hand-over: a provider failing with 503 every time, then a working one, with the default
   retry policy and real sleeps → time until the second provider is asked (target < 5 s).
4. Tokens per bar: the answer a model writes (a grid text per variation) vs the per-note MIDI
   JSON of the same patterns (the engine's, 4 variations x 4 bars, 4/4 and 7/8), and the whole
   request — the fixed part (answer schema, system prompt, artist context and the answer's
   shape), the task words (which variations) and the answer —
   per bar: in one call (cloud providers' default), in one call per variation with the fixed
   part read from the provider's prompt cache (Anthropic cache_control, OpenAI automatic
   caching, a local server's prefix cache), and with nothing cached. Target: <= 1/3 of per-note
   JSON. Counted with tiktoken (o200k_base) when it is installed and its encoding is available
   offline, else characters / 4; the output says which.

Run: .venv/bin/python benchmarks/llm.py
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from mididrumigen import services
from mididrumigen.domain import GenerationParams, TimeSignature
from mididrumigen.domain.grid import pattern_to_grid
from mididrumigen.errors import LLMProviderError
from mididrumigen.llm import (
    BaseLLMProvider,
    FakeProvider,
    InMemoryCallRecorder,
    PromptRequest,
    ProviderManager,
    RetryConfig,
)
from mididrumigen.llm.anthropic_provider import AnthropicProvider
from mididrumigen.llm.fake_provider import basic_answer
from mididrumigen.llm.google_provider import GoogleProvider
from mididrumigen.llm.local_provider import OllamaProvider, OpenAICompatibleProvider
from mididrumigen.llm.openai_provider import OpenAIProvider

LATENCY_S = 1.0


def token_counter():  # type: ignore[no-untyped-def]
    try:
        import tiktoken

        enc = tiktoken.get_encoding("o200k_base")
        return "tiktoken o200k_base", lambda s: len(enc.encode(s))
    except Exception:
        return "characters/4 (tiktoken unavailable offline)", lambda s: round(len(s) / 4)


def concurrency() -> float:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    req = PromptRequest(system="S", context="C", bars=4, count=4, total=4)

    def slow(request: Request) -> Response:
        time.sleep(LATENCY_S)
        body = request.get_json()
        asked = re.search(r"Variations? (\d+)", body["messages"][-1]["content"])
        assert asked is not None, "the task names the variation"
        k = int(asked.group(1))
        text = json.dumps(basic_answer(req.chunk(k, 1)))
        return Response(json.dumps({
            "id": "c", "object": "chat.completion", "created": 1, "model": "local",
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": text, "refusal": None}}],
            "usage": {"prompt_tokens": 500, "completion_tokens": 120, "total_tokens": 620}}),
            200, content_type="application/json")

    server.expect_request("/v1/chat/completions").respond_with_handler(slow)
    server.start()
    try:
        p = OpenAICompatibleProvider("local", "local", base_url=server.url_for("/v1"),
                                     variations_per_call=1)
        m = ProviderManager([p])

        async def go() -> float:
            start = time.perf_counter()
            r = await m.generate(req)
            wall = time.perf_counter() - start
            assert len(r.variations) == 4
            await m.aclose()
            return wall

        asyncio.run(go())  # warm-up: SDK import and first connection
        return asyncio.run(go())
    finally:
        server.clear()
        server.stop()


def timeouts() -> list[tuple[str, float]]:
    """Seconds from the call to the timeout error, per SDK, against a server that stalls (the
    SDKs imported first: their import time is not the timeout's)."""
    import threading

    import anthropic  # noqa: F401
    import openai  # noqa: F401
    from google import genai  # noqa: F401

    release = threading.Event()
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)

    def stall(_: Request) -> Response:
        release.wait(5.0)
        return Response("{}", 200, content_type="application/json")

    server.expect_request("/", method="POST").respond_with_handler(stall)
    for path in ("/v1/messages", "/v1/chat/completions", "/api/chat",
                 "/v1/models/gemini-3.5-flash:generateContent"):
        server.expect_request(path, method="POST").respond_with_handler(stall)
    server.start()
    root = server.url_for("/").rstrip("/")
    providers: list[BaseLLMProvider] = [
        AnthropicProvider("anthropic", "claude-sonnet-4-6", api_key="k", base_url=root,
                          timeout_s=0.1),
        OpenAIProvider("openai", "gpt-5.4-mini", api_key="k", base_url=root + "/v1",
                       timeout_s=0.1),
        GoogleProvider("google", "gemini-3.5-flash", api_key="k", base_url=root, timeout_s=0.1),
        OllamaProvider("ollama", "llama3.2:3b", base_url=root, timeout_s=0.1)]
    req = PromptRequest(system="S", context="C", bars=1)
    out = []
    try:
        for p in providers:
            async def one(p: BaseLLMProvider = p) -> float:
                start = time.perf_counter()
                try:
                    await p.generate(req)
                except LLMProviderError as e:
                    assert e.kind == "timeout", e
                finally:
                    await p.aclose()
                return time.perf_counter() - start

            out.append((p.kind, asyncio.run(one())))
    finally:
        release.set()
        server.clear()
        server.stop()
    return out


def hand_over() -> float:
    """Seconds from a failing provider's first call to the next provider's call."""
    from mididrumigen.errors import CallOutcome

    failing = FakeProvider("a").enqueue(*[LLMProviderError(
        "down", provider="a", retryable=True, kind=CallOutcome.SERVER, status=503)] * 10)
    recorder = InMemoryCallRecorder()
    m = ProviderManager([failing, FakeProvider("b")], retry=RetryConfig(), recorder=recorder)
    asyncio.run(m.generate(PromptRequest(system="S", context="C", bars=1)))
    calls = recorder.calls()
    first_a = min(c.at for c in calls if c.provider == "a")
    first_b = min(c.at for c in calls if c.provider == "b")
    return (first_b - first_a).total_seconds()


def sizes(count) -> list[tuple[str, float, float, dict[str, float]]]:  # type: ignore[no-untyped-def]
    """Per case: (label, answer tokens per bar, per-note MIDI JSON tokens per bar, prompt +
    output tokens per bar of a 4 x 4 request in three ways of asking). The answer is the
    engine's patterns written in the format the model is asked for (llm.output.format_answer:
    a grid text per variation), the MIDI JSON the same patterns' notes."""
    from mididrumigen.config import Settings
    from mididrumigen.llm.output import format_answer
    from mididrumigen.llm.prompt import PromptBuilder
    from mididrumigen.llm.request import task_message

    runtime = services.Runtime(Settings())
    out = []
    for artist, ts in (("John Bonham", TimeSignature(4, 4)), ("Clyde Stubblefield", TimeSignature(4, 4)),
                       ("John Bonham", TimeSignature(7, 8))):
        try:
            profile = services.resolve_profile(runtime, artist).profile
        except Exception:
            continue
        params = GenerationParams(bars=4, variations=4, time_signature=ts, seed=1)
        patterns = runtime.groove_engine.generate(profile, params, 1)
        answer_json = json.dumps(format_answer((p.name, pattern_to_grid(p)) for p in patterns))
        midi_json = json.dumps({"variations": [p.to_dict() for p in patterns]})
        bars = 4 * len(patterns)
        request = PromptBuilder().request(profile, params)
        chunks = [request.chunk(k, 1) for k in range(1, 5)]
        # the fixed part of every call: answer schema, system prompt, the user turn's fixed part
        # (the artist's context and the answer's shape)
        assert all(c.fixed_message() == request.fixed_message() for c in chunks)
        fixed = count(json.dumps(request.schema())) + count(request.system) + \
            count(request.fixed_message())
        answer = count(answer_json)
        asks = {
            "one call for the 4 variations": (fixed + count(task_message(request))
                                              + answer) / bars,
            "4 calls, fixed part cached": (fixed + sum(count(task_message(c)) for c in chunks)
                                           + answer) / bars,
            "4 calls, nothing cached": (4 * fixed + sum(count(task_message(c)) for c in chunks)
                                        + answer) / bars,
        }
        out.append((f"{profile.artist_name} {ts}", answer / bars, count(midi_json) / bars, asks))
    return out


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    wall = concurrency()
    print(f"4 variations, 1 per call, server latency {LATENCY_S:.1f} s: wall {wall:.3f} s "
          f"(target <= 1.3 s) {'OK' if wall <= 1.3 else 'SLOW'}")
    for kind, t in timeouts():
        print(f"timeout 0.1 s through the {kind} client: error after {t:.3f} s "
              f"(target < 1 s) {'OK' if t < 1.0 else 'SLOW'}")
    t = hand_over()
    print(f"failing provider (503, default retries) to the next one: {t:.2f} s "
          f"(target < 5 s) {'OK' if t < 5.0 else 'SLOW'}")
    name, count = token_counter()
    print(f"tokens per bar, counted with {name}; a request of 4 variations x 4 bars:")
    for label, grid, midi, asks in sizes(count):
        print(f"  {label}: answer (grid text JSON) {grid:.1f}, per-note MIDI JSON {midi:.1f} "
              f"({midi / grid:.1f}x)")
        for how, per_bar in asks.items():
            verdict = "OK" if per_bar <= midi / 3 else "over"
            print(f"    prompt + output, {how:31s} {per_bar:6.1f}  = 1/{midi / per_bar:.1f} of "
                  f"per-note JSON (target <= 1/3) {verdict}")


if __name__ == "__main__":
    main()
