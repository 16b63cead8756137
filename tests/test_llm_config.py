"""LLM config (the `llm` section of the settings: YAML + env), the provider registry (entry
points), complexity routing."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from importlib.metadata import EntryPoint
from pathlib import Path
from types import SimpleNamespace

import pytest

from mididrumigen import plugins
from mididrumigen.config import Settings
from mididrumigen.domain import GenerationParams, StyleParams, StyleProfile, TimeSignature
from mididrumigen.errors import UserInputError
from mididrumigen.llm import (
    ComplexityRouter,
    FakeProvider,
    LLMConfig,
    build_providers,
    provider_class,
    register,
    routing_report,
)
from mididrumigen.llm import registry as reg
from mididrumigen.llm.anthropic_provider import AnthropicProvider
from mididrumigen.llm.local_provider import OllamaProvider

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "configs" / "llm.yaml"


@pytest.fixture
def llm_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No MIDIDRUMIGEN_LLM* variable from the developer's shell."""
    for key in [k for k in os.environ if k.upper().startswith("MIDIDRUMIGEN_LLM")]:
        monkeypatch.delenv(key)
    return monkeypatch


def test_shipped_yaml_matches_defaults_and_env_overrides(llm_env: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    assert Settings(config_files=[SHIPPED]).llm == LLMConfig.from_dict({})
    llm_env.setenv("MIDIDRUMIGEN_LLM_ORDER", "openai, anthropic")
    llm_env.setenv("MIDIDRUMIGEN_LLM_OPENAI_MODEL", "gpt-5.4-nano")
    llm_env.setenv("MIDIDRUMIGEN_LLM_OLLAMA_SMALL_BASE_URL", "http://127.0.0.1:9999")
    llm_env.setenv("MIDIDRUMIGEN_LLM_OPENAI_COMPATIBLE_ENABLED", "1")
    llm_env.setenv("MIDIDRUMIGEN_LLM_ROUTING", "0")
    llm_env.setenv("MIDIDRUMIGEN_LLM__RETRY__MAX_RETRIES", "5")  # any field, nested
    cfg = Settings(config_files=[SHIPPED]).llm
    assert cfg.fallback_order == ("openai", "anthropic")
    assert cfg.providers["openai"].model == "gpt-5.4-nano"
    assert cfg.providers["openai"].kind == "openai"  # the rest of the entry stays
    assert cfg.providers["ollama_small"].base_url == "http://127.0.0.1:9999"
    assert cfg.providers["openai_compatible"].enabled and not cfg.routing.enabled
    assert cfg.retry.max_retries == 5 and cfg.retry.base_delay_s == 0.5
    custom = tmp_path / "llm.yaml"
    custom.write_text("llm:\n  fallback_order: [mine]\n  providers:\n    mine: {kind: fake, "
                      "model: m}\n", encoding="utf-8")
    for key in ("MIDIDRUMIGEN_LLM_ORDER", "MIDIDRUMIGEN_LLM__RETRY__MAX_RETRIES"):
        llm_env.delenv(key)
    llm_env.setenv("MIDIDRUMIGEN_LLM_CONFIG", str(custom))
    mine = Settings().llm
    assert mine.fallback_order == ("mine",) and "anthropic" in mine.providers  # added to defaults
    assert custom in Settings().config_files


def test_bad_config_is_a_user_error(llm_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(UserInputError, match="unknown provider"):
        LLMConfig.from_dict({"fallback_order": ["nope"]})
    llm_env.setenv("MIDIDRUMIGEN_LLM_ORDER", "nope")
    with pytest.raises(UserInputError, match="llm: fallback_order names unknown provider"):
        Settings()
    with pytest.raises(UserInputError, match="unknown provider kind 'telepathy'"):
        build_providers(LLMConfig.from_dict({"providers": {"x": {"kind": "telepathy",
                                                                 "model": "m"}}}))


def test_keys_come_from_the_environment_only() -> None:
    cfg = LLMConfig.from_dict({})
    with_key = build_providers(cfg, env={"ANTHROPIC_API_KEY": "sk-test"})
    without = build_providers(cfg, env={})
    assert isinstance(with_key["anthropic"], AnthropicProvider) and with_key["anthropic"].configured
    assert not without["anthropic"].configured
    assert isinstance(without["ollama_small"], OllamaProvider) and without["ollama_small"].is_local
    assert "openai_compatible" not in without  # disabled by default


def test_registry_loads_entry_points_like_builtins(monkeypatch: pytest.MonkeyPatch) -> None:
    ep = EntryPoint(name="myfake", value="mididrumigen.llm.fake_provider:FakeProvider",
                    group=reg.GROUP)
    monkeypatch.setattr(plugins, "entry_points",
                        lambda group: [ep] if group == reg.GROUP else [])
    assert provider_class("myfake") is FakeProvider
    register("runtime", FakeProvider)
    try:
        assert provider_class("runtime") is FakeProvider
    finally:
        reg._REGISTRY.unregister("runtime")
    with pytest.raises(UserInputError, match="unknown provider kind"):
        provider_class("nothing")


def test_config_accepts_kinds_registered_through_entry_points(
        monkeypatch: pytest.MonkeyPatch) -> None:
    ep = EntryPoint(name="acme", value="mididrumigen.llm.fake_provider:FakeProvider",
                    group=reg.GROUP)
    monkeypatch.setattr(plugins, "entry_points",
                        lambda group: [ep] if group == reg.GROUP else [])
    cfg = LLMConfig.from_dict({"fallback_order": ["mine"],
                               "providers": {"mine": {"kind": "acme", "model": "m"}}})
    assert cfg.providers["mine"].kind == "acme"
    assert isinstance(build_providers(cfg)["mine"], FakeProvider)
    with pytest.raises(UserInputError, match="unknown provider kind .*acme"):
        build_providers(LLMConfig.from_dict({"providers": {"x": {"kind": "telepathy",
                                                                 "model": "m"}}}))


def test_importing_llm_loads_no_sdk() -> None:
    code = ("import sys, mididrumigen.llm, mididrumigen.hybrid; "
            "bad = [m for m in ('anthropic', 'openai', 'google.genai', 'httpx', 'genai_prices')"
            " if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


ROUTER = ComplexityRouter(LLMConfig.from_dict({}).routing)


def test_routing_tiers() -> None:
    plain = StyleProfile("Plain", params=StyleParams(complexity=0.2, syncopation=0.1))
    simple = ROUTER.route(plain, GenerationParams(bars=2, variations=1))
    assert simple.tier == "simple" and simple.order[0] == "ollama_small"
    medium = ROUTER.route(plain, GenerationParams(bars=4, variations=2,
                                                  time_signature=TimeSignature(7, 8)))
    assert medium.tier == "medium" and medium.order[0] == "ollama_large"
    assert "odd meter 7/8" in medium.reasons
    prog = StyleProfile("Prog", text_description="Experimental polyrhythm and metric modulation",
                        params=StyleParams(complexity=0.9, syncopation=0.8))
    hard = ROUTER.route(prog, GenerationParams(bars=8, variations=4,
                                               time_signature=TimeSignature(11, 8)))
    assert hard.tier == "complex" and hard.order[0] == "anthropic"
    assert ROUTER.route(prog, GenerationParams(), available=["openai"]).order == ("openai",)


def test_routing_report_counts_and_savings() -> None:
    usage = [SimpleNamespace(provider="ollama_small", requests=1, input_tokens=1_000_000,
                             output_tokens=100_000, cost_usd=Decimal(0)),
             SimpleNamespace(provider="anthropic", requests=2, input_tokens=1_000_000,
                             output_tokens=0, cost_usd=Decimal(3))]
    rep = routing_report(usage, {"ollama_small"}, "anthropic", "claude-sonnet-4-6")
    assert (rep.local_calls, rep.cloud_calls) == (1, 2)
    # the local call at cloud prices: $3 in + $1.5 out
    assert rep.all_cloud_cost_usd == Decimal("7.5") and rep.savings_usd == Decimal("4.5")
