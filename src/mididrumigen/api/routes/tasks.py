"""GET /task/{task_id}: status, progress, step, ETA, and the result or error."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from ..deps import ContextDep, WordsDep
from ..schemas import ErrorPublic, TaskPublic

router = APIRouter(tags=["tasks"])


@router.get("/task/{task_id}", response_model=TaskPublic, responses={404: {"model": ErrorPublic}})
def get_task(task_id: Annotated[str, Path(max_length=64)], ctx: ContextDep,
             words: WordsDep) -> Any:
    return ctx.task(task_id, words)
