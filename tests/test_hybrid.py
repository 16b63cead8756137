"""HybridCoordinator: template, named provider with fallback, auto routing, engine fallback,
LLM grids humanized by the engine."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest

from mididrumigen.domain import GenerationParams, Pattern, StyleParams, StyleProfile, TimeSignature
from mididrumigen.domain.grid import Grid, grid_to_pattern, pattern_to_grid
from mididrumigen.errors import LLMProviderError, UserInputError
from mididrumigen.hybrid import HybridCoordinator, make_coordinator
from mididrumigen.llm import ComplexityRouter, FakeProvider, LLMConfig, ProviderManager, RetryConfig
from mididrumigen.llm.fake_provider import basic_answer

FAST = RetryConfig(max_retries=1, base_delay_s=0.001, max_delay_s=0.002)
PROFILE = StyleProfile("Test Drummer", genres=("rock",),
                       params=StyleParams(swing_percent=50, complexity=0.2, syncopation=0.1))
PARAMS = GenerationParams(bars=2, variations=2, tempo=100, humanize=False)


class CountingEngine:
    """A minimal engine (no humanizer: grids keep their exact ticks): one-note patterns, counts
    its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def generate(self, profile: StyleProfile, params: GenerationParams, seed: int) -> list[Pattern]:
        from mididrumigen.domain import Note

        self.calls += 1
        return [Pattern((Note(0, 36, 100),), 100, params.time_signature, params.bars,
                        name=f"Var {k}") for k in range(1, params.variations + 1)]

    def render_grid(self, grid: Grid, profile: StyleProfile, params: GenerationParams, seed: int,
                    k: int, name: str) -> Pattern:
        return grid_to_pattern(grid, tempo=float(params.tempo or 120), name=name)


def fail(kind: str = "server") -> LLMProviderError:
    return LLMProviderError("down", provider="x", retryable=kind == "server", kind=kind)


def coordinator(*providers: FakeProvider, engine: object | None = None,
                router: ComplexityRouter | None = None) -> HybridCoordinator:
    m = ProviderManager(list(providers), retry=FAST)
    return HybridCoordinator(m, engine or CountingEngine(), router=router)  # type: ignore[arg-type]


def test_template_uses_the_engine_only() -> None:
    a = FakeProvider("a")
    h = coordinator(a)
    patterns, used, calls = h.generate(PROFILE, PARAMS, 1, "template")
    assert used == "template" and len(patterns) == 2 and calls == [] and a.history == []


def test_named_provider_grids_become_patterns() -> None:
    h = coordinator(FakeProvider("a"), FakeProvider("b"))
    patterns, used, calls = h.generate(PROFILE, PARAMS, 1, "b")
    assert used == "b" and [c.provider for c in calls] == ["b"]
    assert [p.name for p in patterns] == ["Var 1", "Var 2"]
    expected = basic_answer(h.prompts.request(PROFILE, PARAMS))["variations"][0]["grid"]
    grid = pattern_to_grid(patterns[0])
    kick = expected.splitlines()[-1]  # "BD X.......X.......|X.......X......."
    assert kick.startswith("BD ") and grid.line(grid.lines[-1][0]) == kick[3:].replace("|", "")
    assert patterns[0].tempo == 100 and patterns[0].total_bars == 2


def test_named_provider_falls_back_along_the_order_then_to_the_engine() -> None:
    engine = CountingEngine()
    a = FakeProvider("a")
    b = FakeProvider("b").enqueue(fail("auth"))
    h = coordinator(a, b, engine=engine)
    result = h.generate(PROFILE, PARAMS, 1, "b")
    assert result.provider_used == "a" and engine.calls == 0
    dead = coordinator(FakeProvider("a").enqueue(fail(), fail()),
                       FakeProvider("b").enqueue(fail("auth")), engine=engine)
    result = dead.generate(PROFILE, PARAMS, 1, "b")
    assert result.provider_used == "template" and engine.calls == 1
    assert "LLM failed" in result.fallback_reason
    assert [c.outcome for c in result.calls] == ["auth", "server", "server"]


def test_unknown_provider_is_a_user_error() -> None:
    with pytest.raises(UserInputError, match="not configured"):
        coordinator(FakeProvider("a")).generate(PROFILE, PARAMS, 1, "nope")


def test_auto_routes_by_complexity() -> None:
    cfg = LLMConfig.from_dict({
        "fallback_order": ["cloud"],
        "providers": {"small": {"kind": "fake", "model": "s"}, "cloud": {"kind": "fake",
                                                                        "model": "c"}},
        "routing": {"tiers": {"simple": ["small", "cloud"], "medium": ["small", "cloud"],
                              "complex": ["cloud"]}}})
    small = FakeProvider("small", is_local=True)
    cloud = FakeProvider("cloud")
    h = coordinator(small, cloud, router=ComplexityRouter(cfg.routing))
    simple = h.generate(PROFILE, PARAMS, 1, "auto")
    assert simple.provider_used == "small" and simple.route is not None
    assert simple.route.tier == "simple"
    prog = StyleProfile("Prog", text_description="experimental polyrhythm",
                        params=StyleParams(complexity=1.0, syncopation=1.0))
    hard = h.generate(prog, GenerationParams(bars=8, variations=4,
                                             time_signature=TimeSignature(11, 8)), 1, "auto")
    assert hard.provider_used == "cloud" and hard.route.tier == "complex"


def test_llm_grids_are_humanized_by_the_groove_engine(runtime: Any) -> None:
    engine = runtime.groove_engine
    h = coordinator(FakeProvider("a"), engine=engine)
    params = GenerationParams(bars=2, variations=2, tempo=100, humanize=True)
    straight = h.generate(PROFILE, GenerationParams(bars=2, variations=2, tempo=100,
                                                    humanize=False), 3, "a").patterns
    humanized = h.generate(PROFILE, params, 3, "a").patterns
    again = h.generate(PROFILE, params, 3, "a").patterns
    assert humanized == again  # deterministic for a seed
    grid_ticks = {n.time for n in straight[0].notes}
    assert all(t % 120 == 0 for t in grid_ticks)
    assert any(n.time % 120 for n in humanized[0].notes)  # micro-timing moved some hits
    assert len({n.velocity for n in humanized[0].notes}) > 3

    def hits(pattern: Pattern) -> list[tuple[str, str]]:
        return [(v.label, "".join("." if c == "." else "x" for c in steps))
                for v, steps in pattern_to_grid(pattern).lines]

    assert hits(humanized[0]) == hits(straight[0])  # the same hits, only feel changed


def test_make_coordinator_without_keys_falls_back_offline() -> None:
    engine = CountingEngine()
    cfg = LLMConfig.from_dict({"fallback_order": ["anthropic", "openai"],
                               "routing": {"enabled": False}})
    cfg_providers = {k: v for k, v in cfg.providers.items() if k in ("anthropic", "openai")}
    cfg = cfg.model_copy(update={"providers": cfg_providers})
    h = make_coordinator(engine, config=cfg, env={})
    result = h.generate(PROFILE, PARAMS, 1, "auto")
    assert result.provider_used == "template" and engine.calls == 1
    assert result.calls == []  # providers without keys are never called
    assert sum((c.cost_usd or Decimal(0)) for c in result.calls) == 0


def test_llm_triplet_grids_keep_their_exact_ticks(runtime: Any) -> None:
    """The engine humanizes sixteenths only; a grid with triplet lines is played as written."""
    from mididrumigen.domain import Voice

    answer = {"variations": [{"name": "shuffle", "lines": [
        {"voice": "RD", "subdivision": "8t", "steps": "x.xx.xx.xx.x|x.xx.xx.xx.x"},
        {"voice": "SD", "steps": "....X.......X...|....X.......X..."},
        {"voice": "BD", "steps": "X.......X.x.....|X.......X......."}]}]}
    h = coordinator(FakeProvider("a").enqueue(answer), engine=runtime.groove_engine)
    params = GenerationParams(bars=2, variations=1, tempo=100, humanize=True)
    (pattern,) = h.generate(PROFILE, params, 3, "a").patterns
    ride = [n.time for n in pattern.notes if n.pitch == 51]
    assert ride[:4] == [0, 320, 480, 800] and all(t % 160 == 0 for t in ride)
    assert pattern_to_grid(pattern).line(Voice.RIDE) == "x.xx.xx.xx.x" * 2


class LoopProvider(FakeProvider):
    """A FakeProvider that notes the event loop of each call and whether it was closed."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.loops: list[object] = []
        self.closed = 0

    async def complete(self, request: Any) -> Any:
        self.loops.append(asyncio.get_running_loop())
        return await super().complete(request)

    async def aclose(self) -> None:
        self.closed += 1
        await super().aclose()


def test_one_coordinator_connects_once_and_keeps_its_clients() -> None:
    """The template path builds no provider; the first LLM request connects, later ones reuse
    the same providers on the coordinator's one event loop; close() closes them."""
    connects: list[int] = []
    a = LoopProvider("a")

    def connect() -> tuple[ProviderManager, None]:
        connects.append(1)
        return ProviderManager([a], retry=FAST), None

    engine = CountingEngine()
    with HybridCoordinator(None, engine, connect=connect) as h:
        assert h.generate(PROFILE, PARAMS, 1, "template").provider_used == "template"
        assert connects == [] and engine.calls == 1
        for seed in (1, 2, 3):
            assert h.generate(PROFILE, PARAMS, seed, "a").provider_used == "a"
        assert connects == [1] and len(a.loops) == 3 and len(set(map(id, a.loops))) == 1
        assert a.closed == 0
        with pytest.raises(UserInputError, match="provider must be one of template, auto, a"):
            h.check("b")
    assert a.closed == 1 and a.loops[0].is_closed()  # type: ignore[attr-defined]


def test_engine_only_coordinator_refuses_llm_names() -> None:
    h = HybridCoordinator(None, CountingEngine())
    h.check("template")
    h.check("auto")
    with pytest.raises(UserInputError, match="provider must be one of template, auto, got"):
        h.check("openai")
    assert h.generate(PROFILE, PARAMS, 1, "auto").fallback_reason == "no LLM provider configured"
