"""Every LLM call, recorded: provider, model, tokens, latency, outcome, USD cost.

`CallRecorder` is the seam: anything with `record(call)` and `calls(since)` will do (the
storage layer's `record_llm_call` can implement it). Two built in: in memory (the default)
and a JSON-lines file (so `mididrumigen llm stats` sees calls made by other processes).
`summarize` turns records into per-provider, per-day statistics.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class CallRecord:
    at: datetime
    provider: str
    model: str
    outcome: str  # success | invalid_output | auth | rate_limit | server | timeout | …
    input_tokens: int
    output_tokens: int
    latency_ms: float
    cost_usd: Decimal | None
    is_local: bool = False
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == "success"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["at"] = self.at.isoformat()
        d["cost_usd"] = None if self.cost_usd is None else str(self.cost_usd)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CallRecord:
        cost = d.get("cost_usd")
        return cls(at=datetime.fromisoformat(d["at"]), provider=d["provider"], model=d["model"],
                   outcome=d["outcome"], input_tokens=int(d["input_tokens"]),
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


@dataclass(frozen=True, slots=True)
class ProviderDayStats:
    day: date
    provider: str
    requests: int
    successes: int
    mean_latency_ms: float
    cost_usd: Decimal  # exact sum of known costs
    unknown_cost_calls: int
    input_tokens: int
    output_tokens: int

    @property
    def success_rate(self) -> float:
        return self.successes / self.requests if self.requests else 0.0

    @property
    def cost_cents(self) -> Decimal:
        return self.cost_usd.quantize(CENT)


def summarize(calls: Iterable[CallRecord], since: datetime | None = None) -> list[ProviderDayStats]:
    """Per provider per UTC day: requests, success rate, mean latency, cost. Sorted by day."""
    groups: dict[tuple[date, str], list[CallRecord]] = {}
    for c in calls:
        if since is not None and c.at < since:
            continue
        groups.setdefault((c.at.astimezone(UTC).date(), c.provider), []).append(c)
    out = []
    for (day, provider), cs in sorted(groups.items()):
        out.append(ProviderDayStats(
            day=day, provider=provider, requests=len(cs), successes=sum(c.ok for c in cs),
            mean_latency_ms=sum(c.latency_ms for c in cs) / len(cs),
            cost_usd=sum((c.cost_usd for c in cs if c.cost_usd is not None), Decimal(0)),
            unknown_cost_calls=sum(c.cost_usd is None for c in cs),
            input_tokens=sum(c.input_tokens for c in cs),
            output_tokens=sum(c.output_tokens for c in cs)))
    return out
