"""PromptRequest: what one call asks a model for (prompts, bars, meter, which variations),
and the words of the ask: the shape of the answer after the artist context, the task (which
variations) and the re-ask after invalid output. PromptBuilder (prompt.py) writes the system
prompt and the context; providers send `messages()` and `schema()`.

Every call of a request starts with the same fixed part — answer schema, system prompt, the
artist's context and the request's shape (bars, meter, tempo) — and only then the few words
that differ (which variations, a re-ask), so providers' prompt caches can serve the fixed part:
Anthropic through cache_control breakpoints after the system prompt and after `fixed_message()`,
OpenAI by automatic prefix caching (routed by `cache_key()`), Gemini by implicit caching, local
servers by reusing the prefix's KV cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..domain.meter import TimeSignature
from .output import output_schema


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
        return output_schema()

    def fixed_message(self) -> str:
        """The first user turn's part that every call of the request shares: the context and
        the shape of the answer."""
        shape = shape_message(self)
        return f"{self.context}\n\n{shape}" if self.context else shape

    def user_message(self) -> str:
        return self.fixed_message() + "\n\n" + task_message(self)

    def cache_key(self) -> str:
        """The same for every call that shares this request's fixed part (schema, system
        prompt, fixed_message): what providers' prompt caches key or route on."""
        import hashlib
        import json

        fixed = "\x00".join((json.dumps(self.schema()), self.system, self.fixed_message()))
        return "mdg-" + hashlib.sha256(fixed.encode()).hexdigest()[:24]

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


def shape_message(request: PromptRequest) -> str:
    """Bars, meter, tempo and the step counts: the same for every call of a request."""
    spb = request.time_signature.steps_per_bar
    return (f"Write {request.bars} bar(s) of {request.time_signature} at {request.tempo:g} BPM, "
            f"{spb} steps a bar.")


def task_message(request: PromptRequest) -> str:
    """Which variations this call writes: the only words that differ between its calls."""
    last = request.first + request.count - 1
    if request.count == 1:
        return f"Variation {request.first} of {request.total}."
    return f"Variations {request.first}-{last} of {request.total}."


def repair_message(error: str, request: PromptRequest) -> str:
    return (f"That answer was rejected: {error}. Write it all again with that fixed: "
            f"{request.count} variation(s) of {request.bars} bar(s), "
            f"{request.time_signature.steps_per_bar} steps a bar, playable, JSON only.")
