"""ProviderManager: a provider made of providers (like pydantic-ai's FallbackModel).

For each provider in order: ask it for the variations still missing — concurrently, one
request per `variations_per_call` chunk — retrying retryable failures (429, 5xx, timeouts)
through tenacity (mididrumigen.retrying): exponential backoff with jitter, or what Retry-After
asks. 401/403 skip to the next provider at once; invalid output (after the provider's one
re-ask) moves on too. Waiting is capped per provider (RetryConfig.max_backoff_total_s, and a
Retry-After longer than max_retry_after_s is not waited for), so the next provider starts
within 5 s of a failure. When every provider has failed, ProvidersFailedError carries each
cause.

What happens to each API call is up to two hooks: `prices` (a PriceList, or any callable
(provider, call) -> USD or None) sets its cost, and `recorder` (a CallRecorder) keeps it; the
per-request `on_call` / `on_record` callbacks see the same priced CallRecord.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from ..domain.grid import Grid
from ..domain.subdivision import Subdivision
from ..domain.voices import Voice
from ..errors import CallOutcome, LLMProviderError, ProvidersFailedError, UserInputError
from ..retrying import Sleep, async_retrying
from .base import (
    BaseLLMProvider,
    Completion,
    CredentialCheck,
    OnCall,
    ProviderResult,
    Usage,
)
from .config import RetryConfig
from .output import ParsedVariation
from .pricing import PriceList, PriceOverride
from .recorder import CallRecord, CallRecorder
from .request import PromptRequest

Pricing = Callable[[BaseLLMProvider, CallRecord], Decimal | None]
log = logging.getLogger(__name__)


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
                 prices: Pricing | Mapping[str, PriceOverride] | None = None,
                 recorder: CallRecorder | None = None,
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
        self.pricing: Pricing = prices if callable(prices) else PriceList(dict(prices or {}))
        self.recorder = recorder
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.fallbacks = 0  # chunks that moved on to a later provider
        self.served: Counter[str] = Counter()  # variations delivered, by provider

    # --- hooks -----------------------------------------------------------------------------

    def _hook(self, *callbacks: OnCall | None) -> OnCall:
        """Each call: priced, recorded, then handed to the request's callbacks."""
        def hook(call: CallRecord) -> None:
            p = self.providers.get(call.provider)
            priced = replace(call, cost_usd=self.pricing(p, call) if p is not None else None)
            if self.recorder is not None:
                try:
                    self.recorder.record(priced)
                except Exception:  # accounting must not turn an answer into a failure
                    log.exception("could not record an LLM call of %s", call.provider)
            for callback in callbacks:
                if callback is not None:
                    callback(priced)
        return hook

    # --- retries ---------------------------------------------------------------------------

    async def _attempt(self, p: BaseLLMProvider, req: PromptRequest,
                       hook: OnCall) -> ProviderResult:
        guard = p.timeout_s * 2 + 5  # two calls (with the re-ask) and a margin
        try:
            return await asyncio.wait_for(p.generate(req, on_call=hook), guard)
        except TimeoutError:
            hook(p.call_record(CallOutcome.TIMEOUT, Usage(), guard * 1000, "overall timeout"))
            raise LLMProviderError(f"{p.name}: no answer within {guard:g} s", provider=p.name,
                                   retryable=True, kind=CallOutcome.TIMEOUT) from None
        except LLMProviderError:
            raise
        except Exception as e:  # a provider bug must not stop the fallback chain
            hook(p.call_record(CallOutcome.ERROR, Usage(), 0.0, repr(e)))
            raise LLMProviderError(f"{p.name}: unexpected {type(e).__name__}: {e}"[:400],
                                   provider=p.name, kind=CallOutcome.ERROR) from e

    async def with_retries(self, p: BaseLLMProvider, req: PromptRequest,
                           hook: OnCall) -> ProviderResult:
        """One chunk from one provider, retried by the RetryConfig policy."""
        r = self.retry

        def retryable(e: BaseException) -> bool:
            # a local server that is not running will not start while we wait
            return (isinstance(e, LLMProviderError) and e.retryable
                    and not (e.kind == CallOutcome.CONNECTION and p.is_local))

        retrying = async_retrying(
            retry_on=retryable, retries=r.max_retries, base_delay_s=r.base_delay_s,
            max_delay_s=r.max_delay_s, jitter=r.jitter, max_retry_after_s=r.max_retry_after_s,
            max_backoff_total_s=r.max_backoff_total_s, sleep=self.sleep, rng=self.rng)
        result: ProviderResult = await retrying(self._attempt, p, req, hook)
        return result

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
                       on_record: OnCall | None = None) -> ProviderResult:
        """All `request.count` variations, from the first providers in `order` that succeed."""
        names = [n for n in (order or self.order) if n in self.providers]
        if not names:
            raise ProvidersFailedError("no LLM provider is configured",
                                       [LLMProviderError("no provider", provider="none")])
        hook = self._hook(on_call, on_record)
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
                                               provider=name, kind=CallOutcome.AUTH))
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
