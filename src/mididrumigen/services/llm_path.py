"""The LLM path: the hybrid coordinator over the configured providers, and their call records."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..errors import UserInputError
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


def call_recorder(db: Engine | None, config: Any = None) -> Any:
    """Where LLM calls are recorded: the database's llm_calls, or the JSON-lines file."""
    from ..hybrid import calls_path
    from ..llm.recorder import JsonlCallRecorder

    if db is None:
        return JsonlCallRecorder(calls_path())
    from ..call_log import DatabaseCallRecorder

    return DatabaseCallRecorder(db, local_providers=_local_providers(config))


def llm_coordinator(db: Engine | None = None) -> HybridCoordinator:
    """The process's generation coordinator: the offline engine, and the LLM path over every
    configured provider (configs/llm.yaml + env, read on the first LLM request). Calls are
    recorded in the database (or a JSON-lines file without one). The composition root (API
    lifespan, CLI command, worker) builds one and closes it: `with llm_coordinator(db) as c:`."""
    from ..hybrid import HybridCoordinator, connect_providers

    def connect() -> tuple[Any, Any]:
        from ..llm.config import load_llm_config

        config = load_llm_config()
        return connect_providers(config, recorder=call_recorder(db, config))

    return HybridCoordinator(None, engine(), connect=connect)


def research_llm(choice: str, db: Engine | None = None) -> Any:
    """The provider research asks for its knowledge of an artist, as a recording
    ProviderManager: `auto` = the cloud providers that have a key, in fallback order; a
    provider's name = that one; `none` or empty = none. None when nothing is configured."""
    choice = (choice or "").strip()
    if choice in ("", "none"):
        return None
    from ..llm.config import load_llm_config
    from ..llm.manager import ProviderManager
    from ..llm.registry import build_providers

    config = load_llm_config()
    providers = build_providers(config)
    if choice == "auto":
        names = [n for n in (*config.fallback_order, *providers) if n in providers
                 and providers[n].configured and not providers[n].is_local]
        names = list(dict.fromkeys(names))
    elif choice in providers:
        names = [choice]
    else:
        raise UserInputError(f"research llm must be auto, none or one of {', '.join(providers)},"
                             f" got {choice!r}", field="llm")
    if not names:
        return None
    return ProviderManager({n: providers[n] for n in names}, order=names, retry=config.retry,
                           recorder=call_recorder(db, config), prices=config.prices)
