"""What happened: generation history rows, LLM call rows, and statistics over them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from .columns import utcnow
from .models import Artist, GenerationRecord, LLMCall
from .repository import get_or_create_artist, normalize_name

OUTCOMES = ("ok", "error", "timeout", "invalid", "rate_limited", "auth")


def _money(value: Decimal | float | int | str) -> Decimal:
    cost = value if isinstance(value, Decimal) else Decimal(str(value))
    if not cost.is_finite() or cost < 0:
        raise ValueError(f"cost_usd must be a finite amount ≥ 0, got {value}")
    return cost


def record_generation(session: Session, *, artist: str, provider_used: str,
                      generation_time_ms: float, params: Mapping[str, Any] | None = None,
                      output_files: Sequence[str] = (), cost_usd: Decimal | float = Decimal(0),
                      created_at: datetime | None = None) -> GenerationRecord:
    """Add one generation_history row (the artist row is created if needed)."""
    artist_row = get_or_create_artist(session, artist)
    row = GenerationRecord(
        artist_id=artist_row.id, artist_name=artist_row.name, provider_used=provider_used,
        generation_time_ms=float(generation_time_ms), params=dict(params or {}),
        output_files=[str(f) for f in output_files], cost_usd=_money(cost_usd),
        created_at=created_at or utcnow())
    session.add(row)
    session.flush()
    return row


def record_llm_call(session: Session, *, provider: str, model: str, tokens_in: int = 0,
                    tokens_out: int = 0, cost_usd: Decimal | float = Decimal(0),
                    latency_ms: float = 0.0, outcome: str = "ok", error: str | None = None,
                    created_at: datetime | None = None) -> LLMCall:
    """Add one llm_calls row. outcome: one of OUTCOMES."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, got {outcome!r}")
    row = LLMCall(provider=provider, model=model, tokens_in=int(tokens_in),
                  tokens_out=int(tokens_out), cost_usd=_money(cost_usd),
                  latency_ms=float(latency_ms), outcome=outcome,
                  error=None if error is None else error[:4000], created_at=created_at or utcnow())
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    id: int
    artist: str
    provider_used: str
    generation_time_ms: float
    params: dict[str, Any]
    output_files: list[str]
    cost_usd: Decimal
    created_at: datetime


def history(session: Session, limit: int = 20, *, artist: str | None = None) -> list[HistoryEntry]:
    """The newest generations first (optionally of one artist)."""
    query = select(GenerationRecord).order_by(GenerationRecord.created_at.desc(),
                                              GenerationRecord.id.desc()).limit(max(0, limit))
    if artist is not None:
        query = query.join(Artist, Artist.id == GenerationRecord.artist_id).where(
            Artist.normalized_name == normalize_name(artist))
    return [HistoryEntry(r.id, r.artist_name, r.provider_used, r.generation_time_ms,
                         dict(r.params), list(r.output_files), Decimal(r.cost_usd), r.created_at)
            for r in session.scalars(query)]


@dataclass(frozen=True, slots=True)
class ProviderStats:
    provider: str
    calls: int
    ok: int
    failures: int
    tokens_in: int
    tokens_out: int
    cost_usd: Decimal
    mean_latency_ms: float

    @property
    def success_rate(self) -> float:
        return self.ok / self.calls if self.calls else 0.0


def provider_stats(session: Session, since: datetime | None = None) -> list[ProviderStats]:
    """Per provider since `since` (None: all time): calls, successes, tokens, USD, latency."""
    ok = func.sum(case((LLMCall.outcome == "ok", 1), else_=0))
    query = (select(LLMCall.provider, func.count(LLMCall.id), ok,
                    func.coalesce(func.sum(LLMCall.tokens_in), 0),
                    func.coalesce(func.sum(LLMCall.tokens_out), 0),
                    func.coalesce(func.sum(LLMCall.cost_usd), 0),
                    func.coalesce(func.avg(LLMCall.latency_ms), 0.0))
             .group_by(LLMCall.provider).order_by(LLMCall.provider))
    if since is not None:
        query = query.where(LLMCall.created_at >= since)
    return [ProviderStats(provider=p, calls=int(n), ok=int(k or 0), failures=int(n) - int(k or 0),
                          tokens_in=int(ti), tokens_out=int(to),
                          cost_usd=Decimal(str(c)).quantize(Decimal("0.00000001")),
                          mean_latency_ms=float(lat))
            for p, n, k, ti, to, c, lat in session.execute(query)]
