"""OpenAI Chat Completions through the official SDK, with `response_format` json_schema strict.
The system prompt, then the user message that starts with the artist's context: a stable prefix
for OpenAI's automatic prompt caching, keyed by the request's cache_key().

Also the base of the OpenAI-compatible local servers (llama.cpp, vLLM, LM Studio) in
local_provider.py: the same SDK pointed at their base URL.
"""

from __future__ import annotations

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

SCHEMA_NAME = "drum_grooves"


class OpenAIProvider(RemoteProvider):
    kind = "openai"
    price_provider = "openai"
    key_env = "OPENAI_API_KEY"
    strict_schema = True

    def client(self) -> Any:
        def make() -> Any:
            from openai import AsyncOpenAI

            return AsyncOpenAI(api_key=self.api_key or "not-needed", base_url=self.base_url,
                               timeout=self.timeout_s, max_retries=0)

        return self.cached_client(make)

    def request_options(self, request: PromptRequest) -> dict[str, Any]:
        # prompt_cache_key routes every call of a request (same fixed prefix) to one cache
        return {"max_completion_tokens": request.max_output_tokens,
                "prompt_cache_key": request.cache_key()}

    async def complete(self, request: PromptRequest) -> Completion:
        import openai

        if not self.api_key and not self.is_local:
            raise status_error(self.name, 401, f"no API key (set {self.key_env})")
        start = time.perf_counter()
        messages = [{"role": "system", "content": request.system}, *request.messages()]
        try:
            resp = await self.client().chat.completions.create(
                model=self.model, messages=messages,
                response_format={"type": "json_schema",
                                 "json_schema": {"name": SCHEMA_NAME, "strict": self.strict_schema,
                                                 "schema": request.schema()}},
                **self.request_options(request))
        except openai.APIStatusError as e:
            raise status_error(self.name, e.status_code, str(e.message),
                               retry_after_seconds(e.response.headers, e.body)) from None
        except (openai.APITimeoutError, openai.APIConnectionError) as e:
            raise transport_error(self.name, e) from None
        latency = elapsed_ms(start)
        if not resp.choices:
            raise status_error(self.name, 502, "response has no choices")
        message = resp.choices[0].message
        refusal = getattr(message, "refusal", None)
        text = message.content or (f'{{"refusal": {refusal!r}}}' if refusal else "")
        u = resp.usage
        usage = Usage(u.prompt_tokens or 0, u.completion_tokens or 0) if u else Usage()
        return Completion(text, usage, latency, resp.model or self.model)

    async def validate_credentials(self) -> CredentialCheck:
        if self.api_key:
            return CredentialCheck(self.name, True, True,
                                   f"key present; model {self.model} (not called: paid API)")
        return CredentialCheck(self.name, False, False, f"{self.key_env} is not set")
