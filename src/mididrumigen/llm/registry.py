"""Provider kinds → classes. Built-ins are registered the same way third parties are: through
entry points in group "mididrumigen.providers" (name = kind, value = "module:Class"), plus
`register()` at run time. Built-in classes load lazily, so nothing imports an SDK early.

Every kind is built the same way: `cls(name, model, variations_per_call=, timeout_s=,
reask_invalid=, api_key=, base_url=)` (a provider that needs no key or URL ignores them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import UserInputError
from ..plugins import PluginRegistry
from .base import BaseLLMProvider

if TYPE_CHECKING:
    from .config import LLMConfig, ProviderConfig

GROUP = "mididrumigen.providers"

BUILTIN: dict[str, str] = {
    "anthropic": "mididrumigen.llm.anthropic_provider:AnthropicProvider",
    "openai": "mididrumigen.llm.openai_provider:OpenAIProvider",
    "google": "mididrumigen.llm.google_provider:GoogleProvider",
    "ollama": "mididrumigen.llm.local_provider:OllamaProvider",
    "openai_compatible": "mididrumigen.llm.local_provider:OpenAICompatibleProvider",
    "fake": "mididrumigen.llm.fake_provider:FakeProvider",
}

_REGISTRY = PluginRegistry(
    GROUP, BUILTIN, what="provider kind", field="provider",
    check=lambda cls: None if isinstance(cls, type) and issubclass(cls, BaseLLMProvider)
    else "is not a BaseLLMProvider")


def register(kind: str, cls: type[BaseLLMProvider] | str) -> None:
    """Add a provider kind (a class, or "module:Class" loaded on first use)."""
    _REGISTRY.register(kind, cls)


def available() -> dict[str, type[BaseLLMProvider] | str]:
    """Every known kind: built-ins, then entry points, then run-time registrations."""
    return _REGISTRY.available()


def provider_class(kind: str) -> type[BaseLLMProvider]:
    found: type[BaseLLMProvider] = _REGISTRY.load(kind)
    return found


def is_local_kind(kind: str) -> bool:
    """Do providers of this kind run on this machine (no per-token price)? False if unknown."""
    try:
        return bool(provider_class(kind).is_local)
    except UserInputError:
        return False


def build_provider(pc: ProviderConfig, *, reask_invalid: bool = True,
                   env: Mapping[str, str] | None = None, **extra: Any) -> BaseLLMProvider:
    """A provider from its config entry; its key is the one the settings read from the
    environment variable it names (api_key_env), or the one `env` holds."""
    cls = provider_class(pc.kind)
    return cls(pc.name, pc.model, variations_per_call=pc.variations_per_call,
               timeout_s=pc.timeout_s, reask_invalid=reask_invalid, api_key=pc.api_key(env),
               base_url=pc.base_url, **extra)


def build_providers(config: LLMConfig, env: Mapping[str, str] | None = None
                    ) -> dict[str, BaseLLMProvider]:
    return {pc.name: build_provider(pc, reask_invalid=config.reask_invalid, env=env)
            for pc in config.enabled()}
