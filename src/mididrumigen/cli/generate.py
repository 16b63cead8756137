"""`mididrumigen generate "ARTIST"`: the options become a services.GenerateCommand."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..domain.params import (
    BARS,
    COMPLEXITY,
    FILL_EVERY,
    HUMANIZE_AMOUNT,
    OUTPUT_PPQ,
    SWING,
    TEMPO,
    VARIATIONS,
)
from .context import cli_runtime, cli_settings
from .guard import guarded


def _range(bounds: tuple[float, float]) -> str:
    return f"{bounds[0]:g}..{bounds[1]:g}"


@guarded
def generate(
    ctx: typer.Context,
    artist: Annotated[str, typer.Argument(help="Artist, band or drummer, e.g. \"John Bonham\".")],
    bars: Annotated[int, typer.Option(help=f"Bars per variation ({_range(BARS)}).")] = 4,
    variations: Annotated[int, typer.Option(
        help=f"How many variations ({_range(VARIATIONS)}).")] = 4,
    tempo: Annotated[float | None, typer.Option(
        help=f"BPM ({_range(TEMPO)}); default: the artist's.")] = None,
    time_signature: Annotated[str, typer.Option("--time-signature", "-t",
                                                help="Meter: 4/4 3/4 5/4 7/8 6/8 12/8 …")] = "4/4",
    genre: Annotated[str | None, typer.Option(help="Genre to use (overrides the artist's).")] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed: same seed, same output.")] = None,
    complexity: Annotated[float | None, typer.Option(
        help=f"{_range(COMPLEXITY)}: denser, more syncopated, more ghost notes toward 1; "
             "default: the artist's.")] = None,
    swing: Annotated[float | None, typer.Option(
        metavar="PERCENT", help=f"Swing percent ({_range(SWING)}; 50 straight, 66.7 triplet); "
                                "default: the artist's.")] = None,
    humanize: Annotated[bool, typer.Option(help="Human micro-timing and dynamics.")] = True,
    humanize_amount: Annotated[float, typer.Option(
        help=f"How much of the human feel to play ({_range(HUMANIZE_AMOUNT)}).")] = 1.0,
    fill_every: Annotated[int, typer.Option(
        help=f"Fill every N bars ({_range(FILL_EVERY)}; 0: none).")] = 4,
    structure: Annotated[str | None, typer.Option(
        metavar="SECTIONS",
        help="Song sections, e.g. \"intro:4 verse:8 chorus:8 bridge:4 outro:4\" (kinds: "
             "intro verse pre chorus bridge breakdown solo outro): each variation is one "
             "arrangement, fills into each section; replaces --bars.")] = None,
    count_in: Annotated[bool, typer.Option(
        "--count-in", help="One bar of count-in before the first bar.")] = False,
    out: Annotated[Path, typer.Option(help="Output directory.")] = Path("out"),
    fmt: Annotated[str, typer.Option(
        "--format", help="mid or json (MIDI JSON; --drum-map and --ppq apply to both).")] = "mid",
    provider: Annotated[str, typer.Option(
        help="Generator: template (the offline engine), auto (LLM routing) or a configured LLM "
             "provider (see `mididrumigen doctor`).")] = "template",
    drum_map: Annotated[str | None, typer.Option(
        help="Kit layout: gm, ableton, ezd3, sd3, ad2, bfd3, … or a YAML/JSON map file.")] = None,
    midi_type: Annotated[int, typer.Option(help="MIDI file type 0 or 1.")] = 1,
    ppq: Annotated[int | None, typer.Option(
        help=f"Ticks per quarter note (default 480; {_range(OUTPUT_PPQ)}, a multiple of 4)."
    )] = None,
    split_voices: Annotated[bool, typer.Option(help="One MIDI track per drum voice.")] = False,
    history: Annotated[bool, typer.Option(
        help="Use stored research profiles and record this generation in the database.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only print file paths.")] = False,
) -> None:
    """Generate drum MIDI in an artist's style: one file per variation."""
    from contextlib import nullcontext

    from .. import services
    from ..domain.meter import TimeSignature
    from ..domain.params import GenerationParams
    from ..domain.structure import parse_structure
    from ..errors import StorageError

    command = services.GenerateCommand(
        artist,
        GenerationParams(bars=bars, tempo=tempo, time_signature=TimeSignature.parse(time_signature),
                         variations=variations, seed=seed, humanize=humanize, genre=genre,
                         fill_every=fill_every, complexity=complexity, swing=swing,
                         humanize_amount=humanize_amount,
                         structure=parse_structure(structure) if structure is not None else (),
                         count_in=count_in),
        services.OutputOptions(fmt=fmt, drum_map=drum_map, midi_type=midi_type, ppq=ppq,
                               one_track_per_voice=split_voices),
        provider)
    # With history on, the database opens only when it may hold a profile of the artist; else
    # the generation's row waits in its spool file (no SQLAlchemy: services.spooled_history).
    try:
        spool = services.spooled_history(cli_settings(ctx), artist) if history else None
        runtime = cli_runtime(ctx, database=history and spool is None)
        if quiet:  # only the paths: no spinner, and rich is not even loaded
            spinner: Any = nullcontext()
        else:
            from rich.console import Console

            spinner = Console(stderr=True).status("Resolving artist…")
        with spinner as status:
            result = services.generate(
                runtime, command, out_dir=out, db=runtime.database, history=spool,
                progress=status and (lambda step, frac: status.update(f"{step}… {frac:.0%}")))
    except StorageError as e:
        if not history or "--no-history" in str(e):
            raise
        raise StorageError(f"{e}. To generate without the database (no stored research "
                           "profiles, no history), add --no-history") from e
    if quiet:
        for f in result.files:
            typer.echo(str(f))
        return
    from .show import print_generation

    print_generation(Console(), result)
