"""ApiContext: what one app instance holds (settings, database, task runner, metrics) and the
few steps that combine them for the routes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import services
from ..tasks import state
from ..tasks.generations import GenerationRequest, run_generation
from ..tasks.runner import single_flight_key
from .metrics import Metrics
from .security import AccessPolicy

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..config import Settings
    from ..tasks.runner import TaskRunner

API_PREFIX = "/api/v1"
SYNC_GENERATIONS = 2  # synchronous generations running at once per process


@dataclass
class ApiContext:
    settings: Settings
    engine: Engine
    runner: TaskRunner
    metrics: Metrics
    access: AccessPolicy
    store: Path
    recovered: list[str] = field(default_factory=list)
    history: Callable[[dict[str, Any]], None] | None = None  # batches history rows off-request
    manifests: Callable[[Any], None] | None = None  # writes generation manifests off-request
    _generating: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(SYNC_GENERATIONS))

    def generate(self, request: GenerationRequest) -> dict[str, Any]:
        """Generate now (the offline path is fast); stored research profiles are used and the
        generation is recorded in the history."""
        with self._generating:  # CPU-bound: a few at a time beat 40 threads fighting the GIL
            public = run_generation(request, self.store, db=self.engine, history=self.history,
                                    save=self.manifests)
        self.metrics.observe_generation(public["provider_used"],
                                        public["generation_time_ms"] / 1000,
                                        public["known_artist"])
        return public

    def submit_generation(self, request: GenerationRequest) -> dict[str, Any]:
        """Check the request now (422 before queuing), then queue it; identical running
        requests share one task."""
        request.params()
        request.output()
        params = request.to_dict()
        key = single_flight_key("generate", request.artist,
                                {k: v for k, v in params.items() if k != "artist"})
        return self.submit("generate", params, key)

    def submit(self, kind: str, params: dict[str, Any], key: str | None) -> dict[str, Any]:
        task_id, joined = self.runner.submit(kind, params, key=key)
        self.metrics.observe_submit(kind, joined)
        return {"task_id": task_id, "status": "pending", "joined": joined,
                "poll_url": f"{API_PREFIX}/task/{task_id}"}

    def task(self, task_id: str) -> dict[str, Any]:
        from ..errors import NotFoundError

        found = state.load_public(self.engine, task_id) if len(task_id) <= 36 else None
        if found is None:
            raise NotFoundError(f"no task with id {task_id!r}; use the task_id from the 202 "
                                "answer", field="task_id")
        return found

    def stats(self) -> dict[str, Any]:
        data = services.stats(self.engine)
        counts = dict(self.metrics.counts)
        data["cache"] = {"hits": counts["cache_hits"], "misses": counts["cache_misses"]}
        data["tasks"] = {"submitted": counts["tasks_submitted"], "joined": counts["tasks_joined"]}
        return data

    def health(self) -> dict[str, Any]:
        components = {"db": _check(self._db), "knowledge_base": _check(_knowledge_base),
                      "genre_models": _check(_genre_models)}
        if self.settings.broker_url:
            components["broker"] = _check(self.runner.healthy)
        else:
            components["task_runner"] = _check(self.runner.healthy)
        ok = all(c["ok"] for c in components.values())
        return {"status": "ok" if ok else "degraded", "components": components}

    def _db(self) -> tuple[bool, str]:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True, f"{self.engine.dialect.name} answered"


def _knowledge_base() -> tuple[bool, str]:
    n = len(services.knowledge_base())
    return n > 0, f"{n} artists"


def _genre_models() -> tuple[bool, str]:
    genres = services.genre_library().genres()
    return len(genres) > 0, f"{len(genres)} genres"


def _check(probe: Any) -> dict[str, Any]:
    try:
        ok, detail = probe()
    except Exception as e:
        return {"ok": False, "detail": f"{type(e).__name__}: {str(e)[:200]}"}
    return {"ok": bool(ok), "detail": detail}
