"""The Max for Live device, to download: the frozen .amxd (drop it into Live), or the unfrozen
device folder as a zip (to open and edit in Max).

    GET /device/MidiDrumiGen.amxd    application/octet-stream
    GET /device/MidiDrumiGen.zip     application/zip: MidiDrumiGen/{MidiDrumiGen.amxd, *.js}

No API key and no rate limit, like the browser UI's page and files: the device is the same
file for everyone and asks the API for nothing.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

from ...ableton_device import AMXD_NAME, ZIP_NAME, folder_zip, frozen_device

router = APIRouter(tags=["device"])
DEVICE_PATH = "/device"


@router.get(f"{DEVICE_PATH}/{AMXD_NAME}", response_class=FileResponse,
            responses={200: {"content": {"application/octet-stream": {}}}})
def download_device() -> FileResponse:
    """The Max for Live device, frozen: one file holding the patcher and its scripts."""
    return FileResponse(frozen_device(), media_type="application/octet-stream", filename=AMXD_NAME)


@router.get(f"{DEVICE_PATH}/{ZIP_NAME}", response_class=Response,
            responses={200: {"content": {"application/zip": {}}}})
def download_device_folder() -> Response:
    """The same device unfrozen, with its two scripts beside it, as a zip."""
    return Response(folder_zip(), media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{ZIP_NAME}"'})
