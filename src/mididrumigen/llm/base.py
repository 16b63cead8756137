"""The one interface every language-model provider implements.

A provider turns a PromptRequest (prompts + what to write: bars, meter, how many
variations) into a ProviderResult: one grid per variation, the tokens used and the latency.
Subclasses implement `complete` (one API call, raw text back) and `validate_credentials`;
`generate` here adds the parsing, the strict validation and one re-ask with the validation
error when the output is invalid. Every API call is reported to an optional `on_call` hook
(the ProviderManager records it, with its cost).

SDK errors are translated into LLMProviderError with `kind`, `status`, `retryable` and
`retry_after` (see `status_error`), so the manager decides retries the same way for all.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from ..domain.meter import TimeSignature
from ..errors import LLMProviderError
from .output import ParsedVariation, output_schema, parse_output
from .prompt import repair_message, task_message


@dataclass(frozen=True, slots=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.input_tokens + other.input_tokens, self.output_tokens + other.output_tokens)


@dataclass(frozen=True, slots=True)
class PromptRequest:
    """What to ask: prompts (from PromptBuilder) and the shape of the answer.

    `first` and `count` say which of the `total` variations this call writes (a manager asks a
    one-per-call provider for 1..total concurrently). `repair` holds (previous output,
    validation error) for a re-ask.
    """

    system: str
    context: str
    bars: int
    time_signature: TimeSignature = field(default_factory=TimeSignature)
    count: int = 1
    first: int = 1
    total: int = 1
    tempo: float = 120.0
    temperature: float = 0.9
    max_output_tokens: int = 4096
    repair: tuple[str, str] | None = None

    @property
    def steps(self) -> int:
        return self.bars * self.time_signature.steps_per_bar

    def schema(self) -> dict[str, Any]:
        return output_schema(self.bars, self.time_signature, self.count)

    def user_message(self) -> str:
        return self.context + "\n\n" + task_message(self)

    def messages(self) -> list[dict[str, str]]:
        """Chat turns without the system prompt: user, and for a re-ask assistant + user."""
        out = [{"role": "user", "content": self.user_message()}]
        if self.repair is not None:
            previous, error = self.repair
            out.append({"role": "assistant", "content": previous})
            out.append({"role": "user", "content": repair_message(error, self)})
        return out

    def chunk(self, first: int, count: int) -> PromptRequest:
        return replace(self, first=first, count=count, repair=None)


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
class CallEvent:
    """One API call as the provider saw it; the manager turns it into a CallRecord."""

    provider: str
    model: str
    outcome: str  # success | invalid_output | an LLMProviderError kind
    usage: Usage
    latency_ms: float
    error: str = ""
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True, slots=True)
class CredentialCheck:
    """What `doctor` shows for one provider."""

    provider: str
    configured: bool
    usable: bool
    detail: str


OnCall = Callable[[CallEvent], None]


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
    def provider_name(self) -> str:
        return self.name

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

    @property
    def success_rate(self) -> float:
        total = self.successes + self.failures
        return self.successes / total if total else 1.0

    async def generate(self, request: PromptRequest, *,
                       on_call: OnCall | None = None) -> ProviderResult:
        """Call, validate; on invalid output re-ask once with the error; raise if still invalid."""
        usage, latency, calls = Usage(), 0.0, 0
        attempt = request
        for round_ in range(2 if self.reask_invalid else 1):
            try:
                comp = await self.complete(attempt)
            except LLMProviderError as e:
                self._report(on_call, e.kind, Usage(), 0.0, str(e))
                self.record_failure()
                raise
            usage, latency, calls = usage + comp.usage, latency + comp.latency_ms, calls + 1
            try:
                variations = parse_output(comp.text, request.bars, request.time_signature,
                                          request.count)
            except ValueError as e:
                self._report(on_call, "invalid_output", comp.usage, comp.latency_ms, str(e))
                if round_ == 0 and self.reask_invalid:
                    attempt = replace(request, repair=(comp.text[:4000], str(e)))
                    continue
                self.record_failure()
                raise LLMProviderError(f"{self.name}: invalid output after re-ask: {e}",
                                       provider=self.name, kind="invalid_output") from None
            self._report(on_call, "success", comp.usage, comp.latency_ms, "")
            self.record_success()
            return ProviderResult(self.name, comp.model or self.model, tuple(variations), usage,
                                  latency, calls)
        raise AssertionError("unreachable")  # pragma: no cover

    def _report(self, on_call: OnCall | None, outcome: str, usage: Usage, latency: float,
                error: str) -> None:
        if on_call is not None:
            on_call(CallEvent(self.name, self.model, outcome, usage, latency, error[:500]))


def elapsed_ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0


def parse_retry_after(headers: Mapping[str, str] | None, body: Any = None) -> float | None:
    """Seconds to wait: `retry-after-ms`, `Retry-After` (seconds or HTTP date), or a Google
    RetryInfo `retryDelay` ("30s") in the error body."""
    if headers:
        low = {k.lower(): v for k, v in headers.items()}
        ms = low.get("retry-after-ms")
        if ms:
            try:
                return max(0.0, float(ms) / 1000.0)
            except ValueError:
                pass
        ra = low.get("retry-after")
        if ra:
            try:
                return max(0.0, float(ra))
            except ValueError:
                when = email.utils.parsedate_to_datetime(ra) if ra else None
                if when is not None:
                    if when.tzinfo is None:
                        when = when.replace(tzinfo=UTC)
                    return max(0.0, (when - datetime.now(UTC)).total_seconds())
    details = body.get("error", {}).get("details", []) if isinstance(body, dict) else []
    for d in details if isinstance(details, list) else []:
        delay = d.get("retryDelay") if isinstance(d, dict) else None
        if isinstance(delay, str) and delay.endswith("s"):
            try:
                return max(0.0, float(delay[:-1]))
            except ValueError:
                pass
    return None


def status_error(provider: str, status: int, message: str,
                 retry_after: float | None = None) -> LLMProviderError:
    """An HTTP failure as an LLMProviderError: 401/403 auth (skip at once), 429 rate limit and
    408/409/5xx server (retryable), other 4xx bad request (not retryable: next provider)."""
    if status in (401, 403):
        kind, retryable = "auth", False
    elif status == 429:
        kind, retryable = "rate_limit", True
    elif status in (408, 409) or status >= 500:
        kind, retryable = "server", True
    else:
        kind, retryable = "bad_request", False
    return LLMProviderError(f"{provider}: HTTP {status}: {message[:300]}", provider=provider,
                            retryable=retryable, kind=kind, status=status,
                            retry_after=retry_after)


def transport_error(provider: str, exc: BaseException) -> LLMProviderError:
    """A timeout or connection failure (no HTTP status): retryable."""
    name = type(exc).__name__
    kind = "timeout" if "timeout" in name.lower() else "connection"
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
