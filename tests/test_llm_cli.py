"""`mididrumigen llm doctor|stats` (the sub-app on its own; the lead mounts it)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from mididrumigen import services
from mididrumigen.call_log import DatabaseCallRecorder
from mididrumigen.cli.llm import app
from mididrumigen.config import Settings
from mididrumigen.llm import CallRecord, JsonlCallRecorder

runner = CliRunner()


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for key in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MIDIDRUMIGEN_LLM_CONFIG", str(tmp_path / "none.yaml"))
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


def test_doctor_reports_keys_and_probes_loopback_only(clean_env: Path, httpserver: HTTPServer,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    httpserver.expect_request("/api/tags").respond_with_json({"models": []})
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")
    monkeypatch.setenv("MIDIDRUMIGEN_LLM_OLLAMA_SMALL_BASE_URL", httpserver.url_for("/").rstrip("/"))
    monkeypatch.setenv("MIDIDRUMIGEN_LLM_OLLAMA_LARGE_BASE_URL", "http://gpu-box.example:11434")
    result = runner.invoke(app, ["doctor", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["provider"]: r for r in json.loads(result.output)["providers"]}
    assert rows["anthropic"]["usable"] and "not called" in rows["anthropic"]["detail"]
    assert not rows["openai"]["configured"]
    assert rows["ollama_small"]["usable"]
    assert not rows["ollama_large"]["usable"] and "not loopback" in rows["ollama_large"]["detail"]
    assert [r[0].path for r in httpserver.log] == ["/api/tags"]  # no other request made
    table = runner.invoke(app, ["doctor"])
    assert table.exit_code == 0 and "fallback order" in table.output


def test_stats_table_per_provider_per_day(clean_env: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Calls a process without a database wrote to the JSON-lines file are moved into the
    database once, then counted by the one SQL aggregation with the calls recorded there."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{clean_env / 'stats.db'}")
    storage = Settings().storage  # what the command will build
    rec = JsonlCallRecorder(storage.llm_calls_file)
    now = datetime.now(UTC)
    for outcome, cost in (("success", "0.004"), ("success", "0.0041"), ("rate_limit", "0")):
        rec.record(CallRecord(now, "anthropic", "claude-sonnet-4-6", outcome, 1000, 100, 800.0,
                              Decimal(cost)))
    rec.record(CallRecord(now, "ollama_small", "llama3.2:3b", "success", 100_000, 10_000, 2000.0,
                          Decimal(0), is_local=True))
    DatabaseCallRecorder(services.open_database(storage.effective_database_url())).record(
        CallRecord(now, "openai", "gpt-9-unknown", "success", 10, 10, 300.0, None))
    result = runner.invoke(app, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    assert not storage.llm_calls_file.exists()  # moved into the database
    data = json.loads(result.output)
    rows = {r["provider"]: r for r in data["days"]}
    assert rows["anthropic"]["requests"] == 3
    assert rows["anthropic"]["success_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert rows["anthropic"]["cost_usd"] == "0.01"  # 0.0081 to the cent
    assert rows["openai"]["unknown_cost_calls"] == 1  # no known price: not counted as $0
    assert (data["local_calls"], data["cloud_calls"]) == (1, 4)
    # the local call's tokens at claude-sonnet-4-6 prices ($3 / $15 per million): $0.45
    assert data["estimated_savings_usd"] == "0.45"
    again = json.loads(runner.invoke(app, ["stats", "--json"]).output)
    assert again == data  # counted once
    table = runner.invoke(app, ["stats"])
    assert "anthropic" in table.output and "ollama_small" in table.output
    assert "(+1 unpriced)" in table.output
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{clean_env / 'empty.db'}")
    assert "No LLM calls" in runner.invoke(app, ["stats"]).output
