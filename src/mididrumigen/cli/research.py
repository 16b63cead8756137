"""`mididrumigen research "ARTIST"` and `mididrumigen augment "ARTIST"` (thin over services).

Plain command functions `research` and `augment` (registered at the top level in cli/app.py),
and a Typer `app` holding both for anyone who prefers to mount them as a group.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .context import cli_runtime
from .guard import guarded

ArtistArg = Annotated[str, typer.Argument(help="Artist, band or drummer.")]
SourceDir = Annotated[Path | None, typer.Option(
    "--source-dir", help="A folder (or file) of your own audio and MIDI to analyse.")]
Urls = Annotated[list[str] | None, typer.Option(
    "--url", help="An article to read (repeatable); robots.txt is respected.")]
Online = Annotated[bool | None, typer.Option(
    "--online/--offline", help="Ask MusicBrainz, Wikipedia/Wikidata and paper indexes "
    "(default: the research.online setting, MIDIDRUMIGEN_RESEARCH_ONLINE; off).")]
Save = Annotated[bool, typer.Option(help="Save the profile (a new version) in the database "
                                     "when it is better than the one in use.")]
Force = Annotated[bool, typer.Option(
    "--force", help="Save the new profile even when its confidence is not higher than the "
    "profile in use.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def _run(fn: Any, **kwargs: Any) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("Starting…", total=1.0)
        return fn(progress=lambda step, frac: bar.update(task, description=step, completed=frac),
                  **kwargs)


def _show(result: Any, as_json: bool) -> None:
    if as_json:
        import json

        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1, default=str))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    p = result.profile
    before = (f" (was {result.previous_confidence:.2f})"
              if result.previous_confidence is not None else "")
    console.print(f"[bold]{p.artist_name}[/bold] — {', '.join(p.genres)} ({p.kind}); confidence "
                  f"{p.confidence:.2f}{before} from {p.sources_count} piece(s) of evidence in "
                  f"{result.elapsed_s:.1f} s")
    if result.store_note:
        console.print(("[green]" if result.stored else "[yellow]") + result.store_note
                      + ("[/green]" if result.stored else "[/yellow]"), markup=True)
    if result.ambiguous:
        console.print("[yellow]The name is ambiguous; used the first of:[/yellow]")
        for c in result.ambiguous:
            console.print(f"  {c.get('name')} ({c.get('disambiguation') or c.get('country') or '?'})"
                          f" score {c.get('score')} mbid {c.get('mbid')}")
    table = Table("parameter", "value", "confidence", "evidence")
    for name, value in p.params.to_dict().items():
        conf = result.report.confidence.get(name)
        table.add_row(name, str(value), f"{conf:.2f}" if conf is not None else "default",
                      p.provenance.get(name, "")[:90])
    console.print(table)
    _show_diff(console, result)
    for g in p.signature_grooves:
        console.print(f"[bold]{g.name}[/bold] ({g.time_signature}"
                      + (f", {g.song}" if g.song and g.song not in g.name else "") + ")",
                      markup=True)
        console.print(g.grid, markup=False, highlight=False)
    console.print(p.text_description)
    for note in result.notices:
        console.print(f"[yellow]notice:[/yellow] {note}")
    for f in result.failures:
        console.print(f"[red]{f.collector} {f.kind}:[/red] {f.error}")


def _show_diff(console: Any, result: Any) -> None:
    """What changed against the profile in use, and the evidence that moved each value."""
    from rich.table import Table

    if result.previous_confidence is None:
        return
    if not result.diff:
        console.print("No change against the profile in use.")
        return

    def show(v: Any) -> str:
        return f"{v:g}" if isinstance(v, float) else str(v)

    table = Table("changed", "was", "now", "moved by", title="Changes against the profile in use")
    for c in result.diff:
        table.add_row(c.param, show(c.old)[:40], show(c.new)[:60],
                      "; ".join(c.moved_by)[:90] or "—")
    console.print(table)


@guarded
def research(
    ctx: typer.Context,
    artist: ArtistArg,
    depth: Annotated[str, typer.Option(help="quick or full (adds sections and papers).")] = "quick",
    source_dir: SourceDir = None,
    url: Urls = None,
    online: Online = None,
    save: Save = True,
    force: Force = False,
    as_json: AsJson = False,
) -> None:
    """Research an artist's drum style from the sources you allow and build a profile."""
    from .. import services

    runtime = cli_runtime(ctx, database=save)
    result = _run(services.research_artist, runtime=runtime, artist=artist, depth=depth,
                  source_dir=source_dir, urls=tuple(url or ()), online=online,
                  db=runtime.database, force=force)
    _show(result, as_json)


@guarded
def augment(
    ctx: typer.Context,
    artist: ArtistArg,
    source_dir: SourceDir = None,
    url: Urls = None,
    online: Online = None,
    save: Save = True,
    force: Force = False,
    as_json: AsJson = False,
) -> None:
    """Add sources to what is known about an artist and rebuild the profile; shows what
    changed, and saves a new version when it is better (or with --force)."""
    from .. import services

    runtime = cli_runtime(ctx, database=save)
    result = _run(services.augment_artist, runtime=runtime, artist=artist, source_dir=source_dir,
                  urls=tuple(url or ()), online=online, db=runtime.database, force=force)
    _show(result, as_json)


app = typer.Typer(help="Research artists and augment their profiles.", no_args_is_help=True)
app.command("research")(research)
app.command("augment")(augment)
