"""LLM usage and provider health: what `mididrumigen stats`, `mididrumigen doctor` and
GET /api/v1/stats show.

Usage is one SQL aggregation (storage.records.llm_usage) over the llm_calls table, after the
calls that processes without a database wrote to settings.storage.llm_calls_file are moved in.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..llm.config import LLMConfig
    from ..llm.routing import RoutingReport
    from ..storage.records import LLMUsage
    from .runtime import Runtime


def local_providers(config: LLMConfig) -> list[str]:
    """Names of the configured providers that run on this machine (Ollama, llama.cpp …)."""
    from ..llm.registry import is_local_kind

    return [n for n, p in config.providers.items() if is_local_kind(p.kind)]


def _usage(runtime: Runtime, db: Engine, since: datetime | None, by_day: bool) -> list[LLMUsage]:
    from ..call_log import ingest_jsonl
    from ..storage.engine import read_scope
    from ..storage.records import llm_usage as usage_rows

    ingest_jsonl(db, runtime.settings.storage.llm_calls_file)
    with read_scope(db) as s:
        return usage_rows(s, since, by_day=by_day)


def provider_totals(runtime: Runtime, db: Engine) -> list[LLMUsage]:
    """Every recorded LLM call, per provider, all time."""
    return _usage(runtime, db, None, by_day=False)


def llm_usage(runtime: Runtime, days: int, db: Engine) -> tuple[list[LLMUsage], RoutingReport]:
    """LLM calls of the last `days` days per provider per UTC day (storage.records.LLMUsage)
    and the routing report (local vs cloud calls, cost, estimated savings vs all-cloud)."""
    from ..llm.routing import routing_report

    config = runtime.settings.llm
    rows = _usage(runtime, db, datetime.now(UTC) - timedelta(days=days), by_day=True)
    ref = config.providers.get(config.routing.reference_cloud)
    report = routing_report(rows, local_providers(config), ref.kind if ref else "anthropic",
                            ref.model if ref else "claude-sonnet-4-6", config.prices)
    return rows, report


def llm_usage_public(runtime: Runtime, days: int, db: Engine) -> dict[str, Any]:
    """llm_usage as JSON: what `mididrumigen stats --json` prints and /api/v1/stats carries."""
    from ..storage.records import CENT

    rows, report = llm_usage(runtime, days, db)
    return {
        "days": [{"day": r.day.isoformat() if r.day else None, "provider": r.provider,
                  "requests": r.requests, "success_rate": round(r.success_rate, 4),
                  "mean_latency_ms": round(r.mean_latency_ms, 1),
                  "cost_usd": str(r.cost_cents), "unknown_cost_calls": r.unknown_cost_calls,
                  "input_tokens": r.input_tokens, "output_tokens": r.output_tokens}
                 for r in rows],
        "local_calls": report.local_calls, "cloud_calls": report.cloud_calls,
        "cost_usd": str(report.actual_cost_usd.quantize(CENT)),
        "estimated_savings_usd": str(report.savings_usd.quantize(CENT))}


def provider_checks(runtime: Runtime) -> dict[str, Any]:
    """Each configured provider — kind, model, local, key present / server reachable — the
    fallback order and whether complexity routing is on. Never calls a paid API: cloud
    providers are checked for their key, local servers probed only on loopback."""
    import asyncio

    from ..llm.registry import build_providers

    config = runtime.settings.llm
    providers = build_providers(config)

    async def check_all() -> list[Any]:
        try:
            return list(await asyncio.gather(*(p.validate_credentials()
                                               for p in providers.values())))
        finally:
            for p in providers.values():
                await p.aclose()

    rows = [{"provider": c.provider, "kind": providers[c.provider].kind,
             "model": providers[c.provider].model, "local": providers[c.provider].is_local,
             "configured": c.configured, "usable": c.usable, "detail": c.detail}
            for c in asyncio.run(check_all())]
    return {"providers": rows,
            "fallback_order": [n for n in config.fallback_order if n in providers],
            "routing": config.routing.enabled}
