"""The `mididrumigen` command line: thin commands over services.py.

Only typer (and rich, when printing) load at start-up; everything else loads inside commands,
so `mididrumigen --help` stays fast.
"""

from __future__ import annotations

from .app import app, main

__all__ = ["app", "main"]
