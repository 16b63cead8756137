"""Generation history and statistics from the database."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..domain.names import clean_artist_name
from ..errors import UserInputError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def record_generations(engine: Engine, entries: list[dict[str, Any]]) -> int:
    """Add generation_history rows in one transaction; each entry holds the keyword arguments of
    storage.records.record_generation (artist, provider_used, generation_time_ms, params…)."""
    from ..storage.engine import session_scope
    from ..storage.records import record_generation

    with session_scope(engine) as s:
        for entry in entries:
            record_generation(s, **entry)
    return len(entries)


def stats(engine: Engine) -> dict[str, Any]:
    """Per-provider LLM statistics and generation counts, from the database."""
    from sqlalchemy import func, select

    from ..storage.engine import read_scope
    from ..storage.models import GenerationRecord
    from ..storage.records import provider_stats

    with read_scope(engine) as s:
        providers = provider_stats(s)
        by_provider = s.execute(select(GenerationRecord.provider_used, func.count(),
                                       func.avg(GenerationRecord.generation_time_ms))
                                .group_by(GenerationRecord.provider_used)).all()
    return {
        "providers": [{"provider": p.provider, "requests": p.calls, "successes": p.ok,
                       "failures": p.failures, "success_rate": p.success_rate,
                       "mean_latency_ms": p.mean_latency_ms, "tokens_in": p.tokens_in,
                       "tokens_out": p.tokens_out, "cost_usd": str(p.cost_usd)}
                      for p in providers],
        "generations": {"total": sum(int(n) for _, n, _ in by_provider),
                        "by_provider": {str(p): {"count": int(n), "mean_time_ms": float(t or 0)}
                                        for p, n, t in by_provider}},
        "llm_usage": llm_usage_public(30, engine),
    }


def llm_usage(days: int = 7, db: Engine | None = None) -> tuple[list[Any], Any]:
    """LLM calls of the last `days` days per provider per UTC day (llm.recorder.summarize rows)
    and the routing report (local vs cloud calls, cost, estimated savings vs all-cloud)."""
    from datetime import UTC, datetime, timedelta

    from ..llm.config import load_llm_config
    from ..llm.recorder import summarize
    from ..llm.routing import routing_report
    from .llm_path import llm_calls

    calls = llm_calls(datetime.now(UTC) - timedelta(days=days), db)
    config = load_llm_config()
    ref = config.providers.get(config.routing.reference_cloud)
    report = routing_report(calls, ref.kind if ref else "anthropic",
                            ref.model if ref else "claude-sonnet-4-6", config.prices)
    return summarize(calls), report


def llm_usage_public(days: int = 7, db: Engine | None = None) -> dict[str, Any]:
    """llm_usage as JSON: what `mididrumigen stats --json` prints and /api/v1/stats carries."""
    from ..llm.recorder import CENT

    rows, report = llm_usage(days, db)
    return {
        "days": [{"day": r.day.isoformat(), "provider": r.provider, "requests": r.requests,
                  "success_rate": round(r.success_rate, 4),
                  "mean_latency_ms": round(r.mean_latency_ms, 1),
                  "cost_usd": str(r.cost_cents), "unknown_cost_calls": r.unknown_cost_calls,
                  "input_tokens": r.input_tokens, "output_tokens": r.output_tokens}
                 for r in rows],
        "local_calls": report.local_calls, "cloud_calls": report.cloud_calls,
        "cost_usd": str(report.actual_cost_usd.quantize(CENT)),
        "estimated_savings_usd": str(report.savings_usd.quantize(CENT))}


def history(engine: Engine, limit: int = 20, artist: str | None = None) -> list[Any]:
    """The newest generations first (storage.records.HistoryEntry), optionally of one artist."""
    from ..storage.engine import read_scope
    from ..storage.records import history as read_history

    if not 1 <= limit <= 1000:
        raise UserInputError(f"limit must be in range 1..1000, got {limit}", field="limit")
    with read_scope(engine) as s:
        return read_history(s, limit, artist=clean_artist_name(artist) if artist else None)
