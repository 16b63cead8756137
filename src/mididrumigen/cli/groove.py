"""`mididrumigen groove "ARTIST" --out FILE.agr`: the artist's feel as an Ableton groove."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .context import cli_runtime
from .guard import guarded


@guarded
def groove(
    ctx: typer.Context,
    artist: Annotated[str, typer.Argument(help="Artist, band or drummer.")],
    out: Annotated[Path | None, typer.Option(help="File to write (default: <artist>.agr).")] = None,
    genre: Annotated[str | None, typer.Option(help="Genre whose timing model to use.")] = None,
    bars: Annotated[int, typer.Option(help="Groove length in bars (1..4).")] = 1,
    base: Annotated[str | None, typer.Option(help="Grid: 1/8 or 1/16 (default: the swing unit).")] = None,
    gzip: Annotated[bool, typer.Option(help="Write gzip-compressed (Live reads both).")] = False,
) -> None:
    """Export an artist's micro-timing and dynamics as an Ableton groove (.agr).

    Drop the file on any clip in Live (Groove Pool) to give your own parts the artist's feel.
    """
    from rich.console import Console

    from .. import services
    from ..advice import CLI, say
    from ..domain.names import clean_artist_name, slugify

    target = out or Path(f"{slugify(clean_artist_name(artist))}.agr")
    resolved, path = services.export_groove(cli_runtime(ctx, database=False), artist, target,
                                            genre=genre, bars=bars, base=base, gzip=gzip)
    console = Console()
    console.print(say(resolved.note, resolved.advice, CLI), highlight=False)
    p = resolved.profile.params
    console.print(f"wrote {path}  (swing {p.swing_percent:g}% on 1/{p.swing_unit}, "
                  f"confidence {resolved.profile.confidence:.2f})", highlight=False)
