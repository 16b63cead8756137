"""POST /research and POST /augment/{artist}: research runs as a task to poll (202)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

from ...domain.names import clean_artist_name
from ...errors import UserInputError
from ...tasks.research_jobs import ESTIMATED_MINUTES
from ...tasks.runner import single_flight_key
from ..deps import ContextDep
from ..schemas import ARTIST_DOC, AugmentRequest, ErrorPublic, ResearchRequest, TaskAccepted

router = APIRouter(tags=["research"])
ArtistPath = Annotated[str, Path(min_length=1, max_length=400, description=ARTIST_DOC)]
ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorPublic}}


@router.post("/research", status_code=202, response_model=TaskAccepted, responses=ERRORS)
def research(body: ResearchRequest, ctx: ContextDep) -> Any:
    """Research an artist into a style profile (a new version); requests for an artist whose
    research is still running join that task."""
    artist = clean_artist_name(body.artist)
    params = {"artist": artist, "depth": body.depth, "urls": body.urls, "online": body.online}
    accepted = ctx.submit("research", params, single_flight_key("research", artist))
    accepted["estimated_time_minutes"] = ESTIMATED_MINUTES[body.depth]
    return JSONResponse(accepted, status_code=202)


@router.post("/augment/{artist}", status_code=202, response_model=TaskAccepted,
             responses=ERRORS)
def augment(artist: ArtistPath, body: AugmentRequest, ctx: ContextDep) -> Any:
    """Add article URLs (and, with online, the public collectors) to what is known about an
    artist and rebuild the profile as a new version."""
    name = clean_artist_name(artist)
    if not body.urls and not body.online:
        raise UserInputError("augment needs something new to read.", field="urls"
                             ).advise("urls", "online")
    params = {"artist": name, "urls": body.urls, "online": body.online}
    key = single_flight_key("augment", name, {"urls": sorted(body.urls), "online": body.online})
    accepted = ctx.submit("augment", params, key)
    accepted["estimated_time_minutes"] = ESTIMATED_MINUTES["quick"]
    return JSONResponse(accepted, status_code=202)
