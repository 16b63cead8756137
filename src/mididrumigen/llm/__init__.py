"""Language-model generation: providers behind one interface, a fallback manager with retries
and cost tracking, complexity routing, and the prompt builder. SDKs load only when a provider
makes its first call, so importing this package is cheap.

Typical use (see mididrumigen.hybrid for the whole path with the offline fallback)::

    config = settings.llm                      # config.Settings, built by the composition root
    manager = ProviderManager(build_providers(config), order=config.fallback_order,
                              retry=config.retry, prices=PriceList(config.prices),
                              recorder=InMemoryCallRecorder())
    result = await manager.generate(PromptBuilder().request(profile, params))
"""

import importlib
from typing import TYPE_CHECKING, Any

# Names load from their module on first use (PEP 562): importing the package, or one module
# of it such as llm.config (as the settings do), costs no provider, manager or prompt code.
_WHERE = {
    "BaseLLMProvider": "base",
    "CallRecord": "recorder",
    "CallRecorder": "recorder",
    "Completion": "base",
    "ComplexityRouter": "routing",
    "CredentialCheck": "base",
    "FakeProvider": "fake_provider",
    "InMemoryCallRecorder": "recorder",
    "JsonlCallRecorder": "recorder",
    "LLMConfig": "config",
    "ParsedVariation": "output",
    "PriceList": "pricing",
    "PriceOverride": "pricing",
    "PromptBuilder": "prompt",
    "PromptRequest": "request",
    "ProviderConfig": "config",
    "ProviderManager": "manager",
    "ProviderResult": "base",
    "RetryConfig": "config",
    "RouteDecision": "routing",
    "RoutingConfig": "config",
    "RoutingReport": "routing",
    "Usage": "base",
    "build_provider": "registry",
    "build_providers": "registry",
    "output_schema": "output",
    "parse_output": "output",
    "provider_class": "registry",
    "register": "registry",
    "routing_report": "routing",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


if TYPE_CHECKING:
    from .base import (
                       BaseLLMProvider,
                       Completion,
                       CredentialCheck,
                       ProviderResult,
                       Usage,
    )
    from .config import LLMConfig, ProviderConfig, RetryConfig, RoutingConfig
    from .fake_provider import FakeProvider
    from .manager import ProviderManager
    from .output import ParsedVariation, output_schema, parse_output
    from .pricing import PriceList, PriceOverride
    from .prompt import PromptBuilder
    from .recorder import CallRecord, CallRecorder, InMemoryCallRecorder, JsonlCallRecorder
    from .registry import build_provider, build_providers, provider_class, register
    from .request import PromptRequest
    from .routing import ComplexityRouter, RouteDecision, RoutingReport, routing_report

__all__ = [
                   "BaseLLMProvider",
                   "CallRecord",
                   "CallRecorder",
                   "Completion",
                   "ComplexityRouter",
                   "CredentialCheck",
                   "FakeProvider",
                   "InMemoryCallRecorder",
                   "JsonlCallRecorder",
                   "LLMConfig",
                   "ParsedVariation",
                   "PriceList",
                   "PriceOverride",
                   "PromptBuilder",
                   "PromptRequest",
                   "ProviderConfig",
                   "ProviderManager",
                   "ProviderResult",
                   "RetryConfig",
                   "RouteDecision",
                   "RoutingConfig",
                   "RoutingReport",
                   "Usage",
                   "build_provider",
                   "build_providers",
                   "output_schema",
                   "parse_output",
                   "provider_class",
                   "register",
                   "routing_report",
]
