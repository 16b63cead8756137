"""LLM settings: providers (kind, model, base URL, key variable, timeout), fallback order,
retries, complexity routing and price overrides.

Sources, later wins: the defaults below, configs/llm.yaml (or MIDIDRUMIGEN_LLM_CONFIG), then
environment variables:

    MIDIDRUMIGEN_LLM_ORDER=openai,anthropic        fallback order
    MIDIDRUMIGEN_LLM_<NAME>_MODEL / _BASE_URL / _TIMEOUT / _ENABLED   per provider
    MIDIDRUMIGEN_LLM_ROUTING=0|1                   complexity routing on/off

Keys are read only from the environment variable each provider names (api_key_env). A
provider's `kind` is any kind the provider registry knows: built-in, entry point
("mididrumigen.providers") or registered at run time.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UserInputError
from .pricing import PriceOverride
from .registry import available

DEFAULTS: dict[str, Any] = {
    "fallback_order": ["anthropic", "openai", "google", "ollama_large"],
    "reask_invalid": True,
    "retry": {"max_retries": 2, "base_delay_s": 0.5, "max_delay_s": 2.0, "jitter": 0.25,
              "max_retry_after_s": 4.0, "max_backoff_total_s": 4.5},
    "providers": {
        "anthropic": {"kind": "anthropic", "model": "claude-sonnet-4-6",
                      "api_key_env": "ANTHROPIC_API_KEY", "timeout_s": 60},
        "openai": {"kind": "openai", "model": "gpt-5.4-mini", "api_key_env": "OPENAI_API_KEY",
                   "timeout_s": 60},
        "google": {"kind": "google", "model": "gemini-3.5-flash", "api_key_env": "GEMINI_API_KEY",
                   "timeout_s": 60},
        "ollama_small": {"kind": "ollama", "model": "llama3.2:3b",
                         "base_url": "http://127.0.0.1:11434", "timeout_s": 120,
                         "variations_per_call": 1},
        "ollama_large": {"kind": "ollama", "model": "qwen2.5:14b",
                         "base_url": "http://127.0.0.1:11434", "timeout_s": 180,
                         "variations_per_call": 1},
        "openai_compatible": {"kind": "openai_compatible", "model": "local-model",
                              "base_url": "http://127.0.0.1:8080/v1", "timeout_s": 120,
                              "variations_per_call": 1, "enabled": False},
    },
    "routing": {
        "enabled": True,
        "medium_at": 0.35,
        "complex_at": 0.65,
        "tiers": {"simple": ["ollama_small", "ollama_large", "anthropic", "openai", "google"],
                  "medium": ["ollama_large", "anthropic", "openai", "google"],
                  "complex": ["anthropic", "openai", "google", "ollama_large"]},
        "reference_cloud": "anthropic",
        "experimental_words": ["experimental", "avant", "polyrhythm", "polymeter", "odd time",
                               "math rock", "progressive", "free jazz", "metric modulation",
                               "complex", "unusual", "glitch", "idm", "djent"],
    },
    "prices": {"ollama/*": {"input_per_mtok": 0, "output_per_mtok": 0},
               "openai_compatible/*": {"input_per_mtok": 0, "output_per_mtok": 0}},
}

@dataclass(frozen=True, slots=True)
class ProviderConfig:
    name: str
    kind: str
    model: str
    api_key_env: str | None = None
    base_url: str | None = None
    timeout_s: float = 60.0
    variations_per_call: int = 8
    enabled: bool = True

    def api_key(self, env: Mapping[str, str] | None = None) -> str | None:
        if not self.api_key_env:
            return None
        return (env if env is not None else os.environ).get(self.api_key_env) or None


@dataclass(frozen=True, slots=True)
class RetryConfig:
    max_retries: int = 2
    base_delay_s: float = 0.5
    max_delay_s: float = 2.0
    jitter: float = 0.25
    max_retry_after_s: float = 4.0  # a longer Retry-After moves on to the next provider
    max_backoff_total_s: float = 4.5  # per provider: the next one starts within 5 s


@dataclass(frozen=True, slots=True)
class RoutingConfig:
    enabled: bool = True
    medium_at: float = 0.35
    complex_at: float = 0.65
    tiers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    reference_cloud: str = "anthropic"
    experimental_words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LLMConfig:
    providers: Mapping[str, ProviderConfig]
    fallback_order: tuple[str, ...]
    retry: RetryConfig = field(default_factory=RetryConfig)
    routing: RoutingConfig = field(default_factory=RoutingConfig)
    prices: Mapping[str, PriceOverride] = field(default_factory=dict)
    reask_invalid: bool = True

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LLMConfig:
        merged = _merge(copy.deepcopy(DEFAULTS), dict(data))
        kinds = available()
        providers = {}
        for name, p in merged["providers"].items():
            if not isinstance(p, Mapping) or p.get("kind") not in kinds:
                raise UserInputError(f"llm provider {name!r}: kind must be one of "
                                     f"{', '.join(kinds)}", field="providers")
            providers[name] = ProviderConfig(
                name=name, kind=p["kind"], model=str(p["model"]), api_key_env=p.get("api_key_env"),
                base_url=p.get("base_url"), timeout_s=float(p.get("timeout_s", 60)),
                variations_per_call=int(p.get("variations_per_call", 8)),
                enabled=bool(p.get("enabled", True)))
        order = tuple(merged["fallback_order"])
        unknown = [n for n in order if n not in providers]
        if unknown:
            raise UserInputError(f"fallback_order names unknown provider(s): {', '.join(unknown)}",
                                 field="fallback_order")
        r = merged["routing"]
        routing = RoutingConfig(
            enabled=bool(r["enabled"]), medium_at=float(r["medium_at"]),
            complex_at=float(r["complex_at"]),
            tiers={k: tuple(v) for k, v in r["tiers"].items()},
            reference_cloud=str(r["reference_cloud"]),
            experimental_words=tuple(w.lower() for w in r["experimental_words"]))
        return cls(providers=providers, fallback_order=order,
                   retry=RetryConfig(**merged["retry"]), routing=routing,
                   prices={k: PriceOverride.from_dict(v) for k, v in merged["prices"].items()},
                   reask_invalid=bool(merged["reask_invalid"]))

    def enabled(self) -> list[ProviderConfig]:
        return [p for p in self.providers.values() if p.enabled]


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    for k, v in over.items():
        if isinstance(v, Mapping) and isinstance(base.get(k), dict):
            base[k] = _merge(base[k], v)
        else:
            base[k] = v
    return base


def _env_overrides(data: dict[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    order = env.get("MIDIDRUMIGEN_LLM_ORDER")
    if order:
        data["fallback_order"] = [n.strip() for n in order.split(",") if n.strip()]
    routing = env.get("MIDIDRUMIGEN_LLM_ROUTING")
    if routing is not None:
        data.setdefault("routing", {})["enabled"] = routing.strip().lower() in ("1", "true", "yes")
    names = set(DEFAULTS["providers"]) | set(data.get("providers", {}))
    for name in names:
        prefix = f"MIDIDRUMIGEN_LLM_{name.upper()}_"
        for suffix, key, conv in (("MODEL", "model", str), ("BASE_URL", "base_url", str),
                                  ("TIMEOUT", "timeout_s", float),
                                  ("ENABLED", "enabled", lambda s: s.lower() in ("1", "true"))):
            if prefix + suffix in env:
                data.setdefault("providers", {}).setdefault(name, {})[key] = conv(env[prefix + suffix])
    return data


def load_llm_config(path: Path | None = None, env: Mapping[str, str] | None = None) -> LLMConfig:
    """Defaults < YAML file (`llm:` section) < environment."""
    env = os.environ if env is None else env
    path = Path(path or env.get("MIDIDRUMIGEN_LLM_CONFIG", "configs/llm.yaml"))
    data: dict[str, Any] = {}
    if path.is_file():
        import yaml

        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        section = raw.get("llm", raw) if isinstance(raw, dict) else {}
        data = dict(section) if isinstance(section, dict) else {}
    return LLMConfig.from_dict(_env_overrides(data, env))
