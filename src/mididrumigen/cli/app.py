"""The root Typer app and its sub-commands.

`app` is the whole command line. `main()` builds only what the invocation needs: a command of
this module (generate, groove, humanize, version) runs in a root app holding just those, so its
start-up neither imports the other command modules nor builds their options; anything else
(a group, --help, a typo that wants suggestions) runs in `app`.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from .. import __version__
from .generate import generate
from .groove import groove
from .humanize import humanize

if TYPE_CHECKING:
    app: typer.Typer

CORE_COMMANDS = ("generate", "groove", "humanize", "version")


def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def _root() -> typer.Typer:
    """The root app with this module's commands."""
    root = typer.Typer(
        name="mididrumigen",
        help="Drum MIDI in the style of any artist, band or drummer.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    root.command("generate")(generate)
    root.command("groove")(groove)
    root.command("humanize")(humanize)
    return root


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


def _mount(root: typer.Typer, module: str, name: str, help_text: str) -> None:
    """Add a module's commands as a group (`mididrumigen artists list`)."""
    sub = _sub_app(module)
    if sub is not None:
        root.add_typer(sub, name=name, help=help_text)


def _promote(root: typer.Typer, module: str, *names: str) -> None:
    """Add some of a module's commands at the top level (`mididrumigen serve`)."""
    sub = _sub_app(module)
    if sub is not None:
        root.registered_commands.extend(c for c in sub.registered_commands if c.name in names)


def _full() -> typer.Typer:
    """Every command: this module's, the groups and the promoted ones."""
    root = _root()
    _mount(root, "ableton", "ableton", "The Max for Live device: install it into Live's User "
           "Library.")
    _mount(root, "artists", "artists", "Browse the offline artist knowledge base.")
    _mount(root, "corpus", "corpus", "Learn groove statistics from a folder of drum MIDI.")
    _mount(root, "db", "db", "Database maintenance, history and similar artists.")
    _promote(root, "db", "similar", "history")
    _promote(root, "llm", "doctor", "stats")
    _promote(root, "serve", "serve", "worker")
    _promote(root, "research", "research", "augment")
    root.command("version")(version)
    return root


def __getattr__(name: str) -> typer.Typer:
    if name == "app":  # built on first use, then an ordinary module attribute
        full = globals()["app"] = _full()
        return full
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] in CORE_COMMANDS and "app" not in globals():
        root = _root()
        root.command("version")(version)
        root()
    else:
        sys.modules[__name__].app()
