"""HybridCoordinator: the LLM path, with the offline groove engine as default and fallback.

    provider="template"  the engine only
    provider="auto"      complexity routing picks the provider order (simple → small local
                         model, medium → larger local model, complex → cloud)
    provider=<name>      that provider first, then the configured fallback order

When every provider fails (or none is configured) the engine writes the patterns and
`provider_used` is "template". LLM grids become Patterns through the engine's humanizer when
the engine has one (GrooveEngine: swing, per-voice micro-timing, velocities from the profile),
else through domain.grid.grid_to_pattern unchanged.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .domain.grid import Grid, grid_to_pattern
from .domain.params import GenerationParams
from .domain.pattern import PPQ, Pattern
from .domain.profile import StyleProfile
from .errors import GenerationError, UserInputError
from .llm.config import LLMConfig, load_llm_config
from .llm.manager import ProviderManager
from .llm.prompt import PromptBuilder
from .llm.recorder import CallRecord, CallRecorder
from .llm.routing import ComplexityRouter, RouteDecision

TEMPLATE = "template"
AUTO = "auto"


class PatternEngine(Protocol):
    def generate(self, profile: StyleProfile, params: GenerationParams,
                 seed: int) -> list[Pattern]: ...


@dataclass(frozen=True, slots=True)
class HybridResult:
    """Unpacks as (patterns, provider_used, calls); also says why it fell back, if it did."""

    patterns: list[Pattern]
    provider_used: str
    calls: list[CallRecord] = field(default_factory=list)
    fallback_reason: str = ""
    route: RouteDecision | None = None

    def __iter__(self) -> Iterator[Any]:
        return iter((self.patterns, self.provider_used, self.calls))


class HybridCoordinator:
    def __init__(self, manager: ProviderManager | None, engine: PatternEngine, *,
                 prompts: PromptBuilder | None = None,
                 router: ComplexityRouter | None = None) -> None:
        self.manager = manager
        self.engine = engine
        self.prompts = prompts or PromptBuilder()
        self.router = router

    def choices(self) -> tuple[str, ...]:
        names = tuple(self.manager.providers) if self.manager else ()
        return (TEMPLATE, AUTO, *names)

    def order_for(self, provider: str, profile: StyleProfile,
                  params: GenerationParams) -> tuple[tuple[str, ...], RouteDecision | None]:
        assert self.manager is not None
        if provider == AUTO:
            if self.router is not None and self.router.config.enabled:
                decision = self.router.route(profile, params, self.manager.providers)
                rest = tuple(n for n in self.manager.order if n not in decision.order)
                return decision.order + rest, decision
            return self.manager.order, None
        if provider not in self.manager.providers:
            raise UserInputError(f"provider {provider!r} is not configured; use one of "
                                 + ", ".join(self.choices()), field="provider")
        return (provider, *[n for n in self.manager.order if n != provider]), None

    def generate(self, profile: StyleProfile, params: GenerationParams, seed: int,
                 provider: str = TEMPLATE) -> HybridResult:
        """Synchronous entry point (CLI, services); runs its own event loop."""
        return asyncio.run(self._run_and_close(profile, params, seed, provider))

    async def _run_and_close(self, profile: StyleProfile, params: GenerationParams, seed: int,
                             provider: str) -> HybridResult:
        try:
            return await self.agenerate(profile, params, seed, provider)
        finally:
            if self.manager is not None:
                await self.manager.aclose()

    async def agenerate(self, profile: StyleProfile, params: GenerationParams, seed: int,
                        provider: str = TEMPLATE) -> HybridResult:
        if provider == TEMPLATE:
            return HybridResult(self.engine.generate(profile, params, seed), TEMPLATE)
        if self.manager is None or not self.manager.providers:
            if provider != AUTO:
                raise UserInputError(f"provider {provider!r} is not configured; use template",
                                     field="provider")
            return HybridResult(self.engine.generate(profile, params, seed), TEMPLATE,
                                fallback_reason="no LLM provider configured")
        order, decision = self.order_for(provider, profile, params)
        calls: list[CallRecord] = []
        request = self.prompts.request(profile, params)
        try:
            result = await self.manager.generate(request, order=order, on_record=calls.append)
        except GenerationError as e:
            patterns = self.engine.generate(profile, params, seed)
            return HybridResult(patterns, TEMPLATE, calls, f"LLM failed: {e}", decision)
        patterns = [self.to_pattern(v.grid, v.name or f"Var {k}", profile, params, seed, k)
                    for k, v in enumerate(result.variations, 1)]
        return HybridResult(patterns, result.provider, calls, "", decision)

    def to_pattern(self, grid: Grid, name: str, profile: StyleProfile, params: GenerationParams,
                   seed: int, k: int) -> Pattern:
        tempo = float(params.tempo or profile.params.tempo_avg)
        notes = humanize_grid(self.engine, grid, profile, params, seed, k)
        if notes is None:
            return grid_to_pattern(grid, tempo=tempo, name=name)
        return Pattern(tuple(notes), tempo, params.time_signature, grid.bars, PPQ, name)


def humanize_grid(engine: Any, grid: Grid, profile: StyleProfile, params: GenerationParams,
                  seed: int, k: int) -> list[Any] | None:
    """The engine's swing, micro-timing and velocities applied to an LLM grid, when the engine
    is a GrooveEngine (has `fitted` and `feel`) and the grid is all sixteenths (the engine's
    step); None otherwise, and the grid's exact ticks are used (triplets stay triplets)."""
    if not (hasattr(engine, "fitted") and hasattr(engine, "feel")) or not grid.is_sixteenths:
        return None
    from .groove import lines as groove_lines
    from .groove.engine import DEFAULT_GENRE
    from .groove.humanize import render

    genre = params.genre or profile.primary_genre or DEFAULT_GENRE
    mm = engine.fitted(genre, params.time_signature)
    feel = engine.feel(profile, params)
    rng = random.Random((seed << 12) ^ (5000 + k))
    amount = params.humanize_amount if params.humanize else 0.0
    return list(render(groove_lines.from_grid(grid), grid.bars, mm, feel, amount, PPQ, rng))


def make_coordinator(engine: PatternEngine, *, config: LLMConfig | None = None,
                     recorder: CallRecorder | None = None,
                     env: Mapping[str, str] | None = None) -> HybridCoordinator:
    """A coordinator over every enabled provider of the LLM config (configs/llm.yaml + env)."""
    from .llm.registry import build_providers

    config = config or load_llm_config(env=env)
    providers = build_providers(config, env)
    order = [n for n in config.fallback_order if n in providers]
    order += [n for n in providers if n not in order]
    manager = ProviderManager(providers, order=order, retry=config.retry, recorder=recorder,
                              prices=config.prices)
    return HybridCoordinator(manager, engine, router=ComplexityRouter(config.routing))


def calls_path() -> Path:
    """Where LLM calls are recorded until the database records them: <data_dir>/llm_calls.jsonl."""
    from .config import get_settings

    return get_settings().data_dir / "llm_calls.jsonl"
