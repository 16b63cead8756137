"""`mididrumigen ableton …`: the Max for Live device, into Live's User Library.

Standard library and Typer only, so `--help` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .guard import guarded

app = typer.Typer(help="The Max for Live device: install it into Live's User Library.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@app.command("install")
@guarded
def install(
    dest: Annotated[Path | None, typer.Option(
        "--dest", help="Folder to copy the device into. Default: the User Library's Max MIDI "
                       "Effect folder (macOS: ~/Music/Ableton/User Library/Presets/MIDI Effects/"
                       "Max MIDI Effect; Windows: %USERPROFILE%\\Documents\\Ableton\\User Library\\"
                       "Presets\\MIDI Effects\\Max MIDI Effect). Required on Linux.")] = None,
    unfrozen: Annotated[bool, typer.Option(
        "--unfrozen", help="Copy the unfrozen device with its scripts, as a MidiDrumiGen folder "
                           "(to edit it in Max).")] = False,
) -> None:
    """Copy the MidiDrumiGen device (Live 11 and 12, Max for Live) into Live's User Library.

    Then drag it from Live's browser onto a MIDI track, in front of a Drum Rack.

    The device asks the API for grooves: keep `mididrumigen serve` running.
    """
    from ..ableton_device import install as copy_device

    done = copy_device(dest, unfrozen=unfrozen)
    for path in done.written:
        typer.echo(f"wrote {path}")
    for path in done.unchanged:
        typer.echo(f"unchanged {path}")
    typer.echo(f"\nIn Live, find {done.device.name} in the browser under User Library (it is in "
               f"{done.folder}) and drag it onto a MIDI track in front of a Drum Rack. "
               "Keep the API running: mididrumigen serve")


@app.command("path")
def path(
    unfrozen: Annotated[bool, typer.Option("--unfrozen", help="The unfrozen device's folder.")] = False,
) -> None:
    """Print where the installed package keeps the device (to copy or drag it yourself)."""
    from ..ableton_device import frozen_device, unfrozen_files

    typer.echo(str(unfrozen_files()[0].parent if unfrozen else frozen_device()))
