"""LLM call records kept in the database: the CallRecorder that services hand the providers.

The LLM layer names outcomes by error kind (success, invalid_output, rate_limit, server, …);
the llm_calls table keeps a smaller vocabulary (storage.records.OUTCOMES). The original kind
is kept at the front of the error text so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from .llm.recorder import CallRecord

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from .storage.models import LLMCall

TO_STORED = {"success": "ok", "invalid_output": "invalid", "rate_limit": "rate_limited",
             "auth": "auth", "timeout": "timeout"}
FROM_STORED = {v: k for k, v in TO_STORED.items()}


class DatabaseCallRecorder:
    """Writes each call to llm_calls; reads them back for stats and routing reports."""

    def __init__(self, engine: Engine, *, local_providers: Iterable[str] = ()) -> None:
        self._engine = engine
        self._local = frozenset(local_providers)

    def record(self, call: CallRecord) -> None:
        from .storage.engine import session_scope
        from .storage.records import record_llm_call

        stored = TO_STORED.get(call.outcome, "error")
        error = call.error if stored != "error" else f"{call.outcome}: {call.error}".rstrip(": ")
        with session_scope(self._engine) as s:
            record_llm_call(s, provider=call.provider, model=call.model,
                            tokens_in=call.input_tokens, tokens_out=call.output_tokens,
                            cost_usd=call.cost_usd or 0, latency_ms=call.latency_ms,
                            outcome=stored, error=error or None, created_at=call.at)

    def calls(self, since: datetime | None = None) -> list[CallRecord]:
        from sqlalchemy import select

        from .storage.engine import session_scope
        from .storage.models import LLMCall

        query = select(LLMCall).order_by(LLMCall.created_at)
        if since is not None:
            query = query.where(LLMCall.created_at >= since)
        with session_scope(self._engine) as s:
            rows = s.execute(query).scalars().all()
            return [self._to_record(r) for r in rows]

    def _to_record(self, row: LLMCall) -> CallRecord:
        outcome = FROM_STORED.get(row.outcome)
        error = row.error or ""
        if outcome is None:
            outcome, _, error = error.partition(": ") if ": " in error else ("error", "", error)
        return CallRecord(at=row.created_at, provider=row.provider, model=row.model,
                          outcome=outcome, input_tokens=row.tokens_in,
                          output_tokens=row.tokens_out, latency_ms=row.latency_ms,
                          cost_usd=row.cost_usd, is_local=row.provider in self._local,
                          error=error)
