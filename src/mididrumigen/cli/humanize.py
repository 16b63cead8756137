"""`mididrumigen humanize IN.mid --like "ARTIST"`: your own drum clip played in an artist's feel."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .context import cli_runtime
from .guard import guarded


@guarded
def humanize(
    ctx: typer.Context,
    clip: Annotated[Path, typer.Argument(help="Your drum MIDI (.mid): every note is kept.")],
    like: Annotated[str, typer.Option("--like", help="Artist, band or drummer whose feel to "
                                                     "play it with, e.g. \"J Dilla\".")],
    amount: Annotated[float, typer.Option(
        help="How far toward the artist's timing and dynamics (0..1).")] = 1.0,
    out: Annotated[Path | None, typer.Option(
        help="File to write (default: <clip>_like_<artist>.mid beside the clip).")] = None,
    ghosts: Annotated[bool, typer.Option(
        "--ghosts", help="Also add the artist's ghost notes (the only notes added).")] = False,
    genre: Annotated[str | None, typer.Option(
        help="Genre whose feel model to use (default: the artist's).")] = None,
    seed: Annotated[int | None, typer.Option(help="Same seed, same result.")] = None,
) -> None:
    """Play your own drum clip like an artist: timing, swing and dynamics move toward theirs
    (by --amount), your notes stay. Reads untrusted files safely."""
    from rich.console import Console

    from .. import services
    from ..advice import CLI, say
    from ..domain.names import slugify
    from ..midi.writer import write_midi

    if not clip.is_file():
        from ..errors import UserInputError

        raise UserInputError(f"no MIDI file at {clip}", field="clip")
    runtime = cli_runtime(ctx)
    result = services.humanize_midi(runtime, clip, like, amount=amount, ghosts=ghosts,
                                    genre=genre, seed=seed, db=runtime.database)
    target = out or clip.with_name(f"{clip.stem}_like_{slugify(result.profile.artist_name)}.mid")
    write_midi(result.pattern, target)
    console = Console()
    console.print(say(result.resolution_note, result.advice, CLI), highlight=False)
    console.print(f"wrote {target}  ({len(result.pattern.notes)} notes, like "
                  f"{result.profile.artist_name} at {result.amount:.0%}, seed {result.seed})",
                  highlight=False)
