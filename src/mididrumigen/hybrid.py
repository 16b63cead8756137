"""HybridCoordinator: the one place that decides between the offline groove engine and the LLMs.

    provider="template"  the engine only
    provider="auto"      complexity routing picks the provider order (simple → small local
                         model, medium → larger local model, complex → cloud)
    provider=<name>      that provider first, then the configured fallback order

When every provider fails (or none is configured) the engine writes the patterns and
`provider_used` is "template". LLM grids are played by the engine (`render_grid`: swing,
per-voice micro-timing and velocities from the profile), so both paths sound alike.

One coordinator per process: the composition root's services.Runtime (create_app's lifespan,
the CLI command, a worker) builds it and closes it at its end. Its providers are built on the
first LLM request (`connect`), and every LLM call runs on the coordinator's own event-loop
thread, so SDK clients and their connection pools are made once and live as long as the
process. The template path builds no provider and starts no thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Coroutine, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .domain.grid import Grid
from .domain.names import printable
from .domain.params import GenerationParams
from .domain.pattern import Pattern
from .domain.profile import StyleProfile
from .errors import GenerationError, UserInputError

if TYPE_CHECKING:
    import asyncio

    from .llm.config import LLMConfig
    from .llm.manager import ProviderManager
    from .llm.prompt import PromptBuilder
    from .llm.recorder import CallRecord, CallRecorder
    from .llm.routing import ComplexityRouter, RouteDecision

TEMPLATE = "template"
AUTO = "auto"
CLOSE_TIMEOUT_S = 10.0
T = TypeVar("T")


class PatternEngine(Protocol):
    """What the coordinator needs of an engine: write variations, and play a written grid."""

    def generate(self, profile: StyleProfile, params: GenerationParams,
                 seed: int) -> list[Pattern]: ...

    def render_grid(self, grid: Grid, profile: StyleProfile, params: GenerationParams, seed: int,
                    k: int, name: str) -> Pattern: ...


Connect = Callable[[], "tuple[ProviderManager, ComplexityRouter | None]"]


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
    """`manager` and `router` given, or built on first use by `connect`; neither: engine only."""

    def __init__(self, manager: ProviderManager | None, engine: PatternEngine, *,
                 prompts: PromptBuilder | None = None, router: ComplexityRouter | None = None,
                 connect: Connect | None = None) -> None:
        self.engine = engine
        self._manager, self._router, self._connect = manager, router, connect
        self._prompts = prompts
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> HybridCoordinator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def manager(self) -> ProviderManager | None:
        if self._connect is not None:
            with self._lock:
                if self._connect is not None:
                    self._manager, self._router = self._connect()
                    self._connect = None
        return self._manager

    @property
    def router(self) -> ComplexityRouter | None:
        self.manager  # noqa: B018 - connects
        return self._router

    @property
    def prompts(self) -> PromptBuilder:
        if self._prompts is None:
            from .llm.prompt import PromptBuilder

            self._prompts = PromptBuilder()
        return self._prompts

    def choices(self) -> tuple[str, ...]:
        names = tuple(self.manager.providers) if self.manager else ()
        return (TEMPLATE, AUTO, *names)

    def check(self, provider: str) -> None:
        """Refuse a provider that is not among the choices (before anything is generated)."""
        if provider not in (TEMPLATE, AUTO) and provider not in self.choices():
            raise UserInputError(f"provider must be one of {', '.join(self.choices())}, got "
                                 f"{provider!r}", field="provider")

    def order_for(self, provider: str, profile: StyleProfile,
                  params: GenerationParams) -> tuple[tuple[str, ...], RouteDecision | None]:
        manager = self.manager
        assert manager is not None
        if provider == AUTO:
            router = self.router
            if router is not None and router.config.enabled:
                decision = router.route(profile, params, manager.providers)
                rest = tuple(n for n in manager.order if n not in decision.order)
                return decision.order + rest, decision
            return manager.order, None
        if provider not in manager.providers:
            raise UserInputError(f"provider {provider!r} is not configured; use one of "
                                 + ", ".join(self.choices()), field="provider")
        return (provider, *[n for n in manager.order if n != provider]), None

    def generate(self, profile: StyleProfile, params: GenerationParams, seed: int,
                 provider: str = TEMPLATE) -> HybridResult:
        """The variations from the engine (template) or the LLM path; callable from any thread
        but the coordinator's own."""
        if provider == TEMPLATE:
            return HybridResult(self.engine.generate(profile, params, seed), TEMPLATE)
        manager = self.manager
        if manager is None or not manager.providers:
            if provider != AUTO:
                raise UserInputError(f"provider {provider!r} is not configured; use template",
                                     field="provider")
            return HybridResult(self.engine.generate(profile, params, seed), TEMPLATE,
                                fallback_reason="no LLM provider configured")
        return self._run(self._ask(manager, profile, params, seed, provider))

    async def _ask(self, manager: ProviderManager, profile: StyleProfile,
                   params: GenerationParams, seed: int, provider: str) -> HybridResult:
        order, decision = self.order_for(provider, profile, params)
        calls: list[CallRecord] = []
        request = self.prompts.request(profile, params)
        try:
            result = await manager.generate(request, order=order, on_record=calls.append)
        except GenerationError as e:
            patterns = self.engine.generate(profile, params, seed)
            chosen = manager.providers.get(provider)
            why = (f"{provider} is not configured (no API key); " if chosen is not None
                   and not chosen.configured else "")
            reason = printable(f"{why}LLM failed: {e}")  # providers' error text, made printable
            return HybridResult(patterns, TEMPLATE, calls, reason, decision)
        patterns = [self.engine.render_grid(v.grid, profile, params, seed, k, v.name or f"Var {k}")
                    for k, v in enumerate(result.variations, 1)]
        return HybridResult(patterns, result.provider, calls, "", decision)

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run `coro` on the coordinator's event loop (started on first use) and wait for it."""
        import asyncio  # on the LLM path only: the engine path starts faster without it

        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=loop.run_forever, name="mididrumigen-llm",
                                                daemon=True)
                self._thread.start()
                self._loop = loop
            loop = self._loop
        return asyncio.run_coroutine_threadsafe(coro, loop).result()

    def close(self) -> None:
        """Close the providers' clients and stop the event loop (a later call starts a new one)."""
        with self._lock:
            loop, thread, self._loop, self._thread = self._loop, self._thread, None, None
        if loop is None:
            return
        import asyncio

        try:
            if self._manager is not None:
                asyncio.run_coroutine_threadsafe(self._manager.aclose(), loop).result(
                    CLOSE_TIMEOUT_S)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            if thread is not None:
                thread.join(CLOSE_TIMEOUT_S)
            loop.close()


def connect_providers(config: LLMConfig, *, recorder: CallRecorder | None = None,
                      env: Mapping[str, str] | None = None
                      ) -> tuple[ProviderManager, ComplexityRouter]:
    """A ProviderManager over the enabled providers of `config`, falling back in the configured
    order and only through it (a provider left out of the order is used only when asked for
    by name), and its complexity router."""
    from .llm.manager import ProviderManager
    from .llm.registry import build_providers
    from .llm.routing import ComplexityRouter

    providers = build_providers(config, env)
    order = [n for n in config.fallback_order if n in providers]
    manager = ProviderManager(providers, order=order, retry=config.retry, recorder=recorder,
                              prices=config.prices)
    return manager, ComplexityRouter(config.routing)


def make_coordinator(engine: PatternEngine, config: LLMConfig, *,
                     recorder: CallRecorder | None = None,
                     env: Mapping[str, str] | None = None) -> HybridCoordinator:
    """A coordinator over every enabled provider of `config` (settings.llm), built on its
    first LLM request; `env`: where the providers' keys come from instead of the config."""

    def connect() -> tuple[ProviderManager, ComplexityRouter | None]:
        return connect_providers(config, recorder=recorder, env=env)

    return HybridCoordinator(None, engine, connect=connect)
