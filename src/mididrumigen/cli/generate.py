"""`mididrumigen generate "ARTIST"`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .guard import guarded


@guarded
def generate(
    artist: Annotated[str, typer.Argument(help="Artist, band or drummer, e.g. \"John Bonham\".")],
    bars: Annotated[int, typer.Option(help="Bars per variation (1..16).")] = 4,
    variations: Annotated[int, typer.Option(help="How many variations (1..8).")] = 4,
    tempo: Annotated[float | None, typer.Option(help="BPM (40..300); default: the artist's.")] = None,
    time_signature: Annotated[str, typer.Option("--time-signature", "-t",
                                                help="Meter: 4/4 3/4 5/4 7/8 6/8 12/8 …")] = "4/4",
    genre: Annotated[str | None, typer.Option(help="Genre to use (overrides the artist's).")] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed: same seed, same output.")] = None,
    out: Annotated[Path, typer.Option(help="Output directory.")] = Path("out"),
    fmt: Annotated[str, typer.Option("--format", help="mid or json.")] = "mid",
    provider: Annotated[str, typer.Option(help="Generator: template (offline engine).")] = "template",
    fill_every: Annotated[int, typer.Option(help="Fill every N bars (0: none).")] = 4,
    humanize: Annotated[bool, typer.Option(help="Human micro-timing and dynamics.")] = True,
    drum_map: Annotated[str | None, typer.Option(
        help="Kit layout: gm, ableton, ezd3, sd3, ad2, bfd3, … or a YAML/JSON map file.")] = None,
    midi_type: Annotated[int, typer.Option(help="MIDI file type 0 or 1.")] = 1,
    ppq: Annotated[int | None, typer.Option(help="Ticks per quarter note (default 480).")] = None,
    split_voices: Annotated[bool, typer.Option(help="One MIDI track per drum voice.")] = False,
    history: Annotated[bool, typer.Option(
        help="Use stored research profiles and record this generation in the database.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only print file paths.")] = False,
) -> None:
    """Generate drum MIDI in an artist's style: one file per variation."""
    from rich.console import Console

    from .. import services
    from ..domain.meter import TimeSignature
    from ..domain.params import GenerationParams
    from .show import print_generation

    console = Console(stderr=True, quiet=quiet)
    params = GenerationParams(bars=bars, tempo=tempo,
                              time_signature=TimeSignature.parse(time_signature),
                              variations=variations, seed=seed, humanize=humanize, genre=genre,
                              fill_every=fill_every)
    output = services.OutputOptions(fmt=fmt, drum_map=drum_map, midi_type=midi_type, ppq=ppq,
                                    one_track_per_voice=split_voices)
    with console.status("Resolving artist…") as status:
        result = services.generate(
            artist, params, out_dir=out, output=output, provider=provider,
            db=services.open_database() if history else None,
            progress=lambda step, frac: status.update(f"{step}… {frac:.0%}"))
    if quiet:
        for f in result.files:
            typer.echo(str(f))
        return
    print_generation(Console(), result)
