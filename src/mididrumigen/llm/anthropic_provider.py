"""Anthropic Messages API through the official SDK, structured output by forced tool use.

The schema goes in as the input_schema of one tool (`write_drum_grooves`) and tool_choice
forces it, so the answer is the tool_use block's `input`. The system prompt and the user
turn's fixed part (artist context, the answer's shape) end in cache_control breakpoints (prompt
caching: tools, system and that part are the same for every call of a request). The SDK's own
retries are off: the ProviderManager retries, the same way for every provider.
"""

from __future__ import annotations

import json
import time
from typing import Any

from ..retrying import retry_after_seconds
from .base import (
    Completion,
    CredentialCheck,
    RemoteProvider,
    Usage,
    elapsed_ms,
    status_error,
    transport_error,
)
from .request import PromptRequest

TOOL_NAME = "write_drum_grooves"
EPHEMERAL = {"type": "ephemeral"}


def cached_messages(request: PromptRequest) -> list[dict[str, Any]]:
    """request.messages() with the first user turn in two blocks, its fixed part (artist
    context and the answer's shape) marked as a cache breakpoint: the tool schema, system
    prompt and that part are read from Anthropic's prompt cache by the calls after the first
    (prompts under the model's minimum, about 1k tokens, are simply not cached)."""
    messages: list[dict[str, Any]] = list(request.messages())
    fixed = request.fixed_message()
    task = messages[0]["content"].removeprefix(fixed)
    if task != messages[0]["content"]:
        messages[0] = {"role": "user", "content": [
            {"type": "text", "text": fixed, "cache_control": EPHEMERAL},
            {"type": "text", "text": task.lstrip()}]}
    return messages


class AnthropicProvider(RemoteProvider):
    kind = "anthropic"
    price_provider = "anthropic"

    def client(self) -> Any:
        def make() -> Any:
            from anthropic import AsyncAnthropic

            return AsyncAnthropic(api_key=self.api_key, base_url=self.base_url,
                                  timeout=self.timeout_s, max_retries=0)

        return self.cached_client(make)

    async def complete(self, request: PromptRequest) -> Completion:
        import anthropic

        if not self.api_key:
            raise status_error(self.name, 401, "no API key (set ANTHROPIC_API_KEY)")
        start = time.perf_counter()
        try:
            msg = await self.client().messages.create(
                model=self.model, max_tokens=request.max_output_tokens,
                system=[{"type": "text", "text": request.system, "cache_control": EPHEMERAL}],
                messages=cached_messages(request),
                tools=[{"name": TOOL_NAME, "description": "Write the drum grooves as grids.",
                        "input_schema": request.schema()}],
                tool_choice={"type": "tool", "name": TOOL_NAME})
        except anthropic.APIStatusError as e:
            raise status_error(self.name, e.status_code, str(e.message),
                               retry_after_seconds(e.response.headers, e.body)) from None
        except (anthropic.APITimeoutError, anthropic.APIConnectionError) as e:
            raise transport_error(self.name, e) from None
        latency = elapsed_ms(start)
        text = ""
        for block in msg.content:
            if block.type == "tool_use" and block.name == TOOL_NAME:
                text = json.dumps(block.input)
                break
            if block.type == "text" and not text:
                text = block.text
        usage = Usage(msg.usage.input_tokens or 0, msg.usage.output_tokens or 0)
        return Completion(text, usage, latency, msg.model or self.model)

    async def validate_credentials(self) -> CredentialCheck:
        if self.api_key:
            return CredentialCheck(self.name, True, True,
                                   f"key present; model {self.model} (not called: paid API)")
        return CredentialCheck(self.name, False, False, "ANTHROPIC_API_KEY is not set")
