"""`mididrumigen corpus import PATH`: learn groove statistics from a folder of drum MIDI."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .context import cli_runtime, cli_settings
from .guard import guarded

app = typer.Typer(
    help="Learn genre (or per-artist) groove statistics from a folder of drum MIDI.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _corpus() -> None:
    """Learn genre (or per-artist) groove statistics from a folder of drum MIDI."""


@app.command("import")
@guarded
def import_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(
        help="A folder of .mid files (Groove MIDI Dataset layout with info.csv, or any folder)"
             " or one .mid file.")],
    genre: Annotated[str | None, typer.Option(
        help="The genre these files play: a shipped one (funk) to play your grooves for it, or "
             "a new name (mybeats) to make a genre of them. With --artist: the genre of an "
             "artist not known yet. Default: from info.csv or the file names.")] = None,
    artist: Annotated[str | None, typer.Option(
        help="Whose playing this is: their profile is rebuilt from the files (signature "
             "grooves, swing, timing, dynamics) and stored, and their model is the genre "
             "artist_<name>.")] = None,
    out: Annotated[Path | None, typer.Option(
        help="Model file to merge into (default: genre_models.json in the user data dir, "
             "which generate, the API and the UI read).")] = None,
) -> None:
    """Import drum MIDI: print what was learned, and make it a genre or an artist that
    generate, the API, the browser UI and the device play."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.table import Table

    from .. import services
    from ..knowledge.corpus import SUMMARY_COLUMNS, summary_rows

    console = Console()
    runtime = cli_runtime(ctx, database=bool(artist))
    with Progress(TextColumn("reading MIDI"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("read", total=None)
        done = services.import_corpus(
            runtime, path, genre=genre, artist=artist, out=out, db=runtime.database,
            progress=lambda n, total: bar.update(task, completed=n, total=total))
    result = done.learned
    table = Table(title=f"Models learned from {path}")
    for col in SUMMARY_COLUMNS:
        table.add_column(col)
    for row in summary_rows(result):
        table.add_row(*row)
    console.print(table)
    for s in result.skipped[:20]:
        console.print(f"[yellow]skipped[/] {s.path}: {s.reason}")
    if len(result.skipped) > 20:
        console.print(f"[yellow]… and {len(result.skipped) - 20} more skipped[/]")
    console.print(f"{result.files_read} files read, {len(result.skipped)} skipped, "
                  f"{result.bars_learned} bars learned")
    if done.models_file is None:
        console.print("[red]no model learned[/]: no file gave a usable groove bar")
        raise typer.Exit(1)
    console.print(f"{len(result.models)} model(s) saved to {done.models_file}", highlight=False)
    if out is None:
        keys = ", ".join(done.genres)
        console.print(f"genre {keys} now plays these grooves: mididrumigen generate ARTIST "
                      f"--genre {done.genres[0]} (the API's and the UI's genre lists have it "
                      f"too)", highlight=False)
    if done.artist_profile is not None:
        p = done.artist_profile.profile
        console.print(f"{p.artist_name}: stored profile version {done.artist_profile.version} "
                      f"with {len(p.signature_grooves)} signature groove(s) from these files "
                      f"(confidence {p.confidence:.2f}): mididrumigen generate "
                      f"\"{p.artist_name}\"", highlight=False)


@app.command("list")
@guarded
def list_(ctx: typer.Context, models: Annotated[Path | None, typer.Option(
        "--file", help="Model file (default: the user's).")] = None) -> None:
    """The genres you imported, with their meters and how many bars they learned from."""
    from ..knowledge.corpus import load_models, user_models_path

    found = load_models(models or user_models_path(cli_settings(ctx).storage.data_dir))
    if not found:
        typer.echo("no imported genres yet: mididrumigen corpus import PATH --genre NAME")
        return
    for key, m in sorted(found.items()):
        typer.echo(f"{key}\t{m.bars_learned} bars\t{m.source}")


@app.command("remove")
@guarded
def remove(
    ctx: typer.Context,
    genre: Annotated[str, typer.Argument(help="An imported genre key (see corpus list).")],
    models: Annotated[Path | None, typer.Option(
        "--file", help="Model file (default: the user's).")] = None,
) -> None:
    """Forget an imported genre (every meter): the shipped model plays it again."""
    from ..errors import NotFoundError
    from ..knowledge.corpus import load_models, save_models, user_models_path

    target = models or user_models_path(cli_settings(ctx).storage.data_dir)
    found = load_models(target)
    kept = [m for m in found.values() if m.genre != genre]
    if len(kept) == len(found):
        raise NotFoundError(f"no imported genre {genre!r} in {target}", field="genre")
    save_models(kept, target)
    typer.echo(f"removed {len(found) - len(kept)} model(s) of {genre} from {target}")
