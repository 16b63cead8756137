"""The root Typer app and its sub-commands."""

from __future__ import annotations

import typer

from .. import __version__
from .generate import generate
from .groove import groove
from .humanize import humanize

app = typer.Typer(
    name="mididrumigen",
    help="Drum MIDI in the style of any artist, band or drummer.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("generate")(generate)
app.command("groove")(groove)
app.command("humanize")(humanize)


def _sub_app(module: str) -> typer.Typer | None:
    """The Typer app of mididrumigen.cli.<module>, or None when that feature is not installed."""
    import importlib

    try:
        sub = importlib.import_module(f"mididrumigen.cli.{module}")
    except ModuleNotFoundError as e:
        if e.name != f"mididrumigen.cli.{module}":
            raise
        return None
    found: typer.Typer = sub.app
    return found


def _mount(module: str, name: str, help_text: str) -> None:
    """Add a module's commands as a group (`mididrumigen artists list`)."""
    sub = _sub_app(module)
    if sub is not None:
        app.add_typer(sub, name=name, help=help_text)


def _promote(module: str, *names: str) -> None:
    """Add some of a module's commands at the top level (`mididrumigen serve`)."""
    sub = _sub_app(module)
    if sub is not None:
        app.registered_commands.extend(c for c in sub.registered_commands if c.name in names)


_mount("ableton", "ableton", "The Max for Live device: install it into Live's User Library.")
_mount("artists", "artists", "Browse the offline artist knowledge base.")
_mount("corpus", "corpus", "Learn groove statistics from a folder of drum MIDI.")
_mount("db", "db", "Database maintenance, history and similar artists.")
_promote("db", "similar", "history")
_promote("llm", "doctor", "stats")
_promote("serve", "serve", "worker")
_promote("research", "research", "augment")


@app.command("version")
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    app()
