"""`mididrumigen serve` (the REST API) and `mididrumigen worker` (a Celery task worker).

FastAPI, uvicorn and Celery load inside the commands, so `--help` stays light.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .context import cli_settings
from .guard import guarded

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="Run the REST API server or a task worker.")


@app.command("serve")
@guarded
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on; beyond 127.0.0.1 needs "
                                           "MIDIDRUMIGEN_API_KEYS.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    log_level: Annotated[str, typer.Option(help="debug, info, warning, error.")] = "info",
    task_workers: Annotated[int, typer.Option(help="In-process task threads.", min=1,
                                              max=32)] = 2,
    workers: Annotated[int, typer.Option(help="Server processes (one per core is a good start).",
                                         min=1, max=64)] = 1,
) -> None:
    """Serve the REST API (OpenAPI docs at /docs) and the browser UI, with JSON logs on stderr.

    With --workers N, N processes share the port and the database (tasks, history, files);
    rate limits and /metrics are then per process.
    """
    import os

    import uvicorn

    from ..api.app import BIND_HOST_ENV, TASK_WORKERS_ENV, create_app
    from ..api.logs import configure_json_logging

    settings = cli_settings(ctx)
    api = create_app(settings, bind_host=host, task_workers=task_workers)  # checks keys
    configure_json_logging(log_level)
    common: dict[str, object] = {"host": host, "port": port, "log_level": log_level,
                                 "access_log": False, "log_config": None,
                                 "server_header": False}
    if workers == 1:
        uvicorn.run(api, **common)  # type: ignore[arg-type]
        return
    os.environ[BIND_HOST_ENV] = host
    os.environ[TASK_WORKERS_ENV] = str(task_workers)
    uvicorn.run("mididrumigen.api.app:app_from_env", factory=True, workers=workers,
                **common)  # type: ignore[arg-type]


@app.command("worker")
@guarded
def worker(
    ctx: typer.Context,
    concurrency: Annotated[int, typer.Option(help="Tasks run at once.", min=1, max=64)] = 2,
    log_level: Annotated[str, typer.Option(help="debug, info, warning, error.")] = "info",
) -> None:
    """Run tasks from the broker in MIDIDRUMIGEN_BROKER_URL (Celery + Redis)."""
    from ..api.logs import configure_json_logging
    from ..tasks.celery_app import make_celery

    configure_json_logging(log_level)
    celery = make_celery(cli_settings(ctx))
    celery.worker_main(["worker", f"--concurrency={concurrency}", "--pool=threads",
                        f"--loglevel={log_level.upper()}", "--without-gossip", "--without-mingle",
                        "--without-heartbeat", "-Q", "mididrumigen"])


if __name__ == "__main__":
    app()
