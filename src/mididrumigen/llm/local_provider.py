"""Local models: Ollama's /api/chat (with `format` set to the JSON schema) over httpx, and any
OpenAI-compatible server (llama.cpp, vLLM, LM Studio) through the openai SDK by base URL.

`validate_credentials` checks that the server answers, and only when its host is loopback.
"""

from __future__ import annotations

import ipaddress
import time
from typing import Any
from urllib.parse import urlsplit

from ..retrying import retry_after_seconds
from .base import (
    BaseLLMProvider,
    Completion,
    CredentialCheck,
    Usage,
    elapsed_ms,
    status_error,
    transport_error,
)
from .openai_provider import OpenAIProvider
from .request import PromptRequest

DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434"


def is_loopback_url(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def _probe(name: str, url: str, timeout: float = 2.0) -> CredentialCheck:
    import httpx

    if not is_loopback_url(url):
        return CredentialCheck(name, True, False, f"{url} is not loopback; not probed")
    try:
        async with httpx.AsyncClient(timeout=timeout) as client:
            r = await client.get(url)
    except httpx.HTTPError as e:
        return CredentialCheck(name, True, False, f"{url} unreachable ({type(e).__name__})")
    if r.status_code >= 400:
        return CredentialCheck(name, True, False, f"{url} answered HTTP {r.status_code}")
    return CredentialCheck(name, True, True, f"{url} reachable")


class OllamaProvider(BaseLLMProvider):
    kind = "ollama"
    price_provider = "ollama"
    is_local = True

    def __init__(self, name: str, model: str, *, base_url: str | None = None,
                 api_key: str | None = None, **kw: Any) -> None:
        kw.setdefault("variations_per_call", 1)
        super().__init__(name, model, **kw)
        self.base_url = (base_url or DEFAULT_OLLAMA_URL).rstrip("/")
        self.api_key = api_key

    def client(self) -> Any:
        def make() -> Any:
            import httpx

            headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else None
            return httpx.AsyncClient(base_url=self.base_url, timeout=self.timeout_s,
                                     headers=headers)

        return self.cached_client(make)

    async def complete(self, request: PromptRequest) -> Completion:
        import httpx

        body = {"model": self.model, "stream": False, "format": request.schema(),
                "messages": [{"role": "system", "content": request.system}, *request.messages()],
                "options": {"temperature": request.temperature,
                            "num_predict": request.max_output_tokens}}
        start = time.perf_counter()
        try:
            r = await self.client().post("/api/chat", json=body)
        except httpx.HTTPError as e:
            raise transport_error(self.name, e) from None
        latency = elapsed_ms(start)
        try:
            data = r.json()
        except ValueError:
            data = None
        if r.status_code >= 400:
            msg = data.get("error", r.text) if isinstance(data, dict) else r.text
            raise status_error(self.name, r.status_code, str(msg),
                               retry_after_seconds(dict(r.headers)))
        if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
            raise status_error(self.name, 502, "response is not an Ollama chat response")
        usage = Usage(int(data.get("prompt_eval_count") or 0), int(data.get("eval_count") or 0))
        return Completion(str(data["message"].get("content") or ""), usage, latency,
                          str(data.get("model") or self.model))

    async def validate_credentials(self) -> CredentialCheck:
        check = await _probe(self.name, self.base_url + "/api/tags")
        return CredentialCheck(self.name, check.configured, check.usable,
                               check.detail + f"; model {self.model}")


class OpenAICompatibleProvider(OpenAIProvider):
    """llama.cpp server, vLLM, LM Studio…: the openai SDK with their base URL; no key needed."""

    kind = "openai_compatible"
    price_provider = "openai_compatible"
    is_local = True
    key_env = "OPENAI_COMPATIBLE_API_KEY"

    def __init__(self, name: str, model: str, *, base_url: str | None = None, **kw: Any) -> None:
        kw.setdefault("variations_per_call", 1)
        super().__init__(name, model, base_url=base_url or "http://127.0.0.1:8080/v1", **kw)

    def request_options(self, request: PromptRequest) -> dict[str, Any]:
        # older local servers know max_tokens, not max_completion_tokens
        return {"max_tokens": request.max_output_tokens, "temperature": request.temperature}

    async def validate_credentials(self) -> CredentialCheck:
        base = str(self.base_url).rstrip("/")
        check = await _probe(self.name, base + "/models")
        return CredentialCheck(self.name, check.configured, check.usable,
                               check.detail + f"; model {self.model}")
