"""PromptRequest: what one call asks a model for (prompts, bars, meter, which variations),
and the words of the ask: the task after the artist context and the re-ask after invalid output.
PromptBuilder (prompt.py) writes the system prompt and the context; providers send
`messages()` and `schema()`.
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
    lead = ("Variation 1 is the main groove; " if request.first == 1
            else "Variation 1 is the main groove (written separately); ")
    return (
        f"Task: write {request.count} drum variation(s) — {which} — of {request.bars} bar(s) in "
        f"{ts} at {request.tempo:g} BPM. Every voice line has exactly {request.steps} steps "
        f"({spb} per bar, '|' between bars). {lead}other variations keep it recognizable while "
        "changing hi-hat, kick or ghost-note details; the last bar may end in a short fill. "
        f"Return {{\"variations\": [...]}} with {request.count} item(s).")


def repair_message(error: str, request: PromptRequest) -> str:
    return (f"That answer was rejected: {error}. Write the whole answer again with that fixed: "
            f"{request.count} variation(s), every voice line exactly {request.steps} steps, "
            "playable, JSON only.")
