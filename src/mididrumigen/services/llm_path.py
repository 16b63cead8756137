"""The LLM path's wiring: where LLM calls are recorded, and the provider research asks. The
process's coordinator (engine + LLMs) is the Runtime's (`runtime.coordinator`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import UserInputError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from .runtime import Runtime


def call_recorder(runtime: Runtime, db: Engine | None) -> Any:
    """Where LLM calls are recorded: the database's llm_calls, or the JSON-lines file in the
    data dir (settings.storage.llm_calls_file) without one."""
    from ..llm.recorder import JsonlCallRecorder

    if db is None:
        return JsonlCallRecorder(runtime.settings.storage.llm_calls_file)
    from ..call_log import DatabaseCallRecorder
    from .llm_usage import local_providers

    return DatabaseCallRecorder(db, local_providers=local_providers(runtime.settings.llm))


def research_llm(runtime: Runtime, choice: str, db: Engine | None = None) -> Any:
    """The provider research asks for its knowledge of an artist, as a recording
    ProviderManager: `auto` = the cloud providers that have a key, in fallback order; a
    provider's name = that one; `none` or empty = none. None when nothing is configured."""
    choice = (choice or "").strip()
    if choice in ("", "none"):
        return None
    from ..llm.manager import ProviderManager
    from ..llm.registry import build_providers

    config = runtime.settings.llm
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
                           recorder=call_recorder(runtime, db), prices=config.prices)
