"""USD cost of one call, as a Decimal.

Order: the config's override table (exact "provider/model", then "provider/*"), then the
maintained price data of genai-prices, then zero for local models. Unknown cloud models cost
None (shown as "unknown", never guessed). `PriceList` is the ProviderManager's pricing hook.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import BaseLLMProvider
    from .recorder import CallRecord

MTOK = Decimal(1_000_000)


@dataclass(frozen=True, slots=True)
class PriceOverride:
    input_per_mtok: Decimal
    output_per_mtok: Decimal

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PriceOverride:
        return cls(Decimal(str(data.get("input_per_mtok", 0))),
                   Decimal(str(data.get("output_per_mtok", 0))))

    def cost(self, input_tokens: int, output_tokens: int) -> Decimal:
        return (self.input_per_mtok * input_tokens + self.output_per_mtok * output_tokens) / MTOK


def _genai_price(provider: str, model: str, input_tokens: int, output_tokens: int) -> Decimal | None:
    try:
        from genai_prices import Usage, calc_price
    except ImportError:  # pragma: no cover - genai-prices is a dependency of the llm extra
        return None
    try:
        calc = calc_price(Usage(input_tokens=input_tokens, output_tokens=output_tokens),
                          model_ref=model, provider_id=provider)
    except LookupError:
        return None
    return Decimal(calc.total_price)


def call_cost(provider: str | None, model: str, input_tokens: int, output_tokens: int, *,
              overrides: Mapping[str, PriceOverride] | None = None,
              is_local: bool = False) -> Decimal | None:
    """Cost of one call in USD; `provider` is the genai-prices provider id (anthropic …)."""
    table = overrides or {}
    key = f"{provider or ''}/{model}"
    for k in (key, f"{provider or ''}/*", model):
        if k in table:
            return table[k].cost(input_tokens, output_tokens)
    if input_tokens == 0 and output_tokens == 0:
        return Decimal(0)
    if provider and not is_local:
        price = _genai_price(provider, model, input_tokens, output_tokens)
        if price is not None:
            return price
    return Decimal(0) if is_local else None


@dataclass(frozen=True)
class PriceList:
    """The pricing hook: a call's cost from `overrides`, then genai-prices (`call_cost`)."""

    overrides: Mapping[str, PriceOverride] = field(default_factory=dict)

    def __call__(self, provider: BaseLLMProvider, call: CallRecord) -> Decimal | None:
        return call_cost(provider.price_provider, call.model, call.input_tokens,
                         call.output_tokens, overrides=self.overrides, is_local=call.is_local)
