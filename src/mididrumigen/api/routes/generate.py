"""POST /generate: drum MIDI now (200), or as a task to poll (202 with "async": true)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from ..deps import ContextDep
from ..schemas import ErrorPublic, GenerateRequest, GenerationPublic, TaskAccepted

router = APIRouter(tags=["generate"])


@router.post("/generate", response_model=GenerationPublic,
             responses={202: {"model": TaskAccepted, "description": "Queued (async: true)"},
                        404: {"model": ErrorPublic}, 422: {"model": ErrorPublic}})
def generate(body: GenerateRequest, ctx: ContextDep) -> Any:
    """Generate variations in the artist's style; known artists and genre defaults are fast."""
    command = body.to_command()
    if body.run_async:
        return JSONResponse(ctx.submit_generation(command), status_code=202)
    return ctx.generate(command)
