"""`mididrumigen corpus import PATH`: learn groove statistics from a folder of drum MIDI."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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
        help="Genre of every file (default: from info.csv or the file names).")] = None,
    artist: Annotated[str | None, typer.Option(
        help="Store one per-artist model (genre key artist_<name>) from all files.")] = None,
    out: Annotated[Path | None, typer.Option(
        help="Model file to merge into (default: genre_models.json in the user data dir).")]
        = None,
) -> None:
    """Import drum MIDI, print a summary, and merge the models into the model file."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.table import Table

    from ..knowledge.corpus import (
        SUMMARY_COLUMNS,
        import_corpus,
        save_models,
        summary_rows,
        user_models_path,
    )

    console = Console()
    with Progress(TextColumn("reading MIDI"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("read", total=None)
        result = import_corpus(path, genre=genre, artist=artist,
                               progress=lambda done, total: bar.update(task, completed=done,
                                                                       total=total))
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
    if not result.models:
        console.print("[red]no model learned[/]: no file gave a usable groove bar")
        raise typer.Exit(1)
    from .context import cli_settings

    target = save_models(result.models, out or user_models_path(cli_settings(ctx).storage.data_dir),
                         merge=True)
    console.print(f"{len(result.models)} model(s) saved to {target}")
