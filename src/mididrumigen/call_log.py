"""LLM call records kept in the database: the CallRecorder that services hand the providers.

A CallRecord becomes one llm_calls row as it is — the same outcome words (errors.CallOutcome),
the same cost (NULL when the model has no known price). Processes without a database write a
JSON-lines file instead (llm.recorder.JsonlCallRecorder); `ingest_jsonl` moves its lines into
the table before statistics are read, so storage.records.llm_usage counts every call once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CallOutcome
from .llm.recorder import CallRecord, JsonlCallRecorder

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from .storage.models import LLMCall


class DatabaseCallRecorder:
    """Writes each call to llm_calls; reads them back (`is_local` for the names given)."""

    def __init__(self, engine: Engine, *, local_providers: Iterable[str] = ()) -> None:
        self._engine = engine
        self._local = frozenset(local_providers)

    def record(self, call: CallRecord) -> None:
        self.record_many([call])

    def record_many(self, calls: Iterable[CallRecord]) -> int:
        from .storage.engine import session_scope
        from .storage.records import record_llm_call

        n = 0
        with session_scope(self._engine) as s:
            for call in calls:
                record_llm_call(s, provider=call.provider, model=call.model,
                                tokens_in=call.input_tokens, tokens_out=call.output_tokens,
                                cost_usd=call.cost_usd, latency_ms=call.latency_ms,
                                outcome=CallOutcome.of(call.outcome), error=call.error or None,
                                created_at=call.at)
                n += 1
        return n

    def calls(self, since: datetime | None = None) -> list[CallRecord]:
        from sqlalchemy import select

        from .storage.engine import session_scope
        from .storage.models import LLMCall

        query = select(LLMCall).order_by(LLMCall.created_at)
        if since is not None:
            query = query.where(LLMCall.created_at >= since)
        with session_scope(self._engine) as s:
            return [self._to_record(r) for r in s.execute(query).scalars().all()]

    def _to_record(self, row: LLMCall) -> CallRecord:
        return CallRecord(at=row.created_at, provider=row.provider, model=row.model,
                          outcome=CallOutcome.of(row.outcome), input_tokens=row.tokens_in,
                          output_tokens=row.tokens_out, latency_ms=row.latency_ms,
                          cost_usd=row.cost_usd, is_local=row.provider in self._local,
                          error=row.error or "")


def ingest_jsonl(engine: Engine, path: Path) -> int:
    """Move the calls written to the JSON-lines file at `path` into llm_calls; how many.

    The file is claimed first (storage.spool.claim: renamed to a name of this call's own), so a
    process appending at the same time starts a new file and two readers never take the same
    lines. If the database write fails, the lines go back to `path`.
    """
    from .storage.spool import claim

    with claim(path) as claimed:
        if claimed is None:
            return 0
        return DatabaseCallRecorder(engine).record_many(JsonlCallRecorder(claimed).calls())
