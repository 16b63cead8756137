"""Complexity routing: score a request 0..1, pick a tier, and the tier's provider order.

    score = w.bars × bars/16 + w.odd_meter × [meter not 4/4, 3/4, 2/4, 6/8, 12/8]
          + w.variations × variations/8 + w.experimental × [an experimental word in the
            description or genres] + w.complexity × (requested or profile complexity)
          + w.syncopation × profile syncopation            (capped at 1)

simple (< medium_at) → a small local model, medium (< complex_at) → a larger local model,
complex → cloud; each tier's list continues with fallbacks. `routing_report` counts local vs
cloud calls and estimates the savings against sending everything to the reference cloud model,
from the per-provider usage totals (storage.records.llm_usage rows).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from ..domain.params import GenerationParams
from ..domain.profile import StyleProfile
from .config import RoutingConfig
from .pricing import PriceOverride, call_cost

COMMON_METERS = frozenset({"4/4", "3/4", "2/4", "6/8", "12/8"})
WEIGHTS = {"bars": 0.15, "odd_meter": 0.3, "variations": 0.1, "experimental": 0.3,
           "complexity": 0.25, "syncopation": 0.1}


@dataclass(frozen=True, slots=True)
class RouteDecision:
    score: float
    tier: str
    order: tuple[str, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ComplexityRouter:
    config: RoutingConfig
    weights: Mapping[str, float] | None = None

    def score(self, profile: StyleProfile, params: GenerationParams) -> tuple[float, list[str]]:
        w = {**WEIGHTS, **(self.weights or {})}
        reasons: list[str] = []
        s = w["bars"] * min(params.bars / 16, 1.0)
        if str(params.time_signature) not in COMMON_METERS:
            s += w["odd_meter"]
            reasons.append(f"odd meter {params.time_signature}")
        s += w["variations"] * min(params.variations / 8, 1.0)
        text = " ".join((profile.text_description, *profile.genres, params.genre or "")).lower()
        words = [word for word in self.config.experimental_words if word in text]
        if words:
            s += w["experimental"]
            reasons.append("experimental: " + ", ".join(words[:3]))
        cx = params.complexity if params.complexity is not None else profile.params.complexity
        s += w["complexity"] * cx + w["syncopation"] * profile.params.syncopation
        return min(s, 1.0), reasons

    def tier_for(self, score: float) -> str:
        if score >= self.config.complex_at:
            return "complex"
        if score >= self.config.medium_at:
            return "medium"
        return "simple"

    def route(self, profile: StyleProfile, params: GenerationParams,
              available: Iterable[str] | None = None) -> RouteDecision:
        score, reasons = self.score(profile, params)
        tier = self.tier_for(score)
        order = tuple(self.config.tiers.get(tier, ()))
        if available is not None:
            have = set(available)
            order = tuple(n for n in order if n in have)
        return RouteDecision(round(score, 3), tier, order, tuple(reasons))


@dataclass(frozen=True, slots=True)
class RoutingReport:
    local_calls: int
    cloud_calls: int
    actual_cost_usd: Decimal
    all_cloud_cost_usd: Decimal  # the same tokens priced at the reference cloud model
    savings_usd: Decimal


class ProviderUsage(Protocol):
    """Calls of one provider, summed (storage.records.LLMUsage is one)."""

    @property
    def provider(self) -> str: ...
    @property
    def requests(self) -> int: ...
    @property
    def input_tokens(self) -> int: ...
    @property
    def output_tokens(self) -> int: ...
    @property
    def cost_usd(self) -> Decimal: ...


def routing_report(usage: Iterable[ProviderUsage], local: Collection[str],
                   reference_provider: str, reference_model: str,
                   overrides: Mapping[str, PriceOverride] | None = None) -> RoutingReport:
    """Local vs cloud calls; the local providers' (named in `local`) tokens priced at the
    reference cloud model are the estimated savings."""
    local_calls = cloud_calls = 0
    actual = all_cloud = Decimal(0)
    for u in usage:
        actual += u.cost_usd
        if u.provider in local:
            local_calls += u.requests
            ref = call_cost(reference_provider, reference_model, u.input_tokens,
                            u.output_tokens, overrides=overrides)
            all_cloud += ref if ref is not None else Decimal(0)
        else:
            cloud_calls += u.requests
            all_cloud += u.cost_usd
    return RoutingReport(local_calls, cloud_calls, actual, all_cloud, all_cloud - actual)
