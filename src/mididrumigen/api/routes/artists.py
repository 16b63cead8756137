"""Artists: the list, what is known about one, and who plays alike."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from ... import services
from ...domain.names import MAX_ARTIST_NAME
from ...errors import NotFoundError, UserInputError
from ..deps import ContextDep
from ..schemas import ARTIST_DOC, ArtistsPublic, ErrorPublic, ResearchStatusPublic, SimilarPublic

router = APIRouter(tags=["artists"])
ArtistPath = Annotated[str, Path(min_length=1, max_length=MAX_ARTIST_NAME, description=ARTIST_DOC)]
CURSOR_DOC = "The next_cursor of the previous page; leave out for the first page."
SEARCH_DOC = ("Names starting with this first, then names with a later word starting with it "
              "('bonham' finds John Bonham).")


@router.get("/artists", response_model=ArtistsPublic,
            responses={422: {"model": ErrorPublic}})
def list_artists(
    ctx: ContextDep, limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: Annotated[str | None, Query(max_length=1000, description=CURSOR_DOC)] = None,
    genre: Annotated[str | None, Query(max_length=60, description="Only this genre.")] = None,
    q: Annotated[str | None, Query(max_length=100, description=SEARCH_DOC)] = None,
    offset: Annotated[int | None, Query(include_in_schema=False)] = None,
) -> Any:
    """Knowledge-base and researched artists by name, a page at a time, with counts by status."""
    if offset:
        raise UserInputError("offset paging was replaced: pass the previous page's next_cursor "
                             "as cursor", field="offset")
    page = services.list_artists(ctx.runtime, ctx.engine, genre=genre, q=q, cursor=cursor,
                                 limit=limit)
    return {"data": page.data, "count": page.count, "counts_by_status": page.counts_by_status,
            "next_cursor": page.next_cursor, "limit": limit}


@router.get("/research/{artist}", response_model=ResearchStatusPublic,
            responses={404: {"model": ErrorPublic}, 422: {"model": ErrorPublic}})
def research_status(artist: ArtistPath, ctx: ContextDep) -> Any:
    """Whether a profile exists (knowledge base or database), its confidence and sources."""
    found = services.artist_status(ctx.runtime, artist, ctx.engine)
    if not found.exists:
        raise NotFoundError(f"no profile for {found.name!r} yet", field="artist",
                            suggestions=found.suggestions)
    return {"artist": found.name, "exists": True, "confidence": found.confidence,
            "last_updated": found.last_updated, "sources_count": found.sources_count,
            "source": found.source, "status": found.status}


@router.get("/similar/{artist}", response_model=SimilarPublic,
            responses={404: {"model": ErrorPublic}, 422: {"model": ErrorPublic}})
def similar(artist: ArtistPath, ctx: ContextDep,
            limit: Annotated[int, Query(ge=1, le=100)] = 10) -> Any:
    """Artists whose style vectors are closest (cosine similarity), best first."""
    found = services.similar(ctx.runtime, artist, limit, ctx.engine)
    data = [{"name": n, "score": s} for n, s in found]
    return {"artist": artist, "data": data, "count": len(data)}
