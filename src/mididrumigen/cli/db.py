"""`mididrumigen db …`: the database: migrations, history, similar artists.

SQLAlchemy and Alembic load inside the commands only, so `mididrumigen --help` stays fast.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .context import cli_runtime, cli_settings
from .guard import fail, guarded

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


@app.command("prune-files")
@guarded
def prune_files(
    ctx: typer.Context,
    max_age_days: Annotated[float | None, typer.Option(
        help="Remove generations older than this (default: MIDIDRUMIGEN_OUTPUT_MAX_AGE_DAYS; "
             "0: any age is kept).", show_default=False)] = None,
    max_size: Annotated[str | None, typer.Option(
        help="Then remove the oldest until the rest fit, e.g. 500MB, 2GiB (default: "
             "MIDIDRUMIGEN_OUTPUT_MAX_BYTES; 0: no limit).", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option(help="Only say what would be removed.")] = False,
) -> None:
    """Remove the server's old generated files (<output_dir>/api) by age, then by total size."""
    from dataclasses import replace

    from pydantic import ByteSize, TypeAdapter, ValidationError

    from .. import services

    settings = cli_settings(ctx)
    policy = services.retention_policy(settings)
    if max_age_days is not None:
        if max_age_days < 0:
            raise fail(f"--max-age-days must be 0 or more, got {max_age_days:g}")
        policy = replace(policy, max_age_s=max_age_days * 86400 or None)
    if max_size is not None:
        try:
            size = int(TypeAdapter(ByteSize).validate_python(max_size))
        except ValidationError:
            raise fail(f"--max-size must be a size such as 500MB or 2GiB, got {max_size!r}"
                       ) from None
        policy = replace(policy, max_bytes=size or None)
    store = services.generation_store(settings.storage.output_dir)
    report = store.prune(policy, dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    typer.echo(f"{store.root}: {verb} {report.removed} generation(s), "
               f"{report.freed_bytes / 1e6:.1f} MB; {report.kept} kept, "
               f"{report.kept_bytes / 1e6:.1f} MB")
