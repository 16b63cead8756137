"""`mididrumigen db …`: database maintenance. SQLAlchemy loads inside the commands only."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

UrlOption = Annotated[str | None, typer.Option(
    "--url", help="Database URL (default: MIDIDRUMIGEN_DATABASE_URL, DATABASE_URL, or the "
    "SQLite file in the data dir).", show_default=False)]


def _url(url: str | None) -> str:
    if url:
        return url
    try:
        from ..config import get_settings
    except ImportError:  # pragma: no cover - settings are part of the package
        from ..storage.engine import default_database_url

        return default_database_url()
    return get_settings().effective_database_url()


def _fail(error: Exception) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(1)


@app.command("upgrade")
def upgrade(url: UrlOption = None,
            revision: Annotated[str, typer.Option(help="Target revision.")] = "head") -> None:
    """Create the database if needed and apply every migration."""
    from ..errors import StorageError
    from ..storage.engine import current_revision, make_engine, redact
    from ..storage.engine import upgrade as run_upgrade

    target = _url(url)
    engine = make_engine(target)
    try:
        before = current_revision(engine)
        run_upgrade(engine, revision)
        after = current_revision(engine)
    except StorageError as e:
        _fail(e)
        return
    finally:
        engine.dispose()
    where = redact(str(engine.url))
    if before == after:
        typer.echo(f"{where}: already at revision {after}")
    else:
        typer.echo(f"{where}: upgraded {before or 'empty'} -> {after}")


@app.command("current")
def current(url: UrlOption = None) -> None:
    """Print the database's migration revision and the newest one available."""
    from ..errors import StorageError
    from ..storage.engine import current_revision, head_revision, make_engine, redact

    engine = make_engine(_url(url))
    try:
        rev = current_revision(engine)
    except StorageError as e:
        _fail(e)
        return
    finally:
        engine.dispose()
    head = head_revision()
    state = "up to date" if rev == head else "run `mididrumigen db upgrade`"
    typer.echo(f"{redact(str(engine.url))}: revision {rev or 'none'} (newest {head}; {state})")
