"""Downloads: one .mid of a generation, or all of them as a zip."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import FileResponse, Response

from ..context import FILES_PATH
from ..deps import ContextDep
from ..schemas import ErrorPublic

router = APIRouter(tags=["files"])
GenerationId = Annotated[str, Path(max_length=64, description="32 hex digits")]
_MIDI = {200: {"content": {"audio/midi": {}}}, 404: {"model": ErrorPublic}}
_ZIP = {200: {"content": {"application/zip": {}}}, 404: {"model": ErrorPublic}}


@router.get(FILES_PATH + "/{generation_id}.zip", response_class=Response, responses=_ZIP)
def download_zip(generation_id: GenerationId, ctx: ContextDep) -> Response:
    name, data = ctx.store.zip_bytes(generation_id)
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get(FILES_PATH + "/{generation_id}/{name}", response_class=FileResponse,
            responses=_MIDI)
def download_file(generation_id: GenerationId, name: Annotated[str, Path(max_length=200)],
                  ctx: ContextDep) -> FileResponse:
    return FileResponse(ctx.store.file_path(generation_id, name), media_type="audio/midi",
                        filename=name)
