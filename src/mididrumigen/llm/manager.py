"""ProviderManager: a provider made of providers (like pydantic-ai's FallbackModel).

For each provider in order: ask it for the variations still missing — concurrently, one
request per `variations_per_call` chunk — retrying retryable failures (429, 5xx, timeouts)
with exponential backoff and jitter, honouring Retry-After. 401/403 skip to the next provider
at once; invalid output (after the provider's one re-ask) moves on too. Backoff is capped per
provider (RetryConfig.max_backoff_total_s, and a Retry-After longer than max_retry_after_s is
not waited for), so the next provider starts within 5 s of a failure. When every provider has
failed, ProvidersFailedError carries each cause.

Every API call is recorded (CallRecorder) with its tokens, latency, outcome and USD cost.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from ..domain.grid import Grid
from ..domain.subdivision import Subdivision
from ..domain.voices import Voice
from ..errors import LLMProviderError, ProvidersFailedError, UserInputError
from .base import (
    BaseLLMProvider,
    CallEvent,
    Completion,
    CredentialCheck,
    OnCall,
    PromptRequest,
    ProviderResult,
    Usage,
)
from .config import RetryConfig
from .output import ParsedVariation
from .pricing import PriceOverride, call_cost
from .recorder import CallRecord, CallRecorder, InMemoryCallRecorder, ProviderDayStats, summarize

Sleep = Callable[[float], Awaitable[None]]
OnRecord = Callable[[CallRecord], None]


def _line_json(grid: Grid, voice: Voice, steps: str) -> dict[str, str]:
    """One line of the answer format; `subdivision` only when the line is not sixteenths."""
    sub = grid.subdivision_of(voice)
    if sub is Subdivision.SIXTEENTH:
        return {"voice": voice.label, "steps": steps}
    return {"voice": voice.label, "subdivision": sub.value, "steps": steps}


class ProviderManager(BaseLLMProvider):
    kind = "manager"

    def __init__(self, providers: Sequence[BaseLLMProvider] | Mapping[str, BaseLLMProvider], *,
                 order: Sequence[str] | None = None, retry: RetryConfig | None = None,
                 recorder: CallRecorder | None = None,
                 prices: Mapping[str, PriceOverride] | None = None,
                 sleep: Sleep | None = None, rng: random.Random | None = None) -> None:
        items = providers.values() if isinstance(providers, Mapping) else providers
        self.providers: dict[str, BaseLLMProvider] = {p.name: p for p in items}
        self.order = tuple(order) if order is not None else tuple(self.providers)
        unknown = [n for n in self.order if n not in self.providers]
        if unknown:
            raise UserInputError(f"fallback order names unknown provider(s): {', '.join(unknown)}",
                                 field="provider")
        super().__init__("fallback", "+".join(self.order) or "none")
        self.retry = retry or RetryConfig()
        self.recorder: CallRecorder = recorder if recorder is not None else InMemoryCallRecorder()
        self.price_overrides = dict(prices or {})
        self.sleep: Sleep = sleep or asyncio.sleep
        self.rng = rng or random.Random()
        self.fallbacks = 0  # chunks that moved on to a later provider
        self.served: Counter[str] = Counter()  # variations delivered, by provider

    # --- recording -------------------------------------------------------------------------

    def cost(self, provider: BaseLLMProvider, model: str, usage: Usage) -> Decimal | None:
        return call_cost(provider.price_provider, model, usage.input_tokens, usage.output_tokens,
                         overrides=self.price_overrides, is_local=provider.is_local)

    def _recorder_hook(self, on_call: OnCall | None, on_record: OnRecord | None) -> OnCall:
        def hook(ev: CallEvent) -> None:
            p = self.providers.get(ev.provider)
            cost = self.cost(p, ev.model, ev.usage) if p is not None else None
            rec = CallRecord(at=ev.at, provider=ev.provider, model=ev.model, outcome=ev.outcome,
                             input_tokens=ev.usage.input_tokens,
                             output_tokens=ev.usage.output_tokens, latency_ms=ev.latency_ms,
                             cost_usd=cost, is_local=bool(p and p.is_local), error=ev.error)
            self.recorder.record(rec)
            if on_record is not None:
                on_record(rec)
            if on_call is not None:
                on_call(ev)
        return hook

    def stats(self, since: datetime | None = None) -> list[ProviderDayStats]:
        return summarize(self.recorder.calls(since))

    # --- retries ---------------------------------------------------------------------------

    def backoff(self, attempt: int) -> float:
        r = self.retry
        base = min(r.max_delay_s, r.base_delay_s * (2 ** attempt))
        return max(0.0, base * (1.0 + self.rng.uniform(-r.jitter, r.jitter)))

    async def _attempt(self, p: BaseLLMProvider, req: PromptRequest,
                       hook: OnCall) -> ProviderResult:
        guard = p.timeout_s * 2 + 5  # two calls (with the re-ask) and a margin
        try:
            return await asyncio.wait_for(p.generate(req, on_call=hook), guard)
        except TimeoutError:
            hook(CallEvent(p.name, p.model, "timeout", Usage(), guard * 1000, "overall timeout"))
            raise LLMProviderError(f"{p.name}: no answer within {guard:g} s", provider=p.name,
                                   retryable=True, kind="timeout") from None
        except LLMProviderError:
            raise
        except Exception as e:  # a provider bug must not stop the fallback chain
            hook(CallEvent(p.name, p.model, "error", Usage(), 0.0, repr(e)))
            raise LLMProviderError(f"{p.name}: unexpected {type(e).__name__}: {e}"[:400],
                                   provider=p.name, kind="error") from e

    async def with_retries(self, p: BaseLLMProvider, req: PromptRequest,
                           hook: OnCall) -> ProviderResult:
        waited = 0.0
        attempt = 0
        while True:
            try:
                return await self._attempt(p, req, hook)
            except LLMProviderError as e:
                if not e.retryable or attempt >= self.retry.max_retries:
                    raise
                if e.kind == "connection" and p.is_local:
                    raise  # a local server that is not running will not start in 2 s
                delay = self.backoff(attempt)
                if e.retry_after is not None:
                    if e.retry_after > self.retry.max_retry_after_s:
                        raise
                    delay = max(delay, e.retry_after)
                if waited + delay > self.retry.max_backoff_total_s:
                    raise
                waited += delay
                attempt += 1
                await self.sleep(delay)

    # --- the composite ---------------------------------------------------------------------

    @staticmethod
    def split(pending: Sequence[tuple[int, int]], per_call: int) -> list[tuple[int, int]]:
        out = []
        for first, count in pending:
            for f in range(first, first + count, per_call):
                out.append((f, min(per_call, first + count - f)))
        return out

    async def generate(self, request: PromptRequest, *, on_call: OnCall | None = None,
                       order: Sequence[str] | None = None,
                       on_record: OnRecord | None = None) -> ProviderResult:
        """All `request.count` variations, from the first providers in `order` that succeed."""
        names = [n for n in (order or self.order) if n in self.providers]
        if not names:
            raise ProvidersFailedError("no LLM provider is configured",
                                       [LLMProviderError("no provider", provider="none")])
        hook = self._recorder_hook(on_call, on_record)
        pending = [(request.first, request.count)]
        got: dict[int, tuple[ParsedVariation, ...]] = {}
        used: list[str] = []
        models: list[str] = []
        errors: list[Exception] = []
        usage, latency, calls = Usage(), 0.0, 0
        for name in names:
            p = self.providers[name]
            if not p.configured:
                errors.append(LLMProviderError(f"{name}: not configured (no API key)",
                                               provider=name, kind="auth"))
                continue
            if used or errors:
                self.fallbacks += len(pending)
            chunks = self.split(pending, p.variations_per_call)
            results = await asyncio.gather(
                *(self.with_retries(p, request.chunk(f, c), hook) for f, c in chunks),
                return_exceptions=True)
            pending = []
            for (f, c), r in zip(chunks, results, strict=True):
                if isinstance(r, ProviderResult):
                    got[f] = r.variations
                    usage, calls = usage + r.usage, calls + r.calls
                    latency = max(latency, r.latency_ms)
                    self.served[name] += c
                    if name not in used:
                        used.append(name)
                        models.append(r.model)
                elif isinstance(r, Exception):
                    errors.append(r)
                    pending.append((f, c))
                else:
                    raise r
            if not pending:
                break
        if pending:
            self.record_failure()
            summary = "; ".join(f"{getattr(e, 'provider', '?')}: {getattr(e, 'kind', 'error')}"
                                for e in errors)
            raise ProvidersFailedError(f"every LLM provider failed ({summary})", errors)
        self.record_success()
        variations = tuple(v for f in sorted(got) for v in got[f])
        return ProviderResult("+".join(used), "+".join(models), variations, usage, latency, calls)

    async def complete(self, request: PromptRequest) -> Completion:
        r = await self.generate(request)
        text = json.dumps({"variations": [
            {"name": v.name, "lines": [_line_json(v.grid, voice, steps)
                                       for voice, steps in v.grid.lines]}
            for v in r.variations]})
        return Completion(text, r.usage, r.latency_ms, r.model)

    async def validate_credentials(self) -> CredentialCheck:
        checks = [await self.providers[n].validate_credentials() for n in self.order]
        usable = [c.provider for c in checks if c.usable]
        return CredentialCheck(self.name, any(c.configured for c in checks), bool(usable),
                               "usable: " + (", ".join(usable) or "none"))

    async def aclose(self) -> None:
        for p in self.providers.values():
            await p.aclose()
