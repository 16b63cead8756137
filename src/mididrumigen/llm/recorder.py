"""Every LLM call, recorded: provider, model, tokens, latency, outcome, USD cost.

A provider reports each API call as a CallRecord (cost not yet known); the ProviderManager's
pricing hook fills in the cost and its recorder keeps it. `CallRecorder` is the seam: anything
with `record(call)` and `calls(since)` will do. Built in: in memory (tests, one request's
calls) and a JSON-lines file (processes without a database; call_log.DatabaseCallRecorder
moves its lines into the llm_calls table, where the statistics are computed).
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..errors import CallOutcome


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One API call. `outcome` is a CallOutcome (success, or the error kind); `cost_usd` is None
    until priced, and stays None for a cloud model without a known price."""

    at: datetime
    provider: str
    model: str
    outcome: str
    input_tokens: int
    output_tokens: int
    latency_ms: float
    cost_usd: Decimal | None = None
    is_local: bool = False
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == CallOutcome.SUCCESS

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["outcome"] = str(self.outcome)
        d["at"] = self.at.isoformat()
        d["cost_usd"] = None if self.cost_usd is None else str(self.cost_usd)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CallRecord:
        cost = d.get("cost_usd")
        return cls(at=datetime.fromisoformat(d["at"]), provider=d["provider"], model=d["model"],
                   outcome=CallOutcome.of(d["outcome"]), input_tokens=int(d["input_tokens"]),
                   output_tokens=int(d["output_tokens"]), latency_ms=float(d["latency_ms"]),
                   cost_usd=None if cost is None else Decimal(cost),
                   is_local=bool(d.get("is_local", False)), error=str(d.get("error", "")))


@runtime_checkable
class CallRecorder(Protocol):
    def record(self, call: CallRecord) -> None: ...

    def calls(self, since: datetime | None = None) -> list[CallRecord]: ...


class InMemoryCallRecorder:
    """Keeps calls in a list (thread-safe appends)."""

    def __init__(self) -> None:
        self._calls: list[CallRecord] = []
        self._lock = threading.Lock()

    def record(self, call: CallRecord) -> None:
        with self._lock:
            self._calls.append(call)

    def calls(self, since: datetime | None = None) -> list[CallRecord]:
        with self._lock:
            return [c for c in self._calls if since is None or c.at >= since]


class JsonlCallRecorder:
    """Appends one JSON line per call to a file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def record(self, call: CallRecord) -> None:
        line = json.dumps(call.to_dict(), ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)

    def calls(self, since: datetime | None = None) -> list[CallRecord]:
        if not self.path.is_file():
            return []
        out = []
        for raw in self.path.read_text(encoding="utf-8").splitlines():
            try:
                c = CallRecord.from_dict(json.loads(raw))
            except (ValueError, KeyError, TypeError):
                continue  # a torn line from a crash is skipped, not fatal
            if since is None or c.at >= since:
                out.append(c)
        return out
