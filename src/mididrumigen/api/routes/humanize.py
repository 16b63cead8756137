"""POST /humanize: your own drum clip played with an artist's feel, sent as a .mid upload
(multipart form) or, from a client that holds notes rather than a file (the Live device), as
MIDI JSON (application/json). One path, so both share the upload's body limit."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import Scope

from ...domain import params as bounds
from ...domain.pattern import Pattern
from ...errors import MidiFileError, UserInputError
from ...services.humanize import AMOUNT, MAX_UPLOAD_BYTES
from ..deps import ContextDep, WordsDep
from ..schemas import ARTIST_DOC, ErrorPublic, HumanizeNotesRequest, HumanizePublic

router = APIRouter(tags=["generate"])
HUMANIZE_PATH = "/humanize"
UPLOAD_LIMIT = MAX_UPLOAD_BYTES + 64 * 1024  # the file and the form around it
_RESPONSES: dict[int | str, dict[str, Any]] = {413: {"model": ErrorPublic},
                                               422: {"model": ErrorPublic}}


def _is_json(scope: Scope) -> bool:
    for key, value in scope.get("headers") or ():
        if key == b"content-type":
            media = value.decode("latin-1").split(";", 1)[0].strip().lower()
            return media == "application/json" or media.endswith("+json")
    return False


class JsonBodyRoute(APIRoute):
    """A route that takes only JSON bodies: the JSON variant of /humanize sits in front of the
    multipart one on the same path, and every other request falls through to that."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child = super().matches(scope)
        if match is not Match.NONE and not _is_json(scope):
            return Match.NONE, {}
        return match, child


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """A model's JSON schema with its $defs put in place (the hidden JSON route adds nothing to
    the document's components, so the multipart operation describes it inline)."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(dict(defs[ref.removeprefix("#/$defs/")]))
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    out: dict[str, Any] = walk(schema)
    return out


def humanize_notes(body: HumanizeNotesRequest, ctx: ContextDep, words: WordsDep) -> Any:
    """The JSON variant: the clip as MIDI JSON, checked by the domain (Pattern.from_dict)."""
    part = Pattern.from_dict(body.pattern.model_dump())
    end = part.length_ticks
    late = sum(1 for n in part.notes if n.time >= end)
    if late:
        raise UserInputError(f"{late} note(s) start at or after the end of the clip "
                             f"({part.total_bars} bars = {end} ticks); raise total_bars",
                             field="pattern")
    return ctx.humanize(part, body.like, amount=body.amount, ghosts=body.ghosts,
                        genre=body.genre, seed=body.seed,
                        clip_name=(part.name or "clip")[:60], words=words)


# registered first: JSON bodies stop here, everything else goes on to the form below
router.add_api_route(HUMANIZE_PATH, humanize_notes, methods=["POST"],
                     response_model=HumanizePublic, responses=_RESPONSES,
                     include_in_schema=False, route_class_override=JsonBodyRoute)


@router.post(HUMANIZE_PATH, response_model=HumanizePublic, responses=_RESPONSES,
             openapi_extra={"requestBody": {"content": {"application/json": {
                 "schema": _inline(HumanizeNotesRequest.model_json_schema())}}}})
def humanize(
    file: Annotated[UploadFile, File(description=f"Your drum MIDI (.mid), at most "
                                                 f"{MAX_UPLOAD_BYTES // 1_000_000} MB.")],
    like: Annotated[str, Form(min_length=1, max_length=400, description=ARTIST_DOC)],
    ctx: ContextDep, words: WordsDep,
    amount: Annotated[float, Form(ge=AMOUNT[0], le=AMOUNT[1],
                                  description="How far toward the artist's timing and "
                                              "dynamics: 0 as played, 1 the full feel.")] = 1.0,
    ghosts: Annotated[bool, Form(description="Also add the artist's ghost notes.")] = False,
    genre: Annotated[str | None, Form(min_length=bounds.GENRE_LENGTH[0],
                                      max_length=bounds.GENRE_LENGTH[1],
                                      description="Genre whose feel model to use; default: "
                                                  "the artist's.")] = None,
    seed: Annotated[int | None, Form(ge=bounds.SEED[0], le=bounds.SEED[1])] = None,
) -> Any:
    """Play your clip like the artist: every note kept, timing, swing and dynamics moved toward
    theirs by `amount`. A multipart form with the .mid (read by the hardened MIDI reader:
    untrusted input), or the same fields as JSON with the clip as MIDI JSON in `pattern`
    (`Content-Type: application/json`). The result is kept like a generation, to download
    from `midi_files`."""
    data = file.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UserInputError(f"the MIDI file is over {MAX_UPLOAD_BYTES:,} bytes; upload one "
                             "clip, not a whole song", field="file")
    stem = PurePath(file.filename or "clip").stem[:60]
    try:
        return ctx.humanize(data, like, amount=amount, ghosts=ghosts, genre=genre, seed=seed,
                            clip_name=stem, words=words)
    except MidiFileError as e:  # the upload is what was wrong: say so at its field
        raise MidiFileError(str(e), field="file") from None
