"""The job registry (task kind -> function) and execute(): run one task row to its end.

A job takes the task's params (JSON) and a JobContext and returns a JSON-able result; it
reports progress through ctx.progress(step, fraction). The same execute() runs in the
in-process thread pool and in a Celery worker.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import MidiDrumiGenError
from . import state
from .context import JobContext
from .research_jobs import augment_job, research_job

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from ..config import Settings
    from ..services.runtime import Runtime

log = logging.getLogger("mididrumigen.tasks")
Observer = Callable[[str, str, float], None]  # (kind, final status, seconds)


def _generate(params: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    from .. import services

    runtime = ctx.need_runtime()
    result = services.generate(
        runtime, services.GenerateCommand.from_fields(params),
        store=runtime.generation_store(), progress=ctx.progress, db=ctx.engine)
    return result.to_dict()


JOBS: dict[str, Callable[[dict[str, Any], JobContext], dict[str, Any]]] = {
    "generate": _generate, "research": research_job, "augment": augment_job}


def execute(engine: Engine, settings: Settings, task_id: str, owner: str,
            observer: Observer | None = None, runtime: Runtime | None = None) -> str | None:
    """Claim the task, run its job, store the result or error; the final status (None when the
    task was not pending: someone else has it, or recovery already failed it)."""
    claimed = state.claim(engine, task_id, owner)
    if claimed is None:
        return None
    kind, params = claimed
    start = time.perf_counter()
    status = "failed"
    try:
        job = JOBS.get(kind)
        if job is None:
            raise MidiDrumiGenError(f"this worker cannot run tasks of kind {kind!r}")
        result = job(params, JobContext(engine, settings, state.progress_reporter(engine, task_id),
                                        runtime))
        state.finish(engine, task_id, result=result)
        status = "succeeded"
    except MidiDrumiGenError as e:
        state.finish(engine, task_id, error=str(e))
    except Exception as e:
        log.exception("task %s (%s) failed", task_id, kind)
        state.finish(engine, task_id, error=f"internal error ({type(e).__name__}); see the server log")
    finally:
        if observer is not None:
            observer(kind, status, time.perf_counter() - start)
    return status
