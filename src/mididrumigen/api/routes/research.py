"""POST /research and POST /augment/{artist}: research runs as a task to poll (202)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
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
ForceQuery = Annotated[bool, Query(description=(
    "Store the new profile even when its confidence is not higher than the profile in use "
    "(by default a weaker profile is not stored; the task result says so and shows the diff)."))]


@router.post("/research", status_code=202, response_model=TaskAccepted, responses=ERRORS)
def research(body: ResearchRequest, ctx: ContextDep, force: ForceQuery = False) -> Any:
    """Research an artist into a style profile: a new version when it is better than the
    profile in use (or `force`); the task result holds the diff. Requests for an artist whose
    research is still running join that task."""
    artist = clean_artist_name(body.artist)
    params = {"artist": artist, "depth": body.depth, "urls": body.urls, "online": body.online,
              "force": force}
    key = single_flight_key("research", artist, {"force": True} if force else None)
    accepted = ctx.submit("research", params, key)
    accepted["estimated_time_minutes"] = ESTIMATED_MINUTES[body.depth]
    return JSONResponse(accepted, status_code=202)


@router.post("/augment/{artist}", status_code=202, response_model=TaskAccepted,
             responses=ERRORS)
def augment(artist: ArtistPath, body: AugmentRequest, ctx: ContextDep,
            force: ForceQuery = False) -> Any:
    """Add article URLs (and, with online, the public collectors) to what is known about an
    artist and rebuild the profile; the task result shows the diff, and the profile is stored
    as a new version when it is better (or `force`)."""
    name = clean_artist_name(artist)
    if not body.urls and not body.online:
        raise UserInputError("augment needs something new to read.", field="urls"
                             ).advise("urls", "online")
    params = {"artist": name, "urls": body.urls, "online": body.online, "force": force}
    key = single_flight_key("augment", name, {"urls": sorted(body.urls), "online": body.online,
                                              **({"force": True} if force else {})})
    accepted = ctx.submit("augment", params, key)
    accepted["estimated_time_minutes"] = ESTIMATED_MINUTES["quick"]
    return JSONResponse(accepted, status_code=202)
