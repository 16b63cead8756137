"""FakeProvider: a provider with no network for tests and demos (like simonw/llm's MockModel).

`enqueue()` answers (JSON text, a dict that becomes JSON, or an exception to raise); each call
takes the next one, and `history` keeps every request. With nothing queued it writes a plain
valid groove for the asked meter and bars.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from typing import Any

from ..domain.grid import Grid
from ..domain.voices import Voice
from .base import BaseLLMProvider, Completion, CredentialCheck, Usage
from .output import format_answer
from .request import PromptRequest


def basic_answer(request: PromptRequest) -> dict[str, Any]:
    """A playable groove per asked variation, in the asked answer format: hats on eighths,
    backbeat, kick on the ones."""
    ts = request.time_signature
    spb = ts.steps_per_bar
    beats = sorted(set(ts.beat_starts()))

    def grid(k: int) -> Grid:
        hh = "".join("x" if s % 2 == 0 else "." for s in range(spb))
        sd = "".join("X" if s in beats[1::2] else "." for s in range(spb))
        bd = "".join("X" if s in beats[0::2] or (k and s == spb - 2) else "." for s in range(spb))
        lines = ((Voice.CLOSED_HAT, hh), (Voice.SNARE, sd), (Voice.KICK, bd))
        return Grid(tuple((v, steps * request.bars) for v, steps in lines), ts, request.bars)

    first = request.first - 1
    return format_answer((f"Var {k + 1}", grid(k % 2))
                         for k in range(first, first + request.count))


class FakeProvider(BaseLLMProvider):
    kind = "fake"
    price_provider = "fake"

    def __init__(self, name: str = "fake", model: str = "fake-1", *, latency_s: float = 0.0,
                 input_tokens: int = 100, output_tokens: int = 50, is_local: bool = False,
                 api_key: str | None = None, base_url: str | None = None, **kw: Any) -> None:
        super().__init__(name, model, **kw)  # no network: api_key and base_url are unused
        self.latency_s = latency_s
        self.input_tokens = input_tokens
        self.output_tokens = output_tokens
        self.is_local = is_local
        self.queue: deque[str | dict[str, Any] | BaseException] = deque()
        self.history: list[PromptRequest] = []

    def enqueue(self, *answers: str | dict[str, Any] | BaseException) -> FakeProvider:
        self.queue.extend(answers)
        return self

    async def complete(self, request: PromptRequest) -> Completion:
        self.history.append(request)
        if self.latency_s:
            await asyncio.sleep(self.latency_s)
        answer = self.queue.popleft() if self.queue else basic_answer(request)
        if isinstance(answer, BaseException):
            raise answer
        text = answer if isinstance(answer, str) else json.dumps(answer)
        return Completion(text, Usage(self.input_tokens, self.output_tokens),
                          self.latency_s * 1000.0, self.model)

    async def validate_credentials(self) -> CredentialCheck:
        return CredentialCheck(self.name, True, True, "fake provider (no network)")
