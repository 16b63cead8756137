"""What a command gets from its Typer context: the Settings, built once per invocation (the CLI
is a composition root), and a services.Runtime over them, closed when the command ends.

    def command(ctx: typer.Context, …) -> None:
        runtime = cli_runtime(ctx)                 # or cli_settings(ctx) for the settings only
        services.generate(runtime, command, db=runtime.database, out_dir=out)

Settings and services load inside these functions, so `--help` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from ..config import Settings
    from ..services.runtime import Runtime


def _state(ctx: typer.Context) -> dict[str, Any]:
    root = ctx.find_root()
    if not isinstance(root.obj, dict):
        root.obj = {}
    state: dict[str, Any] = root.obj
    return state


def cli_settings(ctx: typer.Context) -> Settings:
    """This invocation's settings (environment, dotenv, configs/*.yaml, defaults)."""
    state = _state(ctx)
    if "settings" not in state:
        from ..config import Settings

        state["settings"] = Settings()
    found: Settings = state["settings"]
    return found


def cli_runtime(ctx: typer.Context, *, database: bool = True) -> Runtime:
    """This invocation's Runtime: over the configured database (opened and migrated now), or
    none with database=False; closed when the command ends."""
    state = _state(ctx)
    if "runtime" not in state:
        from ..services.runtime import Runtime

        state["runtime"] = ctx.find_root().with_resource(
            Runtime.open(cli_settings(ctx), database=database))
    found: Runtime = state["runtime"]
    return found
