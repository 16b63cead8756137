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
