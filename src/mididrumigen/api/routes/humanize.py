"""POST /humanize: your own drum clip (a .mid upload) played with an artist's feel."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile

from ...domain import params as bounds
from ...errors import MidiFileError, UserInputError
from ...services.humanize import AMOUNT, MAX_UPLOAD_BYTES
from ..deps import ContextDep, WordsDep
from ..schemas import ARTIST_DOC, ErrorPublic, HumanizePublic

router = APIRouter(tags=["generate"])
HUMANIZE_PATH = "/humanize"
UPLOAD_LIMIT = MAX_UPLOAD_BYTES + 64 * 1024  # the file and the form around it


@router.post(HUMANIZE_PATH, response_model=HumanizePublic,
             responses={413: {"model": ErrorPublic}, 422: {"model": ErrorPublic}})
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
    theirs by `amount`. The file is read by the hardened MIDI reader (untrusted input); the
    result is kept like a generation, to download from `midi_files`."""
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
