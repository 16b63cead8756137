"""The `llm` section of the settings (config.Settings.llm): providers (kind, model, base URL,
key variable, timeout), fallback order, retries, complexity routing and price overrides.

Values come from configs/llm.yaml (`llm:`), the environment and the defaults below; config.py
builds the section once per process, with each provider's API key read from the environment
variable it names (`api_key_env`) at that moment. Nothing here reads a file or the environment.
A provider's `kind` is any kind the provider registry knows (built-in, entry point
"mididrumigen.providers" or registered at run time); it is checked when the provider is built.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from ..errors import UserInputError
from .pricing import PriceOverride

DEFAULT_PROVIDERS: dict[str, dict[str, Any]] = {
    "anthropic": {"kind": "anthropic", "model": "claude-sonnet-4-6",
                  "api_key_env": "ANTHROPIC_API_KEY", "timeout_s": 60},
    "openai": {"kind": "openai", "model": "gpt-5.4-mini", "api_key_env": "OPENAI_API_KEY",
               "timeout_s": 60},
    "google": {"kind": "google", "model": "gemini-3.5-flash", "api_key_env": "GEMINI_API_KEY",
               "timeout_s": 60},
    "ollama_small": {"kind": "ollama", "model": "llama3.2:3b", "base_url": "http://127.0.0.1:11434",
                     "timeout_s": 120, "variations_per_call": 1},
    "ollama_large": {"kind": "ollama", "model": "qwen2.5:14b", "base_url": "http://127.0.0.1:11434",
                     "timeout_s": 180, "variations_per_call": 1},
    "openai_compatible": {"kind": "openai_compatible", "model": "local-model",
                          "base_url": "http://127.0.0.1:8080/v1", "timeout_s": 120,
                          "variations_per_call": 1, "enabled": False},
}
DEFAULT_TIERS: dict[str, tuple[str, ...]] = {
    "simple": ("ollama_small", "ollama_large", "anthropic", "openai", "google"),
    "medium": ("ollama_large", "anthropic", "openai", "google"),
    "complex": ("anthropic", "openai", "google", "ollama_large"),
}
DEFAULT_PRICES: dict[str, dict[str, int]] = {
    "ollama/*": {"input_per_mtok": 0, "output_per_mtok": 0},
    "openai_compatible/*": {"input_per_mtok": 0, "output_per_mtok": 0},
}
EXPERIMENTAL_WORDS = ("experimental", "avant", "polyrhythm", "polymeter", "odd time", "math rock",
                      "progressive", "free jazz", "metric modulation", "complex", "unusual", "glitch",
                      "idm", "djent")
_FROZEN = ConfigDict(frozen=True, extra="ignore")


class ProviderConfig(BaseModel):
    model_config = _FROZEN

    name: str = ""  # the key in `providers`
    kind: str
    model: str
    api_key_env: str | None = None
    base_url: str | None = None
    timeout_s: float = 60.0
    variations_per_call: int = 8
    enabled: bool = True
    key: SecretStr | None = Field(default=None, exclude=True, repr=False)  # from api_key_env

    def api_key(self, env: Mapping[str, str] | None = None) -> str | None:
        """The key read when the settings were built, or the one `env` holds."""
        if env is not None:
            return (env.get(self.api_key_env) or None) if self.api_key_env else None
        return self.key.get_secret_value() if self.key is not None else None


class RetryConfig(BaseModel):
    model_config = _FROZEN

    max_retries: int = 2
    base_delay_s: float = 0.5
    max_delay_s: float = 2.0
    jitter: float = 0.25
    max_retry_after_s: float = 4.0  # a longer Retry-After moves on to the next provider
    max_backoff_total_s: float = 4.5  # per provider: the next one starts within 5 s


class RoutingConfig(BaseModel):
    model_config = _FROZEN

    enabled: bool = True
    medium_at: float = 0.35
    complex_at: float = 0.65
    tiers: Mapping[str, tuple[str, ...]] = Field(default_factory=lambda: dict(DEFAULT_TIERS))
    reference_cloud: str = "anthropic"
    experimental_words: tuple[str, ...] = EXPERIMENTAL_WORDS

    @field_validator("experimental_words")
    @classmethod
    def _lower_words(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(w.lower() for w in words)


def _price(value: Any) -> PriceOverride:
    if isinstance(value, PriceOverride):
        return value
    if isinstance(value, Mapping):
        return PriceOverride.from_dict(value)
    raise ValueError(f"a price is {{input_per_mtok, output_per_mtok}}, got {value!r}")


class LLMConfig(BaseModel):
    """Providers by name, their fallback order, retries, routing and price overrides. Given
    providers, tiers and prices are added to (or change) the defaults, as in configs/llm.yaml."""

    model_config = _FROZEN

    providers: Mapping[str, ProviderConfig] = Field(
        default_factory=lambda: _providers(DEFAULT_PROVIDERS))
    fallback_order: tuple[str, ...] = ("anthropic", "openai", "google", "ollama_large")
    retry: RetryConfig = Field(default_factory=RetryConfig)
    routing: RoutingConfig = Field(default_factory=RoutingConfig)
    prices: Mapping[str, PriceOverride] = Field(
        default_factory=lambda: {k: _price(v) for k, v in DEFAULT_PRICES.items()})
    reask_invalid: bool = True

    @model_validator(mode="before")
    @classmethod
    def _with_defaults(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        data = dict(data)
        providers = data.get("providers")
        if isinstance(providers, Mapping):
            merged = copy.deepcopy(DEFAULT_PROVIDERS)
            for name, p in providers.items():
                if isinstance(p, ProviderConfig):
                    p = p.model_dump() | {"key": p.key}
                if isinstance(p, Mapping):
                    merged[str(name)] = {**merged.get(str(name), {}), **p, "name": str(name)}
                else:
                    raise ValueError(f"llm provider {name!r} must be a mapping "
                                     "(kind, model, base_url …)")
            data["providers"] = {n: {**p, "name": n} for n, p in merged.items()}
        routing = data.get("routing")
        if isinstance(routing, Mapping) and isinstance(routing.get("tiers"), Mapping):
            data["routing"] = {**routing, "tiers": {**DEFAULT_TIERS, **routing["tiers"]}}
        prices = data.get("prices")
        if isinstance(prices, Mapping):
            data["prices"] = {k: _price(v) for k, v in {**DEFAULT_PRICES, **prices}.items()}
        return data

    @model_validator(mode="after")
    def _check_order(self) -> LLMConfig:
        unknown = [n for n in self.fallback_order if n not in self.providers]
        if unknown:
            raise ValueError(f"fallback_order names unknown provider(s): {', '.join(unknown)}")
        return self

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LLMConfig:
        """The section from a mapping (configs/llm.yaml's `llm:`); UserInputError when invalid."""
        from ..config import describe

        try:
            return cls.model_validate(dict(data))
        except ValidationError as e:
            raise UserInputError(describe(e, "llm"), field="llm") from None

    def enabled(self) -> list[ProviderConfig]:
        return [p for p in self.providers.values() if p.enabled]

    def with_keys(self, env: Mapping[str, str]) -> LLMConfig:
        """This config with each provider's API key read from `env` (its api_key_env)."""
        providers = {n: p.model_copy(update={"key": SecretStr(env[p.api_key_env])})
                     if p.api_key_env and env.get(p.api_key_env) else p
                     for n, p in self.providers.items()}
        return self.model_copy(update={"providers": providers})


def _providers(raw: Mapping[str, Mapping[str, Any]]) -> dict[str, ProviderConfig]:
    return {n: ProviderConfig(name=n, **p) for n, p in raw.items()}
