"""The root Typer app and its sub-commands."""

from __future__ import annotations

import typer

from .. import __version__
from .generate import generate
from .groove import groove

app = typer.Typer(
    name="mididrumigen",
    help="Drum MIDI in the style of any artist, band or drummer.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("generate")(generate)
app.command("groove")(groove)


def _mount(module: str, name: str, help_text: str) -> None:
    """Add a sub-app when its module exists (features land in their own modules)."""
    import importlib

    try:
        sub = importlib.import_module(f"mididrumigen.cli.{module}")
    except ModuleNotFoundError as e:
        if e.name != f"mididrumigen.cli.{module}":
            raise
        return
    app.add_typer(sub.app, name=name, help=help_text)


def _promote(module: str, *names: str) -> None:
    """Add some of a module's sub-app commands at the top level (`mididrumigen serve`)."""
    import importlib

    try:
        sub = importlib.import_module(f"mididrumigen.cli.{module}")
    except ModuleNotFoundError as e:
        if e.name != f"mididrumigen.cli.{module}":
            raise
        return
    for info in sub.app.registered_commands:
        if info.name in names:
            app.registered_commands.append(info)


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
