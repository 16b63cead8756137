"""POST /generate: drum MIDI now (200), or as a task to poll (202 with "async": true); and
POST /generations/{id}/variations/{n}/reroll: one variation again, the others kept.

The routes are async and hand their blocking work to the app's request threads (ctx.run); the
answer is serialized once (context.json_response), in the shape response_model documents."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

from ...domain.params import VARIATIONS
from ..context import json_response
from ..deps import ContextDep, WordsDep
from ..schemas import ErrorPublic, GenerateRequest, GenerationPublic, RerollRequest, TaskAccepted

router = APIRouter(tags=["generate"])


@router.post("/generate", response_model=GenerationPublic,
             responses={202: {"model": TaskAccepted, "description": "Queued (async: true)"},
                        404: {"model": ErrorPublic}, 422: {"model": ErrorPublic}})
async def generate(body: GenerateRequest, ctx: ContextDep, words: WordsDep) -> Any:
    """Generate variations in the artist's style; known artists and genre defaults are fast."""
    command = body.to_command()
    if body.run_async:
        return JSONResponse(await ctx.run(ctx.submit_generation, command), status_code=202)
    return json_response(await ctx.run(ctx.generate, command, words))


@router.post("/generations/{generation_id}/variations/{variation}/reroll",
             response_model=GenerationPublic,
             responses={404: {"model": ErrorPublic}, 422: {"model": ErrorPublic}})
async def reroll(generation_id: Annotated[str, Path(max_length=64, description="32 hex digits")],
                 variation: Annotated[int, Path(ge=1, le=VARIATIONS[1], description="1-based")],
                 ctx: ContextDep, words: WordsDep, body: RerollRequest | None = None) -> Any:
    """Play one variation of a generation again from a new seed and keep the others as they
    were: the answer is a new generation (new id and download URLs) whose other variations
    are the same notes and the same .mid bytes."""
    return json_response(await ctx.run(ctx.reroll, generation_id, variation,
                                       body.seed if body else None, words))
