"""The one interface every language-model provider implements.

A provider turns a PromptRequest (prompts + what to write: bars, meter, how many
variations) into a ProviderResult: one grid per variation, the tokens used and the latency.
Subclasses implement `complete` (one API call, raw text back) and `validate_credentials`;
`generate` here adds the parsing, the strict validation and one re-ask with the validation
error when the output is invalid. Every API call is reported to an optional `on_call` hook as a
CallRecord (the ProviderManager prices it and records it).

SDK errors are translated into LLMProviderError with `kind`, `status`, `retryable` and
`retry_after` (see `status_error`), so the manager decides retries the same way for all.
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from ..errors import CallOutcome, LLMProviderError
from .output import ParsedVariation, parse_output
from .recorder import CallRecord
from .request import PromptRequest


@dataclass(frozen=True, slots=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.input_tokens + other.input_tokens, self.output_tokens + other.output_tokens)


@dataclass(frozen=True, slots=True)
class Completion:
    """One API call's raw answer."""

    text: str
    usage: Usage
    latency_ms: float
    model: str = ""


@dataclass(frozen=True, slots=True)
class ProviderResult:
    """Validated output: grid text per variation, tokens and latency over every call made."""

    provider: str
    model: str
    variations: tuple[ParsedVariation, ...]
    usage: Usage
    latency_ms: float
    calls: int = 1


@dataclass(frozen=True, slots=True)
class CredentialCheck:
    """What `doctor` shows for one provider."""

    provider: str
    configured: bool
    usable: bool
    detail: str


OnCall = Callable[[CallRecord], None]


class BaseLLMProvider(ABC):
    """A language-model provider. Subclasses set `kind` and implement `complete`."""

    kind: str = "base"  # registry key: anthropic | openai | google | ollama | openai_compatible
    price_provider: str | None = None  # genai-prices provider id
    is_local: bool = False

    def __init__(self, name: str, model: str, *, variations_per_call: int = 8,
                 timeout_s: float = 60.0, reask_invalid: bool = True,
                 prices: Mapping[str, Any] | None = None) -> None:
        self.name = name
        self.model = model
        self.variations_per_call = max(1, variations_per_call)
        self.timeout_s = timeout_s
        self.reask_invalid = reask_invalid
        self.prices = dict(prices or {})  # per-model override: input_per_mtok, output_per_mtok
        self.successes = 0
        self.failures = 0
        self._client: Any = None
        self._client_loop: asyncio.AbstractEventLoop | None = None

    @property
    def configured(self) -> bool:
        """Worth calling: a cloud provider has its key; local ones need none."""
        return self.is_local or bool(getattr(self, "api_key", True))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, model={self.model!r})"

    @abstractmethod
    async def complete(self, request: PromptRequest) -> Completion:
        """One API call. Raises LLMProviderError (see `status_error`) on any failure."""

    @abstractmethod
    async def validate_credentials(self) -> CredentialCheck:
        """Is it configured (key present, base URL set) and usable? Never calls a paid API."""

    def cached_client(self, factory: Callable[[], Any]) -> Any:
        """The SDK/HTTP client for the running event loop (a new loop gets a new client)."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._client_loop is not loop:
            self._client = factory()
            self._client_loop = loop
        return self._client

    async def aclose(self) -> None:
        """Close the client (its connection pool); the next call makes a new one."""
        client, self._client, self._client_loop = self._client, None, None
        if client is None:
            return
        close = getattr(client, "aclose", None) or getattr(client, "close", None)
        if close is not None:
            result = close()
            if asyncio.iscoroutine(result):
                await result

    def record_success(self) -> None:
        self.successes += 1

    def record_failure(self) -> None:
        self.failures += 1

    async def generate(self, request: PromptRequest, *,
                       on_call: OnCall | None = None) -> ProviderResult:
        """Call, validate; on invalid output re-ask once with the error; raise if still invalid."""
        usage, latency, calls = Usage(), 0.0, 0
        attempt = request
        for round_ in range(2 if self.reask_invalid else 1):
            try:
                comp = await self.complete(attempt)
            except LLMProviderError as e:
                self._report(on_call, CallOutcome.of(e.kind), Usage(), 0.0, str(e))
                self.record_failure()
                raise
            usage, latency, calls = usage + comp.usage, latency + comp.latency_ms, calls + 1
            try:
                variations = parse_output(comp.text, request.bars, request.time_signature,
                                          request.count)
            except ValueError as e:
                self._report(on_call, CallOutcome.INVALID_OUTPUT, comp.usage, comp.latency_ms,
                             str(e))
                if round_ == 0 and self.reask_invalid:
                    attempt = replace(request, repair=(comp.text[:4000], str(e)))
                    continue
                self.record_failure()
                raise LLMProviderError(f"{self.name}: invalid output after re-ask: {e}",
                                       provider=self.name,
                                       kind=CallOutcome.INVALID_OUTPUT) from None
            self._report(on_call, CallOutcome.SUCCESS, comp.usage, comp.latency_ms, "")
            self.record_success()
            return ProviderResult(self.name, comp.model or self.model, tuple(variations), usage,
                                  latency, calls)
        raise AssertionError("unreachable")  # pragma: no cover

    def _report(self, on_call: OnCall | None, outcome: CallOutcome, usage: Usage,
                latency: float, error: str) -> None:
        if on_call is not None:
            on_call(self.call_record(outcome, usage, latency, error))

    def call_record(self, outcome: CallOutcome, usage: Usage, latency_ms: float,
                    error: str = "") -> CallRecord:
        """One call of this provider, not yet priced."""
        return CallRecord(datetime.now(UTC), self.name, self.model, outcome, usage.input_tokens,
                          usage.output_tokens, latency_ms, None, self.is_local, error[:500])


def elapsed_ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0


def status_error(provider: str, status: int, message: str,
                 retry_after: float | None = None) -> LLMProviderError:
    """An HTTP failure as an LLMProviderError: 401/403 auth (skip at once), 429 rate limit and
    408/409/5xx server (retryable), other 4xx bad request (not retryable: next provider)."""
    if status in (401, 403):
        kind, retryable = CallOutcome.AUTH, False
    elif status == 429:
        kind, retryable = CallOutcome.RATE_LIMIT, True
    elif status in (408, 409) or status >= 500:
        kind, retryable = CallOutcome.SERVER, True
    else:
        kind, retryable = CallOutcome.BAD_REQUEST, False
    return LLMProviderError(f"{provider}: HTTP {status}: {message[:300]}", provider=provider,
                            retryable=retryable, kind=kind, status=status,
                            retry_after=retry_after)


def transport_error(provider: str, exc: BaseException) -> LLMProviderError:
    """A timeout or connection failure (no HTTP status): retryable."""
    name = type(exc).__name__
    kind = CallOutcome.TIMEOUT if "timeout" in name.lower() else CallOutcome.CONNECTION
    return LLMProviderError(f"{provider}: {kind}: {name}: {exc}"[:400], provider=provider,
                            retryable=True, kind=kind)


class RemoteProvider(BaseLLMProvider):
    """A provider reached through an SDK client with an API key and an optional base URL
    (a proxy, a gateway, or a loopback fake server in tests)."""

    def __init__(self, name: str, model: str, *, api_key: str | None = None,
                 base_url: str | None = None, **kw: Any) -> None:
        super().__init__(name, model, **kw)
        self.api_key = api_key
        self.base_url = base_url
