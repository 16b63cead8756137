"""What happened: generation history rows, LLM call rows, and statistics over them.

`llm_usage` is the one aggregation of LLM calls (per provider, per UTC day or over the whole
period) behind `mididrumigen stats` and GET /api/v1/stats. Outcomes are errors.CallOutcome
values, the words the providers use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ..errors import CallOutcome
from .columns import utcnow
from .engine import on_conflict_insert
from .models import Artist, GenerationRecord, LLMCall
from .repository import get_or_create_artist, normalize_name

CENT = Decimal("0.01")


def _money(value: Decimal | float | int | str) -> Decimal:
    cost = value if isinstance(value, Decimal) else Decimal(str(value))
    if not cost.is_finite() or cost < 0:
        raise ValueError(f"cost_usd must be a finite amount ≥ 0, got {value}")
    return cost


def record_generation(session: Session, *, artist: str, provider_used: str,
                      generation_time_ms: float, params: Mapping[str, Any] | None = None,
                      output_files: Sequence[str] = (), cost_usd: Decimal | float = Decimal(0),
                      created_at: datetime | None = None,
                      generation_id: str | None = None) -> GenerationRecord:
    """Add one generation_history row (the artist row is created if needed). A generation_id
    already recorded (the same generation saved again: a job re-run after its worker died)
    returns that row: each generation is recorded once."""
    if generation_id:
        found = session.scalar(select(GenerationRecord).where(
            GenerationRecord.generation_id == generation_id))
        if found is not None:
            return found
    artist_row = get_or_create_artist(session, artist)
    row = GenerationRecord(artist_id=artist_row.id, artist_name=artist_row.name, **_columns(
        provider_used=provider_used, generation_time_ms=generation_time_ms, params=params,
        output_files=output_files, cost_usd=cost_usd, created_at=created_at,
        generation_id=generation_id))
    session.add(row)
    session.flush()
    return row


def _columns(*, provider_used: str, generation_time_ms: float,
             params: Mapping[str, Any] | None = None, output_files: Sequence[str] = (),
             cost_usd: Decimal | float = Decimal(0), created_at: datetime | None = None,
             generation_id: str | None = None) -> dict[str, Any]:
    """A generation_history row's own columns from record_generation's keyword arguments
    (TypeError for any other)."""
    return {"provider_used": provider_used, "generation_time_ms": float(generation_time_ms),
            "params": dict(params or {}), "output_files": [str(f) for f in output_files],
            "cost_usd": _money(cost_usd), "created_at": created_at or utcnow(),
            "generation_id": generation_id or None}


def record_generations(conn: Connection, entries: Sequence[Mapping[str, Any]]) -> None:
    """record_generation for each entry (its keyword arguments), as a few Core statements for
    the whole batch: the artists in one query, the rows in one INSERT (executemany) that skips
    a generation_id already recorded (ON CONFLICT DO NOTHING on SQLite and PostgreSQL; one
    query for the recorded ids elsewhere). The same rows as one call per entry; a
    generation_id already recorded, or twice in `entries`, is recorded once."""
    if not entries:
        return
    artists_table, table = Artist.__table__, GenerationRecord.__table__
    keys = {normalize_name(str(e["artist"])) for e in entries}
    artists: dict[str, tuple[int, str]] = {
        key: (id_, name) for id_, name, key in conn.execute(
            select(artists_table.c.id, artists_table.c.name, artists_table.c.normalized_name)
            .where(artists_table.c.normalized_name.in_(keys)))}
    statement = _insert_new_generations(conn.dialect.name)
    seen: set[str] = set()
    if statement is None:
        ids = {str(e["generation_id"]) for e in entries if e.get("generation_id")}
        seen = set(conn.scalars(select(table.c.generation_id)
                                .where(table.c.generation_id.in_(ids)))) if ids else set()
    rows = []
    for entry in entries:
        fields = dict(entry)
        artist = str(fields.pop("artist"))
        row = _columns(**fields)
        if row["generation_id"] is not None:
            if row["generation_id"] in seen:
                continue
            seen.add(row["generation_id"])
        key = normalize_name(artist)
        if key not in artists:  # a new artist: made (or read) the careful way
            with Session(bind=conn) as session:  # inside conn's transaction
                made = get_or_create_artist(session, artist)
                artists[key] = (made.id, made.name)
        row["artist_id"], row["artist_name"] = artists[key]
        rows.append(row)
    if rows:
        conn.execute(insert(table) if statement is None else statement, rows)


def _insert_new_generations(dialect: str) -> Any:
    """INSERT INTO generation_history that skips a generation_id already there, where the
    database says so in the statement (None: elsewhere)."""
    dialect_insert = on_conflict_insert(dialect)
    if dialect_insert is None:
        return None
    return dialect_insert(GenerationRecord.__table__).on_conflict_do_nothing(
        index_elements=["generation_id"])


def record_llm_call(session: Session, *, provider: str, model: str, tokens_in: int = 0,
                    tokens_out: int = 0, cost_usd: Decimal | float | None = Decimal(0),
                    latency_ms: float = 0.0, outcome: str = CallOutcome.SUCCESS,
                    error: str | None = None, created_at: datetime | None = None) -> LLMCall:
    """Add one llm_calls row. outcome: a CallOutcome; cost_usd None: no known price."""
    if outcome not in {o.value for o in CallOutcome}:
        raise ValueError(f"outcome must be one of {', '.join(CallOutcome)}, got {outcome!r}")
    row = LLMCall(provider=provider, model=model, tokens_in=int(tokens_in),
                  tokens_out=int(tokens_out),
                  cost_usd=None if cost_usd is None else _money(cost_usd),
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
class LLMUsage:
    """LLM calls of one provider, on one UTC day (`day`) or over the whole period (None)."""

    provider: str
    day: date | None
    requests: int
    successes: int
    mean_latency_ms: float
    cost_usd: Decimal  # exact sum of the known costs
    unknown_cost_calls: int  # calls to a cloud model without a known price
    input_tokens: int
    output_tokens: int

    @property
    def failures(self) -> int:
        return self.requests - self.successes

    @property
    def success_rate(self) -> float:
        return self.successes / self.requests if self.requests else 0.0

    @property
    def cost_cents(self) -> Decimal:
        return self.cost_usd.quantize(CENT)


def llm_usage(session: Session, since: datetime | None = None, *,
              by_day: bool = True) -> list[LLMUsage]:
    """LLM calls since `since` (None: all time) per provider, and per UTC day when `by_day`:
    requests, successes, mean latency, exact USD cost, tokens. Sorted by day, then provider."""
    ok = func.sum(case((LLMCall.outcome == CallOutcome.SUCCESS.value, 1), else_=0))
    unknown = func.sum(case((LLMCall.cost_usd.is_(None), 1), else_=0))
    if session.get_bind().dialect.name == "postgresql":
        day = func.date(func.timezone("UTC", LLMCall.created_at))
    else:  # SQLite keeps UTC timestamps without a zone
        day = func.date(LLMCall.created_at)
    keys = [day, LLMCall.provider] if by_day else [LLMCall.provider]
    query = (select(*keys, func.count(LLMCall.id), ok, func.avg(LLMCall.latency_ms),
                    func.coalesce(func.sum(LLMCall.cost_usd), 0), unknown,
                    func.coalesce(func.sum(LLMCall.tokens_in), 0),
                    func.coalesce(func.sum(LLMCall.tokens_out), 0))
             .group_by(*keys).order_by(*keys))
    if since is not None:
        query = query.where(LLMCall.created_at >= since)
    out = []
    for row in session.execute(query):
        d = row[0] if by_day else None
        provider, n, k, lat, cost, unk, tin, tout = tuple(row)[-8:]
        out.append(LLMUsage(
            provider=provider, day=None if d is None else _as_date(d), requests=int(n),
            successes=int(k or 0), mean_latency_ms=float(lat or 0.0),
            cost_usd=Decimal(str(cost)).quantize(Decimal("0.00000001")),
            unknown_cost_calls=int(unk or 0), input_tokens=int(tin), output_tokens=int(tout)))
    return out


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
