"""`mididrumigen db …`: the database: migrations, history, similar artists.

SQLAlchemy and Alembic load inside the commands only, so `mididrumigen --help` stays fast.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .context import cli_runtime, cli_settings
from .guard import guarded

app = typer.Typer(help="Database maintenance.", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False)

UrlOption = Annotated[str | None, typer.Option(
    "--url", help="Database URL (default: MIDIDRUMIGEN_DATABASE_URL, DATABASE_URL, or the "
    "SQLite file in the data dir).", show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _url(ctx: typer.Context, url: str | None) -> str:
    return url or cli_settings(ctx).storage.effective_database_url()


@app.command("upgrade")
@guarded
def upgrade(ctx: typer.Context, url: UrlOption = None,
            revision: Annotated[str, typer.Option(help="Target revision.")] = "head") -> None:
    """Create the database if needed and apply every migration."""
    from ..storage.engine import current_revision, make_engine, redact
    from ..storage.engine import upgrade as run_upgrade

    engine = make_engine(_url(ctx, url))
    try:
        before = current_revision(engine)
        run_upgrade(engine, revision)
        after = current_revision(engine)
    finally:
        engine.dispose()
    where = redact(str(engine.url))
    if before == after:
        typer.echo(f"{where}: already at revision {after}")
    else:
        typer.echo(f"{where}: upgraded {before or 'empty'} -> {after}")


@app.command("current")
@guarded
def current(ctx: typer.Context, url: UrlOption = None) -> None:
    """Print the database's migration revision and the newest one available."""
    from ..storage.engine import current_revision, head_revision, make_engine, redact

    engine = make_engine(_url(ctx, url))
    try:
        rev = current_revision(engine)
    finally:
        engine.dispose()
    head = head_revision()
    state = "up to date" if rev == head else "run `mididrumigen db upgrade`"
    typer.echo(f"{redact(str(engine.url))}: revision {rev or 'none'} (newest {head}; {state})")


@app.command("similar")
@guarded
def similar(ctx: typer.Context, artist: Annotated[str, typer.Argument(help="Artist, band or drummer.")],
            limit: Annotated[int, typer.Option("--limit", "-n", help="How many (1..100).")] = 10,
            url: UrlOption = None, as_json: JsonOption = False) -> None:
    """Artists whose style is closest (knowledge base and stored profiles)."""
    from .. import services

    engine = services.open_database(_url(ctx, url))
    try:
        found = services.similar(cli_runtime(ctx, database=False), artist, limit, engine)
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps([{"artist": n, "score": round(s, 4)} for n, s in found],
                              ensure_ascii=False))
        return
    for name, score in found:
        typer.echo(f"{score:6.3f}  {name}")


@app.command("history")
@guarded
def history(ctx: typer.Context, limit: Annotated[int, typer.Option("--limit", "-n", help="How many.")] = 20,
            artist: Annotated[str | None, typer.Option(help="Only this artist.")] = None,
            url: UrlOption = None, as_json: JsonOption = False) -> None:
    """The most recent generations, newest first."""
    from .. import services

    engine = services.open_database(_url(ctx, url))
    try:
        entries = services.history(engine, limit, artist)
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps([{"artist": e.artist, "provider": e.provider_used,
                                "time_ms": e.generation_time_ms, "params": e.params,
                                "files": e.output_files, "cost_usd": str(e.cost_usd),
                                "created_at": e.created_at.isoformat()} for e in entries],
                              ensure_ascii=False))
        return
    if not entries:
        typer.echo("no generations recorded yet")
    for e in entries:
        files = f"  {len(e.output_files)} file(s)" if e.output_files else ""
        typer.echo(f"{e.created_at:%Y-%m-%d %H:%M}  {e.artist}  via {e.provider_used}  "
                   f"{e.generation_time_ms:.0f} ms{files}")
