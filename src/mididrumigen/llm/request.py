"""PromptRequest: what one call asks a model for (prompts, bars, meter, which variations),
and the words of the ask: the task after the artist context and the re-ask after invalid output.
PromptBuilder (prompt.py) writes the system prompt and the context; providers send
`messages()` and `schema()`.

Every call of a request starts with the same fixed part — system prompt, answer schema, the
artist's context — and only then the few words that differ (which variations, a re-ask), so
providers' prompt caches can serve the fixed part: Anthropic through cache_control breakpoints
after the system prompt and after the context, OpenAI by automatic prefix caching (routed by
`cache_key()`), Gemini by implicit caching, local servers by reusing the prefix's KV cache.
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
        return output_schema(self.bars, self.time_signature, self.count)

    def user_message(self) -> str:
        return self.context + "\n\n" + task_message(self)

    def cache_key(self) -> str:
        """The same for every call that shares this request's fixed part (system prompt, answer
        shape, artist context): what providers' prompt caches key or route on."""
        import hashlib

        fixed = "\x00".join((self.system, self.context, str(self.bars), str(self.time_signature),
                             str(self.count)))
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


def task_message(request: PromptRequest) -> str:
    ts, spb = request.time_signature, request.time_signature.steps_per_bar
    last = request.first + request.count - 1
    which = (f"variation {request.first} of {request.total}" if request.count == 1
             else f"variations {request.first}..{last} of {request.total}")
    lead = ("Variation 1 is the main groove" if request.first == 1
            else "Variation 1 is the main groove (written separately)")
    return (
        f"Task: {which}: {request.bars} bar(s) of {ts} at {request.tempo:g} BPM, every voice "
        f"line exactly {request.steps} steps ({spb} per bar). {lead}; the others keep it "
        "recognizable, changing hi-hat, kick or ghost-note details; the last bar may end in a "
        f"short fill. Return {request.count} variation(s).")


def repair_message(error: str, request: PromptRequest) -> str:
    return (f"That answer was rejected: {error}. Write the whole answer again with that fixed: "
            f"{request.count} variation(s), every voice line exactly {request.steps} steps, "
            "playable, JSON only.")
