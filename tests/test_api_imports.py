"""The serve/worker commands load FastAPI, uvicorn, SQLAlchemy and Celery only when they run."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from mididrumigen.cli.serve import app


def test_importing_the_commands_loads_no_server_stack() -> None:
    code = ("import sys, mididrumigen.cli.serve, mididrumigen.api, mididrumigen.tasks; "
            "heavy = [m for m in ('fastapi', 'uvicorn', 'sqlalchemy', 'celery', 'redis', "
            "'prometheus_client') if m in sys.modules]; print(heavy); assert not heavy")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_serve_and_worker_help() -> None:
    runner = CliRunner()
    serve = runner.invoke(app, ["serve", "--help"])
    assert serve.exit_code == 0 and "--port" in serve.output and "--host" in serve.output
    worker = runner.invoke(app, ["worker", "--help"])
    assert worker.exit_code == 0 and "--concurrency" in worker.output


def test_serve_refuses_a_public_bind_without_keys() -> None:
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "1"],
                                env={"MIDIDRUMIGEN_API_KEYS": ""})
    assert result.exit_code == 2 and "MIDIDRUMIGEN_API_KEYS" in result.output
