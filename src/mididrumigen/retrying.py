"""Retries for calls over the network, through tenacity: the LLM providers' ProviderManager and
the research collectors' Http use the same policy.

    retrying = async_retrying(retry_on=is_transient, retries=2, base_delay_s=0.5, max_delay_s=8,
                              max_retry_after_s=10)
    result = await retrying(fetch, url)

- A failure is retried when `retry_on(error)` says so, at most `retries` times.
- The wait is what the failure's `retry_after` says (seconds the server asked for, read from
  Retry-After by `retry_after_seconds`) but never less than the backoff; without one, an
  exponential backoff (base × 2^n, capped) with ±`jitter` of itself drawn from `rng`.
- A failure that asks for more than `max_retry_after_s` is not retried: waiting it out would be
  slower than giving up (the ProviderManager moves on to the next provider).
- `max_backoff_total_s` caps the waits of one call all together (the next LLM provider starts
  within 5 s of a failure).
- The last failure is raised as it was (not a tenacity RetryError).
"""

from __future__ import annotations

import email.utils
import random
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from tenacity import AsyncRetrying, RetryCallState
from tenacity.retry import retry_if_exception
from tenacity.stop import stop_after_attempt, stop_base
from tenacity.wait import wait_base, wait_exponential

Sleep = Callable[[float], Awaitable[None]]


def retry_after_seconds(headers: Mapping[str, str] | None, body: Any = None,
                        now: datetime | None = None) -> float | None:
    """Seconds a server asked us to wait: `retry-after-ms` (OpenAI, Anthropic), `Retry-After`
    (delta seconds or an HTTP date), or a Google RetryInfo `retryDelay` ("30s") in an error
    body. None when it did not say."""
    low = {k.lower(): v for k, v in (headers or {}).items()}
    if low.get("retry-after-ms"):
        try:
            return max(0.0, float(low["retry-after-ms"]) / 1000.0)
        except ValueError:
            pass
    value = (low.get("retry-after") or "").strip()
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            when = when if when.tzinfo else when.replace(tzinfo=UTC)
            return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
    details = body.get("error", {}).get("details", []) if isinstance(body, dict) else []
    for d in details if isinstance(details, list) else []:
        delay = d.get("retryDelay") if isinstance(d, dict) else None
        if isinstance(delay, str) and delay.endswith("s"):
            try:
                return max(0.0, float(delay[:-1]))
            except ValueError:
                pass
    return None


class wait_jittered(wait_base):
    """Another wait times 1 ± `fraction`, drawn from `rng` (seeded in tests)."""

    def __init__(self, inner: wait_base, fraction: float, rng: random.Random) -> None:
        self.inner = inner
        self.fraction = fraction
        self.rng = rng

    def __call__(self, retry_state: RetryCallState) -> float:
        base = self.inner(retry_state)
        return max(0.0, base * (1.0 + self.rng.uniform(-self.fraction, self.fraction)))


class wait_retry_after(wait_base):
    """The failure's `retry_after` (what the server asked for) when it has one, never less
    than `backoff`; `backoff` otherwise."""

    def __init__(self, backoff: wait_base) -> None:
        self.backoff = backoff

    def __call__(self, retry_state: RetryCallState) -> float:
        delay = self.backoff(retry_state)
        error = retry_state.outcome.exception() if retry_state.outcome else None
        asked = getattr(error, "retry_after", None)
        return delay if asked is None else max(delay, float(asked))


class stop_after_waiting(stop_base):
    """Stop when the waits so far plus the next one would pass `budget_s`."""

    def __init__(self, budget_s: float) -> None:
        self.budget_s = budget_s

    def __call__(self, retry_state: RetryCallState) -> bool:
        return retry_state.idle_for + retry_state.upcoming_sleep > self.budget_s


def asks_too_long(max_retry_after_s: float) -> Callable[[BaseException], bool]:
    def check(error: BaseException) -> bool:
        asked = getattr(error, "retry_after", None)
        return asked is not None and asked > max_retry_after_s
    return check


def async_retrying(*, retry_on: Callable[[BaseException], bool], retries: int,
                   base_delay_s: float, max_delay_s: float, jitter: float = 0.25,
                   max_retry_after_s: float = float("inf"),
                   max_backoff_total_s: float | None = None, sleep: Sleep | None = None,
                   rng: random.Random | None = None) -> AsyncRetrying:
    """The retry policy above as a tenacity AsyncRetrying: `await retrying(fn, *args)`."""
    too_long = asks_too_long(max_retry_after_s)
    stop: stop_base = stop_after_attempt(retries + 1)
    if max_backoff_total_s is not None:
        stop = stop | stop_after_waiting(max_backoff_total_s)
    backoff = wait_jittered(wait_exponential(multiplier=base_delay_s, max=max_delay_s), jitter,
                            rng or random.Random())
    kwargs: dict[str, Any] = {"sleep": sleep} if sleep is not None else {}
    return AsyncRetrying(retry=retry_if_exception(lambda e: retry_on(e) and not too_long(e)),
                         wait=wait_retry_after(backoff), stop=stop, reraise=True, **kwargs)
