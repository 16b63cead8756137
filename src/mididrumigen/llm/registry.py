"""Provider kinds → classes. Built-ins are registered the same way third parties are: through
entry points in group "mididrumigen.providers" (name = kind, value = "module:Class"), plus
`register()` at run time. Built-in classes load lazily, so nothing imports an SDK early.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from importlib.metadata import entry_points
from typing import Any

from ..errors import UserInputError
from .base import BaseLLMProvider
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

_registered: dict[str, type[BaseLLMProvider] | str] = {}


def register(kind: str, cls: type[BaseLLMProvider] | str) -> None:
    """Add a provider kind (a class, or "module:Class" loaded on first use)."""
    _registered[kind] = cls


def available() -> dict[str, type[BaseLLMProvider] | str]:
    """Every known kind: built-ins, then entry points, then run-time registrations."""
    kinds: dict[str, type[BaseLLMProvider] | str] = dict(BUILTIN)
    for ep in entry_points(group=GROUP):
        kinds[ep.name] = ep.value
    kinds.update(_registered)
    return kinds


def provider_class(kind: str) -> type[BaseLLMProvider]:
    target = available().get(kind)
    if target is None:
        raise UserInputError(f"unknown provider kind {kind!r}; known: {', '.join(available())}",
                             field="provider")
    if isinstance(target, str):
        module, _, attr = target.partition(":")
        target = getattr(importlib.import_module(module), attr)
    if not (isinstance(target, type) and issubclass(target, BaseLLMProvider)):
        raise UserInputError(f"provider kind {kind!r} is not a BaseLLMProvider", field="provider")
    return target


def build_provider(pc: ProviderConfig, *, reask_invalid: bool = True,
                   env: Mapping[str, str] | None = None, **extra: Any) -> BaseLLMProvider:
    """A provider from its config entry; the key comes from the environment only."""
    cls = provider_class(pc.kind)
    kwargs: dict[str, Any] = {"variations_per_call": pc.variations_per_call,
                              "timeout_s": pc.timeout_s, "reask_invalid": reask_invalid, **extra}
    if pc.kind != "fake":
        kwargs["api_key"] = pc.api_key(env)
        kwargs["base_url"] = pc.base_url
    return cls(pc.name, pc.model, **kwargs)


def build_providers(config: LLMConfig, env: Mapping[str, str] | None = None
                    ) -> dict[str, BaseLLMProvider]:
    return {pc.name: build_provider(pc, reask_invalid=config.reask_invalid, env=env)
            for pc in config.enabled()}
