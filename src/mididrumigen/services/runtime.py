"""What every use case shares: the knowledge base, genre models, groove engine and database,
loaded on first use and kept for the life of the process."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from ..hybrid import HybridCoordinator

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..groove.engine import GrooveEngine
    from ..knowledge.artists import KnowledgeBase
    from ..knowledge.genres import GenreLibrary


Progress = Callable[[str, float], None]


LOCAL_PROVIDER_KINDS = ("ollama", "openai_compatible")


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    from ..knowledge.artists import load_knowledge_base

    return load_knowledge_base()


@lru_cache(maxsize=1)
def genre_library() -> GenreLibrary:
    """The shipped genre models and the user's imports (the data dir's genre_models.json,
    re-read when `corpus import` changes it)."""
    from ..knowledge.corpus import user_models_path
    from ..knowledge.genres import GenreLibrary

    return GenreLibrary.load(user_file=user_models_path)


@lru_cache(maxsize=1)
def engine() -> GrooveEngine:
    from ..groove.engine import GrooveEngine

    return GrooveEngine(genre_library().model)


@lru_cache(maxsize=1)
def offline_coordinator() -> HybridCoordinator:
    """The engine behind the coordinator's interface, with no LLM provider (nothing to close)."""
    return HybridCoordinator(None, engine())


def open_database(url: str | None = None) -> Engine:
    """The configured database (MIDIDRUMIGEN_DATABASE_URL, DATABASE_URL, else the SQLite file in
    the data dir), created and migrated on first use."""
    from ..config import get_settings
    from ..storage.engine import open_engine

    return open_engine(url or get_settings().effective_database_url())


def default_genre() -> str:
    from ..config import get_settings

    return get_settings().default_genre
