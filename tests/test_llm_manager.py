"""ProviderManager: fallback order, retries (tenacity) with backoff and Retry-After, 401 skip,
concurrency, every call priced and recorded through the hooks, the 100-request run with a
flaky primary. Wall-clock figures live in benchmarks/llm.py."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from mididrumigen.errors import CallOutcome, GenerationError, LLMProviderError, ProvidersFailedError
from mididrumigen.llm import (
    CallRecord,
    FakeProvider,
    InMemoryCallRecorder,
    PriceList,
    PromptRequest,
    ProviderManager,
    RetryConfig,
)
from mididrumigen.llm.anthropic_provider import TOOL_NAME, AnthropicProvider
from mididrumigen.llm.fake_provider import basic_answer
from mididrumigen.llm.openai_provider import OpenAIProvider
from mididrumigen.llm.pricing import PriceOverride, call_cost

REQ = PromptRequest(system="S", context="C", bars=1, count=4, total=4)
FAST = RetryConfig(max_retries=2, base_delay_s=0.001, max_delay_s=0.004, jitter=0.1,
                   max_retry_after_s=4.0, max_backoff_total_s=4.5)


class SleepLog:
    """Records requested backoff delays instead of waiting them out."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def err(kind: str, status: int | None = None, retry_after: float | None = None) -> LLMProviderError:
    retryable = kind in ("rate_limit", "server", "timeout", "connection")
    return LLMProviderError(f"fake {kind}", provider="x", retryable=retryable, kind=kind,
                            status=status, retry_after=retry_after)


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def manager(*providers: FakeProvider, **kw: Any) -> ProviderManager:
    """A manager over `providers` that records every call in memory and never really sleeps."""
    kw.setdefault("retry", FAST)
    kw.setdefault("sleep", SleepLog())
    return ProviderManager(list(providers), recorder=InMemoryCallRecorder(), **kw)


def calls(m: ProviderManager) -> list[CallRecord]:
    assert isinstance(m.recorder, InMemoryCallRecorder)
    return m.recorder.calls()


def test_first_provider_success_records_cost() -> None:
    a = FakeProvider("a", "m-a", input_tokens=1000, output_tokens=500)
    prices = {"fake/m-a": PriceOverride(Decimal("3"), Decimal("15"))}
    m = manager(a, FakeProvider("b"), prices=prices)
    r = run(m.generate(REQ))
    assert r.provider == "a" and len(r.variations) == 4
    (call,) = calls(m)
    assert call.outcome == "success" and call.cost_usd == Decimal("0.0105")
    assert (call.input_tokens, call.output_tokens) == (1000, 500)
    assert m.fallbacks == 0 and m.served == {"a": 4}


def test_retries_with_backoff_then_succeeds() -> None:
    a = FakeProvider("a").enqueue(err("server", 503), err("rate_limit", 429))
    sleep = SleepLog()
    m = manager(a, sleep=sleep, rng=random.Random(1))
    r = run(m.generate(REQ))
    assert r.provider == "a" and len(a.history) == 3
    assert len(sleep.delays) == 2 and sleep.delays[1] > sleep.delays[0]  # exponential
    assert [c.outcome for c in calls(m)] == ["server", "rate_limit", "success"]


def test_retry_after_is_honoured_and_long_ones_move_on() -> None:
    a = FakeProvider("a").enqueue(err("rate_limit", 429, retry_after=2.5))
    sleep = SleepLog()
    run(manager(a, sleep=sleep).generate(REQ))
    assert sleep.delays == [2.5]  # what the server asked, not the millisecond backoff
    a2 = FakeProvider("a").enqueue(err("rate_limit", 429, retry_after=60))
    b = FakeProvider("b")
    sleep2 = SleepLog()
    m = manager(a2, b, sleep=sleep2)
    assert run(m.generate(REQ)).provider == "b"
    assert sleep2.delays == [] and len(a2.history) == 1  # a 60 s wait is not waited for


def test_retry_after_from_a_real_sdk_is_honoured_by_tenacity(httpserver: HTTPServer) -> None:
    """A 429 with Retry-After: 3 through the OpenAI SDK: the manager's tenacity wait sleeps
    3 s (asked for, under the 4 s cap) before the retry that succeeds."""
    req = PromptRequest(system="S", context="C", bars=1, count=1, total=1)
    httpserver.expect_ordered_request("/v1/chat/completions").respond_with_json(
        {"error": {"message": "slow down", "type": "rate_limit", "code": None}}, status=429,
        headers={"Retry-After": "3"})
    httpserver.expect_ordered_request("/v1/chat/completions").respond_with_json(
        _openai_ok(json.dumps(basic_answer(req)), 10, 10))
    p = OpenAIProvider("openai", "gpt-5.4-mini", api_key="k", base_url=httpserver.url_for("/v1"))
    sleep = SleepLog()
    m = ProviderManager([p], retry=RetryConfig(), sleep=sleep, recorder=InMemoryCallRecorder())

    async def go() -> Any:
        try:
            return await m.generate(req)
        finally:
            await m.aclose()

    assert run(go()).provider == "openai"
    assert sleep.delays == [3.0]
    assert [c.outcome for c in calls(m)] == [CallOutcome.RATE_LIMIT, CallOutcome.SUCCESS]


def test_auth_error_skips_at_once_and_invalid_output_moves_on() -> None:
    a = FakeProvider("a").enqueue(err("auth", 401))
    b = FakeProvider("b").enqueue("nonsense", "still nonsense")
    c = FakeProvider("c")
    sleep = SleepLog()
    m = manager(a, b, c, sleep=sleep)
    r = run(m.generate(REQ))
    assert r.provider == "c"
    assert len(a.history) == 1 and len(b.history) == 2  # no retry on 401; one re-ask on b
    assert sleep.delays == []
    assert [c.outcome for c in calls(m)] == ["auth", "invalid_output",
                                                       "invalid_output", "success"]
    assert m.fallbacks == 2


def test_all_fail_raises_one_error_with_every_cause() -> None:
    a = FakeProvider("a").enqueue(err("auth", 401))
    b = FakeProvider("b").enqueue(*[err("server", 500)] * 3)
    m = manager(a, b)
    with pytest.raises(ProvidersFailedError) as ei:
        run(m.generate(REQ))
    assert isinstance(ei.value, GenerationError) and isinstance(ei.value, ExceptionGroup)
    assert [e.kind for e in ei.value.exceptions] == ["auth", "server"]
    assert len(b.history) == 3  # 1 + max_retries


def test_unconfigured_provider_is_skipped_without_a_call() -> None:
    cloud = AnthropicProvider("anthropic", "claude-sonnet-4-6", api_key=None)
    m = ProviderManager([cloud, FakeProvider("b")], retry=FAST, sleep=SleepLog(),
                        recorder=InMemoryCallRecorder())
    assert run(m.generate(REQ)).provider == "b"
    assert [c.provider for c in calls(m)] == ["b"]


class CountsInFlight(FakeProvider):
    """A fake that notes how many of its calls are running at once."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.running = self.most = 0

    async def complete(self, request: PromptRequest) -> Any:
        self.running += 1
        self.most = max(self.most, self.running)
        try:
            await asyncio.sleep(0.01)
            return await super().complete(request)
        finally:
            self.running -= 1


def test_one_per_call_provider_gets_concurrent_requests() -> None:
    a = CountsInFlight("a", variations_per_call=1)
    m = ProviderManager([a], retry=FAST)
    r = run(m.generate(REQ))
    assert a.most == 4  # all four chunks in flight together, not one after another
    assert [h.first for h in a.history] == [1, 2, 3, 4] and all(h.count == 1 for h in a.history)
    assert [v.name for v in r.variations] == ["Var 1", "Var 2", "Var 3", "Var 4"]
    assert a.history[2].user_message().endswith("Variation 3 of 4.")


def test_partial_failure_only_missing_variations_fall_back() -> None:
    a = FakeProvider("a", variations_per_call=2).enqueue(basic_answer(REQ.chunk(1, 2)),
                                                          err("auth", 403))
    b = FakeProvider("b")
    m = manager(a, b)
    r = run(m.generate(REQ))
    assert r.provider == "a+b" and len(r.variations) == 4
    assert (b.history[0].first, b.history[0].count) == (3, 2)
    assert m.served == {"a": 2, "b": 2} and m.fallbacks == 1


def test_next_provider_starts_within_5s_of_failure_with_default_retry() -> None:
    """The default policy waits at most 4.5 s in all before handing over: a provider that keeps
    failing gets its retries while they fit, then the next one is asked."""
    a = FakeProvider("a").enqueue(*[err("server", 503)] * 5)
    b = FakeProvider("b")
    sleep = SleepLog()
    m = ProviderManager([a, b], retry=RetryConfig(), sleep=sleep, rng=random.Random(3))
    assert run(m.generate(REQ)).provider == "b"
    d = RetryConfig()
    assert len(a.history) == 1 + d.max_retries and len(sleep.delays) == d.max_retries
    assert sum(sleep.delays) <= d.max_backoff_total_s < 5
    # Retry-After inside the cap is waited, but never past the per-provider budget
    slow = FakeProvider("a").enqueue(err("rate_limit", 429, retry_after=3.9),
                                     err("rate_limit", 429, retry_after=3.9))
    sleep2 = SleepLog()
    m2 = ProviderManager([slow, FakeProvider("b")], retry=RetryConfig(), sleep=sleep2)
    assert run(m2.generate(REQ)).provider == "b"
    assert sleep2.delays == [3.9] and len(slow.history) == 2  # 3.9 + 3.9 > 4.5: hand over


def test_pricing_and_recording_are_hooks() -> None:
    """The manager only falls back; a pricing hook sets each call's cost, the recorder keeps it,
    and the request's own callback sees the same priced record."""
    seen: list[CallRecord] = []

    def flat(provider: Any, call: CallRecord) -> Decimal:
        return Decimal("0.5") if call.ok else Decimal(0)

    a = FakeProvider("a").enqueue(err("server", 500))
    m = manager(a, prices=flat)
    run(m.generate(REQ, on_record=seen.append))
    assert [(c.outcome, c.cost_usd) for c in seen] == [("server", 0), ("success", Decimal("0.5"))]
    assert calls(m) == seen
    unpriced = ProviderManager([FakeProvider("a")], retry=FAST)  # no recorder: nothing kept
    run(unpriced.generate(REQ, on_record=seen.append))
    assert unpriced.recorder is None and seen[-1].cost_usd is None  # fake/fake-1 has no price
    assert PriceList({"fake/*": PriceOverride(Decimal(1), Decimal(1))})(a, seen[-1]) == \
        Decimal(150) / 1_000_000


def test_a_failing_recorder_does_not_fail_the_answer(caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        def record(self, call: CallRecord) -> None:
            raise RuntimeError("database is down")

        def calls(self, since: object = None) -> list[CallRecord]:
            return []

    m = ProviderManager([FakeProvider("a"), FakeProvider("b")], retry=FAST, recorder=Broken())
    assert run(m.generate(REQ)).provider == "a"  # not moved on to b
    assert "could not record an LLM call of a" in caplog.text


def test_genai_prices_and_overrides() -> None:
    # genai-prices data: claude-sonnet-4-6 at $3 / $15 per million tokens
    assert call_cost("anthropic", "claude-sonnet-4-6", 1_000_000, 100_000) == Decimal("4.5")
    assert call_cost("anthropic", "no-such-model", 10, 10) is None  # unknown: never guessed
    assert call_cost("ollama", "llama3.2:3b", 10, 10, is_local=True) == 0
    over = {"acme/*": PriceOverride(Decimal("2"), Decimal("4"))}
    assert call_cost("acme", "x", 500_000, 250_000, overrides=over) == Decimal("2")


# --- 100 requests through two real SDKs, the primary failing half the time ---------------

def _openai_ok(text: str, tin: int, tout: int) -> dict:
    return {"id": "c", "object": "chat.completion", "created": 1, "model": "gpt-5.4-mini",
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": text, "refusal": None}}],
            "usage": {"prompt_tokens": tin, "completion_tokens": tout, "total_tokens": tin + tout}}


def _anthropic_ok(payload: dict, tin: int, tout: int) -> dict:
    return {"id": "m", "type": "message", "role": "assistant", "model": "claude-sonnet-4-6",
            "content": [{"type": "tool_use", "id": "t", "name": TOOL_NAME, "input": payload}],
            "stop_reason": "tool_use", "stop_sequence": None,
            "usage": {"input_tokens": tin, "output_tokens": tout}}


@pytest.fixture
def second_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_hundred_requests_with_flaky_primary(httpserver: HTTPServer,
                                             second_server: HTTPServer) -> None:
    req = PromptRequest(system="S", context="C", bars=2, count=2, total=2)
    payload = basic_answer(req)
    flaky = random.Random(7)
    primary_outcomes: list[bool] = []

    def primary(_: Request) -> Response:
        ok = flaky.random() >= 0.5
        primary_outcomes.append(ok)
        if ok:
            return Response(json.dumps(_openai_ok(json.dumps(payload), 400, 90)), 200,
                            content_type="application/json")
        return Response(json.dumps({"error": {"message": "overloaded", "type": "server_error"}}),
                        503, content_type="application/json")

    httpserver.expect_request("/v1/chat/completions").respond_with_handler(primary)
    second_server.expect_request("/v1/messages").respond_with_json(_anthropic_ok(payload, 500, 120))
    prices = {"openai/gpt-5.4-mini": PriceOverride(Decimal("0.75"), Decimal("4.5")),
              "anthropic/claude-sonnet-4-6": PriceOverride(Decimal("3"), Decimal("15"))}
    openai_p = OpenAIProvider("openai", "gpt-5.4-mini", api_key="k",
                              base_url=httpserver.url_for("/v1"))
    anthropic_p = AnthropicProvider("anthropic", "claude-sonnet-4-6", api_key="k",
                                    base_url=second_server.url_for("/").rstrip("/"))
    retry = RetryConfig(max_retries=0)  # each primary failure falls back: countable
    m = ProviderManager([openai_p, anthropic_p], retry=retry, prices=prices,
                        recorder=InMemoryCallRecorder())

    async def hundred() -> list:
        out = []
        for _ in range(100):
            try:
                out.append(await m.generate(req))
            except GenerationError as e:
                out.append(e)
        await m.aclose()
        return out

    results = run(hundred())
    successes = [r for r in results if not isinstance(r, Exception)]
    assert len(successes) >= 98
    primary_fail = primary_outcomes.count(False)
    assert 30 < primary_fail < 70  # "half the time"
    assert m.fallbacks == primary_fail
    assert sum(r.provider == "anthropic" for r in successes) == primary_fail
    assert m.served == {"openai": 2 * (100 - primary_fail), "anthropic": 2 * primary_fail}
    assert openai_p.successes == 100 - primary_fail and openai_p.failures == primary_fail
    made = calls(m)
    assert len(made) == 100 + primary_fail
    expected = (Decimal(100 - primary_fail) * (400 * Decimal("0.75") + 90 * Decimal("4.5"))
                + Decimal(primary_fail) * (500 * Decimal(3) + 120 * Decimal(15))) / 1_000_000
    total = sum((c.cost_usd for c in made if c.cost_usd is not None), Decimal(0))
    assert total == expected  # exact, not rounded
    to_openai = [c for c in made if c.provider == "openai"]
    assert len(to_openai) == 100 and sum(c.ok for c in to_openai) == 100 - primary_fail


def test_manager_as_a_provider_keeps_triplet_lines() -> None:
    answer = {"variations": [{"name": "shuffle", "lines": [
        {"voice": "RD", "subdivision": "8t", "steps": "x.xx.xx.xx.x"},
        {"voice": "BD", "steps": "X.......X.x....."}]}]}
    req = PromptRequest(system="S", context="C", bars=1, count=1, total=1)
    m = manager(FakeProvider("a").enqueue(answer))
    text = json.loads(run(m.complete(req)).text)
    assert text == answer
