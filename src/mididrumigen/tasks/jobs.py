"""The job registry (task kind -> function) and execute(): run one task row to its end.

A job takes the task's params (JSON) and a JobContext and returns a JSON-able result; it
reports progress through ctx.progress(step, fraction). The same execute() runs in the
in-process thread pool and in a Celery worker.

Jobs are idempotent, as at-least-once delivery needs: a task may run again when its worker
died mid-way (keeper.py, Celery's late acks). A generation saves under an id made from its
task's id, so a second run replaces the first's files and is recorded once; claiming and
finishing are conditional (only a pending task is claimed, only its owner finishes it).
The database may be away for a while (a restart): claiming and finishing wait for it up to
DB_PATIENCE_S, and a task they could not record is taken over by a keeper later.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import MidiDrumiGenError, StorageError
from ..retrying import patient
from . import state
from .context import JobContext
from .research_jobs import augment_job, research_job

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..config import Settings
    from ..services.runtime import Runtime

log = logging.getLogger("mididrumigen.tasks")
Observer = Callable[[str, str, float], None]  # (kind, final status, seconds)
DB_PATIENCE_S = 60.0
T = TypeVar("T")


def _generate(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    from .. import services

    runtime = ctx.need_runtime()
    result = services.generate(
        runtime, services.GenerateCommand.from_fields(params),
        store=runtime.generation_store(), progress=ctx.progress, db=ctx.engine,
        generation_id=ctx.task_id.replace("-", "") or None)
    return result.to_dict()


def _database_away(error: BaseException) -> bool:
    return isinstance(error, StorageError)


def patiently(fn: Callable[[], T], within_s: float = DB_PATIENCE_S) -> T:
    """fn(), retried while the database is away, for up to `within_s` seconds."""
    result: T = patient(retry_on=_database_away, within_s=within_s)(fn)
    return result


JOBS: dict[str, Callable[[dict[str, Any], JobContext], dict[str, Any]]] = {
    "generate": _generate, "research": research_job, "augment": augment_job}


def execute(engine: Engine, settings: Settings, task_id: str, owner: str,
            observer: Observer | None = None, runtime: Runtime | None = None,
            *, db_patience_s: float = DB_PATIENCE_S) -> str | None:
    """Claim the task, run its job, store the result or error; the final status (None when the
    task was not pending — someone else has it, or it was failed — or when the result could
    not be stored: it was taken over meanwhile, or the database stayed away). StorageError
    when the task could not even be claimed (the database is away)."""
    claimed = patiently(lambda: state.claim(engine, task_id, owner), db_patience_s)
    if claimed is None:
        return None
    kind, params = claimed
    start = time.perf_counter()
    result: dict[str, Any] | None = None
    error: str | None = None
    try:
        job = JOBS.get(kind)
        if job is None:
            raise MidiDrumiGenError(f"this worker cannot run tasks of kind {kind!r}")
        result = job(params, JobContext(engine, settings, state.progress_reporter(engine, task_id),
                                        runtime, task_id))
    except MidiDrumiGenError as e:
        error = str(e)
    except Exception as e:
        log.exception("task %s (%s) failed", task_id, kind)
        error = f"internal error ({type(e).__name__}); see the server log"
    status: str | None = "failed" if error is not None else "succeeded"
    try:
        if not patiently(lambda: state.finish(engine, task_id, owner=owner, result=result,
                                              error=error), db_patience_s):
            log.warning("task %s was taken over while it ran; its new owner finishes it",
                        task_id)
            status = None
    except StorageError as e:
        log.error("task %s: the result could not be stored (%s); a keeper runs it again", task_id,
                  e)
        status = None
    finally:
        if observer is not None:
            observer(kind, status or "lost", time.perf_counter() - start)
    return status
