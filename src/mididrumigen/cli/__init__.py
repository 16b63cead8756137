"""The `mididrumigen` command line: thin commands over services.py.

Only typer (and rich, when printing) load at start-up; everything else loads inside commands,
so `mididrumigen --help` stays fast. `app` (every command) is built on first use; `main()`
builds only the commands an invocation can reach (cli/app.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import app as _root_module
from .app import main

if TYPE_CHECKING:
    from .app import app
else:
    # importing .app bound the submodule here; `mididrumigen.cli.app` is the Typer app, as it
    # always was, and __getattr__ builds it when first asked for
    del app

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    if name == "app":
        return _root_module.app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
