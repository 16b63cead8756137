"""Google Gemini through the official google-genai SDK: generateContent with
response_mime_type application/json and the schema as response_json_schema.

Output tokens include the model's thinking tokens (billed as output).
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


class GoogleProvider(RemoteProvider):
    kind = "google"
    price_provider = "google"

    def client(self) -> Any:
        def make() -> Any:
            from google import genai
            from google.genai import types

            opts = types.HttpOptions(base_url=self.base_url, timeout=int(self.timeout_s * 1000),
                                     retry_options=None)
            return genai.Client(api_key=self.api_key, http_options=opts).aio

        return self.cached_client(make)

    async def complete(self, request: PromptRequest) -> Completion:
        from google.genai import errors, types

        if not self.api_key:
            raise status_error(self.name, 401, "no API key (set GEMINI_API_KEY)")
        contents = [types.Content(role="model" if m["role"] == "assistant" else "user",
                                  parts=[types.Part(text=m["content"])])
                    for m in request.messages()]
        config = types.GenerateContentConfig(
            system_instruction=request.system, response_mime_type="application/json",
            response_json_schema=request.schema(), temperature=request.temperature,
            max_output_tokens=request.max_output_tokens)
        start = time.perf_counter()
        try:
            resp = await self.client().models.generate_content(
                model=self.model, contents=contents, config=config)
        except errors.APIError as e:
            headers = getattr(getattr(e, "response", None), "headers", None)
            raise status_error(self.name, int(e.code or 500), str(e.message or e),
                               retry_after_seconds(dict(headers) if headers else None,
                                                 {"error": {"details": e.details}}
                                                 if isinstance(e.details, list) else e.details)
                               ) from None
        except Exception as e:
            if type(e).__module__.split(".")[0] in ("httpx", "httpx2", "httpcore", "aiohttp") \
                    or isinstance(e, TimeoutError | ConnectionError):
                raise transport_error(self.name, e) from None
            raise
        latency = elapsed_ms(start)
        meta = resp.usage_metadata
        usage = Usage()
        if meta is not None:
            usage = Usage(meta.prompt_token_count or 0,
                          (meta.candidates_token_count or 0) + (meta.thoughts_token_count or 0))
        text = resp.text or ""
        return Completion(text, usage, latency, getattr(resp, "model_version", None) or self.model)

    async def validate_credentials(self) -> CredentialCheck:
        if self.api_key:
            return CredentialCheck(self.name, True, True,
                                   f"key present; model {self.model} (not called: paid API)")
        return CredentialCheck(self.name, False, False, "GEMINI_API_KEY is not set")
