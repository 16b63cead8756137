"""Runtime: what one process shares, made from its Settings at the composition root (a CLI
command, create_app's lifespan, a Celery worker) and closed there. Every use case takes it as
its first argument; nothing in services keeps a module-level cache.

    with Runtime.open(settings) as runtime:          # opens and migrates settings' database
        services.generate(runtime, command, db=runtime.database, out_dir=out)

It owns, each made on first use and kept for its life:

    knowledge_base     the bundled artists (knowledge.artists.load_knowledge_base; validated
                       once, then read from settings.storage.cache_dir)
    genre_library      genre models, archetypes and the user's imported models
    groove_engine      the offline engine over the genre library
    coordinator        engine or LLMs (hybrid.HybridCoordinator; providers on the first LLM
                       request, recording calls in `database`, else settings.storage's file)
    text_embedder      the optional sentence embedder (settings.research.text_embeddings)
    rate_limiter       rate_limits.RateLimiter, in Redis when the broker is Redis
    profile_memo       stored-profile lookups remembered for PROFILE_MEMO_S (services.profiles)
    database           the SQLAlchemy engine (given, or opened by Runtime.open; None: none)
    generation_store() the generation stores under settings.storage.output_dir/api
    shared(name, make) any other derived value a use case keeps (the similarity matrix)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from .profiles import ProfileMemo

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..config import Settings
    from ..groove.engine import GrooveEngine
    from ..hybrid import HybridCoordinator
    from ..knowledge.artists import KnowledgeBase
    from ..knowledge.genres import GenreLibrary
    from ..rate_limits import RateLimiter
    from ..research.embedder import TextEmbedder
    from ..storage.generations import GenerationStore

Progress = Callable[[str, float], None]
T = TypeVar("T")


def open_database(url: str) -> Engine:
    """The database at `url`, created and migrated on first use (storage.engine.open_engine)."""
    from ..storage.engine import open_engine

    return open_engine(url)


class Runtime:
    """The process's loaded parts over `settings`; `database`: its database, or None."""

    def __init__(self, settings: Settings, *, database: Engine | None = None) -> None:
        self.settings = settings
        self.database = database
        self.profile_memo = ProfileMemo()
        self._parts: dict[str, Any] = {}
        self._lock = threading.RLock()
        self._owns_database = False

    @classmethod
    def open(cls, settings: Settings, *, database: bool = True) -> Runtime:
        """A runtime over settings' database, opened (and migrated) now; database=False: none."""
        runtime = cls(settings)
        if database:
            runtime.database = open_database(settings.storage.effective_database_url())
            runtime._owns_database = True
        return runtime

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def shared(self, name: str, make: Callable[[], T]) -> T:
        """The value kept under `name`, made by `make()` the first time (once, across threads)."""
        with self._lock:
            if name not in self._parts:
                self._parts[name] = make()
            found: T = self._parts[name]
            return found

    @property
    def knowledge_base(self) -> KnowledgeBase:
        from ..knowledge.artists import load_knowledge_base

        return self.shared("knowledge_base", lambda: load_knowledge_base(
            cache_dir=self.settings.storage.cache_dir))

    @property
    def genre_library(self) -> GenreLibrary:
        """The shipped genre models and the user's imports (the data dir's genre_models.json,
        re-read when `corpus import` changes it)."""
        from ..knowledge.genres import GenreLibrary, user_models_path

        return self.shared("genre_library", lambda: GenreLibrary.load(
            user_file=user_models_path(self.settings.storage.data_dir),
            cache_dir=self.settings.storage.cache_dir))

    @property
    def groove_engine(self) -> GrooveEngine:
        from ..groove.engine import GrooveEngine

        return self.shared("groove_engine", lambda: GrooveEngine(self.genre_library.model))

    @property
    def coordinator(self) -> HybridCoordinator:
        """The process's generation coordinator: the engine, and the LLM path over every
        configured provider (built on the first LLM request); closed by close()."""
        return self.shared("coordinator", self._make_coordinator)

    def _make_coordinator(self) -> HybridCoordinator:
        from ..hybrid import HybridCoordinator, connect_providers
        from .llm_path import call_recorder

        def connect() -> tuple[Any, Any]:
            return connect_providers(self.settings.llm,
                                     recorder=call_recorder(self, self.database))

        return HybridCoordinator(None, self.groove_engine, connect=connect)

    @property
    def text_embedder(self) -> TextEmbedder | None:
        """The description embedder when settings.research.text_embeddings is on and the
        `embeddings` extra is installed; else None."""

        def make() -> TextEmbedder | None:
            research = self.settings.research
            if not research.text_embeddings:
                return None
            from ..research.embedder import load_text_embedder

            return load_text_embedder(research.text_model)

        return self.shared("text_embedder", make)

    @property
    def rate_limiter(self) -> RateLimiter:
        from ..rate_limits import RateLimiter

        return self.shared("rate_limiter", lambda: RateLimiter(self.settings.tasks.broker_url))

    def generation_store(self, *, write_behind: bool = False,
                         prune: bool = False) -> GenerationStore:
        """Where generations are saved: <output_dir>/api. write_behind: manifests written in
        batches by a background thread (the API's concurrent requests share its syncs); either
        way each save is durably on disk when it returns. prune: old generations removed on a
        thread by settings.storage's retention (the server's store)."""
        from .generation import generation_store, retention_policy

        return self.shared(f"generation_store:{write_behind}:{prune}", lambda: generation_store(
            self.settings.storage.output_dir, write_behind=write_behind,
            retention=retention_policy(self.settings) if prune else None))

    def close(self) -> None:
        """Flush the stores, close the coordinator's clients, dispose the database it opened."""
        with self._lock:
            parts, self._parts = self._parts, {}
        for name, part in parts.items():
            if name.startswith("generation_store:") or name == "coordinator":
                part.close()
        if self._owns_database and self.database is not None:
            self.database.dispose()
