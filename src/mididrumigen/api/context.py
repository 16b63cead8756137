"""ApiContext: what one app instance holds (settings, database, task runner, metrics, the
services.Runtime and the generation store) and the few steps that combine them for the routes; the
public JSON of a generation (`generation_public`) and where its files are served."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic_core import to_json

from .. import services
from ..advice import API, Words, say
from ..tasks import state
from ..tasks.runner import single_flight_key
from .metrics import Metrics
from .security import AccessPolicy

if TYPE_CHECKING:
    from fastapi.responses import Response
    from sqlalchemy.engine import Engine

    from ..config import Settings
    from ..domain.pattern import Pattern
    from ..research.address_guard import AddressGuard
    from ..storage.generations import GenerationStore
    from ..tasks.runner import TaskRunner

API_PREFIX = "/api/v1"
FILES_PATH = "/files"  # GET {API_PREFIX}{FILES_PATH}/{generation_id}/{name}.mid, …/{id}.zip
FILES_PREFIX = API_PREFIX + FILES_PATH
SYNC_GENERATIONS = 2  # synchronous engine generations running at once per process
LLM_GENERATIONS = 4  # synchronous LLM generations running at once per process
LLM_WAITING = 4  # and waiting for a slot; more are told to come back (503)
REQUEST_THREADS = 40  # requests a process runs or waits on at once (Starlette's default pool)
T = TypeVar("T")
_PROFILE_SUMMARY = ("artist_name", "kind", "genres", "confidence", "source", "sources_count")


def generation_public(result: Mapping[str, Any], words: Words = API) -> dict[str, Any]:
    """The API's answer for a generation (schemas.GenerationPublic) from its
    services.GenerationResult.to_dict(): the file names become download URLs, the resolution
    note's advice is worded for the client (`words`, advice.py)."""
    if "midi_files" in result:  # a task finished before results were stored as to_dict()
        return {**result, "status": "success"}
    gid, p = result["generation_id"], result["profile"]
    return {
        "status": "success", "generation_id": gid,
        **{k: result[k] for k in ("generation_time_ms", "provider_used", "artist",
                                  "known_artist", "genre", "seed")},
        "variation_seeds": result.get("variation_seeds") or [result["seed"]] * len(result["files"]),
        "confidence": float(p["confidence"]),
        "resolution_note": say(result["resolution_note"], result.get("resolution_advice", ()),
                               words),
        "fallback_reason": result.get("fallback_reason", ""),
        "midi_files": [f"{FILES_PREFIX}/{gid}/{name}" for name in result["files"]],
        "zip_url": f"{FILES_PREFIX}/{gid}.zip",
        "profile": {**{k: p[k] for k in _PROFILE_SUMMARY}, "description": p["text_description"],
                    "confidence": float(p["confidence"]),
                    "tempo_range": [float(p["params"]["tempo_min"]),
                                    float(p["params"]["tempo_max"])],
                    "swing_percent": float(p["params"]["swing_percent"])},
        "patterns": [{**pattern, "tempo": float(pattern["tempo"])}
                     for pattern in result["patterns"]],
    }


def json_response(content: Any, status_code: int = 200) -> Response:
    """`content`, plain JSON values already in the shape (and number types) of the route's
    response_model, as its JSON answer, serialized once by pydantic-core: not validated into
    the model and dumped again, which for a generation's thousand notes costs more than the
    answer itself (tests/test_api_generate.py checks that the two give the same bytes)."""
    from fastapi.responses import Response

    return Response(to_json(content), status_code=status_code, media_type="application/json")


@dataclass
class ApiContext:
    settings: Settings
    engine: Engine
    runner: TaskRunner
    metrics: Metrics
    access: AccessPolicy
    store: GenerationStore  # the API's generations: manifests now, .mid files on download
    runtime: services.Runtime  # the loaded parts, the engine and the LLM providers
    recovered: list[str] = field(default_factory=list)
    history: Callable[[dict[str, Any]], None] | None = None  # batches history rows off-request
    _generating: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(SYNC_GENERATIONS))
    _asking: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(LLM_GENERATIONS + LLM_WAITING))
    _llm: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(LLM_GENERATIONS))
    threads: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(
        REQUEST_THREADS, thread_name_prefix="api-request"))

    async def run(self, call: Callable[..., T], *args: Any) -> T:
        """`call(*args)` on one of the request threads (for a route's blocking work: making
        patterns, waiting for durable writes), awaited from the event loop: one plain executor
        hop, without the thread pool and cancel-scope machinery of a sync route."""
        return await asyncio.get_running_loop().run_in_executor(self.threads, call, *args)

    def close(self) -> None:
        self.threads.shutdown(wait=True)

    def generate(self, command: services.GenerateCommand, words: Words = API) -> dict[str, Any]:
        """Generate now (the offline path is fast); stored research profiles are used and the
        generation is recorded in the history.

        Two lanes: engine generations (CPU-bound: a few at a time beat 40 threads fighting the
        GIL) and LLM generations (waiting on providers), so a slow provider never makes a
        template request wait. LLM requests beyond what the lane runs and queues are refused
        at once (503, Retry-After) instead of holding the server's threads."""
        with self._lane(command.provider) as slot:
            result = services.generate(self.runtime, command, store=self.store, db=self.engine,
                                       history=self.history, slot=slot)
        self.metrics.observe_generation(result.provider_used, result.generation_time_ms / 1000,
                                        result.known_artist)
        return generation_public(result.to_dict(), words)

    @contextmanager
    def _lane(self, provider: str) -> Iterator[threading.BoundedSemaphore]:
        """The lane of `provider` (offered to API clients: else 422): its semaphore, for the
        generation to hold while it makes patterns (not while it saves them)."""
        self.access.check_provider(provider)
        if provider == "template":
            yield self._generating
            return
        if not self._asking.acquire(blocking=False):
            from fastapi import HTTPException

            raise HTTPException(503, "every LLM generation slot is taken; retry in a few "
                                     "seconds, or use provider template",
                                headers={"Retry-After": "5"})
        try:
            yield self._llm
        finally:
            self._asking.release()

    def reroll(self, generation_id: str, variation: int, seed: int | None,
               words: Words = API) -> dict[str, Any]:
        """A new generation: variation `variation` of `generation_id` played from a new seed,
        the others kept (services.reroll_variation)."""
        request = self.store.manifest(generation_id).get("request") or {}
        with self._lane(str(request.get("provider", "template"))) as slot:
            result = services.reroll_variation(self.runtime, generation_id, variation,
                                               store=self.store, seed=seed, db=self.engine,
                                               history=self.history, slot=slot)
        self.metrics.observe_generation(result.provider_used, result.generation_time_ms / 1000,
                                        result.known_artist)
        return generation_public(result.to_dict(), words)

    def humanize(self, clip: bytes | Pattern, like: str, *, amount: float, ghosts: bool,
                 genre: str | None, seed: int | None, clip_name: str = "clip",
                 words: Words = API) -> dict[str, Any]:
        """Play an uploaded clip (.mid bytes: the hardened reader; or a checked Pattern) like
        an artist (services.humanize_midi) and keep the result in the generation store, to
        download like a generation."""
        from ..domain.names import slugify
        from ..storage.generations import new_generation_id

        with self._generating:
            result = services.humanize_midi(self.runtime, clip, like, amount=amount,
                                            ghosts=ghosts, seed=seed, genre=genre, db=self.engine)
        artist = result.profile.artist_name
        gid = new_generation_id()
        name = f"{slugify(clip_name) or 'clip'}_like_{slugify(artist)}.mid"
        self.store.save(gid, artist, [name], [result.pattern.to_dict()],
                        services.OutputOptions().midi_options())
        return {
            "status": "success", "generation_id": gid, "artist": artist,
            "known_artist": result.known_artist, "confidence": result.profile.confidence,
            "resolution_note": say(result.resolution_note, result.advice, words),
            "seed": result.seed, "amount": result.amount, "ghosts": ghosts,
            "midi_files": [f"{FILES_PREFIX}/{gid}/{name}"], "zip_url": f"{FILES_PREFIX}/{gid}.zip",
            "source": result.source.to_dict(), "pattern": result.pattern.to_dict()}

    def submit_generation(self, command: services.GenerateCommand) -> dict[str, Any]:
        """Queue a checked command (422 before queuing); identical running requests share one
        task. The task's result is GenerationResult.to_dict(); task() shows it as public JSON."""
        self.access.check_provider(command.provider)
        self.runtime.coordinator.check(command.provider)
        services.check_command(self.runtime, command)  # what sync would refuse: 422 now
        params = command.to_fields()
        key = single_flight_key("generate", command.artist,
                                {k: v for k, v in params.items() if k != "artist"})
        return self.submit("generate", params, key)

    @cached_property
    def url_guard(self) -> AddressGuard:
        """Which research URLs a request may name: public addresses and the endpoints the
        operator configured (research settings); never local ones, whatever the environment."""
        from ..research.address_guard import AddressGuard

        return AddressGuard(trusted=AddressGuard.trusted_from(self.settings.research))

    def submit(self, kind: str, params: dict[str, Any], key: str | None) -> dict[str, Any]:
        task_id, joined = self.runner.submit(kind, params, key=key)
        self.metrics.observe_submit(kind, joined)
        return {"task_id": task_id, "status": "pending", "joined": joined,
                "poll_url": f"{API_PREFIX}/task/{task_id}"}

    def task(self, task_id: str, words: Words = API) -> dict[str, Any]:
        from ..errors import NotFoundError

        found = state.load_public(self.engine, task_id) if len(task_id) <= 36 else None
        if found is None:
            raise NotFoundError(f"no task with id {task_id!r}; use the task_id from the 202 "
                                "answer", field="task_id")
        if found["kind"] == "generate" and found["result"] is not None:
            found["result"] = generation_public(found["result"], words)
        return found

    def stats(self) -> dict[str, Any]:
        data = services.stats(self.runtime, self.engine)
        counts = dict(self.metrics.counts)
        data["cache"] = {"hits": counts["cache_hits"], "misses": counts["cache_misses"]}
        data["tasks"] = {"submitted": counts["tasks_submitted"], "joined": counts["tasks_joined"]}
        return data

    def health(self) -> dict[str, Any]:
        components = {"db": _check(self._db), "storage": _check(self.store.probe),
                      "knowledge_base": _check(self._knowledge_base),
                      "genre_models": _check(self._genre_models)}
        if self.settings.tasks.broker_url:
            components["broker"] = _check(self.runner.healthy)
        else:
            components["task_runner"] = _check(self.runner.healthy)
        ok = all(c["ok"] for c in components.values())
        return {"status": "ok" if ok else "degraded", "components": components}

    def _db(self) -> tuple[bool, str]:
        """The database answers and takes writes: a no-op UPDATE, rolled back (a read-only or
        full database fails here, as generations' records would)."""
        from sqlalchemy import text

        with self.engine.connect() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = version_num"))
            conn.rollback()
        return True, f"{self.engine.dialect.name} answered and takes writes"

    def _knowledge_base(self) -> tuple[bool, str]:
        n = len(self.runtime.knowledge_base)
        return n > 0, f"{n} artists"

    def _genre_models(self) -> tuple[bool, str]:
        genres = self.runtime.genre_library.genres()
        return len(genres) > 0, f"{len(genres)} genres"


def _check(probe: Any) -> dict[str, Any]:
    try:
        ok, detail = probe()
    except Exception as e:
        return {"ok": False, "detail": f"{type(e).__name__}: {str(e)[:200]}"}
    return {"ok": bool(ok), "detail": detail}
