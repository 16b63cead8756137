"""The LLM path: the hybrid coordinator over the configured providers, and their call records."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from .runtime import (
    LOCAL_PROVIDER_KINDS,
    engine,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..hybrid import HybridCoordinator


def llm_calls(since: datetime | None = None, db: Engine | None = None) -> list[Any]:
    """Every recorded LLM call (llm.recorder.CallRecord) since `since`: the database's and those
    a process without a database wrote to the JSON-lines file, oldest first."""
    from ..hybrid import calls_path
    from ..llm.recorder import JsonlCallRecorder

    calls = JsonlCallRecorder(calls_path()).calls(since)
    if db is not None:
        from ..call_log import DatabaseCallRecorder

        calls += DatabaseCallRecorder(db, local_providers=_local_providers()).calls(since)
    return sorted(calls, key=lambda c: c.at)


def _local_providers(config: Any = None) -> list[str]:
    """Names of the configured providers that run on this machine (Ollama, llama.cpp …)."""
    from ..llm.config import load_llm_config

    config = config or load_llm_config()
    return [n for n, p in config.providers.items() if p.kind in LOCAL_PROVIDER_KINDS]


def llm_coordinator(db: Engine | None = None) -> HybridCoordinator:
    """The LLM path over every configured provider (configs/llm.yaml + env), the offline engine
    as its fallback; calls are recorded in the database (or a JSON-lines file without one)."""
    from ..hybrid import calls_path, make_coordinator
    from ..llm.config import load_llm_config
    from ..llm.recorder import CallRecorder, JsonlCallRecorder

    config = load_llm_config()
    recorder: CallRecorder
    if db is not None:
        from ..call_log import DatabaseCallRecorder

        recorder = DatabaseCallRecorder(db, local_providers=_local_providers(config))
    else:
        recorder = JsonlCallRecorder(calls_path())
    return make_coordinator(engine(), config=config, recorder=recorder)
