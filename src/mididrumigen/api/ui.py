"""The browser UI: the page at `/`, its files under `/static`, and two small JSON helpers it reads.

    app = create_app(settings)
    mount_ui(app)            # order-independent: no catch-all mount

GET /                  index.html (no build step: plain HTML, JS modules and CSS in api/static/)
GET /static/{file}     the JS modules and CSS
GET /ui/options        the choices for the form: genres, drum maps, providers, meters, and the
                       allowed range of each number (the domain's bounds)
GET /ui/profile        the profile generation would use for an artist: every parameter with the
                       evidence it rests on, the confidence and how the name was resolved
                       (X-API-Key and rate limits as on /api/v1)
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from .. import services
from ..advice import UI, say
from ..domain import params as bounds
from .security import rate_limited

STATIC_DIR = Path(__file__).with_name("static")
TIME_SIGNATURES = ("4/4", "3/4", "2/4", "5/4", "6/4", "7/4", "6/8", "7/8", "9/8", "12/8", "5/8")
_NO_CACHE = {"Cache-Control": "no-cache"}
BOUNDS = {"bars": bounds.BARS, "tempo": bounds.TEMPO, "variations": bounds.VARIATIONS,
          "complexity": bounds.COMPLEXITY, "swing": bounds.SWING,
          "humanize_amount": bounds.HUMANIZE_AMOUNT}

router = APIRouter(tags=["ui"], include_in_schema=False)


@router.get("/")
def index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html", headers=_NO_CACHE)


@router.get("/ui/options")
def options(request: Request) -> dict[str, Any]:
    from ..midi.drum_maps import list_drum_maps

    runtime = request.app.state.ctx.runtime
    llm = runtime.settings.llm
    configured = [n for n in llm.fallback_order if n in llm.providers and llm.providers[n].enabled]
    return {
        "genres": sorted(g.key for g in runtime.genre_library.genres() if g.key != "all"),
        "drum_maps": [{"name": m.name, "title": m.title or m.name} for m in list_drum_maps()],
        "providers": ["template", "auto", *configured],
        "time_signatures": list(TIME_SIGNATURES),
        "bounds": {name: list(lo_hi) for name, lo_hi in BOUNDS.items()},
    }


@router.get("/ui/profile", dependencies=[Depends(rate_limited)])
def profile(request: Request, artist: Annotated[str, Query(min_length=1, max_length=400)],
            genre: Annotated[str | None, Query(max_length=40)] = None) -> dict[str, Any]:
    ctx = request.app.state.ctx
    resolved = services.resolve_profile(ctx.runtime, artist, genre or None, db=ctx.engine)
    p = resolved.profile
    params = p.params.to_dict()
    return {
        "artist_name": p.artist_name, "kind": p.kind, "genres": list(p.genres),
        "known": resolved.known, "resolution_note": say(resolved.note, resolved.advice, UI),
        "suggestions": list(resolved.suggestions), "confidence": p.confidence,
        "source": p.source, "sources_count": p.sources_count, "description": p.text_description,
        "params": [{"name": k, "value": v, "evidence": p.provenance.get(k, "")}
                   for k, v in params.items()],
        "signature_grooves": [g.to_dict() for g in p.signature_grooves],
    }


def mount_ui(app: FastAPI) -> None:
    """Serve the browser UI from `app` (call once, before or after the API routers)."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="ui-static")
